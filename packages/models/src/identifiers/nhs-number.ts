import type { Brand } from './brand';
import type { IdentifierResult } from './result';
import { failure, notAString, success, unwrap } from './internal/result';

/**
 * A valid NHS number in canonical form: exactly ten ASCII digits, no separators, passing the
 * modulus 11 check and not one digit repeated ten times. Create one with {@link parseNhsNumber}
 * or {@link assertNhsNumber}.
 *
 * @see NHS-STANDARDS.md §2.1; https://www.datadictionary.nhs.uk/attributes/nhs_number.html
 * @example
 * ```ts
 * const nhsNumber: NhsNumber = assertNhsNumber('943 476 5919'); // '9434765919'
 * ```
 */
export type NhsNumber = Brand<string, 'NhsNumber'>;

/**
 * The FHIR `Identifier.system` for NHS numbers (UK Core Patient slice `nhsNumber`).
 *
 * @example
 * ```ts
 * const identifier = { system: NHS_NUMBER_SYSTEM, value: assertNhsNumber('9434765919') };
 * ```
 */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Digits, with runs of spaces or dashes allowed only between digits. */
const SEPARATED_DIGITS = /^\d(?:[ -]*\d)*$/;
const SEPARATORS = /[ -]/g;
const NINE_DIGITS = /^\d{9}$/;
const TEN_DIGITS = /^\d{10}$/;
const REPDIGIT = /^(\d)\1*$/;
const DIGIT_ZERO = 48;

/** The first three digits of NHS numbers reserved for test data (`UNCERTAIN` in the doc). */
const TEST_RANGE_PREFIX = '999';
/** How many nine-digit stems share the test prefix: 999 000 000 to 999 999 999. */
const TEST_RANGE_STEMS = 1_000_000;
/** Random draws before {@link generateTestNhsNumber} falls back to walking the stems. */
const MAX_RANDOM_DRAWS = 32;

/** The modulus 11 check value (0-10) of nine ASCII digits; 10 means the stem is never issued. */
function checkValue(firstNine: string): number {
  let sum = 0;
  for (let index = 0; index < 9; index += 1) {
    sum += (firstNine.charCodeAt(index) - DIGIT_ZERO) * (10 - index);
  }
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

/** Validates ten ASCII digits. */
function validateDigits(digits: string): IdentifierResult<NhsNumber> {
  if (REPDIGIT.test(digits)) {
    return failure('repeated-digits', 'NHS number must not be one digit repeated ten times');
  }
  const check = checkValue(digits.slice(0, 9));
  if (check === 10) {
    return failure(
      'check-digit',
      'NHS number is not valid: its first nine digits give modulus 11 check value 10, which is never issued',
    );
  }
  if (check !== digits.charCodeAt(9) - DIGIT_ZERO) {
    return failure(
      'check-digit',
      'NHS number fails the modulus 11 check: the last digit does not match the first nine',
    );
  }
  // Ten digits that pass every check above: this is exactly what an NhsNumber is.
  return success(digits as NhsNumber);
}

/**
 * Computes the modulus 11 check digit for the first nine digits of an NHS number (weights 10
 * down to 2; check value 11 becomes 0). Returns `undefined` when the input is not nine ASCII
 * digits, or when the check value is 10, because such a stem is never issued.
 *
 * @see NHS-STANDARDS.md §2.1
 * @example
 * ```ts
 * nhsNumberCheckDigit('943476591'); // 9
 * nhsNumberCheckDigit('999000000'); // undefined (check value 10)
 * ```
 */
export function nhsNumberCheckDigit(firstNine: string): number | undefined {
  if (typeof firstNine !== 'string' || !NINE_DIGITS.test(firstNine)) return undefined;
  const check = checkValue(firstNine);
  return check === 10 ? undefined : check;
}

/**
 * Parses an NHS number. Leading and trailing whitespace is trimmed, and spaces or dashes between
 * digits are accepted and removed (`943 476 5919`, `943-476-5919`). The result holds the canonical
 * ten-digit form. Rejects wrong lengths, failed modulus 11 checks, stems with check value 10 and
 * the ten repdigits (`0000000000`...`9999999999`), which pass the arithmetic but are never issued.
 * Never throws; failure messages never contain the input.
 *
 * @see NHS-STANDARDS.md §2.1
 * @example
 * ```ts
 * parseNhsNumber('943 476 5919'); // { ok: true, value: '9434765919' }
 * parseNhsNumber('9434765918'); // { ok: false, code: 'check-digit', message: '...' }
 * ```
 */
export function parseNhsNumber(input: string): IdentifierResult<NhsNumber> {
  if (typeof input !== 'string') return notAString('NHS number', input);
  const trimmed = input.trim();
  if (trimmed === '') return failure('empty', 'NHS number is empty; expected 10 digits');
  if (!SEPARATED_DIGITS.test(trimmed)) {
    return failure(
      'format',
      'NHS number may contain only digits, with spaces or dashes between them',
    );
  }
  const digits = trimmed.replace(SEPARATORS, '');
  if (digits.length !== 10) {
    return failure('length', `NHS number must have 10 digits; found ${String(digits.length)}`);
  }
  return validateDigits(digits);
}

/**
 * Like {@link parseNhsNumber}, but returns the NHS number or throws an {@link IdentifierError}.
 *
 * @throws {IdentifierError} when the input is not a valid NHS number.
 * @example
 * ```ts
 * const nhsNumber = assertNhsNumber('943-476-5919'); // '9434765919'
 * assertNhsNumber('9434765918'); // throws IdentifierError with code 'check-digit'
 * ```
 */
export function assertNhsNumber(input: string): NhsNumber {
  return unwrap(parseNhsNumber(input));
}

/**
 * Type guard: `true` only for a string that is already a valid NHS number in canonical form
 * (ten digits, no spaces). Use {@link parseNhsNumber} to accept display forms.
 *
 * @example
 * ```ts
 * isNhsNumber('9434765919'); // true
 * isNhsNumber('943 476 5919'); // false: not canonical
 * ```
 */
export function isNhsNumber(value: unknown): value is NhsNumber {
  return typeof value === 'string' && TEN_DIGITS.test(value) && validateDigits(value).ok;
}

/**
 * Formats an NHS number for display in the 3-3-4 pattern.
 *
 * @example
 * ```ts
 * formatNhsNumber(assertNhsNumber('9434765919')); // '943 476 5919'
 * ```
 */
export function formatNhsNumber(nhsNumber: NhsNumber): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}

