/**
 * Every reason {@link renderProfileTypes} can give for refusing its input.
 *
 * The list is closed: adding, removing or renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * PROFILE_TYPES_ERROR_CODES.includes('name-collision'); // true
 * ```
 */
export const PROFILE_TYPES_ERROR_CODES = ['invalid-input', 'name-collision', 'too-large'] as const;

/**
 * Why profile types could not be rendered:
 *
 * - `invalid-input`: a definition is not usable: no snapshot, a snapshot whose first element is
 *   not the profiled type, an element outside the tree, a name that is not a TypeScript
 *   identifier, or an option out of range;
 * - `name-collision`: two declarations would get the same TypeScript name (give one of the
 *   profiles a `typeName`);
 * - `too-large`: more profiles, elements or nesting than {@link PROFILE_TYPES_LIMITS} allows.
 *
 * @example
 * ```ts
 * const code: ProfileTypesErrorCode = 'invalid-input';
 * ```
 */
export type ProfileTypesErrorCode = (typeof PROFILE_TYPES_ERROR_CODES)[number];

/**
 * Thrown by {@link renderProfileTypes} when its input cannot be rendered. The message names the
 * profile URL and element id concerned and what was expected; definitions carry no patient data.
 *
 * @example
 * ```ts
 * try {
 *   renderProfileTypes({ profiles, baseImport: '@lhcr/models' });
 * } catch (error) {
 *   if (error instanceof ProfileTypesError) console.error(error.code, error.message);
 * }
 * ```
 */
export class ProfileTypesError extends Error {
  override readonly name = 'ProfileTypesError';
  readonly code: ProfileTypesErrorCode;

  constructor(code: ProfileTypesErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
