import type { CompactModel, ElementModel, TypeModel } from '../model/r4-model-types';

/** Elements of each type by JSON property name, built once per model. */
export class ElementIndex {
  private readonly byType = new Map<string, Map<string, ElementModel>>();

  constructor(private readonly model: CompactModel) {}

  /** The element of `typeKey` whose JSON name is `name`. */
  element(typeKey: string, name: string): ElementModel | undefined {
    let elements = this.byType.get(typeKey);
    if (elements === undefined) {
      elements = new Map((this.model.types[typeKey]?.elements ?? []).map((e) => [e.name, e]));
      this.byType.set(typeKey, elements);
    }
    return elements.get(name);
  }

  type(typeKey: string): TypeModel | undefined {
    return this.model.types[typeKey];
  }
}

/**
 * The FHIRPath step for a JSON property: `.name`, or `.value.ofType(Quantity)` for a choice form.
 */
export function fhirPathStep(element: ElementModel | undefined, jsonName: string): string {
  if (element?.choice !== undefined)
    return `.${element.choice.element}.ofType(${element.choice.type})`;
  return `.${jsonName}`;
}

/**
 * Converts a JSON pointer inside a resource (`/identifier/0/value`) to a FHIRPath location
 * (`Patient.identifier[0].value`), following the model so choice forms and nested resources are
 * named as FHIRPath names them. `_name` siblings map to their primitive element.
 */
export function pointerToFhirPath(
  index: ElementIndex,
  resource: unknown,
  pointer: string,
  base?: string,
): string {
  const rootType = resourceTypeOf(resource);
  let expression = base ?? rootType ?? 'Resource';
  let typeKey: string | undefined = rootType;
  let node: unknown = resource;
  const segments = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointer);
  for (const segment of segments) {
    if (Array.isArray(node)) {
      expression += `[${segment}]`;
      node = node[Number(segment)];
      if (typeKey === 'Resource') typeKey = resourceTypeOf(node);
      continue;
    }
    const name = segment.startsWith('_') ? segment.slice(1) : segment;
    const element = typeKey === undefined ? undefined : index.element(typeKey, name);
    expression += fhirPathStep(element, name);
    node = isRecord(node) ? node[segment] : undefined;
    if (segment.startsWith('_')) typeKey = 'Element';
    else if (element === undefined) typeKey = undefined;
    else if (isNestedResource(element, index)) {
      typeKey = Array.isArray(node) ? 'Resource' : resourceTypeOf(node);
    } else typeKey = element.type;
  }
  return expression;
}

/** True when an element holds a whole resource (contained, Bundle.entry.resource, …). */
export function isNestedResource(element: ElementModel, index: ElementIndex): boolean {
  return element.type === 'Resource' || index.type(element.type)?.kind === 'abstract-resource';
}

function resourceTypeOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.resourceType === 'string' ? value.resourceType : undefined;
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapePointer(segment: string): string {
  if (!segment.includes('~')) return segment;
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
