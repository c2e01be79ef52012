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
/** Quantity and the R4 types derived from it. */
const QUANTITY_TYPES: ReadonlySet<string> = new Set([
  'Quantity',
  'Age',
  'Count',
  'Distance',
  'Duration',
]);

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

/**
 * Everything FHIR checks on an object of a type beyond plain JSON Schema: the value of the one
 * `fhirObject` keyword of the type's schema.
 */
export interface ObjectRules {
  /** The type's key in the model (`Patient`, `Patient.contact`, `Coding`). */
  readonly type: string;
  /** String-valued primitive elements: their FHIR type and any maximum length. */
  readonly strings?: readonly {
    readonly name: string;
    readonly type: string;
    readonly maxLength?: number;
  }[];
  /** Primitive elements, whose `_name` siblings must line up with their values. */
  readonly pairs?: readonly PrimitivePair[];
  readonly choices?: readonly ChoiceGroup[];
  /** Invariants of the type's root, and of its elements by JSON name (checked per item). */
  readonly invariants?: {
    readonly root: readonly string[];
    readonly children: Readonly<Record<string, readonly string[]>>;
  };
  /** Bindings checked in code (Coding, CodeableConcept, …; required codes are schema enums). */
  readonly bindings?: Readonly<Record<string, BindingModel & { type: string }>>;
  /** Checks of particular types: Coding codes, Reference formats, extensions, resources. */
  readonly coding?: true;
  /** An Attachment: its stated size must be the size of its data. */
  readonly attachment?: true;
  /** An Identifier: NHS and UK professional numbers are checked. */
  readonly identifier?: true;
  /** A Quantity (or Age, Count, Distance, Duration): its UCUM unit code is checked. */
  readonly quantity?: true;
  readonly reference?: true;
  readonly extension?: true;
  readonly resource?: true;
}

/**
 * The JSON Schema (draft 2020-12 subset that ajv compiles) of one complex type, backbone element
 * or resource of the model, by its schema id (`urn:lhcr:fhir:<type>`); undefined for an id of no
 * type. Plain JSON Schema says what it can: JSON types, unknown properties, arrays versus single
 * values, required elements, empty values, lexical rules of primitives and codes of required
 * bindings. The `fhir*` keywords (see `keywords.ts`) say the rest: primitives with their `_name`
 * extensions, choice elements, calendars, narrative, invariants, other bindings, references,
 * extensions and nested resources. Built on demand, so a start-up builds only the schemas it
 * validates with.
 *
 * @example
 * ```ts
 * ajv.addSchema(typeSchemaById(R4_MODEL, schemaId('Patient'))!);
 * ```
 */
export function typeSchemaById(model: CompactModel, id: string): Schema | undefined {
  const prefix = schemaId('');
  if (!id.startsWith(prefix)) return undefined;
  const key = id.slice(prefix.length);
  const type = Object.hasOwn(model.types, key) ? model.types[key] : undefined;
  return type === undefined ? undefined : typeSchema(key, type, model);
}

function typeSchema(key: string, type: TypeModel, model: CompactModel): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const choices = new Map<string, { names: string[]; required: boolean }>();
  const pairs: PrimitivePair[] = [];
  const strings: { name: string; type: string; maxLength?: number }[] = [];
  const childConstraints: Record<string, string[]> = {};
  const childBindings: Record<string, BindingModel & { type: string }> = {};

  if (type.kind === 'resource') properties.resourceType = { const: key };
  if (type.kind === 'abstract-resource') properties.resourceType = { type: 'string' };

  for (const element of type.elements) {
    const primitive = model.primitives[element.type];
    properties[element.name] = valueSchema(element, primitive, model);
    if (primitive?.json === 'string') {
      const maxLength = element.maxLength ?? primitive.maxLength;
      strings.push(
        maxLength === undefined
          ? { name: element.name, type: element.type }
          : { name: element.name, type: element.type, maxLength },
      );
    }
    if (primitive !== undefined && hasPrimitiveExtensions(element)) {
      properties[`_${element.name}`] = element.array
        ? arrayOf(
            {
              type: ['object', 'null'],
              if: { type: 'object' },
              then: { fhirLazyRef: schemaId('Element') },
            },
            element,
          )
        : { fhirLazyRef: schemaId('Element') };
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
    // Element itself is only the `_name` half of a primitive, whose value lies beside it: the
    // primitive pair check tells an id-only half with no value.
    ...(key === 'Element' ? {} : { not: { required: ['id'], maxProperties: 1 } }),
  };
  if (type.kind === 'resource' || type.kind === 'abstract-resource') delete schema.not;
  if (required.length > 0) schema.required = required;
  const rules: { -readonly [K in keyof ObjectRules]: ObjectRules[K] } = { type: key };
  if (strings.length > 0) rules.strings = strings;
  if (pairs.length > 0) rules.pairs = pairs;
  if (choices.size > 0) {
    rules.choices = [...choices].map(([element, group]): ChoiceGroup => ({ element, ...group }));
  }
  const rootConstraints = type.constraints.map((c) => c.key);
  if (rootConstraints.length > 0 || Object.keys(childConstraints).length > 0) {
    rules.invariants = { root: rootConstraints, children: childConstraints };
  }
  if (Object.keys(childBindings).length > 0) rules.bindings = childBindings;
  if (key === 'Extension') rules.extension = true;
  if (key === 'Reference') rules.reference = true;
  if (key === 'Coding') rules.coding = true;
  if (QUANTITY_TYPES.has(key)) rules.quantity = true;
  if (key === 'Identifier') rules.identifier = true;
  if (key === 'Attachment') rules.attachment = true;
  if (type.kind === 'resource') rules.resource = true;
  schema.fhirObject = rules;
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
  } else {
    // Each type is compiled when an instance first uses it (Extension.value[x] alone names 50
    // types), and its compiled code stands alone, so it can be precompiled on its own.
    item = { fhirLazyRef: schemaId(element.type) };
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
      // string and markdown allow any non-empty text; the others have a lexical regex. Empty
      // strings, lengths (in UTF-16 units: ajv's minLength and maxLength count code points on
      // every string) and what regexes cannot say are checked by the parent's fhirObject.
      if (
        primitive.regex !== undefined &&
        element.type !== 'string' &&
        element.type !== 'markdown'
      ) {
        schema.pattern = primitive.regex;
      }
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
