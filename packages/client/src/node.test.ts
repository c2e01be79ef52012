import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSigningKey } from './auth/client-assertion';
import { ConfigError } from './errors';
import { readPrivateKeyPem } from './node';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lhcr-client-keys-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('readPrivateKeyPem', () => {
  it('converts PKCS#1 RSA and SEC1 EC keys to PKCS#8 that Web Crypto imports', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const rsaPath = join(directory, 'rsa.pem');
    const ecPath = join(directory, 'ec.pem');
    await writeFile(rsaPath, rsa.export({ type: 'pkcs1', format: 'pem' }));
    await writeFile(ecPath, ec.export({ type: 'sec1', format: 'pem' }));
    const rsaPem = await readPrivateKeyPem(rsaPath);
    const ecPem = await readPrivateKeyPem(ecPath);
    expect(rsaPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect((await importSigningKey(rsaPem, 'RS512')).algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect((await importSigningKey(ecPem, 'ES384')).algorithm.name).toBe('ECDSA');
  });

  it('decrypts an encrypted key with its passphrase', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const path = join(directory, 'encrypted.pem');
    await writeFile(
      path,
      ec.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }),
    );
    await expect(readPrivateKeyPem(path)).rejects.toBeInstanceOf(ConfigError);
    expect(await readPrivateKeyPem(path, { passphrase: 'secret' })).toContain('BEGIN PRIVATE KEY');
  });

  it('reports a missing or unusable file without its content', async () => {
    await expect(readPrivateKeyPem(join(directory, 'missing.pem'))).rejects.toThrow(
      'cannot read the private key file',
    );
    const path = join(directory, 'garbage.pem');
    await writeFile(path, 'not-a-key-SECRETVALUE');
    const error: unknown = await readPrivateKeyPem(path).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toContain('does not hold a usable PEM private key');
    expect((error as Error).message).not.toContain('SECRETVALUE');
  });
});
