import type { NhsNumber } from '@lhcr/models';
import { readPatientStates } from '../decision/check';
import type { OptOutRegisters } from '../decision/check';
import { compileOptOutPolicy, prepareOptOutRequest } from '../decision/decide';
import type {
  CompiledOptOutPolicy,
  OptOutRequest,
  PreparedRequest,
  ResolvedRequest,
} from '../decision/decide';
import { OptOutError } from '../errors';
import type { OptOutIssue } from '../issues';
import { NATIONAL_DEFAULT_POLICY } from '../policy/national-default';
import type { OptOutPolicy, PolicyEffect } from '../policy/policy-types';
import { patientIdentityOf, referenceKey } from '../registers/patient-identity';
import type { PatientIdentity, PatientLookup } from '../registers/patient-identity';
import type { RestrictedCodeList } from '../restricted/code-lists';
import type { RestrictionAudit } from '../restricted/withhold';
import type { RegisterKind } from '../vocabulary';
import { resourcePatients } from './patient-references';

/**
 * Rule ids the bulk filters use besides the policy's own: `not-patient-data` (a resource that
 * holds no patient data, kept), `invalid-input` (a line or record that could not be read,
 * removed), `restricted-data` (withheld as legally restricted, removed).
 *
 * @example
 * ```ts
 * summary.byRule[FILTER_RULE_IDS.invalidInput]?.count; // lines that were not JSON
 * ```
 */
export const FILTER_RULE_IDS = {
  notPatientData: 'not-patient-data',
  invalidInput: 'invalid-input',
  restrictedData: 'restricted-data',
} as const;

/**
 * Options for the bulk filters: the request (one purpose, basis, identifiability, origin and
 * date for the whole input), the registers, the policy (default: the national policy),
 * restricted code lists to withhold, and whether the audit summary may list the NHS numbers
 * of removed records (off by default).
 *
 * @example
 * ```ts
 * const options: OptOutFilterOptions = {
 *   request: { purpose: 'research', basis: 's251-standard-condition', origin: 'non-gp', date: '2025-03-01' },
 *   registers: { nationalOptOut: register },
 * };
 * ```
 */
export interface OptOutFilterOptions {
  readonly request: OptOutRequest;
  readonly registers?: OptOutRegisters;
  readonly policy?: OptOutPolicy;
  readonly restricted?: { readonly lists: readonly RestrictedCodeList[] };
  readonly includeNhsNumbers?: boolean;
}

/**
 * The decision on one resource or record.
 *
 * @example
 * ```ts
 * const outcome: ResourceOutcome = { keep: false, effect: 'deny', ruleId: 'ndop-opted-out' };
 * ```
 */
export interface ResourceOutcome {
  readonly keep: boolean;
  readonly effect: PolicyEffect;
  readonly ruleId: string;
}

/**
 * The audit summary of a bulk filter run: what was asked, the policy and registers (with as-of
 * dates), counts of records read, kept and removed, counts by deciding rule and by resource
 * type, the restricted-data audit, and the issues found (with line numbers). It holds no NHS
 * numbers unless `includeNhsNumbers` was set, and then only those of removed records, by rule.
 *
 * @example
 * ```ts
 * const summary: OptOutAuditSummary = filter.summary();
 * console.log(summary.counts.removed, summary.byRule);
 * ```
 */
export interface OptOutAuditSummary {
  readonly policy: { readonly id: string; readonly version: string };
  readonly request: ResolvedRequest;
  readonly registers: readonly {
    readonly register: RegisterKind;
    readonly id: string;
    readonly asOf: string;
  }[];
  readonly counts: {
    readonly read: number;
    readonly kept: number;
    readonly removed: number;
    readonly added: number;
    readonly invalid: number;
    readonly blank: number;
  };
  readonly byRule: Readonly<
    Record<string, { readonly effect: PolicyEffect; readonly count: number }>
  >;
  readonly byResourceType: Readonly<
    Record<string, { readonly kept: number; readonly removed: number }>
  >;
  readonly restricted?: RestrictionAudit;
  readonly nhsNumbers?: Readonly<Record<string, readonly string[]>>;
  readonly issues: readonly OptOutIssue[];
}

