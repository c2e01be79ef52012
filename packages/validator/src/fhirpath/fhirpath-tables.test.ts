import r4 from 'fhirpath/fhir-context/r4';
import { describe, expect, it } from 'vitest';
import { nodePathOf, r4FhirpathTables } from './fhirpath-tables';

describe('r4FhirpathTables', () => {
  it("equals the fhirpath package's R4 tables, and nodePathOf its path2TypeWithoutElements", () => {
    const ours = r4FhirpathTables();
    const theirs = r4 as unknown as Record<string, unknown>;
    const names = ['choiceTypePaths', 'pathsDefinedElsewhere', 'type2Parent', 'path2Type'] as const;
    expect(Object.fromEntries(names.map((name) => [name, ours[name]]))).toEqual(
      Object.fromEntries(names.map((name) => [name, theirs[name]])),
    );
    expect([...ours.availableTypes].sort()).toEqual(
      [...(theirs.availableTypes as Set<string>)].sort(),
    );
    expect(Object.keys(ours.path2Type).length).toBeGreaterThan(5000);
    const withoutElements = theirs.path2TypeWithoutElements as Record<string, string>;
    const paths = Object.keys(ours.path2Type).concat('Patient.unknownElement');
    expect(paths.map((path) => nodePathOf(ours, path))).toEqual(
      paths.map((path) => withoutElements[path] ?? path),
    );
  });

  it('is built once', () => {
    expect(r4FhirpathTables()).toBe(r4FhirpathTables());
  });
});
