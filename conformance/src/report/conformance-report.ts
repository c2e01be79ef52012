import type { Blueprint, RequirementLevel } from '@lhcr/blueprint';
import { maskNhsNumbers, redactPatientData, redactSearchUrl } from '@lhcr/client';
import type { CheckResult, ResourceIssue } from '../engine/conformance-test';
import type { Outcome, OutcomeCounts } from '../engine/outcome';
import { OUTCOME_MEANINGS, countOutcomes, rollUpOutcomes } from '../engine/outcome';
import type { RecordedExchange } from '../engine/recorded-exchange';
import type { GroupResult, SuiteRun, TestResult } from '../engine/run-suite';
import type { RequirementCoverage } from '../coverage';

/**
 * The `$schema` of every report: the JSON Schema published with this package
 * (`@lhcr/conformance/schema/conformance-report.schema.json`).
 *
 * @example
 * ```ts
 * report.$schema === CONFORMANCE_REPORT_SCHEMA_ID; // true
 * ```
 */
export const CONFORMANCE_REPORT_SCHEMA_ID =
  'https://lhcr.github.io/schema/conformance-report/v1.schema.json';

/**
 * One exchange as it appears in a report: credentials always redacted; patient data (names,
 * addresses, birth dates, identifier values, NHS numbers, search values that identify a person)
 * redacted unless the run kept bodies.
 *
 * @example
 * ```ts
 * const first: ReportExchange | undefined = report.tests[0]?.exchanges[0];
 * ```
 */
export interface ReportExchange extends RecordedExchange {
  readonly testId: string;
  readonly requirementIds: readonly string[];
}

/**
 * One test in a report.
 *
 * @example
 * ```ts
 * const failed = report.tests.filter((test: ReportTest) => test.outcome === 'fail' && test.level === 'MUST');
 * ```
 */
export interface ReportTest {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly group: string;
  readonly requirementIds: readonly string[];
  /** `null` for a setup test, which verifies no requirement. */
  readonly level: RequirementLevel | null;
  readonly category: string | null;
  readonly inputs?: string;
  readonly preconditions: readonly string[];
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly checks: readonly CheckResult[];
  readonly issues: readonly ResourceIssue[];
  readonly startedAt?: string;
  readonly durationMs: number;
  readonly exchanges: readonly ReportExchange[];
}

/**
 * A requirement's result: the roll-up of its tests, or `untestable` / `not-covered`.
 *
 * @example
 * ```ts
 * const row: ReportRequirement = { id: 'LHCR-SEC-01', level: 'MUST', category: 'security', title: 'Every request authenticated', outcome: 'pass', tests: ['security.no-token'] };
 * ```
 */
export interface ReportRequirement {
  readonly id: string;
  readonly level: RequirementLevel;
  readonly category: string;
  readonly title: string;
  readonly outcome: Outcome | 'untestable' | 'not-covered' | 'not-run';
  readonly tests: readonly string[];
  readonly reason?: string;
}

/**
 * Outcome counts overall, by requirement level and by category.
 *
 * @example
 * ```ts
 * report.summary.byLevel.MUST.fail; // 0
 * ```
 */
export interface ReportSummary {
  readonly tests: OutcomeCounts;
  readonly byLevel: Readonly<Record<RequirementLevel | 'setup', OutcomeCounts>>;
  readonly byCategory: readonly {
    readonly id: string;
    readonly title: string;
    readonly counts: OutcomeCounts;
  }[];
}

/**
 * The settings a run used, recorded in its report.
 *
 * @example
 * ```ts
 * const settings: ReportSettings = { fixtures: 'preloaded', concurrency: 4, timeoutMs: 10000, only: [], skip: [], includeBodies: false };
 * ```
 */
export interface ReportSettings {
  readonly fixtures: 'load' | 'preloaded' | 'none';
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly includeBodies: boolean;
  /** Set when the target was the bundled reference region. */
  readonly referenceRegion?: { readonly defects: readonly string[] };
  /** The report formats written (set by the CLI). */
  readonly reports?: readonly string[];
}

/**
 * The evidence pack of a conformance run, as written to `conformance-report.json`: what was run
 * (tool, packages, blueprint, validator, terminology, settings), against what, every test with its
 * checks and redacted exchanges, and a result per requirement. Described by the JSON Schema
 * published with this package.
 *
 * @example
 * ```ts
 * const report: ConformanceReport = await runConformance(options);
 * console.log(report.verdict, report.summary.byLevel.MUST);
 * ```
 */
