import { relative, resolve } from 'node:path';
import { formatBlueprintIssue, loadBlueprint } from '@lhcr/blueprint';
import type { Blueprint } from '@lhcr/blueprint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_EXAMPLES } from './__fixtures__/profile-examples';

const ROOT = resolve(import.meta.dirname, '..');

let blueprint: Blueprint;

beforeAll(async () => {
  const result = await loadBlueprint(ROOT);
  if (!result.ok) throw new Error(result.issues.map(formatBlueprintIssue).join('\n'));
  blueprint = result.blueprint;
});

/** The literal copies of one file. */
function literalsOf(file: string): (typeof PROFILE_EXAMPLES)[number][] {
  return PROFILE_EXAMPLES.filter((entry) => entry.file === file);
}

describe('the literals the profile type tests check', () => {
  it('copy every example exactly, each typed by the profile the example claims', () => {
    const files = blueprint.examples.map((example) => relative(ROOT, resolve(ROOT, example.file)));
    expect(files).toHaveLength(17);
    for (const example of blueprint.examples) {
      const file = relative(ROOT, resolve(ROOT, example.file));
      const literals = literalsOf(file);
      expect(literals.map((literal) => ({ file, resource: literal.resource }))).toEqual([
        { file, resource: example.resource },
      ]);
      expect(example.profiles).toContain(literals[0]?.profile);
    }
    const fromExamples = PROFILE_EXAMPLES.filter((entry) => entry.file.startsWith('examples/'));
    expect(fromExamples.map((entry) => entry.file).sort()).toEqual([...files].sort());
  });

  it('copy fixture patients exactly, NHS numbers from the test range', () => {
    const fromFixtures = PROFILE_EXAMPLES.filter((entry) => entry.file.startsWith('fixtures/'));
    expect(fromFixtures.length).toBeGreaterThan(0);
    for (const entry of fromFixtures) {
      const fixture = blueprint.fixtures.find(
        (candidate) => relative(ROOT, resolve(ROOT, candidate.file)) === entry.file,
      );
      const id = (entry.resource as { id?: string }).id;
      const resource = fixture?.resources.find((candidate) => candidate.id === id);
      expect({ file: entry.file, id, resource }).toEqual({
        file: entry.file,
        id,
        resource: entry.resource,
      });
      expect(fixture?.patient?.nhsNumber.startsWith('999')).toBe(true);
    }
  });
});
