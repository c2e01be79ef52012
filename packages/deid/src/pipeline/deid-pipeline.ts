import type { Resource } from '@lhcr/models';
import { NdjsonOptOutFilter, OptOutFilter, filterBundle } from '@lhcr/optout';
import type { ChunkSink, OptOutFilterOptions } from '@lhcr/optout';
import { DeidError } from '../errors';
import type { PostcodeLookup } from '../generalise/postcode';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { LineSplitter } from '../internal/lines';
import type { Line } from '../internal/lines';
import { BUILT_IN_GENERALISERS, assertDeidPolicy } from '../policy/check-policy';
import type { ElementGeneraliser } from '../policy/check-policy';
import type { DeidPolicy, DeidPolicyIssue } from '../policy/deid-policy';
import type { HmacSha256Factory } from '../pseudonym/hmac';
import type { PseudonymKey } from '../pseudonym/key';
import { PSEUDONYM_FORMAT_VERSION, createPseudonymiser } from '../pseudonym/pseudonymiser';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser';
import {
  quasiIdentifierValue,
  removeQuasiIdentifier,
  resolveQuasiIdentifiers,
} from '../risk/quasi-identifiers';
import type { QuasiIdentifier } from '../risk/quasi-identifiers';
import { RiskMeter } from '../risk/risk-meter';
import { SuppressionPlanner } from '../risk/suppression-plan';
import type { SuppressionPlan } from '../risk/suppression-plan';
import { ResourceTransformer } from '../transform/deidentify-resource';
import type { OtherElementRule, TransformSettings } from '../transform/deidentify-resource';
import { parseElementPath } from '../transform/element-path';
import type { ElementPath } from '../transform/element-path';
import type { DeidIssue, DeidProgress, DeidReport } from './report';

/**
 * Checks one de-identified resource; `@lhcr/deid/node` wires `@lhcr/validator` (base R4) in.
 * The result has the shape of `@lhcr/validator`'s `ValidationResult`.
 *
 * @example
 * ```ts
 * const validator = createValidator({ definitions: r4CoreDefinitions() });
 * const validate: OutputValidator = (resource) => validator.validate(resource);
 * ```
 */
export type OutputValidator = (resource: Resource) => {
  readonly ok: boolean;
  readonly issues: readonly {
    readonly severity: string;
    readonly expression?: string;
    readonly diagnostics?: string;
  }[];
};

/**
 * The options of a de-identification run.
 *
 * @example
 * ```ts
 * const options: DeidOptions = {
 *   policy: blueprint.anonymisationPolicy!,
 *   key,
 *   extractDate: '2025-03-01',
 *   optOut: {
 *     request: { purpose: 'planning', identifiability: 'pseudonymised', origin: 'unknown', date: '2025-03-01' },
 *     registers: { nationalOptOut: register },
 *     policy: blueprint.optOutPolicy?.policy,
 *   },
 *   project: 'icb-frailty-2025',
 * };
 * ```
 */
export interface DeidOptions {
  /** The anonymisation policy, in the blueprint format. */
  readonly policy: DeidPolicy;
  readonly key: PseudonymKey;
  /** The extract date (`YYYY-MM-DD`): age bands are ages on this date. */
  readonly extractDate: string;
  /**
   * The opt-out decision applied first (`@lhcr/optout`): the request (purpose, basis,
   * identifiability, origin, date), the registers, the opt-out policy, and optionally restricted
   * code lists to withhold. Without registers, secondary uses fail closed (nothing is kept).
   */
  readonly optOut: OptOutFilterOptions;
  /** Domain separation: one project's pseudonyms cannot be linked to another's. */
  readonly project?: string;
  /** Needed when the policy generalises postcodes to LSOA. */
  readonly postcodeLookup?: PostcodeLookup;
  /** Generalisers for `quasiIdentifiers.other` elements, by element path. */
  readonly generalisers?: Readonly<Record<string, ElementGeneraliser>>;
  /**
   * Suppress for k-anonymity (default true): drop quasi-identifier values held by fewer than k
   * patients (strategy `generalise-then-suppress`), then leave out patients still in classes
   * smaller than k, with their resources. When false the risk is only measured.
   */
  readonly suppress?: boolean;
  /** The HMAC implementation (default: portable; `@lhcr/deid/node` uses node:crypto). */
  readonly hmac?: HmacSha256Factory;
  /** Checks each output resource; resources that fail are left out and reported. */
  readonly validate?: OutputValidator;
  readonly onProgress?: (progress: DeidProgress) => void;
  /** The longest NDJSON line accepted (default 64 MiB). */
  readonly maxLineChars?: number;
  /** The deepest nesting of elements kept (default 64). */
  readonly maxDepth?: number;
  /** A name for the input in issues (default `<ndjson>`). */
  readonly source?: string;
}

