import { PURPOSE_OF_USE_CODES } from '../generated/purpose-of-use';
import { parseFhirDateTime, wholeDaysBetween } from '../internal/dates';
import type { InstantRange } from '../internal/dates';
import { NATIONAL_DEFAULT_POLICY } from '../policy/national-default';
import type {
  OptOutPolicy,
  PolicyEffect,
  PolicyRule,
  ReasonPlaceholder,
  RegisterAgeLimit,
  RuleCondition,
} from '../policy/policy-types';
import { PURPOSES, parsePurpose } from '../vocabulary';
import type {
  DataOrigin,
  Identifiability,
  LegalBasis,
  LocalDissentState,
  NationalOptOutState,
  NhsNumberPresence,
  Purpose,
  PurposeCategory,
  RegisterKind,
  ResolvedPurpose,
  Type1State,
} from '../vocabulary';

/**
 * What is being asked: the purpose of use (an lhcr purpose, or one already resolved from an HL7
 * v3 code with {@link parsePurpose}), the legal basis or exemption (default `none`), the data's
 * identifiability (default `identifiable`, or `anonymised` when the basis is `anonymised-ico`),
 * its origin (default `unknown`) and the decision date (a FHIR date or dateTime). There is no
 * implicit "now": the same request always gets the same decision.
 *
 * @example
 * ```ts
 * const request: OptOutRequest = { purpose: 'research', basis: 's251-standard-condition', origin: 'non-gp', date: '2025-03-01' };
 * ```
 */
export interface OptOutRequest {
  readonly purpose: Purpose | ResolvedPurpose;
  readonly basis?: LegalBasis;
  readonly identifiability?: Identifiability;
  readonly origin?: DataOrigin;
  readonly date: string;
}

/**
 * A national data opt-out state as a register records it (`stale` is the policy's judgement).
 *
 * @example
 * ```ts
 * const state: RecordedNationalOptOutState = 'opted-out';
 * ```
 */
export type RecordedNationalOptOutState = Exclude<NationalOptOutState, 'stale'>;

/**
 * A Type 1 state as a register records it.
 *
 * @example
 * ```ts
 * const state: RecordedType1State = 'objection';
 * ```
 */
export type RecordedType1State = Exclude<Type1State, 'stale'>;

/**
 * A local dissent state as a register records it.
 *
 * @example
 * ```ts
 * const state: RecordedLocalDissentState = 'dissent';
 * ```
 */
export type RecordedLocalDissentState = Exclude<LocalDissentState, 'stale'>;

/**
 * One register's answer for one patient: the state, which register said so and as of when,
 * and (for Type 1 and local dissent) the date of the record that decided it.
 *
 * @example
 * ```ts
 * const reading: RegisterReading<RecordedType1State> = {
 *   state: 'objection',
 *   registerId: 'gp-extract-2025-03',
 *   asOf: '2025-03-01',
 *   since: '2019-06-12',
 * };
 * ```
 */
export interface RegisterReading<S extends string> {
  readonly state: S;
  readonly registerId?: string;
  readonly asOf?: string;
  /** Date of the code or Consent that decided the state. */
  readonly since?: string;
  /** A short explanation (never an NHS number). */
  readonly detail?: string;
}

/**
 * The patient's state in the registers. A missing reading means no register was consulted:
 * the state is `unknown`.
 *
 * @example
 * ```ts
 * const states: PatientRegisterStates = {
 *   nhsNumber: 'present',
 *   nationalOptOut: { state: 'not-opted-out', registerId: 'mesh-0001', asOf: '2025-02-20' },
 * };
 * ```
 */
export interface PatientRegisterStates {
  readonly nhsNumber: NhsNumberPresence;
  readonly nationalOptOut?: RegisterReading<RecordedNationalOptOutState>;
  readonly type1?: RegisterReading<RecordedType1State>;
  readonly localDissent?: RegisterReading<RecordedLocalDissentState>;
}

