const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Identifiers cannot be bound as parameters, so names are checked before they are quoted. */
export function quoteIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) throw new TypeError(`${what} must match ${IDENTIFIER.source}, got "${name}"`);
  return `"${name}"`;
}
