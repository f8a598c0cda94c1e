/** A JSON.stringify replacer: bigints (positions, counts) as decimal text, which JSON cannot hold as numbers. */
export const bigintAsText = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;
