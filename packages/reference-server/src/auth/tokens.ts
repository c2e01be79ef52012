import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { decodeJws, signJws, verifyJws } from './jwt';
import { parseScope } from './scopes';
import type { ParsedScope } from './scopes';

/** What an access token grants: who, which scopes, which purposes, until when. */
export interface Grant {
  readonly clientId: string;
  readonly scopes: readonly ParsedScope[];
  readonly purposes: ReadonlySet<string>;
  /** ms since the epoch. */
  readonly expiresAt: number;
  readonly tokenId: string;
}

/** The outcome of checking a bearer token. */
export type TokenCheck =
  | { readonly ok: true; readonly grant: Grant }
  | { readonly ok: false; readonly reason: 'malformed' | 'invalid' | 'expired' | 'revoked' };

/**
 * Issues and checks access tokens: JWTs signed with the server's own ES256 key (made at start,
 * published as a JWKS), carrying `scope` and `purpose_of_use` claims (LHCR-SEC-01, -05, -07).
 */
export class TokenIssuer {
  readonly kid = `lhcr-reference-${randomUUID().slice(0, 8)}`;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly publicJwk: JsonWebKey;
  private readonly revoked = new Set<string>();
  private readonly cache = new Map<string, Grant>();

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly purposeClaim: string,
    private readonly acceptExpired: boolean,
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.publicJwk = {
      ...pair.publicKey.export({ format: 'jwk' }),
      kid: this.kid,
      alg: 'ES256',
      use: 'sig',
    };
  }

  /** The public key that verifies issued tokens, as a JWKS. */
  jwks(): { keys: JsonWebKey[] } {
    return { keys: [this.publicJwk] };
  }

  issue(
    clientId: string,
    scopes: readonly ParsedScope[],
    purposes: readonly string[],
    lifetimeSeconds: number,
    now: number = Date.now(),
  ): string {
    const iat = Math.floor(now / 1000);
    return signJws(
      { alg: 'ES256', typ: 'at+jwt', kid: this.kid },
      {
        iss: this.issuer,
        aud: this.audience,
        sub: clientId,
        client_id: clientId,
        iat,
        exp: iat + lifetimeSeconds,
        jti: randomUUID(),
        scope: scopes.map((scope) => scope.text).join(' '),
        [this.purposeClaim]: [...purposes],
      },
      this.privateKey,
    );
  }

  /** Checks a bearer token: signature, issuer, audience and expiry. */
  check(token: string, now: number = Date.now()): TokenCheck {
    const cached = this.cache.get(token);
    let grant = cached;
    if (grant === undefined) {
      const decoded = decodeJws(token);
      if (decoded === undefined) return { ok: false, reason: 'malformed' };
      if (decoded.header['alg'] !== 'ES256' || decoded.header['kid'] !== this.kid) {
        return { ok: false, reason: 'invalid' };
      }
      if (!verifyJws(decoded, this.publicKey, 'ES256')) return { ok: false, reason: 'invalid' };
      const { payload } = decoded;
      const exp = payload['exp'];
      const sub = payload['sub'];
      const jti = payload['jti'];
      const scope = payload['scope'];
      const purposes = payload[this.purposeClaim];
      if (
        payload['iss'] !== this.issuer ||
        payload['aud'] !== this.audience ||
        typeof exp !== 'number' ||
        typeof sub !== 'string' ||
        typeof jti !== 'string' ||
        typeof scope !== 'string' ||
        !Array.isArray(purposes)
      ) {
        return { ok: false, reason: 'invalid' };
      }
      grant = {
        clientId: sub,
        scopes: scope
          .split(' ')
          .map(parseScope)
          .filter((parsed): parsed is ParsedScope => parsed !== undefined),
        purposes: new Set(purposes.filter((code): code is string => typeof code === 'string')),
        expiresAt: exp * 1000,
        tokenId: jti,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(token, grant);
    }
    if (this.revoked.has(grant.tokenId)) return { ok: false, reason: 'revoked' };
    if (grant.expiresAt <= now && !this.acceptExpired) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** Revokes every token issued so far with these ids. */
  revoke(tokenId: string): void {
    this.revoked.add(tokenId);
  }
}
