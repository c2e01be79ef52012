/**
 * Every reason the conformance engine itself can fail, as opposed to a test outcome. The list is
 * closed.
 *
 * - `config`: the run was asked for something it cannot do (a bad target URL, an unusable key, a
 *   blueprint that does not load, UK Core missing, an `--only` that matches nothing);
 * - `suite`: the suite is inconsistent (two tests provide one fact, a needed fact nobody
 *   provides, a dependency cycle): a bug in the suite;
 * - `internal`: a bug in this package.
 *
 * @example
 * ```ts
 * CONFORMANCE_ERROR_CODES.includes('config'); // true
 * ```
 */
export const CONFORMANCE_ERROR_CODES = ['config', 'suite', 'internal'] as const;

/**
 * One of the {@link CONFORMANCE_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: ConformanceErrorCode = 'config';
 * ```
 */
export type ConformanceErrorCode = (typeof CONFORMANCE_ERROR_CODES)[number];

/**
 * Thrown when a conformance run cannot start or the suite is inconsistent. Test outcomes are
 * never thrown: a server that misbehaves gives `fail` or `error` results, not exceptions.
 * Messages never contain tokens, keys or patient data.
 *
 * @example
 * ```ts
 * try {
 *   await runConformance(options);
 * } catch (error) {
 *   if (error instanceof ConformanceError && error.code === 'config') console.error(error.message);
 * }
 * ```
 */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
  readonly code: ConformanceErrorCode;

  /**
   * @example
   * ```ts
   * throw new ConformanceError('config', '--concurrency must be a whole number from 1 to 64');
   * ```
   */
  constructor(code: ConformanceErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * Whether a value is a {@link ConformanceError}.
 *
 * @example
 * ```ts
 * if (isConformanceError(error) && error.code === 'config') process.exitCode = 2;
 * ```
 */
export function isConformanceError(value: unknown): value is ConformanceError {
  return value instanceof ConformanceError;
}
