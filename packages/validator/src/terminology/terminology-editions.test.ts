import { describe, expect, it } from 'vitest';
import { createValidator } from '../index';
import { r4CoreDefinitions } from '../node';
import { CanonicalRegistry } from '../packages/canonical-registry';
import { definitionsFromRegistry } from '../packages/registry-definitions';
import type { CodeSystemLike, TerminologySource, ValueSetLike } from './expand-value-set';
import { expandValueSet } from './expand-value-set';

const SYSTEM = 'http://example.org/CodeSystem/flat';
const PARENT = 'http://hl7.org/fhir/concept-properties#parent';
const CHILD = 'http://hl7.org/fhir/concept-properties#child';

/** A source holding one code system and one value set that filters it. */
function source(
  codeSystem: CodeSystemLike,
  filter: { op: string; value: string },
): TerminologySource {
  const valueSet: ValueSetLike = {
    url: 'http://example.org/ValueSet/v',
    compose: { include: [{ system: SYSTEM, filter: [{ property: 'concept', ...filter }] }] },
  };
  return {
    valueSet: (url) => (url === valueSet.url ? valueSet : undefined),
    codeSystem: (url) => (url === SYSTEM ? codeSystem : undefined),
  };
}

const codesOf = (codeSystem: CodeSystemLike, op: string, value: string): string[] =>
  [
    ...(expandValueSet('http://example.org/ValueSet/v', source(codeSystem, { op, value }))?.codes[
      SYSTEM
    ] ?? []),
  ].sort();

describe('filters over a code system whose hierarchy is given by properties', () => {
  // As terminology.hl7.org lists its v3 code systems: flat, each concept naming its parent.
  const flat: CodeSystemLike = {
    url: SYSTEM,
    content: 'complete',
    property: [{ code: 'subsumedBy', uri: PARENT }],
    concept: [
      { code: '_Encounter' },
      { code: 'AMB', property: [{ code: 'subsumedBy', valueCode: '_Encounter' }] },
      { code: 'VR', property: [{ code: 'subsumedBy', valueCode: 'AMB' }] },
      { code: 'OTHER' },
    ],
  };

  it('follows parent properties for is-a, descendent-of and is-not-a', () => {
    expect(codesOf(flat, 'is-a', '_Encounter')).toEqual(['AMB', 'VR', '_Encounter']);
    expect(codesOf(flat, 'descendent-of', '_Encounter')).toEqual(['AMB', 'VR']);
    expect(codesOf(flat, 'is-not-a', 'AMB')).toEqual(['OTHER', '_Encounter']);
  });

  it("follows nesting too, not child properties (as R4's published expansions), and ends on a cycle", () => {
    const mixed: CodeSystemLike = {
      url: SYSTEM,
      content: 'complete',
      property: [
        { code: 'parent', uri: PARENT },
        { code: 'child', uri: CHILD },
      ],
      concept: [
        { code: 'A', property: [{ code: 'parent', valueCode: 'B' }], concept: [{ code: 'C' }] },
        {
          code: 'B',
          property: [
            { code: 'parent', valueCode: 'A' },
            { code: 'child', valueCode: 'D' },
          ],
        },
        { code: 'D' },
      ],
    };
    expect(codesOf(mixed, 'is-a', 'A')).toEqual(['A', 'B', 'C']);
    expect(codesOf(mixed, 'descendent-of', 'B')).toEqual(['A', 'C']);
  });

  it('ignores a property that names no parent', () => {
    const other: CodeSystemLike = {
      ...flat,
      property: [{ code: 'subsumedBy', uri: 'http://example.org/not-a-parent' }],
    };
    expect(codesOf(other, 'is-a', '_Encounter')).toEqual(['_Encounter']);
  });
});

describe('editions of R4 terminology in loaded packages', () => {
  // terminology.hl7.org's edition of a code system R4 also defines, with a code R4's lacks.
  const physicalType = {
    resourceType: 'CodeSystem',
    url: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
    version: '2.0.1',
    status: 'active',
    content: 'complete',
    concept: [{ code: 'si' }, { code: 'bu' }, { code: 'vi' }],
  };
  const location = {
    resourceType: 'Location',
    physicalType: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'vi' },
      ],
    },
  };
  const errorsWith = (
    codeSystems: (typeof physicalType)[],
    origin = { id: 'hl7.terminology.r4', version: '7.0.1' },
  ) => {
    const registry = new CanonicalRegistry();
    for (const resource of codeSystems) {
      const { resourceType, url, version } = resource;
      registry.addResource(
        {
          resourceType,
          url,
          version,
          fileName: 'CodeSystem-location-physical-type.json',
          resource,
        },
        origin,
      );
    }
    const validator = createValidator({
      definitions: definitionsFromRegistry(registry, r4CoreDefinitions()),
      reportUnverifiedCodes: false,
    });
    return validator
      .validate(location)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => i.diagnostics);
  };

  it("uses a package's own edition of a code system instead of R4's", () => {
    expect(errorsWith([])).toEqual([expect.stringContaining("Unknown code 'vi'") as string]);
    expect(errorsWith([physicalType])).toEqual([]);
  });

  it("keeps R4's edition for R4's own version of it, wherever it comes from", () => {
    const copy = { ...physicalType, version: '4.0.1' };
    expect(errorsWith([copy], { id: 'hl7.fhir.r4.examples', version: '4.0.1' })).toEqual([
      expect.stringContaining("Unknown code 'vi'") as string,
    ]);
  });
});

describe('code system supplements', () => {
  const supplement = {
    resourceType: 'CodeSystem',
    url: 'http://example.org/CodeSystem/gender-designations',
    version: '1.0.0',
    status: 'active',
    content: 'supplement',
    supplements: 'http://hl7.org/fhir/administrative-gender',
    concept: [{ code: 'female', designation: [{ language: 'cy', value: 'benyw' }] }],
  };
  const validator = (
    resource: typeof supplement = supplement,
  ): ReturnType<typeof createValidator> => {
    const registry = new CanonicalRegistry();
    registry.addResource(
      { ...resource, fileName: 'CodeSystem-gender-designations.json', resource },
      { id: 'example.supplements', version: '1.0.0' },
    );
    return createValidator({
      definitions: definitionsFromRegistry(registry, r4CoreDefinitions()),
      reportUnverifiedCodes: false,
    });
  };
  const observation = (system: string) => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system, code: 'female' }] },
  });

  it("refuses a supplement as a Coding's system, naming the code system it supplements", () => {
    const issues = validator()
      .validate(observation(supplement.url))
      .issues.filter((i) => i.severity === 'error');
    expect(issues).toEqual([
      expect.objectContaining({
        expression: 'Observation.code.coding[0].system',
        diagnostics: expect.stringContaining(
          'is a supplement of http://hl7.org/fhir/administrative-gender',
        ) as string,
      }),
    ]);
  });

  it('takes a code system that names what it supplements as a supplement, whatever its content', () => {
    const older = { ...supplement, content: 'complete' };
    const issues = validator(older).validate(observation(supplement.url)).issues;
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(1);
  });

  it('accepts the supplemented code system itself', () => {
    const result = validator().validate(observation('http://hl7.org/fhir/administrative-gender'));
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
