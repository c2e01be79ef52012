import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { resolveBlueprint } from '@lhcr/blueprint';
import { parse, stringify } from 'yaml';

/** The region's additions (`region/region.yaml`): the blueprint it extends and its own files. */
interface RegionManifest {
  readonly extends: string;
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly publisher?: string;
  readonly requirements?: readonly string[];
  readonly profiles?: readonly string[];
  readonly examples?: readonly string[];
}

/** A regional profile and the core profile it takes the place of. */
export interface ReplacedProfile {
  readonly profile: string;
  readonly replaces: string;
}

/** What {@link composeBlueprint} wrote. */
export interface ComposedBlueprint {
  readonly extends: { readonly title: string; readonly version: string };
  readonly replaced: readonly ReplacedProfile[];
}

type Yaml = Record<string, unknown>;

/** The manifest fields that name files or folders of a blueprint. */
const PATH_FIELDS = [
  'requirements',
  'profiles',
  'extensions',
  'valueSets',
  'codeSystems',
  'codeLists',
  'capability',
  'security',
  'optOutPolicy',
  'anonymisationPolicy',
  'fixtures',
  'examples',
] as const;
/** The lists a region adds its own files to. */
const REGION_LISTS = ['requirements', 'profiles', 'examples'] as const;

function readYaml(file: string): Yaml {
  return parse(readFileSync(file, 'utf8')) as Yaml;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The paths a manifest field names (one path, or a list). */
function pathsOf(manifest: Yaml, field: string): string[] {
  const value = manifest[field];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.filter((path): path is string => typeof path === 'string');
}

/** The files a path names: the file itself, or the files of a folder. */
function filesAt(path: string, pattern: RegExp): string[] {
  if (!statSync(path).isDirectory()) return pattern.test(path) ? [path] : [];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .map((name) => join(path, name));
}

/** Adds `profile` to every resource of a fixture that claims `replaces`; true when it did. */
function claimRegionalProfile(fixture: Yaml, { profile, replaces }: ReplacedProfile): boolean {
  let changed = false;
  for (const resource of (fixture['resources'] ?? []) as { meta?: { profile?: string[] } }[]) {
    const claimed = resource.meta?.profile;
    if (claimed?.includes(replaces) === true && !claimed.includes(profile)) {
      claimed.push(profile);
      changed = true;
    }
  }
  return changed;
}

/**
 * Writes the region's blueprint into `outFolder`: every file of the blueprint it extends, as
 * published, then the region's own files under `region/`, with one manifest carrying the
 * region's id, title and version. A regional profile that constrains a core profile takes that
 * profile's place in the capability requirements, and the core's fixtures that claim the core
 * profile claim the regional one too, so the reference region and the conformance suite hold
 * records to it.
 */
export function composeBlueprint(regionFolder: string, outFolder: string): ComposedBlueprint {
  const region = readYaml(join(regionFolder, 'region.yaml')) as unknown as RegionManifest;
  const found = resolveBlueprint(region.extends, regionFolder);
  if (!found.ok) {
    throw new Error(`${region.extends}: ${found.issues.map((i) => i.diagnostics).join('; ')}`);
  }
  const { root, manifestFile, packageVersion } = found.location;
  const core = readYaml(join(root, manifestFile));
  const coreTitle = text(core['title']) ?? region.extends;
  const coreVersion = text(core['version']) ?? packageVersion ?? '';

  rmSync(outFolder, { recursive: true, force: true });
  mkdirSync(outFolder, { recursive: true });
  for (const path of PATH_FIELDS.flatMap((field) => pathsOf(core, field))) {
    cpSync(join(root, path), join(outFolder, path), { recursive: true });
  }
  cpSync(regionFolder, join(outFolder, 'region'), {
    recursive: true,
    filter: (source) => source !== join(regionFolder, 'region.yaml'),
  });

  const manifest: Yaml = {
    ...core,
    id: region.id,
    title: region.title,
    version: region.version,
    description: `${region.description ?? ''} Extends ${coreTitle} ${coreVersion}.`.trim(),
    ...(region.publisher === undefined ? {} : { publisher: region.publisher }),
  };
  for (const list of REGION_LISTS) {
    manifest[list] = [...pathsOf(core, list), ...(region[list] ?? []).map((p) => `region/${p}`)];
  }
  writeFileSync(join(outFolder, manifestFile), stringify(manifest));

  const replaced = (region.profiles ?? [])
    .flatMap((path) => filesAt(join(regionFolder, path), /\.json$/))
    .map(
      (file) => JSON.parse(readFileSync(file, 'utf8')) as { url: string; baseDefinition: string },
    )
    .map((sd): ReplacedProfile => ({ profile: sd.url, replaces: sd.baseDefinition }));

  for (const capabilityFile of pathsOf(core, 'capability').map((p) => join(outFolder, p))) {
    const capability = readYaml(capabilityFile);
    for (const resource of (capability['resources'] ?? []) as { profile?: string }[]) {
      const swap = replaced.find((r) => r.replaces === resource.profile);
      if (swap !== undefined) resource.profile = swap.profile;
    }
    writeFileSync(capabilityFile, stringify(capability));
  }
  for (const path of pathsOf(core, 'fixtures')) {
    for (const file of filesAt(join(outFolder, path), /\.ya?ml$/)) {
      const fixture = readYaml(file);
      const changed = replaced.map((swap) => claimRegionalProfile(fixture, swap));
      if (changed.includes(true)) writeFileSync(file, stringify(fixture));
    }
  }
  return { extends: { title: coreTitle, version: coreVersion }, replaced };
}
