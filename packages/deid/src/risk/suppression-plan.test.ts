import { describe, expect, it } from 'vitest';
import { resolveQuasiIdentifiers } from './quasi-identifiers';
import { SuppressionPlanner } from './suppression-plan';

const resolved = resolveQuasiIdentifiers(['birthDate', 'postcode']);
if (!resolved.ok) throw new Error('test quasi-identifiers');
const qis = resolved.value;

/** Rows of [id, birth year, postcode district]. */
const rows: [string, string, string][] = [
  ['p1', '1970', 'LS1'],
  ['p2', '1970', 'LS1'],
  ['p3', '1970', 'LS1'],
  ['p4', '1970', 'LS2'],
  ['p5', '1970', 'LS2'],
  ['p6', '1970', 'LS9'],
  ['p7', '1913', 'LS1'],
  ['p8', '1985', 'LS2'],
];

describe('suppression for k-anonymity, on a table with a known answer', () => {
  it('with generalise-then-suppress, drops rare values, then suppresses classes still below k', () => {
    const planner = new SuppressionPlanner(qis, 3, 'generalise-then-suppress');
    for (const [id, year, district] of rows) planner.add(id, [year, district]);
    const plan = planner.plan();
    // Years: 1970 × 6 (kept), 1913 × 1 and 1985 × 1 (rare). Districts: LS1 × 4, LS2 × 3, LS9 × 1 (rare).
    expect([...(plan.rareValues[0] ?? [])].sort()).toEqual(['1913', '1985']);
    expect([...(plan.rareValues[1] ?? [])]).toEqual(['LS9']);
    expect(plan.rareValueCounts).toEqual({ birthDate: 2, postcode: 1 });
    // After dropping: (1970, LS1) × 3, (1970, LS2) × 2, (1970, -) × 1, (-, LS1) × 1, (-, LS2) × 1.
    expect([...plan.suppressedPatients].sort()).toEqual(['p4', 'p5', 'p6', 'p7', 'p8']);
  });

  it('with suppress, suppresses every class below k and drops no values', () => {
    const planner = new SuppressionPlanner(qis, 3, 'suppress');
    for (const [id, year, district] of rows) planner.add(id, [year, district]);
    const plan = planner.plan();
    expect(plan.rareValues.every((set) => set.size === 0)).toBe(true);
    expect([...plan.suppressedPatients].sort()).toEqual(['p4', 'p5', 'p6', 'p7', 'p8']);
  });

  it('merges rare values into classes that reach k', () => {
    const planner = new SuppressionPlanner(qis, 2, 'generalise-then-suppress');
    planner.add('a', ['1970', 'LS1']);
    planner.add('b', ['1970', 'LS1']);
    planner.add('c', ['1970', 'HX1']);
    planner.add('d', ['1970', 'BD7']);
    const plan = planner.plan();
    // HX1 and BD7 are rare; (1970, -) then holds c and d: 2 ≥ k.
    expect(plan.suppressedPatients.size).toBe(0);
    expect(plan.rareValueCounts['postcode']).toBe(2);
  });
});
