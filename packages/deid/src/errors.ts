/**
 * Every reason `@lhcr/deid` throws. The list is closed: adding, removing or renaming a code is a
 * breaking change.
 *
 * - `key`: no pseudonymisation key, or one that is too short or unreadable;
 * - `policy`: the anonymisation policy cannot be applied as written (see the issues);
 * - `config`: other options are missing or wrong (extract date, opt-out request, lookup);
 * - `limit`: an input is larger or deeper than the stated limits;
 * - `io`: a file could not be read or written (Node entry only);
 * - `internal`: a bug in lhcr.
 *
 * @example
 * ```ts
 * DEID_ERROR_CODES.includes('key'); // true
 * ```
 */
export const DEID_ERROR_CODES = ['key', 'policy', 'config', 'limit', 'io', 'internal'] as const;

/**
 * One of {@link DEID_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: DeidErrorCode = 'key';
 * ```
 */
export type DeidErrorCode = (typeof DEID_ERROR_CODES)[number];

/**
 * Thrown for configuration, key and transport problems (never for bad records, which are
 * counted and reported). Messages say what, where and what was expected; they never contain key
 * material, NHS numbers, names or resource bodies.
 *
 * @example
 * ```ts
 * try {
 *   createPseudonymKey(new Uint8Array(8));
 * } catch (error) {
 *   if (error instanceof DeidError) console.error(error.code, error.message); // 'key', '...'
 * }
 * ```
 */
export class DeidError extends Error {
  override readonly name = 'DeidError';
  readonly code: DeidErrorCode;

  constructor(code: DeidErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
