import { backboneName, primitiveAliasName, upperFirst } from '../../src/typegen/naming';
import type {
  ConceptInput,
  ElementDefinitionInput,
  StructureDefinitionInput,
  TerminologyInput,
} from './definitions';

// Shared with the profile type renderer (`@lhcr/models/typegen`), so both name types alike.
export { primitiveAliasName };

/** One generated TypeScript interface. */
export interface TypeDecl {
  name: string;
  /** `resource` gets a literal `resourceType`; `abstract-resource` a union of them. */
  kind: 'resource' | 'abstract-resource' | 'datatype' | 'backbone';
  /** The FHIR path the interface describes (`Patient`, `Patient.contact`). */
  path: string;
  doc: string;
  url?: string;
  properties: PropertyDecl[];
}

/** One property of a generated interface, in JSON form. */
export interface PropertyDecl {
  name: string;
  /** A TypeScript type expression (an alias, an interface name, or a union of code literals). */
  type: string;
  array: boolean;
  required: boolean;
  /** True for FHIR primitives, which carry an `_name` sibling holding their id and extensions. */
  primitive: boolean;
  doc: string;
  cardinality: string;
}

/** A primitive type alias (`FhirDateTime = string`). */
export interface PrimitiveDecl {
  name: string;
  fhirType: string;
  jsonType: 'string' | 'number' | 'boolean';
  doc: string;
}

/** Everything the renderer needs. */
export interface TypeModel {
  fhirVersion: string;
  primitives: PrimitiveDecl[];
  types: TypeDecl[];
  resourceTypes: string[];
}

/** How many codes a required binding may have before its property falls back to `string`. */
export const MAX_CODE_UNION = 250;

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const SYSTEM_STRING = 'http://hl7.org/fhirpath/System.String';
const NUMBER_PRIMITIVES = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);

/**
 * Builds the type model from StructureDefinition snapshots. Base specialisations are taken
 * as they are; `constraint` definitions (profiles) are skipped here, since they narrow an
 * existing type rather than define a new one.
 */
export function buildTypeModel(input: {
  fhirVersion: string;
  structureDefinitions: StructureDefinitionInput[];
  terminology: TerminologyInput[];
}): TypeModel {
  const terminology = new TerminologyIndex(input.terminology);
  const specialisations = input.structureDefinitions
    .filter((sd) => sd.derivation !== 'constraint' && sd.kind !== 'logical')
    .sort((a, b) => a.name.localeCompare(b.name));

  const primitives: PrimitiveDecl[] = specialisations
    .filter((sd) => sd.kind === 'primitive-type')
    .map((sd) => ({
      name: primitiveAliasName(sd.type),
      fhirType: sd.type,
      jsonType: jsonTypeOf(sd.type),
      doc: firstSentence(sd.description ?? sd.type),
    }));
  const primitiveTypes = new Set(primitives.map((p) => p.fhirType));

  const types: TypeDecl[] = [];
  const resourceTypes: string[] = [];
  for (const sd of specialisations) {
    if (sd.kind === 'primitive-type') continue;
    const elements = sd.snapshot?.element;
    if (!elements || elements.length === 0) {
      throw new Error(`StructureDefinition ${sd.url} has no snapshot; generate one first.`);
    }
    const kind =
      sd.kind === 'resource' ? (sd.abstract ? 'abstract-resource' : 'resource') : 'datatype';
    if (kind === 'resource') resourceTypes.push(sd.type);
    types.push(...typesForDefinition(sd, elements, kind, { primitiveTypes, terminology }));
  }

  const seen = new Map<string, string>();
  for (const t of types) {
    const other = seen.get(t.name);
    if (other !== undefined) {
      throw new Error(`Generated type name ${t.name} is used by both ${other} and ${t.path}.`);
    }
    seen.set(t.name, t.path);
  }
  return { fhirVersion: input.fhirVersion, primitives, types, resourceTypes: resourceTypes.sort() };
}

interface Context {
  primitiveTypes: Set<string>;
  terminology: TerminologyIndex;
  /** The root path when the definition is a resource (whose `id` is special). */
  resourceRoot?: string;
}

function typesForDefinition(
  sd: StructureDefinitionInput,
  elements: ElementDefinitionInput[],
  kind: TypeDecl['kind'],
  context: Context,
): TypeDecl[] {
  const root = elements[0];
  if (root === undefined) return [];
  const rootPath = root.path;
  if (kind === 'resource' || kind === 'abstract-resource')
    context = { ...context, resourceRoot: rootPath };

  // First pass: every element with children becomes an interface, named from its path.
  const typeNameByPath = new Map<string, string>([[rootPath, sd.type]]);
  for (const element of elements) {
    const parent = parentPath(element.path);
    if (parent !== undefined && parent !== rootPath && !typeNameByPath.has(parent)) {
      typeNameByPath.set(parent, backboneName(parent));
    }
  }

  const decls: TypeDecl[] = [];
  for (const [path, name] of typeNameByPath) {
    const self = elements.find((e) => e.path === path);
    const children = elements.filter((e) => parentPath(e.path) === path);
    const decl: TypeDecl = {
      name,
      kind: path === rootPath ? kind : 'backbone',
      path,
      doc: firstSentence(path === rootPath ? (sd.description ?? sd.name) : (self?.short ?? path)),
      properties: children.flatMap((child) => propertiesOf(child, typeNameByPath, context)),
    };
    if (path === rootPath) decl.url = sd.url;
    decls.push(decl);
  }
  return decls;
}

