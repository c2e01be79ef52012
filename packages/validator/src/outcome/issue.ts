import type { OperationOutcome, OperationOutcomeIssue } from '@lhcr/models';

/**
 * Issue severities, as in OperationOutcome.issue.severity.
 *
 * @example
 * const severity: IssueSeverity = 'error';
 */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/**
 * The IssueType codes (http://hl7.org/fhir/issue-type) this validator reports.
 *
 * @example
 * const code: IssueCode = 'required';
 */
export type IssueCode =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'too-long'
  | 'too-costly'
  | 'not-found'
  | 'not-supported'
  | 'business-rule'
  | 'informational'
  | 'extension'
  | 'exception'
  | 'processing';

/**
 * One validation finding, in the shape of an OperationOutcome issue: where (`expression` as a
 * FHIRPath location, and `line`/`column` when validating text) and what.
 *
 * @example
 * const issue: ValidationIssue = {
 *   severity: 'error',
 *   code: 'required',
 *   expression: 'Observation.status',
 *   diagnostics: 'Observation.status: minimum required = 1, but only found 0',
 * };
 */
export interface ValidationIssue {
  severity: IssueSeverity;
  code: IssueCode;
  /**
   * FHIRPath location of the element the issue is about (`Patient.identifier[0].value`); empty
   * when the issue is about the text as a whole (malformed JSON).
   */
  expression: string;
  diagnostics: string;
  /** 1-based line and column in the source text, when the input was text. */
  line?: number;
  column?: number;
  /** The invariant key (`ele-1`, `pat-1`) or rule id that found the issue. */
  ruleId?: string;
  /** The paragraph of the specification the rule comes from. */
  specUrl?: string;
}

const LINE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line';
const COLUMN_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col';
const SOURCE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-source';

/**
 * True when any issue is an error or fatal: the resource is invalid.
 *
 * @example
 * hasErrors([{ severity: 'warning', code: 'invariant', expression: 'Patient', diagnostics: 'dom-6' }]); // false
 */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
}

/**
 * The OperationOutcome for a set of issues. An outcome must hold at least one issue, so a clean
 * result carries one `information` issue saying so. Line and column travel in the standard
 * `operationoutcome-issue-line`/`-col` extensions.
 *
 * @example
 * toOperationOutcome([]).issue[0]?.diagnostics; // 'No issues found'
 */
export function toOperationOutcome(issues: readonly ValidationIssue[]): OperationOutcome {
  const outcomeIssues: OperationOutcomeIssue[] = issues.map((issue) => {
    const out: OperationOutcomeIssue = {
      severity: issue.severity,
      code: issue.code,
      diagnostics: issue.diagnostics,
    };
    if (issue.expression !== '') out.expression = [issue.expression];
    const extension = [];
    if (issue.line !== undefined) extension.push({ url: LINE_EXTENSION, valueInteger: issue.line });
    if (issue.column !== undefined) {
      extension.push({ url: COLUMN_EXTENSION, valueInteger: issue.column });
    }
    if (issue.ruleId !== undefined) {
      extension.push({ url: SOURCE_EXTENSION, valueString: issue.ruleId });
    }
    if (extension.length > 0) out.extension = extension;
    return out;
  });
  if (outcomeIssues.length === 0) {
    outcomeIssues.push({
      severity: 'information',
      code: 'informational',
      diagnostics: 'No issues found',
    });
  }
  return { resourceType: 'OperationOutcome', issue: outcomeIssues };
}
