import { hmac } from '@noble/hashes/hmac';
import type { HMAC } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';

/**
 * Makes a keyed HMAC-SHA-256 function: given the key once, it returns a function from message
 * bytes to the 32-byte MAC. lhcr ships two: {@link portableHmacSha256} (pure JavaScript, runs
 * anywhere) and `nodeHmacSha256` in `@lhcr/deid/node` (node:crypto). Both give the same bytes.
 *
 * @see RFC 2104 (HMAC); FIPS 180-4 (SHA-256)
 * @example
 * ```ts
 * const mac = portableHmacSha256(keyBytes)(new TextEncoder().encode('message')); // 32 bytes
 * ```
 */
export type HmacSha256Factory = (key: Uint8Array) => (message: Uint8Array) => Uint8Array;

/**
 * HMAC-SHA-256 in pure JavaScript (`@noble/hashes`), with the keyed state computed once and
 * reused for every message. Runs in Node and the browser.
 *
 * @example
 * ```ts
 * const mac = portableHmacSha256(keyBytes);
 * mac(new TextEncoder().encode('9990000018')).length; // 32
 * ```
 */
export const portableHmacSha256: HmacSha256Factory = (key) => {
  const keyed = hmac.create(sha256, key);
  let scratch: HMAC<ReturnType<typeof sha256.create>> | undefined;
  return (message) => {
    scratch = keyed._cloneInto(scratch);
    scratch.update(message);
    return scratch.digest();
  };
};
