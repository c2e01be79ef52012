import type { OptOutAuditSummary } from '@lhcr/optout';
import type { DeidPolicyIssue } from '../policy/deid-policy';
import type { RiskReport } from '../risk/risk-meter';

/**
 * A problem with one input line or output resource, located by line number (and, for output
 * validation, the FHIRPath of the element). It never holds resource content, names or NHS
 * numbers.
 *
 * @example
 * ```ts
 * const issue: DeidIssue = { severity: 'error', code: 'invalid-input', source: 'export.ndjson', line: 17, diagnostics: 'line is not JSON' };
 * ```
 */
export interface DeidIssue {
  readonly severity: 'error' | 'warning';
  readonly code: 'invalid-input' | 'invalid-output' | 'unknown-resource';
  readonly source?: string;
  readonly line?: number;
  readonly expression?: string;
  readonly diagnostics: string;
}

/**
 * The report of a de-identification run: what was asked (policy, project, key fingerprint,
 * extract date), the opt-out audit summary from `@lhcr/optout`, counts of records read, removed
 * and written, what was removed and generalised, the suppression applied for k-anonymity, the
 * risk measured on the output, and issues by line number. It holds no identifiers, no
 * quasi-identifier values and no key material.
 *
 * `ok` is false when the measured risk is above the policy's thresholds (k or l too small), an
 * input line could not be read, or an output resource failed validation.
 *
 * @example
 * ```ts
 * const { report } = deidentifyNdjson(text, options);
 * if (!report.ok) console.error(report.risk.kAnonymity.smallestClasses);
 * ```
 */
export interface DeidReport {
  readonly formatVersion: string;
  readonly policy: { readonly id: string; readonly title: string };
  readonly project: string;
  readonly keyFingerprint: string;
  readonly extractDate: string;
  readonly pseudonymSystem: string;
  readonly optOut: OptOutAuditSummary;
  readonly counts: {
    /** Resources read (Bundles count as one). */
    readonly read: number;
    readonly written: number;
    /** Removed by the opt-out decision (national data opt-out, Type 1, restricted data). */
    readonly optedOut: number;
    /** Left out because their patient's equivalence class was smaller than k. */
    readonly suppressed: number;
    readonly invalid: number;
    readonly blank: number;
    /** Not FHIR R4 resource types. */
    readonly unknownType: number;
    /** Left out because they failed validation. */
    readonly invalidOutput: number;
  };
  readonly byResourceType: Readonly<
    Record<string, { readonly read: number; readonly written: number }>
  >;
  /** Elements removed, generalised, masked or pseudonymised, by category. */
  readonly elements: Readonly<Record<string, number>>;
  readonly suppression: {
    readonly enabled: boolean;
    readonly strategy: 'generalise-then-suppress' | 'suppress';
    readonly k: number;
    /** Rare values dropped, by quasi-identifier (distinct values). */
    readonly rareValues: Readonly<Record<string, number>>;
    /** Patients whose rare values were dropped. */
    readonly patientsGeneralised: number;
    readonly patientsSuppressed: number;
  };
  readonly risk: RiskReport;
  readonly policyWarnings: readonly DeidPolicyIssue[];
  readonly issues: readonly DeidIssue[];
  readonly ok: boolean;
}

/**
 * Progress of a run, reported every 100,000 lines and at the end of each pass.
 *
 * @example
 * ```ts
 * const onProgress = (progress: DeidProgress) => console.error(`${progress.pass}: ${progress.lines} lines`);
 * ```
 */
export interface DeidProgress {
  readonly pass: 'index' | 'link' | 'write';
  readonly lines: number;
  readonly written: number;
  readonly done: boolean;
}
