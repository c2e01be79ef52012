import { IdentifierError, isOperationOutcome } from '@lhcr/models';
import type { OperationOutcome } from '@lhcr/models';
import { redactText, redactUrl } from './redaction';

/**
 * Every reason a client call can fail. The list is closed: adding, removing or renaming a code is
 * a breaking change.
 *
 * @example
 * ```ts
 * CLIENT_ERROR_CODES.includes('http-status'); // true
 * ```
 */
export const CLIENT_ERROR_CODES = [
  'config',
  'invalid-argument',
  'network',
  'timeout',
  'aborted',
  'http-status',
  'invalid-response',
  'limit-exceeded',
  'auth',
  'internal',
] as const;

/**
 * Why a client call failed:
 *
 * - `config`: the client or an auth provider is misconfigured (bad base URL, unusable key);
 * - `invalid-argument`: a call was given an argument it cannot send (bad id, invalid NHS number);
 * - `network`: the request never got an HTTP response (connection refused or reset, DNS);
 * - `timeout`: an attempt, or a Bulk Data wait, took longer than allowed;
 * - `aborted`: the caller's `AbortSignal` fired;
 * - `http-status`: the server replied with a status outside 2xx ({@link FhirServerError});
 * - `invalid-response`: a 2xx reply that is not what FHIR says it must be (not JSON, the wrong
 *   resource type, a bad Bulk Data manifest or NDJSON line);
 * - `limit-exceeded`: a reply passed a size, line-length or page-count limit;
 * - `auth`: the token endpoint refused the client or replied with something unusable;
 * - `internal`: a bug in this package.
 *
 * @example
 * ```ts
 * function isTransient(code: ClientErrorCode): boolean {
 *   return code === 'network' || code === 'timeout';
 * }
 * ```
 */
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/**
 * The request an error is about, safe to log: the URL has its query values and anything that
 * looks like an NHS number redacted (see {@link redactUrl}).
 *
 * @example
 * ```ts
 * const request: RequestDescription = { method: 'GET', url: 'https://example.org/fhir/Patient?identifier=[redacted]' };
 * ```
 */
export interface RequestDescription {
  readonly method: string;
  /** The redacted URL. */
  readonly url: string;
  /** The `X-Request-ID` sent (the same on every attempt). */
  readonly requestId?: string;
  /** How many attempts were made. */
  readonly attempts?: number;
}

/**
 * Options shared by every client error constructor.
 *
 * @example
 * ```ts
 * const options: ClientErrorOptions = { request: { method: 'GET', url: 'https://example.org/fhir/metadata' } };
 * ```
 */
export interface ClientErrorOptions {
  readonly cause?: unknown;
  readonly request?: RequestDescription | undefined;
  readonly specUrl?: string | undefined;
}

/**
 * The base of every error this package throws: a closed {@link ClientErrorCode}, the request it
 * is about (redacted), an optional `cause` and a link to the specification it enforces. Messages
 * say what failed, where, and what was expected; they never contain tokens, NHS numbers, names
 * or resource bodies.
 *
 * @example
 * ```ts
 * try {
 *   await client.read('Patient', 'example');
 * } catch (error) {
 *   if (error instanceof LhcrClientError) console.error(error.code, error.message);
 * }
 * ```
 */
export class LhcrClientError extends Error {
  override readonly name: string = 'LhcrClientError';
  readonly code: ClientErrorCode;
  readonly request: RequestDescription | undefined;
  readonly specUrl: string | undefined;

  constructor(code: ClientErrorCode, message: string, options: ClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.request = options.request;
    this.specUrl = options.specUrl;
  }
}

/**
 * The client, an auth provider or a call argument is unusable (`config` or `invalid-argument`).
 * Nothing was sent.
 *
 * @example
 * ```ts
 * await expect(client.read('Patient', 'not a valid id')).rejects.toBeInstanceOf(ConfigError);
 * ```
 */
export class ConfigError extends LhcrClientError {
  override readonly name: string = 'ConfigError';
  declare readonly code: 'config' | 'invalid-argument';

  constructor(
    code: 'config' | 'invalid-argument',
    message: string,
    options: ClientErrorOptions = {},
  ) {
    super(code, message, options);
  }
}

