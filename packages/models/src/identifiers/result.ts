/**
 * Every reason an identifier parser can give for rejecting its input.
 *
 * The list is closed: adding, removing or renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * IDENTIFIER_ERROR_CODES.includes('check-digit'); // true
 * ```
 */
export const IDENTIFIER_ERROR_CODES = [
  'type',
  'empty',
  'format',
  'length',
  'leading-zero',
  'repeated-digits',
  'check-digit',
  'partition',
  'pseudo-postcode',
] as const;

/**
 * Why an identifier was rejected:
 *
 * - `type`: the input was not a string (only reachable from untyped callers);
 * - `empty`: nothing but whitespace;
 * - `format`: a character that the identifier may not contain, or a shape it may not have;
 * - `length`: too few or too many characters;
 * - `leading-zero`: a SNOMED CT identifier starting with 0;
 * - `repeated-digits`: an NHS number that is one digit repeated ten times;
 * - `check-digit`: the check digit does not match (or the stem can never be issued);
 * - `partition`: a SNOMED CT partition identifier that is unknown or not the one required;
 * - `pseudo-postcode`: an NHS pseudo-postcode where a real postcode is required.
 *
 * @example
 * ```ts
 * const code: IdentifierErrorCode = 'check-digit';
 * ```
 */
export type IdentifierErrorCode = (typeof IDENTIFIER_ERROR_CODES)[number];

/**
 * The successful branch of {@link IdentifierResult}.
 *
 * @example
 * ```ts
 * const result = parseNhsNumber('943 476 5919');
 * if (result.ok) useNhsNumber(result.value);
 * ```
 */
export interface IdentifierSuccess<T> {
  readonly ok: true;
  readonly value: T;
}

/**
 * The failed branch of {@link IdentifierResult}. `message` says what is wrong and what was
 * expected; it never repeats the input, which may be patient data.
 *
 * @example
 * ```ts
 * const result = parseNhsNumber('943 476 591');
 * if (!result.ok) console.log(result.code, result.message); // 'length', 'NHS number must have 10 digits; found 9'
 * ```
 */
export interface IdentifierFailure {
  readonly ok: false;
  readonly code: IdentifierErrorCode;
  readonly message: string;
}

/**
 * What every `parseX` identifier function returns: the branded value, or why it was rejected.
 *
 * @example
 * ```ts
 * const result: IdentifierResult<NhsNumber> = parseNhsNumber(input);
 * const nhsNumber = result.ok ? result.value : undefined;
 * ```
 */
export type IdentifierResult<T> = IdentifierSuccess<T> | IdentifierFailure;

/**
 * Thrown by the `assertX` identifier functions when their input is not a valid identifier.
 * Like {@link IdentifierFailure}, its message never contains the input.
 *
 * @example
 * ```ts
 * try {
 *   assertNhsNumber('9434765918');
 * } catch (error) {
 *   if (error instanceof IdentifierError) console.log(error.code); // 'check-digit'
 * }
 * ```
 */
export class IdentifierError extends Error {
  override readonly name = 'IdentifierError';
  readonly code: IdentifierErrorCode;

  constructor(code: IdentifierErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
