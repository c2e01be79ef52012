import { describe, expect, it } from 'vitest';
import { isPatient, RESOURCE_TYPES } from './generated/fhir-r4';
import { isResource, isResourceType } from './resource-guards';

describe('resource guards', () => {
  it('knows every R4 resource type and nothing else', () => {
    expect(RESOURCE_TYPES).toHaveLength(146);
    expect(isResourceType('Patient')).toBe(true);
    expect(isResourceType('patient')).toBe(false);
    expect(isResourceType('Resource')).toBe(false);
    expect(isResourceType('DomainResource')).toBe(false);
  });

  it('narrows on resourceType', () => {
    expect(isResource({ resourceType: 'Observation' })).toBe(true);
    expect(isResource({ resourceType: 'Nope' })).toBe(false);
    expect(isResource([{ resourceType: 'Patient' }])).toBe(false);
    expect(isResource(null)).toBe(false);
    expect(isPatient({ resourceType: 'Patient' })).toBe(true);
    expect(isPatient({ resourceType: 'Practitioner' })).toBe(false);
    expect(isPatient('Patient')).toBe(false);
  });
});
