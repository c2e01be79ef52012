/** 32-bit FNV-1a of a string's UTF-16 code units, with a seed. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A UUID-shaped identifier derived from `text` (not cryptographic; the same text always gives
 * the same id), so that resources lhcr adds are the same on every run.
 */
export function stableUuid(text: string): string {
  const hex = [1, 2, 3, 4].map((seed) => fnv1a(text, seed).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
