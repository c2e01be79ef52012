import { describe, expect, it } from 'vitest';
import { DECISION_TABLE_CASES } from '../__fixtures__/decision-table';
import { NATIONAL_DEFAULT_POLICY } from '../policy/national-default';
import { assertOptOutPolicy } from '../policy/parse-policy';
import type { OptOutPolicy } from '../policy/policy-types';
import { ENGINE_RULE_IDS, compileOptOutPolicy, decideOptOut, prepareOptOutRequest } from './decide';

describe('the default national policy decision table', () => {
  it.each(DECISION_TABLE_CASES)('$description', ({ input, expect: expected }) => {
    const decision = decideOptOut(input.request, input.states);
    expect({ effect: decision.effect, ruleId: decision.ruleId }).toEqual(expected);
    expect(decision.policy).toEqual({ id: 'lhcr-england-national', version: '1.0.0' });
    expect(decision.reasons.length).toBeGreaterThan(0);
    for (const reason of decision.reasons) expect(reason).not.toMatch(/\{[^}]*\}/);
  });

  it('covers every rule of the default policy', () => {
    const decided = new Set(DECISION_TABLE_CASES.map((row) => row.expect.ruleId));
    const reachable = NATIONAL_DEFAULT_POLICY.rules
      .map((rule) => rule.id)
      .filter((id) => id !== 'default-deny');
    expect(reachable.filter((id) => !decided.has(id))).toEqual([]);
  });
});

