import { describe, expectTypeOf, it } from 'vitest';
import type { ElementDefinition, StructureDefinition } from '../generated/fhir-r4';
import type { ProfileDefinitionInput, ProfileElementInput } from './profile-types-input';

describe('profile type inputs', () => {
  it('take the snapshot of a StructureDefinition from @lhcr/models as it is', () => {
    expectTypeOf<ElementDefinition>().toExtend<ProfileElementInput>();
    const toInput = (sd: StructureDefinition): ProfileDefinitionInput => ({
      url: sd.url,
      version: sd.version,
      name: sd.name,
      type: sd.type,
      snapshot: sd.snapshot?.element ?? [],
    });
    expectTypeOf(toInput).returns.toEqualTypeOf<ProfileDefinitionInput>();
  });

  it('need a url, a name, a type and the snapshot', () => {
    // @ts-expect-error: the snapshot is required
    expectTypeOf({ url: 'u', name: 'N', type: 'Patient' }).toExtend<ProfileDefinitionInput>();
    expectTypeOf({
      url: 'u',
      name: 'N',
      type: 'Patient',
      snapshot: [],
    }).toExtend<ProfileDefinitionInput>();
  });
});
