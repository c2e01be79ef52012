import type { AuthContext, AuthProvider, FormPostResponse } from '../auth/auth-provider';
import {
  AbortedError,
  ConfigError,
  LimitExceededError,
  LhcrClientError,
  TimeoutError,
  httpStatusError,
  toLhcrError,
} from '../errors';
import type { RequestDescription } from '../errors';
import type { ClientHooks, ExchangeKind, ExchangeRequest, ExchangeResponse } from '../exchange';
import { resolvePurposeOfUse } from '../purpose-of-use';
import type { PurposeOfUseOptions, ResolvedPurposeOfUse } from '../purpose-of-use';
import { redactUrl } from '../redaction';
import { backoffDelay, parseRetryAfter } from '../retry';
import type { ResolvedRetryOptions, RetryOptions } from '../retry';
import { resolveRetryOptions } from '../retry';
import { redactHeaders, redactSecrets, redactSecretsInUrl } from './secrets';
import { abortReason, attemptSignal, sleep } from './signals';

/**
 * Options accepted by every client call.
 *
 * @example
 * ```ts
 * const options: RequestOptions = { timeoutMs: 5000, correlationId: 'batch-42' };
 * ```
 */
export interface RequestOptions {
  /** Aborts the call (including retries and waits); rejects with `AbortedError`. */
  readonly signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Extra headers for this call only. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the client's purpose of use for this call; `null` states none. */
  readonly purposeOfUse?: PurposeOfUseOptions | null;
  /** `X-Correlation-ID` for this call. */
  readonly correlationId?: string;
  /** `X-Request-ID` for this call (a UUID); a fresh one is made when absent. */
  readonly requestId?: string;
  /** Overrides the client's retry options for this call. */
  readonly retry?: RetryOptions;
}

/** The client-wide settings the transport applies to every request. */
export interface TransportSettings {
  readonly auth: AuthProvider | undefined;
  readonly purposeOfUse: ResolvedPurposeOfUse | undefined;
  readonly correlationId: string | (() => string) | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retry: ResolvedRetryOptions;
  readonly hooks: ClientHooks | undefined;
  readonly maxResponseBytes: number;
  readonly random: () => number;
}

/** What one request is and how it may be retried. */
export interface SendSpec {
  readonly kind: ExchangeKind;
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  /** Whether a request that got no response may be sent again. */
  readonly idempotent: boolean;
  /** Whether to send the `Authorization` header. */
  readonly authenticate: boolean;
  /** Whether to send the client's extra headers and the purpose-of-use header. */
  readonly clientHeaders: boolean;
  /** The body as hooks see it (a resource, a form string). */
  readonly body?: unknown;
  /** Makes the body afresh for each attempt (and is what hooks see). */
  readonly prepareBody?: () => Promise<string>;
}

/** What an attempt function is given. */
export interface AttemptInput {
  readonly headers: Headers;
  readonly signal: AbortSignal;
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
}

/** What an attempt function returns for any HTTP reply. */
export interface AttemptOutput {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, the text when it is not JSON, or `undefined` when empty or streamed. */
  readonly body: unknown;
  /** The body was not empty and not JSON. */
  readonly notJson: boolean;
  /** The body, unread, for 2xx replies of streamed requests. */
  readonly stream?: ReadableStream<Uint8Array> | null;
  /** The headers actually sent, when the attempt function knows them. */
  readonly sentHeaders?: Headers;
}

/** The final reply of a call, after retries. */
export interface SendResult extends AttemptOutput {
  readonly request: RequestDescription;
  readonly requestId: string;
  readonly attempts: number;
  /** Lets go of the caller's signal; call when a stream has been read. */
  readonly release: () => void;
}

export type AttemptFn = (input: AttemptInput) => Promise<AttemptOutput>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A function, so that TypeScript does not keep a narrowing of `aborted` across awaits. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

function callHook<T>(hook: ((value: T) => void) | undefined, value: () => T): void {
  if (hook === undefined) return;
  try {
    hook(value());
  } catch {
    // Hooks are observers: a failing hook must never change the outcome of a request.
  }
}