const DEFAULT_MAX_LINE_CHARS = 64 * 1024 * 1024;
const MAX_ISSUES = 1_000;
const PROGRESS_EVERY = 100_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PATIENT_LINE = /"resourceType"\s*:\s*"(?:Patient|Bundle)"/;

/**
 * The de-identification pipeline over FHIR resources, in two passes:
 *
 * 1. index: every resource (or NDJSON line) is seen once so Patients are indexed for the opt-out
 *    decision, and the equivalence classes of the generalised Patients are counted;
 * 2. write: each resource goes through the opt-out decision (`@lhcr/optout`), suppression for
 *    k-anonymity, the de-identifying transform, and the risk measure, and comes out de-identified
 *    (or is left out, and counted).
 *
 * Use the NDJSON sinks (`indexer()`, then `linker()` while `needsLinkPass`, then `writer()`) for
 * streams, or `indexResource` and `processResource` for resources in memory. Memory grows with
 * the number of patients (the opt-out index) and equivalence classes, never with resources.
 *
 * @example
 * ```ts
 * const pipeline = new DeidPipeline(options);
 * const index = pipeline.indexer();
 * for (const chunk of chunks) index.push(chunk);
 * index.end();
 * const writer = pipeline.writer();
 * for (const chunk of chunks) output(writer.push(chunk));
 * output(writer.end());
 * const report = pipeline.report(); // report.ok, report.risk.kAnonymity.k
 * ```
 */
export class DeidPipeline {
  /** The opt-out decision engine of `@lhcr/optout` the pipeline applies first. */
  readonly optOutFilter: OptOutFilter;
  /** The pseudonymiser, for computing the pseudonym or id a known patient will have. */
  readonly pseudonyms: Pseudonymiser;
  private readonly transformer: ResourceTransformer;
  private readonly ndjsonOptOut: NdjsonOptOutFilter | undefined;
  private readonly qis: readonly QuasiIdentifier[];
  private readonly planner: SuppressionPlanner | undefined;
  private plan: SuppressionPlan | undefined;
  private readonly meter: RiskMeter;
  private readonly policyWarnings: readonly DeidPolicyIssue[];
  private readonly issues: DeidIssue[] = [];
  private issuesOver = 0;
  private readonly byType = new Map<string, { read: number; written: number }>();
  private readonly source: string;
  private readonly maxLineChars: number;
  private counts = {
    read: 0,
    written: 0,
    optedOut: 0,
    suppressed: 0,
    invalid: 0,
    blank: 0,
    unknownType: 0,
    invalidOutput: 0,
  };
  private patientsGeneralised = 0;
  private patientsSuppressed = 0;
  private writing = false;

