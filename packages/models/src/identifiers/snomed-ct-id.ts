import type { Brand } from './brand';
import type { IdentifierResult } from './result';
import { IdentifierError } from './result';
import { failure, notAString, success, unwrap } from './internal/result';
import { verhoeffCheck, verhoeffValidates } from './internal/verhoeff';

/**
 * A valid SNOMED CT identifier (SCTID): 6 to 18 ASCII digits, no leading zero, a known partition
 * identifier and a correct Verhoeff check digit. Create one with {@link parseSnomedCtId} or
 * {@link assertSnomedCtId}.
 *
 * @see NHS-STANDARDS.md §2.2 (SNOMED CT Release File Specification, SCTID data type)
 * @example
 * ```ts
 * const conceptId: SnomedCtId = assertSnomedCtId('404684003');
 * ```
 */
export type SnomedCtId = Brand<string, 'SnomedCtId'>;

/**
 * What kind of component an SCTID identifies, from the second digit of its partition identifier.
 *
 * @example
 * ```ts
 * const partition: SnomedCtPartition = describeSnomedCtId(assertSnomedCtId('404684003')).partition; // 'concept'
 * ```
 */
export type SnomedCtPartition = 'concept' | 'description' | 'relationship';

/**
 * Whether an SCTID is `short` (partition `0x`, International release) or `long` (partition `1x`,
 * carrying a 7-digit extension namespace).
 *
 * @example
 * ```ts
 * const format: SnomedCtIdFormat = describeSnomedCtId(assertSnomedCtId('827241000000103')).format; // 'long'
 * ```
 */
export type SnomedCtIdFormat = 'short' | 'long';

/**
 * The parts of an SCTID, as returned by {@link describeSnomedCtId}. `namespace` is present only
 * for the long format.
 *
 * @example
 * ```ts
 * const parts: SnomedCtIdDescription = { partition: 'concept', format: 'long', namespace: '1000000' };
 * ```
 */
export interface SnomedCtIdDescription {
  readonly partition: SnomedCtPartition;
  readonly format: SnomedCtIdFormat;
  readonly namespace?: string;
}

/**
 * Options for {@link parseSnomedCtId} and {@link assertSnomedCtId}.
 *
 * @example
 * ```ts
 * const options: ParseSnomedCtIdOptions = { partition: 'concept' };
 * parseSnomedCtId('404684003', options);
 * ```
 */
export interface ParseSnomedCtIdOptions {
  /** Reject identifiers of any other partition (for example, accept concept ids only). */
  readonly partition?: SnomedCtPartition;
}

/**
 * The FHIR `Coding.system` for SNOMED CT.
 *
 * @example
 * ```ts
 * const coding = { system: SNOMED_CT_SYSTEM, code: assertSnomedCtId('404684003') };
 * ```
 */
export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';

const DIGITS = /^\d+$/;
const MIN_LENGTH = 6;
const MAX_LENGTH = 18;
/** Item identifier (at least 1 digit) + namespace (7) + partition (2) + check digit (1). */
const MIN_LONG_LENGTH = 11;
const NAMESPACE_LENGTH = 7;

/** Second partition digit to the component it identifies. */
function partitionOf(digit: string): SnomedCtPartition | undefined {
  switch (digit) {
    case '0':
      return 'concept';
    case '1':
      return 'description';
    case '2':
      return 'relationship';
    default:
      return undefined;
  }
}

/** First partition digit to the identifier format. */
function formatOf(digit: string): SnomedCtIdFormat | undefined {
  switch (digit) {
    case '0':
      return 'short';
    case '1':
      return 'long';
    default:
      return undefined;
  }
}

/** The two partition-identifier digits: the second- and third-last digits. */
function partitionDigits(id: string): { readonly format: string; readonly partition: string } {
  return { format: id.charAt(id.length - 3), partition: id.charAt(id.length - 2) };
}

/**
 * Computes the Verhoeff check digit for a payload of digits (an SCTID without its last digit).
 *
 * @throws {IdentifierError} with code `format` when the payload is empty or not all ASCII digits.
 * @see NHS-STANDARDS.md §2.2
 * @example
 * ```ts
 * verhoeffCheckDigit('40468400'); // 3, so '404684003' is valid
 * ```
 */
export function verhoeffCheckDigit(payload: string): number {
  if (typeof payload !== 'string' || !DIGITS.test(payload)) {
    throw new IdentifierError('format', 'Verhoeff payload must be one or more digits');
  }
  return verhoeffCheck(payload);
}

/**
 * Parses a SNOMED CT identifier (trimming surrounding whitespace). Checks, in order: digits only,
 * 6 to 18 long, no leading zero, Verhoeff check digit, partition identifier in
 * {00, 01, 02, 10, 11, 12}, room for a 7-digit namespace in the long format, and, when
 * `options.partition` is given, that partition. Never throws; failure messages never contain the
 * input.
 *
 * @see NHS-STANDARDS.md §2.2
 * @example
 * ```ts
 * parseSnomedCtId('404684003'); // { ok: true, value: '404684003' }
 * parseSnomedCtId('404684004'); // { ok: false, code: 'check-digit', ... }
 * parseSnomedCtId('827241000000103', { partition: 'description' }); // { ok: false, code: 'partition', ... }
 * ```
 */
