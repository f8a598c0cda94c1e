/**
 * Rows in the text format of PostgreSQL's COPY: one line per row, columns separated by tabs, `\N` for NULL, and
 * backslash, tab, newline and carriage return escaped with a backslash. Each value is written for the type of its
 * column, so that the server reads it with that type's input function.
 */

/** The column types a row may be written for. */
export type CopyType =
  'text' | 'int' | 'bigint' | 'boolean' | 'date' | 'timestamptz' | 'json' | 'jsonb' | 'text[]';

const NULL = '\\N';
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Text as a COPY field. */
export function copyEscape(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => ESCAPES[c] as string) : text;
}

/** An element of an array literal: quoted, with its quotes and backslashes escaped. */
const arrayElement = (element: unknown): string =>
  element === null || element === undefined ? 'NULL' : `"${String(element).replace(/["\\]/g, '\\$&')}"`;

/** One value as a COPY field for a column of `type`; null and undefined are NULL. */
export function copyValue(value: unknown, type: CopyType): string {
  if (value === null || value === undefined) return NULL;
  switch (type) {
    case 'int':
    case 'bigint':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))
        return String(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value ? 't' : 'f';
      break;
    case 'text':
    case 'date':
    case 'timestamptz':
      if (typeof value === 'string') return copyEscape(value);
      if (value instanceof Date && type !== 'text') return value.toISOString();
      break;
    case 'json':
    case 'jsonb':
      return copyEscape(JSON.stringify(value));
    case 'text[]':
      if (Array.isArray(value)) return copyEscape(`{${value.map(arrayElement).join(',')}}`);
      break;
  }
  throw new TypeError(`COPY: ${typeof value} ${String(value)} cannot go into a ${type} column`);
}

type Encoder = (value: unknown) => string;

/** Per column list, one encoder per column: a rebuild writes millions of rows through the same few lists. */
const encoders = new WeakMap<readonly (readonly [string, CopyType])[], readonly Encoder[]>();

function encoderFor(type: CopyType): Encoder {
  // Text is most of what is written: straight to the escape, past the switch.
  if (type === 'text')
    return (value) => (typeof value === 'string' ? copyEscape(value) : copyValue(value, type));
  return (value) => copyValue(value, type);
}

/**
 * The COPY text of `rows`, each an object keyed by column name, for `columns` in their order. A column a row
 * lacks takes `missing(column)`'s field (default NULL).
 */
export function copyText(
  columns: readonly (readonly [name: string, type: CopyType])[],
  rows: Iterable<Readonly<Record<string, unknown>>>,
  missing: (column: string) => string = () => NULL,
): string {
  let encode = encoders.get(columns);
  if (!encode) {
    encode = columns.map(([, type]) => encoderFor(type));
    encoders.set(columns, encode);
  }
  const names = columns.map(([name]) => name);
  const absent = names.map(missing);
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < names.length; i++) {
      const value = row[names[i] as string];
      const field = value === undefined ? (absent[i] as string) : (encode[i] as Encoder)(value);
      text += i === 0 ? field : `\t${field}`;
    }
    text += '\n';
  }
  return text;
}
