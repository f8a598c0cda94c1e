/**
 * Canonical JSON for hashing, in the manner of RFC 8785 (JSON Canonicalization Scheme, JCS):
 *
 * - objects: members sorted by their names compared as arrays of UTF-16 code units (not by locale, not by
 *   code point), written as `{"name":value,...}` with no whitespace; members whose value is `undefined` are
 *   left out, as `JSON.stringify` does;
 * - arrays: elements in their order, `[a,b,...]`; an `undefined` element (or a hole) is an error, because
 *   `JSON.stringify` would silently turn it into `null`;
 * - numbers: the ECMAScript shortest round-trip form (`Number.prototype.toString`): `4.5`, `1e+30`, `1e-27`,
 *   `333333333.3333333`; `-0` becomes `0`; `NaN` and the infinities are errors;
 * - strings: escaped as `JSON.stringify` does (`\"`, `\\`, `\b \f \n \r \t`, other controls as lowercase `\u00xx`,
 *   everything else literal); a string with a lone surrogate is an error (RFC 8785 requires I-JSON, RFC 7493);
 * - `null`, `true`, `false` as themselves;
 * - the text is encoded as UTF-8 before it is hashed.
 *
 * Only plain JSON data is accepted: `bigint` (the caller turns positions into strings), functions, symbols,
 * `Date`, `Map` and other class instances are errors, so that what is hashed is exactly what a reader of the
 * stored JSON hashes again.
 */

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [name: string]: JsonValue };

/** The canonical JSON text of `value`; throws a `TypeError` naming the path of the first value it cannot take. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('canonical JSON: $ is undefined');
  // Verifying a log canonicalises every event: a lean pass first; the careful pass below, which tracks paths and
  // cycles, runs only to name what the lean pass refused.
  const fast = writeFast(value, 0);
  return fast ?? write(value, '$', new Set());
}

/** Deeper than this is refused by the lean pass (a cycle, or nesting no ledger event has). */
const MAX_FAST_DEPTH = 64;
/** Object member names recur in every event of a type: their quoted form is worth keeping. */
const quotedNames = new Map<string, string>();

/** The canonical text, or undefined when `value` holds anything the careful pass must judge. */
function writeFast(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? JSON.stringify(value) : undefined;
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_FAST_DEPTH) return undefined;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const element = value[i] === undefined ? undefined : writeFast(value[i], depth + 1);
          if (element === undefined) return undefined;
          out += i === 0 ? element : `,${element}`;
        }
        return `${out}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return undefined;
      const record = value as Record<string, unknown>;
      const names = Object.keys(record);
      if (!isSorted(names)) names.sort();
      let out = '{';
      let first = true;
      for (const name of names) {
        const member = record[name];
        if (member === undefined) continue;
        const text = writeFast(member, depth + 1);
        if (text === undefined) return undefined;
        let quoted = quotedNames.get(name);
        if (quoted === undefined) {
          if (!name.isWellFormed()) return undefined;
          quoted = JSON.stringify(name);
          if (quotedNames.size < 10_000) quotedNames.set(name, quoted);
        }
        out += first ? `${quoted}:${text}` : `,${quoted}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

function isSorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if ((names[i - 1] as string) > (names[i] as string)) return false;
  return true;
}

/** The UTF-8 bytes of the canonical JSON text of `value`: what is hashed. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonical JSON: ${path} is ${value}, not a finite number`);
      // ECMAScript Number::toString is the number form RFC 8785 prescribes; it writes -0 as "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (ancestors.has(value)) throw new TypeError(`canonical JSON: ${path} refers back to itself`);
      ancestors.add(value);
      try {
        return Array.isArray(value)
          ? writeArray(value, path, ancestors)
          : writeObject(value, path, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      throw new TypeError(`canonical JSON: ${path} is a ${typeof value}, not a JSON value`);
  }
}

function writeString(value: string, path: string): string {
  if (!value.isWellFormed()) throw new TypeError(`canonical JSON: ${path} has a lone surrogate`);
  return JSON.stringify(value);
}

function writeArray(value: readonly unknown[], path: string, ancestors: Set<object>): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const element = value[i];
    if (element === undefined) throw new TypeError(`canonical JSON: ${path}[${i}] is undefined`);
    parts.push(write(element, `${path}[${i}]`, ancestors));
  }
  return `[${parts.join(',')}]`;
}

function writeObject(value: object, path: string, ancestors: Set<object>): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new TypeError(`canonical JSON: ${path} is a ${kind}, not a plain object`);
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, which is the order RFC 8785 requires.
  const names = Object.keys(record).sort();
  const parts: string[] = [];
  for (const name of names) {
    const member = record[name];
    if (member === undefined) continue;
    const memberPath = `${path}[${JSON.stringify(name)}]`;
    parts.push(`${writeString(name, memberPath)}:${write(member, memberPath, ancestors)}`);
  }
  return `{${parts.join(',')}}`;
}
