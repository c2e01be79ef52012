import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { testNumbers } from '../__fixtures__/records';
import { OptOutError } from '../errors';
import { createNationalOptOutRegister } from './national';
import { NhsNumberSet } from './nhs-number-set';

const [a, b, c, d] = testNumbers(4) as [NhsNumber, NhsNumber, NhsNumber, NhsNumber];
const set = (...numbers: NhsNumber[]): NhsNumberSet => NhsNumberSet.from(numbers);

describe('createNationalOptOutRegister', () => {
  it('reads a MESH exchange: checked and missing from the cleaned list means opted out', () => {
    const register = createNationalOptOutRegister({
      id: 'X26-010325-0001',
      asOf: '2025-03-01',
      checked: set(a, b, c),
      cleared: set(a, c),
    });
    expect(register.lookup(a)).toEqual({
      state: 'not-opted-out',
      registerId: 'X26-010325-0001',
      asOf: '2025-03-01',
    });
    expect(register.lookup(b)).toMatchObject({
      state: 'opted-out',
      detail: 'checked, and not in the cleaned list',
    });
    expect(register.lookup(d)).toMatchObject({ state: 'unknown' });
  });

  it('treats a cleaned list alone (a temporary cache) as covering only its numbers', () => {
    const register = createNationalOptOutRegister({
      id: 'cache',
      asOf: '2025-03-01',
      cleared: set(a),
    });
    expect(register.lookup(a).state).toBe('not-opted-out');
    expect(register.lookup(b).state).toBe('unknown');
  });

  it('reads a list of opt-outs against the checked cohort, or as complete', () => {
    const cohort = createNationalOptOutRegister({
      id: 'list',
      asOf: '2025-03-01',
      optedOut: set(b),
      checked: set(a, b),
    });
    expect([cohort.lookup(a).state, cohort.lookup(b).state, cohort.lookup(c).state]).toEqual([
      'not-opted-out',
      'opted-out',
      'unknown',
    ]);
    const complete = createNationalOptOutRegister({
      id: 'all',
      asOf: '2025-03-01',
      optedOut: set(b),
      complete: true,
    });
    expect([complete.lookup(a).state, complete.lookup(b).state]).toEqual([
      'not-opted-out',
      'opted-out',
    ]);
    const partial = createNationalOptOutRegister({
      id: 'partial',
      asOf: '2025-03-01',
      optedOut: set(b),
    });
    expect(partial.lookup(a).state).toBe('unknown');
  });

  it('lets an opt-out win over a conflicting cleared entry, and a checked number in neither list is unknown', () => {
    const register = createNationalOptOutRegister({
      id: 'both',
      asOf: '2025-03-01',
      optedOut: set(a),
      cleared: set(a, b),
      checked: set(a, b, c),
    });
    expect(register.lookup(a).state).toBe('opted-out');
    expect(register.lookup(b).state).toBe('not-opted-out');
    expect(register.lookup(c).state).toBe('unknown');
  });

  it('rejects a bad as-of date, no lists, and complete without opt-outs', () => {
    expect(() =>
      createNationalOptOutRegister({ id: 'x', asOf: '01/03/2025', cleared: set(a) }),
    ).toThrow(OptOutError);
    expect(() => createNationalOptOutRegister({ id: 'x', asOf: '2025-03-01' })).toThrow(
      /at least one/,
    );
    expect(() =>
      createNationalOptOutRegister({
        id: 'x',
        asOf: '2025-03-01',
        cleared: set(a),
        complete: true,
      }),
    ).toThrow(/complete/);
  });
});