const NOT_PATIENT: ResourceOutcome = Object.freeze({
  keep: true,
  effect: 'permit',
  ruleId: FILTER_RULE_IDS.notPatientData,
});
const MAX_CACHED_DECISIONS = 200_000;
const MAX_ISSUES = 1_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The decision engine of the bulk filters, for one request over many resources: it keeps an
 * index of Patient resources (so `Patient/<id>` and `urn:uuid:` references resolve to NHS
 * numbers), decides each resource through the patient references of its type, and counts
 * everything for the audit summary. Memory grows with the number of patients indexed and
 * distinct NHS numbers seen (a few dozen bytes each), never with the resources.
 *
 * @example
 * ```ts
 * const filter = new OptOutFilter({ request, registers });
 * for (const resource of patients) filter.indexPatient(resource);
 * const keep = resources.filter((resource) => filter.decideResource(resource).keep);
 * const summary = filter.summary();
 * ```
 */
export class OptOutFilter {
  readonly request: PreparedRequest;
  readonly restrictedLists: readonly RestrictedCodeList[];
  private readonly compiled: CompiledOptOutPolicy;
  private readonly registers: OptOutRegisters;
  private readonly index = new Map<string, PatientIdentity>();
  private readonly cache = new Map<string, ResourceOutcome>();
  private readonly byRule = new Map<string, { effect: PolicyEffect; count: number }>();
  private readonly byType = new Map<string, { kept: number; removed: number }>();
  private readonly removedNumbers = new Map<string, Set<string>>();
  private readonly issues: OptOutIssue[] = [];
  private issuesOver = 0;
  private read = 0;
  private kept = 0;
  private removed = 0;
  private added = 0;
  private invalid = 0;
  private blank = 0;
  private restrictedAudit: RestrictionAudit | undefined;
  /** Resolves references through the Patient index. */
  readonly patients: PatientLookup = { get: (key) => this.index.get(key) };

  constructor(private readonly options: OptOutFilterOptions) {
    const prepared = prepareOptOutRequest(options.request);
    if (!prepared.ok)
      throw new OptOutError('config', `opt-out filter request: ${prepared.message}`);
    this.request = prepared.value;
    this.compiled = compileOptOutPolicy(options.policy ?? NATIONAL_DEFAULT_POLICY);
    this.registers = options.registers ?? {};
    this.restrictedLists = options.restricted?.lists ?? [];
  }

  /**
   * Adds a Patient resource to the index under `Patient/<id>` and, in a Bundle, its `fullUrl`.
   * Other resources are ignored. Returns whether it indexed something.
   *
   * @example
   * ```ts
   * filter.indexPatient(entry.resource, entry.fullUrl);
   * ```
   */
  indexPatient(resource: unknown, fullUrl?: string): boolean {
    if (!isRecord(resource) || resource['resourceType'] !== 'Patient') return false;
    const identity = patientIdentityOf(resource);
    let indexed = false;
    if (typeof resource['id'] === 'string') {
      this.index.set(`Patient/${resource['id']}`, identity);
      indexed = true;
    }
    if (fullUrl !== undefined) {
      const key = referenceKey(fullUrl);
      if (key) {
        this.index.set(key.key, identity);
        indexed = true;
      }
    }
    return indexed;
  }

  /**
   * The decision for one patient identity (without counting it).
   *
   * @example
   * ```ts
   * filter.decidePatient({ presence: 'present', nhsNumbers: [nhsNumber] }).keep;
   * ```
   */
  decidePatient(identity: PatientIdentity): ResourceOutcome & { readonly nhsNumber?: NhsNumber } {
    if (identity.nhsNumbers.length === 0) {
      const presence = identity.presence === 'unresolved' ? 'unresolved' : 'absent';
      const cacheKey = `:${presence}`;
      let outcome = this.cache.get(cacheKey);
      if (outcome === undefined) {
        const states = readPatientStates(
          undefined,
          this.registers,
          this.request.resolved.date,
          presence,
        );
        outcome = this.outcomeOf(states);
        this.cache.set(cacheKey, outcome);
      }
      return outcome;
    }
    let first: (ResourceOutcome & { nhsNumber?: NhsNumber }) | undefined;
    for (const nhsNumber of identity.nhsNumbers) {
      let outcome = this.cache.get(nhsNumber);
      if (outcome === undefined) {
        if (this.cache.size >= MAX_CACHED_DECISIONS) this.cache.clear();
        outcome = this.outcomeOf(
          readPatientStates(nhsNumber, this.registers, this.request.resolved.date),
        );
        this.cache.set(nhsNumber, outcome);
      }
      if (!outcome.keep) return { ...outcome, nhsNumber };
      first ??= { ...outcome, nhsNumber };
    }
    return first as ResourceOutcome & { nhsNumber?: NhsNumber };
  }