export function parseSnomedCtId(
  input: string,
  options: ParseSnomedCtIdOptions = {},
): IdentifierResult<SnomedCtId> {
  if (typeof input !== 'string') return notAString('SNOMED CT identifier', input);
  const id = input.trim();
  if (id === '') return failure('empty', 'SNOMED CT identifier is empty; expected 6 to 18 digits');
  if (!DIGITS.test(id)) {
    return failure('format', 'SNOMED CT identifier may contain only digits');
  }
  if (id.length < MIN_LENGTH || id.length > MAX_LENGTH) {
    return failure(
      'length',
      `SNOMED CT identifier must have ${String(MIN_LENGTH)} to ${String(MAX_LENGTH)} digits; found ${String(id.length)}`,
    );
  }
  if (id.startsWith('0')) {
    return failure('leading-zero', 'SNOMED CT identifier must not start with 0');
  }
  if (!verhoeffValidates(id)) {
    return failure(
      'check-digit',
      'SNOMED CT identifier fails the Verhoeff check: the last digit does not match the others',
    );
  }
  const digits = partitionDigits(id);
  const format = formatOf(digits.format);
  const partition = partitionOf(digits.partition);
  if (format === undefined || partition === undefined) {
    return failure(
      'partition',
      'SNOMED CT identifier has an unknown partition identifier (its 2nd- and 3rd-last digits); expected 00, 01, 02, 10, 11 or 12',
    );
  }
  if (format === 'long' && id.length < MIN_LONG_LENGTH) {
    return failure(
      'length',
      `long-format SNOMED CT identifier must have at least ${String(MIN_LONG_LENGTH)} digits (item, 7-digit namespace, partition, check digit); found ${String(id.length)}`,
    );
  }
  if (options.partition !== undefined && options.partition !== partition) {
    return failure(
      'partition',
      `SNOMED CT identifier is a ${partition} identifier; expected a ${options.partition} identifier`,
    );
  }
  // Every structural rule of the SCTID data type holds: this is exactly what a SnomedCtId is.
  return success(id as SnomedCtId);
}

/**
 * Like {@link parseSnomedCtId}, but returns the identifier or throws an {@link IdentifierError}.
 *
 * @throws {IdentifierError} when the input is not a valid SCTID (of the required partition).
 * @example
 * ```ts
 * const id = assertSnomedCtId('71388002', { partition: 'concept' });
 * assertSnomedCtId('404684004'); // throws IdentifierError with code 'check-digit'
 * ```
 */
export function assertSnomedCtId(input: string, options: ParseSnomedCtIdOptions = {}): SnomedCtId {
  return unwrap(parseSnomedCtId(input, options));
}

/**
 * Type guard: `true` only for a string that is already a valid SCTID of any partition, with no
 * surrounding whitespace.
 *
 * @example
 * ```ts
 * isSnomedCtId('404684003'); // true
 * isSnomedCtId(' 404684003'); // false: not canonical
 * ```
 */
export function isSnomedCtId(value: unknown): value is SnomedCtId {
  if (typeof value !== 'string') return false;
  const result = parseSnomedCtId(value);
  return result.ok && result.value === value;
}

/**
 * Formats an SCTID as a string (SCTIDs have no display form other than their digits).
 *
 * @example
 * ```ts
 * formatSnomedCtId(assertSnomedCtId(' 404684003 ')); // '404684003'
 * ```
 */
export function formatSnomedCtId(id: SnomedCtId): string {
  return id;
}

/**
 * Splits an SCTID into its partition, format and (long format only) namespace: the 7 digits
 * before the partition identifier, for example `1000000` for the UK clinical extension.
 *
 * @see NHS-STANDARDS.md §2.2
 * @example
 * ```ts
 * describeSnomedCtId(assertSnomedCtId('404684003'));
 * // { partition: 'concept', format: 'short' }
 * describeSnomedCtId(assertSnomedCtId('827241000000103'));
 * // { partition: 'concept', format: 'long', namespace: '1000000' }
 * ```
 */
export function describeSnomedCtId(id: SnomedCtId): SnomedCtIdDescription {
  const digits = partitionDigits(id);
  const format = formatOf(digits.format);
  const partition = partitionOf(digits.partition);
  if (format === undefined || partition === undefined) {
    // Unreachable for a real SnomedCtId, which only parseSnomedCtId creates.
    throw new IdentifierError(
      'partition',
      'SNOMED CT identifier has an unknown partition identifier',
    );
  }
  if (format === 'short') return { partition, format };
  const end = id.length - 3;
  return { partition, format, namespace: id.slice(end - NAMESPACE_LENGTH, end) };
}
