import type { OptOutIssue } from './issues';

/**
 * Every code an {@link OptOutError} can carry. The list is closed: adding, removing or renaming a
 * code is a breaking change.
 *
 * - `config`: a policy, register option or code list is not usable (its issues say why);
 * - `io`: a file could not be read or written (Node entry point only);
 * - `limit`: an input went past an explicit size limit (a line, a record, a Bundle);
 * - `internal`: a bug in `@lhcr/optout`.
 *
 * @example
 * ```ts
 * OPTOUT_ERROR_CODES.includes('config'); // true
 * ```
 */
export const OPTOUT_ERROR_CODES = ['config', 'io', 'limit', 'internal'] as const;

/**
 * One of {@link OPTOUT_ERROR_CODES}.
 *
 * @example
 * ```ts
 * const code: OptOutErrorCode = 'config';
 * ```
 */
export type OptOutErrorCode = (typeof OPTOUT_ERROR_CODES)[number];

/**
 * Thrown for configuration, transport and limit problems and for bugs; expected outcomes (a deny,
 * a malformed register line) are values, never exceptions. Messages say what, where and what was
 * expected, and never contain NHS numbers or resource bodies.
 *
 * @example
 * ```ts
 * try {
 *   assertOptOutPolicy(text, 'policy.yaml');
 * } catch (error) {
 *   if (error instanceof OptOutError && error.code === 'config') console.error(error.issues);
 * }
 * ```
 */
export class OptOutError extends Error {
  override readonly name = 'OptOutError';
  readonly code: OptOutErrorCode;
  /** The located issues behind a `config` error; empty otherwise. */
  readonly issues: readonly OptOutIssue[];

  constructor(
    code: OptOutErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly OptOutIssue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}
