import type { IncomingMessage, ServerResponse } from 'node:http';
import { withinDepth } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { DefectSet } from '../defects';
import type { FhirRequest, FhirResponse, ReferenceServerLogger } from '../server/context';
import { FhirHttpError, fail, operationOutcome } from './outcome';

/** Where the server's endpoints live below its origin. */
export const FHIR_PATH = '/fhir';
export const TOKEN_PATH = '/oauth2/token';
export const JWKS_PATH = '/.well-known/jwks.json';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const FORM_TYPE = 'application/x-www-form-urlencoded';
const FORMAT_VALUES = new Set([
  'json',
  'application/json',
  'application/fhir+json',
  'application/json+fhir',
]);
const ACCEPTABLE = new Set([
  '*/*',
  'application/*',
  'application/fhir+json',
  'application/json',
  'application/json+fhir',
  'application/fhir+ndjson',
  'application/ndjson',
]);
/** Bytes of an over-long body read and thrown away before the connection is closed. */
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;
/** Token requests are small forms. */
const MAX_TOKEN_BODY_BYTES = 64 * 1024;

/** What the HTTP layer hands requests to. */
export interface HttpHandlers {
  readonly fhir: (request: FhirRequest) => Promise<FhirResponse>;
  readonly token: (
    form: URLSearchParams,
    remoteAddress: string | undefined,
  ) => { status: number; body: JsonObject };
  readonly jwks: () => JsonObject;
  readonly errorResponse: (error: unknown) => FhirResponse;
  readonly defects: DefectSet;
  readonly maxBodyBytes: number;
  readonly log: ReferenceServerLogger;
}

function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}

function acceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const zero = params.some((param) => /^q\s*=\s*0(?:\.0*)?$/.test(param));
    return !zero && type !== undefined && ACCEPTABLE.has(type);
  });
}

/** Reads the body up to `limit` bytes; `undefined` when it is longer (the rest is drained). */
/** Decodes request bodies: bytes that are not UTF-8 are refused; a byte order mark is dropped. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  const chunks: Buffer[] = [];
  let size = 0;
  let over = Number.isFinite(declared) && declared > limit;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (!over && size <= limit) chunks.push(buffer);
    else {
      over = true;
      chunks.length = 0;
      if (size > MAX_DRAIN_BYTES) {
        request.destroy();
        break;
      }
    }
  }
  return over ? undefined : Buffer.concat(chunks);
}

function tooLarge(limit: number): FhirHttpError {
  return new FhirHttpError(413, {
    code: 'too-long',
    diagnostics: `The request body is larger than the ${String(limit)} bytes this server accepts`,
    details: 'INVALID_REQUEST',
  });
}

function headerMap(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Copies a header value that is safe to echo (a request or correlation id). */
function echoable(value: string | undefined): string | undefined {
  return value !== undefined && /^[\x21-\x7e]{1,200}$/.test(value) ? value : undefined;
}

async function send(
  response: ServerResponse,
  result: FhirResponse,
  head: boolean,
  extraHeaders: Record<string, string>,
): Promise<void> {
  const headers: Record<string, string> = { ...extraHeaders, ...result.headers };
  const body = result.body;
  if (body === undefined) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  if (typeof body === 'string' || !(Symbol.asyncIterator in body)) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = result.contentType ?? FHIR_JSON;
    headers['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(result.status, headers);
    response.end(head ? undefined : text);
    return;
  }
  headers['content-type'] = result.contentType ?? FHIR_JSON;
  response.writeHead(result.status, headers);
  if (head) {
    response.end();
    return;
  }
  for await (const chunk of body) {
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        response.once('drain', resolve);
        response.once('close', resolve);
      });
      if (response.destroyed) return;
    }
  }
  response.end();
}

/**
 * The node:http request listener of the reference server: routing to the FHIR API, the token
 * endpoint and the JWKS; body limits (413), media types (406, 415), malformed bodies (400);
 * every error an OperationOutcome; `X-Request-ID` and `X-Correlation-ID` echoed (LHCR-SEC-09).
 * Log lines name the method, the first path segment, the status and the time only.
 */
