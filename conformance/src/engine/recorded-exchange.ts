import type { Exchange } from '@lhcr/client';

/**
 * One HTTP exchange a test made, as kept with its results. Credentials (the `Authorization`
 * header, client assertions, access tokens) are always redacted; patient data is redacted when
 * the report is written unless bodies are asked for.
 *
 * @example
 * ```ts
 * const exchange: RecordedExchange = {
 *   seq: 1, kind: 'fhir', method: 'GET', url: 'http://127.0.0.1:8080/fhir/metadata',
 *   requestHeaders: {}, requestBody: undefined, status: 200, responseHeaders: {}, responseBody: undefined,
 *   error: undefined, startedAt: '2026-06-01T09:00:00.000Z', durationMs: 12,
 * };
 * ```
 */
export interface RecordedExchange {
  /** 1, 2, … in the order the test sent them. */
  readonly seq: number;
  /** `fhir`, `token`, Bulk Data polls and downloads, or `http` for other requests. */
  readonly kind: string;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody: unknown;
  readonly status: number | undefined;
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;
  readonly responseBody: unknown;
  /** Why there was no usable response (network failure, timeout). */
  readonly error: { readonly code: string; readonly message: string } | undefined;
  readonly startedAt: string;
  readonly durationMs: number;
}

/**
 * A client {@link Exchange} as a {@link RecordedExchange}.
 *
 * @example
 * ```ts
 * hooks: { onResponse: (exchange) => log.push(toRecordedExchange(exchange, log.length + 1)) }
 * ```
 */
export function toRecordedExchange(exchange: Exchange, seq: number): RecordedExchange {
  const { request, response } = exchange;
  return {
    seq,
    kind: request.kind,
    method: request.method,
    url: request.url,
    requestHeaders: request.headers,
    requestBody: request.body,
    status: response?.status,
    responseHeaders: response?.headers,
    responseBody: response?.body,
    error: exchange.error,
    startedAt: request.startedAt,
    durationMs: Math.round(exchange.durationMs),
  };
}
