import { DeidError } from '../errors';
import { decodeUtf8 } from '../internal/text-codec';

/** The key bytes behind each {@link PseudonymKey}, out of reach of logging and serialisation. */
const KEY_BYTES = new WeakMap<PseudonymKey, Uint8Array>();

/**
 * The fewest key bytes lhcr accepts, whatever the policy says: 32 bytes (256 bits), the output
 * size of SHA-256. A policy may ask for more (`pseudonymisation.key.minimumBytes`).
 *
 * @example
 * ```ts
 * createPseudonymKey(randomBytes(MIN_KEY_BYTES));
 * ```
 */
export const MIN_KEY_BYTES = 32;

/** The most key bytes accepted (the policy schema's maximum). */
const MAX_KEY_BYTES = 1024;

/**
 * A pseudonymisation key. The bytes cannot be read back: printing, logging or serialising a key
 * shows `[PseudonymKey: redacted]`. Create one with {@link createPseudonymKey} or
 * {@link decodePseudonymKey} (or `readPseudonymKey` from `@lhcr/deid/node`).
 *
 * @example
 * ```ts
 * const key = decodePseudonymKey(process.env.LHCR_DEID_KEY ?? '');
 * String(key); // '[PseudonymKey: redacted]'
 * ```
 */
export class PseudonymKey {
  /** How many bytes the key has. */
  readonly length: number;

  private constructor(bytes: Uint8Array) {
    this.length = bytes.length;
    KEY_BYTES.set(this, bytes);
  }

  /** @internal Creates a key from bytes already checked (copied by the caller). */
  static fromCheckedBytes(bytes: Uint8Array): PseudonymKey {
    return new PseudonymKey(bytes);
  }

  /**
   * Never the key.
   *
   * @example
   * ```ts
   * `${key}`; // '[PseudonymKey: redacted]'
   * ```
   */
  toString(): string {
    return '[PseudonymKey: redacted]';
  }

  /**
   * Never the key.
   *
   * @example
   * ```ts
   * JSON.stringify({ key }); // '{"key":"[PseudonymKey: redacted]"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }

  /** Never the key (Node's `util.inspect`, used by `console.log`). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * The key's bytes, for the pseudonymiser only.
 *
 * @internal
 */
export function keyBytes(key: PseudonymKey): Uint8Array {
  const bytes = KEY_BYTES.get(key);
  if (bytes === undefined) throw new DeidError('key', 'not a pseudonymisation key created by lhcr');
  return bytes;
}

/**
 * Options for {@link createPseudonymKey} and {@link decodePseudonymKey}.
 *
 * @example
 * ```ts
 * const options: PseudonymKeyOptions = { minimumBytes: policy.pseudonymisation.key.minimumBytes };
 * ```
 */
export interface PseudonymKeyOptions {
  /** The fewest bytes accepted; at least {@link MIN_KEY_BYTES} (32), which is the default. */
  readonly minimumBytes?: number;
  /** Where the key came from, for messages (a file name or an environment variable name). */
  readonly source?: string;
}

/**
 * Wraps key bytes (copied) as a {@link PseudonymKey}. Refuses keys shorter than
 * `options.minimumBytes` (at least 32) or longer than 1,024 bytes, and keys whose bytes are all
 * the same, with a {@link DeidError} `key` whose message never holds key material.
 *
 * @see NHS-STANDARDS.md §5 (keyed HMAC-SHA-256, key held apart from analysts)
 * @example
 * ```ts
 * import { randomBytes } from 'node:crypto';
 * const key = createPseudonymKey(randomBytes(32));
 * ```
 */
export function createPseudonymKey(
  bytes: Uint8Array,
  options: PseudonymKeyOptions = {},
): PseudonymKey {
  const minimum = Math.max(MIN_KEY_BYTES, options.minimumBytes ?? MIN_KEY_BYTES);
  const where = options.source === undefined ? '' : ` from ${options.source}`;
  if (!(bytes instanceof Uint8Array)) {
    throw new DeidError('key', `the pseudonymisation key${where} must be bytes`);
  }
  if (bytes.length < minimum) {
    throw new DeidError(
      'key',
      `the pseudonymisation key${where} has ${String(bytes.length)} bytes; at least ${String(minimum)} are required (e.g. 32 random bytes, hex-encoded)`,
    );
  }
  if (bytes.length > MAX_KEY_BYTES) {
    throw new DeidError(
      'key',
      `the pseudonymisation key${where} has ${String(bytes.length)} bytes; at most ${String(MAX_KEY_BYTES)} are accepted`,
    );
  }
  if (bytes.every((byte) => byte === bytes[0])) {
    throw new DeidError(
      'key',
      `the pseudonymisation key${where} is one byte repeated; use random bytes`,
    );
  }
  return PseudonymKey.fromCheckedBytes(new Uint8Array(bytes));
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let index = 0; index < out.length; index += 1) {
    out[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | BASE64_ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/**
 * Decodes a pseudonymisation key written as text: hex digits (`hex:` prefix optional), or
 * `base64:` / `base64url:` followed by the encoded bytes. Surrounding whitespace is ignored. Any
 * other text is refused: a key typed as a word or phrase is not random enough. Bytes given as a
 * `Uint8Array` (a key file) that are printable UTF-8 text are read as such text; other bytes (a
 * binary key file, random bytes) are the key itself. Then the checks of {@link createPseudonymKey} apply.
 *
 * @example
 * ```ts
 * decodePseudonymKey('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
 * decodePseudonymKey('base64:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=');
 * ```
 */
export function decodePseudonymKey(
  input: string | Uint8Array,
  options: PseudonymKeyOptions = {},
): PseudonymKey {
  let text: string | undefined;
  if (typeof input === 'string') {
    text = input;
  } else {
    // Random key bytes are almost never printable UTF-8; such text is decoded like a string.
    text = decodeUtf8(input);
    // eslint-disable-next-line no-control-regex -- control characters mark binary keys
    if (text === undefined || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
      return createPseudonymKey(input, options);
    }
  }
  const trimmed = text.trim();
  const where = options.source === undefined ? '' : ` in ${options.source}`;
  if (trimmed.startsWith('base64:') || trimmed.startsWith('base64url:')) {
    const url = trimmed.startsWith('base64url:');
    const body = trimmed.slice(url ? 10 : 7);
    if (!(url ? BASE64URL : BASE64).test(body)) {
      throw new DeidError(
        'key',
        `the pseudonymisation key${where} is not valid ${url ? 'base64url' : 'base64'}`,
      );
    }
    return createPseudonymKey(fromBase64(body), options);
  }
  const hex = trimmed.startsWith('hex:') ? trimmed.slice(4) : trimmed;
  if (HEX.test(hex)) return createPseudonymKey(fromHex(hex), options);
  throw new DeidError(
    'key',
    `the pseudonymisation key${where} must be hex digits (an even number of them) or "base64:" followed by base64; generate one with: openssl rand -hex 32`,
  );
}
