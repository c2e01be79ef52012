import { ConfigError } from '../errors';
import { base64Decode, base64UrlEncode, base64UrlEncodeText } from '../internal/base64url';

/**
 * The JWS algorithms accepted for client assertions: RS384 and ES384 (SMART Backend Services),
 * RS512 (NHS England API platform signed JWT).
 *
 * @see https://hl7.org/fhir/smart-app-launch/backend-services.html
 * @example
 * ```ts
 * CLIENT_ASSERTION_ALGORITHMS.includes('RS512'); // true
 * ```
 */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS384', 'RS512', 'ES384'] as const;

/**
 * One of {@link CLIENT_ASSERTION_ALGORITHMS}.
 *
 * @example
 * ```ts
 * const algorithm: ClientAssertionAlgorithm = 'ES384';
 * ```
 */
export type ClientAssertionAlgorithm = (typeof CLIENT_ASSERTION_ALGORITHMS)[number];

/**
 * A private key for signing: a Web Crypto `CryptoKey` (imported for the algorithm), a private
 * JWK, or a PKCS#8 PEM string (`-----BEGIN PRIVATE KEY-----`). PKCS#1 and SEC1 PEM files can be
 * converted with `readPrivateKeyPem` from `@lhcr/client/node`.
 *
 * @example
 * ```ts
 * const key: SigningKeyInput = await readPrivateKeyPem('keys/private.pem');
 * ```
 */
export type SigningKeyInput = CryptoKey | JsonWebKey | string;

/** Web Crypto parameters for importing and signing with each algorithm. */
const ALGORITHMS: Readonly<
  Record<
    ClientAssertionAlgorithm,
    {
      readonly import: RsaHashedImportParams | EcKeyImportParams;
      readonly sign: AlgorithmIdentifier | EcdsaParams;
    }
  >
> = {
  RS384: {
    import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  RS512: {
    import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
  ES384: {
    import: { name: 'ECDSA', namedCurve: 'P-384' },
    sign: { name: 'ECDSA', hash: 'SHA-384' },
  },
};

/** RSA keys shorter than this are refused (SMART and NHS keys are 2048 bits or more). */
const MIN_RSA_BITS = 2048;

function subtle(): SubtleCrypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto?.subtle === undefined) {
    throw new ConfigError(
      'config',
      'Web Crypto (globalThis.crypto.subtle) is not available; it needs Node 20+ or a browser in a secure context',
    );
  }
  return crypto.subtle;
}

/**
 * Whether a string is one of {@link CLIENT_ASSERTION_ALGORITHMS}.
 *
 * @example
 * ```ts
 * isClientAssertionAlgorithm('HS256'); // false
 * ```
 */
export function isClientAssertionAlgorithm(value: unknown): value is ClientAssertionAlgorithm {
  return (CLIENT_ASSERTION_ALGORITHMS as readonly unknown[]).includes(value);
}

function assertAlgorithm(algorithm: unknown): asserts algorithm is ClientAssertionAlgorithm {
  if (!isClientAssertionAlgorithm(algorithm)) {
    throw new ConfigError(
      'config',
      `unsupported client assertion algorithm; expected one of ${CLIENT_ASSERTION_ALGORITHMS.join(', ')}`,
    );
  }
}

