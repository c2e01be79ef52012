import type { AnyResource, Identifier, Reference } from './generated/fhir-r4';

/**
 * A literal reference (`Patient/123`) to a resource that has an id.
 *
 * @example
 * referenceTo(patient); // { reference: 'Patient/123' }
 */
export function referenceTo(resource: AnyResource, display?: string): Reference {
  if (resource.id === undefined || resource.id === '') {
    throw new TypeError(`Cannot reference a ${resource.resourceType} without an id.`);
  }
  const reference: Reference = { reference: `${resource.resourceType}/${resource.id}` };
  if (display !== undefined) reference.display = display;
  return reference;
}

/**
 * A logical reference by business identifier, as used for organisations known only by ODS code.
 *
 * @example
 * identifierReference('Organization', ODS_ORGANIZATION_SYSTEM, 'B82005');
 */
export function identifierReference(
  type: AnyResource['resourceType'],
  system: string,
  value: string,
  display?: string,
): Reference {
  const identifier: Identifier = { system, value };
  const reference: Reference = { type, identifier };
  if (display !== undefined) reference.display = display;
  return reference;
}
