import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { testKey } from '../__fixtures__/keys';
import { ConfigError } from '../errors';
import {
  CLIENT_ASSERTION_ALGORITHMS,
  createClientAssertion,
  importSigningKey,
  isClientAssertionAlgorithm,
  signJwt,
} from './client-assertion';

const tokenUrl = 'https://int.api.service.nhs.uk/oauth2/token';

describe('createClientAssertion', () => {
  it.each(CLIENT_ASSERTION_ALGORITHMS)(
    'signs a %s assertion that an independent JOSE library verifies',
    async (algorithm) => {
      const key = await testKey(algorithm);
      const now = Date.UTC(2026, 5, 1, 12, 0, 0);
      const assertion = await createClientAssertion({
        clientId: 'my-api-key',
        tokenUrl,
        key: await importSigningKey(key.privatePem, algorithm),
        algorithm,
        keyId: key.keyId,
        claims: { purpose_of_use: 'TREAT' },
        now: () => now,
      });
      expect(decodeProtectedHeader(assertion)).toEqual({
        alg: algorithm,
        typ: 'JWT',
        kid: key.keyId,
      });
      const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: [key.publicJwk] }), {
        algorithms: [algorithm],
        audience: tokenUrl,
        issuer: 'my-api-key',
        subject: 'my-api-key',
        currentDate: new Date(now),
      });
      expect(payload.exp).toBe(now / 1000 + 300);
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(payload.purpose_of_use).toBe('TREAT');
      expect(Object.keys(payload).sort()).toEqual([
        'aud',
        'exp',
        'iss',
        'jti',
        'purpose_of_use',
        'sub',
      ]);
    },
  );

  it('uses a fresh jti every time and a shorter lifetime when asked', async () => {
    const key = await testKey('ES384');
    const signingKey = await importSigningKey(key.privateJwk, 'ES384');
    const options = {
      clientId: 'c',
      tokenUrl,
      key: signingKey,
      algorithm: 'ES384',
      keyId: 'k',
    } as const;
    const [first, second] = await Promise.all([
      createClientAssertion(options),
      createClientAssertion({ ...options, lifetimeSeconds: 60, now: () => 1_000_000 }),
    ]);
    const payload = (jwt: string): Record<string, unknown> =>
      JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
    expect(payload(first).jti).not.toBe(payload(second).jti);
    expect(payload(second).exp).toBe(1000 + 60);
  });

  it('rejects lifetimes over five minutes and standard claims in extras', async () => {
    const key = await importSigningKey((await testKey('ES384')).privatePem, 'ES384');
    const options = { clientId: 'c', tokenUrl, key, algorithm: 'ES384', keyId: 'k' } as const;
    await expect(createClientAssertion({ ...options, lifetimeSeconds: 301 })).rejects.toThrow(
      'from 1 to 300',
    );
    await expect(createClientAssertion({ ...options, claims: { aud: 'other' } })).rejects.toThrow(
      'cannot set "aud"',
    );
  });
});

describe('importSigningKey', () => {
  it('refuses a key that does not fit the algorithm', async () => {
    const rsa = await testKey('RS512');
    await expect(importSigningKey(rsa.privatePem, 'ES384')).rejects.toBeInstanceOf(ConfigError);
    const imported = await importSigningKey(rsa.privatePem, 'RS512');
    await expect(importSigningKey(imported, 'RS384')).rejects.toThrow('does not fit RS384');
    await expect(signJwt({ alg: 'RS384' }, {}, imported)).rejects.toThrow('does not fit RS384');
  });

  it('explains PKCS#1, SEC1 and encrypted PEM files', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    await expect(importSigningKey(pkcs1, 'RS512')).rejects.toThrow(
      'the private key PEM is "RSA PRIVATE KEY"; expected an unencrypted PKCS#8 "PRIVATE KEY"; convert it',
    );
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' })
      .toString();
    await expect(importSigningKey(encrypted, 'RS512')).rejects.toThrow('decrypt it first');
    await expect(importSigningKey('not a key', 'RS512')).rejects.toThrow('not a PEM block');
  });

  it('refuses RSA keys shorter than 2048 bits', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(importSigningKey(pem, 'RS384')).rejects.toThrow('has 1024 bits');
  });

  it('refuses public JWKs and unknown algorithms', async () => {
    const key = await testKey('ES384');
    await expect(importSigningKey(key.publicJwk, 'ES384')).rejects.toThrow('no private part');
    await expect(importSigningKey(key.privatePem, 'HS256' as 'ES384')).rejects.toThrow(
      'unsupported client assertion algorithm',
    );
    expect(isClientAssertionAlgorithm('RS384')).toBe(true);
    expect(isClientAssertionAlgorithm('none')).toBe(false);
  });

  it('never puts key material in messages', async () => {
    const key = await testKey('RS384');
    const error: unknown = await importSigningKey(key.privatePem, 'ES384').catch(
      (thrown: unknown) => thrown,
    );
    const body = key.privatePem.split('\n')[1] ?? '';
    expect((error as Error).message).not.toContain(body.slice(0, 20));
  });
});
