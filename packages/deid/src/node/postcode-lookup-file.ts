import { basename } from 'node:path';
import { PostcodeLookupReader } from '../generalise/postcode';
import type { PostcodeLookupOptions, PostcodeLookupResult } from '../generalise/postcode';
import { textChunks } from './files';

/**
 * Reads a postcode-to-LSOA lookup CSV (a regional extract of the ONS Postcode Directory, say)
 * in chunks. Memory grows with the postcodes it holds (about 100 bytes each).
 *
 * @throws {DeidError} `io` when the file cannot be read; `config` when the header lacks the columns.
 * @example
 * ```ts
 * const { lookup, skipped } = await loadPostcodeLookup('onspd-west-yorkshire.csv');
 * ```
 */
export async function loadPostcodeLookup(
  path: string,
  options: PostcodeLookupOptions = {},
): Promise<PostcodeLookupResult> {
  const reader = new PostcodeLookupReader({ source: basename(path), ...options });
  for await (const chunk of textChunks(path)) reader.push(chunk);
  return reader.end();
}
