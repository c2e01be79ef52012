import type { OperationOutcome } from '@lhcr/models';

/**
 * Every reason a call to a terminology server can fail. The list is closed: adding, removing or
 * renaming a code is a breaking change.
 *
 * @example
 * ```ts
 * TERMINOLOGY_ERROR_CODES.includes('timeout'); // true
 * ```
 */
export const TERMINOLOGY_ERROR_CODES = [
  'bad-option',
  'unreachable',
  'timeout',
  'aborted',
  'http-status',
  'malformed-response',
] as const;

/**
 * Why a terminology call failed:
 *
 * - `bad-option`: the client was configured wrongly (a base URL that is not http(s), a timeout
 *   that is not positive), or a call lacks what the operation needs (no code);
 * - `unreachable`: the server could not be reached (connection refused, DNS failure, TLS error);
 * - `timeout`: no complete answer within the per-request timeout;
 * - `aborted`: the caller's `AbortSignal` cancelled the call;
 * - `http-status`: the server answered with an HTTP error; {@link TerminologyError.status} and,
 *   when the body is one, {@link TerminologyError.operationOutcome} say why;
 * - `malformed-response`: a success status with a body that is not the FHIR resource the
 *   operation returns (not JSON, not `Parameters`, no `result`, too large).
 *
 * @example
 * ```ts
 * const code: TerminologyErrorCode = 'unreachable';
 * ```
 */
export type TerminologyErrorCode = (typeof TERMINOLOGY_ERROR_CODES)[number];

/**
 * Options for {@link TerminologyError}.
 *
 * @example
 * ```ts
 * const options: TerminologyErrorOptions = { status: 404, url: 'https://tx.example.org/fhir/ValueSet/$expand' };
 * ```
 */
export interface TerminologyErrorOptions {
  /** The underlying error. */
  readonly cause?: unknown;
  /** The request URL (never with credentials). */
  readonly url?: string;
  /** For `http-status`: the HTTP status. */
  readonly status?: number;
  /** For `http-status`: the server's OperationOutcome, with any bearer token redacted. */
  readonly operationOutcome?: OperationOutcome;
}

/**
 * Thrown by the terminology client for configuration and transport problems. An answer that a
 * code is not valid is a result, not an error. Messages and the OperationOutcome never contain
 * the bearer token (it is replaced by `[redacted]`).
 *
 * @example
 * ```ts
 * try {
 *   await client.validateCodeInValueSet({ url, system, code });
 * } catch (error) {
 *   if (isTerminologyError(error) && error.code === 'timeout') reportUnverified();
 *   else throw error;
 * }
 * ```
 */
export class TerminologyError extends Error {
  override readonly name = 'TerminologyError';
  /** Why the call failed; see {@link TerminologyErrorCode}. */
  readonly code: TerminologyErrorCode;
  /** The request URL, when there was a request. */
  readonly url: string | undefined;
  /** For `http-status`: the HTTP status. */
  readonly status: number | undefined;
  /** For `http-status`: the server's OperationOutcome, when it sent one. */
  readonly operationOutcome: OperationOutcome | undefined;

  constructor(code: TerminologyErrorCode, message: string, options: TerminologyErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
    this.url = options.url;
    this.status = options.status;
    this.operationOutcome = options.operationOutcome;
  }
}

/**
 * Whether `value` is a {@link TerminologyError}, also from another copy of this module.
 *
 * @example
 * ```ts
 * if (isTerminologyError(error)) console.error(`${error.code}: ${error.message}`);
 * ```
 */
export function isTerminologyError(value: unknown): value is TerminologyError {
  if (value instanceof TerminologyError) return true;
  if (!(value instanceof Error) || value.name !== 'TerminologyError' || !('code' in value)) {
    return false;
  }
  const code: unknown = value.code;
  return (TERMINOLOGY_ERROR_CODES as readonly unknown[]).includes(code);
}
