import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { failureMessage, thrownBy } from './internal/test-helpers';
import { IdentifierError } from './result';
import {
  assertUkPostcode,
  describePseudoPostcode,
  formatUkPostcode,
  isPseudoPostcode,
  isUkPostcode,
  parseUkPostcode,
  postcodeInwardCode,
  postcodeOutwardCode,
} from './uk-postcode';

/** Real-format postcodes covering each outward-code shape (A9, A99, AA9, AA99, A9A, AA9A). */
const VALID = [
  'M1 1AE',
  'B33 8TH',
  'CR2 6XH',
  'DN55 1PT',
  'W1A 0AX',
  'EC1A 1BB',
  'SW1A 1AA',
  'LS1 4AP',
  'GIR 0AA',
] as const;

/** The outward/inward parts of the documented UK postcode pattern, for generating postcodes. */
const POSTCODE_PATTERN =
  /^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}$/;

describe('parseUkPostcode', () => {
  it.each(VALID)('accepts %s unchanged', (input) => {
    expect(parseUkPostcode(input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    ['  ec1a 1bb ', 'EC1A 1BB'],
    ['M11AE', 'M1 1AE'],
    ['DN55   1PT', 'DN55 1PT'],
    ['d n 5 5 1 p t', 'DN55 1PT'],
    ['gir0aa', 'GIR 0AA'],
    ['zz993vz', 'ZZ99 3VZ'],
  ])('normalises %j to %s', (input, expected) => {
    expect(parseUkPostcode(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['ZZ99 3VZ', 'ZZ99 3WZ', 'ZZ99 3CZ', 'ZZ99 1WZ', 'ZZ99 2WZ', 'ZZ99 3GZ', 'ZZ99 4AZ'])(
    'accepts the NHS pseudo-postcode %s',
    (input) => {
      expect(parseUkPostcode(input)).toEqual({ ok: true, value: input });
    },
  );

  it('refuses pseudo-postcodes when allowPseudo is false', () => {
    expect(parseUkPostcode('ZZ99 3VZ', { allowPseudo: false })).toMatchObject({
      ok: false,
      code: 'pseudo-postcode',
    });
    expect(parseUkPostcode('LS1 4AP', { allowPseudo: false })).toEqual({
      ok: true,
      value: 'LS1 4AP',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['SW1A-1AA', 'format'],
    ['SW1A 1AÄ', 'format'],
    ['ẞW1A 1AA', 'format'],
    ['A1 1A', 'length'],
    ['AB12C 3DE', 'length'],
    ['QA1 1AA', 'format'],
    ['VA1 1AA', 'format'],
    ['XA1 1AA', 'format'],
    ['AI1 1AA', 'format'],
    ['SW1A 1AC', 'format'],
    ['SW1A 1IA', 'format'],
    ['SW1A 11A', 'format'],
    ['12345', 'format'],
    ['ZZ99 3VA', 'format'],
    ['ZZ98 3VZ', 'format'],
    ['GIR 0AB', 'format'],
  ] as const)('rejects %j with %s', (input, code) => {
    expect(parseUkPostcode(input)).toMatchObject({ ok: false, code });
  });

  it('returns a type failure for non-string input from untyped callers', () => {
    expect(parseUkPostcode(null as unknown as string)).toMatchObject({ ok: false, code: 'type' });
  });

  test.prop([fc.string({ unit: 'binary' })])('never throws on arbitrary strings', (input) => {
    const result = parseUkPostcode(input);
    expect(result.ok ? result.value.length : 0).toBeLessThanOrEqual(8);
  });

  test.prop([fc.stringMatching(POSTCODE_PATTERN)])(
    'accepts every string matching the documented pattern, in canonical form, and round-trips',
    (input) => {
      const postcode = assertUkPostcode(input);
      expect(postcode).toMatch(/^[A-Z0-9]{2,4} [0-9][A-Z]{2}$/);
      expect(postcode.replace(' ', '')).toBe(input.replace(' ', ''));
      expect(isUkPostcode(postcode)).toBe(true);
      expect(isPseudoPostcode(postcode)).toBe(false);
      expect(parseUkPostcode(formatUkPostcode(postcode))).toEqual({ ok: true, value: postcode });
      expect(parseUkPostcode(` ${input.toLowerCase().replace(' ', '')} `)).toEqual({
        ok: true,
        value: postcode,
      });
      expect(`${postcodeOutwardCode(postcode)} ${postcodeInwardCode(postcode)}`).toBe(postcode);
    },
  );

  test.prop([
    fc.stringMatching(/^[A-Z0-9 ]{4,12}$/).filter((s) => /\d/.test(s) && /[A-Z]/.test(s)),
  ])('never puts the input in a failure message', (input) => {
    expect(failureMessage(parseUkPostcode(input))).not.toContain(input.trim());
  });
});

describe('assertUkPostcode', () => {
  it('returns the canonical postcode or throws an IdentifierError', () => {
    expect(assertUkPostcode('b33 8th')).toBe('B33 8TH');
    expect(() => assertUkPostcode('QA1 1AA')).toThrow(IdentifierError);
    expect(thrownBy(() => assertUkPostcode('ZZ99 3VZ', { allowPseudo: false }))).toMatchObject({
      name: 'IdentifierError',
      code: 'pseudo-postcode',
    });
  });
});

describe('isUkPostcode', () => {
  it.each([
    ['SW1A 1AA', true],
    ['ZZ99 3VZ', true],
    ['SW1A1AA', false],
    ['sw1a 1aa', false],
    [' SW1A 1AA', false],
    [42, false],
  ])('isUkPostcode(%j) is %s', (value, expected) => {
    expect(isUkPostcode(value)).toBe(expected);
  });
});

describe('pseudo-postcodes', () => {
  it.each([
    ['ZZ99 3VZ', 'no-fixed-abode'],
    ['ZZ99 3WZ', 'not-known'],
    ['ZZ99 3CZ', 'england-or-uk-not-stated'],
    ['ZZ99 1WZ', 'scotland'],
    ['ZZ99 2WZ', 'northern-ireland'],
    ['ZZ99 3GZ', 'wales'],
    ['ZZ99 4AZ', 'overseas'],
    ['ZZ99 6HZ', 'overseas'],
  ])('describes %s as %s', (input, kind) => {
    const postcode = assertUkPostcode(input);
    expect(isPseudoPostcode(postcode)).toBe(true);
    expect(describePseudoPostcode(postcode)).toMatchObject({ kind });
    expect(describePseudoPostcode(postcode)?.label).toEqual(expect.any(String));
  });

  it.each(VALID)('does not describe the real postcode %s', (input) => {
    const postcode = assertUkPostcode(input);
    expect(isPseudoPostcode(postcode)).toBe(false);
    expect(describePseudoPostcode(postcode)).toBeUndefined();
  });
});

describe('outward and inward codes', () => {
  it.each([
    ['SW1A 1AA', 'SW1A', '1AA'],
    ['M1 1AE', 'M1', '1AE'],
    ['DN55 1PT', 'DN55', '1PT'],
    ['GIR 0AA', 'GIR', '0AA'],
    ['ZZ99 3VZ', 'ZZ99', '3VZ'],
  ])('splits %s into %s and %s', (input, outward, inward) => {
    const postcode = assertUkPostcode(input);
    expect(postcodeOutwardCode(postcode)).toBe(outward);
    expect(postcodeInwardCode(postcode)).toBe(inward);
  });
});
