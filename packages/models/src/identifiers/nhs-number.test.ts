import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  NHS_NUMBER_SYSTEM,
  assertNhsNumber,
  formatNhsNumber,
  generateTestNhsNumber,
  isNhsNumber,
  isTestRangeNhsNumber,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhs-number';
import type { NhsNumber } from './nhs-number';
import {
  failureMessage,
  seededRandom,
  singleDigitChanges,
  thrownBy,
} from './internal/test-helpers';
import { IdentifierError } from './result';

/** Vectors from NHS-STANDARDS.md §2.1. */
const VALID = ['9434765919', '9000000009', '9912003888', '9449305552', '4010232137'] as const;
const REPDIGITS = Array.from({ length: 10 }, (_, digit) => String(digit).repeat(10));

/** Any valid NHS number (any range). */
const validNhsNumber = fc
  .stringMatching(/^\d{9}$/)
  .map((stem) => {
    const check = nhsNumberCheckDigit(stem);
    return check === undefined ? undefined : stem + String(check);
  })
  .filter((value): value is string => value !== undefined && !/^(\d)\1*$/.test(value));

describe('parseNhsNumber', () => {
  it.each(VALID)('accepts the documented valid vector %s', (input) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['  9434765919\t', '9434765919'],
    ['900 000 0009', '9000000009'],
    ['9 9 1 2 0 0 3 8 8 8', '9912003888'],
    ['944  930 - 5552', '9449305552'],
  ])('normalises %j to %s', (input, expected) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value: expected });
  });

  it('rejects the documented invalid vector 9434765918 with check-digit', () => {
    expect(parseNhsNumber('9434765918')).toMatchObject({ ok: false, code: 'check-digit' });
  });

  it('rejects every ten-digit number starting 123456789', () => {
    for (let last = 0; last <= 9; last += 1) {
      const result = parseNhsNumber(`123456789${String(last)}`);
      expect(result.ok).toBe(false);
    }
    // 123456789 has check value 10: the stem is never issued.
    expect(nhsNumberCheckDigit('123456789')).toBeUndefined();
  });

  it.each(REPDIGITS)('rejects the repdigit %s with repeated-digits', (input) => {
    expect(parseNhsNumber(input)).toMatchObject({ ok: false, code: 'repeated-digits' });
  });

  it('rejects a stem with check value 10 whatever the last digit', () => {
    // 999 000 000 has check value 10.
    expect(nhsNumberCheckDigit('999000000')).toBeUndefined();
    for (let last = 0; last <= 9; last += 1) {
      expect(parseNhsNumber(`999000000${String(last)}`)).toMatchObject({
        ok: false,
        code: 'check-digit',
      });
    }
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['943476591', 'length'],
    ['94347659190', 'length'],
    ['943 476 591', 'length'],
    ['943476591X', 'format'],
    ['943.476.5919', 'format'],
    ['-9434765919', 'format'],
    ['9434765919-', 'format'],
    ['943_476_5919', 'format'],
    ['９４３４７６５９１９', 'format'],
    ['+449434765919', 'format'],
  ] as const)('rejects %j with %s', (input, code) => {
    expect(parseNhsNumber(input)).toMatchObject({ ok: false, code });
  });

  it('reports the digit count without repeating the input', () => {
    expect(parseNhsNumber('943476591')).toEqual({
      ok: false,
      code: 'length',
      message: 'NHS number must have 10 digits; found 9',
    });
  });

  it('returns a type failure (and does not throw) for non-string input from untyped callers', () => {
    const values: unknown[] = [undefined, null, 9434765919, {}, ['9434765919']];
    for (const value of values) {
      expect(parseNhsNumber(value as string)).toMatchObject({ ok: false, code: 'type' });
    }
  });

  test.prop([fc.string({ unit: 'binary' })])('never throws on arbitrary strings', (input) => {
    const result = parseNhsNumber(input);
    expect(typeof result.ok).toBe('boolean');
  });

  test.prop([fc.anything()])('never throws on arbitrary values', (input) => {
    expect(() => parseNhsNumber(input as string)).not.toThrow();
  });

  test.prop([validNhsNumber])('accepts every number with a correct check digit', (input) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value: input });
  });

  test.prop([validNhsNumber, fc.nat({ max: 9 }), fc.integer({ min: 1, max: 9 })])(
    'rejects every single-digit change of a valid number',
    (valid, position, delta) => {
      const original = valid.charCodeAt(position) - 48;
      const changed =
        valid.slice(0, position) + String((original + delta) % 10) + valid.slice(position + 1);
      expect(parseNhsNumber(changed).ok).toBe(false);
    },
  );

  it('rejects every single-digit change of every documented valid vector', () => {
    for (const valid of VALID) {
      const changes = singleDigitChanges(valid);
      expect(changes).toHaveLength(90);
      for (const changed of changes) expect(parseNhsNumber(changed).ok).toBe(false);
    }
  });

  test.prop([fc.stringMatching(/^\d{3,16}$/)])(
    'never puts the input digits in a failure message',
    (input) => {
      for (const variant of [input, input.split('').join(' '), ` ${input}-`]) {
        expect(failureMessage(parseNhsNumber(variant))).not.toContain(input);
      }
    },
  );

  test.prop([fc.stringMatching(/^\d{10}$/)])(
    'never puts a ten-digit input, or its display form, in a failure message',
    (input) => {
      const message = failureMessage(parseNhsNumber(input));
      expect(message).not.toContain(input);
      expect(message).not.toContain(`${input.slice(0, 3)} ${input.slice(3, 6)} ${input.slice(6)}`);
    },
  );
});