/**
 * The request got no HTTP response: connection refused or reset, DNS failure, TLS failure.
 * The underlying error is the `cause`.
 *
 * @example
 * ```ts
 * if (error instanceof NetworkError) console.error('is the server running?', error.request?.url);
 * ```
 */
export class NetworkError extends LhcrClientError {
  override readonly name: string = 'NetworkError';
  declare readonly code: 'network';

  constructor(message: string, options: ClientErrorOptions = {}) {
    super('network', message, options);
  }
}

/**
 * An attempt took longer than its `timeoutMs`, or a Bulk Data export did not finish within
 * `maxWaitMs`.
 *
 * @example
 * ```ts
 * if (error instanceof TimeoutError) console.error(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends LhcrClientError {
  override readonly name: string = 'TimeoutError';
  declare readonly code: 'timeout';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, options: ClientErrorOptions = {}) {
    super('timeout', message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's `AbortSignal` fired; its reason is the `cause`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = client.read('Patient', 'example', { signal: controller.signal });
 * controller.abort();
 * await expect(pending).rejects.toBeInstanceOf(AbortedError);
 * ```
 */
export class AbortedError extends LhcrClientError {
  override readonly name: string = 'AbortedError';
  declare readonly code: 'aborted';

  constructor(message: string, options: ClientErrorOptions = {}) {
    super('aborted', message, options);
  }
}

/**
 * Details of a non-2xx reply, for {@link FhirServerError}.
 *
 * @example
 * ```ts
 * const details: FhirServerErrorDetails = { status: 404, outcome: undefined, retryAfterMs: undefined };
 * ```
 */
export interface FhirServerErrorDetails {
  readonly status: number;
  readonly outcome: OperationOutcome | undefined;
  readonly retryAfterMs: number | undefined;
}

/**
 * The server replied with a status outside 2xx. Carries the status, the OperationOutcome when the
 * server sent one (FHIR says it should), the NHS Spine error code from it when present, and the
 * `Retry-After` delay for 429 and 503. The message names the OperationOutcome issue codes but never
 * its diagnostics, which may contain patient data; read `outcome` for those.
 *
 * @see https://hl7.org/fhir/R4/http.html#Status-Codes
 * @example
 * ```ts
 * try {
 *   await client.update(patient, { ifMatch: 'W/"1"' });
 * } catch (error) {
 *   if (error instanceof FhirServerError && error.status === 412) console.error('changed since read');
 * }
 * ```
 */
