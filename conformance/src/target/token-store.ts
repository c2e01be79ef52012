import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AuthError } from '@lhcr/client';
import type { IssuedToken } from '../engine/conformance-test';
import { signCompactJwt, toKeyObject } from './jwt';
import type { JwsAlgorithm } from './jwt';
import type { SignedJwtCredentials } from './target';

/** What a token request sends and gets back, through a recorded client. */
export type TokenTransport = (
  tokenUrl: string,
  form: URLSearchParams,
) => Promise<{ readonly status: number; readonly body: unknown }>;

/** A token request's wish: the scopes and the purpose of use. */
export interface TokenKey {
  readonly scopes: readonly string[];
  readonly purpose: string | undefined;
}

/** How long before expiry a cached token is replaced. */
const REFRESH_BEFORE_MS = 30_000;
const OAUTH_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/**
 * The run's tokens: one per scope set and purpose, cached until shortly before they expire, with
 * one request in flight per key. Assertions follow the blueprint: `iss` = `sub` = client id,
 * `aud` = token URL, a fresh `jti`, `exp` four minutes ahead, and the purpose in a claim.
 */
export class TokenStore {
  readonly #credentials: SignedJwtCredentials;
  readonly #purposeClaim: string;
  readonly #now: () => number;
  readonly #cache = new Map<string, { token: IssuedToken; refreshAt: number }>();
  readonly #inFlight = new Map<string, Promise<IssuedToken>>();
  #key: KeyObject | undefined;

  constructor(credentials: SignedJwtCredentials, purposeClaim: string, now: () => number) {
    this.#credentials = credentials;
    this.#purposeClaim = purposeClaim;
    this.#now = now;
  }

  /** The signing key (imported once). */
  key(): KeyObject {
    this.#key ??= toKeyObject(this.#credentials.privateKey);
    return this.#key;
  }

  /** The algorithm the client's assertions use. */
  algorithm(): 'RS384' | 'RS512' | 'ES384' {
    if (this.#credentials.algorithm !== undefined) return this.#credentials.algorithm;
    return this.key().asymmetricKeyType === 'ec' ? 'ES384' : 'RS384';
  }

  get clientId(): string {
    return this.#credentials.clientId;
  }

  get keyId(): string {
    return this.#credentials.keyId;
  }

  /**
   * A client assertion with the standard claims; `overrides` replace header fields or claims
   * (a claim set to `undefined` is left out), for the token endpoint's refusal tests.
   */
  assertion(
    tokenUrl: string,
    purpose: string | undefined,
    overrides: {
      readonly header?: Readonly<Record<string, unknown>> & { readonly alg?: JwsAlgorithm };
      readonly claims?: Readonly<Record<string, unknown>>;
      readonly key?: KeyObject;
    } = {},
  ): string {
    const nowSeconds = Math.floor(this.#now() / 1000);
    const claims: Record<string, unknown> = {
      iss: this.clientId,
      sub: this.clientId,
      aud: tokenUrl,
      jti: randomUUID(),
      iat: nowSeconds,
      exp: nowSeconds + 240,
      ...(purpose === undefined ? {} : { [this.#purposeClaim]: purpose }),
      ...overrides.claims,
    };
    for (const [name, value] of Object.entries(claims)) {
      if (value === undefined) Reflect.deleteProperty(claims, name);
    }
    const header = { alg: this.algorithm(), typ: 'JWT', kid: this.keyId, ...overrides.header };
    return signCompactJwt(header, claims, overrides.key ?? this.key());
  }

  /** The form of a client-credentials token request carrying `assertion`. */
  static form(assertion: string, scopes: readonly string[]): URLSearchParams {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    return form;
  }

  /** A cached or new token for `key`. */
  async token(key: TokenKey, tokenUrl: string, send: TokenTransport): Promise<IssuedToken> {
    const id = JSON.stringify([[...key.scopes].sort(), key.purpose ?? null]);
    const cached = this.#cache.get(id);
    if (cached !== undefined && this.#now() < cached.refreshAt) return cached.token;
    let pending = this.#inFlight.get(id);
    if (pending === undefined) {
      pending = this.#request(key, tokenUrl, send).then(
        (token) => {
          const lifetimeMs = (token.expiresIn ?? 300) * 1000;
          this.#cache.set(id, {
            token,
            refreshAt: this.#now() + Math.max(0, lifetimeMs - REFRESH_BEFORE_MS),
          });
          this.#inFlight.delete(id);
          return token;
        },
        (error: unknown) => {
          this.#inFlight.delete(id);
          throw error;
        },
      );
      pending.catch(() => undefined);
      this.#inFlight.set(id, pending);
    }
    return pending;
  }

  async #request(key: TokenKey, tokenUrl: string, send: TokenTransport): Promise<IssuedToken> {
    const form = TokenStore.form(this.assertion(tokenUrl, key.purpose), key.scopes);
    const reply = await send(tokenUrl, form);
    const what = `a token for purpose ${key.purpose ?? '(none)'}`;
    if (reply.status !== 200) {
      const code = field(reply.body, 'error');
      const safe = typeof code === 'string' && OAUTH_CODE.test(code) ? code : undefined;
      throw new AuthError(
        `the token endpoint refused ${what} with ${String(reply.status)}${safe === undefined ? '' : ` (${safe})`}`,
        { status: reply.status, oauthError: safe },
      );
    }
    const accessToken = field(reply.body, 'access_token');
    const tokenType = field(reply.body, 'token_type');
    const expiresIn = field(reply.body, 'expires_in');
    const scope = field(reply.body, 'scope');
    if (typeof accessToken !== 'string' || !/^[A-Za-z0-9\-._~+/]+=*$/.test(accessToken)) {
      throw new AuthError(`the token endpoint's reply for ${what} has no usable access_token`, {
        status: reply.status,
      });
    }
    return {
      accessToken,
      tokenType: typeof tokenType === 'string' ? tokenType : '',
      expiresIn:
        typeof expiresIn === 'number'
          ? expiresIn
          : typeof expiresIn === 'string' && /^\d+$/.test(expiresIn)
            ? Number(expiresIn)
            : undefined,
      scope: typeof scope === 'string' ? scope : undefined,
    };
  }
}
