import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementDefinition, StructureDefinition } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { r4CoreDefinitionsFolder } from '../node/r4-core-package';
import { ukCoreResources } from '../__fixtures__/uk-core';
import { SnapshotGenerator } from './generate-snapshot';
import { SnapshotError } from './snapshot-error';

function bundle(file: string): StructureDefinition[] {
  const parsed = JSON.parse(readFileSync(join(r4CoreDefinitionsFolder(), file), 'utf8')) as {
    entry: { resource: { resourceType: string } }[];
  };
  return parsed.entry
    .map((e) => e.resource)
    .filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition');
}

const base = [...bundle('profiles-types.min.json'), ...bundle('profiles-resources.min.json')];
// HL7 published these with both a differential and a snapshot (the .min bundles drop the
// differentials): regenerate and compare.
const published = [...bundle('profiles-others.json'), ...bundle('extension-definitions.json')];

function withoutSnapshot(definition: StructureDefinition): StructureDefinition {
  const copy = { ...definition };
  delete copy.snapshot;
  return copy;
}

function generatorFor(definitions: readonly StructureDefinition[]): SnapshotGenerator {
  const byUrl = new Map(definitions.map((d) => [d.url, d]));
  return new SnapshotGenerator({
    structureDefinition: (url) => byUrl.get(url.split('|')[0] ?? url),
  });
}

/**
 * The properties that decide validation. R4's publisher names a choice constrained to one type
 * by a type slice (`value[x]:valueQuantity`); the generator constrains `value[x]` itself, which
 * means the same thing, so both forms are compared as the restricted element.
 */
function comparable(elements: readonly ElementDefinition[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of elements) {
    const id = (e.id ?? e.path).replace(/\[x\]:[a-z]+[A-Z][A-Za-z]*/g, '[x]');
    const fixed = Object.entries(e)
      .filter(([k]) => k.startsWith('fixed') || k.startsWith('pattern'))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const key = JSON.stringify([
      e.max,
      (e.type ?? []).map((t) => [t.code, t.profile, t.targetProfile]),
      fixed,
      e.binding?.strength,
      e.binding?.valueSet,
    ]);
    if (!out.has(id)) out.set(id, key);
  }
  return out;
}

describe('SnapshotGenerator', () => {
  const generator = generatorFor([...base, ...published.map(withoutSnapshot)]);

  it('regenerates every HL7-published profile and extension of R4 from its differential', () => {
    const mismatches: string[] = [];
    for (const definition of published) {
      const mine = comparable(generator.snapshot(definition.url).snapshot?.element ?? []);
      const theirs = comparable(definition.snapshot?.element ?? []);
      for (const [id, key] of theirs) {
        const found = mine.get(id);
        if (found === undefined) {
          // The publisher also lists the children of extension slices, which come from the
          // extension's own definition; the generator adds them only when a profile constrains them.
          if (!/\.(extension|modifierExtension):[^.]+\./.test(id))
            mismatches.push(`${definition.id ?? ''} ${id} missing`);
        } else if (found !== key) mismatches.push(`${definition.id ?? ''} ${id}`);
      }
    }
    expect(published.length).toBeGreaterThan(400);
    // Known differences, each where the publisher's output contradicts its own differential:
    // - provenance-relevant-history: a new slice copies the base binding, ignoring the profile's
    //   constraint on the element it slices (the generator keeps the constraint);
    // - bp: `valueQuantity` max 0 becomes a type slice while value[x] (Quantity only) stays 0..1;
    //   the generator forbids value[x], which is what the differential means;
    // - devicemetricobservation: likewise effectiveDateTime min 1 leaves effective[x] at min 0;
    // - catalog: slices Composition.date, which does not repeat, and drops the element itself.
    expect(
      mismatches.filter(
        (m) => !/^(provenance-relevant-history|bp|devicemetricobservation|catalog) /.test(m),
      ),
    ).toEqual([]);
  });

  it('generates snapshots for all 153 differential-only UK Core StructureDefinitions', () => {
    const uk = ukCoreResources().filter(
      (r): r is StructureDefinition => r.resourceType === 'StructureDefinition',
    );
    const both = generatorFor([...base, ...published, ...uk]);
    expect(uk).toHaveLength(153);
    for (const definition of uk)
      expect(both.snapshot(definition.url).snapshot?.element.length).toBeGreaterThan(1);
    const patient = both.snapshot('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient');
    const system = patient.snapshot?.element.find(
      (e) => e.id === 'Patient.identifier:nhsNumber.system',
    );
    expect(system?.fixedUri).toBe('https://fhir.nhs.uk/Id/nhs-number');
    expect(system?.min).toBe(1);
    // The slice's verification-status extension comes from the Identifier type's children.
    expect(
      patient.snapshot?.element.some(
        (e) => e.id === 'Patient.identifier:nhsNumber.extension:nhsNumberVerificationStatus',
      ),
    ).toBe(true);
    // Sub-extension constraints reach into the extension definition's own snapshot.
    expect(
      patient.snapshot?.element.some(
        (e) => e.id === 'Patient.communication.extension:proficiency.extension:level.value[x]',
      ),
    ).toBe(true);
  });

  it('takes a new slice’s cardinality from the base, not from the constrained element', () => {
    const uk = ukCoreResources().filter(
      (r): r is StructureDefinition => r.resourceType === 'StructureDefinition',
    );
    const triggeredBy = generatorFor([...base, ...uk]).snapshot(
      'http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy',
    );
    const reason = triggeredBy.snapshot?.element.find((e) => e.id === 'Extension.extension:reason');
    expect(reason?.min).toBe(0);
  });

  it('explains what it cannot do: unknown base, unknown element, circular definitions', () => {
    const profile = (patch: Partial<StructureDefinition>): StructureDefinition => ({
      resourceType: 'StructureDefinition',
      url: 'http://example.org/p',
      name: 'P',
      status: 'draft',
      kind: 'resource',
      abstract: false,
      type: 'Patient',
      derivation: 'constraint',
      baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Patient',
      differential: { element: [{ id: 'Patient', path: 'Patient' }] },
      ...patch,
    });
    const codes = (definition: StructureDefinition): string => {
      try {
        generatorFor([...base, definition]).snapshot(definition.url);
        return 'ok';
      } catch (error) {
        return error instanceof SnapshotError ? error.code : 'other';
      }
    };
    expect(codes(profile({ baseDefinition: 'http://example.org/none' }))).toBe('not-found');
    expect(
      codes(
        profile({
          differential: { element: [{ id: 'Patient.nonsense', path: 'Patient.nonsense' }] },
        }),
      ),
    ).toBe('unknown-element');
    expect(codes(profile({ baseDefinition: 'http://example.org/p' }))).toBe('circular');
    expect(
      codes(
        profile({
          differential: {
            element: [{ id: 'Patient.deceased[x].id', path: 'Patient.deceased[x].id' }],
          },
        }),
      ),
    ).toBe('ambiguous-type');
  });
});
