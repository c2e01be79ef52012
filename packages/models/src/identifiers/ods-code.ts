import type { Brand } from './brand';
import type { IdentifierResult } from './result';
import { failure, notAString, success, unwrap } from './internal/result';

/**
 * An Organisation Data Service (ODS) code in canonical form: 3 to 10 uppercase ASCII letters and
 * digits, such as `RR8` (NHS trust), `RR813` (trust site) or `B82005` (GP practice). This checks
 * shape only; whether the code exists is for an ODS lookup.
 *
 * @see NHS-STANDARDS.md §2.3
 * @example
 * ```ts
 * const odsCode: OdsCode = assertOdsCode('rr8'); // 'RR8'
 * ```
 */
export type OdsCode = Brand<string, 'OdsCode'>;

/**
 * The FHIR `Identifier.system` for ODS organisation codes. The `z` spelling is fixed by UK Core;
 * `ods-organisation-code` is an error.
 *
 * @example
 * ```ts
 * const identifier = { system: ODS_ORGANIZATION_SYSTEM, value: assertOdsCode('RR8') };
 * ```
 */
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

/**
 * The FHIR `Identifier.system` for ODS site codes (UK Core Organization and Location).
 *
 * @example
 * ```ts
 * const identifier = { system: ODS_SITE_SYSTEM, value: assertOdsCode('RR813') };
 * ```
 */
export const ODS_SITE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';

/** ASCII letters (either case) and digits; checked before upper-casing so that, e.g., `ß` cannot become `SS`. */
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const CANONICAL = /^[A-Z0-9]{3,10}$/;
const MIN_LENGTH = 3;
const MAX_LENGTH = 10;

/**
 * Parses an ODS code: trims surrounding whitespace, upper-cases, and requires 3 to 10 ASCII
 * letters and digits (`^[A-Z0-9]{3,10}$`). Never throws; failure messages never contain the
 * input.
 *
 * @see NHS-STANDARDS.md §2.3
 * @example
 * ```ts
 * parseOdsCode(' b82005 '); // { ok: true, value: 'B82005' }
 * parseOdsCode('RR-8'); // { ok: false, code: 'format', ... }
 * ```
 */
export function parseOdsCode(input: string): IdentifierResult<OdsCode> {
  if (typeof input !== 'string') return notAString('ODS code', input);
  const trimmed = input.trim();
  if (trimmed === '')
    return failure('empty', 'ODS code is empty; expected 3 to 10 letters and digits');
  if (!ALPHANUMERIC.test(trimmed)) {
    return failure('format', 'ODS code may contain only the letters A-Z and digits 0-9');
  }
  if (trimmed.length < MIN_LENGTH || trimmed.length > MAX_LENGTH) {
    return failure(
      'length',
      `ODS code must have ${String(MIN_LENGTH)} to ${String(MAX_LENGTH)} characters; found ${String(trimmed.length)}`,
    );
  }
  // ASCII alphanumerics of the right length, upper-cased: exactly what an OdsCode is.
  return success(trimmed.toUpperCase() as OdsCode);
}

/**
 * Like {@link parseOdsCode}, but returns the code or throws an {@link IdentifierError}.
 *
 * @throws {IdentifierError} when the input is not a well-formed ODS code.
 * @example
 * ```ts
 * const odsCode = assertOdsCode('rr813'); // 'RR813'
 * assertOdsCode('R8'); // throws IdentifierError with code 'length'
 * ```
 */
export function assertOdsCode(input: string): OdsCode {
  return unwrap(parseOdsCode(input));
}

/**
 * Type guard: `true` only for a string that is already an ODS code in canonical form (uppercase,
 * no whitespace).
 *
 * @example
 * ```ts
 * isOdsCode('RR8'); // true
 * isOdsCode('rr8'); // false: not canonical
 * ```
 */
export function isOdsCode(value: unknown): value is OdsCode {
  return typeof value === 'string' && CANONICAL.test(value);
}

/**
 * Formats an ODS code for display (its canonical uppercase form).
 *
 * @example
 * ```ts
 * formatOdsCode(assertOdsCode(' rr8 ')); // 'RR8'
 * ```
 */
export function formatOdsCode(odsCode: OdsCode): string {
  return odsCode;
}
