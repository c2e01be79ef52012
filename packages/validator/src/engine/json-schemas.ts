import type {
  BindingModel,
  CompactModel,
  ElementModel,
  PrimitiveModel,
  TypeModel,
} from '../model/r4-model-types';

/** The `$id` of a type's JSON Schema. */
export function schemaId(typeKey: string): string {
  return `urn:lhcr:fhir:${typeKey}`;
}

/** A JSON Schema object, with the `fhir*` keywords of `keywords.ts`. */
export type Schema = Record<string, unknown>;

const INT32 = { minimum: -2147483648, maximum: 2147483647 };

/** One choice element (`value[x]`) of a type: its JSON forms and whether one is required. */
export interface ChoiceGroup {
  /** The FHIRPath name, `value`. */
  readonly element: string;
  /** The JSON names of the allowed forms, `valueString`, `valueQuantity`, … */
  readonly names: readonly string[];
  readonly required: boolean;
}

/** A primitive element, for the checks that pair `name` with its `_name` sibling. */
export interface PrimitivePair {
  readonly name: string;
  readonly array: boolean;
  readonly required: boolean;
}

/** The element-level invariants and bindings of a type's children, keyed by JSON name. */
export interface ChildRules {
  /** Constraint keys per child JSON name (evaluated per item, in the child's own type). */
  readonly constraints: Readonly<Record<string, readonly string[]>>;
  /** Bindings per child JSON name (Coding, CodeableConcept and the like: not plain codes). */
  readonly bindings: Readonly<Record<string, BindingModel & { type: string }>>;
}

/**
 * JSON Schemas (draft 2020-12 subset that ajv compiles) for every complex type, backbone element
 * and resource of the model. Plain JSON Schema says what it can: JSON types, unknown properties,
 * arrays versus single values, required elements, empty values, lexical rules of primitives and
 * codes of required bindings. The `fhir*` keywords (see `keywords.ts`) say the rest: primitives
 * with their `_name` extensions, choice elements, calendars, narrative, invariants, other
 * bindings, references, extensions and nested resources.
 *
 * @example
 * ```ts
 * for (const schema of buildSchemas(R4_MODEL)) ajv.addSchema(schema);
 * ```
 */
export function buildSchemas(model: CompactModel): Schema[] {
  return Object.entries(model.types).map(([key, type]) => typeSchema(key, type, model));
}

function typeSchema(key: string, type: TypeModel, model: CompactModel): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const choices = new Map<string, { names: string[]; required: boolean }>();
  const pairs: PrimitivePair[] = [];
  const childConstraints: Record<string, string[]> = {};
  const childBindings: Record<string, BindingModel & { type: string }> = {};

  if (type.kind === 'resource') properties.resourceType = { const: key };
  if (type.kind === 'abstract-resource') properties.resourceType = { type: 'string' };

  for (const element of type.elements) {
    const primitive = model.primitives[element.type];
    properties[element.name] = valueSchema(element, primitive, model);
    if (primitive !== undefined && hasPrimitiveExtensions(element)) {
      properties[`_${element.name}`] = element.array
        ? arrayOf(
            {
              type: ['object', 'null'],
              if: { type: 'object' },
              then: { $ref: schemaId('Element') },
            },
            element,
          )
        : { $ref: schemaId('Element') };
      pairs.push({
        name: element.name,
        array: element.array,
        required: element.min > 0 && element.choice === undefined,
      });
    } else if (element.min > 0 && element.choice === undefined) {
      required.push(element.name);
    }
    if (element.choice !== undefined) {
      const group = choices.get(element.choice.element) ?? { names: [], required: element.min > 0 };
      group.names.push(element.name);
      choices.set(element.choice.element, group);
    }
    if (element.constraints !== undefined) {
      childConstraints[element.name] = element.constraints.map((c) => c.key);
    }
    if (element.binding !== undefined && !isEnumerated(element, primitive, model)) {
      childBindings[element.name] = { ...element.binding, type: element.type };
    }
  }

  const schema: Schema = {
    $id: schemaId(key),
    type: 'object',
    properties,
    additionalProperties: false,
    // ele-1: an element has a value or children; `{}` and `{ "id": "x" }` have neither.
    minProperties: 1,
    not: { required: ['id'], maxProperties: 1 },
  };
  if (type.kind === 'resource' || type.kind === 'abstract-resource') delete schema.not;
  if (required.length > 0) schema.required = required;
  if (pairs.length > 0) schema.fhirPrimitives = pairs;
  if (choices.size > 0) {
    schema.fhirChoices = [...choices].map(([element, group]): ChoiceGroup => ({
      element,
      ...group,
    }));
  }
  const rootConstraints = type.constraints.map((c) => c.key);
  if (rootConstraints.length > 0 || Object.keys(childConstraints).length > 0) {
    schema.fhirInvariants = { context: key, root: rootConstraints, children: childConstraints };
  }
  if (Object.keys(childBindings).length > 0) schema.fhirBindings = childBindings;
  if (key === 'Extension') schema.fhirExtension = true;
  if (key === 'Reference') schema.fhirReference = true;
  if (key === 'Coding') schema.fhirCoding = true;
  if (type.kind === 'resource') schema.fhirResourceRules = key;
  return schema;
}

