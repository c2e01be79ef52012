import { buildSharingObjection } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { byNhsNumber, consent, testNumbers } from '../__fixtures__/records';
import {
  LocalDissentRegisterBuilder,
  localDissentStateOf,
  sharingDecisionOf,
} from './local-dissent';
import type { PatientIdentity } from './patient-identity';

const [a, b] = testNumbers(2) as [NhsNumber, NhsNumber];
const ref = { reference: 'Patient/p1' };
const date = '2025-03-01';

describe('sharingDecisionOf', () => {
  it('reads Consents built by @lhcr/models', () => {
    const objection = buildSharingObjection({
      patient: ref,
      decision: 'deny',
      dateTime: '2025-02-01T10:00:00Z',
      organization: { reference: 'Organization/o' },
      policyUri: 'https://region.example.nhs.uk/sharing-policy',
    });
    expect(sharingDecisionOf(objection)).toEqual({
      ok: true,
      decision: { type: 'deny', dateTime: '2025-02-01T10:00:00Z' },
    });
  });

  it('sets aside inactive, non-privacy, other-policy and undecided Consents, saying why', () => {
    expect(sharingDecisionOf(consent('c', ref, 'deny', date, { status: 'inactive' }))).toEqual({
      ok: false,
      reason: 'not-active',
    });
    expect(
      sharingDecisionOf(consent('c', ref, 'deny', date, { status: 'entered-in-error' })),
    ).toEqual({ ok: false, reason: 'not-active' });
    expect(
      sharingDecisionOf({
        ...consent('c', ref, 'deny', date),
        scope: { coding: [{ code: 'research' }] },
      }),
    ).toEqual({ ok: false, reason: 'not-patient-privacy' });
    expect(
      sharingDecisionOf(consent('c', ref, 'deny', date), { policyUri: 'https://other' }),
    ).toEqual({ ok: false, reason: 'other-policy' });
    expect(sharingDecisionOf({ ...consent('c', ref, 'deny', date), provision: {} })).toEqual({
      ok: false,
      reason: 'no-decision',
    });
    expect(sharingDecisionOf({ resourceType: 'Observation' })).toEqual({
      ok: false,
      reason: 'not-a-consent',
    });
  });

  it('falls back to the SNOMED CT code in provision.code', () => {
    const refused = {
      ...consent('c', ref, 'deny', date),
      provision: { code: [{ coding: [{ system: 'http://snomed.info/sct', code: '416409005' }] }] },
    };
    expect(sharingDecisionOf(refused)).toMatchObject({ ok: true, decision: { type: 'deny' } });
    const given = {
      ...consent('c', ref, 'deny', date),
      provision: { code: [{ coding: [{ system: 'http://snomed.info/sct', code: '417528008' }] }] },
    };
    expect(sharingDecisionOf(given)).toMatchObject({ ok: true, decision: { type: 'permit' } });
  });
});

describe('localDissentStateOf', () => {
  it('lets the latest active decision win (objection, then withdrawal)', () => {
    expect(
      localDissentStateOf(
        [
          { type: 'deny', dateTime: '2024-01-10' },
          { type: 'permit', dateTime: '2024-06-01' },
        ],
        date,
      ),
    ).toMatchObject({ state: 'no-dissent', since: '2024-06-01' });
    expect(
      localDissentStateOf(
        [
          { type: 'permit', dateTime: '2024-06-01' },
          { type: 'deny', dateTime: '2024-09-01T08:00:00+01:00' },
        ],
        date,
      ),
    ).toMatchObject({ state: 'dissent' });
  });

  it('sets aside decisions whose period has expired or not started', () => {
    expect(
      localDissentStateOf(
        [
          {
            type: 'deny',
            dateTime: '2024-01-10',
            periodStart: '2024-01-10',
            periodEnd: '2024-12-31',
          },
        ],
        date,
      ),
    ).toMatchObject({
      state: 'no-dissent',
      detail: expect.stringContaining('1 decision(s) not in force') as unknown,
    });
    expect(
      localDissentStateOf(
        [{ type: 'deny', dateTime: '2025-02-01', periodStart: '2025-06-01' }],
        date,
      ).state,
    ).toBe('no-dissent');
    // The expired objection falls away, so an earlier one in force decides.
    expect(
      localDissentStateOf(
        [
          { type: 'deny', dateTime: '2020-01-01' },
          { type: 'permit', dateTime: '2024-01-01', periodEnd: '2024-06-30' },
        ],
        date,
      ).state,
    ).toBe('dissent');
  });

  it('takes the deny when decisions share the latest date, and ignores decisions after the date', () => {
    expect(
      localDissentStateOf(
        [
          { type: 'permit', dateTime: '2024-05-05' },
          { type: 'deny', dateTime: '2024-05-05' },
        ],
        date,
      ).state,
    ).toBe('dissent');
    expect(localDissentStateOf([{ type: 'deny', dateTime: '2025-12-01' }], date).state).toBe(
      'no-dissent',
    );
    expect(localDissentStateOf([], date)).toEqual({
      state: 'no-dissent',
      detail: 'no active sharing decision in force',
    });
  });
});

describe('LocalDissentRegisterBuilder', () => {
  it('builds a register from several Consents per patient, linked by reference or NHS number', () => {
    const index = new Map<string, PatientIdentity>([
      ['Patient/p1', { presence: 'present', nhsNumbers: [a] }],
    ]);
    const patients = { get: (key: string) => index.get(key) };
    const builder = new LocalDissentRegisterBuilder({ id: 'consents', asOf: date });
    expect(builder.addConsent(consent('c1', ref, 'deny', '2023-01-01'), patients)).toBe('added');
    expect(
      builder.addConsent(
        consent('c2', ref, 'permit', '2024-01-01', { status: 'inactive' }),
        patients,
      ),
    ).toBe('not-active');
    expect(builder.addConsent(consent('c3', byNhsNumber(b), 'deny', '2023-01-01'), patients)).toBe(
      'added',
    );
    expect(
      builder.addConsent(consent('c4', byNhsNumber(b), 'permit', '2024-01-01'), patients),
    ).toBe('added');
    expect(
      builder.addConsent(
        consent('c5', { reference: 'Patient/nobody' }, 'deny', '2023-01-01'),
        patients,
      ),
    ).toBe('unlinked');
    expect(builder.stats).toMatchObject({
      decisions: 3,
      unlinked: 1,
      ignored: { 'not-active': 1 },
    });
    const register = builder.build();
    expect(register.lookup(a, date)).toMatchObject({
      state: 'dissent',
      since: '2023-01-01',
      registerId: 'consents',
    });
    expect(register.lookup(b, date)).toMatchObject({ state: 'no-dissent', since: '2024-01-01' });
    expect(register.lookup(testNumbers(3, 5)[2] as NhsNumber, date).state).toBe('no-dissent');
  });
});