export function createRequestListener(
  handlers: HttpHandlers,
): (request: IncomingMessage, response: ServerResponse) => void {
  const ignoreMediaTypes = handlers.defects.has('ignore-content-type');
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = headerMap(request);
    const echo: Record<string, string> = {};
    const requestId = echoable(headers['x-request-id']);
    const correlationId = echoable(headers['x-correlation-id']);
    if (requestId !== undefined) echo['x-request-id'] = requestId;
    if (correlationId !== undefined) echo['x-correlation-id'] = correlationId;
    let label =
      url.pathname.split('/').filter((part) => part !== '')[1] ?? url.pathname.split('/')[1] ?? '';
    if (!/^[A-Za-z$_.-]{1,40}$/.test(label)) label = '(other)';
    let status = 500;
    try {
      if (url.pathname === TOKEN_PATH) {
        label = 'token';
        if (method !== 'POST') {
          status = 405;
          await send(
            response,
            {
              status,
              body: { error: 'invalid_request', error_description: 'use POST' },
              contentType: 'application/json',
              headers: { allow: 'POST' },
            },
            false,
            echo,
          );
          return;
        }
        const body = await readBody(request, MAX_TOKEN_BODY_BYTES);
        const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
        if (body === undefined) {
          status = 413;
          await send(
            response,
            {
              status,
              contentType: 'application/json',
              body: { error: 'invalid_request', error_description: 'the request is too large' },
              headers: noStore,
            },
            false,
            echo,
          );
          return;
        }
        if (mediaType(headers['content-type']) !== FORM_TYPE) {
          status = 400;
          await send(
            response,
            {
              status,
              contentType: 'application/json',
              body: {
                error: 'invalid_request',
                error_description: `the token request must be ${FORM_TYPE}`,
              },
              headers: noStore,
            },
            false,
            echo,
          );
          return;
        }
        const reply = handlers.token(
          new URLSearchParams(body.toString('utf8')),
          request.socket.remoteAddress,
        );
        status = reply.status;
        await send(
          response,
          { status, contentType: 'application/json', body: reply.body, headers: noStore },
          false,
          echo,
        );
        return;
      }
      if (url.pathname === JWKS_PATH && (method === 'GET' || method === 'HEAD')) {
        status = 200;
        await send(
          response,
          { status, contentType: 'application/json', body: handlers.jwks() },
          method === 'HEAD',
          echo,
        );
        return;
      }
      if (url.pathname !== FHIR_PATH && !url.pathname.startsWith(`${FHIR_PATH}/`)) {
        throw fail.notFound(`This server serves FHIR at ${FHIR_PATH}`);
      }
      const path = url.pathname.slice(FHIR_PATH.length).replace(/^\/+|\/+$/g, '');
      const query: [string, string][] = [...url.searchParams];
      const format = query.find(([name]) => name === '_format')?.[1];
      if (!ignoreMediaTypes) {
        if (
          format !== undefined &&
          (!FORMAT_VALUES.has(format) ||
            (handlers.defects.has('reject-format-json') && format === 'json'))
        ) {
          throw new FhirHttpError(406, {
            code: 'not-supported',
            diagnostics: 'This server only answers in JSON (_format=json)',
            details: 'INVALID_REQUEST',
          });
        }
        if (format === undefined && !acceptable(headers['accept'])) {
          throw new FhirHttpError(406, {
            code: 'not-supported',
            diagnostics: 'This server only answers application/fhir+json',
            details: 'INVALID_REQUEST',
          });
        }
      } else if (format === 'json' && handlers.defects.has('reject-format-json')) {
        throw new FhirHttpError(406, {
          code: 'not-supported',
          diagnostics: 'This server only answers in JSON',
          details: 'INVALID_REQUEST',
        });
      }
      let json: unknown;
      let form: [string, string][] | undefined;
      if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
        const body = await readBody(request, handlers.maxBodyBytes);
        if (body === undefined) throw tooLarge(handlers.maxBodyBytes);
        if (body.length > 0) {
          const type = mediaType(headers['content-type']);
          if (type === FORM_TYPE) {
            form = [...new URLSearchParams(body.toString('utf8'))];
          } else if ((type !== undefined && JSON_TYPES.has(type)) || ignoreMediaTypes) {
            let text: string;
            try {
              text = STRICT_UTF8.decode(body);
            } catch {
              // Decoding it anyway would store replacement characters in place of the patient's data.
              throw fail.badRequest(
                'The request body is not valid UTF-8 (FHIR JSON is always UTF-8)',
                'INVALID_REQUEST',
              );
            }
            try {
              json = JSON.parse(text);
            } catch {
              throw fail.badRequest('The request body is not valid JSON', 'INVALID_REQUEST');
            }
            if (!withinDepth(json)) {
              throw fail.badRequest(
                'The request body nests objects and arrays too deeply (more than 64 levels)',
                'INVALID_REQUEST',
              );
            }
          } else {
            throw new FhirHttpError(415, {
              code: 'not-supported',
              diagnostics: 'Request bodies must be application/fhir+json (or a form for _search)',
              details: 'INVALID_REQUEST',
            });
          }
        } else if (method !== 'POST' || !/\/_search$|\$|^$/.test(path)) {
          throw fail.badRequest('The request has no body', 'INVALID_REQUEST');
        }
      }
      const result = await handlers.fhir({
        method,
        path,
        query,
        rawQuery: url.search.startsWith('?') ? url.search.slice(1) : '',
        headers,
        json,
        form,
        remoteAddress: request.socket.remoteAddress,
      });
      status = result.status;
      await send(response, result, method === 'HEAD', echo);
    } catch (error) {
      const result = handlers.errorResponse(error);
      status = result.status;
      if (!response.headersSent) await send(response, result, method === 'HEAD', echo);
      else response.destroy();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      handlers.log('debug', `${method} ${label} ${String(status)} ${ms.toFixed(1)}ms`);
    }
  };
  return (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': FHIR_JSON });
        response.end(
          JSON.stringify(
            operationOutcome([
              { code: 'exception', diagnostics: 'The server could not handle the request' },
            ]),
          ),
        );
      } else {
        response.destroy();
      }
    });
  };
}
