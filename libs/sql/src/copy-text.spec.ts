import { describe, expect, it } from '@jest/globals';
import { copyEscape, copyText, copyValue } from './copy-text.js';

describe('COPY text', () => {
  it('escapes backslash, tab, newline and carriage return, and leaves the rest as it is', () => {
    expect(copyEscape('plain ü "text"')).toBe('plain ü "text"');
    expect(copyEscape('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes each value for the type of its column', () => {
    expect(copyValue(null, 'text')).toBe('\\N');
    expect(copyValue(undefined, 'jsonb')).toBe('\\N');
    expect(copyValue(9007199254740993n, 'bigint')).toBe('9007199254740993');
    expect(copyValue(42, 'int')).toBe('42');
    expect(copyValue(false, 'boolean')).toBe('f');
    expect(copyValue('2022-09-19', 'date')).toBe('2022-09-19');
    expect(copyValue(new Date('2022-09-19T02:30:00Z'), 'timestamptz')).toBe('2022-09-19T02:30:00.000Z');
    expect(copyValue({ a: 'x\ny', b: '\\' }, 'jsonb')).toBe('{"a":"x\\\\ny","b":"\\\\\\\\"}');
    expect(copyValue(['a', 'b "c"', 'd\\e', null], 'text[]')).toBe('{"a","b \\\\"c\\\\"","d\\\\\\\\e",NULL}');
    expect(copyValue([], 'text[]')).toBe('{}');
  });

  it('refuses a value its column cannot take rather than write something else', () => {
    expect(() => copyValue(1.5, 'bigint')).toThrow(TypeError);
    expect(() => copyValue('7', 'int')).toThrow(TypeError);
    expect(() => copyValue(1, 'text')).toThrow(TypeError);
    expect(() => copyValue('yes', 'boolean')).toThrow(TypeError);
    expect(() => copyValue('a', 'text[]')).toThrow(TypeError);
  });

  it('writes rows in the order of the columns, with a field for what a row lacks', () => {
    const columns = [
      ['key', 'text'],
      ['count', 'bigint'],
      ['note', 'text'],
    ] as const;
    expect(copyText(columns, [{ key: 'a', count: 1, note: 'n' }, { key: 'b' }])).toBe(
      'a\t1\tn\nb\t\\N\t\\N\n',
    );
    expect(copyText(columns, [{ key: 'b' }], (column) => (column === 'count' ? '0' : '\\N'))).toBe(
      'b\t0\t\\N\n',
    );
    expect(copyText(columns, [])).toBe('');
  });
});