/**
 * A register a decision looked at, with the state the policy saw (`stale` when older than the
 * policy allows) beside the state it recorded.
 *
 * @example
 * ```ts
 * const consulted: RegisterConsultation = {
 *   register: 'national-data-opt-out',
 *   state: 'stale',
 *   recordedState: 'not-opted-out',
 *   registerId: 'mesh-0001',
 *   asOf: '2024-11-01',
 *   ageDays: 120,
 *   maxAgeDays: 30,
 * };
 * ```
 */
export interface RegisterConsultation {
  readonly register: RegisterKind;
  readonly state: string;
  readonly recordedState: string;
  readonly registerId?: string;
  readonly asOf?: string;
  readonly ageDays?: number;
  readonly maxAgeDays?: number;
  readonly since?: string;
  readonly detail?: string;
}

/**
 * The request as the decision understood it, defaults filled in.
 *
 * @example
 * ```ts
 * const request: ResolvedRequest = { purpose: 'research', purposeOfUse: 'HRESCH', purposeCategory: 'secondary', basis: 'none', identifiability: 'identifiable', origin: 'unknown', date: '2025-03-01' };
 * ```
 */
export interface ResolvedRequest {
  readonly purpose: Purpose;
  readonly purposeOfUse: string;
  readonly purposeCategory: PurposeCategory;
  readonly basis: LegalBasis;
  readonly identifiability: Identifiability;
  readonly origin: DataOrigin;
  readonly date: string;
}

/**
 * An explained opt-out decision: the effect, the rule that decided (a policy rule id, or
 * `no-rule-matched` / `invalid-request` from the engine itself), human-readable reasons, the
 * registers consulted with their as-of dates, and the policy id and version. Deterministic:
 * the same inputs always give the same decision.
 *
 * @example
 * ```ts
 * const decision: OptOutDecision = decideOptOut(request, states);
 * if (decision.effect === 'deny') console.log(decision.ruleId, decision.reasons.join(' '));
 * ```
 */
export interface OptOutDecision {
  readonly effect: PolicyEffect;
  readonly ruleId: string;
  readonly reasons: readonly string[];
  readonly registers: readonly RegisterConsultation[];
  readonly policy: { readonly id: string; readonly version: string };
  readonly request: ResolvedRequest | undefined;
}

/**
 * Rule ids the engine uses itself: `no-rule-matched` (the policy had no matching rule; denied),
 * `invalid-request` (the request could not be read; denied).
 *
 * @example
 * ```ts
 * if (decision.ruleId === ENGINE_RULE_IDS.noRuleMatched) console.warn('policy has a gap');
 * ```
 */
export const ENGINE_RULE_IDS = {
  noRuleMatched: 'no-rule-matched',
  invalidRequest: 'invalid-request',
} as const;

/** A request with defaults filled in and its date read, ready for many decisions. */
export interface PreparedRequest {
  readonly resolved: ResolvedRequest;
  readonly date: InstantRange;
  /** The request's v3 code and its ancestors. */
  readonly purposeOfUseChain: readonly string[];
}

type Field =
  | 'purpose'
  | 'purposeCategory'
  | 'purposeOfUse'
  | 'basis'
  | 'identifiability'
  | 'origin'
  | 'nhsNumber'
  | 'localDissent'
  | 'type1'
  | 'nationalOptOut';

interface CompiledCondition {
  readonly sets: readonly (readonly [Field, ReadonlySet<string>])[];
  readonly onOrAfter?: number;
  readonly before?: number;
}

interface CompiledRule {
  readonly rule: PolicyRule;
  /** `undefined`: the rule always matches. */
  readonly conditions: readonly CompiledCondition[] | undefined;
}

const REGISTER_BITS = { nationalOptOut: 1, type1: 2, localDissent: 4 } as const;
const NOT_APPLICABLE = 'not-applicable';