describe('decideOptOut', () => {
  const date = '2025-03-01';

  it('explains a deny with the register, its as-of date and age', () => {
    const decision = decideOptOut(
      { purpose: 'research', basis: 's251-standard-condition', origin: 'non-gp', date },
      {
        nhsNumber: 'present',
        nationalOptOut: { state: 'opted-out', registerId: 'mesh-0001', asOf: '2025-02-27' },
      },
    );
    expect(decision).toMatchObject({
      effect: 'deny',
      ruleId: 'ndop-opted-out',
      registers: [
        {
          register: 'national-data-opt-out',
          state: 'opted-out',
          recordedState: 'opted-out',
          registerId: 'mesh-0001',
          asOf: '2025-02-27',
          ageDays: 2,
          maxAgeDays: 30,
        },
      ],
      request: {
        purpose: 'research',
        purposeOfUse: 'HRESCH',
        purposeCategory: 'secondary',
        basis: 's251-standard-condition',
      },
    });
    expect(decision.reasons[0]).toContain('mesh-0001 as of 2025-02-27');
  });

  it('reports a stale register with its age and the limit', () => {
    const decision = decideOptOut(
      { purpose: 'planning', origin: 'non-gp', date },
      {
        nhsNumber: 'present',
        nationalOptOut: { state: 'not-opted-out', registerId: 'cache', asOf: '2024-12-01' },
      },
    );
    expect(decision.ruleId).toBe('ndop-status-unavailable');
    expect(decision.registers[0]).toMatchObject({
      state: 'stale',
      recordedState: 'not-opted-out',
      ageDays: 90,
    });
    expect(decision.registers[0]?.detail).toContain('90 days old; the policy allows 30');
    expect(decision.reasons.join(' ')).toContain('stale');
  });

  it('never consults the national opt-out or Type 1 for direct care', () => {
    const decision = decideOptOut(
      { purpose: 'direct-care', date },
      {
        nhsNumber: 'present',
        nationalOptOut: { state: 'opted-out', registerId: 'n', asOf: date },
        type1: { state: 'objection', registerId: 't', asOf: date },
        localDissent: { state: 'no-dissent', registerId: 'l', asOf: date },
      },
    );
    expect(decision.effect).toBe('permit');
    expect(decision.registers.map((register) => register.register)).toEqual(['local-dissent']);
  });

  it('ignores a policy rule that tries to deny direct care on the national opt-out', () => {
    const policy: OptOutPolicy = {
      id: 'hostile',
      version: '1.0.0',
      rules: [
        {
          id: 'deny-opted-out',
          when: { nationalOptOut: ['opted-out'] },
          effect: 'deny',
          reasons: ['no'],
        },
        {
          id: 'deny-type1',
          when: { type1: ['objection', 'unknown'] },
          effect: 'deny',
          reasons: ['no'],
        },
        { id: 'otherwise', effect: 'permit', reasons: ['yes'] },
      ],
    };
    const decision = decideOptOut(
      { purpose: 'emergency-care', date },
      {
        nhsNumber: 'present',
        nationalOptOut: { state: 'opted-out' },
        type1: { state: 'objection' },
      },
      policy,
    );
    expect(decision).toMatchObject({ effect: 'permit', ruleId: 'otherwise', registers: [] });
  });

  it('denies an unreadable request with invalid-request instead of throwing', () => {
    const badDate = decideOptOut(
      { purpose: 'research', date: 'yesterday' },
      { nhsNumber: 'present' },
    );
    expect(badDate).toMatchObject({
      effect: 'deny',
      ruleId: ENGINE_RULE_IDS.invalidRequest,
      request: undefined,
    });
    expect(badDate.reasons[0]).toContain('FHIR date');
    // An untyped caller passing an unknown purpose.
    const badPurpose = decideOptOut(
      { purpose: 'marketing' as never, date },
      { nhsNumber: 'present' },
    );
    expect(badPurpose.ruleId).toBe(ENGINE_RULE_IDS.invalidRequest);
  });

  it('denies with no-rule-matched when the policy has a gap', () => {
    const policy = assertOptOutPolicy({
      id: 'gappy',
      version: '0.1.0',
      rules: [
        {
          id: 'direct',
          when: { purposeCategory: ['direct-care'] },
          effect: 'permit',
          reasons: ['ok'],
        },
      ],
    });
    const decision = decideOptOut({ purpose: 'research', date }, { nhsNumber: 'present' }, policy);
    expect(decision).toMatchObject({ effect: 'deny', ruleId: ENGINE_RULE_IDS.noRuleMatched });
    expect(decision.reasons[0]).toContain('gappy 0.1.0');
  });

  it('matches purposeOfUse conditions on the request code and its ancestors', () => {
    const policy = assertOptOutPolicy({
      id: 'research-only',
      version: '1.0.0',
      rules: [
        {
          id: 'research',
          when: { purposeOfUse: ['HRESCH'] },
          effect: 'permit',
          reasons: ['research: {purposeOfUse}'],
        },
        { id: 'otherwise', effect: 'deny', reasons: ['no'] },
      ],
    });
    const trial = decideOptOut(
      { purpose: { purpose: 'research', purposeOfUse: 'CLINTRCH' }, date },
      { nhsNumber: 'present' },
      policy,
    );
    expect(trial).toMatchObject({
      effect: 'permit',
      ruleId: 'research',
      reasons: ['research: CLINTRCH'],
    });
    expect(
      decideOptOut({ purpose: 'planning', date }, { nhsNumber: 'present' }, policy).ruleId,
    ).toBe('otherwise');
  });

  it('applies date bounds (onOrAfter inclusive, before exclusive)', () => {
    const policy = assertOptOutPolicy({
      id: 'dated',
      version: '1.0.0',
      rules: [
        {
          id: 'window',
          when: { date: { onOrAfter: '2019-01-01', before: '2019-04-01' } },
          effect: 'permit',
          reasons: ['in window'],
        },
        { id: 'otherwise', effect: 'deny', reasons: ['out of window'] },
      ],
    });
    const at = (day: string): string =>
      decideOptOut({ purpose: 'research', date: day }, { nhsNumber: 'absent' }, policy).ruleId;
    expect([at('2018-12-31'), at('2019-01-01'), at('2019-03-31'), at('2019-04-01')]).toEqual([
      'otherwise',
      'window',
      'window',
      'otherwise',
    ]);
  });

  it('is deterministic: the same inputs give equal decisions', () => {
    for (const row of DECISION_TABLE_CASES) {
      expect(decideOptOut(row.input.request, row.input.states)).toEqual(
        decideOptOut(row.input.request, row.input.states),
      );
    }
  });

  it('renders every placeholder, with none for registers not given', () => {
    const policy = assertOptOutPolicy({
      id: 'placeholders',
      version: '1.0.0',
      rules: [
        {
          id: 'all',
          effect: 'deny',
          reasons: [
            '{purpose}|{purposeOfUse}|{basis}|{identifiability}|{origin}|{date}|{nhsNumber}|{nationalOptOut}|{nationalOptOut.asOf}|{nationalOptOut.register}|{nationalOptOut.maxAgeDays}|{type1}|{type1.asOf}|{type1.since}|{type1.register}|{type1.maxAgeDays}|{localDissent}|{localDissent.asOf}|{localDissent.since}|{localDissent.register}|{localDissent.maxAgeDays}',
          ],
        },
      ],
    });
    const decision = decideOptOut(
      { purpose: 'research', date },
      {
        nhsNumber: 'present',
        type1: { state: 'objection', registerId: 'gp', asOf: '2025-02-01', since: '2019-06-12' },
      },
      policy,
    );
    expect(decision.reasons[0]).toBe(
      'research|HRESCH|none|identifiable|unknown|2025-03-01|present|unknown|none|none|no limit|objection|2025-02-01|2019-06-12|gp|no limit|unknown|none|n/a|none|no limit',
    );
  });

  it('compiles a policy once and reuses it', () => {
    expect(compileOptOutPolicy(NATIONAL_DEFAULT_POLICY)).toBe(
      compileOptOutPolicy(NATIONAL_DEFAULT_POLICY),
    );
  });

  it('prepareOptOutRequest fills in defaults', () => {
    const prepared = prepareOptOutRequest({ purpose: 'commissioning', date });
    expect(prepared.ok && prepared.value.resolved).toEqual({
      purpose: 'commissioning',
      purposeOfUse: 'HOPERAT',
      purposeCategory: 'secondary',
      basis: 'none',
      identifiability: 'identifiable',
      origin: 'unknown',
      date,
    });
    const compiled = compileOptOutPolicy(NATIONAL_DEFAULT_POLICY);
    if (!prepared.ok) throw new Error('expected a valid request');
    expect(compiled.effectOf(prepared.value, { nhsNumber: 'present' })).toEqual({
      effect: 'deny',
      ruleId: 'type1-status-unavailable',
    });
  });
});
