// Generators of hostile input for the fuzz test: wrong types, nulls, NUL and other control characters,
// huge strings, odd unicode, deep nesting, __proto__ / constructor keys, injection-looking text, bad ids.
import fc from 'fast-check';

const nastyStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u202eevil',
  '\ufeff',
  '\ud800',
  '\udfff',
  '𝕏😀👩‍👩‍👧',
  'Ω≈ç√',
  'ＡＢＣ',
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  '$1',
  '?',
  '%',
  '%00',
  '%s%n',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '0x10',
  'true',
  '[]',
  '{}',
  'A1',
  'Z999',
  'a1',
  'A0',
  'AAA1',
  '<script>alert(1)</script>',
  'admin',
  'Bearer x',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(300, 5_000, 60_000).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('y'.repeat(150_000)) }, // over the body limit: 413
);

/** JSON that parses into an own "__proto__" or "constructor" key (a JS literal would set the prototype instead). */
const prototypeKeys = fc.constantFrom(
  JSON.parse('{"__proto__":{"role":"admin","isAdmin":true}}') as object,
  JSON.parse('{"constructor":{"prototype":{"role":"admin"}}}') as object,
  JSON.parse('{"__proto__":null}') as object,
);

const deepArray = fc.integer({ min: 17, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);
const deepObject = fc.integer({ min: 17, max: 500 }).map((depth) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown);

export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: nastyString },
    { weight: 2, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31) },
    { weight: 2, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        nastyString.filter((key) => key.length < 50),
        tie('value'),
        { maxKeys: 3 },
      ),
    },
    { weight: 1, arbitrary: prototypeKeys },
    { weight: 1, arbitrary: deepArray },
    { weight: 1, arbitrary: deepObject },
  ),
})).value;

/**
 * A body for a route: either anything at all, or the route's own fields (from its OpenAPI schema) with
 * nasty values, sometimes next to a valid-looking value or an extra field, so validation is reached field by field.
 */
export function nastyBody(fields: string[]): fc.Arbitrary<unknown> {
  const shaped = fc
    .record({
      values: fc.tuple(...(fields.length > 0 ? fields : ['x']).map(() => fc.option(nastyValue, { nil: undefined, freq: 3 }))),
      extra: fc.option(
        fc.tuple(
          nastyString.filter((key) => key.length < 50),
          nastyValue,
        ),
        { nil: undefined, freq: 2 },
      ),
      prototype: fc.option(prototypeKeys, { nil: undefined, freq: 4 }),
    })
    .map(({ values, extra, prototype }) => {
      const body = Object.assign({}, prototype) as Record<string, unknown>;
      fields.forEach((field, i) => {
        if (values[i] !== undefined) body[field] = values[i];
      });
      if (extra) body[extra[0]] = extra[1];
      return body;
    });
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 2, arbitrary: nastyValue }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** Raw body text that is not JSON at all, or broken JSON. */
export const brokenJson = fc.constantFrom(
  '{',
  '{"a":',
  '[1,2',
  '{"a":1}}',
  'nul',
  "{'a':1}",
  '\u0000',
  '{"a":"\\u0000"}',
  '{"a":NaN}',
  '1'.repeat(400),
);

/** A path id: one of the ids of real rows (so requests reach deep into the code), or something hostile. */
export function pathId(realIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...realIds) },
    { weight: 3, arbitrary: nastyString.filter((text) => text.length < 2000) },
    { weight: 1, arbitrary: fc.uuid() },
  );
}

/** encodeURIComponent, or undefined for a string no URL can carry (a lone surrogate). */
export function encodeSegment(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined;
  }
}
