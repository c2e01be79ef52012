import { AuthError, ConfigError } from '../errors';
import type { ResolvedPurposeOfUse } from '../purpose-of-use';
import { redactUrl } from '../redaction';
import { raceSignal } from '../internal/signals';
import type { AuthContext, AuthProvider, FormPostResponse } from './auth-provider';
import {
  createClientAssertion,
  importSigningKey,
  isClientAssertionAlgorithm,
} from './client-assertion';
import type { ClientAssertionAlgorithm, SigningKeyInput } from './client-assertion';

/**
 * Options of {@link signedJwtClientCredentials}.
 *
 * @example
 * ```ts
 * const options: SignedJwtClientCredentialsOptions = {
 *   tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
 *   clientId: 'my-api-key',
 *   privateKey: pkcs8Pem,
 *   keyId: 'test-1',
 * };
 * ```
 */
export interface SignedJwtClientCredentialsOptions {
  /** The OAuth 2.0 token endpoint; also the assertion's `aud`. */
  readonly tokenUrl: string;
  /** The NHS API key or SMART client id: the assertion's `iss` and `sub`. */
  readonly clientId: string;
  readonly privateKey: SigningKeyInput;
  /** The `kid` of the registered public key. */
  readonly keyId: string;
  /** Default `RS512` (the NHS API platform's); SMART Backend Services use `RS384` or `ES384`. */
  readonly algorithm?: ClientAssertionAlgorithm;
  /** Sent as `scope` (SMART requires it, for example `system/*.rs`); the NHS platform needs none. */
  readonly scope?: string;
  /** Seconds until the assertion's `exp`; 1 to 300. Default 300. */
  readonly assertionLifetimeSeconds?: number;
  /** A cached token is replaced this many seconds before it expires. Default 30. */
  readonly refreshBeforeExpirySeconds?: number;
  /** Used when the token reply has no `expires_in`. Default 300. */
  readonly defaultExpiresInSeconds?: number;
  /** Further assertion claims (not the standard ones). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

interface CachedToken {
  readonly header: string;
  readonly refreshAt: number;
}

/** OAuth 2.0 error codes are echoed into messages only when they look like codes. */
const OAUTH_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;
const MAX_DESCRIPTION = 500;

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function numberField(body: unknown, name: string): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = (body as Record<string, unknown>)[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Validates the options that can be checked without I/O; returns the algorithm. */
function validate(options: SignedJwtClientCredentialsOptions): ClientAssertionAlgorithm {
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(options.tokenUrl);
  } catch {
    throw new ConfigError('config', 'signedJwtClientCredentials: tokenUrl must be an absolute URL');
  }
  if (tokenUrl.protocol !== 'https:' && tokenUrl.protocol !== 'http:') {
    throw new ConfigError('config', 'signedJwtClientCredentials: tokenUrl must be http(s)');
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new ConfigError('config', 'signedJwtClientCredentials: clientId must not be empty');
  }
  if (typeof options.keyId !== 'string' || options.keyId === '') {
    throw new ConfigError('config', 'signedJwtClientCredentials: keyId must not be empty');
  }
  const algorithm = options.algorithm ?? 'RS512';
  if (!isClientAssertionAlgorithm(algorithm)) {
    throw new ConfigError(
      'config',
      'signedJwtClientCredentials: algorithm must be RS384, RS512 or ES384',
    );
  }
  for (const [name, value] of [
    ['refreshBeforeExpirySeconds', options.refreshBeforeExpirySeconds],
    ['defaultExpiresInSeconds', options.defaultExpiresInSeconds],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new ConfigError('config', `signedJwtClientCredentials: ${name} must be a number ≥ 0`);
    }
  }
  return algorithm;
}

/**
 * The NHS England signed-JWT client credentials flow, which is also SMART Backend Services:
 * `private_key_jwt` client authentication with an RS384, RS512 or ES384 assertion (see
 * {@link createClientAssertion}), sent as a form POST with `grant_type=client_credentials`.
 *
 * Tokens are cached until `refreshBeforeExpirySeconds` before they expire, separately per
 * purpose of use when the purpose is sent as an assertion claim. Concurrent callers share one
 * in-flight token request. After a 401 from the FHIR server the cached token is dropped and the
 * client retries once with a new one. Token requests go through the client: they are retried on
 * 429/503 and network errors (each attempt with a fresh `jti`) and reported to hooks with the
 * assertion and the token redacted.
 *
 * @see NHS-STANDARDS.md §6.1; https://hl7.org/fhir/smart-app-launch/backend-services.html
 * @throws {ConfigError} at once when an option is unusable; the key is imported on first use.
 * @example
 * ```ts
 * const client = new FhirClient({
 *   baseUrl: 'https://region.example.org/fhir',
 *   auth: signedJwtClientCredentials({
 *     tokenUrl: 'https://region.example.org/oauth2/token',
 *     clientId: 'my-app',
 *     privateKey: await readPrivateKeyPem('keys/my-app.pem'),
 *     keyId: 'my-app-2026',
 *     algorithm: 'ES384',
 *     scope: 'system/*.rs',
 *   }),
 * });
 * ```
 */
export function signedJwtClientCredentials(
  options: SignedJwtClientCredentialsOptions,
): AuthProvider {
  const algorithm = validate(options);
  const now = options.now ?? Date.now;
  const refreshBeforeMs = (options.refreshBeforeExpirySeconds ?? 30) * 1000;
  const defaultExpiresIn = options.defaultExpiresInSeconds ?? 300;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();
  let key: Promise<CryptoKey> | undefined;

  const cacheKey = (purpose: ResolvedPurposeOfUse | undefined): string =>
    purpose?.claim === undefined ? '' : JSON.stringify([purpose.claim, purpose.claimValue]);

  async function assertion(purpose: ResolvedPurposeOfUse | undefined): Promise<string> {
    key ??= importSigningKey(options.privateKey, algorithm);
    const claims: Record<string, unknown> = { ...options.claims };
    if (purpose?.claim !== undefined) claims[purpose.claim] = purpose.claimValue;
    return createClientAssertion({
      clientId: options.clientId,
      tokenUrl: options.tokenUrl,
      key: await key,
      algorithm,
      keyId: options.keyId,
      ...(options.assertionLifetimeSeconds === undefined
        ? {}
        : { lifetimeSeconds: options.assertionLifetimeSeconds }),
      claims,
      now,
    });
  }

  function toToken(reply: FormPostResponse): CachedToken {
    const where = `POST ${redactUrl(options.tokenUrl)}`;
    if (reply.status !== 200) {
      const code = stringField(reply.body, 'error');
      const description = stringField(reply.body, 'error_description');
      const safeCode = code !== undefined && OAUTH_CODE.test(code) ? code : undefined;
      throw new AuthError(
        `${where}: the token endpoint refused the client assertion with ${String(reply.status)}` +
          (safeCode === undefined ? ' (no OAuth error code)' : ` (${safeCode})`),
        {
          status: reply.status,
          oauthError: safeCode,
          oauthErrorDescription: description?.slice(0, MAX_DESCRIPTION),
        },
      );
    }
    const accessToken = stringField(reply.body, 'access_token');
    const tokenType = stringField(reply.body, 'token_type');
    if (accessToken === undefined || !/^[A-Za-z0-9\-._~+/]+=*$/.test(accessToken)) {
      throw new AuthError(`${where}: the token reply has no usable access_token`, {
        status: reply.status,
      });
    }
    if (tokenType?.toLowerCase() !== 'bearer') {
      throw new AuthError(`${where}: the token reply's token_type is not "Bearer"`, {
        status: reply.status,
      });
    }
    const expiresIn = numberField(reply.body, 'expires_in') ?? defaultExpiresIn;
    const expiresAt = now() + expiresIn * 1000;
    return { header: `Bearer ${accessToken}`, refreshAt: expiresAt - refreshBeforeMs };
  }

  async function fetchToken(
    purpose: ResolvedPurposeOfUse | undefined,
    context: AuthContext,
  ): Promise<CachedToken> {
    const form = async (): Promise<URLSearchParams> => {
      const fields = new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(purpose),
      });
      if (options.scope !== undefined) fields.set('scope', options.scope);
      return fields;
    };
    // Not tied to one caller's signal: other callers may be waiting for the same token.
    const reply = await context.postForm(options.tokenUrl, form, undefined);
    return toToken(reply);
  }

  return {
    async getAuthorization(context: AuthContext): Promise<string> {
      const purpose = context.purposeOfUse;
      const id = cacheKey(purpose);
      const cached = cache.get(id);
      if (cached !== undefined && now() < cached.refreshAt) return cached.header;
      let pending = inFlight.get(id);
      if (pending === undefined) {
        pending = fetchToken(purpose, context).then(
          (token) => {
            cache.set(id, token);
            inFlight.delete(id);
            return token;
          },
          (error: unknown) => {
            inFlight.delete(id);
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
        // Every waiter may give up (abort) before the token arrives; the rejection is theirs.
        pending.catch(() => undefined);
        inFlight.set(id, pending);
      }
      const token = await raceSignal(pending, context.signal);
      return token.header;
    },
    invalidate(rejected: string): boolean {
      for (const [id, token] of cache) {
        if (token.header === rejected) cache.delete(id);
      }
      return true;
    },
  };
}
