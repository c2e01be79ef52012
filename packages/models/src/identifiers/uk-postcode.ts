import type { Brand } from './brand';
import type { IdentifierResult } from './result';
import { failure, notAString, success, unwrap } from './internal/result';

/**
 * A UK postcode in canonical form: uppercase, with one space before the three-character inward
 * code (`SW1A 1AA`), at most 8 characters. Includes `GIR 0AA` and the NHS pseudo-postcodes
 * `ZZ99 nXZ` (see {@link describePseudoPostcode}) unless the parser is told to refuse them.
 *
 * @see NHS-STANDARDS.md §2.4; NHS Data Model and Dictionary, POSTCODE
 * @example
 * ```ts
 * const postcode: UkPostcode = assertUkPostcode('sw1a1aa'); // 'SW1A 1AA'
 * ```
 */
export type UkPostcode = Brand<string, 'UkPostcode'>;

/**
 * Options for {@link parseUkPostcode} and {@link assertUkPostcode}.
 *
 * @example
 * ```ts
 * const options: ParseUkPostcodeOptions = { allowPseudo: false };
 * parseUkPostcode('ZZ99 3VZ', options); // { ok: false, code: 'pseudo-postcode', ... }
 * ```
 */
export interface ParseUkPostcodeOptions {
  /** Accept NHS pseudo-postcodes (`ZZ99 nXZ`). Default `true`. */
  readonly allowPseudo?: boolean;
}

/**
 * What an NHS pseudo-postcode stands for.
 *
 * @example
 * ```ts
 * const kind: PseudoPostcodeKind = 'no-fixed-abode';
 * ```
 */
export type PseudoPostcodeKind =
  | 'no-fixed-abode'
  | 'not-known'
  | 'england-or-uk-not-stated'
  | 'scotland'
  | 'northern-ireland'
  | 'wales'
  | 'overseas';

/**
 * The meaning of an NHS pseudo-postcode, as returned by {@link describePseudoPostcode}.
 *
 * @example
 * ```ts
 * const meaning: PseudoPostcodeDescription = { kind: 'wales', label: 'Wales, not otherwise stated' };
 * ```
 */
export interface PseudoPostcodeDescription {
  readonly kind: PseudoPostcodeKind;
  readonly label: string;
}

/** The UK postcode pattern from NHS-STANDARDS.md §2.4, verbatim (applied to the normalised form). */
const POSTCODE =
  /^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/;
/** NHS pseudo-postcodes, normalised (space required). */
const PSEUDO_POSTCODE = /^ZZ99 [0-9][A-Z]Z$/;
/** ASCII letters (either case), digits and whitespace; checked before upper-casing. */
const ALLOWED_CHARACTERS = /^[A-Za-z0-9\s]+$/;
const WHITESPACE = /\s+/g;
const INWARD_LENGTH = 3;
const MIN_COMPACT_LENGTH = 5;
const MAX_COMPACT_LENGTH = 7;

const PSEUDO_POSTCODES: Readonly<Record<string, PseudoPostcodeDescription>> = {
  'ZZ99 3VZ': { kind: 'no-fixed-abode', label: 'No fixed abode' },
  'ZZ99 3WZ': { kind: 'not-known', label: 'Not known' },
  'ZZ99 3CZ': { kind: 'england-or-uk-not-stated', label: 'England/UK, not otherwise stated' },
  'ZZ99 1WZ': { kind: 'scotland', label: 'Scotland, not otherwise stated' },
  'ZZ99 2WZ': { kind: 'northern-ireland', label: 'Northern Ireland, not otherwise stated' },
  'ZZ99 3GZ': { kind: 'wales', label: 'Wales, not otherwise stated' },
};

const OVERSEAS: PseudoPostcodeDescription = { kind: 'overseas', label: 'Overseas country' };

/**
 * Parses a UK postcode. Trims, upper-cases, removes inner whitespace and puts one space before
 * the three-character inward code (`sw1a1aa` → `SW1A 1AA`), then checks the UK postcode pattern,
 * `GIR 0AA`, or the NHS pseudo-postcode pattern `ZZ99 nXZ` (refused with code `pseudo-postcode`
 * when `options.allowPseudo` is `false`). Never throws; failure messages never contain the input.
 *
 * @see NHS-STANDARDS.md §2.4
 * @example
 * ```ts
 * parseUkPostcode(' ls1 4ap '); // { ok: true, value: 'LS1 4AP' }
 * parseUkPostcode('ZZ993VZ'); // { ok: true, value: 'ZZ99 3VZ' }
 * parseUkPostcode('QA1 1AA'); // { ok: false, code: 'format', ... }
 * ```
 */
