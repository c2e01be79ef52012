import { REDACTED } from '../redaction';

/** Headers that carry credentials; their values never reach a hook. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'apikey',
  'x-api-key',
]);

/** JSON fields and form or query parameters that carry credentials. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'client_assertion',
  'client_secret',
  'assertion',
  'subject_token',
  'code_verifier',
  'password',
]);

/** A compact JWS: three base64url segments, the first two starting with `eyJ` (`{"`). */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const MAX_DEPTH = 200;

/** Masks compact JWTs anywhere in a string. */
export function maskJwts(text: string): string {
  return text.replace(JWT_LIKE, REDACTED);
}

/** Headers as a lower-case record with credential headers redacted. */
export function redactHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    result[lower] = SECRET_HEADERS.has(lower) ? REDACTED : maskJwts(value);
  });
  return result;
}

function redactFormLike(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const name = pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return SECRET_FIELDS.has(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

/** A URL with secret query parameters and JWTs redacted. */
export function redactSecretsInUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return maskJwts(url);
  return maskJwts(url.slice(0, queryStart + 1) + redactFormLike(url.slice(queryStart + 1)));
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskJwts(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    result[key] = SECRET_FIELDS.has(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return result;
}

/**
 * A deep copy of a body with secrets redacted: credential fields in JSON, credential parameters in
 * form strings, and compact JWTs anywhere.
 */
export function redactSecrets(body: unknown): unknown {
  if (typeof body === 'string') {
    return body.includes('=') && !body.trimStart().startsWith('{')
      ? maskJwts(redactFormLike(body))
      : maskJwts(body);
  }
  return redactValue(body, 0);
}
