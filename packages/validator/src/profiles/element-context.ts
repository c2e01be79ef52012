import type { CompactModel } from '../model/r4-model-types';
import { isJsonObject } from '../engine/run';
import type { JsonObject } from '../engine/run';

/** Where an element sits: its FHIRPath path without indexes and its type (`Patient.identifier`, `Identifier`). */
export interface ElementContext {
  readonly path: string;
  /** The path within the type that defines the element (`ContactPoint.system`). */
  readonly typePath: string;
  readonly type: string;
  /** True when the element is a resource's root. */
  readonly isResource: boolean;
  /** For an element inside an extension: that extension's url. */
  readonly extensionUrl?: string;
}

/**
 * The context of the element a JSON pointer (relative to `resource`) points at, following the
 * model: `/identifier/0` in a Patient is `Patient.identifier` of type Identifier; `/_birthDate`
 * is `Patient.birthDate` of type date; a choice form names its element (`Observation.value`).
 *
 * @example
 * elementContextAt(R4_MODEL, patient, '/identifier/0'); // { path: 'Patient.identifier', type: 'Identifier', isResource: false }
 */
export function elementContextAt(
  model: CompactModel,
  resource: JsonObject,
  pointer: string,
): ElementContext | undefined {
  const rootType = typeof resource.resourceType === 'string' ? resource.resourceType : undefined;
  if (rootType === undefined) return undefined;
  let path = rootType;
  let typePath = rootType;
  let type = rootType;
  let node: unknown = resource;
  let isResource = true;
  let extensionUrl: string | undefined;
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  for (const raw of segments) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      node = node[Number(segment)];
      continue;
    }
    if (!isJsonObject(node)) return undefined;
    if (type === 'Extension' && typeof node.url === 'string') extensionUrl = node.url;
    const primitiveExtension = segment.startsWith('_');
    const name = primitiveExtension ? segment.slice(1) : segment;
    const element = model.types[type]?.elements.find((e) => e.name === name);
    if (element === undefined) return undefined;
    path = `${path}.${element.choice?.element ?? element.name}`;
    typePath = `${type}.${element.choice?.element ?? element.name}`;
    node = node[segment];
    isResource = false;
    if (element.type === 'Resource' || model.types[element.type]?.kind === 'abstract-resource') {
      const nested = Array.isArray(node) ? undefined : node;
      if (isJsonObject(nested) && typeof nested.resourceType === 'string') {
        type = nested.resourceType;
        path = nested.resourceType;
        typePath = nested.resourceType;
        isResource = true;
      }
      continue;
    }
    type = element.type;
    // Backbone elements are keyed by their definition path; name them by it too.
    if (model.types[type]?.kind === 'backbone') typePath = type;
  }
  const context = { path, typePath, type, isResource };
  return extensionUrl === undefined ? context : { ...context, extensionUrl };
}

/** Data types that specialise Quantity. */
const QUANTITY_TYPES = new Set([
  'Age',
  'Count',
  'Distance',
  'Duration',
  'MoneyQuantity',
  'SimpleQuantity',
]);

/** An extension context: where a definition says the extension may be used. */
interface ExtensionContext {
  readonly type?: string;
  readonly expression?: string;
}

const EXTENSION_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * R4 extension definitions whose stated context is narrower than their use across the
 * specification itself, corrected as the reference validator corrects them, so both accept the
 * same instances (the official R4 examples among them).
 */
const CORRECTED_CONTEXTS: ReadonlyMap<string, readonly ExtensionContext[]> = new Map([
  // Stated for ElementDefinition.type.code; the specification puts it on ElementDefinition.type.
  [
    `${EXTENSION_PREFIX}structuredefinition-fhir-type`,
    [{ type: 'element', expression: 'ElementDefinition.type' }],
  ],
  // Stated for Questionnaire.item and ElementDefinition; used on ElementDefinition.type too.
  [
    `${EXTENSION_PREFIX}regex`,
    [
      { type: 'element', expression: 'Questionnaire.item' },
      { type: 'element', expression: 'ElementDefinition' },
      { type: 'element', expression: 'ElementDefinition.type' },
    ],
  ],
  // Each lists a few of the many places they are used.
  [
    `${EXTENSION_PREFIX}structuredefinition-normative-version`,
    [{ type: 'element', expression: 'Element' }],
  ],
  [
    `${EXTENSION_PREFIX}capabilitystatement-expectation`,
    [{ type: 'element', expression: 'Element' }],
  ],
  [
    `${EXTENSION_PREFIX}capabilitystatement-prohibited`,
    [{ type: 'element', expression: 'Element' }],
  ],
]);

/**
 * Where ElementDefinition holds a value of the element it defines (an example, a fixed or
 * pattern value): extensions on it belong to that element, whose contexts are not known here, so
 * any extension is allowed there, as the reference validator allows it.
 */
const VALUES_OF_DEFINED_ELEMENTS = new Set([
  'ElementDefinition.example.value',
  'ElementDefinition.fixed',
  'ElementDefinition.pattern',
]);

/**
 * Whether the extension `url`, whose definition lists `contexts`, may sit on an element in
 * `where`. A context of `Element` allows any element, resources included, as the reference
 * validator reads it (R4's own resources carry such extensions, `structuredefinition-wg` for one).
 *
 * @see https://hl7.org/fhir/R4/defining-extensions.html#context
 * @example
 * extensionAllowedAt(url, [{ type: 'element', expression: 'Patient' }], { path: 'Patient', type: 'Patient', isResource: true }); // true
 */
export function extensionAllowedAt(
  url: string,
  contexts: readonly ExtensionContext[],
  where: ElementContext,
  model: CompactModel,
): boolean {
  if (contexts.length === 0 || VALUES_OF_DEFINED_ELEMENTS.has(where.typePath)) return true;
  return (CORRECTED_CONTEXTS.get(url) ?? contexts).some(({ type, expression }) => {
    if (expression === undefined) return true;
    if (type === 'extension')
      return where.type === 'Extension' && where.extensionUrl === expression;
    // A FHIRPath context would need evaluating against the instance; it is not checked.
    if (type === 'fhirpath') return true;
    return elementMatches(expression, where, model);
  });
}

function elementMatches(expression: string, where: ElementContext, model: CompactModel): boolean {
  const target = expression.endsWith('[x]') ? expression.slice(0, -3) : expression;
  if (target === where.path || target === where.typePath || target === where.type) return true;
  if (target === 'Element' || target === 'Any') return true;
  if (target === 'Resource') return where.isResource;
  if (target === 'DomainResource') {
    return (
      where.isResource && model.types[where.type]?.elements.some((e) => e.name === 'text') === true
    );
  }
  if (target === 'BackboneElement') return model.types[where.type]?.kind === 'backbone';
  if (target === 'Quantity') return QUANTITY_TYPES.has(where.type);
  return false;
}
