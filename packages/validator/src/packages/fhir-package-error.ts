import type { FhirPackageLimits } from './fhir-package-limits';

/**
 * Every reason the FHIR package loader can give for failing.
 *
 * The list is closed: adding, removing or renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * FHIR_PACKAGE_ERROR_CODES.includes('bad-archive'); // true
 * ```
 */
export const FHIR_PACKAGE_ERROR_CODES = [
  'not-found',
  'io',
  'bad-option',
  'bad-reference',
  'bad-archive',
  'bad-manifest',
  'bad-resource',
  'missing-dependency',
  'dependency-cycle',
  'limit',
] as const;

/**
 * Why a FHIR package could not be loaded:
 *
 * - `not-found`: no such file or folder, or no package in the search locations matches the
 *   reference;
 * - `io`: a file exists but could not be read (permissions, a folder where a file was expected);
 * - `bad-option`: an option has an impossible value (a negative limit, an empty source);
 * - `bad-reference`: a package reference is not `id`, `id#version` or `id@version`;
 * - `bad-archive`: not a gzip'd tar archive, truncated, corrupt, or unsafe (absolute or `..`
 *   paths, links, devices);
 * - `bad-manifest`: `package/package.json` is missing, not JSON, or lacks a usable `name` /
 *   `version`, or its `dependencies` are malformed;
 * - `bad-resource`: a resource file is not JSON or not a FHIR resource, and `strict` is set
 *   (otherwise this is a warning on the package);
 * - `missing-dependency`: a dependency is in no search location, and `strict` is set;
 * - `dependency-cycle`: packages depend on each other in a cycle, and `strict` is set;
 * - `limit`: the archive, an entry, or the number of entries exceeds a {@link FhirPackageLimits}
 *   limit (named in {@link FhirPackageError.limit}).
 *
 * @example
 * ```ts
 * const code: FhirPackageErrorCode = 'missing-dependency';
 * ```
 */
export type FhirPackageErrorCode = (typeof FHIR_PACKAGE_ERROR_CODES)[number];

/**
 * Options for {@link FhirPackageError}.
 *
 * @example
 * ```ts
 * const options: FhirPackageErrorOptions = { path: '/tmp/uk-core.tgz', limit: 'maxEntryBytes' };
 * ```
 */
export interface FhirPackageErrorOptions {
  /** The underlying error (a file-system error, a `SyntaxError` from `JSON.parse`, a zlib error). */
  readonly cause?: unknown;
  /** The file, folder, archive (and entry) or reference the error is about. */
  readonly path?: string;
  /** For code `limit`: which limit was exceeded. */
  readonly limit?: keyof FhirPackageLimits;
}

/**
 * Thrown by the FHIR package loader for configuration and I/O problems: a package that cannot be
 * found or read, a corrupt or unsafe archive, a bad manifest, an exceeded limit, or (in strict
 * mode) a bad resource file, a missing dependency or a dependency cycle. The message says what
 * went wrong, where (file path, archive entry) and what was expected; it never contains resource
 * bodies.
 *
 * @example
 * ```ts
 * try {
 *   await loadFhirPackage('./uk-core.tgz');
 * } catch (error) {
 *   if (isFhirPackageError(error) && error.code === 'not-found') console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class FhirPackageError extends Error {
  override readonly name = 'FhirPackageError';
  /** Why loading failed; see {@link FhirPackageErrorCode}. */
  readonly code: FhirPackageErrorCode;
  /** The file, folder, archive (and entry) or reference the error is about, when there is one. */
  readonly path: string | undefined;
  /** For code `limit`: which limit was exceeded. */
  readonly limit: keyof FhirPackageLimits | undefined;

  constructor(code: FhirPackageErrorCode, message: string, options: FhirPackageErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.path = options.path;
    this.limit = options.limit;
  }
}

/**
 * Whether `value` is a {@link FhirPackageError}. Unlike `instanceof`, this also recognises errors
 * thrown by another copy of this module (the ESM and CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * if (isFhirPackageError(error)) console.error(`${error.code}: ${error.message}`);
 * ```
 */
export function isFhirPackageError(value: unknown): value is FhirPackageError {
  if (value instanceof FhirPackageError) return true;
  if (!(value instanceof Error) || value.name !== 'FhirPackageError' || !('code' in value)) {
    return false;
  }
  const code: unknown = value.code;
  return (FHIR_PACKAGE_ERROR_CODES as readonly unknown[]).includes(code);
}