export class FhirServerError extends LhcrClientError {
  override readonly name: string = 'FhirServerError';
  declare readonly code: 'http-status';
  readonly status: number;
  readonly outcome: OperationOutcome | undefined;
  /** The first Spine error or warning code in the outcome (for example `INVALID_RESOURCE_ID`). */
  readonly spineErrorCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: FhirServerErrorDetails, options: ClientErrorOptions = {}) {
    super('http-status', message, {
      specUrl: 'https://hl7.org/fhir/R4/http.html#Status-Codes',
      ...options,
    });
    this.status = details.status;
    this.outcome = details.outcome;
    this.spineErrorCode = details.outcome === undefined ? undefined : spineCode(details.outcome);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * A 2xx reply that is not what FHIR requires: a body that is not JSON, the wrong resource type,
 * a bad Bulk Data manifest, or a bad NDJSON line (`line` is then its 1-based number).
 *
 * @example
 * ```ts
 * if (error instanceof FhirResponseError && error.line !== undefined) console.error(`bad line ${error.line}`);
 * ```
 */
export class FhirResponseError extends LhcrClientError {
  override readonly name: string = 'FhirResponseError';
  declare readonly code: 'invalid-response';
  readonly status: number | undefined;
  readonly line: number | undefined;

  constructor(
    message: string,
    details: { readonly status?: number | undefined; readonly line?: number | undefined } = {},
    options: ClientErrorOptions = {},
  ) {
    super('invalid-response', message, options);
    this.status = details.status;
    this.line = details.line;
  }
}

/**
 * A reply passed one of the client's explicit limits (response size, NDJSON line length, pages
 * followed). `limit` is the limit that was passed.
 *
 * @example
 * ```ts
 * if (error instanceof LimitExceededError) console.error(`limit ${error.limit} passed`);
 * ```
 */
export class LimitExceededError extends LhcrClientError {
  override readonly name: string = 'LimitExceededError';
  declare readonly code: 'limit-exceeded';
  readonly limit: number;

  constructor(message: string, limit: number, options: ClientErrorOptions = {}) {
    super('limit-exceeded', message, options);
    this.limit = limit;
  }
}

/**
 * The token endpoint refused the client, or replied with something that is not a usable bearer
 * token. `oauthError` is the OAuth 2.0 `error` code when the server sent one (for example
 * `invalid_client`); `oauthErrorDescription` is the server's description, kept out of the message.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @example
 * ```ts
 * if (error instanceof AuthError && error.oauthError === 'invalid_client') console.error('check the key id');
 * ```
 */
export class AuthError extends LhcrClientError {
  override readonly name: string = 'AuthError';
  declare readonly code: 'auth';
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly oauthErrorDescription: string | undefined;

  constructor(
    message: string,
    details: {
      readonly status?: number | undefined;
      readonly oauthError?: string | undefined;
      readonly oauthErrorDescription?: string | undefined;
    } = {},
    options: ClientErrorOptions = {},
  ) {
    super('auth', message, options);
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.oauthErrorDescription = details.oauthErrorDescription;
  }
}

/**
 * A bug in this package: something it assumed could not happen did. Please report it.
 *
 * @example
 * ```ts
 * if (error instanceof InternalError) console.error('please report this bug', error.message);
 * ```
 */
export class InternalError extends LhcrClientError {
  override readonly name: string = 'InternalError';
  declare readonly code: 'internal';

  constructor(message: string, options: ClientErrorOptions = {}) {
    super('internal', message, options);
  }
}

/**
 * Type guard for every error this package throws.
 *
 * @example
 * ```ts
 * if (isLhcrClientError(error)) console.error(error.code);
 * ```
 */
export function isLhcrClientError(value: unknown): value is LhcrClientError {
  return value instanceof LhcrClientError;
}

const SPINE_CODE_SYSTEM = /Spine-ErrorOrWarningCode/i;
/** Codes are echoed into messages only when they look like codes. */
const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** The first Spine error or warning code in an outcome, when it looks like a code. */
function spineCode(outcome: OperationOutcome): string | undefined {
  for (const issue of outcome.issue) {
    for (const coding of issue.details?.coding ?? []) {
      if (
        coding.system !== undefined &&
        SPINE_CODE_SYSTEM.test(coding.system) &&
        coding.code !== undefined &&
        SAFE_CODE.test(coding.code)
      ) {
        return coding.code;
      }
    }
  }
  return undefined;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * `404 Not Found`, or just the number for statuses without a well-known reason phrase.
 *
 * @example
 * ```ts
 * statusText(412); // '412 Precondition Failed'
 * ```
 */
export function statusText(status: number): string {
  const reason = REASONS[status];
  return reason === undefined ? String(status) : `${String(status)} ${reason}`;
}

/**
 * Builds the {@link FhirServerError} for a non-2xx reply. `body` is the parsed reply (or its text);
 * it is kept only when it is an OperationOutcome.
 *
 * @example
 * ```ts
 * const error = httpStatusError({ method: 'GET', url }, 404, outcome, undefined);
 * error.message; // 'GET https://example.org/fhir/Patient/x failed: the server replied 404 Not Found (OperationOutcome issue codes: not-found)'
 * ```
 */
export function httpStatusError(
  request: RequestDescription,
  status: number,
  body: unknown,
  retryAfterMs: number | undefined,
): FhirServerError {
  const outcome = isOperationOutcome(body) ? body : undefined;
  const codes = (outcome?.issue ?? [])
    .map((issue) => issue.code)
    .filter((code) => SAFE_CODE.test(code));
  const detail =
    outcome === undefined
      ? ' (no OperationOutcome in the reply)'
      : ` (OperationOutcome issue codes: ${codes.length > 0 ? [...new Set(codes)].join(', ') : 'none'})`;
  return new FhirServerError(
    `${request.method} ${request.url} failed: the server replied ${statusText(status)}${detail}`,
    { status, outcome, retryAfterMs },
    { request },
  );
}

interface FhirKitErrorShape {
  readonly response: { readonly status: number; readonly data?: unknown };
  readonly config?: {
    readonly method?: unknown;
    readonly url?: unknown;
    readonly headers?: unknown;
  };
}

/**
 * True for the `{ response, config }` rejections of fhir-kit-client (plain objects in 1.x, Errors
 * with those properties in 2.x).
 */
function isFhirKitError(value: unknown): value is FhirKitErrorShape {
  if (typeof value !== 'object' || value === null || !('response' in value)) return false;
  const response: unknown = value.response;
  return (
    typeof response === 'object' &&
    response !== null &&
    'status' in response &&
    typeof response.status === 'number'
  );
}

function requestFromFhirKit(error: FhirKitErrorShape): RequestDescription | undefined {
  const method = error.config?.method;
  const url = error.config?.url;
  if (typeof method !== 'string' || typeof url !== 'string') return undefined;
  return { method: method.toUpperCase(), url: redactUrl(url) };
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return undefined;
}

/**
 * Normalises anything thrown at a boundary into a {@link LhcrClientError}: client errors pass
 * through, fhir-kit-client's `{ response, config }` rejections become {@link FhirServerError} (or
 * {@link FhirResponseError} for a 2xx reply whose body was not JSON), `AbortError`s become
 * {@link AbortedError}, `TimeoutError`s {@link TimeoutError}, fetch's `TypeError`s
 * {@link NetworkError}, identifier errors from `@lhcr/models` `invalid-argument`
 * {@link ConfigError}s, and anything else an {@link InternalError}. Never throws. Bodies of
 * fhir-kit-client errors are not kept as `cause` (their messages repeat the URL).
 *
 * @example
 * ```ts
 * try {
 *   await somethingThatUsesFetch();
 * } catch (thrown) {
 *   const error = toLhcrError(thrown);
 *   console.error(error.code, error.message);
 * }
 * ```
 */
export function toLhcrError(thrown: unknown, request?: RequestDescription): LhcrClientError {
  if (thrown instanceof LhcrClientError) return thrown;
  if (isFhirKitError(thrown)) {
    const described = request ?? requestFromFhirKit(thrown) ?? { method: 'HTTP', url: '(unknown)' };
    const { status, data } = thrown.response;
    if (status >= 200 && status < 300) {
      const contentType = headerValue(thrown.config?.headers, 'content-type');
      return new FhirResponseError(
        `${described.method} ${described.url} returned ${String(status)} with a body that is not valid JSON` +
          ` (content-type: ${contentType ?? 'none'}); expected FHIR JSON`,
        { status },
        { request: described },
      );
    }
    return httpStatusError(described, status, data, undefined);
  }
  const where = request === undefined ? '' : `${request.method} ${request.url}: `;
  if (thrown instanceof IdentifierError) {
    return new ConfigError('invalid-argument', `${where}${thrown.message}`, {
      cause: thrown,
      request,
    });
  }
  if (thrown instanceof Error) {
    if (thrown.name === 'AbortError') {
      return new AbortedError(`${where}the request was aborted by the caller`, {
        cause: thrown,
        request,
      });
    }
    if (thrown.name === 'TimeoutError') {
      return new TimeoutError(`${where}the request timed out`, 0, { cause: thrown, request });
    }
    if (thrown instanceof TypeError) {
      return new NetworkError(`${where}no HTTP response: ${networkReason(thrown)}`, {
        cause: thrown,
        request,
      });
    }
    return new InternalError(`${where}unexpected ${thrown.name} (see cause)`, {
      cause: thrown,
      request,
    });
  }
  return new InternalError(
    `${where}a non-Error value was thrown: ${Object.prototype.toString.call(thrown)}`,
    { cause: thrown, request },
  );
}

/** The system error code (ECONNREFUSED, ...) behind a fetch `TypeError`, or its message. */
function networkReason(error: TypeError): string {
  const cause: unknown = error.cause;
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const code: unknown = cause.code;
    if (typeof code === 'string' && SAFE_CODE.test(code)) return code;
  }
  return error.message === '' ? 'fetch failed' : redactText(error.message);
}