  private outcomeOf(states: Parameters<CompiledOptOutPolicy['effectOf']>[1]): ResourceOutcome {
    const { effect, ruleId } = this.compiled.effectOf(this.request, states);
    return Object.freeze({ keep: effect === 'permit', effect, ruleId });
  }

  /**
   * Decides one resource (without counting it): resources of types that hold no patient data,
   * or whose patient references all point at other types, are kept; otherwise each patient it
   * references is decided and any deny removes it. A resource whose patient cannot be identified
   * is decided as a patient without an NHS number (fail closed for secondary uses).
   *
   * @example
   * ```ts
   * filter.decide(observation); // { keep: false, effect: 'deny', ruleId: 'ndop-opted-out' }
   * ```
   */
  decide(resource: unknown): ResourceOutcome & { readonly nhsNumber?: NhsNumber } {
    if (!isRecord(resource)) return NOT_PATIENT;
    const about = resourcePatients(resource, this.patients);
    if (about.kind === 'none') return NOT_PATIENT;
    let first: (ResourceOutcome & { nhsNumber?: NhsNumber }) | undefined;
    for (const identity of about.patients) {
      const outcome = this.decidePatient(identity);
      if (!outcome.keep) return outcome;
      first ??= outcome;
    }
    return first ?? NOT_PATIENT;
  }

  /**
   * Decides one resource and counts the outcome in the audit summary.
   *
   * @example
   * ```ts
   * if (filter.decideResource(resource).keep) write(resource);
   * ```
   */
  decideResource(resource: unknown): ResourceOutcome {
    const outcome = this.decide(resource);
    const type =
      isRecord(resource) && typeof resource['resourceType'] === 'string'
        ? resource['resourceType']
        : '(none)';
    this.count(type, outcome, outcome.nhsNumber);
    return outcome;
  }

  /**
   * Counts an outcome decided elsewhere (a CSV record, a withheld resource).
   *
   * @example
   * ```ts
   * filter.count('csv-record', outcome, nhsNumber);
   * ```
   */
  count(type: string, outcome: ResourceOutcome, nhsNumber?: NhsNumber): void {
    this.read += 1;
    if (outcome.keep) this.kept += 1;
    else this.removed += 1;
    const rule = this.byRule.get(outcome.ruleId);
    if (rule) rule.count += 1;
    else this.byRule.set(outcome.ruleId, { effect: outcome.effect, count: 1 });
    const byType = this.byType.get(type);
    if (byType) {
      if (outcome.keep) byType.kept += 1;
      else byType.removed += 1;
    } else {
      this.byType.set(type, { kept: outcome.keep ? 1 : 0, removed: outcome.keep ? 0 : 1 });
    }
    if (!outcome.keep && nhsNumber !== undefined && this.options.includeNhsNumbers === true) {
      let set = this.removedNumbers.get(outcome.ruleId);
      if (!set) {
        set = new Set();
        this.removedNumbers.set(outcome.ruleId, set);
      }
      set.add(nhsNumber);
    }
  }

  /**
   * Counts a line or record that could not be read (removed, rule `invalid-input`) and records
   * the issue.
   *
   * @example
   * ```ts
   * filter.invalidInput('not JSON: Unexpected token', 'export.ndjson', 17);
   * ```
   */
  invalidInput(diagnostics: string, source: string, line?: number): void {
    this.count('(invalid)', { keep: false, effect: 'deny', ruleId: FILTER_RULE_IDS.invalidInput });
    this.invalid += 1;
    this.issue({
      severity: 'error',
      code: 'structure',
      diagnostics,
      source,
      ...(line === undefined ? {} : { line }),
    });
  }

