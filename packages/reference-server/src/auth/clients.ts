import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { ReferenceServerError } from '../errors';
import { isJwsAlgorithm, publicKeyFor } from './jwt';
import { parseScope } from './scopes';
import type { ParsedScope } from './scopes';

/**
 * The algorithms a client assertion may use (the blueprint names the ones it allows).
 *
 * @example
 * ```ts
 * const algorithm: ClientAlgorithm = 'RS512'; // the NHS API platform's
 * ```
 */
export type ClientAlgorithm = 'RS384' | 'RS512' | 'ES384';

/**
 * A client registered with the server: its id, its public keys (a JWKS, each key with a `kid`),
 * the scopes and the purposes of use it may be granted.
 *
 * @example
 * ```ts
 * const registration: ClientRegistration = {
 *   clientId: 'ed-system',
 *   jwks: { keys: [publicJwk] },
 *   scopes: ['system/Patient.read', 'system/Condition.read'],
 *   purposes: ['TREAT', 'ETREAT'],
 * };
 * ```
 */
export interface ClientRegistration {
  readonly clientId: string;
  readonly jwks: { readonly keys: readonly JsonWebKey[] };
  readonly scopes: readonly string[];
  /** HL7 v3 purpose-of-use codes; default every purpose the blueprint defines. */
  readonly purposes?: readonly string[];
}

/**
 * The synthetic client generated when a server starts, so the bundled region can be tested with
 * no setup. Its key pair is made at start and never written to the repository.
 *
 * @example
 * ```ts
 * const { testClient, tokenUrl } = await startReferenceServer();
 * const auth = signedJwtClientCredentials({
 *   tokenUrl, clientId: testClient.clientId, privateKey: testClient.privateKey,
 *   keyId: testClient.kid, algorithm: testClient.algorithm, scope: 'system/Patient.read',
 * });
 * ```
 */
export interface TestClient {
  readonly clientId: string;
  /** Unencrypted PKCS#8 PEM, the form `@lhcr/client` imports. */
  readonly privateKey: string;
  /** The same private key as a JWK. */
  readonly privateJwk: JsonWebKey;
  /** The registered public key (with `kid`, `alg` and `use`). */
  readonly publicJwk: JsonWebKey;
  readonly kid: string;
  readonly algorithm: ClientAlgorithm;
  /** Every scope it may ask for. */
  readonly scopes: readonly string[];
  /** Every purpose of use it may ask for. */
  readonly purposes: readonly string[];
}

/** A registered client, ready for verification. */
export interface RegisteredClient {
  readonly clientId: string;
  readonly keys: ReadonlyMap<string, JsonWebKey>;
  readonly scopes: readonly ParsedScope[];
  readonly purposes: ReadonlySet<string>;
}

/**
 * A new key pair for `algorithm` as a private PEM and public/private JWKs.
 */
export function generateClientKey(
  algorithm: ClientAlgorithm,
  kid: string,
): { privateKey: string; privateJwk: JsonWebKey; publicJwk: JsonWebKey; keyObject: KeyObject } {
  const pair =
    algorithm === 'ES384'
      ? generateKeyPairSync('ec', { namedCurve: 'P-384' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateJwk = pair.privateKey.export({ format: 'jwk' });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateJwk,
    publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' },
    keyObject: pair.privateKey,
  };
}

/** Makes the synthetic test client: a fresh key, every blueprint scope plus writes, every purpose. */
export function createTestClient(
  scopes: readonly string[],
  purposes: readonly string[],
  algorithm: ClientAlgorithm = 'ES384',
): { testClient: TestClient; registration: ClientRegistration } {
  const clientId = `lhcr-test-client-${randomBytes(4).toString('hex')}`;
  const kid = `${clientId}-key-1`;
  const key = generateClientKey(algorithm, kid);
  const testClient: TestClient = {
    clientId,
    privateKey: key.privateKey,
    privateJwk: key.privateJwk,
    publicJwk: key.publicJwk,
    kid,
    algorithm,
    scopes,
    purposes,
  };
  return {
    testClient,
    registration: { clientId, jwks: { keys: [key.publicJwk] }, scopes, purposes },
  };
}

/**
 * Checks a registration and prepares it for verifying assertions.
 *
 * @throws {ReferenceServerError} with code `config` for a registration the server cannot use.
 */
export function registerClient(
  registration: ClientRegistration,
  allPurposes: readonly string[],
): RegisteredClient {
  const where = `client ${JSON.stringify(registration.clientId)}`;
  if (!/^[A-Za-z0-9._~:-]{1,128}$/.test(registration.clientId)) {
    throw new ReferenceServerError(
      'config',
      `${where}: clientId must be 1 to 128 URL-safe characters`,
    );
  }
  const keys = new Map<string, JsonWebKey>();
  for (const key of registration.jwks.keys) {
    if (typeof key.kid !== 'string' || key.kid === '') {
      throw new ReferenceServerError('config', `${where}: every JWKS key needs a kid`);
    }
    const algorithm = typeof key.alg === 'string' ? key.alg : key.kty === 'EC' ? 'ES384' : 'RS384';
    if (!isJwsAlgorithm(algorithm) || publicKeyFor(key, algorithm) === undefined) {
      throw new ReferenceServerError(
        'config',
        `${where}: key ${key.kid} is not a usable RSA (2048 bits or more) or EC P-384 public key`,
      );
    }
    keys.set(key.kid, key);
  }
  const scopes = registration.scopes.map((text) => {
    const scope = parseScope(text);
    if (scope === undefined) {
      throw new ReferenceServerError(
        'config',
        `${where}: scope ${JSON.stringify(text)} is not a system scope such as system/Patient.read or system/*.rs`,
      );
    }
    return scope;
  });
  const purposes = registration.purposes ?? allPurposes;
  for (const purpose of purposes) {
    if (!allPurposes.includes(purpose)) {
      throw new ReferenceServerError(
        'config',
        `${where}: purpose ${JSON.stringify(purpose)} is not one the blueprint defines (${allPurposes.join(', ')})`,
      );
    }
  }
  return { clientId: registration.clientId, keys, scopes, purposes: new Set(purposes) };
}
