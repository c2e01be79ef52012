import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StructureDefinition } from '@lhcr/models';
import type { CanonicalResource, DefinitionSource } from '../profiles/profile-engine';
import { openIndexedBundle } from './internal/r4-bundle-index';
import { openBundle } from './lazy-bundle';
import type { BundleLookup } from './lazy-bundle';
import { r4BundleIndex } from './r4-bundle-index-file';
import { r4CoreDefinitionsFolder } from './r4-core-package';

type Kind = 'StructureDefinition' | 'ValueSet' | 'CodeSystem' | 'SearchParameter';

/** Which bundles hold what, in the order they are worth reading (smallest likely hit first). */
export const R4_DEFINITION_BUNDLES: Record<Kind, readonly string[]> = {
  StructureDefinition: [
    'extension-definitions.min.json',
    'profiles-types.min.json',
    'profiles-resources.min.json',
    'profiles-others.min.json',
  ],
  ValueSet: ['valuesets.min.json', 'v3-codesystems.min.json', 'v2-tables.min.json'],
  CodeSystem: ['valuesets.min.json', 'v3-codesystems.min.json', 'v2-tables.min.json'],
  SearchParameter: ['search-parameters.min.json'],
};

const KINDS = Object.keys(R4_DEFINITION_BUNDLES) as Kind[];

const CORE_NAMESPACES = ['http://hl7.org/fhir/', 'http://terminology.hl7.org/'];

/**
 * The base R4 definitions (hl7.fhir.r4.core 4.0.1, from the npm dependency) as a synchronous
 * definition source that reads each bundle only when a lookup first needs it: validating a
 * resource with no extensions or profiles reads nothing. Only canonical URLs in HL7's own
 * namespaces are looked for.
 *
 * @example
 * ```ts
 * const validator = createValidator({ definitions: r4CoreDefinitions() });
 * ```
 */
export function r4CoreDefinitions(): DefinitionSource {
  return shared;
}

const loaded = new Map<string, BundleLookup>();

function bundle(file: string): BundleLookup {
  let lookup = loaded.get(file);
  if (lookup === undefined) {
    const path = join(r4CoreDefinitionsFolder(), file);
    const whole = (): BundleLookup => openBundle(readFileSync(path));
    // The build's index spares reading and scanning a bundle of megabytes for a few resources.
    lookup = openIndexedBundle(path, r4BundleIndex()?.[file], whole) ?? whole();
    loaded.set(file, lookup);
  }
  return lookup;
}

function find(kind: Kind, canonical: string): Record<string, unknown> | undefined {
  const url = canonical.split('|')[0] ?? canonical;
  if (!CORE_NAMESPACES.some((ns) => url.startsWith(ns))) return undefined;
  for (const file of R4_DEFINITION_BUNDLES[kind]) {
    const found = bundle(file).get(`${kind}|${url}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

const shared: DefinitionSource = {
  structureDefinition: (url) => find('StructureDefinition', url) as StructureDefinition | undefined,
  valueSet: (url) => find('ValueSet', url),
  codeSystem: (url) => find('CodeSystem', url),
  canonicalResource: (url, resourceType) => {
    for (const kind of KINDS) {
      if (resourceType !== undefined && kind !== resourceType) continue;
      const found = find(kind, url);
      if (found !== undefined) return found as CanonicalResource;
    }
    return undefined;
  },
};
