import { RESOURCE_TYPES } from '@lhcr/models';
import { FHIR_ELEMENTS } from '../generated/fhir-elements';

/** One element of a FHIR type: its type (or backbone path), and whether it is required and repeats. */
export interface ElementInfo {
  readonly type: string;
  readonly required: boolean;
  readonly array: boolean;
}

const parsed = new Map<string, ReadonlyMap<string, ElementInfo> | undefined>();
const RESOURCES: ReadonlySet<string> = new Set<string>(RESOURCE_TYPES);

/**
 * The elements of a resource type, complex data type or backbone element path, parsed once from
 * the generated table; `undefined` for a name FHIR R4 does not have.
 */
export function elementsOf(typeName: string): ReadonlyMap<string, ElementInfo> | undefined {
  if (parsed.has(typeName)) return parsed.get(typeName);
  const spec = Object.hasOwn(FHIR_ELEMENTS, typeName) ? FHIR_ELEMENTS[typeName] : undefined;
  let elements: Map<string, ElementInfo> | undefined;
  if (spec !== undefined) {
    elements = new Map();
    for (const entry of spec.split(' ')) {
      if (entry === '') continue;
      const colon = entry.indexOf(':');
      let type = entry.slice(colon + 1);
      const array = type.endsWith('*');
      if (array) type = type.slice(0, -1);
      const required = type.endsWith('+');
      if (required) type = type.slice(0, -1);
      elements.set(entry.slice(0, colon), { type, required, array });
    }
  }
  parsed.set(typeName, elements);
  return elements;
}

/** Whether a name is a FHIR R4 resource type. */
export function isResourceTypeName(name: unknown): name is string {
  return typeof name === 'string' && RESOURCES.has(name);
}

/** Whether a FHIR type name is a primitive type (primitive type names start in lower case). */
export function isPrimitiveType(type: string): boolean {
  const first = type.charCodeAt(0);
  return first >= 97 && first <= 122;
}
