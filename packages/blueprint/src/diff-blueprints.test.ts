import { describe, expect, it } from 'vitest';
import { fixtureBlueprint } from './__fixtures__/temp-blueprint';
import { diffBlueprints } from './diff-blueprints';
import { assertBlueprint } from './load-blueprint';

describe('diffBlueprints', () => {
  it('lists requirements added, removed and changed, and profile elements changed', async () => {
    const v1 = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const v2 = await assertBlueprint(fixtureBlueprint('demo-v2'));
    const diff = diffBlueprints(v1, v2);
    expect(diff.from).toEqual({ id: 'demo', version: '1.0.0' });
    expect(diff.to).toEqual({ id: 'demo', version: '2.0.0' });
    expect(
      diff.requirements.map((change) => [
        change.id,
        change.kind,
        change.fields,
        change.tightened,
        change.loosened,
      ]),
    ).toEqual([
      ['DEMO-PAT-02', 'changed', ['level'], true, false],
      ['DEMO-OPT-01', 'changed', ['title'], false, false],
      ['DEMO-PAT-03', 'added', [], false, false],
      ['DEMO-PAT-01', 'removed', [], false, true],
    ]);
    expect(diff.profiles).toEqual([
      {
        url: 'https://example.org/fhir/demo/StructureDefinition/Demo-Patient',
        name: 'Demo Patient',
        kind: 'changed',
        elements: [
          {
            elementId: 'Patient.birthDate',
            kind: 'changed',
            changes: [{ property: 'min', before: '0', after: '1' }],
            tightened: true,
          },
        ],
      },
    ]);
    expect(diff.suggestedBump).toBe('major');
    expect(diff.reasons).toEqual([
      'major: DEMO-PAT-02 tightened (level)',
      'patch: DEMO-OPT-01 reworded (title)',
      'minor: new MAY requirement DEMO-PAT-03',
      'major: requirement DEMO-PAT-01 removed',
      'major: profile https://example.org/fhir/demo/StructureDefinition/Demo-Patient tightened',
    ]);
  });

  it('finds nothing between a blueprint and itself', async () => {
    const v1 = await assertBlueprint(fixtureBlueprint('demo-v1'));
    expect(diffBlueprints(v1, v1)).toMatchObject({
      requirements: [],
      profiles: [],
      suggestedBump: 'none',
      reasons: [],
    });
  });

  it('calls loosening minor and new MUSTs major', async () => {
    const v2 = await assertBlueprint(fixtureBlueprint('demo-v2'));
    const v1 = await assertBlueprint(fixtureBlueprint('demo-v1'));
    const backwards = diffBlueprints(v2, v1);
    expect(backwards.reasons).toContain('minor: DEMO-PAT-02 loosened (level lowered)');
    expect(backwards.reasons).toContain('major: new MUST requirement DEMO-PAT-01');
    expect(backwards.suggestedBump).toBe('major');
  });
});