function propertiesOf(
  element: ElementDefinitionInput,
  typeNameByPath: Map<string, string>,
  context: Context,
): PropertyDecl[] {
  const segment = lastSegment(element.path);
  const array = element.max === '*' || Number(element.max ?? '1') > 1;
  const cardinality = `${element.min ?? 0}..${element.max ?? '1'}`;
  const doc = element.short ?? '';

  if (element.contentReference !== undefined) {
    const target = typeNameByPath.get(element.contentReference.replace(/^.*#/, ''));
    if (target === undefined) {
      throw new Error(`${element.path}: contentReference ${element.contentReference} not found.`);
    }
    return [
      {
        name: segment,
        type: target,
        array,
        required: isRequired(element),
        primitive: false,
        doc,
        cardinality,
      },
    ];
  }

  const types = element.type ?? [];
  if (segment.endsWith('[x]')) {
    const stem = segment.slice(0, -3);
    return types.map((t) => {
      const code = fhirTypeCode(t, element.path, context);
      return {
        name: stem + upperFirst(code),
        type: tsTypeOf(code, element, typeNameByPath, context),
        array,
        // Exactly one of the forms is allowed; none of them alone is required.
        required: false,
        primitive: hasPrimitiveExtensions(t, context),
        doc,
        cardinality,
      };
    });
  }

  const first = types[0];
  if (first === undefined) throw new Error(`${element.path} has no type.`);
  const code = fhirTypeCode(first, element.path, context);
  if (types.length > 1) {
    throw new Error(`${element.path} has several types but is not a choice element.`);
  }
  return [
    {
      name: segment,
      type: tsTypeOf(code, element, typeNameByPath, context),
      array,
      required: isRequired(element),
      primitive: hasPrimitiveExtensions(first, context),
      doc,
      cardinality,
    },
  ];
}

function tsTypeOf(
  code: string,
  element: ElementDefinitionInput,
  typeNameByPath: Map<string, string>,
  context: Context,
): string {
  if (code === 'BackboneElement' || code === 'Element') {
    const own = typeNameByPath.get(element.path);
    if (own !== undefined) return own;
  }
  if (code === 'Resource') return 'AnyResource';
  if (context.primitiveTypes.has(code)) {
    if (code === 'code' && element.binding?.strength === 'required' && element.binding.valueSet) {
      const codes = context.terminology.expand(element.binding.valueSet);
      if (codes !== undefined && codes.length > 0 && codes.length <= MAX_CODE_UNION) {
        return codes.map((c) => JSON.stringify(c)).join(' | ');
      }
    }
    return primitiveAliasName(code);
  }
  return code;
}

type TypeRefInput = NonNullable<ElementDefinitionInput['type']>[number];

function fhirTypeCode(type: TypeRefInput, path: string, context: Context): string {
  // A resource's logical id is an `id` (R4 §2.1.1), though the R4 snapshots type it as a string.
  if (path === `${context.resourceRoot}.id` && type.code === SYSTEM_STRING) return 'id';
  // Element ids and extension urls are typed as FHIRPath system types; the extension names the FHIR one.
  const declared = type.extension?.find((e) => e.url === FHIR_TYPE_EXTENSION)?.valueUrl;
  return declared ?? type.code;
}

/** FHIR primitives carry `_name` siblings; FHIRPath system types (ids, urls) and xhtml do not. */
function hasPrimitiveExtensions(type: TypeRefInput, context: Context): boolean {
  return context.primitiveTypes.has(type.code) && type.code !== 'xhtml';
}

function isRequired(element: ElementDefinitionInput): boolean {
  return (element.min ?? 0) >= 1;
}

function jsonTypeOf(fhirType: string): PrimitiveDecl['jsonType'] {
  if (fhirType === 'boolean') return 'boolean';
  return NUMBER_PRIMITIVES.has(fhirType) ? 'number' : 'string';
}

function parentPath(path: string): string | undefined {
  const at = path.lastIndexOf('.');
  return at === -1 ? undefined : path.slice(0, at);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function firstSentence(text: string): string {
  const trimmed = text.trim().split(/\r?\n/)[0] ?? '';
  return trimmed;
}

/** Expands the value sets of required bindings from the loaded CodeSystems, where that is exact. */
class TerminologyIndex {
  private readonly codeSystems = new Map<string, TerminologyInput>();
  private readonly valueSets = new Map<string, TerminologyInput>();
  private readonly cache = new Map<string, string[] | undefined>();

  constructor(resources: TerminologyInput[]) {
    for (const r of resources) {
      (r.resourceType === 'CodeSystem' ? this.codeSystems : this.valueSets).set(r.url, r);
    }
  }

  /** The codes of a value set, or undefined when it cannot be expanded exactly here. */
  expand(canonical: string): string[] | undefined {
    const url = canonical.split('|')[0] ?? canonical;
    if (this.cache.has(url)) return this.cache.get(url);
    const codes = this.expandUncached(url);
    this.cache.set(url, codes);
    return codes;
  }

  private expandUncached(url: string): string[] | undefined {
    const compose = this.valueSets.get(url)?.compose;
    if (compose === undefined || (compose.exclude?.length ?? 0) > 0) return undefined;
    const codes = new Set<string>();
    for (const include of compose.include) {
      if ((include.filter?.length ?? 0) > 0 || (include.valueSet?.length ?? 0) > 0)
        return undefined;
      if (include.concept) {
        for (const c of include.concept) codes.add(c.code);
        continue;
      }
      const system =
        include.system === undefined ? undefined : this.codeSystems.get(include.system);
      if (system?.content !== 'complete' || system.concept === undefined) return undefined;
      collectCodes(system.concept, codes);
    }
    return [...codes];
  }
}

function collectCodes(concepts: ConceptInput[], into: Set<string>): void {
  for (const c of concepts) {
    into.add(c.code);
    if (c.concept) collectCodes(c.concept, into);
  }
}
