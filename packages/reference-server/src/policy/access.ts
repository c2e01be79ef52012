import {
  compileOptOutPolicy,
  localDissentStateOf,
  parsePurpose,
  prepareOptOutRequest,
  type1StateOf,
} from '@lhcr/optout';
import type {
  CompiledOptOutPolicy,
  DataOrigin,
  PatientRegisterStates,
  PreparedRequest,
  RecordedNationalOptOutState,
  RegisterReading,
  SharingDecision,
  Type1Evidence,
} from '@lhcr/optout';
import type { PurposeUse, ServerRules } from '../blueprint-rules';
import type { DefectSet } from '../defects';
import { nowInstant, todayDate } from '../fhir/dates';
import type { ResourceRecord, ResourceStore } from '../storage/store';

/**
 * What a request may see of one resource: everything, nothing because the record is withheld
 * (restricted data), nothing because of the patient's opt-out (secondary use), or nothing
 * because the patient dissented from sharing (direct care).
 */
export type Visibility = 'visible' | 'withheld' | 'optout' | 'dissent';

/** Why a secondary-use deny happened, when it did. */
export type OptOutReason = 'national-opt-out' | 'type-1' | 'other';

/** Where the decision is made: the FHIR API, or a Bulk Data export. */
export type AccessSetting = 'api' | 'export';

interface PatientFacts {
  readonly states: PatientRegisterStates;
  readonly nationalOptedOut: boolean;
  readonly dissent: boolean;
}

/**
 * The opt-out, dissent and restricted-data decisions of one request (one purpose of use), with
 * the patients' register states read once and cached. Decisions come from `@lhcr/optout`'s
 * engine under the blueprint's policy; seeded defects bend them here and nowhere else.
 */
export class AccessPolicy {
  readonly purposeCode: string;
  readonly use: PurposeUse;
  readonly setting: AccessSetting;
  private readonly compiled: CompiledOptOutPolicy;
  private readonly prepared = new Map<DataOrigin, PreparedRequest | undefined>();
  private readonly facts = new Map<string, PatientFacts>();
  private readonly now: string;
  private readonly today: string;
  private gpOds: ReadonlySet<string> | undefined;

  constructor(
    private readonly store: ResourceStore,
    private readonly rules: ServerRules,
    private readonly defects: DefectSet,
    purposeCode: string,
    setting: AccessSetting,
    now: number = Date.now(),
  ) {
    this.purposeCode = purposeCode;
    this.use = rules.purposes.get(purposeCode)?.use ?? 'secondary';
    this.setting = setting;
    this.compiled = compileOptOutPolicy(rules.optOutPolicy);
    this.now = nowInstant(now);
    this.today = todayDate(now);
  }

  private preparedFor(origin: DataOrigin): PreparedRequest | undefined {
    if (this.prepared.has(origin)) return this.prepared.get(origin);
    const purpose = parsePurpose(this.purposeCode);
    const prepared = purpose.ok
      ? prepareOptOutRequest({ purpose: purpose.value, origin, date: this.now })
      : undefined;
    const value = prepared?.ok === true ? prepared.value : undefined;
    this.prepared.set(origin, value);
    return value;
  }

  /**
   * Where a record came from, for Type 1: its `meta.source` organisation is the patient's GP
   * practice or not; unknown origins count as GP data (fail closed). A Patient without a source
   * holds demographics (PDS), not GP data: without it a Type 1 patient's hospital records,
   * which secondary uses may see, could not be linked to anyone.
   */
  private originOf(record: ResourceRecord): DataOrigin {
    if (record.sourceOds === null) return record.type === 'Patient' ? 'non-gp' : 'unknown';
    this.gpOds ??= this.store.gpPracticeOds();
    return this.gpOds.has(record.sourceOds) ? 'gp-practice' : 'non-gp';
  }

  private nationalReading(
    nhsNumber: string | undefined,
  ): RegisterReading<RecordedNationalOptOutState> | undefined {
    const asOf = this.store.nationalOptOutAsOf();
    const permissive = this.defects.has('unknown-optout-permits');
    if (asOf === undefined || nhsNumber === undefined) {
      return permissive
        ? { state: 'not-opted-out', registerId: 'national-data-opt-out', asOf: this.today }
        : undefined;
    }
    const value = this.store.nationalOptOut(nhsNumber);
    if (value === undefined) {
      return permissive
        ? { state: 'not-opted-out', registerId: 'national-data-opt-out', asOf: this.today }
        : { state: 'unknown', registerId: 'national-data-opt-out', asOf };
    }
    return {
      state: value ? 'opted-out' : 'not-opted-out',
      registerId: 'national-data-opt-out',
      asOf: permissive ? this.today : asOf,
    };
  }

