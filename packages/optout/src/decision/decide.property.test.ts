import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { OptOutPolicy, PolicyRule, RuleCondition } from '../policy/policy-types';
import {
  DATA_ORIGINS,
  IDENTIFIABILITY_LEVELS,
  LEGAL_BASES,
  LOCAL_DISSENT_STATES,
  NATIONAL_OPT_OUT_STATES,
  NHS_NUMBER_PRESENCE,
  PURPOSES,
  PURPOSE_CATEGORIES,
  PURPOSE_CODES,
  TYPE1_STATES,
} from '../vocabulary';
import { decideOptOut } from './decide';
import type { OptOutRequest, PatientRegisterStates, RegisterReading } from './decide';

const DATE = '2025-03-01';

const asOfArbitrary = fc.option(
  fc
    .integer({ min: 0, max: 60 })
    .map((days) => new Date(Date.UTC(2025, 2, 1) - days * 86_400_000).toISOString().slice(0, 10)),
  { nil: undefined },
);

function readingArbitrary<S extends string>(
  states: readonly S[],
): fc.Arbitrary<RegisterReading<S> | undefined> {
  return fc.option(
    fc
      .record({ state: fc.constantFrom(...states), asOf: asOfArbitrary })
      .map(({ state, asOf }) => ({
        state,
        registerId: 'register',
        ...(asOf === undefined ? {} : { asOf }),
      })),
    { nil: undefined },
  );
}

const requestArbitrary: fc.Arbitrary<OptOutRequest> = fc.record({
  purpose: fc.constantFrom(...PURPOSE_CODES),
  basis: fc.constantFrom(...LEGAL_BASES),
  identifiability: fc.constantFrom(...IDENTIFIABILITY_LEVELS),
  origin: fc.constantFrom(...DATA_ORIGINS),
  date: fc.constant(DATE),
});

const statesArbitrary: fc.Arbitrary<PatientRegisterStates> = fc
  .record({
    nhsNumber: fc.constantFrom(...NHS_NUMBER_PRESENCE),
    nationalOptOut: readingArbitrary(['opted-out', 'not-opted-out', 'unknown'] as const),
    type1: readingArbitrary(['objection', 'no-objection', 'unknown'] as const),
    localDissent: readingArbitrary(['dissent', 'no-dissent', 'unknown'] as const),
  })
  .map((states) => {
    const out: Record<string, unknown> = { nhsNumber: states.nhsNumber };
    if (states.nationalOptOut) out['nationalOptOut'] = states.nationalOptOut;
    if (states.type1) out['type1'] = states.type1;
    if (states.localDissent) out['localDissent'] = states.localDissent;
    return out as unknown as PatientRegisterStates;
  });

type Objection = 'national' | 'type1' | 'local';

/** The states with one more objection recorded, keeping the register's id and as-of date. */
function addObjection(states: PatientRegisterStates, objection: Objection): PatientRegisterStates {
  switch (objection) {
    case 'national':
      return {
        ...states,
        nationalOptOut: {
          ...(states.nationalOptOut ?? { registerId: 'register' }),
          state: 'opted-out',
        },
      };
    case 'type1':
      return {
        ...states,
        type1: { ...(states.type1 ?? { registerId: 'register' }), state: 'objection' },
      };
    case 'local':
      return {
        ...states,
        localDissent: { ...(states.localDissent ?? { registerId: 'register' }), state: 'dissent' },
      };
  }
}

function subset<T extends string>(values: readonly T[]): fc.Arbitrary<T[] | undefined> {
  return fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined, freq: 2 });
}

const conditionArbitrary: fc.Arbitrary<RuleCondition> = fc
  .record({
    purpose: subset(PURPOSE_CODES),
    purposeCategory: subset(PURPOSE_CATEGORIES),
    basis: subset(LEGAL_BASES),
    origin: subset(DATA_ORIGINS),
    nhsNumber: subset(NHS_NUMBER_PRESENCE),
    nationalOptOut: subset(NATIONAL_OPT_OUT_STATES),
    type1: subset(TYPE1_STATES),
    localDissent: subset(LOCAL_DISSENT_STATES),
  })
  .map((condition) =>
    Object.fromEntries(Object.entries(condition).filter(([, value]) => value !== undefined)),
  );

const policyArbitrary: fc.Arbitrary<OptOutPolicy> = fc
  .array(
    fc.record({
      when: fc.option(conditionArbitrary, { nil: undefined }),
      effect: fc.constantFrom('permit' as const, 'deny' as const),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((rules) => ({
    id: 'random',
    version: '1.0.0',
    rules: rules.map((rule, index): PolicyRule => ({
      id: `r${String(index)}`,
      effect: rule.effect,
      reasons: ['random rule'],
      ...(rule.when === undefined ? {} : { when: rule.when }),
    })),
  }));

describe('opt-out decision properties', () => {
  test.prop(
    [requestArbitrary, statesArbitrary, fc.constantFrom<Objection>('national', 'type1', 'local')],
    {
      numRuns: 2000,
    },
  )(
    'adding an objection never turns a deny into a permit (default policy)',
    (request, states, objection) => {
      const before = decideOptOut(request, states);
      const after = decideOptOut(request, addObjection(states, objection));
      if (before.effect === 'deny') expect(after.effect).toBe('deny');
    },
  );

  test.prop(
    [
      fc.constantFrom(
        ...PURPOSE_CODES.filter((purpose) => PURPOSES[purpose].category === 'direct-care'),
      ),
      statesArbitrary,
      statesArbitrary,
      fc.option(policyArbitrary, { nil: undefined }),
    ],
    { numRuns: 2000 },
  )(
    'direct care is never blocked by the national opt-out or Type 1, under any policy',
    (purpose, states, other, policy) => {
      const request: OptOutRequest = { purpose, date: DATE };
      // Same patient in every respect except the national opt-out and Type 1 registers.
      const swapped: PatientRegisterStates = {
        nhsNumber: states.nhsNumber,
        ...(states.localDissent === undefined ? {} : { localDissent: states.localDissent }),
        ...(other.nationalOptOut === undefined ? {} : { nationalOptOut: other.nationalOptOut }),
        ...(other.type1 === undefined ? {} : { type1: other.type1 }),
      };
      const withOptOuts: PatientRegisterStates = {
        ...swapped,
        nationalOptOut: { state: 'opted-out', registerId: 'n', asOf: DATE },
        type1: { state: 'objection', registerId: 't', asOf: DATE },
      };
      const a = decideOptOut(request, states, policy);
      const b = decideOptOut(request, swapped, policy);
      const c = decideOptOut(request, withOptOuts, policy);
      expect([b.effect, b.ruleId]).toEqual([a.effect, a.ruleId]);
      expect([c.effect, c.ruleId]).toEqual([a.effect, a.ruleId]);
      for (const decision of [a, b, c]) {
        expect(decision.registers.every((register) => register.register === 'local-dissent')).toBe(
          true,
        );
      }
    },
  );

  test.prop([requestArbitrary, statesArbitrary])(
    'never throws and always names a rule',
    (request, states) => {
      const decision = decideOptOut(request, states);
      expect(['permit', 'deny']).toContain(decision.effect);
      expect(decision.ruleId).not.toBe('');
    },
  );
});
