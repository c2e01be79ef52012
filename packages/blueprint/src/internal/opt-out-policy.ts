import { parseOptOutPolicy } from '@lhcr/optout';
import type { OptOutPolicy } from '@lhcr/optout';

/** A problem with the opt-out policy, located by line and column. */
export interface PolicyProblem {
  readonly severity: 'error' | 'warning' | 'information';
  readonly diagnostics: string;
  readonly line?: number;
  readonly column?: number;
}

/** What {@link checkOptOutPolicy} found. */
export interface PolicyCheck {
  readonly parsed?: OptOutPolicy;
  readonly issues: readonly PolicyProblem[];
}

/**
 * Checks the blueprint's opt-out policy with `@lhcr/optout`'s own parser, from the file's text
 * so that its issues carry lines and columns. The blueprint does not define a policy format of
 * its own.
 */
export function checkOptOutPolicy(text: string, source: string): PolicyCheck {
  const result = parseOptOutPolicy(text, source);
  const issues = result.issues.map((issue) => ({
    severity: issue.severity,
    diagnostics: `opt-out policy: ${issue.diagnostics}${issue.expression === undefined ? '' : ` (at ${issue.expression})`}`,
    ...(issue.line === undefined ? {} : { line: issue.line }),
    ...(issue.column === undefined ? {} : { column: issue.column }),
  }));
  return result.ok ? { parsed: result.policy, issues } : { issues };
}
