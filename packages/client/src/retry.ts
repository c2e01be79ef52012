import { ConfigError } from './errors';

/**
 * When and how the client retries. A call is retried when the server replies with one of
 * `statuses` (429 and 503 by default, for every method, since both mean the request was not
 * processed) or, for idempotent requests only, when there was no response at all (connection
 * refused or reset). Timeouts are not retried. Each retry waits for `Retry-After` when the server
 * sent it, and otherwise for an exponential backoff with jitter: a random delay between half and
 * all of `baseDelayMs × 2^(retry − 1)`, capped at `maxDelayMs`. A `Retry-After` longer than
 * `maxRetryAfterMs` is not waited for: the call fails at once with the server's reply.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 5, baseDelayMs: 100 };
 * ```
 */
export interface RetryOptions {
  /** Attempts in all, including the first; 1 turns retries off. Default 3, at most 10. */
  readonly maxAttempts?: number;
  /** Default 250. */
  readonly baseDelayMs?: number;
  /** Default 8000. */
  readonly maxDelayMs?: number;
  /** Default 60000. */
  readonly maxRetryAfterMs?: number;
  /** Default `[429, 503]`. */
  readonly statuses?: readonly number[];
}

/**
 * {@link RetryOptions} with every default applied.
 *
 * @example
 * ```ts
 * resolveRetryOptions({}).maxAttempts; // 3
 * ```
 */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly statuses: ReadonlySet<number>;
}

const MAX_ATTEMPTS_LIMIT = 10;

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError('config', `retry.${name} must be a finite number ≥ 0`);
  }
  return value;
}

/**
 * Validates retry options and applies the defaults.
 *
 * @throws {ConfigError} when a number is out of range.
 * @example
 * ```ts
 * resolveRetryOptions({ maxAttempts: 1 }).maxAttempts; // 1: no retries
 * ```
 */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw new ConfigError(
      'config',
      `retry.maxAttempts must be an integer from 1 to ${String(MAX_ATTEMPTS_LIMIT)}`,
    );
  }
  const statuses = options.statuses ?? [429, 503];
  for (const status of statuses) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new ConfigError('config', 'retry.statuses must hold HTTP statuses from 400 to 599');
    }
  }
  return {
    maxAttempts,
    baseDelayMs: nonNegative(options.baseDelayMs, 250, 'baseDelayMs'),
    maxDelayMs: nonNegative(options.maxDelayMs, 8000, 'maxDelayMs'),
    maxRetryAfterMs: nonNegative(options.maxRetryAfterMs, 60_000, 'maxRetryAfterMs'),
    statuses: new Set(statuses),
  };
}

const DELAY_SECONDS = /^\d+$/;

/**
 * Milliseconds to wait according to a `Retry-After` header: delay-seconds or an HTTP-date
 * (a date in the past gives 0). `undefined` when the header is absent or unreadable.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')); // 60000
 * parseRetryAfter('soon'); // undefined
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (DELAY_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The backoff before retry number `retry` (1 for the first retry) when the server gave no
 * `Retry-After`: a random delay between half and all of `baseDelayMs × 2^(retry − 1)`, capped at
 * `maxDelayMs`.
 *
 * @example
 * ```ts
 * const retry = resolveRetryOptions({ baseDelayMs: 100 });
 * backoffDelay(retry, 3, () => 0.5); // 300: between 200 and 400
 * ```
 */
export function backoffDelay(
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** Math.max(0, retry - 1),
  );
  const jitter = Math.min(1, Math.max(0, random()));
  return Math.round(exponential / 2 + (exponential / 2) * jitter);
}
