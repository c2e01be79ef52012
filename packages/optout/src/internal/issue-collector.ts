import type { IssueType, OptOutIssue } from '../issues';

/**
 * Collects issues up to a limit per kind, counting the rest, so that a file with a million bad
 * lines yields a bounded report that still says how many there were: nothing is dropped
 * without being counted.
 */
export class IssueCollector {
  private readonly issues: OptOutIssue[] = [];
  private readonly counts = new Map<string, { count: number; issue: OptOutIssue }>();

  constructor(
    private readonly source: string,
    private readonly maxPerKind = 100,
  ) {}

  /** Records an issue; `kind` groups issues for the per-kind limit (e.g. `crlf`). */
  add(
    kind: string,
    severity: OptOutIssue['severity'],
    code: IssueType,
    diagnostics: string,
    line?: number,
  ): void {
    const issue: OptOutIssue = {
      severity,
      code,
      diagnostics,
      source: this.source,
      ...(line === undefined ? {} : { line }),
    };
    const entry = this.counts.get(kind);
    if (entry === undefined) {
      this.counts.set(kind, { count: 1, issue });
      this.issues.push(issue);
      return;
    }
    entry.count += 1;
    if (entry.count <= this.maxPerKind) this.issues.push(issue);
  }

  /** How many issues of `kind` were recorded (listed or not). */
  count(kind: string): number {
    return this.counts.get(kind)?.count ?? 0;
  }

  get hasErrors(): boolean {
    return this.issues.some((issue) => issue.severity === 'error');
  }

  /** The listed issues, plus one summary issue per kind that went past the limit. */
  list(): OptOutIssue[] {
    const summaries: OptOutIssue[] = [];
    for (const { count, issue } of this.counts.values()) {
      if (count > this.maxPerKind) {
        summaries.push({
          severity: issue.severity,
          code: issue.code,
          diagnostics: `${String(count - this.maxPerKind)} more like this not listed (${String(count)} in all): ${issue.diagnostics}`,
          source: this.source,
        });
      }
    }
    return [...this.issues, ...summaries];
  }
}
