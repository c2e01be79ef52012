import type { NhsNumber } from '@lhcr/models';
import { NATIONAL_DEFAULT_POLICY } from '../policy/national-default';
import type { OptOutPolicy } from '../policy/policy-types';
import type { LocalDissentRegister } from '../registers/local-dissent';
import type { NationalOptOutRegister } from '../registers/national';
import type { PatientIdentity } from '../registers/patient-identity';
import type { Type1Register } from '../registers/type1';
import { compileOptOutPolicy } from './decide';
import type {
  OptOutDecision,
  OptOutRequest,
  PatientRegisterStates,
  RegisterReading,
} from './decide';

/**
 * The registers a decision may consult. Any may be left out: its states are then `unknown`,
 * which fails closed where the policy needs it.
 *
 * @example
 * ```ts
 * const registers: OptOutRegisters = { nationalOptOut: createNationalOptOutRegister({ ... }) };
 * ```
 */
export interface OptOutRegisters {
  readonly nationalOptOut?: NationalOptOutRegister;
  readonly type1?: Type1Register;
  readonly localDissent?: LocalDissentRegister;
}

function noNumber<S extends string>(
  register: { readonly id: string; readonly asOf: string } | undefined,
  state: S,
  detail: string,
): RegisterReading<S> | undefined {
  return register === undefined
    ? undefined
    : { state, registerId: register.id, asOf: register.asOf, detail };
}

/**
 * Looks a patient up in the registers on a date. A patient without an NHS number (or with one
 * lhcr could not resolve) is `unknown` in every register consulted.
 *
 * @example
 * ```ts
 * const states = readPatientStates(assertNhsNumber('9990000018'), registers, '2025-03-01');
 * decideOptOut(request, states);
 * ```
 */
export function readPatientStates(
  nhsNumber: NhsNumber | undefined,
  registers: OptOutRegisters,
  date: string,
  presence: 'absent' | 'unresolved' = 'absent',
): PatientRegisterStates {
  if (nhsNumber === undefined) {
    const detail =
      presence === 'absent'
        ? 'the record has no NHS number'
        : 'the NHS number could not be resolved';
    const national = noNumber(registers.nationalOptOut, 'unknown' as const, detail);
    const type1 = noNumber(registers.type1, 'unknown' as const, detail);
    const local = noNumber(registers.localDissent, 'unknown' as const, detail);
    return {
      nhsNumber: presence,
      ...(national === undefined ? {} : { nationalOptOut: national }),
      ...(type1 === undefined ? {} : { type1 }),
      ...(local === undefined ? {} : { localDissent: local }),
    };
  }
  const national = registers.nationalOptOut?.lookup(nhsNumber);
  const type1 = registers.type1?.lookup(nhsNumber, date);
  const local = registers.localDissent?.lookup(nhsNumber, date);
  return {
    nhsNumber: 'present',
    ...(national === undefined ? {} : { nationalOptOut: national }),
    ...(type1 === undefined ? {} : { type1 }),
    ...(local === undefined ? {} : { localDissent: local }),
  };
}

/**
 * A request for {@link checkOptOut}: the decision request plus who it is about, as one NHS number
 * (or none: the record has no NHS number) or a {@link PatientIdentity}.
 *
 * @example
 * ```ts
 * const input: OptOutCheck = { nhsNumber: assertNhsNumber('9990000018'), purpose: 'research', date: '2025-03-01' };
 * ```
 */
export type OptOutCheck = OptOutRequest & {
  readonly nhsNumber?: NhsNumber | PatientIdentity;
};

/**
 * Looks the patient up in the registers and decides, with the explanation. When a patient has
 * several NHS numbers, each is decided and the first deny (else the first permit) is returned.
 *
 * @see NHS-STANDARDS.md §3
 * @example
 * ```ts
 * const decision = checkOptOut(
 *   { nhsNumber: assertNhsNumber('9990000018'), purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
 *   { nationalOptOut: register },
 * );
 * console.log(decision.effect, decision.ruleId, decision.reasons);
 * ```
 */
export function checkOptOut(
  input: OptOutCheck,
  registers: OptOutRegisters,
  policy: OptOutPolicy = NATIONAL_DEFAULT_POLICY,
): OptOutDecision {
  const compiled = compileOptOutPolicy(policy);
  const who = input.nhsNumber;
  if (who === undefined || typeof who === 'string') {
    return compiled.decide(input, readPatientStates(who, registers, input.date));
  }
  if (who.nhsNumbers.length === 0) {
    const presence = who.presence === 'unresolved' ? 'unresolved' : 'absent';
    return compiled.decide(input, readPatientStates(undefined, registers, input.date, presence));
  }
  let first: OptOutDecision | undefined;
  for (const nhsNumber of who.nhsNumbers) {
    const decision = compiled.decide(input, readPatientStates(nhsNumber, registers, input.date));
    if (decision.effect === 'deny') return decision;
    first ??= decision;
  }
  return first as OptOutDecision;
}