export function parseUkPostcode(
  input: string,
  options: ParseUkPostcodeOptions = {},
): IdentifierResult<UkPostcode> {
  if (typeof input !== 'string') return notAString('UK postcode', input);
  const trimmed = input.trim();
  if (trimmed === '')
    return failure('empty', 'UK postcode is empty; expected a postcode such as "AA9A 9AA"');
  if (!ALLOWED_CHARACTERS.test(trimmed)) {
    return failure('format', 'UK postcode may contain only the letters A-Z, digits 0-9 and spaces');
  }
  const compact = trimmed.replace(WHITESPACE, '').toUpperCase();
  if (compact.length < MIN_COMPACT_LENGTH || compact.length > MAX_COMPACT_LENGTH) {
    return failure(
      'length',
      `UK postcode must have ${String(MIN_COMPACT_LENGTH)} to ${String(MAX_COMPACT_LENGTH)} letters and digits; found ${String(compact.length)}`,
    );
  }
  const split = compact.length - INWARD_LENGTH;
  const postcode = `${compact.slice(0, split)} ${compact.slice(split)}`;
  if (PSEUDO_POSTCODE.test(postcode)) {
    if (options.allowPseudo === false) {
      return failure(
        'pseudo-postcode',
        'UK postcode is an NHS pseudo-postcode (ZZ99); expected a real postcode',
      );
    }
    return success(postcode as UkPostcode);
  }
  if (!POSTCODE.test(postcode)) {
    return failure(
      'format',
      'UK postcode does not match the UK postcode pattern: an outward code (area letters and district), a space, then a digit and two letters',
    );
  }
  // Normalised and matching the official pattern: exactly what a UkPostcode is.
  return success(postcode as UkPostcode);
}

/**
 * Like {@link parseUkPostcode}, but returns the postcode or throws an {@link IdentifierError}.
 *
 * @throws {IdentifierError} when the input is not a valid (or allowed) UK postcode.
 * @example
 * ```ts
 * const postcode = assertUkPostcode('b33 8th'); // 'B33 8TH'
 * assertUkPostcode('ZZ99 3VZ', { allowPseudo: false }); // throws, code 'pseudo-postcode'
 * ```
 */
export function assertUkPostcode(input: string, options: ParseUkPostcodeOptions = {}): UkPostcode {
  return unwrap(parseUkPostcode(input, options));
}

/**
 * Type guard: `true` only for a string that is already a valid UK postcode (or NHS
 * pseudo-postcode) in canonical form: uppercase, one space before the inward code.
 *
 * @example
 * ```ts
 * isUkPostcode('SW1A 1AA'); // true
 * isUkPostcode('sw1a1aa'); // false: not canonical
 * ```
 */
export function isUkPostcode(value: unknown): value is UkPostcode {
  if (typeof value !== 'string') return false;
  const result = parseUkPostcode(value);
  return result.ok && result.value === value;
}

/**
 * Formats a postcode for display (its canonical form, such as `SW1A 1AA`).
 *
 * @example
 * ```ts
 * formatUkPostcode(assertUkPostcode('sw1a1aa')); // 'SW1A 1AA'
 * ```
 */
export function formatUkPostcode(postcode: UkPostcode): string {
  return postcode;
}

/**
 * Whether a postcode is an NHS pseudo-postcode (`ZZ99 nXZ`), which records a circumstance (no
 * fixed abode, overseas...) rather than an address.
 *
 * @example
 * ```ts
 * isPseudoPostcode(assertUkPostcode('ZZ99 3VZ')); // true
 * isPseudoPostcode(assertUkPostcode('LS1 4AP')); // false
 * ```
 */
export function isPseudoPostcode(postcode: UkPostcode): boolean {
  return PSEUDO_POSTCODE.test(postcode);
}

/**
 * Says what an NHS pseudo-postcode stands for; `undefined` for a real postcode. `ZZ99` codes not
 * listed in the standard stand for an overseas country.
 *
 * @see NHS-STANDARDS.md §2.4 (HES data dictionary, pseudo postcodes)
 * @example
 * ```ts
 * describePseudoPostcode(assertUkPostcode('ZZ99 3VZ')); // { kind: 'no-fixed-abode', label: 'No fixed abode' }
 * describePseudoPostcode(assertUkPostcode('LS1 4AP')); // undefined
 * ```
 */
export function describePseudoPostcode(
  postcode: UkPostcode,
): PseudoPostcodeDescription | undefined {
  if (!PSEUDO_POSTCODE.test(postcode)) return undefined;
  return PSEUDO_POSTCODES[postcode] ?? OVERSEAS;
}

/**
 * The outward code of a postcode: the part before the space (area and district, `SW1A`).
 *
 * @example
 * ```ts
 * postcodeOutwardCode(assertUkPostcode('SW1A 1AA')); // 'SW1A'
 * ```
 */
export function postcodeOutwardCode(postcode: UkPostcode): string {
  return postcode.slice(0, postcode.length - INWARD_LENGTH - 1);
}

/**
 * The inward code of a postcode: the three characters after the space (sector and unit, `1AA`).
 *
 * @example
 * ```ts
 * postcodeInwardCode(assertUkPostcode('SW1A 1AA')); // '1AA'
 * ```
 */
export function postcodeInwardCode(postcode: UkPostcode): string {
  return postcode.slice(postcode.length - INWARD_LENGTH);
}