interface Facts {
  readonly request: PreparedRequest;
  readonly nhsNumber: NhsNumberPresence;
  readonly nationalOptOut: string;
  readonly type1: string;
  readonly localDissent: string;
}

/** The outcome of evaluating the table: the matching rule's index (-1: none) and what it read. */
interface Evaluation {
  readonly index: number;
  readonly touched: number;
}

/**
 * An opt-out policy compiled for repeated decisions (sets instead of lists). Compile once with
 * {@link compileOptOutPolicy}; {@link decideOptOut} does it for you and caches the result.
 *
 * @example
 * ```ts
 * const compiled = compileOptOutPolicy(policy);
 * const decision = compiled.decide({ purpose: 'planning', date: '2025-03-01' }, states);
 * ```
 */
export interface CompiledOptOutPolicy {
  readonly policy: OptOutPolicy;
  /** An explained decision. */
  decide(request: OptOutRequest | PreparedRequest, states: PatientRegisterStates): OptOutDecision;
  /** Only the effect and rule id, without reasons: for bulk filters that count decisions. */
  effectOf(
    request: PreparedRequest,
    states: PatientRegisterStates,
  ): { readonly effect: PolicyEffect; readonly ruleId: string };
}

function isPurposeObject(value: unknown): value is { purpose: unknown; purposeOfUse?: unknown } {
  return typeof value === 'object' && value !== null && 'purpose' in value;
}

/**
 * Fills in a request's defaults and reads its date, or says why it cannot be used. Bulk
 * filters prepare once and decide many times.
 *
 * @example
 * ```ts
 * const prepared = prepareOptOutRequest({ purpose: 'research', date: '2025-03-01' });
 * if (prepared.ok) compiled.effectOf(prepared.value, states);
 * ```
 */
export function prepareOptOutRequest(
  request: OptOutRequest,
): { ok: true; value: PreparedRequest } | { ok: false; message: string } {
  const rawPurpose: unknown = request.purpose;
  let purpose: ResolvedPurpose;
  if (isPurposeObject(rawPurpose)) {
    const checked = parsePurpose(typeof rawPurpose.purpose === 'string' ? rawPurpose.purpose : '');
    if (!checked.ok) return { ok: false, message: checked.message };
    const code = typeof rawPurpose.purposeOfUse === 'string' ? rawPurpose.purposeOfUse : '';
    if (!Object.hasOwn(PURPOSE_OF_USE_CODES, code)) {
      return { ok: false, message: 'purposeOfUse is not an HL7 v3 PurposeOfUse code' };
    }
    purpose = { purpose: checked.value.purpose, purposeOfUse: code };
  } else {
    const parsed = parsePurpose(typeof rawPurpose === 'string' ? rawPurpose : '');
    if (!parsed.ok) return { ok: false, message: parsed.message };
    purpose = parsed.value;
  }
  const date = parseFhirDateTime(request.date);
  if (date === undefined) {
    return { ok: false, message: 'the decision date must be a FHIR date or dateTime' };
  }
  const basis = request.basis ?? 'none';
  const chain: string[] = [];
  for (
    let code: string | undefined = purpose.purposeOfUse;
    code !== undefined && chain.length < 10;
    code = PURPOSE_OF_USE_CODES[code]?.parent
  ) {
    chain.push(code);
  }
  return {
    ok: true,
    value: {
      resolved: {
        purpose: purpose.purpose,
        purposeOfUse: purpose.purposeOfUse,
        purposeCategory: PURPOSES[purpose.purpose].category,
        basis,
        identifiability:
          request.identifiability ?? (basis === 'anonymised-ico' ? 'anonymised' : 'identifiable'),
        origin: request.origin ?? 'unknown',
        date: request.date,
      },
      date,
      purposeOfUseChain: chain,
    },
  };
}

