import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { testNumbers } from '../__fixtures__/records';
import { createNationalOptOutRegister } from '../registers/national';
import { NhsNumberSet } from '../registers/nhs-number-set';
import { createType1Register } from '../registers/type1';
import { checkOptOut, readPatientStates } from './check';

const [a, b] = testNumbers(2, 51) as [NhsNumber, NhsNumber];
const registers = {
  nationalOptOut: createNationalOptOutRegister({
    id: 'mesh',
    asOf: '2025-02-25',
    checked: NhsNumberSet.from([a, b]),
    cleared: NhsNumberSet.from([a]),
  }),
  type1: createType1Register({
    id: 'gp',
    asOf: '2025-02-25',
    covered: NhsNumberSet.from([a, b]),
    evidence: new Map([[a, [{ meaning: 'objection' as const, date: '2020-01-01' }]]]),
  }),
};

describe('checkOptOut', () => {
  it('looks the patient up in every register and explains the decision', () => {
    const gp = checkOptOut(
      { nhsNumber: a, purpose: 'research', origin: 'gp-practice', date: '2025-03-01' },
      registers,
    );
    expect(gp).toMatchObject({ effect: 'deny', ruleId: 'type1-objection' });
    expect(
      gp.registers.map((register) => [register.register, register.state, register.since]),
    ).toEqual([['type-1', 'objection', '2020-01-01']]);
    const hospital = checkOptOut(
      { nhsNumber: a, purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
      registers,
    );
    expect(hospital).toMatchObject({ effect: 'permit', ruleId: 'ndop-not-opted-out' });
    expect(
      checkOptOut(
        { nhsNumber: b, purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
        registers,
      ).ruleId,
    ).toBe('ndop-opted-out');
  });

  it('decides a patient without an NHS number as absent, naming the registers it could not use', () => {
    const decision = checkOptOut(
      { purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
      registers,
    );
    expect(decision).toMatchObject({ effect: 'deny', ruleId: 'ndop-status-unavailable' });
    expect(decision.registers[0]).toMatchObject({
      registerId: 'mesh',
      state: 'unknown',
      detail: 'the record has no NHS number',
    });
    expect(readPatientStates(undefined, {}, '2025-03-01')).toEqual({ nhsNumber: 'absent' });
  });

  it('denies a patient with several NHS numbers when any of them is denied', () => {
    const decision = checkOptOut(
      {
        nhsNumber: { presence: 'present', nhsNumbers: [a, b] },
        purpose: 'planning',
        origin: 'non-gp',
        date: '2025-03-01',
      },
      registers,
    );
    expect(decision.ruleId).toBe('ndop-opted-out');
    const unresolved = checkOptOut(
      {
        nhsNumber: { presence: 'unresolved', nhsNumbers: [] },
        purpose: 'planning',
        origin: 'non-gp',
        date: '2025-03-01',
      },
      registers,
    );
    expect(unresolved.registers[0]?.detail).toBe('the NHS number could not be resolved');
  });
});
