import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.js';

/**
 * Input text and expected canonical UTF-8 bytes (hex) from the JCS reference test data of RFC 8785's author:
 * github.com/cyberphone/json-canonicalization, testdata/input/*.json and testdata/outhex/*.txt.
 */
const JCS_VECTORS: Record<string, { input: string; outhex: string }> = {
  arrays: {
    input: String.raw`[
  56,
  {
    "d": true,
    "10": null,
    "1": [ ]
  }
]`,
    outhex: '5b35362c7b2231223a5b5d2c223130223a6e756c6c2c2264223a747275657d5d',
  },
  french: {
    input: String.raw`{
  "peach": "This sorting order",
  "péché": "is wrong according to French",
  "pêche": "but canonicalization MUST",
  "sin":   "ignore locale"
}`,
    outhex:
      '7b227065616368223a225468697320736f7274696e67206f72646572222c2270c3a96368c3a9223a2269732077726f6e' +
      '67206163636f7264696e6720746f204672656e6368222c2270c3aa636865223a226275742063616e6f6e6963616c697a' +
      '6174696f6e204d555354222c2273696e223a2269676e6f7265206c6f63616c65227d',
  },
  structures: {
    input: String.raw`{
  "1": {"f": {"f": "hi","F": 5} ,"\n": 56.0},
  "10": { },
  "": "empty",
  "a": { },
  "111": [ {"e": "yes","E": "no" } ],
  "A": { }
}`,
    outhex:
      '7b22223a22656d707479222c2231223a7b225c6e223a35362c2266223a7b2246223a352c2266223a226869227d7d2c22' +
      '3130223a7b7d2c22313131223a5b7b2245223a226e6f222c2265223a22796573227d5d2c2241223a7b7d2c2261223a7b' +
      '7d7d',
  },
  unicode: {
    input: String.raw`{
  "Unnormalized Unicode":"A\u030a"
}`,
    outhex: '7b22556e6e6f726d616c697a656420556e69636f6465223a2241cc8a227d',
  },
  values: {
    input: String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
    outhex:
      '7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b33333333333333' +
      '33332e333333333333332c31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac24' +
      '5c75303030665c6e4127425c225c5c5c5c5c222f227d',
  },
  weird: {
    input: String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\u000a": "Newline",
  "1": "One",
  "\u0080": "Control\u007f",
  "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "</script>": "Browser Challenge"
}`,
    outhex:
      '7b225c6e223a224e65776c696e65222c225c72223a2243617272696167652052657475726e222c2231223a224f6e6522' +
      '2c223c2f7363726970743e223a2242726f77736572204368616c6c656e6765222c22c280223a22436f6e74726f6c7f22' +
      '2c22c3b6223a224c6174696e20536d616c6c204c6574746572204f205769746820446961657265736973222c22e282ac' +
      '223a224575726f205369676e222c22f09f9882223a22536d696c6579222c22efacb3223a22486562726577204c657474' +
      '65722044616c6574205769746820446167657368227d',
  },
};

/** The same JSON value with every object's members inserted in another order. */
function reorder(value: unknown, pick: () => number): unknown {
  if (Array.isArray(value)) return value.map((element) => reorder(element, pick));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([name, member]) => [name, reorder(member, pick)] as const);
  const shuffled: (readonly [string, unknown])[] = [];
  while (entries.length > 0) shuffled.push(...entries.splice(pick() % entries.length, 1));
  return Object.fromEntries(shuffled);
}

/** JSON cannot tell -0 from 0; neither can its canonical form. */
const withoutNegativeZero = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const jsonValues = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });

describe('canonical JSON', () => {
  it.each(Object.entries(JCS_VECTORS))(
    'given the JCS test input %s, gives the published bytes',
    (_, vector) => {
      expect(canonicalJsonBytes(JSON.parse(vector.input)).toString('hex')).toBe(vector.outhex);
    },
  );

  it('writes the numbers of RFC 8785 in their ECMAScript shortest form', () => {
    // Parsed from text: 333333333.33333329 has more digits than a double keeps.
    const numbers = JSON.parse('[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]');
    expect(canonicalJson(numbers)).toBe('[333333333.3333333,1e+30,4.5,0.002,1e-27]');
    expect(canonicalJson([0, -0, 1e21, 1e-7, 123456789012345680000, 5e-324, -1.5])).toBe(
      '[0,0,1e+21,1e-7,123456789012345680000,5e-324,-1.5]',
    );
  });

  it('sorts member names by UTF-16 code units, not by code points or locale', () => {
    // U+1F602 is stored as the surrogates D83D DE02, which sort before U+FB33 though the code point is larger.
    expect(
      canonicalJson({ '\ufb33': 1, '\u{1f602}': 2, '\u00e9': 3, z: 4, Z: 5, '10': 6, '9': 7, '': 8 }),
    ).toBe('{"":8,"10":6,"9":7,"Z":5,"z":4,"\u00e9":3,"\u{1f602}":2,"\ufb33":1}');
  });

  it('leaves out object members that are undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('"\\\b\f\n\r\t\u0000\u001f\u007f\u2028/€')).toBe(
      '"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028/€"',
    );
  });

  it.each([
    ['NaN', NaN],
    ['an infinity', [1, -Infinity]],
    ['a bigint', { position: 12n }],
    ['undefined in an array', [1, undefined]],
    ['a hole in an array', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['undefined at the top', undefined],
    ['a function', { f: () => 1 }],
    ['a symbol', Symbol('s')],
    ['a Date', { at: new Date(0) }],
    ['a Map', new Map()],
    ['a lone surrogate in a string', '\ud800'],
    ['a lone surrogate in a member name', { '\udc00': 1 }],
  ])('rejects %s', (_, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('rejects a value that contains itself, and names the path', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(() => canonicalJson(cyclic)).toThrow('$["a"][1] refers back to itself');
    expect(() => canonicalJson({ data: { amounts: [1, NaN] } })).toThrow('$["data"]["amounts"][1]');
  });

  it('accepts the same object twice when it is not its own ancestor', () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, { y: shared }])).toBe('[{"x":1},{"y":{"x":1}}]');
  });

  it('accepts objects without a prototype', () => {
    expect(canonicalJson(Object.assign(Object.create(null), { b: 2, a: 1 }))).toBe('{"a":1,"b":2}');
  });

  it('given any JSON value, the order of object members does not matter', () => {
    fc.assert(
      fc.property(jsonValues, fc.infiniteStream(fc.nat()), (value, numbers) => {
        const stream = numbers[Symbol.iterator]();
        const pick = () => stream.next().value as number;
        expect(canonicalJson(reorder(value, pick))).toBe(canonicalJson(value));
      }),
    );
  });

  it('given any JSON value, parsing its canonical form gives the value back', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(withoutNegativeZero(value));
      }),
    );
  });

  it('given any JSON value, the canonical form is canonical: canonicalizing it again changes nothing', () => {
    fc.assert(
      fc.property(jsonValues, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(text).not.toMatch(/^\s|[,:]\s/);
      }),
    );
  });

  it('given any finite number or string, writes it as JSON.stringify does', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ unit: 'binary' })),
        (x) => {
          expect(canonicalJson(x)).toBe(JSON.stringify(x));
        },
      ),
    );
  });
});
