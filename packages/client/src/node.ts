import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors';

/**
 * Options of {@link readPrivateKeyPem}.
 *
 * @example
 * ```ts
 * const options: ReadPrivateKeyOptions = { passphrase: process.env.KEY_PASSPHRASE };
 * ```
 */
export interface ReadPrivateKeyOptions {
  /** For an encrypted PEM. */
  readonly passphrase?: string | undefined;
}

/**
 * Reads a private key file (PEM: PKCS#8, PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, or an
 * encrypted PKCS#8 with `passphrase`) and returns it as an unencrypted PKCS#8 PEM, the form Web
 * Crypto imports, for `signedJwtClientCredentials({ privateKey })`. Node only: import it from
 * `@lhcr/client/node`.
 *
 * @throws {ConfigError} when the file cannot be read or holds no usable private key. The message
 * names the path but never the key.
 * @example
 * ```ts
 * import { readPrivateKeyPem } from '@lhcr/client/node';
 * const privateKey = await readPrivateKeyPem('keys/my-app.pem');
 * ```
 */
export async function readPrivateKeyPem(
  path: string,
  options: ReadPrivateKeyOptions = {},
): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (thrown) {
    throw new ConfigError('config', `cannot read the private key file ${path}`, { cause: thrown });
  }
  try {
    const key = createPrivateKey(
      options.passphrase === undefined
        ? { key: text, format: 'pem' }
        : { key: text, format: 'pem', passphrase: options.passphrase },
    );
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new ConfigError(
      'config',
      `${path} does not hold a usable PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted keys need the passphrase)`,
    );
  }
}
