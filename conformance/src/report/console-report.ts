import type { ProgressEvent } from '../engine/run-suite';
import type { Outcome } from '../engine/outcome';
import { OUTCOMES } from '../engine/outcome';
import type { ConformanceReport } from './conformance-report';

/**
 * Options of the console reporters.
 *
 * @example
 * ```ts
 * const options: ConsoleReportOptions = { colour: process.stdout.isTTY === true && !process.env.NO_COLOR };
 * ```
 */
export interface ConsoleReportOptions {
  /** ANSI colour; default false. */
  readonly colour?: boolean;
  /** List passing and not-applicable tests too; default true. */
  readonly showPassing?: boolean;
}

const SYMBOLS: Readonly<Record<Outcome, string>> = {
  pass: '✓',
  fail: '✗',
  skip: '…',
  omit: '-',
  error: '!',
};
const WORDS: Readonly<Record<Outcome, string>> = {
  pass: 'pass',
  fail: 'FAIL',
  skip: 'not demonstrated',
  omit: 'not applicable',
  error: 'ERROR',
};
const CODES: Readonly<Record<Outcome, [number, number]>> = {
  pass: [32, 39],
  fail: [31, 39],
  skip: [33, 39],
  omit: [2, 22],
  error: [35, 39],
};

function paint(enabled: boolean, outcome: Outcome, text: string): string {
  const [open, close] = CODES[outcome];
  return enabled ? `\u001b[${String(open)}m${text}\u001b[${String(close)}m` : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * A progress handler for `runConformance({ onProgress })` that writes one line per finished
 * test (`[ 12/105] ✓ security.no-token 38 ms`) through `write`, for standard error.
 *
 * @example
 * ```ts
 * const onProgress = createConsoleProgress((text) => process.stderr.write(text), { colour: true });
 * await runConformance({ ...options, onProgress });
 * ```
 */
export function createConsoleProgress(
  write: (text: string) => void,
  options: ConsoleReportOptions = {},
): (event: ProgressEvent) => void {
  const colour = options.colour === true;
  let width = 1;
  return (event) => {
    switch (event.type) {
      case 'run-start':
        width = String(event.total).length;
        write(`Running ${String(event.total)} tests, ${String(event.concurrency)} at a time\n`);
        return;
      case 'test-start':
        return;
      case 'test-end': {
        const { result } = event;
        const counter = `[${String(event.done).padStart(width)}/${String(event.total)}]`;
        const reason =
          result.outcome === 'pass' || result.reason === undefined
            ? ''
            : `: ${result.reason.slice(0, 160)}`;
        write(
          `${counter} ${paint(colour, result.outcome, `${SYMBOLS[result.outcome]} ${WORDS[result.outcome]}`)} ${result.id} ${String(result.durationMs)} ms${reason}\n`,
        );
        return;
      }
    }
  };
}

/**
 * The report for a terminal: results grouped as in the suite (failures with their failed
 * checks), a summary by requirement category and by level, the requirement coverage and the
 * verdict.
 *
 * @example
 * ```ts
 * process.stdout.write(renderConsoleReport(report, { colour: true }));
 * ```
 */
export function renderConsoleReport(
  report: ConformanceReport,
  options: ConsoleReportOptions = {},
): string {
  const colour = options.colour === true;
  const showPassing = options.showPassing ?? true;
  const lines: string[] = [];
  lines.push(`${report.blueprint.title} ${report.blueprint.version}: ${report.target.baseUrl}`);
  for (const group of report.groups) {
    const tests = report.tests.filter((test) => test.group === group.id);
    lines.push('');
    lines.push(`${pad(group.title, 40)} ${paint(colour, group.outcome, WORDS[group.outcome])}`);
    for (const test of tests) {
      if (!showPassing && (test.outcome === 'pass' || test.outcome === 'omit')) continue;
      lines.push(
        `  ${paint(colour, test.outcome, SYMBOLS[test.outcome])} ${pad(test.level ?? 'setup', 6)} ${test.id}  ${test.title}`,
      );
      if (test.outcome === 'pass') continue;
      const failed = test.checks
        .filter((check) => check.status === 'fail')
        .map((check) => check.message);
      const details =
        test.outcome === 'fail' && failed.length > 0
          ? failed
          : test.reason === undefined
            ? []
            : [test.reason];
      for (const detail of details.slice(0, 5))
        lines.push(`        ${WORDS[test.outcome]}: ${detail}`);
      if (details.length > 5) lines.push(`        … and ${String(details.length - 5)} more`);
    }
  }
  const header = `${pad('', 24)}${OUTCOMES.map((outcome) => pad(WORDS[outcome], outcome === 'skip' ? 17 : outcome === 'omit' ? 15 : 6)).join('')}`;
  const row = (label: string, counts: Readonly<Record<Outcome, number>>): string =>
    `${pad(label, 24)}${OUTCOMES.map((outcome) => pad(String(counts[outcome]), outcome === 'skip' ? 17 : outcome === 'omit' ? 15 : 6)).join('')}`;
  lines.push('', 'By category', header);
  for (const category of report.summary.byCategory) {
    if (category.counts.total > 0) lines.push(row(category.title, category.counts));
  }
  if (report.summary.byLevel.setup.total > 0)
    lines.push(row('Setup', report.summary.byLevel.setup));
  lines.push('', 'By level', header);
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    if (report.summary.byLevel[level].total > 0)
      lines.push(row(level, report.summary.byLevel[level]));
  }
  lines.push(row('All', report.summary.tests));
  lines.push(
    '',
    `Requirements: ${String(report.coverage.tested)} tested, ${String(report.coverage.untestable)} untestable over the API, ${String(report.coverage.notCovered)} not covered (of ${String(report.coverage.total)})`,
  );
  const verdict =
    report.verdict === 'pass' || report.verdict === 'omit'
      ? 'every MUST test passed'
      : report.verdict === 'fail'
        ? 'a MUST test failed'
        : report.verdict === 'skip'
          ? 'a MUST test was not demonstrated'
          : 'the tester could not run a MUST test';
  lines.push(
    `Verdict: ${paint(colour, report.verdict === 'omit' ? 'pass' : report.verdict, WORDS[report.verdict === 'omit' ? 'pass' : report.verdict])}: ${verdict} (${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  return `${lines.join('\n')}\n`;
}
