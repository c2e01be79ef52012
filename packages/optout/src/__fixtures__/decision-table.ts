import type { OptOutRequest, PatientRegisterStates } from '../decision/decide';

/**
 * One case of the decision table: what is asked, the patient's register states, and the
 * expected effect and deciding rule under the default national policy.
 *
 * @example
 * ```ts
 * const row: DecisionCase = DECISION_TABLE_CASES[0];
 * ```
 */
export interface DecisionCase {
  readonly description: string;
  readonly input: { readonly request: OptOutRequest; readonly states: PatientRegisterStates };
  readonly expect: { readonly effect: 'permit' | 'deny'; readonly ruleId: string };
}

const DATE = '2025-03-01';
const FRESH = { registerId: 'national', asOf: '2025-02-27' } as const;
const GP = { registerId: 'gp', asOf: '2025-02-28' } as const;

/** A patient who has opted out nationally, has a Type 1 objection and has dissented locally. */
const OBJECTS_TO_EVERYTHING: PatientRegisterStates = {
  nhsNumber: 'present',
  nationalOptOut: { state: 'opted-out', ...FRESH },
  type1: { state: 'objection', since: '2019-06-12', ...GP },
  localDissent: { state: 'dissent', since: '2024-01-10', registerId: 'consents', asOf: DATE },
};

/** A patient who has opted out nationally only. */
const NATIONAL_ONLY: PatientRegisterStates = {
  nhsNumber: 'present',
  nationalOptOut: { state: 'opted-out', ...FRESH },
  type1: { state: 'no-objection', ...GP },
  localDissent: { state: 'no-dissent', registerId: 'consents', asOf: DATE },
};

/** A patient with no objection anywhere. */
const CLEAR: PatientRegisterStates = {
  nhsNumber: 'present',
  nationalOptOut: { state: 'not-opted-out', ...FRESH },
  type1: { state: 'no-objection', ...GP },
  localDissent: { state: 'no-dissent', registerId: 'consents', asOf: DATE },
};

const secondary = (
  basis: OptOutRequest['basis'],
  extra: Partial<OptOutRequest> = {},
): OptOutRequest => ({
  purpose: 'research',
  origin: 'non-gp',
  date: DATE,
  ...(basis === undefined ? {} : { basis }),
  ...extra,
});

/**
 * Every row of the national data opt-out decision table (NHS-STANDARDS.md §3.2), with Type 1
 * (§3.4), local dissent (§3.6) and the fail-closed cases, as data.
 *
 * @example
 * ```ts
 * it.each(DECISION_TABLE_CASES)('$description', ({ input, expect }) => { ... });
 * ```
 */