export interface ConformanceReport {
  readonly $schema: string;
  readonly reportVersion: 1;
  readonly tool: {
    readonly name: string;
    readonly version: string;
    readonly node: string;
    readonly platform: string;
  };
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  readonly blueprint: {
    readonly id: string;
    readonly version: string;
    readonly title: string;
    readonly status: string;
    readonly canonical: string;
    readonly packageName?: string;
    readonly fhirVersion: string;
    readonly fhirPackages: readonly { readonly id: string; readonly version: string }[];
  };
  readonly validator: {
    readonly name: string;
    readonly version: string;
    readonly profiles: readonly string[];
    readonly validated: boolean;
  };
  readonly terminology: { readonly mode: 'local'; readonly server: null; readonly note: string };
  readonly target: {
    readonly baseUrl: string;
    readonly tokenUrl?: string;
    readonly clientId?: string;
    readonly software?: { readonly name?: string; readonly version?: string };
    readonly fhirVersion?: string;
  };
  readonly suite: { readonly id: string; readonly title: string; readonly version: string };
  readonly settings: ReportSettings;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** The roll-up of the MUST tests: `pass` (or `omit`) means conformant. */
  readonly verdict: Outcome;
  readonly summary: ReportSummary;
  readonly groups: readonly GroupResult[];
  readonly tests: readonly ReportTest[];
  readonly requirements: readonly ReportRequirement[];
  readonly coverage: {
    readonly total: number;
    readonly tested: number;
    readonly untestable: number;
    readonly notCovered: number;
  };
  readonly outcomeMeanings: typeof OUTCOME_MEANINGS;
}

/** Largest body kept in a report, as JSON characters. */
const MAX_BODY_CHARS = 256 * 1024;
const MAX_BODY_CHARS_WITH_BODIES = 4 * 1024 * 1024;

function bounded(body: unknown, limit: number): unknown {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text.length <= limit) return body;
  return { truncated: true, characters: text.length };
}

function isFormBody(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
}