/**
 * Sends requests with the client's headers, auth, timeouts, retries and hooks. Attempt functions
 * do the actual HTTP (through fhir-kit-client, or `fetch` where it cannot).
 */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** Sends a request, retrying as configured; resolves with the final reply whatever its status. */
  async send(spec: SendSpec, call: RequestOptions, attemptFn: AttemptFn): Promise<SendResult> {
    const settings = this.#settings;
    const requestId = call.requestId ?? globalThis.crypto.randomUUID();
    if (!UUID.test(requestId)) {
      throw new ConfigError('invalid-argument', 'requestId must be a UUID');
    }
    const retry = call.retry === undefined ? settings.retry : resolveRetryOptions(call.retry);
    const timeoutMs = call.timeoutMs ?? settings.timeoutMs;
    const purpose = this.#purpose(call);
    const described = (attempts: number): RequestDescription => ({
      method: spec.method,
      url: redactUrl(spec.url),
      requestId,
      attempts,
    });
    let attempt = 0;
    let reauthenticated = false;
    // One extra attempt is allowed after a 401 that got a fresh token.
    const limit = (): number => retry.maxAttempts + (reauthenticated ? 1 : 0);
    for (;;) {
      attempt += 1;
      if (isAborted(call.signal)) {
        throw new AbortedError(
          `${spec.method} ${redactUrl(spec.url)}: aborted by the caller before attempt ${String(attempt)}`,
          { cause: call.signal?.reason, request: described(attempt - 1) },
        );
      }
      const headers = this.#headers(spec, call, requestId, purpose);
      let authorization: string | undefined;
      if (spec.authenticate && settings.auth !== undefined) {
        const context: AuthContext = {
          purposeOfUse: purpose,
          signal: call.signal,
          // The provider chooses the signal: a token shared by concurrent calls must not be
          // cancelled because one caller gave up.
          postForm: (url, form, signal) => this.postForm(url, form, signal),
        };
        try {
          authorization = await settings.auth.getAuthorization(context);
        } catch (thrown) {
          if (isAborted(call.signal)) {
            throw new AbortedError(
              `${spec.method} ${redactUrl(spec.url)}: aborted by the caller while getting a token`,
              { cause: call.signal?.reason, request: described(attempt - 1) },
            );
          }
          throw toLhcrError(thrown, described(attempt - 1));
        }
        if (authorization !== undefined) headers.set('authorization', authorization);
      }
      let body: string | undefined;
      try {
        body = spec.prepareBody === undefined ? undefined : await spec.prepareBody();
      } catch (thrown) {
        throw toLhcrError(thrown, described(attempt - 1));
      }
      const hookBody = body ?? spec.body;
      const startedAt = new Date().toISOString();
      const started = performance.now();
      const requestView = (sent: Headers): ExchangeRequest => ({
        kind: spec.kind,
        requestId,
        attempt,
        method: spec.method,
        url: redactSecretsInUrl(spec.url),
        headers: redactHeaders(sent),
        body: redactSecrets(hookBody),
        startedAt,
      });
      callHook(settings.hooks?.onRequest, () => requestView(headers));

      const timer = attemptSignal(call.signal, timeoutMs);
      let output: AttemptOutput;
      try {
        output = await attemptFn({ headers, signal: timer.signal, body });
      } catch (thrown) {
        timer.release();
        const error = this.#classify(
          thrown,
          spec,
          call,
          timer.timedOut(),
          timeoutMs,
          described(attempt),
        );
        callHook(settings.hooks?.onResponse, () => ({
          request: requestView(headers),
          response: undefined,
          error: { code: error.code, message: error.message },
          durationMs: performance.now() - started,
        }));
        if (error.code === 'network' && spec.idempotent && attempt < limit()) {
          await this.#wait(backoffDelay(retry, attempt, settings.random), call, described(attempt));
          continue;
        }
        throw error;
      }
      const streaming = output.stream !== undefined && output.stream !== null;
      if (streaming) timer.clearTimeout();
      else timer.release();
      callHook(settings.hooks?.onResponse, () => {
        const response: ExchangeResponse = {
          status: output.status,
          headers: redactHeaders(output.headers),
          body: redactSecrets(output.body),
        };
        return {
          request: requestView(output.sentHeaders ?? headers),
          response,
          error: undefined,
          durationMs: performance.now() - started,
        };
      });

      if (
        output.status === 401 &&
        authorization !== undefined &&
        !reauthenticated &&
        settings.auth?.invalidate?.(authorization) === true
      ) {
        reauthenticated = true;
        continue;
      }
      if (retry.statuses.has(output.status) && attempt < limit()) {
        const retryAfter = parseRetryAfter(output.headers.get('retry-after'));
        if (retryAfter === undefined || retryAfter <= retry.maxRetryAfterMs) {
          await output.stream?.cancel().catch(() => undefined);
          timer.release();
          await this.#wait(
            retryAfter ?? backoffDelay(retry, attempt, settings.random),
            call,
            described(attempt),
          );
          continue;
        }
      }
      return {
        ...output,
        request: described(attempt),
        requestId,
        attempts: attempt,
        release: () => {
          timer.release();
        },
      };
    }
  }

  /** Like {@link send}, but throws a `FhirServerError` for any reply outside 2xx. */
  async sendOk(spec: SendSpec, call: RequestOptions, attemptFn: AttemptFn): Promise<SendResult> {
    const result = await this.send(spec, call, attemptFn);
    if (!isOk(result.status)) {
      result.release();
      throw httpStatusError(
        result.request,
        result.status,
        result.body,
        parseRetryAfter(result.headers.get('retry-after')),
      );
    }
    return result;
  }

  /** The form POST that auth providers use for token requests. */
  async postForm(
    url: string,
    form: () => Promise<URLSearchParams>,
    signal: AbortSignal | undefined,
  ): Promise<FormPostResponse> {
    const spec: SendSpec = {
      kind: 'token',
      method: 'POST',
      url,
      // Every attempt carries a fresh assertion (new jti), so a retry is never a replay.
      idempotent: true,
      authenticate: false,
      clientHeaders: false,
      prepareBody: async () => (await form()).toString(),
    };
    const result = await this.send(spec, signal === undefined ? {} : { signal }, (input) =>
      fetchAttempt(spec, input, {
        accept: 'application/json',
        contentType: 'application/x-www-form-urlencoded',
        stream: false,
        maxBytes: this.#settings.maxResponseBytes,
      }),
    );
    return { status: result.status, headers: result.headers, body: result.body };
  }

  #purpose(call: RequestOptions): ResolvedPurposeOfUse | undefined {
    if (call.purposeOfUse === null) return undefined;
    if (call.purposeOfUse !== undefined) return resolvePurposeOfUse(call.purposeOfUse);
    return this.#settings.purposeOfUse;
  }

  #headers(
    spec: SendSpec,
    call: RequestOptions,
    requestId: string,
    purpose: ResolvedPurposeOfUse | undefined,
  ): Headers {
    const settings = this.#settings;
    const headers = new Headers();
    if (spec.clientHeaders) {
      for (const [name, value] of Object.entries(settings.headers)) headers.set(name, value);
      for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
      if (purpose?.header !== undefined) headers.set(purpose.header, purpose.headerValue);
    }
    headers.set('x-request-id', requestId);
    const correlationId =
      call.correlationId ??
      (typeof settings.correlationId === 'function'
        ? settings.correlationId()
        : settings.correlationId);
    if (correlationId !== undefined) headers.set('x-correlation-id', correlationId);
    return headers;
  }

  #classify(
    thrown: unknown,
    spec: SendSpec,
    call: RequestOptions,
    timedOut: boolean,
    timeoutMs: number,
    request: RequestDescription,
  ): LhcrClientError {
    if (thrown instanceof LhcrClientError) return thrown;
    const where = `${spec.method} ${request.url}`;
    if (isAborted(call.signal)) {
      return new AbortedError(`${where}: aborted by the caller`, {
        cause: call.signal?.reason,
        request,
      });
    }
    if (timedOut) {
      return new TimeoutError(
        `${where}: no complete response within ${String(timeoutMs)} ms`,
        timeoutMs,
        { request },
      );
    }
    return toLhcrError(thrown, request);
  }

  async #wait(ms: number, call: RequestOptions, request: RequestDescription): Promise<void> {
    try {
      await sleep(ms, call.signal);
    } catch {
      throw new AbortedError(
        `${request.method} ${request.url}: aborted by the caller while waiting to retry`,
        {
          cause: abortReason(call.signal),
          request,
        },
      );
    }
  }
}

