import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { ClientAssertionAlgorithm } from '../auth/client-assertion';

/** A freshly generated key pair for signing client assertions in tests. */
export interface TestKey {
  readonly algorithm: ClientAssertionAlgorithm;
  readonly keyId: string;
  /** Unencrypted PKCS#8 PEM. */
  readonly privatePem: string;
  readonly privateJwk: JWK;
  /** The public JWK with `kid`, `alg` and `use`, as a JWKS would publish it. */
  readonly publicJwk: JWK;
}

const cache = new Map<string, Promise<TestKey>>();

async function generate(algorithm: ClientAssertionAlgorithm, keyId: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, {
    extractable: true,
    ...(algorithm === 'ES384' ? {} : { modulusLength: 2048 }),
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: keyId, alg: algorithm, use: 'sig' };
  return {
    algorithm,
    keyId,
    privatePem: await exportPKCS8(privateKey),
    privateJwk: await exportJWK(privateKey),
    publicJwk,
  };
}

/** A key pair for `algorithm`, generated once per test file and key id (RSA keys are slow). */
export function testKey(
  algorithm: ClientAssertionAlgorithm,
  keyId = `test-${algorithm}`,
): Promise<TestKey> {
  const id = `${algorithm}:${keyId}`;
  let key = cache.get(id);
  if (key === undefined) {
    key = generate(algorithm, keyId);
    cache.set(id, key);
  }
  return key;
}