function redactForm(body: string): string {
  return body
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=[redacted]`;
    })
    .join('&');
}

function maskHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      name === 'location' || name === 'content-location'
        ? redactSearchUrl(value)
        : maskNhsNumbers(value),
    ]),
  );
}

/**
 * An exchange fit for a report: with `includeBodies` false, URLs have person-identifying search
 * values replaced, form bodies every value replaced, JSON bodies patient data removed and NHS
 * numbers masked everywhere; bodies are capped in size either way. Credentials were redacted
 * when the exchange was recorded.
 *
 * @example
 * ```ts
 * const safe = redactRecordedExchange(exchange, false);
 * ```
 */
export function redactRecordedExchange(
  exchange: RecordedExchange,
  includeBodies: boolean,
): RecordedExchange {
  const limit = includeBodies ? MAX_BODY_CHARS_WITH_BODIES : MAX_BODY_CHARS;
  if (includeBodies) {
    return {
      ...exchange,
      requestBody: bounded(exchange.requestBody, limit),
      responseBody: bounded(exchange.responseBody, limit),
    };
  }
  const responseHeaders = maskHeaders(exchange.responseHeaders);
  return {
    ...exchange,
    url: redactSearchUrl(exchange.url),
    requestHeaders: maskHeaders(exchange.requestHeaders) ?? {},
    requestBody: bounded(
      typeof exchange.requestBody === 'string' && isFormBody(exchange.requestHeaders)
        ? redactForm(exchange.requestBody)
        : redactPatientData(exchange.requestBody),
      limit,
    ),
    responseHeaders,
    responseBody: bounded(redactPatientData(exchange.responseBody), limit),
    error:
      exchange.error === undefined
        ? undefined
        : { code: exchange.error.code, message: maskNhsNumbers(exchange.error.message) },
  };
}

/**
 * What {@link buildConformanceReport} needs besides the run: the blueprint and its coverage,
 * the settings, and the versions and target to record.
 *
 * @example
 * ```ts
 * const context: ReportContext = { blueprint, coverage: requirementCoverage(blueprint, suite), settings, tool, packages, validator, target };
 * ```
 */
export interface ReportContext {
  readonly blueprint: Blueprint;
  readonly coverage: readonly RequirementCoverage[];
  readonly settings: ReportSettings;
  readonly tool: ConformanceReport['tool'];
  readonly packages: ConformanceReport['packages'];
  readonly validator: ConformanceReport['validator'];
  readonly target: ConformanceReport['target'];
}

function reportTest(result: TestResult, includeBodies: boolean): ReportTest {
  const text = (value: string): string => (includeBodies ? value : maskNhsNumbers(value));
  return {
    id: result.id,
    title: result.title,
    ...(result.description === undefined ? {} : { description: result.description }),
    group: result.groupId,
    requirementIds: result.requirements,
    level: result.level ?? null,
    category: result.category ?? null,
    ...(result.inputs === undefined ? {} : { inputs: result.inputs }),
    preconditions: result.preconditions,
    outcome: result.outcome,
    ...(result.reason === undefined ? {} : { reason: text(result.reason) }),
    checks: result.checks.map((check) => ({ status: check.status, message: text(check.message) })),
    issues: result.issues.map((issue) => ({ ...issue, diagnostics: text(issue.diagnostics) })),
    ...(result.startedAt === undefined ? {} : { startedAt: result.startedAt }),
    durationMs: result.durationMs,
    exchanges: result.exchanges.map((exchange) => ({
      ...redactRecordedExchange(exchange, includeBodies),
      testId: result.id,
      requirementIds: result.requirements,
    })),
  };
}

/**
 * The roll-up of a run's MUST tests: the run's verdict. `pass` or `omit` means every MUST
 * requirement that was tested passed.
 *
 * @example
 * ```ts
 * runVerdict(run.results); // 'fail' when a MUST test failed
 * ```
 */
export function runVerdict(
  results: readonly {
    readonly level: RequirementLevel | undefined | null;
    readonly outcome: Outcome;
  }[],
): Outcome {
  return rollUpOutcomes(
    results.filter((result) => result.level === 'MUST').map((result) => result.outcome),
  );
}

/**
 * The exit code for a report: 0 when every MUST test passed (or was not applicable), 1 when a
 * MUST test failed or was not demonstrated, 3 when the tester could not run a MUST test
 * (`error`). Usage and configuration errors (2) never get this far.
 *
 * @example
 * ```ts
 * process.exitCode = conformanceExitCode(report);
 * ```
 */
export function conformanceExitCode(report: Pick<ConformanceReport, 'verdict'>): 0 | 1 | 3 {
  switch (report.verdict) {
    case 'pass':
    case 'omit':
      return 0;
    case 'fail':
    case 'skip':
      return 1;
    case 'error':
      return 3;
  }
}

/**
 * Builds the evidence pack from a finished run.
 *
 * @example
 * ```ts
 * const report = buildConformanceReport(run, { blueprint, coverage, settings, tool, packages, validator, target });
 * ```
 */
export function buildConformanceReport(run: SuiteRun, context: ReportContext): ConformanceReport {
  const { blueprint, settings } = context;
  const tests = run.results.map((result) => reportTest(result, settings.includeBodies));
  const byLevel = {
    MUST: countOutcomes(run.results.filter((r) => r.level === 'MUST').map((r) => r.outcome)),
    SHOULD: countOutcomes(run.results.filter((r) => r.level === 'SHOULD').map((r) => r.outcome)),
    MAY: countOutcomes(run.results.filter((r) => r.level === 'MAY').map((r) => r.outcome)),
    setup: countOutcomes(run.results.filter((r) => r.level === undefined).map((r) => r.outcome)),
  };
  const byCategory = blueprint.categories.map((category) => ({
    id: category.id,
    title: category.title,
    counts: countOutcomes(
      run.results.filter((r) => r.category === category.id).map((r) => r.outcome),
    ),
  }));
  const requirements: ReportRequirement[] = context.coverage.map((row) => {
    const ran = run.results.filter((result) => result.requirements.includes(row.id));
    const outcome: ReportRequirement['outcome'] =
      row.status === 'untestable'
        ? 'untestable'
        : row.status === 'not-covered'
          ? 'not-covered'
          : ran.length === 0
            ? 'not-run'
            : rollUpOutcomes(ran.map((result) => result.outcome));
    return {
      id: row.id,
      level: row.level,
      category: row.category,
      title: row.title,
      outcome,
      tests: row.tests,
      ...(row.reason === undefined ? {} : { reason: row.reason }),
    };
  });
  return {
    $schema: CONFORMANCE_REPORT_SCHEMA_ID,
    reportVersion: 1,
    tool: context.tool,
    packages: context.packages,
    blueprint: {
      id: blueprint.id,
      version: blueprint.version,
      title: blueprint.title,
      status: blueprint.status,
      canonical: blueprint.canonical,
      ...(blueprint.packageName === undefined ? {} : { packageName: blueprint.packageName }),
      fhirVersion: blueprint.fhirVersion,
      fhirPackages: blueprint.dependencies.map((dependency) => ({
        id: dependency.id,
        version: dependency.version,
      })),
    },
    validator: context.validator,
    terminology: {
      mode: 'local',
      server: null,
      note: 'Codes are checked against the code systems and value sets in the FHIR packages above; codes from external systems (SNOMED CT, dm+d, LOINC) are not verified, since no terminology server was used.',
    },
    target: context.target,
    suite: run.suite,
    settings,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.durationMs,
    verdict: runVerdict(run.results),
    summary: { tests: countOutcomes(run.results.map((r) => r.outcome)), byLevel, byCategory },
    groups: run.groups,
    tests,
    requirements,
    coverage: {
      total: requirements.length,
      tested: context.coverage.filter((row) => row.status === 'tested').length,
      untestable: context.coverage.filter((row) => row.status === 'untestable').length,
      notCovered: context.coverage.filter((row) => row.status === 'not-covered').length,
    },
    outcomeMeanings: OUTCOME_MEANINGS,
  };
}