function compileCondition(condition: RuleCondition): CompiledCondition {
  const sets: [Field, ReadonlySet<string>][] = [];
  const order: Field[] = [
    'purposeCategory',
    'purpose',
    'purposeOfUse',
    'basis',
    'identifiability',
    'origin',
    'nhsNumber',
    'localDissent',
    'type1',
    'nationalOptOut',
  ];
  for (const field of order) {
    const values = condition[field];
    if (values !== undefined) sets.push([field, new Set<string>(values)]);
  }
  const onOrAfter = parseFhirDateTime(condition.date?.onOrAfter)?.low;
  const before = parseFhirDateTime(condition.date?.before)?.low;
  return {
    sets,
    ...(onOrAfter === undefined ? {} : { onOrAfter }),
    ...(before === undefined ? {} : { before }),
  };
}

function conditionHolds(
  condition: CompiledCondition,
  facts: Facts,
): { holds: boolean; touched: number } {
  let touched = 0;
  const { request } = facts;
  if (condition.onOrAfter !== undefined && request.date.low < condition.onOrAfter) {
    return { holds: false, touched };
  }
  if (condition.before !== undefined && request.date.low >= condition.before) {
    return { holds: false, touched };
  }
  for (const [field, allowed] of condition.sets) {
    let holds: boolean;
    switch (field) {
      case 'purposeOfUse':
        holds = request.purposeOfUseChain.some((code) => allowed.has(code));
        break;
      case 'purpose':
      case 'purposeCategory':
      case 'basis':
      case 'identifiability':
      case 'origin':
        holds = allowed.has(request.resolved[field]);
        break;
      case 'nhsNumber':
        holds = allowed.has(facts.nhsNumber);
        break;
      case 'nationalOptOut':
      case 'type1':
      case 'localDissent':
        if (facts[field] !== NOT_APPLICABLE) touched |= REGISTER_BITS[field];
        holds = allowed.has(facts[field]);
        break;
    }
    if (!holds) return { holds: false, touched };
  }
  return { holds: true, touched };
}

interface EffectiveState {
  readonly state: string;
  readonly ageDays?: number;
  readonly detail?: string;
}

function effectiveState(
  reading: RegisterReading<string> | undefined,
  limit: RegisterAgeLimit | undefined,
  date: InstantRange,
): EffectiveState {
  if (reading === undefined) return { state: 'unknown', detail: 'no register was given' };
  const asOf = reading.asOf === undefined ? undefined : parseFhirDateTime(reading.asOf);
  const ageDays = asOf === undefined ? undefined : wholeDaysBetween(asOf, date);
  const aged = ageDays === undefined ? {} : { ageDays };
  if (reading.state === 'unknown' || limit === undefined) return { state: reading.state, ...aged };
  if (asOf === undefined) {
    return {
      state: 'stale',
      detail:
        reading.asOf === undefined
          ? 'the register has no as-of date'
          : 'the register as-of date is not a FHIR date',
    };
  }
  if (ageDays !== undefined && ageDays > limit.maxAgeDays) {
    return {
      state: 'stale',
      ageDays,
      detail: `the register is ${String(ageDays)} days old; the policy allows ${String(limit.maxAgeDays)}`,
    };
  }
  return { state: reading.state, ...aged };
}

function renderReason(
  template: string,
  values: Readonly<Record<ReasonPlaceholder, string>>,
): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as ReasonPlaceholder] : whole,
  );
}

const compiledPolicies = new WeakMap<OptOutPolicy, CompiledOptOutPolicy>();

/**
 * Compiles a policy (already checked by {@link parseOptOutPolicy}, or the default) for repeated
 * decisions. Compiled policies are cached per policy object.
 *
 * For direct-care requests the national data opt-out and Type 1 are `not-applicable`: no
 * condition on them can match, whatever the policy says, so direct care is never blocked by
 * either (NHS-STANDARDS.md §3.4). They are not listed among the registers consulted.
 *
 * @example
 * ```ts
 * const compiled = compileOptOutPolicy(NATIONAL_DEFAULT_POLICY);
 * compiled.decide({ purpose: 'direct-care', date: '2025-03-01' }, { nhsNumber: 'present' }).effect; // 'permit'
 * ```
 */
