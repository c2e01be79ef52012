import { ConfigError } from '../errors';
import type { ResolvedPurposeOfUse } from '../purpose-of-use';

/**
 * A reply to a form POST sent through the client: any status (the provider decides what a
 * failure means), the parsed JSON body (or its text, or `undefined` when empty).
 *
 * @example
 * ```ts
 * const reply: FormPostResponse = { status: 200, headers: new Headers(), body: { access_token: '…' } };
 * ```
 */
export interface FormPostResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * What the client gives an {@link AuthProvider} for each request.
 *
 * @example
 * ```ts
 * const provider: AuthProvider = {
 *   getAuthorization: async (context: AuthContext) => `Bearer ${await myTokenFor(context.purposeOfUse?.code)}`,
 * };
 * ```
 */
export interface AuthContext {
  /** The purpose of use of this request, when one is configured. */
  readonly purposeOfUse: ResolvedPurposeOfUse | undefined;
  /** The caller's signal for this request. */
  readonly signal: AbortSignal | undefined;
  /**
   * Sends an `application/x-www-form-urlencoded` POST through the client (timeouts, retries on
   * 429/503 and network errors, hooks with secrets redacted, `X-Request-ID`). `form` is called
   * once per attempt, so every attempt can carry a fresh client assertion.
   */
  readonly postForm: (
    url: string,
    form: () => Promise<URLSearchParams>,
    signal?: AbortSignal,
  ) => Promise<FormPostResponse>;
}

/**
 * Supplies the `Authorization` header for FHIR requests. Use {@link bearerToken} or
 * `signedJwtClientCredentials`, or implement your own (for example for NHS CIS2 user tokens).
 *
 * @example
 * ```ts
 * const provider: AuthProvider = { getAuthorization: () => Promise.resolve('Bearer abc') };
 * ```
 */
export interface AuthProvider {
  /** The `Authorization` header value for one request, or `undefined` to send none. */
  getAuthorization(context: AuthContext): Promise<string | undefined>;
  /**
   * Called when the server answered 401 to a request sent with `rejected`. Return `true` when a
   * new call to `getAuthorization` may give a different, working value; the client then retries
   * the request once.
   */
  invalidate?(rejected: string): boolean;
}

/** RFC 6750 `b64token`. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * An {@link AuthProvider} that sends one fixed bearer token. It cannot refresh, so a 401 is final.
 *
 * @throws {ConfigError} when the token is empty or contains whitespace or control characters.
 * @example
 * ```ts
 * const client = new FhirClient({ baseUrl, auth: bearerToken(accessToken) });
 * ```
 */
export function bearerToken(token: string): AuthProvider {
  if (typeof token !== 'string' || !BEARER_TOKEN.test(token)) {
    throw new ConfigError(
      'config',
      'bearerToken: the token must be a non-empty string of RFC 6750 token characters',
    );
  }
  const value = `Bearer ${token}`;
  return { getAuthorization: () => Promise.resolve(value) };
}
