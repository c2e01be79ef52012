import { readFile, stat } from 'node:fs/promises';
import { DeidError } from '../errors';
import { decodePseudonymKey } from '../pseudonym/key';
import type { PseudonymKey } from '../pseudonym/key';

/**
 * The environment variable a pseudonymisation key may be given in (hex, or `base64:...`).
 *
 * @example
 * ```ts
 * process.env[DEID_KEY_ENV]; // 'LHCR_DEID_KEY'
 * ```
 */
export const DEID_KEY_ENV = 'LHCR_DEID_KEY';

/** The largest key file read. */
const MAX_KEY_FILE_BYTES = 8192;

/**
 * Where to read the pseudonymisation key from: a file, else an environment variable.
 *
 * @example
 * ```ts
 * const source: PseudonymKeySource = { file: '/run/secrets/deid.key', minimumBytes: 32 };
 * ```
 */
export interface PseudonymKeySource {
  /** A key file: raw bytes, or text holding hex digits or `base64:...`. */
  readonly file?: string;
  /** The environment to read {@link DEID_KEY_ENV} (or `envName`) from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly envName?: string;
  /** The fewest key bytes accepted (at least 32; the policy's `key.minimumBytes`). */
  readonly minimumBytes?: number;
}

/**
 * A key read by {@link readPseudonymKey}, where it came from, and warnings (a key file other
 * users can read).
 *
 * @example
 * ```ts
 * const { key, from, warnings } = await readPseudonymKey({ file: 'deid.key' });
 * ```
 */
export interface ReadPseudonymKeyResult {
  readonly key: PseudonymKey;
  readonly from: 'file' | 'environment';
  readonly warnings: readonly string[];
}

/**
 * Reads the pseudonymisation key from `source.file` or, without one, from the environment
 * variable `LHCR_DEID_KEY`. There is no default key: with neither it throws. The key is never
 * put in a message.
 *
 * @throws {DeidError} `key` when there is no key or it is unusable; `io` when the file cannot be read.
 * @example
 * ```ts
 * const { key } = await readPseudonymKey({ file: process.env.DEID_KEY_FILE, minimumBytes: policy.pseudonymisation.key.minimumBytes });
 * ```
 */
export async function readPseudonymKey(
  source: PseudonymKeySource,
): Promise<ReadPseudonymKeyResult> {
  const envName = source.envName ?? DEID_KEY_ENV;
  const options = source.minimumBytes === undefined ? {} : { minimumBytes: source.minimumBytes };
  if (source.file !== undefined) {
    let size: number;
    let mode: number;
    try {
      const info = await stat(source.file);
      size = info.size;
      mode = info.mode;
    } catch (error) {
      throw new DeidError('io', `cannot read the key file ${source.file}: ${errorCode(error)}`, {
        cause: error,
      });
    }
    if (size > MAX_KEY_FILE_BYTES) {
      throw new DeidError(
        'key',
        `the key file ${source.file} is ${String(size)} bytes; a key file holds at most ${String(MAX_KEY_FILE_BYTES)}`,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(source.file));
    } catch (error) {
      throw new DeidError('io', `cannot read the key file ${source.file}: ${errorCode(error)}`, {
        cause: error,
      });
    }
    const warnings =
      (mode & 0o077) !== 0 && process.platform !== 'win32'
        ? [
            `the key file ${source.file} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
          ]
        : [];
    return {
      key: decodePseudonymKey(bytes, { ...options, source: source.file }),
      from: 'file',
      warnings,
    };
  }
  const text = (source.env ?? process.env)[envName];
  if (text === undefined || text.trim() === '') {
    throw new DeidError(
      'key',
      `no pseudonymisation key: give a key file (--key-file <file>) or set ${envName}; generate one with: openssl rand -hex 32`,
    );
  }
  return {
    key: decodePseudonymKey(text, { ...options, source: envName }),
    from: 'environment',
    warnings: [],
  };
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : 'unknown';
}
