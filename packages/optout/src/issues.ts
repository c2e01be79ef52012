/**
 * The FHIR OperationOutcome issue types `@lhcr/optout` reports (a subset of
 * http://hl7.org/fhir/issue-type).
 *
 * @example
 * ```ts
 * ISSUE_TYPES.includes('duplicate'); // true
 * ```
 */
export const ISSUE_TYPES = [
  'structure',
  'required',
  'value',
  'invariant',
  'duplicate',
  'not-supported',
  'not-found',
  'too-long',
  'processing',
  'informational',
] as const;

/**
 * One of {@link ISSUE_TYPES}.
 *
 * @example
 * ```ts
 * const code: IssueType = 'value';
 * ```
 */
export type IssueType = (typeof ISSUE_TYPES)[number];

/**
 * A problem found in an input (a policy document, a register file, a bulk input), shaped like a
 * FHIR OperationOutcome issue plus where it was found. `diagnostics` never contains NHS numbers
 * or resource bodies.
 *
 * - `expression`: where inside the document (`rules[3].when.purpose[0]`), when it has a structure;
 * - `source`: the file name or label the caller gave;
 * - `line`, `column`: 1-based, when the input was text.
 *
 * @example
 * ```ts
 * const issue: OptOutIssue = {
 *   severity: 'error',
 *   code: 'value',
 *   diagnostics: 'not a valid NHS number (check-digit): the last digit does not match the first nine',
 *   source: 'response.dat',
 *   line: 7,
 * };
 * ```
 */
export interface OptOutIssue {
  readonly severity: 'error' | 'warning' | 'information';
  readonly code: IssueType;
  readonly diagnostics: string;
  readonly expression?: string;
  readonly source?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Formats an issue as `source:line:column: severity: diagnostics (at expression)` for logs.
 *
 * @example
 * ```ts
 * formatIssue({ severity: 'error', code: 'value', diagnostics: 'bad', source: 'a.dat', line: 3 });
 * // 'a.dat:3: error: bad'
 * ```
 */
export function formatIssue(issue: OptOutIssue): string {
  let where = issue.source ?? '';
  if (issue.line !== undefined) {
    where += `${where === '' ? 'line ' : ':'}${String(issue.line)}`;
    if (issue.column !== undefined) where += `:${String(issue.column)}`;
  }
  const at = issue.expression === undefined ? '' : ` (at ${issue.expression})`;
  return `${where === '' ? '' : `${where}: `}${issue.severity}: ${issue.diagnostics}${at}`;
}

/**
 * Whether any issue is an error (warnings and information do not make a result fail).
 *
 * @example
 * ```ts
 * hasErrors([{ severity: 'warning', code: 'value', diagnostics: 'CRLF line ending' }]); // false
 * ```
 */
export function hasErrors(issues: readonly OptOutIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
