import { SNOMED_CT_SYSTEM } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { resourcePatients } from '../bulk/patient-references';
import type { RecordedLocalDissentState, RegisterReading } from '../decision/decide';
import { OptOutError } from '../errors';
import { parseFhirDateTime } from '../internal/dates';
import type { PatientLookup } from './patient-identity';

/**
 * The consent scope code system; local dissent Consents have scope `patient-privacy`.
 *
 * @example
 * ```ts
 * consent.scope.coding[0].system === CONSENT_SCOPE_SYSTEM;
 * ```
 */
export const CONSENT_SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';

/**
 * SNOMED CT codes that, in `Consent.provision.code`, say which way a sharing decision went when
 * `provision.type` is absent: refused (416409005) or given (417528008, 425691002) consent for
 * sharing through the local shared electronic record. The national-record codes (416308001,
 * 417370002) are about the Summary Care Record, not local dissent, and are not used.
 *
 * @see NHS-STANDARDS.md §3.6
 * @example
 * ```ts
 * LOCAL_SHARING_CODES.refused; // ['416409005']
 * ```
 */
export const LOCAL_SHARING_CODES = {
  refused: ['416409005'],
  given: ['417528008', '425691002'],
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codings(concept: unknown): Record<string, unknown>[] {
  if (!isRecord(concept) || !Array.isArray(concept['coding'])) return [];
  return concept['coding'].filter(isRecord);
}

/**
 * One sharing decision read from a Consent: deny (objection) or permit (withdrawal of the
 * objection), when it was made, and the period it applies in.
 *
 * @example
 * ```ts
 * const decision: SharingDecision = { type: 'deny', dateTime: '2025-02-01T10:00:00Z', consentId: 'c1' };
 * ```
 */
export interface SharingDecision {
  readonly type: 'deny' | 'permit';
  readonly dateTime?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly consentId?: string;
}

/**
 * Options for reading Consents: `policyUri` keeps only Consents about that sharing policy
 * (`Consent.policy.uri` or `policyRule`).
 *
 * @example
 * ```ts
 * const options: SharingDecisionOptions = { policyUri: 'https://region.example.nhs.uk/sharing-policy' };
 * ```
 */
export interface SharingDecisionOptions {
  readonly policyUri?: string;
}

/**
 * Why a Consent was not read as a sharing decision.
 *
 * @example
 * ```ts
 * const reason: IgnoredConsentReason = 'not-active';
 * ```
 */
export type IgnoredConsentReason =
  'not-a-consent' | 'not-active' | 'not-patient-privacy' | 'other-policy' | 'no-decision';

/**
 * Reads a Consent resource (any JSON value) as a local sharing decision: it must be a Consent
 * with `status` `active` and scope `patient-privacy`; the decision is `provision.type`, or,
 * without one, the SNOMED CT code in `provision.code` ({@link LOCAL_SHARING_CODES}).
 *
 * @see NHS-STANDARDS.md §3.6
 * @example
 * ```ts
 * sharingDecisionOf(buildSharingObjection({ ... decision: 'deny' ... }));
 * // { ok: true, decision: { type: 'deny', dateTime: '2025-02-01T10:00:00Z' } }
 * ```
 */
export function sharingDecisionOf(
  consent: unknown,
  options: SharingDecisionOptions = {},
): { ok: true; decision: SharingDecision } | { ok: false; reason: IgnoredConsentReason } {
  if (!isRecord(consent) || consent['resourceType'] !== 'Consent') {
    return { ok: false, reason: 'not-a-consent' };
  }
  if (consent['status'] !== 'active') return { ok: false, reason: 'not-active' };
  const privacy = codings(consent['scope']).some(
    (coding) =>
      coding['code'] === 'patient-privacy' &&
      (coding['system'] === undefined || coding['system'] === CONSENT_SCOPE_SYSTEM),
  );
  if (!privacy) return { ok: false, reason: 'not-patient-privacy' };
  if (options.policyUri !== undefined) {
    const policies = Array.isArray(consent['policy']) ? consent['policy'].filter(isRecord) : [];
    const rule = consent['policyRule'];
    const matches =
      policies.some((policy) => policy['uri'] === options.policyUri) ||
      codings(rule).some((coding) => coding['code'] === options.policyUri);
    if (!matches) return { ok: false, reason: 'other-policy' };
  }
  const provision = isRecord(consent['provision']) ? consent['provision'] : {};
  let type: 'deny' | 'permit' | undefined =
    provision['type'] === 'deny' || provision['type'] === 'permit' ? provision['type'] : undefined;
  if (type === undefined && Array.isArray(provision['code'])) {
    for (const concept of provision['code']) {
      for (const coding of codings(concept)) {
        if (coding['system'] !== SNOMED_CT_SYSTEM || typeof coding['code'] !== 'string') continue;
        if ((LOCAL_SHARING_CODES.refused as readonly string[]).includes(coding['code']))
          type = 'deny';
        else if ((LOCAL_SHARING_CODES.given as readonly string[]).includes(coding['code'])) {
          type ??= 'permit';
        }
      }
    }
  }
  if (type === undefined) return { ok: false, reason: 'no-decision' };
  const period = isRecord(provision['period']) ? provision['period'] : {};
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && parseFhirDateTime(value) !== undefined ? value : undefined;
  const meta = isRecord(consent['meta']) ? consent['meta'] : {};
  const dateTime = text(consent['dateTime']) ?? text(period['start']) ?? text(meta['lastUpdated']);
  const periodStart = text(period['start']);
  const periodEnd = text(period['end']);
  const consentId = typeof consent['id'] === 'string' ? consent['id'] : undefined;
  return {
    ok: true,
    decision: {
      type,
      ...(dateTime === undefined ? {} : { dateTime }),
      ...(periodStart === undefined ? {} : { periodStart }),
      ...(periodEnd === undefined ? {} : { periodEnd }),
      ...(consentId === undefined ? {} : { consentId }),
    },
  };
}

/**
 * A patient's local dissent state on a date, from their sharing decisions: decisions whose
 * `provision.period` does not cover the date (expired, or not yet started) are set aside; of
 * the rest the latest (by `dateTime`) wins, and on a tie a deny wins. With no decision in force
 * the state is `no-dissent` (sharing for direct care rests on implied consent).
 *
 * @see NHS-STANDARDS.md §3.6
 * @example
 * ```ts
 * localDissentStateOf([
 *   { type: 'deny', dateTime: '2024-01-10' },
 *   { type: 'permit', dateTime: '2024-06-01' },
 * ], '2025-03-01'); // { state: 'no-dissent', since: '2024-06-01', detail: 'latest active decision is a permit (objection withdrawn)' }
 * ```
 */
export function localDissentStateOf(
  decisions: readonly SharingDecision[],
  date: string,
): { state: 'dissent' | 'no-dissent'; since?: string; detail: string } {
  const range = parseFhirDateTime(date);
  const decisionLow = range?.low ?? Number.POSITIVE_INFINITY;
  const decisionHigh = range?.high ?? Number.NEGATIVE_INFINITY;
  let best: { at: number; decision: SharingDecision } | undefined;
  let outOfPeriod = 0;
  for (const decision of decisions) {
    const start =
      decision.periodStart === undefined ? undefined : parseFhirDateTime(decision.periodStart);
    const end =
      decision.periodEnd === undefined ? undefined : parseFhirDateTime(decision.periodEnd);
    if (
      (start !== undefined && start.low > decisionHigh) ||
      (end !== undefined && end.high < decisionLow)
    ) {
      outOfPeriod += 1;
      continue;
    }
    const at =
      decision.dateTime === undefined
        ? Number.NEGATIVE_INFINITY
        : (parseFhirDateTime(decision.dateTime)?.low ?? Number.NEGATIVE_INFINITY);
    if (at > decisionHigh) {
      outOfPeriod += 1;
      continue;
    }
    if (
      best === undefined ||
      at > best.at ||
      (at === best.at && decision.type === 'deny' && best.decision.type === 'permit')
    ) {
      best = { at, decision };
    }
  }
  const setAside =
    outOfPeriod > 0
      ? `; ${String(outOfPeriod)} decision(s) not in force on the date set aside`
      : '';
  if (best === undefined) {
    return { state: 'no-dissent', detail: `no active sharing decision in force${setAside}` };
  }
  const since = best.decision.dateTime === undefined ? {} : { since: best.decision.dateTime };
  return best.decision.type === 'deny'
    ? {
        state: 'dissent',
        ...since,
        detail: `latest active decision is a deny (objection)${setAside}`,
      }
    : {
        state: 'no-dissent',
        ...since,
        detail: `latest active decision is a permit (objection withdrawn)${setAside}`,
      };
}

/**
 * A local dissent register: each patient's sharing decisions, read on a date. A patient with no
 * decision has `no-dissent`.
 *
 * @example
 * ```ts
 * register.lookup(nhsNumber, '2025-03-01').state; // 'dissent' | 'no-dissent'
 * ```
 */
export interface LocalDissentRegister {
  readonly kind: 'local-dissent';
  readonly id: string;
  readonly asOf: string;
  lookup(nhsNumber: NhsNumber, date: string): RegisterReading<RecordedLocalDissentState>;
}

/**
 * Counts from building a local dissent register, by what happened to each Consent.
 *
 * @example
 * ```ts
 * const stats: LocalDissentRegisterStats = builder.stats;
 * ```
 */
export interface LocalDissentRegisterStats {
  readonly decisions: number;
  readonly unlinked: number;
  readonly ignored: Readonly<Record<IgnoredConsentReason, number>>;
}

/**
 * Builds a {@link LocalDissentRegister} from Consent resources, linked to patients through
 * `Consent.patient` (an NHS number identifier, or a reference resolved through `patients`).
 *
 * @example
 * ```ts
 * const builder = new LocalDissentRegisterBuilder({ id: 'shcr-consents', asOf: '2025-03-01' });
 * for (const consent of consents) builder.addConsent(consent, patientIndex);
 * const register = builder.build();
 * ```
 */
export class LocalDissentRegisterBuilder {
  private readonly decisions = new Map<string, SharingDecision[]>();
  private count = 0;
  private unlinked = 0;
  private readonly ignored: Record<IgnoredConsentReason, number> = {
    'not-a-consent': 0,
    'not-active': 0,
    'not-patient-privacy': 0,
    'other-policy': 0,
    'no-decision': 0,
  };

  constructor(
    private readonly options: {
      readonly id: string;
      readonly asOf: string;
    } & SharingDecisionOptions,
  ) {
    if (parseFhirDateTime(options.asOf) === undefined) {
      throw new OptOutError(
        'config',
        `local dissent register ${options.id}: asOf must be a FHIR date or dateTime`,
      );
    }
  }

  /**
   * Records a decision for a patient.
   *
   * @example
   * ```ts
   * builder.addDecision(nhsNumber, { type: 'deny', dateTime: '2025-02-01' });
   * ```
   */
  addDecision(nhsNumber: NhsNumber, decision: SharingDecision): void {
    const list = this.decisions.get(nhsNumber);
    if (list) list.push(decision);
    else this.decisions.set(nhsNumber, [decision]);
    this.count += 1;
  }

  /**
   * Reads one resource: a qualifying Consent becomes a decision for its patient; anything else
   * is counted as ignored, with the reason.
   *
   * @example
   * ```ts
   * builder.addConsent(consent, patientIndex); // 'added'
   * ```
   */
  addConsent(
    consent: unknown,
    patients: PatientLookup,
  ): 'added' | 'unlinked' | IgnoredConsentReason {
    const read = sharingDecisionOf(consent, this.options);
    if (!read.ok) {
      this.ignored[read.reason] += 1;
      return read.reason;
    }
    const about = isRecord(consent)
      ? resourcePatients(consent, patients)
      : { kind: 'none' as const };
    const numbers = about.kind === 'patients' ? about.patients.flatMap((p) => p.nhsNumbers) : [];
    if (numbers.length === 0) {
      this.unlinked += 1;
      return 'unlinked';
    }
    for (const nhsNumber of numbers) this.addDecision(nhsNumber, read.decision);
    return 'added';
  }

  /**
   * Counts so far.
   *
   * @example
   * ```ts
   * builder.stats.ignored['not-active']; // Consents set aside because they were not active
   * ```
   */
  get stats(): LocalDissentRegisterStats {
    return { decisions: this.count, unlinked: this.unlinked, ignored: { ...this.ignored } };
  }

  /**
   * The finished register.
   *
   * @example
   * ```ts
   * const register = builder.build();
   * ```
   */
  build(): LocalDissentRegister {
    return createLocalDissentRegister({
      id: this.options.id,
      asOf: this.options.asOf,
      decisions: this.decisions,
    });
  }
}

/**
 * Builds a {@link LocalDissentRegister} from decisions per NHS number.
 *
 * @example
 * ```ts
 * createLocalDissentRegister({ id: 'consents', asOf: '2025-03-01', decisions: new Map([[nhsNumber, [{ type: 'deny', dateTime: '2025-02-01' }]]]) });
 * ```
 */
export function createLocalDissentRegister(input: {
  readonly id: string;
  readonly asOf: string;
  readonly decisions: ReadonlyMap<string, readonly SharingDecision[]>;
}): LocalDissentRegister {
  const base = { registerId: input.id, asOf: input.asOf };
  return {
    kind: 'local-dissent',
    id: input.id,
    asOf: input.asOf,
    lookup(nhsNumber, date) {
      return { ...base, ...localDissentStateOf(input.decisions.get(nhsNumber) ?? [], date) };
    },
  };
}