  /**
   * Records an issue for the summary (at most 1,000 are listed; the rest are counted).
   *
   * @example
   * ```ts
   * filter.issue({ severity: 'warning', code: 'processing', diagnostics: 'Patient appears after resources that reference it' });
   * ```
   */
  issue(issue: OptOutIssue): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    else this.issuesOver += 1;
  }

  /**
   * Counts a blank line (skipped, not output).
   *
   * @example
   * ```ts
   * filter.blankLine();
   * ```
   */
  blankLine(): void {
    this.blank += 1;
  }

  /**
   * Counts records the filter added (the `confidential-items` Lists).
   *
   * @example
   * ```ts
   * filter.addedRecords(1);
   * ```
   */
  addedRecords(count: number): void {
    this.added += count;
  }

  /**
   * Adds a restricted-data audit record to the summary (records from several Bundles are
   * merged: counts summed, items concatenated up to 100,000).
   *
   * @example
   * ```ts
   * filter.addRestrictedAudit(audit);
   * ```
   */
  addRestrictedAudit(audit: RestrictionAudit): void {
    const current = this.restrictedAudit;
    if (current === undefined) {
      this.restrictedAudit = audit;
      return;
    }
    const sum = (
      a: Readonly<Record<string, number>>,
      b: Readonly<Record<string, number>>,
    ): Record<string, number> => {
      const out: Record<string, number> = { ...a };
      for (const [key, value] of Object.entries(b)) out[key] = (out[key] ?? 0) + value;
      return out;
    };
    this.restrictedAudit = {
      ...current,
      withheld: {
        total: current.withheld.total + audit.withheld.total,
        direct: current.withheld.direct + audit.withheld.direct,
        linked: current.withheld.linked + audit.withheld.linked,
        byCategory: sum(
          current.withheld.byCategory,
          audit.withheld.byCategory,
        ) as RestrictionAudit['withheld']['byCategory'],
        byResourceType: sum(current.withheld.byResourceType, audit.withheld.byResourceType),
      },
      items: [...current.items, ...audit.items].slice(0, 100_000),
      listsMarked: current.listsMarked + audit.listsMarked,
      markersAdded: current.markersAdded + audit.markersAdded,
    };
  }

  /**
   * The audit summary so far.
   *
   * @example
   * ```ts
   * io.stderr(JSON.stringify(filter.summary(), null, 2));
   * ```
   */
  summary(): OptOutAuditSummary {
    const registers: { register: RegisterKind; id: string; asOf: string }[] = [];
    const { nationalOptOut, type1, localDissent } = this.registers;
    if (nationalOptOut)
      registers.push({
        register: 'national-data-opt-out',
        id: nationalOptOut.id,
        asOf: nationalOptOut.asOf,
      });
    if (type1) registers.push({ register: 'type-1', id: type1.id, asOf: type1.asOf });
    if (localDissent)
      registers.push({ register: 'local-dissent', id: localDissent.id, asOf: localDissent.asOf });
    const policy = this.compiled.policy;
    const issues =
      this.issuesOver === 0
        ? [...this.issues]
        : [
            ...this.issues,
            {
              severity: 'warning' as const,
              code: 'informational' as const,
              diagnostics: `${String(this.issuesOver)} more issues not listed`,
            },
          ];
    const summary: OptOutAuditSummary = {
      policy: { id: policy.id, version: policy.version },
      request: this.request.resolved,
      registers,
      counts: {
        read: this.read,
        kept: this.kept,
        removed: this.removed,
        added: this.added,
        invalid: this.invalid,
        blank: this.blank,
      },
      byRule: Object.fromEntries([...this.byRule].map(([id, value]) => [id, { ...value }])),
      byResourceType: Object.fromEntries(
        [...this.byType].map(([type, value]) => [type, { ...value }]),
      ),
      ...(this.restrictedAudit === undefined ? {} : { restricted: this.restrictedAudit }),
      ...(this.options.includeNhsNumbers === true
        ? {
            nhsNumbers: Object.fromEntries(
              [...this.removedNumbers].map(([rule, numbers]) => [rule, [...numbers].sort()]),
            ),
          }
        : {}),
      issues,
    };
    return summary;
  }
}
