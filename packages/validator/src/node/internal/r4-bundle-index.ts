import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleLookup } from '../lazy-bundle';
import { LazyBundle } from '../lazy-bundle';
import { readRange } from './read-range';

/**
 * Where the resources of the hl7.fhir.r4.core bundle files lie, by file name: the file's size
 * and, by `resourceType|url`, each resource's byte offsets.
 */
export type R4BundleIndex = Readonly<
  Record<
    string,
    { readonly size: number; readonly spans: Record<string, readonly [number, number]> }
  >
>;

/** Indexes the named bundle files of `folder` (at build time, for {@link openIndexedBundle}). */
export function indexR4Bundles(folder: string, files: readonly string[]): R4BundleIndex {
  const index: Record<string, R4BundleIndex[string]> = {};
  for (const file of files) {
    const bytes = readFileSync(join(folder, file));
    const spans = LazyBundle.index(bytes);
    if (spans === undefined) continue;
    index[file] = {
      size: bytes.length,
      spans: Object.fromEntries([...spans].map(([key, span]) => [key, [span.start, span.end]])),
    };
  }
  return index;
}

/**
 * A bundle file read through its index: a lookup reads only the resource's bytes. Undefined when
 * the index has no entry for the file or the file's size differs from the one indexed (another
 * version installed): the caller then reads the file itself. A resource that is not where the
 * index says (the file changed in place) is read from the whole file instead.
 */
export function openIndexedBundle(
  path: string,
  indexed: R4BundleIndex[string] | undefined,
  openWhole: () => BundleLookup,
): BundleLookup | undefined {
  if (indexed === undefined) return undefined;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined;
  }
  if (size !== indexed.size) return undefined;
  const parsed = new Map<string, Record<string, unknown>>();
  let whole: BundleLookup | undefined;
  return {
    get(key) {
      const cached = parsed.get(key);
      if (cached !== undefined) return cached;
      const span = Object.hasOwn(indexed.spans, key) ? indexed.spans[key] : undefined;
      if (span === undefined) return undefined;
      const resource = readResource(path, span, key);
      if (resource === undefined) {
        whole ??= openWhole();
        return whole.get(key);
      }
      parsed.set(key, resource);
      return resource;
    },
  };
}

/** The resource at `span`, or undefined when the bytes there are not the resource of `key`. */
function readResource(
  path: string,
  [start, end]: readonly [number, number],
  key: string,
): Record<string, unknown> | undefined {
  try {
    const bytes = readRange(path, start, end - start);
    if (bytes === undefined) return undefined;
    const resource = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    return `${String(resource.resourceType)}|${String(resource.url)}` === key
      ? resource
      : undefined;
  } catch {
    return undefined;
  }
}
