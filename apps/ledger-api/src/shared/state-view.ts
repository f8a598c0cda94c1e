/** Aggregate states hold Maps and Sets for their rules; clients get plain JSON. */
export function toJsonView(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonView(v)]));
  if (value instanceof Set) return [...value].map(toJsonView);
  if (Array.isArray(value)) return value.map(toJsonView);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonView(v)]));
  }
  return value;
}
