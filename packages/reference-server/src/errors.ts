/**
 * The closed set of {@link ReferenceServerError} codes: `config` (bad start options or a
 * blueprint the server cannot serve), `storage` (the database cannot be opened or written),
 * `internal` (a bug in the server).
 *
 * @example
 * ```ts
 * if (error instanceof ReferenceServerError && error.code === 'config') console.error(error.message);
 * ```
 */
export const REFERENCE_SERVER_ERROR_CODES = ['config', 'storage', 'internal'] as const;

/**
 * One of {@link REFERENCE_SERVER_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: ReferenceServerErrorCode = 'config';
 * ```
 */
export type ReferenceServerErrorCode = (typeof REFERENCE_SERVER_ERROR_CODES)[number];

/**
 * Thrown by {@link startReferenceServer} for configuration, storage and internal failures.
 * Expected request failures are never thrown: they are HTTP responses with an
 * OperationOutcome. Messages name what and where, never patient data, keys or tokens.
 *
 * @example
 * ```ts
 * try {
 *   await startReferenceServer({ defects: ['not-a-defect' as DefectId] });
 * } catch (error) {
 *   if (error instanceof ReferenceServerError) console.error(error.code, error.message); // 'config'
 * }
 * ```
 */
export class ReferenceServerError extends Error {
  readonly code: ReferenceServerErrorCode;

  constructor(code: ReferenceServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReferenceServerError';
    this.code = code;
  }
}
