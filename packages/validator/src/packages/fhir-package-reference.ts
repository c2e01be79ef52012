import { FhirPackageError } from './fhir-package-error';

/**
 * A reference to a FHIR package by id and, optionally, version: what `id#version` or
 * `id@version` says. The version may be exact (`2.0.0`), a pattern with a wildcard segment
 * (`2.0.x`), or a label (`current`, `dev`); without one, the latest release is meant.
 *
 * @see https://hl7.org/fhir/packages.html#2.1.10.4
 * @example
 * ```ts
 * const reference: FhirPackageReference = { id: 'fhir.r4.ukcore.stu2', version: '2.0.x' };
 * ```
 */
export interface FhirPackageReference {
  /** The package id (its manifest `name`), e.g. `hl7.fhir.r4.core`. */
  readonly id: string;
  /** The wanted version, pattern or label; absent for the latest release. */
  readonly version?: string;
}

/**
 * What {@link parseFhirPackageReference} returns: the reference, or why the text is not one.
 * `message` repeats the text, which is a package name, never patient data.
 *
 * @example
 * ```ts
 * const result: FhirPackageReferenceResult = parseFhirPackageReference('hl7.fhir.r4.core#4.0.1');
 * if (result.ok) console.log(result.value.version); // '4.0.1'
 * ```
 */
export type FhirPackageReferenceResult =
  | { readonly ok: true; readonly value: FhirPackageReference }
  | { readonly ok: false; readonly message: string };

/** Longest id or version accepted, so a hostile manifest cannot make huge lookups. */
const MAX_PART_LENGTH = 214;
/** Dot-separated words of letters, digits, `-` and `_` (npm and FHIR package names). */
const PACKAGE_ID = /^[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
/** Versions, patterns and labels: no path separators, no spaces. */
const PACKAGE_VERSION = /^[A-Za-z0-9*][A-Za-z0-9.*+_-]*$/;

/**
 * Whether `id` is a usable FHIR package id: dot-separated words of letters, digits, `-` and `_`
 * (`hl7.fhir.r4.core`, `fhir.r4.ukcore.stu2`). Such an id can never name a path outside a
 * package folder.
 *
 * @example
 * ```ts
 * isFhirPackageId('hl7.fhir.r4.core'); // true
 * isFhirPackageId('../etc'); // false
 * ```
 */
export function isFhirPackageId(id: string): boolean {
  return id.length <= MAX_PART_LENGTH && PACKAGE_ID.test(id);
}

/**
 * Whether `version` is a usable package version, pattern or label (`4.0.1`, `2.0.x`, `current`,
 * `1.0.0-ballot+build.7`): letters, digits, `.`, `-`, `_`, `+` and `*`, with no path separators.
 *
 * @example
 * ```ts
 * isFhirPackageVersion('2.0.x'); // true
 * isFhirPackageVersion('1.0/..'); // false
 * ```
 */
export function isFhirPackageVersion(version: string): boolean {
  return version.length <= MAX_PART_LENGTH && PACKAGE_VERSION.test(version);
}

/**
 * Parses `id`, `id#version` or `id@version`. The version `latest` means the same as none.
 *
 * @example
 * ```ts
 * parseFhirPackageReference('fhir.r4.ukcore.stu2@2.0.x');
 * // { ok: true, value: { id: 'fhir.r4.ukcore.stu2', version: '2.0.x' } }
 * parseFhirPackageReference('hl7.fhir.r4.core#');
 * // { ok: false, message: 'package reference "hl7.fhir.r4.core#" has an empty version; …' }
 * ```
 */
export function parseFhirPackageReference(text: string): FhirPackageReferenceResult {
  const expected = 'expected id, id#version or id@version, such as hl7.fhir.r4.core#4.0.1';
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  const separator = text.search(/[#@]/);
  const id = separator === -1 ? text : text.slice(0, separator);
  const version = separator === -1 ? undefined : text.slice(separator + 1);
  if (id === '') return { ok: false, message: `package reference ${shown} has no id; ${expected}` };
  if (!isFhirPackageId(id)) {
    return {
      ok: false,
      message: `package reference ${shown} has an invalid id; ${expected} (ids are dot-separated words of letters, digits, - and _)`,
    };
  }
  if (version === undefined || version === 'latest') return { ok: true, value: { id } };
  if (version === '') {
    return { ok: false, message: `package reference ${shown} has an empty version; ${expected}` };
  }
  if (!isFhirPackageVersion(version)) {
    return {
      ok: false,
      message: `package reference ${shown} has an invalid version; ${expected} (versions use letters, digits, ., -, +, _ and the wildcard x or *)`,
    };
  }
  return { ok: true, value: { id, version } };
}

/**
 * Like {@link parseFhirPackageReference}, but throws.
 *
 * @throws {FhirPackageError} code `bad-reference` when `text` is not a package reference.
 * @example
 * ```ts
 * const { id, version } = assertFhirPackageReference('hl7.fhir.r4.core#4.0.1');
 * ```
 */
export function assertFhirPackageReference(text: string): FhirPackageReference {
  const result = parseFhirPackageReference(text);
  if (result.ok) return result.value;
  throw new FhirPackageError('bad-reference', result.message, { path: text });
}

/**
 * Formats a reference as `id#version`, or `id` when it has no version.
 *
 * @example
 * ```ts
 * formatFhirPackageReference({ id: 'hl7.fhir.r4.core', version: '4.0.1' }); // 'hl7.fhir.r4.core#4.0.1'
 * ```
 */
export function formatFhirPackageReference(reference: FhirPackageReference): string {
  return reference.version === undefined ? reference.id : `${reference.id}#${reference.version}`;
}