describe('assertNhsNumber', () => {
  it('returns the canonical NHS number', () => {
    expect(assertNhsNumber('943 476 5919')).toBe('9434765919');
  });

  it('throws an IdentifierError carrying the failure code and message', () => {
    const caught = thrownBy(() => assertNhsNumber('9434765918'));
    expect(caught).toBeInstanceOf(IdentifierError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({ name: 'IdentifierError', code: 'check-digit' });
    expect(caught instanceof Error ? caught.message : '').not.toContain('9434765918');
  });
});

describe('isNhsNumber', () => {
  it.each(VALID)('is true for the canonical valid vector %s', (value) => {
    expect(isNhsNumber(value)).toBe(true);
  });

  it.each([
    '943 476 5919',
    ' 9434765919',
    '9434765918',
    '0000000000',
    '943476591',
    9434765919,
    null,
    undefined,
  ])('is false for %j', (value) => {
    expect(isNhsNumber(value)).toBe(false);
  });

  it('narrows unknown to NhsNumber', () => {
    const value: unknown = '9434765919';
    // Compiles only because the guard narrows `value` to NhsNumber.
    const formatted = isNhsNumber(value) ? formatNhsNumber(value) : undefined;
    expect(formatted).toBe('943 476 5919');
  });
});

describe('formatNhsNumber', () => {
  it('uses the 3-3-4 display pattern', () => {
    expect(formatNhsNumber(assertNhsNumber('9434765919'))).toBe('943 476 5919');
  });

  test.prop([validNhsNumber])('round-trips through parse', (input) => {
    const nhsNumber = assertNhsNumber(input);
    const formatted = formatNhsNumber(nhsNumber);
    expect(formatted).toMatch(/^\d{3} \d{3} \d{4}$/);
    expect(parseNhsNumber(formatted)).toEqual({ ok: true, value: nhsNumber });
    expect(parseNhsNumber(formatted.replaceAll(' ', '-'))).toEqual({ ok: true, value: nhsNumber });
  });
});

describe('nhsNumberCheckDigit', () => {
  it.each(VALID)('computes the check digit of %s', (valid) => {
    expect(nhsNumberCheckDigit(valid.slice(0, 9))).toBe(Number(valid.charAt(9)));
  });

  it('maps check value 11 to 0', () => {
    // 000000000 sums to 0 and 200000001 to 2 * 10 + 1 * 2 = 22: 11 - 0 = 11 becomes 0.
    expect(nhsNumberCheckDigit('000000000')).toBe(0);
    expect(nhsNumberCheckDigit('200000001')).toBe(0);
    expect(parseNhsNumber('2000000010')).toEqual({ ok: true, value: '2000000010' });
    // 900000000 sums to 90; 90 mod 11 = 2, so 9. 100000001 sums to 12; 12 mod 11 = 1, so 10.
    expect(nhsNumberCheckDigit('900000000')).toBe(9);
    expect(nhsNumberCheckDigit('100000001')).toBeUndefined();
  });

  it.each(['', '94347659', '9434765919', '94347659X', ' 943476591'])(
    'is undefined for %j, which is not nine digits',
    (input) => {
      expect(nhsNumberCheckDigit(input)).toBeUndefined();
    },
  );
});

describe('generateTestNhsNumber', () => {
  test.prop([fc.integer()])('generates valid numbers in the test range from any seed', (seed) => {
    const random = seededRandom(seed);
    for (let i = 0; i < 20; i += 1) {
      const nhsNumber = generateTestNhsNumber(random);
      expect(isNhsNumber(nhsNumber)).toBe(true);
      expect(isTestRangeNhsNumber(nhsNumber)).toBe(true);
      expect(Number(nhsNumber)).toBeGreaterThanOrEqual(9_990_000_000);
      expect(Number(nhsNumber)).toBeLessThanOrEqual(9_999_999_999);
    }
  });

  test.prop([fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'generates a valid test-range number for any single random value',
    (value) => {
      const nhsNumber = generateTestNhsNumber(() => value);
      expect(isNhsNumber(nhsNumber)).toBe(true);
      expect(isTestRangeNhsNumber(nhsNumber)).toBe(true);
    },
  );

  it('is deterministic for a seeded random source', () => {
    const first = Array.from({ length: 5 }, generateWith(seededRandom(42)));
    const second = Array.from({ length: 5 }, generateWith(seededRandom(42)));
    expect(first).toEqual(second);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it.each([
    ['always 0 (stem 999000000 has check value 10)', () => 0],
    ['just below 1 (stem 999999999 would be the repdigit)', () => 0.999_999_999_9],
    ['1', () => 1],
    ['negative', () => -3],
    ['NaN', () => Number.NaN],
    ['Infinity', () => Number.POSITIVE_INFINITY],
  ])('terminates with a valid number when random is %s', (_, random) => {
    const nhsNumber = generateTestNhsNumber(random);
    expect(isNhsNumber(nhsNumber)).toBe(true);
    expect(isTestRangeNhsNumber(nhsNumber)).toBe(true);
  });

  it('skips the unusable first stem deterministically', () => {
    expect(generateTestNhsNumber(() => 0)).toBe('9990000018');
  });

  it('uses Math.random by default', () => {
    const nhsNumber = generateTestNhsNumber();
    expect(isNhsNumber(nhsNumber)).toBe(true);
    expect(isTestRangeNhsNumber(nhsNumber)).toBe(true);
  });
});

describe('isTestRangeNhsNumber', () => {
  it('is false for the documented live-looking vectors outside 999', () => {
    for (const valid of VALID) expect(isTestRangeNhsNumber(assertNhsNumber(valid))).toBe(false);
  });
});

describe('NHS_NUMBER_SYSTEM', () => {
  it('is the UK Core NHS number system', () => {
    expect(NHS_NUMBER_SYSTEM).toBe('https://fhir.nhs.uk/Id/nhs-number');
  });
});

function generateWith(random: () => number): () => NhsNumber {
  return () => generateTestNhsNumber(random);
}
