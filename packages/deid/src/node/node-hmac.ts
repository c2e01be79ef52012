import { createHmac, createSecretKey } from 'node:crypto';
import type { HmacSha256Factory } from '../pseudonym/hmac';

/**
 * HMAC-SHA-256 from node:crypto (OpenSSL). Gives the same bytes as `portableHmacSha256`.
 *
 * @example
 * ```ts
 * const { report } = deidentifyNdjson(text, { ...options, hmac: nodeHmacSha256 });
 * ```
 */
export const nodeHmacSha256: HmacSha256Factory = (key) => {
  const secret = createSecretKey(key);
  return (message) => createHmac('sha256', secret).update(message).digest();
};