function valueSchema(
  element: ElementModel,
  primitive: PrimitiveModel | undefined,
  model: CompactModel,
): Schema {
  let item: Schema;
  if (primitive !== undefined) {
    item = primitiveSchema(element, primitive, element.array);
    const codes = enumeratedCodes(element, primitive, model);
    if (codes !== undefined && element.binding !== undefined) {
      item.enum = element.array ? [...codes, null] : codes;
      item.fhirValueSet = element.binding.valueSet;
    }
  } else if (isResourceSlot(element, model)) {
    item = { type: 'object', fhirResource: true };
  } else if (element.choice !== undefined) {
    // A choice form's type is compiled when an instance first uses it: Extension.value[x]
    // alone names 50 types, and compiling them all up front would slow every cold start.
    item = { fhirLazyRef: schemaId(element.type) };
  } else {
    item = { $ref: schemaId(element.type) };
  }
  if (element.targets !== undefined) item.fhirTargets = element.targets;
  return element.array ? arrayOf(item, element) : item;
}

/** True when the element holds a whole resource (`contained`, `Bundle.entry.resource`). */
export function isResourceSlot(element: ElementModel, model: CompactModel): boolean {
  return element.type === 'Resource' || model.types[element.type]?.kind === 'abstract-resource';
}

function arrayOf(items: Schema, element: ElementModel): Schema {
  const schema: Schema = { type: 'array', minItems: 1, items };
  if (element.max > 1) schema.maxItems = element.max;
  return schema;
}

function primitiveSchema(
  element: ElementModel,
  primitive: PrimitiveModel,
  nullable: boolean,
): Schema {
  const jsonType = nullable ? [primitive.json, 'null'] : primitive.json;
  const schema: Schema = { type: jsonType, fhirType: element.type };
  switch (primitive.json) {
    case 'string': {
      // string and markdown allow any non-empty text (checked by fhirPrimitive, which also
      // rejects control characters); the others have a lexical regex.
      if (
        primitive.regex !== undefined &&
        element.type !== 'string' &&
        element.type !== 'markdown'
      ) {
        schema.pattern = primitive.regex;
      }
      const maxLength = element.maxLength ?? primitive.maxLength;
      // Empty strings and lengths are checked by fhirPrimitive in UTF-16 units: ajv's
      // minLength/maxLength count code points on every string, which costs more than it tells.
      if (maxLength !== undefined) schema.fhirMaxLength = maxLength;
      schema.fhirPrimitive = element.type;
      break;
    }
    case 'integer':
      Object.assign(schema, INT32);
      if (element.type === 'positiveInt') schema.minimum = 1;
      if (element.type === 'unsignedInt') schema.minimum = 0;
      break;
    case 'number':
    case 'boolean':
      break;
  }
  return schema;
}

/** A `code` with a required binding whose value set expands exactly here: checked as an enum. */
function isEnumerated(
  element: ElementModel,
  primitive: PrimitiveModel | undefined,
  model: CompactModel,
): boolean {
  return enumeratedCodes(element, primitive, model) !== undefined;
}

function enumeratedCodes(
  element: ElementModel,
  primitive: PrimitiveModel | undefined,
  model: CompactModel,
): string[] | undefined {
  if (primitive === undefined || element.type !== 'code') return undefined;
  if (element.binding?.strength !== 'required') return undefined;
  const expansion = model.valueSets[element.binding.valueSet];
  if (expansion === undefined || !expansion.complete) return undefined;
  return [...new Set(Object.values(expansion.codes).flat())].sort();
}

/** FHIR primitives carry `_name` siblings; element ids, extension urls and xhtml do not. */
export function hasPrimitiveExtensions(element: ElementModel): boolean {
  return element.type !== 'xhtml' && element.attribute !== true;
}