  private factsOf(patientId: string): PatientFacts {
    const cached = this.facts.get(patientId);
    if (cached !== undefined) return cached;
    const nhsNumber = this.store.patientNhsNumber(patientId);
    let national = this.nationalReading(nhsNumber);
    const nationalOptedOut = national?.state === 'opted-out';
    const exporting = this.setting === 'export';
    if (
      (!exporting && this.defects.has('ignore-national-optout')) ||
      (exporting && this.defects.has('export-includes-optouts'))
    ) {
      national = { state: 'not-opted-out', registerId: 'national-data-opt-out', asOf: this.today };
    }
    const evidence: Type1Evidence[] = this.store
      .type1Rows(patientId)
      .map((row) =>
        row.date === null ? { meaning: row.meaning } : { meaning: row.meaning, date: row.date },
      );
    let type1 = type1StateOf(evidence, this.now);
    if (
      (!exporting && this.defects.has('ignore-type1')) ||
      (exporting && this.defects.has('export-includes-optouts'))
    ) {
      type1 = { state: 'no-objection', detail: 'Type 1 ignored' };
    }
    const sharing = this.store.sharingRows(patientId);
    let dissent: boolean;
    if (this.defects.has('ignore-dissent')) dissent = false;
    else if (this.defects.has('ignore-dissent-withdrawal'))
      dissent = sharing.some((row) => row.type === 'deny');
    else if (this.defects.has('emergency-overrides-dissent') && this.purposeCode === 'ETREAT')
      dissent = false;
    else {
      const decisions: SharingDecision[] = sharing
        .filter((row) => row.active)
        .map((row) => ({
          type: row.type,
          ...(row.dateTime === null ? {} : { dateTime: row.dateTime }),
          ...(row.periodStart === null ? {} : { periodStart: row.periodStart }),
          ...(row.periodEnd === null ? {} : { periodEnd: row.periodEnd }),
        }));
      dissent = localDissentStateOf(decisions, this.now).state === 'dissent';
    }
    const states: PatientRegisterStates = {
      nhsNumber: nhsNumber === undefined ? 'absent' : 'present',
      ...(national === undefined ? {} : { nationalOptOut: national }),
      type1: {
        state: type1.state,
        registerId: 'region-gp-records',
        asOf: this.today,
        ...(type1.since === undefined ? {} : { since: type1.since }),
      },
      localDissent: {
        state: dissent ? 'dissent' : 'no-dissent',
        registerId: 'region-sharing-consents',
        asOf: this.today,
      },
    };
    const facts = { states, nationalOptedOut, dissent };
    this.facts.set(patientId, facts);
    return facts;
  }

  /** Whether a patient's local dissent blocks direct-care sharing of their record (LHCR-OPT-04). */
  dissents(patientId: string): boolean {
    return this.use === 'direct-care' && this.factsOf(patientId).dissent;
  }

  private withheldVisible(record: ResourceRecord): boolean {
    switch (record.withheld) {
      case 'none':
        return true;
      case 'code':
        return this.defects.has('leak-restricted');
      case 'linked':
        return this.defects.has('leak-linked-restricted');
      case 'label':
        return this.defects.has('leak-very-restricted');
    }
  }

  /** What this request may see of a record, and why not. */
  visibility(record: ResourceRecord): Visibility {
    return this.explain(record).visibility;
  }

  /** {@link visibility} with the reason for a secondary-use deny. */
  explain(record: ResourceRecord): { visibility: Visibility; reason?: OptOutReason } {
    const exportRestricted =
      this.setting === 'export' && this.defects.has('export-includes-restricted');
    const withheldOk = exportRestricted || this.withheldVisible(record);
    if (record.patients.length === 0) return { visibility: withheldOk ? 'visible' : 'withheld' };
    switch (this.use) {
      case 'direct-care': {
        for (const patient of record.patients) {
          const facts = this.factsOf(patient);
          if (record.type !== 'Patient' && facts.dissent) return { visibility: 'dissent' };
          if (this.defects.has('optout-blocks-direct-care') && facts.nationalOptedOut) {
            return { visibility: 'optout', reason: 'national-opt-out' };
          }
        }
        return { visibility: withheldOk ? 'visible' : 'withheld' };
      }
      case 'secondary': {
        const prepared = this.preparedFor(this.originOf(record));
        for (const patient of record.patients) {
          if (prepared === undefined) return { visibility: 'optout', reason: 'other' };
          const decision = this.compiled.effectOf(prepared, this.factsOf(patient).states);
          if (decision.effect === 'deny') {
            const reason: OptOutReason =
              decision.ruleId === 'national-opt-out'
                ? 'national-opt-out'
                : decision.ruleId === 'type-1-objection'
                  ? 'type-1'
                  : 'other';
            return { visibility: 'optout', reason };
          }
        }
        return { visibility: withheldOk ? 'visible' : 'withheld' };
      }
      case 'audit':
        // Reading the audit trail gives no access to records: fail closed.
        return { visibility: 'optout', reason: 'other' };
    }
  }

  /** Whether a patient has a national data opt-out (for the expose-optout-flag defect). */
  nationalOptedOut(patientId: string): boolean {
    return this.factsOf(patientId).nationalOptedOut;
  }
}
