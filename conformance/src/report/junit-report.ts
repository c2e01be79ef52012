import type { ConformanceReport, ReportTest } from './conformance-report';

/** Characters XML 1.0 cannot hold are dropped; the rest are escaped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- dropping the characters XML cannot hold is the point
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function property(name: string, value: string): string {
  return `<property name="${xml(name)}" value="${xml(value)}"/>`;
}

function testcase(test: ReportTest, indent: string): string {
  const lines: string[] = [];
  lines.push(
    `${indent}<testcase classname="${xml(test.group)}" name="${xml(test.id)}" time="${seconds(test.durationMs)}">`,
  );
  lines.push(`${indent}  <properties>`);
  for (const id of test.requirementIds) lines.push(`${indent}    ${property('requirement', id)}`);
  lines.push(`${indent}    ${property('level', test.level ?? 'setup')}`);
  if (test.category !== null) lines.push(`${indent}    ${property('category', test.category)}`);
  lines.push(`${indent}    ${property('outcome', test.outcome)}`);
  lines.push(`${indent}    ${property('title', test.title)}`);
  lines.push(`${indent}  </properties>`);
  const failedChecks = test.checks
    .filter((check) => check.status === 'fail')
    .map((check) => check.message);
  const reason = test.reason ?? '';
  switch (test.outcome) {
    case 'fail':
      lines.push(
        `${indent}  <failure message="${xml(reason)}" type="${xml(test.level ?? 'setup')}">${xml(failedChecks.join('\n'))}</failure>`,
      );
      break;
    case 'error':
      lines.push(`${indent}  <error message="${xml(reason)}" type="error">${xml(reason)}</error>`);
      break;
    case 'skip':
      lines.push(`${indent}  <skipped message="${xml(`not demonstrated: ${reason}`)}"/>`);
      break;
    case 'omit':
      lines.push(`${indent}  <skipped message="${xml(`not applicable: ${reason}`)}"/>`);
      break;
    case 'pass':
      break;
  }
  const out = test.checks.map((check) => `[${check.status}] ${check.message}`).join('\n');
  if (out !== '') lines.push(`${indent}  <system-out>${xml(out)}</system-out>`);
  lines.push(`${indent}</testcase>`);
  return lines.join('\n');
}

/**
 * The report as JUnit XML: one `<testsuite>` per group and one `<testcase>` per test, with the
 * requirement ids, level, category and outcome as `<property>` elements. `fail` becomes
 * `<failure>` (with the level as its type: a SHOULD or MAY failure does not fail the run, so
 * CI should go by the exit code), `error` `<error>`, and `skip` (not demonstrated) and `omit`
 * (not applicable) `<skipped>` with the reason.
 *
 * @see https://github.com/testmoapp/junitxml
 * @example
 * ```ts
 * writeFileSync('conformance-junit.xml', renderJunitReport(report));
 * ```
 */
export function renderJunitReport(report: ConformanceReport): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts = report.summary.tests;
  lines.push(
    `<testsuites name="${xml(`lhcr conformance: ${report.blueprint.title} ${report.blueprint.version}`)}" tests="${String(counts.total)}" failures="${String(counts.fail)}" errors="${String(counts.error)}" skipped="${String(counts.skip + counts.omit)}" time="${seconds(report.durationMs)}" timestamp="${xml(report.startedAt)}">`,
  );
  for (const group of report.groups) {
    const tests = report.tests.filter((test) => test.group === group.id);
    const count = (outcome: string): number =>
      tests.filter((test) => test.outcome === outcome).length;
    const time = tests.reduce((sum, test) => sum + test.durationMs, 0);
    lines.push(
      `  <testsuite name="${xml(group.id)}" tests="${String(tests.length)}" failures="${String(count('fail'))}" errors="${String(count('error'))}" skipped="${String(count('skip') + count('omit'))}" time="${seconds(time)}" timestamp="${xml(report.startedAt)}">`,
    );
    lines.push('    <properties>');
    lines.push(`      ${property('title', group.title)}`);
    lines.push(`      ${property('outcome', group.outcome)}`);
    lines.push(`      ${property('target', report.target.baseUrl)}`);
    lines.push(
      `      ${property('blueprint', `${report.blueprint.id}@${report.blueprint.version}`)}`,
    );
    lines.push('    </properties>');
    for (const test of tests) lines.push(testcase(test, '    '));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