export const DECISION_TABLE_CASES: readonly DecisionCase[] = [
  {
    description:
      'row 1: direct care is permitted although the patient opted out nationally and has a Type 1 objection',
    input: {
      request: { purpose: 'direct-care', date: DATE },
      states: {
        ...OBJECTS_TO_EVERYTHING,
        localDissent: { state: 'no-dissent', registerId: 'consents', asOf: DATE },
      },
    },
    expect: { effect: 'permit', ruleId: 'direct-care' },
  },
  {
    description: 'row 1: emergency care (ETREAT) is direct care',
    input: {
      request: { purpose: { purpose: 'emergency-care', purposeOfUse: 'BTG' }, date: DATE },
      states: NATIONAL_ONLY,
    },
    expect: { effect: 'permit', ruleId: 'direct-care' },
  },
  {
    description: 'local dissent blocks direct-care sharing through the shared record',
    input: { request: { purpose: 'direct-care', date: DATE }, states: OBJECTS_TO_EVERYTHING },
    expect: { effect: 'deny', ruleId: 'local-dissent' },
  },
  {
    description:
      'local dissent does not block secondary uses where the national opt-out says not opted out',
    input: {
      request: secondary('s251-standard-condition'),
      states: { ...CLEAR, localDissent: { state: 'dissent', registerId: 'consents', asOf: DATE } },
    },
    expect: { effect: 'permit', ruleId: 'ndop-not-opted-out' },
  },
  {
    description: 'row 2: data anonymised to the ICO standard',
    input: {
      request: secondary('none', { identifiability: 'anonymised', origin: 'gp-practice' }),
      states: OBJECTS_TO_EVERYTHING,
    },
    expect: { effect: 'permit', ruleId: 'anonymised' },
  },
  {
    description: 'row 2: the anonymised-ico basis implies anonymised data',
    input: { request: secondary('anonymised-ico'), states: OBJECTS_TO_EVERYTHING },
    expect: { effect: 'permit', ruleId: 'anonymised' },
  },
  {
    description: 'row 2: anonymised-ico claimed for data marked identifiable is not exempt',
    input: {
      request: secondary('anonymised-ico', { identifiability: 'identifiable' }),
      states: NATIONAL_ONLY,
    },
    expect: { effect: 'deny', ruleId: 'ndop-opted-out' },
  },
  {
    description: 'row 3: explicit consent for this use',
    input: {
      request: secondary('explicit-consent', { origin: 'gp-practice' }),
      states: OBJECTS_TO_EVERYTHING,
    },
    expect: { effect: 'permit', ruleId: 'explicit-consent' },
  },
  {
    description: 'row 4: legal requirement (court order, statutory duty)',
    input: {
      request: secondary('legal-requirement', { origin: 'gp-practice' }),
      states: OBJECTS_TO_EVERYTHING,
    },
    expect: { effect: 'permit', ruleId: 'legal-requirement' },
  },
  {
    description: 'row 5: overriding public interest',
    input: { request: secondary('overriding-public-interest'), states: NATIONAL_ONLY },
    expect: { effect: 'permit', ruleId: 'overriding-public-interest' },
  },
  {
    description: 'row 6: communicable disease and public-health risk (COPI reg 3)',
    input: {
      request: secondary('public-health-copi-reg3', { purpose: 'public-health' }),
      states: NATIONAL_ONLY,
    },
    expect: { effect: 'permit', ruleId: 'public-health-copi-reg3' },
  },
  {
    description: 'row 7: national registration services (NCRAS, NCARDRS)',
    input: { request: secondary('national-registration-service'), states: NATIONAL_ONLY },
    expect: { effect: 'permit', ruleId: 'national-registration-service' },
  },
  {
    description: 'row 8: official statistics to ONS',
    input: {
      request: secondary('official-statistics-ons', { purpose: 'planning' }),
      states: NATIONAL_ONLY,
    },
    expect: { effect: 'permit', ruleId: 'official-statistics-ons' },
  },
  {
    description: 'row 9: non-contracted invoice validation under CAG 7-07',
    input: {
      request: secondary('invoice-validation', { purpose: 'invoice-validation' }),
      states: NATIONAL_ONLY,
    },
    expect: { effect: 'permit', ruleId: 'invoice-validation' },
  },
  {
    description:
      'row 9: invoice validation as a purpose, without the exemption, is subject to the opt-out',
    input: { request: secondary('none', { purpose: 'invoice-validation' }), states: NATIONAL_ONLY },
    expect: { effect: 'deny', ruleId: 'ndop-opted-out' },
  },
  {
    description: 'row 10: national patient experience survey sent before April 2019',
    input: { request: secondary('patient-survey-pre-april-2019'), states: NATIONAL_ONLY },
    expect: { effect: 'permit', ruleId: 'patient-survey-pre-april-2019' },
  },
  {
    description: 'row 11: no NHS number and obtaining one is disproportionate effort',
    input: {
      request: secondary('no-nhs-number-disproportionate-effort'),
      states: { nhsNumber: 'absent' },
    },
    expect: { effect: 'permit', ruleId: 'no-nhs-number-disproportionate-effort' },
  },
  {
    description: 'row 11: the exemption does not apply when the record has an NHS number',
    input: { request: secondary('no-nhs-number-disproportionate-effort'), states: NATIONAL_ONLY },
    expect: { effect: 'deny', ruleId: 'ndop-opted-out' },
  },
  {
    description: 'row 12: s251 support with the standard condition, patient opted out',
    input: { request: secondary('s251-standard-condition'), states: NATIONAL_ONLY },
    expect: { effect: 'deny', ruleId: 'ndop-opted-out' },
  },
  {
    description: 'row 12: s251 support with the standard condition, patient not opted out',
    input: { request: secondary('s251-standard-condition'), states: CLEAR },
    expect: { effect: 'permit', ruleId: 'ndop-not-opted-out' },
  },
  {
    description: 's251 support with a CAG exemption from the standard condition',
    input: { request: secondary('s251-cag-exempt'), states: NATIONAL_ONLY },
    expect: { effect: 'permit', ruleId: 's251-cag-exempt' },
  },
  {
    description: 'row 13: other research or planning use, patient opted out',
    input: { request: secondary('other', { purpose: 'planning' }), states: NATIONAL_ONLY },
    expect: { effect: 'deny', ruleId: 'ndop-opted-out' },
  },
  {
    description: 'row 13: commissioning with no exemption, patient not opted out',
    input: { request: secondary(undefined, { purpose: 'commissioning' }), states: CLEAR },
    expect: { effect: 'permit', ruleId: 'ndop-not-opted-out' },
  },
  {
    description: 'fail closed: no national register for a secondary use',
    input: { request: secondary('none'), states: { nhsNumber: 'present' } },
    expect: { effect: 'deny', ruleId: 'ndop-status-unavailable' },
  },
  {
    description: 'fail closed: the register does not cover the patient',
    input: {
      request: secondary('none'),
      states: { nhsNumber: 'present', nationalOptOut: { state: 'unknown', ...FRESH } },
    },
    expect: { effect: 'deny', ruleId: 'ndop-status-unavailable' },
  },
  {
    description: 'fail closed: the national register is older than 30 days',
    input: {
      request: secondary('none'),
      states: {
        nhsNumber: 'present',
        nationalOptOut: { state: 'not-opted-out', registerId: 'old', asOf: '2025-01-01' },
      },
    },
    expect: { effect: 'deny', ruleId: 'ndop-status-unavailable' },
  },
  {
    description: 'fail closed: the national register has no as-of date',
    input: {
      request: secondary('none'),
      states: {
        nhsNumber: 'present',
        nationalOptOut: { state: 'not-opted-out', registerId: 'undated' },
      },
    },
    expect: { effect: 'deny', ruleId: 'ndop-status-unavailable' },
  },
  {
    description: 'fail closed: no NHS number and no exemption',
    input: { request: secondary('none'), states: { nhsNumber: 'absent' } },
    expect: { effect: 'deny', ruleId: 'ndop-status-unavailable' },
  },
  {
    description: 'Type 1: GP-originated identifiable data, patient objected',
    input: {
      request: secondary('s251-standard-condition', { origin: 'gp-practice' }),
      states: { ...CLEAR, type1: { state: 'objection', since: '2019-06-12', ...GP } },
    },
    expect: { effect: 'deny', ruleId: 'type1-objection' },
  },
  {
    description: 'Type 1: pseudonymised GP data is still covered',
    input: {
      request: secondary('s251-standard-condition', {
        origin: 'gp-practice',
        identifiability: 'pseudonymised',
      }),
      states: { ...CLEAR, type1: { state: 'objection', ...GP } },
    },
    expect: { effect: 'deny', ruleId: 'type1-objection' },
  },
  {
    description: 'Type 1: data of unknown origin is treated as GP data',
    input: {
      request: { purpose: 'planning', date: DATE },
      states: { ...CLEAR, type1: { state: 'objection', ...GP } },
    },
    expect: { effect: 'deny', ruleId: 'type1-objection' },
  },
  {
    description: 'Type 1: does not apply to data that did not come from a GP practice',
    input: {
      request: secondary('s251-standard-condition', { origin: 'non-gp' }),
      states: { ...CLEAR, type1: { state: 'objection', ...GP } },
    },
    expect: { effect: 'permit', ruleId: 'ndop-not-opted-out' },
  },
  {
    description: 'Type 1: withdrawn objection',
    input: {
      request: secondary('s251-standard-condition', { origin: 'gp-practice' }),
      states: CLEAR,
    },
    expect: { effect: 'permit', ruleId: 'ndop-not-opted-out' },
  },
  {
    description: 'Type 1: unknown status fails closed for GP data',
    input: {
      request: secondary('s251-standard-condition', { origin: 'gp-practice' }),
      states: { ...CLEAR, type1: { state: 'unknown', ...GP } },
    },
    expect: { effect: 'deny', ruleId: 'type1-status-unavailable' },
  },
  {
    description: 'Type 1: stale GP record fails closed',
    input: {
      request: secondary('s251-standard-condition', { origin: 'gp-practice' }),
      states: { ...CLEAR, type1: { state: 'no-objection', registerId: 'gp', asOf: '2024-06-01' } },
    },
    expect: { effect: 'deny', ruleId: 'type1-status-unavailable' },
  },
  {
    description:
      'Type 1: not lifted by the overriding public interest exemption of the national opt-out',
    input: {
      request: secondary('overriding-public-interest', { origin: 'gp-practice' }),
      states: { ...CLEAR, type1: { state: 'objection', ...GP } },
    },
    expect: { effect: 'deny', ruleId: 'type1-objection' },
  },
];
