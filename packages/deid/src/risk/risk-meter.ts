import { patientReferencesOf, referenceKey } from '@lhcr/optout';
import { DeidError } from '../errors';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { LineSplitter } from '../internal/lines';
import type { DeidPolicy } from '../policy/deid-policy';
import { parseElementPath, valuesAt } from '../transform/element-path';
import type { ElementPath } from '../transform/element-path';
import { canonicalValue, quasiIdentifierValue, resolveQuasiIdentifiers } from './quasi-identifiers';
import type { QuasiIdentifier } from './quasi-identifiers';

/**
 * The parts of a policy the risk measure reads.
 *
 * @example
 * ```ts
 * const risk: RiskPolicy = { kAnonymity: { k: 5, quasiIdentifiers: ['birthDate', 'postcode', 'Patient.gender'] } };
 * ```
 */
export type RiskPolicy = Pick<DeidPolicy, 'kAnonymity' | 'lDiversity'>;

/**
 * k-anonymity measured over the Patient records of an extract: the smallest equivalence class
 * (records sharing every quasi-identifier value) is `k`. Only sizes are reported, never the
 * values that define a class.
 *
 * @example
 * ```ts
 * const k: KAnonymityResult = report.kAnonymity;
 * if (!k.ok) console.error(`k = ${k.k}; smallest classes: ${k.smallestClasses.join(', ')}`);
 * ```
 */
export interface KAnonymityResult {
  readonly threshold: number;
  /** The smallest class size; `null` when the extract has no Patient records. */
  readonly k: number | null;
  readonly classes: number;
  /** The sizes of the smallest classes, ascending (at most 10). */
  readonly smallestClasses: readonly number[];
  readonly classesBelowThreshold: number;
  readonly recordsBelowThreshold: number;
  readonly ok: boolean;
}

/**
 * l-diversity: within each equivalence class, how many distinct values of the sensitive
 * attributes the class's patients have (classes whose patients have none are not counted).
 *
 * @example
 * ```ts
 * const l: LDiversityResult | undefined = report.lDiversity;
 * ```
 */
export interface LDiversityResult {
  readonly threshold: number;
  readonly sensitiveAttributes: readonly string[];
  /** The smallest number of distinct sensitive values in a class; `null` when none was measured. */
  readonly l: number | null;
  readonly classesMeasured: number;
  /** The distinct-value counts of the least diverse classes, ascending (at most 10). */
  readonly smallestDiversity: readonly number[];
  readonly classesBelowThreshold: number;
  readonly ok: boolean;
}

/**
 * The re-identification risk measured on an extract.
 *
 * @example
 * ```ts
 * const report: RiskReport = measureRisk(resources, policy);
 * report.ok; // false when k or l is below the policy's threshold
 * ```
 */
export interface RiskReport {
  /** Patient records measured. */
  readonly records: number;
  readonly quasiIdentifiers: readonly string[];
  readonly kAnonymity: KAnonymityResult;
  readonly lDiversity?: LDiversityResult;
  readonly ok: boolean;
}

const MAX_DISTINCT = 64;
const SMALLEST = 10;

interface SensitiveAttribute {
  readonly name: string;
  readonly path: ElementPath;
}

/**
 * Measures k-anonymity and l-diversity over de-identified resources as they stream past (one
 * pass; `observe` each output resource, then `result`). Memory: one counter per equivalence
 * class and, when the policy has l-diversity, one entry per patient (its class) plus the
 * sensitive values of patients whose Patient record has not been seen yet.
 *
 * @see NHS-STANDARDS.md §5 (k-anonymity: report the minimum class size; l-diversity)
 * @example
 * ```ts
 * const meter = new RiskMeter(policy);
 * for (const resource of output) meter.observe(resource);
 * const report = meter.result();
 * ```
 */
export class RiskMeter {
  private readonly qis: readonly QuasiIdentifier[];
  private readonly sensitive: ReadonlyMap<string, readonly SensitiveAttribute[]>;
  private readonly classes = new Map<string, number>();
  private readonly sizes: number[] = [];
  private readonly diversity: Set<string>[] = [];
  private readonly patientClass = new Map<string, number>();
  private readonly pending = new Map<string, string[]>();
  private records = 0;

  constructor(private readonly policy: RiskPolicy) {
    const resolved = resolveQuasiIdentifiers(policy.kAnonymity.quasiIdentifiers);
    if (!resolved.ok) throw new DeidError('policy', resolved.messages.join('; '));
    this.qis = resolved.value;
    const sensitive = new Map<string, SensitiveAttribute[]>();
    for (const name of policy.lDiversity?.sensitiveAttributes ?? []) {
      const parsed = parseElementPath(name);
      if (!parsed.ok)
        throw new DeidError('policy', `lDiversity.sensitiveAttributes: ${parsed.message}`);
      const list = sensitive.get(parsed.path.resourceType) ?? [];
      list.push({ name, path: parsed.path });
      sensitive.set(parsed.path.resourceType, list);
    }
    this.sensitive = sensitive;
  }

  /**
   * The equivalence class key of a de-identified Patient (the quasi-identifier values joined).
   *
   * @example
   * ```ts
   * meter.classKey(patient); // '1970\u001fLS1\u001ffemale\u001f...'
   * ```
   */
  classKey(patient: JsonObject): string {
    return this.qis.map((qi) => quasiIdentifierValue(patient, qi)).join('\u001f');
  }