  constructor(private readonly options: DeidOptions) {
    if (!ISO_DATE.test(options.extractDate)) {
      throw new DeidError(
        'config',
        `extractDate: expected YYYY-MM-DD; found ${JSON.stringify(options.extractDate)}`,
      );
    }
    const policy = options.policy;
    const generalisers: Record<string, ElementGeneraliser> = {
      ...BUILT_IN_GENERALISERS,
      ...options.generalisers,
    };
    this.policyWarnings = assertDeidPolicy(policy, {
      postcodeLookup: options.postcodeLookup !== undefined,
      generalisers: Object.keys(generalisers),
    });
    const output = policy.pseudonymisation.output;
    this.pseudonyms = createPseudonymiser({
      key: options.key,
      ...(options.project === undefined ? {} : { project: options.project }),
      encoding: output.encoding,
      ...(output.truncateToBytes === undefined ? {} : { truncateToBytes: output.truncateToBytes }),
      ...(options.hmac === undefined ? {} : { hmac: options.hmac }),
    });
    if (options.key.length < policy.pseudonymisation.key.minimumBytes) {
      throw new DeidError(
        'key',
        `the policy needs a key of at least ${String(policy.pseudonymisation.key.minimumBytes)} bytes; this one has ${String(options.key.length)}`,
      );
    }
    this.optOutFilter = new OptOutFilter(options.optOut);
    this.source = options.source ?? '<ndjson>';
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.ndjsonOptOut =
      options.optOut.restricted === undefined || options.optOut.restricted.lists.length === 0
        ? undefined
        : new NdjsonOptOutFilter(this.optOutFilter, {
            source: this.source,
            maxLineChars: this.maxLineChars,
          });
    const removePaths = new Map<string, ElementPath[]>();
    for (const text of policy.directIdentifiers.remove) {
      const parsed = parseElementPath(text);
      if (!parsed.ok) continue;
      const list = removePaths.get(parsed.path.resourceType) ?? [];
      list.push(parsed.path);
      removePaths.set(parsed.path.resourceType, list);
    }
    const otherRules = new Map<string, OtherElementRule[]>();
    for (const rule of policy.quasiIdentifiers.other ?? []) {
      const parsed = parseElementPath(rule.element);
      if (!parsed.ok || rule.method === 'keep') continue;
      const list = otherRules.get(parsed.path.resourceType) ?? [];
      const generalise = generalisers[rule.element];
      list.push({
        path: parsed.path,
        method: rule.method,
        ...(generalise === undefined ? {} : { generalise }),
      });
      otherRules.set(parsed.path.resourceType, list);
    }
    const filter = this.optOutFilter;
    const pseudonyms = this.pseudonyms;
    const settings: TransformSettings = {
      pseudonyms,
      pseudonymSystem: output.system,
      extractDate: options.extractDate,
      birthDate: policy.quasiIdentifiers.birthDate,
      postcode: policy.quasiIdentifiers.postcode,
      ...(options.postcodeLookup === undefined ? {} : { postcodeLookup: options.postcodeLookup }),
      dates: policy.quasiIdentifiers.dates,
      freeText: policy.directIdentifiers.freeText ?? 'remove',
      otherIdentifiers: policy.directIdentifiers.otherIdentifiers ?? 'remove',
      removePaths,
      otherRules,
      patientIdOfKey: (key) => {
        const identity = filter.patients.get(key);
        const nhsNumber = identity?.nhsNumbers[0];
        return nhsNumber === undefined ? undefined : pseudonyms.patientId(nhsNumber);
      },
      maxDepth: options.maxDepth ?? 64,
    };
    this.transformer = new ResourceTransformer(settings);
    const qis = resolveQuasiIdentifiers(policy.kAnonymity.quasiIdentifiers);
    if (!qis.ok) throw new DeidError('policy', qis.messages.join('; '));
    this.qis = qis.value;
    this.planner =
      options.suppress === false
        ? undefined
        : new SuppressionPlanner(this.qis, policy.kAnonymity.k, policy.kAnonymity.strategy);
    this.meter = new RiskMeter(policy);
  }

  // ----- pass 1 -------------------------------------------------------------------------------

  /**
   * Pass 1 for one resource held in memory: indexes Patients (also inside Bundles) for the
   * opt-out decision and counts their equivalence classes.
   *
   * @example
   * ```ts
   * for (const resource of resources) pipeline.indexResource(resource);
   * ```
   */
  indexResource(resource: unknown, fullUrl?: string): void {
    if (this.writing) {
      throw new DeidError('internal', 'indexResource was called after writing started');
    }
    if (!isRecord(resource)) return;
    if (resource['resourceType'] === 'Bundle') {
      const entries = resource['entry'];
      if (!Array.isArray(entries)) return;
      for (const entry of entries as unknown[]) {
        if (!isRecord(entry)) continue;
        const url = typeof entry['fullUrl'] === 'string' ? entry['fullUrl'] : undefined;
        this.indexResource(entry['resource'], url);
      }
      return;
    }
    if (resource['resourceType'] !== 'Patient') return;
    if (this.ndjsonOptOut === undefined) this.optOutFilter.indexPatient(resource, fullUrl);
    this.planPatient(resource);
  }

