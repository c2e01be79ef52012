import type { OperationOutcome } from '@lhcr/models';
import { TerminologyError } from '../terminology-error';

/** One HTTP exchange with the server. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly maxResponseBytes: number;
  /** Removes secrets from any text that goes into an error. */
  readonly redact: (text: string) => string;
}

const MAX_DETAIL = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? error.cause : undefined;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  return undefined;
}

/** The first issue's text, shortened, for a message. */
function describeOutcome(outcome: OperationOutcome): string {
  const issue = outcome.issue[0];
  const text = issue?.diagnostics ?? issue?.details?.text ?? issue?.code ?? '';
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

async function readBody(response: Response, request: HttpRequest): Promise<string> {
  const reader = response.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > request.maxResponseBytes) {
      await reader.cancel();
      throw new TerminologyError(
        'malformed-response',
        `${request.method} ${request.url}: the response is larger than maxResponseBytes (${request.maxResponseBytes} bytes); expected a smaller answer (use count for large expansions)`,
        { url: request.url },
      );
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * Sends one request and returns the parsed JSON of a successful answer. Applies the timeout to
 * the whole exchange (headers and body), honours the caller's signal, bounds the body size, and
 * turns every failure into a {@link TerminologyError} with secrets redacted.
 */
export async function requestJson(request: HttpRequest): Promise<unknown> {
  const { method, url, redact } = request;
  if (request.signal?.aborted === true) {
    throw new TerminologyError('aborted', `${method} ${url} was cancelled before it started`, {
      url,
    });
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onAbort = (): void => {
    controller.abort();
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });

  const transportError = (error: unknown): TerminologyError => {
    if (error instanceof TerminologyError) return error;
    if (timedOut) {
      return new TerminologyError(
        'timeout',
        `${method} ${url} got no complete answer within ${request.timeoutMs} ms; expected the server to answer within the timeout`,
        { url, cause: error },
      );
    }
    if (request.signal?.aborted === true) {
      return new TerminologyError('aborted', `${method} ${url} was cancelled by the caller`, {
        url,
        cause: error,
      });
    }
    const code = causeCode(error);
    const reason = redact(code ?? (error instanceof Error ? error.message : String(error)));
    return new TerminologyError(
      'unreachable',
      `${method} ${url} could not reach the terminology server (${reason}); expected a FHIR server at that address`,
      { url, cause: error },
    );
  };

  try {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: controller.signal,
        redirect: 'follow',
      });
      text = await readBody(response, request);
    } catch (error) {
      throw transportError(error);
    }
    let json: unknown;
    let parsed = true;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (!response.ok) {
      const outcome =
        parsed &&
        isRecord(json) &&
        json.resourceType === 'OperationOutcome' &&
        Array.isArray(json.issue)
          ? (JSON.parse(redact(JSON.stringify(json))) as OperationOutcome)
          : undefined;
      const detail = outcome === undefined ? '' : `: ${describeOutcome(outcome)}`;
      throw new TerminologyError(
        'http-status',
        redact(
          `${method} ${url} answered HTTP ${response.status}${response.statusText === '' ? '' : ` ${response.statusText}`}${detail}`,
        ),
        {
          url,
          status: response.status,
          ...(outcome === undefined ? {} : { operationOutcome: outcome }),
        },
      );
    }
    if (!parsed || json === undefined) {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new TerminologyError(
        'malformed-response',
        `${method} ${url} answered HTTP ${response.status} with a body that is not JSON (${type}); expected FHIR JSON`,
        { url },
      );
    }
    return json;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}
