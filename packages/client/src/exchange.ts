import type { ClientErrorCode } from './errors';

/**
 * What an HTTP exchange was for: a FHIR REST interaction, an OAuth 2.0 token request, or a Bulk
 * Data status poll, file download or cancellation.
 *
 * @example
 * ```ts
 * const kind: ExchangeKind = 'token';
 * ```
 */
export type ExchangeKind = 'fhir' | 'token' | 'bulk-status' | 'bulk-file' | 'bulk-cancel';

/**
 * The request half of an exchange, as passed to {@link ClientHooks.onRequest}. Secrets are
 * already redacted: `Authorization`, cookies and API keys in `headers`; `access_token`,
 * `client_assertion` and similar fields in `body` and in the URL's query.
 *
 * @example
 * ```ts
 * const hooks: ClientHooks = { onRequest: (request) => console.log(request.method, request.url) };
 * ```
 */
export interface ExchangeRequest {
  readonly kind: ExchangeKind;
  /** The `X-Request-ID` sent; the same on every attempt of one call. */
  readonly requestId: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
  readonly method: string;
  readonly url: string;
  /** Header names are lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The resource or Bundle sent, the form string of a POST `_search` or token request, or `undefined`. */
  readonly body: unknown;
  /** When the attempt started (ISO 8601). */
  readonly startedAt: string;
}

/**
 * The response half of an exchange. `body` is the parsed JSON (or its text when it is not JSON),
 * with secrets redacted; `undefined` when there was none or it was streamed (NDJSON files).
 *
 * @example
 * ```ts
 * const response: ExchangeResponse = { status: 200, headers: { etag: 'W/"1"' }, body: undefined };
 * ```
 */
export interface ExchangeResponse {
  readonly status: number;
  /** Header names are lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * One HTTP attempt, as passed to {@link ClientHooks.onResponse}: the request, the response (or
 * the error when there was none), and timing. A call that is retried produces one exchange per
 * attempt. Secrets are always redacted; patient data is not (see `redactExchange` for logs).
 *
 * @example
 * ```ts
 * const log: Exchange[] = [];
 * const client = new FhirClient({ baseUrl, hooks: { onResponse: (exchange) => log.push(exchange) } });
 * ```
 */
export interface Exchange {
  readonly request: ExchangeRequest;
  readonly response: ExchangeResponse | undefined;
  /** Why there is no response (network failure, timeout, abort), or why a reply was unusable. */
  readonly error: { readonly code: ClientErrorCode; readonly message: string } | undefined;
  /** Milliseconds from sending the request to having the response (headers only, for streams). */
  readonly durationMs: number;
}

/**
 * Observers of every HTTP exchange the client makes, including token requests, retries and Bulk
 * Data polls. Hooks are called synchronously and are only observers: an exception thrown by a
 * hook is caught and ignored, so logging can never change the outcome of a request.
 *
 * @example
 * ```ts
 * const hooks: ClientHooks = {
 *   onResponse: (exchange) => console.log(exchange.request.method, exchange.response?.status, exchange.durationMs),
 * };
 * ```
 */
export interface ClientHooks {
  readonly onRequest?: (request: ExchangeRequest) => void;
  readonly onResponse?: (exchange: Exchange) => void;
}
