import { NHS_NUMBER_SYSTEM, SNOMED_CT_SYSTEM } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import {
  byNhsNumber,
  observation,
  patient,
  testNumbers,
  type1Observation,
} from '../__fixtures__/records';
import { OptOutError } from '../errors';
import type { PatientIdentity } from './patient-identity';
import {
  CTV3_SYSTEM,
  READ_V2_SYSTEM,
  TYPE1_CODES,
  Type1RegisterBuilder,
  type1EvidenceOf,
  type1MeaningOf,
  type1StateOf,
} from './type1';

const [a, b, c] = testNumbers(3) as [NhsNumber, NhsNumber, NhsNumber];

describe('Type 1 codes', () => {
  it.each([
    [SNOMED_CT_SYSTEM, '827241000000103', 'objection'],
    [SNOMED_CT_SYSTEM, '827261000000102', 'withdrawal'],
    [READ_V2_SYSTEM, '9Nu0', 'objection'],
    [READ_V2_SYSTEM, '9Nu0.', 'objection'],
    [READ_V2_SYSTEM, '9Nu0.00', 'objection'],
    [READ_V2_SYSTEM, '9Nu1.', 'withdrawal'],
    [CTV3_SYSTEM, 'XaZ89', 'objection'],
    [undefined, '827241000000103', 'objection'],
  ])('%s %s is %s', (system, code, meaning) => {
    expect(type1MeaningOf({ system, code })).toBe(meaning);
  });

  it('does not match other codes, other systems, child Read codes or the retired Type 2 codes', () => {
    expect(type1MeaningOf({ system: SNOMED_CT_SYSTEM, code: '881561000000100' })).toBeUndefined();
    expect(type1MeaningOf({ system: READ_V2_SYSTEM, code: '9Nu4.' })).toBeUndefined();
    expect(type1MeaningOf({ system: READ_V2_SYSTEM, code: '9Nu00' })).toBeUndefined();
    expect(type1MeaningOf({ system: 'http://loinc.org', code: '827241000000103' })).toBeUndefined();
    expect(TYPE1_CODES.filter((code) => code.unconfirmed).map((code) => code.code)).toEqual([
      '827261000000102',
      '9Nu1',
      'XaZ8A',
    ]);
  });
});

describe('type1StateOf', () => {
  const date = '2025-03-01';

  it('lets the latest-dated code win', () => {
    expect(
      type1StateOf(
        [
          { meaning: 'objection', date: '2018-01-05' },
          { meaning: 'withdrawal', date: '2021-03-02' },
        ],
        date,
      ),
    ).toMatchObject({ state: 'no-objection', since: '2021-03-02' });
    expect(
      type1StateOf(
        [
          { meaning: 'withdrawal', date: '2021-03-02' },
          { meaning: 'objection', date: '2023-11-20T09:30:00Z' },
        ],
        date,
      ),
    ).toMatchObject({ state: 'objection', since: '2023-11-20T09:30:00Z' });
  });

  it('takes the objection when an objection and a withdrawal share the latest date', () => {
    expect(
      type1StateOf(
        [
          { meaning: 'withdrawal', date: '2022-05-05' },
          { meaning: 'objection', date: '2022-05-05' },
        ],
        date,
      ).state,
    ).toBe('objection');
    expect(
      type1StateOf(
        [
          { meaning: 'objection', date: '2022-05-05' },
          { meaning: 'withdrawal', date: '2022-05-05' },
        ],
        date,
      ).state,
    ).toBe('objection');
  });

  it('ignores codes dated after the decision date and ranks undated codes oldest', () => {
    expect(type1StateOf([{ meaning: 'objection', date: '2026-01-01' }], date)).toMatchObject({
      state: 'no-objection',
      detail: expect.stringContaining('1 code(s) dated after') as unknown,
    });
    expect(type1StateOf([{ meaning: 'objection' }], date)).toMatchObject({
      state: 'objection',
      detail: 'latest Type 1 code is an objection (undated)',
    });
    expect(
      type1StateOf([{ meaning: 'objection' }, { meaning: 'withdrawal', date: '2020-01-01' }], date)
        .state,
    ).toBe('no-objection');
    expect(type1StateOf([], date)).toMatchObject({
      state: 'no-objection',
      detail: 'no Type 1 code in the GP record',
    });
  });
});

