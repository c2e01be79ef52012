import { createPublicKey, sign, verify } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';

/** A compact JWS split into its parts, not yet verified. */
export interface DecodedJws {
  readonly header: JsonObject;
  readonly payload: JsonObject;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;
/** Client assertions and access tokens longer than this are refused unread. */
export const MAX_JWT_CHARS = 16_384;

function decodeSegment(segment: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWS, or `undefined` when it is not one. */
export function decodeJws(token: string): DecodedJws | undefined {
  if (token.length > MAX_JWT_CHARS) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return undefined;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart);
  const payload = decodeSegment(payloadPart);
  if (header === undefined || payload === undefined) return undefined;
  return {
    header,
    payload,
    signingInput: `${headerPart}.${payloadPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

/** The signature algorithms the server verifies, with their hash and key shape. */
const ALGORITHMS = {
  RS384: { hash: 'sha384', kty: 'RSA', curve: undefined },
  RS512: { hash: 'sha512', kty: 'RSA', curve: undefined },
  ES384: { hash: 'sha384', kty: 'EC', curve: 'P-384' },
  ES256: { hash: 'sha256', kty: 'EC', curve: 'P-256' },
} as const;

/** An algorithm {@link verifyJws} knows. */
export type JwsAlgorithm = keyof typeof ALGORITHMS;

/** Whether `value` is an algorithm {@link verifyJws} knows. */
export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value);
}

const MIN_RSA_BITS = 2048;

/** A public key from a JWK, checked to fit `algorithm`; `undefined` when it does not. */
export function publicKeyFor(jwk: JsonWebKey, algorithm: JwsAlgorithm): KeyObject | undefined {
  const spec = ALGORITHMS[algorithm];
  if (jwk.kty !== spec.kty) return undefined;
  if (spec.curve !== undefined && jwk.crv !== spec.curve) return undefined;
  try {
    const material: JsonWebKey = { ...jwk };
    delete material.d;
    delete material.p;
    delete material.q;
    delete material.dp;
    delete material.dq;
    delete material.qi;
    const key = createPublicKey({ key: material, format: 'jwk' });
    if (spec.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
      return undefined;
    }
    return key;
  } catch {
    return undefined;
  }
}

/** Whether the JWS signature verifies with `key` under `algorithm`. */
export function verifyJws(decoded: DecodedJws, key: KeyObject, algorithm: JwsAlgorithm): boolean {
  const spec = ALGORITHMS[algorithm];
  try {
    return verify(
      spec.hash,
      Buffer.from(decoded.signingInput),
      spec.kty === 'EC' ? { key, dsaEncoding: 'ieee-p1363' } : key,
      decoded.signature,
    );
  } catch {
    return false;
  }
}

/** Signs a compact JWS with an EC or RSA private key. */
export function signJws(
  header: JsonObject & { readonly alg: JwsAlgorithm },
  payload: JsonObject,
  key: KeyObject,
): string {
  const spec = ALGORITHMS[header.alg];
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(
    JSON.stringify(payload),
  ).toString('base64url')}`;
  const signature = sign(
    spec.hash,
    Buffer.from(signingInput),
    spec.kty === 'EC' ? { key, dsaEncoding: 'ieee-p1363' } : key,
  );
  return `${signingInput}.${signature.toString('base64url')}`;
}