function checkKey(key: CryptoKey, algorithm: ClientAssertionAlgorithm): CryptoKey {
  const expected = ALGORITHMS[algorithm].import;
  const actual = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm>;
  const fits =
    key.type === 'private' &&
    key.usages.includes('sign') &&
    actual.name === expected.name &&
    ('hash' in expected
      ? actual.hash?.name === expected.hash
      : actual.namedCurve === expected.namedCurve);
  if (!fits) {
    throw new ConfigError(
      'config',
      `the signing key does not fit ${algorithm}: expected a private ${
        algorithm === 'ES384'
          ? 'ECDSA P-384'
          : `RSASSA-PKCS1-v1_5 ${algorithm === 'RS384' ? 'SHA-384' : 'SHA-512'}`
      } key with the "sign" usage`,
    );
  }
  if (actual.name === 'RSASSA-PKCS1-v1_5' && (actual.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new ConfigError(
      'config',
      `the RSA signing key has ${String(actual.modulusLength)} bits; at least ${String(MIN_RSA_BITS)} are required`,
    );
  }
  return key;
}

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

function pemToPkcs8(pem: string): Uint8Array<ArrayBuffer> {
  const match = PEM.exec(pem);
  if (match === null) {
    throw new ConfigError('config', 'the private key is not a PEM block or a JWK');
  }
  const label = match[1] ?? '';
  if (label !== 'PRIVATE KEY') {
    const hint =
      label === 'RSA PRIVATE KEY' || label === 'EC PRIVATE KEY'
        ? '; convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt`, or load it with readPrivateKeyPem from @lhcr/client/node'
        : label === 'ENCRYPTED PRIVATE KEY'
          ? '; decrypt it first, for example with readPrivateKeyPem(path, { passphrase }) from @lhcr/client/node'
          : '';
    throw new ConfigError(
      'config',
      `the private key PEM is "${label}"; expected an unencrypted PKCS#8 "PRIVATE KEY"${hint}`,
    );
  }
  const der = base64Decode(match[2] ?? '');
  if (der === undefined || der.length === 0) {
    throw new ConfigError('config', 'the private key PEM does not hold valid base64');
  }
  return der;
}

/**
 * Imports a private key for signing client assertions with `algorithm` (not extractable). Checks
 * that the key fits the algorithm (RSA for RS384/RS512, at least 2048 bits; P-384 for ES384).
 *
 * @throws {ConfigError} when the key cannot be imported or does not fit the algorithm.
 * @example
 * ```ts
 * const key = await importSigningKey(pkcs8Pem, 'RS512');
 * ```
 */
export async function importSigningKey(
  input: SigningKeyInput,
  algorithm: ClientAssertionAlgorithm,
): Promise<CryptoKey> {
  assertAlgorithm(algorithm);
  if (typeof CryptoKey !== 'undefined' && input instanceof CryptoKey) {
    return checkKey(input, algorithm);
  }
  const params = ALGORITHMS[algorithm].import;
  let key: CryptoKey;
  try {
    if (typeof input === 'string') {
      key = await subtle().importKey('pkcs8', pemToPkcs8(input), params, false, ['sign']);
    } else {
      const jwk = input as JsonWebKey;
      if (typeof jwk.d !== 'string') {
        throw new ConfigError(
          'config',
          'the JWK has no private part ("d"); expected a private key',
        );
      }
      // Web Crypto refuses a JWK whose "alg" or "key_ops" disagree; keep only the key material.
      const material: JsonWebKey = { ...jwk };
      delete material.alg;
      delete material.key_ops;
      delete material.use;
      key = await subtle().importKey('jwk', material, params, false, ['sign']);
    }
  } catch (thrown) {
    if (thrown instanceof ConfigError) throw thrown;
    throw new ConfigError(
      'config',
      `the private key could not be imported for ${algorithm}; expected ${
        algorithm === 'ES384' ? 'an EC P-384' : 'an RSA'
      } private key`,
      { cause: thrown },
    );
  }
  return checkKey(key, algorithm);
}

/**
 * Signs a compact JWS (JWT) over `header` and `claims` with a key imported by
 * {@link importSigningKey}. ECDSA signatures come from Web Crypto in the IEEE P1363 (r‖s) form
 * that JWS requires.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-3.1
 * @example
 * ```ts
 * const jwt = await signJwt({ alg: 'ES384', typ: 'JWT', kid: 'key-1' }, { iss: 'client' }, key);
 * ```
 */
export async function signJwt(
  header: { readonly alg: ClientAssertionAlgorithm } & Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, unknown>>,
  key: CryptoKey,
): Promise<string> {
  assertAlgorithm(header.alg);
  checkKey(key, header.alg);
  const signingInput = `${base64UrlEncodeText(JSON.stringify(header))}.${base64UrlEncodeText(
    JSON.stringify(claims),
  )}`;
  const signature = await subtle().sign(
    ALGORITHMS[header.alg].sign,
    key,
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`;
}

/**
 * Options of {@link createClientAssertion}.
 *
 * @example
 * ```ts
 * const options: ClientAssertionOptions = { clientId: 'my-app', tokenUrl, key, algorithm: 'RS512', keyId: 'key-1' };
 * ```
 */
export interface ClientAssertionOptions {
  /** Becomes `iss` and `sub` (the NHS API key or the SMART client id). */
  readonly clientId: string;
  /** Becomes `aud`. */
  readonly tokenUrl: string;
  readonly key: CryptoKey;
  readonly algorithm: ClientAssertionAlgorithm;
  /** Becomes the header's `kid`: the id of the registered public key. */
  readonly keyId: string;
  /** Seconds until `exp`; 1 to 300 (the NHS and SMART maximum). Default 300. */
  readonly lifetimeSeconds?: number;
  /** Further claims (for example the purpose of use). They cannot replace the standard claims. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The clock, in milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/** The maximum assertion lifetime the NHS API platform and SMART Backend Services accept. */
const MAX_LIFETIME_SECONDS = 300;
const STANDARD_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'jti', 'iat', 'nbf']);

/**
 * Creates a signed-JWT client assertion (`private_key_jwt`): header `alg`, `typ: JWT` and `kid`;
 * claims `iss` = `sub` = client id, `aud` = token URL, a fresh UUID `jti`, and `exp` at most five
 * minutes ahead, plus any extra claims.
 *
 * @see NHS-STANDARDS.md §6.1; https://hl7.org/fhir/smart-app-launch/backend-services.html#request-access-token
 * @throws {ConfigError} when an option is unusable.
 * @example
 * ```ts
 * const assertion = await createClientAssertion({
 *   clientId: 'my-api-key',
 *   tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
 *   key: await importSigningKey(pem, 'RS512'),
 *   algorithm: 'RS512',
 *   keyId: 'test-1',
 * });
 * ```
 */
export async function createClientAssertion(options: ClientAssertionOptions): Promise<string> {
  const lifetime = options.lifetimeSeconds ?? MAX_LIFETIME_SECONDS;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
    throw new ConfigError(
      'config',
      `the client assertion lifetime must be a whole number of seconds from 1 to ${String(MAX_LIFETIME_SECONDS)}`,
    );
  }
  if (options.clientId === '') throw new ConfigError('config', 'clientId must not be empty');
  if (options.keyId === '') throw new ConfigError('config', 'keyId must not be empty');
  for (const name of Object.keys(options.claims ?? {})) {
    if (STANDARD_CLAIMS.has(name)) {
      throw new ConfigError(
        'config',
        `extra claims cannot set "${name}"; the client assertion sets iss, sub, aud, exp and jti itself`,
      );
    }
  }
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  return signJwt(
    { alg: options.algorithm, typ: 'JWT', kid: options.keyId },
    {
      ...options.claims,
      iss: options.clientId,
      sub: options.clientId,
      aud: options.tokenUrl,
      jti: globalThis.crypto.randomUUID(),
      exp: nowSeconds + lifetime,
    },
    options.key,
  );
}