describe('type1EvidenceOf', () => {
  it('reads the code and the clinical date, and skips entered-in-error records', () => {
    expect(
      type1EvidenceOf(type1Observation('t', { reference: 'Patient/p' }, 'objection', '2019-06-12')),
    ).toEqual({ meaning: 'objection', date: '2019-06-12' });
    expect(
      type1EvidenceOf({
        resourceType: 'Condition',
        code: { coding: [{ system: READ_V2_SYSTEM, code: '9Nu1.' }] },
        recordedDate: '2020-02-02',
      }),
    ).toEqual({ meaning: 'withdrawal', date: '2020-02-02' });
    expect(
      type1EvidenceOf({
        ...type1Observation('t', {}, 'objection', '2019-06-12'),
        status: 'entered-in-error',
      }),
    ).toBeUndefined();
    expect(
      type1EvidenceOf({
        resourceType: 'Condition',
        verificationStatus: { coding: [{ code: 'entered-in-error' }] },
        code: { coding: [{ system: SNOMED_CT_SYSTEM, code: '827241000000103' }] },
      }),
    ).toBeUndefined();
    expect(type1EvidenceOf(observation('o', {}, '22298006'))).toBeUndefined();
  });
});

describe('Type1RegisterBuilder', () => {
  it('links codes to patients, knows whose records it saw, and counts unlinked codes', () => {
    const builder = new Type1RegisterBuilder({ id: 'gp-2025-03', asOf: '2025-03-01' });
    const index = new Map<string, PatientIdentity>([
      ['Patient/p1', { presence: 'present', nhsNumbers: [a] }],
    ]);
    const patients = { get: (key: string) => index.get(key) };
    expect(builder.addResource(patient('p1', a), patients)).toBe('patient');
    expect(builder.addResource(patient('p2', b), patients)).toBe('patient');
    expect(
      builder.addResource(
        type1Observation('t1', { reference: 'Patient/p1' }, 'objection', '2019-06-12'),
        patients,
      ),
    ).toBe('evidence');
    expect(
      builder.addResource(
        type1Observation('t2', byNhsNumber(c), 'withdrawal', '2020-01-01'),
        patients,
      ),
    ).toBe('evidence');
    expect(
      builder.addResource(
        type1Observation('t3', { reference: 'Patient/unknown' }, 'objection', '2019-06-12'),
        patients,
      ),
    ).toBe('unlinked');
    expect(builder.addResource(observation('o', { reference: 'Patient/p1' }), patients)).toBe(
      'none',
    );
    expect(builder.stats).toEqual({ patients: 3, evidence: 2, unlinked: 1 });
    const register = builder.build();
    expect(register.lookup(a, '2025-03-01')).toMatchObject({
      state: 'objection',
      since: '2019-06-12',
      registerId: 'gp-2025-03',
      asOf: '2025-03-01',
    });
    expect(register.lookup(b, '2025-03-01')).toMatchObject({ state: 'no-objection' });
    expect(register.lookup(c, '2025-03-01')).toMatchObject({
      state: 'no-objection',
      since: '2020-01-01',
    });
    const stranger = testNumbers(4, 99)[3] as NhsNumber;
    expect(register.lookup(stranger, '2025-03-01')).toMatchObject({ state: 'unknown' });
    // A decision dated before the objection sees no objection.
    expect(register.lookup(a, '2019-01-01').state).toBe('no-objection');
  });

  it('rejects a bad as-of date', () => {
    expect(() => new Type1RegisterBuilder({ id: 'x', asOf: 'March' })).toThrow(OptOutError);
  });

  it('links codes to a Patient by an NHS number identifier on the resource', () => {
    const builder = new Type1RegisterBuilder({ id: 'x', asOf: '2025-03-01' });
    builder.addResource(
      type1Observation(
        't',
        { identifier: { system: NHS_NUMBER_SYSTEM, value: a } },
        'objection',
        '2024-01-01',
      ),
      { get: () => undefined },
    );
    expect(builder.build().lookup(a, '2025-03-01').state).toBe('objection');
  });
});