  /**
   * Counts one de-identified resource: a Patient joins its class; a resource holding a
   * sensitive attribute adds its values to its patient's class.
   *
   * @example
   * ```ts
   * meter.observe(JSON.parse(line));
   * ```
   */
  observe(resource: unknown): void {
    if (!isRecord(resource)) return;
    const type = resource['resourceType'];
    if (type === 'Patient') {
      this.records += 1;
      const key = this.classKey(resource);
      let index = this.classes.get(key);
      if (index === undefined) {
        index = this.sizes.length;
        this.classes.set(key, index);
        this.sizes.push(0);
        this.diversity.push(new Set());
      }
      this.sizes[index] = (this.sizes[index] ?? 0) + 1;
      const id = resource['id'];
      if (this.sensitive.size > 0 && typeof id === 'string') {
        this.patientClass.set(id, index);
        const waiting = this.pending.get(id);
        if (waiting !== undefined) {
          for (const value of waiting) this.addValue(index, value);
          this.pending.delete(id);
        }
      }
      return;
    }
    if (typeof type !== 'string') return;
    const attributes = this.sensitive.get(type);
    if (attributes === undefined) return;
    const values: string[] = [];
    for (const attribute of attributes) {
      for (const value of valuesAt(resource, attribute.path)) {
        values.push(`${attribute.name}=${canonicalValue(value)}`);
      }
    }
    if (values.length === 0) return;
    for (const reference of patientReferencesOf(resource)) {
      if (!isRecord(reference) || typeof reference['reference'] !== 'string') continue;
      const key = referenceKey(reference['reference']);
      if (key?.type !== 'Patient') continue;
      const id = key.key.slice('Patient/'.length);
      const index = this.patientClass.get(id);
      if (index !== undefined) {
        for (const value of values) this.addValue(index, value);
      } else {
        const waiting = this.pending.get(id) ?? [];
        for (const value of values) {
          if (waiting.length < MAX_DISTINCT && !waiting.includes(value)) waiting.push(value);
        }
        this.pending.set(id, waiting);
      }
    }
  }

  private addValue(index: number, value: string): void {
    const set = this.diversity[index];
    if (set !== undefined && set.size < MAX_DISTINCT) set.add(value);
  }

  /**
   * The measures so far.
   *
   * @example
   * ```ts
   * const { ok, kAnonymity } = meter.result();
   * ```
   */
  result(): RiskReport {
    const threshold = this.policy.kAnonymity.k;
    const sizes = [...this.sizes].sort((a, b) => a - b);
    const below = sizes.filter((size) => size < threshold);
    const kAnonymity: KAnonymityResult = {
      threshold,
      k: sizes[0] ?? null,
      classes: sizes.length,
      smallestClasses: sizes.slice(0, SMALLEST),
      classesBelowThreshold: below.length,
      recordsBelowThreshold: below.reduce((sum, size) => sum + size, 0),
      ok: below.length === 0,
    };
    const l = this.policy.lDiversity;
    let lDiversity: LDiversityResult | undefined;
    if (l !== undefined) {
      const counts = this.diversity
        .map((set) => set.size)
        .filter((size) => size > 0)
        .sort((a, b) => a - b);
      const lBelow = counts.filter((size) => size < l.l).length;
      lDiversity = {
        threshold: l.l,
        sensitiveAttributes: l.sensitiveAttributes,
        l: counts[0] ?? null,
        classesMeasured: counts.length,
        smallestDiversity: counts.slice(0, SMALLEST),
        classesBelowThreshold: lBelow,
        ok: lBelow === 0,
      };
    }
    return {
      records: this.records,
      quasiIdentifiers: this.qis.map((qi) => qi.name),
      kAnonymity,
      ...(lDiversity === undefined ? {} : { lDiversity }),
      ok: kAnonymity.ok && (lDiversity?.ok ?? true),
    };
  }
}

/**
 * Measures k-anonymity and l-diversity over de-identified resources (an extract already made,
 * or one being checked by a conformance test).
 *
 * @example
 * ```ts
 * const report = measureRisk(resources, blueprint.anonymisationPolicy!);
 * if (!report.ok) console.error(report.kAnonymity.smallestClasses);
 * ```
 */
export function measureRisk(resources: Iterable<unknown>, policy: RiskPolicy): RiskReport {
  const meter = new RiskMeter(policy);
  for (const resource of resources) meter.observe(resource);
  return meter.result();
}

/**
 * Measures k-anonymity and l-diversity over an NDJSON extract held in memory; lines that are not
 * JSON are skipped. For files use `measureRiskFile` from `@lhcr/deid/node`.
 *
 * @example
 * ```ts
 * const report = measureRiskNdjson(extractText, policy);
 * report.kAnonymity.k; // e.g. 3
 * ```
 */
export function measureRiskNdjson(text: string, policy: RiskPolicy): RiskReport {
  const meter = new RiskMeter(policy);
  const lines = new LineSplitter(Number.MAX_SAFE_INTEGER, '<ndjson>');
  const onLine = (line: { text: string }): void => {
    if (line.text.trim() === '') return;
    try {
      meter.observe(JSON.parse(line.text));
    } catch {
      // Not JSON: not a record to measure.
    }
  };
  lines.push(text, onLine);
  lines.end(onLine);
  return meter.result();
}
