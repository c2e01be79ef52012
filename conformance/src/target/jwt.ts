import { createPrivateKey, sign } from 'node:crypto';
import type { JsonWebKey as NodeJsonWebKey, KeyObject } from 'node:crypto';

/** JWS algorithms the tester can sign with (`none` signs nothing: for refusal tests). */
export type JwsAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512' | 'none';

const HASHES: Readonly<Record<Exclude<JwsAlgorithm, 'none'>, string>> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Reads a PEM private key (PKCS#8, PKCS#1 or SEC1) or a private JWK into a Node key object. */
export function toKeyObject(key: string | Readonly<Record<string, unknown>>): KeyObject {
  return typeof key === 'string'
    ? createPrivateKey({ key, format: 'pem' })
    : createPrivateKey({ key: { ...key } as NodeJsonWebKey, format: 'jwk' });
}

/**
 * Signs a compact JWS with any of {@link JwsAlgorithm}, including algorithms a server must refuse
 * (`none`, or one not listed in the blueprint), for testing token endpoints.
 */
export function signCompactJwt(
  header: Readonly<Record<string, unknown>> & { readonly alg: JwsAlgorithm },
  claims: Readonly<Record<string, unknown>>,
  key: KeyObject | undefined,
): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  if (header.alg === 'none') return `${input}.`;
  if (key === undefined) throw new Error(`a key is needed to sign ${header.alg}`);
  const hash = (HASHES as Readonly<Record<string, string | undefined>>)[header.alg];
  if (hash === undefined) throw new Error(`the tester cannot sign with ${header.alg}`);
  const signature = header.alg.startsWith('ES')
    ? sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
    : sign(hash, Buffer.from(input), key);
  return `${input}.${base64url(signature)}`;
}

/** The claims of a compact JWT, without checking its signature; `undefined` when it is not one. */
export function decodeJwtClaims(token: string): Readonly<Record<string, unknown>> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
