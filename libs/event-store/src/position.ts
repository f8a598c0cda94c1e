/**
 * Checkpoints leave the process as decimal strings: positions may exceed 2^53, so neither a
 * JSON number nor Number() keeps them exact.
 */
export function formatPosition(position: bigint): string {
  if (position < 0n) throw new RangeError(`a position is never negative, got ${position}`);
  return position.toString();
}

export function parsePosition(text: string): bigint {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) throw new TypeError(`not a position: "${text}"`);
  return BigInt(text);
}