  private planPatient(patient: JsonObject): void {
    if (this.planner === undefined) return;
    if (!this.optOutFilter.decide(patient).keep) return;
    const out = this.transformer.transform(patient);
    const id = out?.['id'];
    if (out === undefined || typeof id !== 'string') return;
    this.planner.add(
      id,
      this.qis.map((qi) => quasiIdentifierValue(out, qi)),
    );
  }

  /**
   * Pass 1 over NDJSON text in chunks.
   *
   * `source` names the input in issues (default: the `source` option).
   *
   * @example
   * ```ts
   * const index = pipeline.indexer('Patient.ndjson');
   * index.push(text);
   * index.end();
   * ```
   */
  indexer(source: string = this.source): ChunkSink<undefined> {
    const optOut = this.ndjsonOptOut?.indexer();
    const lines = new LineSplitter(this.maxLineChars, source);
    let count = 0;
    const onLine = (line: Line): void => {
      count += 1;
      if (count % PROGRESS_EVERY === 0) this.progress('index', count, false);
      // A cheap look before the pattern: most lines are neither Patients nor Bundles.
      if (!line.text.includes('"Patient"') && !line.text.includes('"Bundle"')) return;
      if (!PATIENT_LINE.test(line.text)) return;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        return;
      }
      this.indexResource(value);
    };
    return {
      push: (chunk) => {
        optOut?.push(chunk);
        lines.push(chunk, onLine);
        return undefined;
      },
      end: () => {
        optOut?.end();
        lines.end(onLine);
        this.progress('index', count, true);
        return undefined;
      },
    };
  }

  /**
   * Whether another linking pass over the input is needed (only with restricted code lists, to
   * find resources linked to withheld ones).
   *
   * @example
   * ```ts
   * while (pipeline.needsLinkPass) runPass(pipeline.linker());
   * ```
   */
  get needsLinkPass(): boolean {
    return this.ndjsonOptOut?.needsLinkPass ?? false;
  }

  /**
   * A linking pass over the NDJSON input (see {@link needsLinkPass}).
   *
   * @example
   * ```ts
   * const link = pipeline.linker();
   * link.push(text);
   * link.end();
   * ```
   */
  linker(): ChunkSink<undefined> {
    if (this.ndjsonOptOut === undefined) {
      return { push: () => undefined, end: () => undefined };
    }
    return this.ndjsonOptOut.linker();
  }

  // ----- pass 2 -------------------------------------------------------------------------------

  private startWriting(): SuppressionPlan | undefined {
    if (!this.writing) {
      this.writing = true;
      this.plan = this.planner?.plan();
    }
    return this.plan;
  }

  /**
   * Pass 2 for one resource held in memory: the opt-out decision, suppression, the transform and
   * the risk measure. Returns the de-identified resource, or `undefined` when it is left out.
   *
   * @example
   * ```ts
   * const output = resources.map((resource) => pipeline.processResource(resource)).filter(Boolean);
   * ```
   */
  processResource(resource: unknown, line?: number): Resource | undefined {
    return this.process(resource, this.source, line, false);
  }

  private process(
    resource: unknown,
    source: string,
    line: number | undefined,
    decided: boolean,
  ): Resource | undefined {
    const plan = this.startWriting();
    if (!isRecord(resource) || typeof resource['resourceType'] !== 'string') {
      this.counts.invalid += 1;
      if (!decided) {
        this.optOutFilter.invalidInput('not a FHIR resource (no resourceType)', source, line);
      }
      this.issue({
        severity: 'error',
        code: 'invalid-input',
        source: source,
        ...(line === undefined ? {} : { line }),
        diagnostics: 'not a FHIR resource (no resourceType)',
      });
      return undefined;
    }
    const type = resource['resourceType'];
    this.counts.read += 1;
    const byType = this.byType.get(type) ?? { read: 0, written: 0 };
    byType.read += 1;
    this.byType.set(type, byType);
    let input: JsonObject = resource;
    if (type === 'Bundle') {
      if (!decided && this.ndjsonOptOut === undefined) {
        const filtered = filterBundle(resource, this.optOutFilter);
        if (!filtered.keep) {
          this.counts.optedOut += 1;
          return undefined;
        }
        input = filtered.bundle;
      }
      input = this.suppressInBundle(input, plan);
    } else {
      if (!decided && this.ndjsonOptOut === undefined) {
        if (!this.optOutFilter.decideResource(resource).keep) {
          this.counts.optedOut += 1;
          return undefined;
        }
      }
      if (plan !== undefined && plan.suppressedPatients.size > 0) {
        const patients = this.transformer.patientsOf(resource);
        if (patients.some((id) => plan.suppressedPatients.has(id))) {
          this.counts.suppressed += 1;
          if (type === 'Patient') this.patientsSuppressed += 1;
          return undefined;
        }
      }
    }
    const out = this.transformer.transform(input);
    if (out === undefined) {
      this.counts.unknownType += 1;
      this.issue({
        severity: 'warning',
        code: 'unknown-resource',
        source: source,
        ...(line === undefined ? {} : { line }),
        diagnostics: 'not a FHIR R4 resource type; left out',
      });
      return undefined;
    }
    if (type === 'Patient' && plan !== undefined) this.dropRareValues(out, plan);
    if (type === 'Bundle' && plan !== undefined) {
      for (const entry of bundleResources(out)) {
        if (entry['resourceType'] === 'Patient') this.dropRareValues(entry, plan);
      }
    }
    const validate = this.options.validate;
    if (validate !== undefined) {
      const result = validate(out as unknown as Resource);
      if (!result.ok) {
        this.counts.invalidOutput += 1;
        for (const issue of result.issues
          .filter((item) => item.severity === 'error' || item.severity === 'fatal')
          .slice(0, 3)) {
          this.issue({
            severity: 'error',
            code: 'invalid-output',
            source: source,
            ...(line === undefined ? {} : { line }),
            ...(issue.expression === undefined ? {} : { expression: issue.expression }),
            diagnostics: issue.diagnostics ?? 'the de-identified resource is not valid FHIR',
          });
        }
        return undefined;
      }
    }
    if (type === 'Bundle') {
      for (const entry of bundleResources(out)) this.meter.observe(entry);
    } else {
      this.meter.observe(out);
    }
    this.counts.written += 1;
    byType.written += 1;
    return out as unknown as Resource;
  }

  private dropRareValues(patient: JsonObject, plan: SuppressionPlan): void {
    let dropped = 0;
    for (const [index, qi] of this.qis.entries()) {
      const rare = plan.rareValues[index];
      if (rare === undefined || rare.size === 0) continue;
      if (rare.has(quasiIdentifierValue(patient, qi))) {
        removeQuasiIdentifier(patient, qi);
        dropped += 1;
      }
    }
    if (dropped > 0) this.patientsGeneralised += 1;
  }

  private suppressInBundle(bundle: JsonObject, plan: SuppressionPlan | undefined): JsonObject {
    if (plan === undefined || plan.suppressedPatients.size === 0) return bundle;
    const entries = bundle['entry'];
    if (!Array.isArray(entries)) return bundle;
    const kept = (entries as unknown[]).filter((entry) => {
      if (!isRecord(entry) || !isRecord(entry['resource'])) return true;
      const patients = this.transformer.patientsOf(entry['resource']);
      const drop = patients.some((id) => plan.suppressedPatients.has(id));
      if (drop) {
        this.counts.suppressed += 1;
        if (entry['resource']['resourceType'] === 'Patient') this.patientsSuppressed += 1;
      }
      return !drop;
    });
    return { ...bundle, entry: kept };
  }

  /**
   * Pass 2 over NDJSON text in chunks: returns the de-identified NDJSON for each chunk. Call it
   * once per input file (after the index pass over all of them); `source` names the input in
   * issues.
   *
   * @example
   * ```ts
   * const writer = pipeline.writer('Observation.ndjson');
   * let output = writer.push(text);
   * output += writer.end();
   * ```
   */
  writer(source: string = this.source): ChunkSink<string> {
    this.startWriting();
    const optOut = this.ndjsonOptOut?.writer();
    const lines = new LineSplitter(this.maxLineChars, source);
    let out: string[] = [];
    let count = 0;
    const take = (): string => {
      const text = out.join('');
      out = [];
      return text;
    };
    const onLine = (line: Line): void => {
      count += 1;
      if (count % PROGRESS_EVERY === 0) this.progress('write', count, false);
      if (line.text.trim() === '') {
        this.counts.blank += 1;
        if (optOut === undefined) this.optOutFilter.blankLine();
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        this.invalidLine(source, line.number, error);
        return;
      }
      const result = this.process(
        value,
        source,
        optOut === undefined ? line.number : undefined,
        optOut !== undefined,
      );
      if (result !== undefined) out.push(`${JSON.stringify(result)}\n`);
    };
    return {
      push: (chunk) => {
        lines.push(optOut === undefined ? chunk : optOut.push(chunk), onLine);
        return take();
      },
      end: () => {
        if (optOut !== undefined) lines.push(optOut.end(), onLine);
        lines.end(onLine);
        this.progress('write', count, true);
        return take();
      },
    };
  }

  private invalidLine(source: string, line: number, error: unknown): void {
    const reason =
      error instanceof Error
        ? error.message
            .replace(/".*"/s, '"…"')
            .replace(/\d{6,}/g, '[digits]')
            .slice(0, 120)
        : 'syntax error';
    const diagnostics = `line is not JSON (${reason})`;
    this.counts.invalid += 1;
    this.optOutFilter.invalidInput(diagnostics, source, line);
    this.issue({ severity: 'error', code: 'invalid-input', source, line, diagnostics });
  }

  private issue(issue: DeidIssue): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    else this.issuesOver += 1;
  }

  private progress(pass: DeidProgress['pass'], lines: number, done: boolean): void {
    this.options.onProgress?.({ pass, lines, written: this.counts.written, done });
  }

  /**
   * The report so far (complete after pass 2).
   *
   * @example
   * ```ts
   * const report = pipeline.report();
   * ```
   */
  report(): DeidReport {
    const policy = this.options.policy;
    const risk = this.meter.result();
    const issues =
      this.issuesOver === 0
        ? [...this.issues]
        : [
            ...this.issues,
            {
              severity: 'warning' as const,
              code: 'invalid-input' as const,
              diagnostics: `${String(this.issuesOver)} more issues not listed`,
            },
          ];
    const optOut = this.optOutFilter.summary();
    // With restricted code lists the opt-out filter reads the lines itself and counts them.
    const chained = this.ndjsonOptOut !== undefined;
    const counts = {
      ...this.counts,
      ...(chained
        ? {
            invalid: optOut.counts.invalid,
            optedOut: optOut.counts.removed - optOut.counts.invalid,
            blank: optOut.counts.blank,
          }
        : {}),
    };
    return {
      formatVersion: PSEUDONYM_FORMAT_VERSION,
      policy: { id: policy.id, title: policy.title },
      project: this.pseudonyms.project,
      keyFingerprint: this.pseudonyms.fingerprint,
      extractDate: this.options.extractDate,
      pseudonymSystem: policy.pseudonymisation.output.system,
      optOut,
      counts,
      byResourceType: Object.fromEntries(
        [...this.byType]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([type, value]) => [type, { ...value }]),
      ),
      elements: Object.fromEntries(
        Object.entries(this.transformer.counts).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
      suppression: {
        enabled: this.planner !== undefined,
        strategy: policy.kAnonymity.strategy,
        k: policy.kAnonymity.k,
        rareValues: this.plan?.rareValueCounts ?? {},
        patientsGeneralised: this.patientsGeneralised,
        patientsSuppressed: this.patientsSuppressed,
      },
      risk,
      policyWarnings: this.policyWarnings,
      issues,
      ok: risk.ok && counts.invalid === 0 && counts.invalidOutput === 0,
    };
  }
}

function bundleResources(bundle: JsonObject): JsonObject[] {
  const entries = bundle['entry'];
  if (!Array.isArray(entries)) return [];
  const out: JsonObject[] = [];
  for (const entry of entries as unknown[]) {
    if (isRecord(entry) && isRecord(entry['resource'])) out.push(entry['resource']);
  }
  return out;
}