/** Options of {@link fetchAttempt}. */
export interface FetchAttemptOptions {
  readonly accept: string;
  readonly contentType?: string;
  /** Leave the body of a 2xx reply unread, for the caller to stream. */
  readonly stream: boolean;
  readonly maxBytes: number;
}

/** One attempt with the platform `fetch`, for what fhir-kit-client cannot do. */
export async function fetchAttempt(
  spec: SendSpec,
  input: AttemptInput,
  options: FetchAttemptOptions,
): Promise<AttemptOutput> {
  const headers = new Headers(input.headers);
  headers.set('accept', options.accept);
  if (options.contentType !== undefined && input.body !== undefined) {
    headers.set('content-type', options.contentType);
  }
  const init: RequestInit = { method: spec.method, headers, signal: input.signal };
  if (input.body !== undefined) init.body = input.body;
  const response = await fetch(spec.url, init);
  if (options.stream && isOk(response.status)) {
    return {
      status: response.status,
      headers: response.headers,
      body: undefined,
      notJson: false,
      stream: response.body,
      sentHeaders: headers,
    };
  }
  const text = await readText(response, options.maxBytes, spec);
  const parsed = parseJson(text);
  return {
    status: response.status,
    headers: response.headers,
    body: parsed.body,
    notJson: parsed.notJson,
    sentHeaders: headers,
  };
}

/** Parses a reply body: JSON when it is JSON, the text otherwise, `undefined` when empty. */
export function parseJson(text: string): { body: unknown; notJson: boolean } {
  if (text.trim() === '') return { body: undefined, notJson: false };
  try {
    return { body: JSON.parse(text) as unknown, notJson: false };
  } catch {
    return { body: text, notJson: true };
  }
}

/** Reads a reply's text, failing once it passes `maxBytes`. */
async function readText(response: Response, maxBytes: number, spec: SendSpec): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new LimitExceededError(
        `${spec.method} ${redactUrl(spec.url)}: the reply is larger than the limit of ${String(maxBytes)} bytes`,
        maxBytes,
      );
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
