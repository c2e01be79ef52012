import { RESOURCE_TYPES } from './generated/fhir-r4';
import type { AnyResource, ResourceType } from './generated/fhir-r4';

const KNOWN = new Set<string>(RESOURCE_TYPES);

/**
 * True when `name` is a concrete FHIR R4 resource type.
 *
 * @example
 * isResourceType('Patient'); // true
 */
export function isResourceType(name: unknown): name is ResourceType {
  return typeof name === 'string' && KNOWN.has(name);
}

/**
 * True when `value` is an object with a known `resourceType`. This checks the discriminant only;
 * use the validator to check the rest of the resource.
 *
 * @example
 * if (isResource(json)) console.log(json.resourceType);
 */
export function isResource(value: unknown): value is AnyResource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    isResourceType((value as { resourceType?: unknown }).resourceType)
  );
}