export function compileOptOutPolicy(policy: OptOutPolicy): CompiledOptOutPolicy {
  const cached = compiledPolicies.get(policy);
  if (cached) return cached;
  const rules: CompiledRule[] = policy.rules.map((rule) => {
    if (rule.when === undefined) return { rule, conditions: undefined };
    const list: readonly RuleCondition[] = Array.isArray(rule.when)
      ? rule.when
      : [rule.when as RuleCondition];
    return { rule, conditions: list.map(compileCondition) };
  });
  const limits = policy.registers ?? {};
  const policyRef = { id: policy.id, version: policy.version };

  function factsFor(
    request: PreparedRequest,
    states: PatientRegisterStates,
  ): {
    facts: Facts;
    national: EffectiveState;
    type1: EffectiveState;
    local: EffectiveState;
  } {
    const directCare = request.resolved.purposeCategory === 'direct-care';
    const national = directCare
      ? { state: NOT_APPLICABLE }
      : effectiveState(states.nationalOptOut, limits.nationalOptOut, request.date);
    const type1 = directCare
      ? { state: NOT_APPLICABLE }
      : effectiveState(states.type1, limits.type1, request.date);
    const local = effectiveState(states.localDissent, limits.localDissent, request.date);
    return {
      facts: {
        request,
        nhsNumber: states.nhsNumber,
        nationalOptOut: national.state,
        type1: type1.state,
        localDissent: local.state,
      },
      national,
      type1,
      local,
    };
  }

  function evaluate(facts: Facts): Evaluation {
    let touched = 0;
    for (let index = 0; index < rules.length; index += 1) {
      const { conditions } = rules[index] as CompiledRule;
      if (conditions === undefined) return { index, touched };
      for (const condition of conditions) {
        const outcome = conditionHolds(condition, facts);
        touched |= outcome.touched;
        if (outcome.holds) return { index, touched };
      }
    }
    return { index: -1, touched };
  }

  function invalid(message: string): OptOutDecision {
    return {
      effect: 'deny',
      ruleId: ENGINE_RULE_IDS.invalidRequest,
      reasons: [
        `The request cannot be decided: ${message}. Requests that cannot be read are denied.`,
      ],
      registers: [],
      policy: policyRef,
      request: undefined,
    };
  }

  const compiled: CompiledOptOutPolicy = {
    policy,
    effectOf(request, states) {
      const { facts } = factsFor(request, states);
      const { index } = evaluate(facts);
      const rule = rules[index]?.rule;
      return rule
        ? { effect: rule.effect, ruleId: rule.id }
        : { effect: 'deny', ruleId: ENGINE_RULE_IDS.noRuleMatched };
    },
    decide(input, states) {
      let request: PreparedRequest;
      if ('resolved' in input) {
        request = input;
      } else {
        const prepared = prepareOptOutRequest(input);
        if (!prepared.ok) return invalid(prepared.message);
        request = prepared.value;
      }
      const { facts, national, type1, local } = factsFor(request, states);
      const { index, touched } = evaluate(facts);
      const consultations: RegisterConsultation[] = [];
      const consult = (
        bit: number,
        register: RegisterKind,
        reading: RegisterReading<string> | undefined,
        effective: EffectiveState,
        limit: RegisterAgeLimit | undefined,
      ): void => {
        if ((touched & bit) === 0) return;
        const detail = effective.detail ?? reading?.detail;
        consultations.push({
          register,
          state: effective.state,
          recordedState: reading?.state ?? 'unknown',
          ...(reading?.registerId === undefined ? {} : { registerId: reading.registerId }),
          ...(reading?.asOf === undefined ? {} : { asOf: reading.asOf }),
          ...(effective.ageDays === undefined ? {} : { ageDays: effective.ageDays }),
          ...(limit === undefined ? {} : { maxAgeDays: limit.maxAgeDays }),
          ...(reading?.since === undefined ? {} : { since: reading.since }),
          ...(detail === undefined ? {} : { detail }),
        });
      };
      consult(1, 'national-data-opt-out', states.nationalOptOut, national, limits.nationalOptOut);
      consult(2, 'type-1', states.type1, type1, limits.type1);
      consult(4, 'local-dissent', states.localDissent, local, limits.localDissent);
      const resolved = request.resolved;
      const rule = rules[index]?.rule;
      if (rule === undefined) {
        return {
          effect: 'deny',
          ruleId: ENGINE_RULE_IDS.noRuleMatched,
          reasons: [
            `No rule of policy ${policy.id} ${policy.version} matches this request; it is denied (fail closed).`,
          ],
          registers: consultations,
          policy: policyRef,
          request: resolved,
        };
      }
      const none = (value: string | undefined): string => value ?? 'none';
      const limitText = (limit: RegisterAgeLimit | undefined): string =>
        limit === undefined ? 'no limit' : String(limit.maxAgeDays);
      const values: Record<ReasonPlaceholder, string> = {
        purpose: resolved.purpose,
        purposeOfUse: resolved.purposeOfUse,
        basis: resolved.basis,
        identifiability: resolved.identifiability,
        origin: resolved.origin,
        date: resolved.date,
        nhsNumber: states.nhsNumber,
        nationalOptOut: national.state,
        'nationalOptOut.asOf': none(states.nationalOptOut?.asOf),
        'nationalOptOut.register': none(states.nationalOptOut?.registerId),
        'nationalOptOut.maxAgeDays': limitText(limits.nationalOptOut),
        type1: type1.state,
        'type1.asOf': none(states.type1?.asOf),
        'type1.since': states.type1?.since ?? 'n/a',
        'type1.register': none(states.type1?.registerId),
        'type1.maxAgeDays': limitText(limits.type1),
        localDissent: local.state,
        'localDissent.asOf': none(states.localDissent?.asOf),
        'localDissent.since': states.localDissent?.since ?? 'n/a',
        'localDissent.register': none(states.localDissent?.registerId),
        'localDissent.maxAgeDays': limitText(limits.localDissent),
      };
      return {
        effect: rule.effect,
        ruleId: rule.id,
        reasons: rule.reasons.map((reason) => renderReason(reason, values)),
        registers: consultations,
        policy: policyRef,
        request: resolved,
      };
    },
  };
  compiledPolicies.set(policy, compiled);
  return compiled;
}

/**
 * Decides one request for one patient under `policy` (default: {@link NATIONAL_DEFAULT_POLICY})
 * and explains the decision. Never throws: a request that cannot be read is denied with rule id
 * `invalid-request`, and a request no rule matches is denied with `no-rule-matched`.
 *
 * @see NHS-STANDARDS.md §3.2 (the decision table), §3.4 (Type 1), §3.6 (local dissent)
 * @example
 * ```ts
 * const decision = decideOptOut(
 *   { purpose: 'research', basis: 's251-standard-condition', origin: 'non-gp', date: '2025-03-01' },
 *   { nhsNumber: 'present', nationalOptOut: { state: 'opted-out', registerId: 'mesh-0001', asOf: '2025-02-27' } },
 * );
 * decision.effect; // 'deny'
 * decision.ruleId; // 'ndop-opted-out'
 * ```
 */
export function decideOptOut(
  request: OptOutRequest,
  states: PatientRegisterStates,
  policy: OptOutPolicy = NATIONAL_DEFAULT_POLICY,
): OptOutDecision {
  return compileOptOutPolicy(policy).decide(request, states);
}