/**
 * Whether an NHS number lies in the range reserved for test data, 999 000 0000 to
 * 999 999 9999. (The range comes from secondary sources; test systems also use other numbers.)
 *
 * @example
 * ```ts
 * isTestRangeNhsNumber(assertNhsNumber('9990000018')); // true
 * isTestRangeNhsNumber(assertNhsNumber('9434765919')); // false
 * ```
 */
export function isTestRangeNhsNumber(nhsNumber: NhsNumber): boolean {
  return nhsNumber.startsWith(TEST_RANGE_PREFIX);
}

/** Maps a random number in [0, 1) to a stem index; tolerates out-of-range and NaN values. */
function toStemIndex(random: number): number {
  if (!(random > 0)) return 0;
  if (random >= 1) return TEST_RANGE_STEMS - 1;
  return Math.min(Math.floor(random * TEST_RANGE_STEMS), TEST_RANGE_STEMS - 1);
}

/** The valid test-range NHS number with the given stem index, if that stem can be issued. */
function testNumberAt(stemIndex: number): NhsNumber | undefined {
  const stem = TEST_RANGE_PREFIX + String(stemIndex).padStart(6, '0');
  const check = nhsNumberCheckDigit(stem);
  if (check === undefined) return undefined;
  const result = validateDigits(stem + String(check));
  return result.ok ? result.value : undefined;
}

/**
 * Generates a synthetic, valid NHS number in the test range (999 000 0000 to 999 999 9999),
 * for fixtures and demo data. Stems whose check value is 10, and the repdigit `9999999999`, are
 * skipped. Pass a seeded `random` (returning numbers in [0, 1)) for reproducible output; the
 * default is `Math.random`. Always terminates, even for a degenerate `random` such as `() => 0`.
 *
 * @example
 * ```ts
 * const nhsNumber = generateTestNhsNumber(); // e.g. '9993874620'
 * isTestRangeNhsNumber(nhsNumber); // true
 * ```
 */
export function generateTestNhsNumber(random: () => number = Math.random): NhsNumber {
  let stemIndex = 0;
  for (let draw = 0; draw < MAX_RANDOM_DRAWS; draw += 1) {
    stemIndex = toStemIndex(random());
    const candidate = testNumberAt(stemIndex);
    if (candidate !== undefined) return candidate;
  }
  // The random source keeps hitting unusable stems: walk on from the last one. Two consecutive
  // stems never both have check value 10, so this ends within three steps (the worst case being
  // the repdigit stem followed by 999 000 000 after wrapping).
  for (;;) {
    stemIndex = (stemIndex + 1) % TEST_RANGE_STEMS;
    const candidate = testNumberAt(stemIndex);
    if (candidate !== undefined) return candidate;
  }
}
