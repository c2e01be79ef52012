import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ElementDefinition, StructureDefinition } from '@lhcr/models';
import type { FhirPackage } from '../packages/fhir-package';
import type { DefinitionSource } from '../profiles/profile-engine';
import { SnapshotGenerator } from '../snapshot/generate-snapshot';

/** The environment variable naming lhcr's cache folder. */
export const LHCR_CACHE_DIR_ENV = 'LHCR_CACHE_DIR';

/** Bumped whenever generated snapshots could differ: old cache files are then ignored. */
const CACHE_FORMAT = 4;

/**
 * lhcr's cache folder: `LHCR_CACHE_DIR`, else `$XDG_CACHE_HOME/lhcr`, else `~/.cache/lhcr`.
 *
 * @example
 * defaultCacheFolder({}); // '/home/me/.cache/lhcr'
 */
export function defaultCacheFolder(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const named = env[LHCR_CACHE_DIR_ENV];
  if (named !== undefined && named !== '') return named;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'lhcr');
}

/** What {@link snapshotPackages} did, for reporting and benchmarks. */
export interface SnapshotCacheReport {
  /** Packages whose snapshots came from the cache. */
  readonly fromCache: readonly string[];
  /** Packages whose snapshots were generated (and written to the cache when it is writable). */
  readonly generated: readonly string[];
  /** Definitions whose snapshot could not be generated, with why. */
  readonly failures: readonly { readonly url: string; readonly message: string }[];
}

/**
 * Gives every differential-only StructureDefinition of the loaded packages its snapshot, once
 * per package and version: generated against `definitions` the first time and kept in the cache
 * folder (keyed by package id, version and a hash of its definitions, so a changed package is
 * never served stale snapshots), read back from there afterwards. Returns the snapshots by
 * canonical URL. A cache that cannot be written is not an error: snapshots are generated again
 * next time.
 *
 * @example
 * ```ts
 * const { snapshots } = snapshotPackages(packages, definitions, defaultCacheFolder());
 * ```
 */
export function snapshotPackages(
  packages: readonly FhirPackage[],
  definitions: DefinitionSource,
  cacheFolder: string | false,
): { snapshots: Map<string, StructureDefinition>; report: SnapshotCacheReport } {
  const snapshots = new Map<string, StructureDefinition>();
  const generator = new SnapshotGenerator(definitions);
  const fromCache: string[] = [];
  const generated: string[] = [];
  const failures: { url: string; message: string }[] = [];
  for (const pkg of packages) {
    const differentials = pkg.resources
      .filter((r) => r.resourceType === 'StructureDefinition')
      .map((r) => r.resource as unknown as StructureDefinition)
      .filter((r) => (r.snapshot?.element.length ?? 0) === 0);
    if (differentials.length === 0) continue;
    const file =
      cacheFolder === false
        ? undefined
        : join(cacheFolder, 'snapshots', `${pkg.id}#${pkg.version}.json`);
    const hash = createHash('sha256').update(JSON.stringify(differentials)).digest('hex');
    const cached = file === undefined ? undefined : readCache(file, hash);
    if (cached !== undefined) {
      for (const sd of cached) snapshots.set(sd.url, sd);
      fromCache.push(`${pkg.id}#${pkg.version}`);
      continue;
    }
    const made: StructureDefinition[] = [];
    for (const sd of differentials) {
      try {
        const withSnapshot = generator.snapshot(sd.url);
        made.push(withSnapshot);
        snapshots.set(sd.url, withSnapshot);
      } catch (error) {
        failures.push({
          url: sd.url,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    generated.push(`${pkg.id}#${pkg.version}`);
    if (file !== undefined && failures.length === 0) writeCache(file, hash, made);
  }
  return { snapshots, report: { fromCache, generated, failures } };
}

type Constraint = NonNullable<ElementDefinition['constraint']>[number];

/**
 * The cache file. Most of a snapshot's size is the same few inherited constraints (ele-1 on every
 * element), so they are kept once in `constraints` and elements refer to them by index.
 */
interface CacheFile {
  readonly format: number;
  readonly hash: string;
  readonly constraints: Constraint[];
  readonly snapshots: StructureDefinition[];
}

/** Prose and mappings the validator never reads: left out of the cache to keep it quick to load. */
const PROSE = new Set([
  'definition',
  'comment',
  'requirements',
  'mapping',
  'alias',
  'example',
  'meaningWhenMissing',
  'orderMeaning',
  'isModifierReason',
]);

function forValidation(
  definition: StructureDefinition,
  constraintIndex: (constraint: Constraint) => number,
): StructureDefinition {
  const rest: StructureDefinition = { ...definition };
  delete rest.text;
  delete rest.mapping;
  return {
    ...rest,
    snapshot: {
      element: (definition.snapshot?.element ?? []).map((e) => {
        const kept = Object.fromEntries(Object.entries(e).filter(([key]) => !PROSE.has(key)));
        // Written as indexes into the file's constraint table, read back as constraints.
        if (e.constraint !== undefined) kept['constraint'] = e.constraint.map(constraintIndex);
        return kept as ElementDefinition;
      }),
    },
  };
}

function readCache(file: string, hash: string): StructureDefinition[] | undefined {
  try {
    // The file is written as ASCII (other characters as JSON escapes), which reads several
    // times faster than UTF-8 text; a file that is not ASCII is not one of ours.
    const bytes = readFileSync(file);
    if (!isAscii(bytes)) return undefined;
    const parsed = JSON.parse(bytes.toString('latin1')) as CacheFile;
    if (parsed.format !== CACHE_FORMAT || parsed.hash !== hash) return undefined;
    const { constraints } = parsed;
    for (const sd of parsed.snapshots) {
      for (const element of sd.snapshot?.element ?? []) {
        const indexes = element.constraint as unknown as number[] | undefined;
        if (indexes === undefined) continue;
        element.constraint = indexes.map((index) => {
          const constraint = constraints[index];
          if (constraint === undefined) throw new RangeError('a constraint index out of range');
          return constraint;
        });
      }
    }
    return parsed.snapshots;
  } catch {
    // An unreadable or damaged cache file is regenerated, like a missing one.
    return undefined;
  }
}

/** JSON with every character outside ASCII written as a `\\u` escape. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function writeCache(file: string, hash: string, snapshots: StructureDefinition[]): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temporary = `${file}.${String(process.pid)}.tmp`;
    const constraints: Constraint[] = [];
    const indexes = new Map<string, number>();
    const constraintIndex = (constraint: Constraint): number => {
      const key = JSON.stringify(constraint);
      let index = indexes.get(key);
      if (index === undefined) {
        index = constraints.push(constraint) - 1;
        indexes.set(key, index);
      }
      return index;
    };
    const content: CacheFile = {
      format: CACHE_FORMAT,
      hash,
      constraints,
      snapshots: snapshots.map((sd) => forValidation(sd, constraintIndex)),
    };
    writeFileSync(temporary, asciiJson(content));
    renameSync(temporary, file);
  } catch {
    // A read-only or missing cache only costs the generation next time.
  }
}
