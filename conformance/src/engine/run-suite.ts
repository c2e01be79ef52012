import { REQUIREMENT_LEVELS } from '@lhcr/blueprint';
import type { Blueprint, RequirementLevel } from '@lhcr/blueprint';
import { isLhcrClientError } from '@lhcr/client';
import type { ConformanceTarget } from '../target/target';
import type {
  CheckResult,
  ConformanceSuite,
  ConformanceTest,
  FixtureMode,
  ResourceIssue,
} from './conformance-test';
import { ConformanceError, isConformanceError } from './errors';
import type { Outcome } from './outcome';
import { rollUpOutcomes } from './outcome';
import type { RecordedExchange } from './recorded-exchange';
import { RunSession, createTestContext } from './run-session';
import type { ResourceValidator, TestRecord } from './run-session';
import { isOutcomeSignal } from './signals';

/**
 * The result of one test: its outcome with the reason, its checks, the validation issues it
 * found and every HTTP exchange it made.
 *
 * @example
 * ```ts
 * const failed = run.results.filter((result: TestResult) => result.outcome === 'fail');
 * ```
 */
export interface TestResult {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly groupId: string;
  readonly requirements: readonly string[];
  /** The strongest level of its requirements in the blueprint; `undefined` for setup tests, which verify none. */
  readonly level: RequirementLevel | undefined;
  /** The blueprint category of its first requirement. */
  readonly category: string | undefined;
  readonly inputs: string | undefined;
  readonly preconditions: readonly string[];
  readonly outcome: Outcome;
  /** Why it failed, was not demonstrated, was not applicable or could not run. */
  readonly reason: string | undefined;
  readonly checks: readonly CheckResult[];
  readonly issues: readonly ResourceIssue[];
  readonly exchanges: readonly RecordedExchange[];
  /** When it started (ISO 8601); `undefined` when it never started. */
  readonly startedAt: string | undefined;
  readonly durationMs: number;
}

/**
 * A group's roll-up.
 *
 * @example
 * ```ts
 * const group: GroupResult = { id: 'security', title: 'Security', description: undefined, outcome: 'pass', testIds: ['security.no-token'] };
 * ```
 */
export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly outcome: Outcome;
  readonly testIds: readonly string[];
}

/**
 * A finished suite run: the results in the suite's order (whatever order the tests finished in).
 *
 * @example
 * ```ts
 * const run: SuiteRun = await runSuite(suite, options);
 * run.results.map((result) => `${result.id} ${result.outcome}`);
 * ```
 */
export interface SuiteRun {
  readonly suite: { readonly id: string; readonly title: string; readonly version: string };
  readonly groups: readonly GroupResult[];
  readonly results: readonly TestResult[];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** How many tests the suite has, and which were selected. */
  readonly selection: {
    readonly only: readonly string[];
    readonly skip: readonly string[];
    readonly total: number;
    readonly selected: number;
  };
}

/**
 * Live progress of a run, in the order things happen.
 *
 * @example
 * ```ts
 * const onProgress = (event: ProgressEvent): void => {
 *   if (event.type === 'test-end') process.stderr.write(`${event.done}/${event.total} ${event.result.id}\n`);
 * };
 * ```
 */
export type ProgressEvent =
  | { readonly type: 'run-start'; readonly total: number; readonly concurrency: number }
  | { readonly type: 'test-start'; readonly id: string; readonly title: string }
  | {
      readonly type: 'test-end';
      readonly result: TestResult;
      readonly done: number;
      readonly total: number;
    };

/**
 * Options of {@link runSuite}.
 *
 * @example
 * ```ts
 * const options: RunSuiteOptions = { blueprint, target: { baseUrl }, concurrency: 4, timeoutMs: 10_000 };
 * ```
 */
export interface RunSuiteOptions {
  readonly blueprint: Blueprint;
  readonly target: ConformanceTarget;
  /** Default `load`. */
  readonly fixtures?: FixtureMode;
  /** Tests run at once; 1 to 64, default 4. */
  readonly concurrency?: number;
  /** Per-request timeout in ms; 100 to 600000, default 10000. */
  readonly timeoutMs?: number;
  /** The longest one test may take, in ms; default 20 × `timeoutMs`, at least 60 s. */
  readonly testTimeoutMs?: number;
  /** Test ids, group ids, requirement ids or `*` patterns of test ids; default every test. */
  readonly only?: readonly string[];
  /** The same kinds of pattern, left out. */
  readonly skip?: readonly string[];
  /** Validates returned resources; without it, validation tests are not demonstrated. */
  readonly validator?: ResourceValidator;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Stops the run: tests not started end as `error`. */
  readonly signal?: AbortSignal;
  /** The clock (ms since the epoch), for assertions and token expiry. */
  readonly now?: () => number;
}

interface PlannedTest {
  readonly test: ConformanceTest;
  readonly groupId: string;
  readonly level: RequirementLevel | undefined;
  readonly category: string | undefined;
  readonly missingRequirements: readonly string[];
  readonly dependsOn: readonly string[];
}

function wholeNumber(
  value: number | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConformanceError(
      'config',
      `${name} must be a whole number from ${String(min)} to ${String(max)}; found ${String(value)}`,
    );
  }
  return value;
}

function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConformanceError(
      'config',
      `the target must be an absolute http(s) URL; found "${baseUrl}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConformanceError(
      'config',
      `the target must be an http or https URL; found ${url.protocol}`,
    );
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConformanceError(
      'config',
      'the target URL must not have a query, fragment or credentials',
    );
  }
  return url.href.replace(/\/+$/, '');
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function matches(pattern: string, test: ConformanceTest, groupId: string): boolean {
  if (pattern === test.id || pattern === groupId || test.requirements.includes(pattern)) {
    return true;
  }
  return pattern.includes('*') && globToRegExp(pattern).test(test.id);
}

/** Checks the suite and works out the order, the levels and the selection. */
function plan(
  suite: ConformanceSuite,
  blueprint: Blueprint,
  only: readonly string[],
  skip: readonly string[],
): { planned: PlannedTest[]; selected: Set<string>; all: PlannedTest[] } {
  const requirements = new Map(blueprint.requirements.map((r) => [r.id, r]));
  const ids = new Set<string>();
  const producer = new Map<string, string>();
  const groupTests = new Map<string, string[]>();
  const flat: { test: ConformanceTest; groupId: string }[] = [];
  for (const group of suite.groups) {
    groupTests.set(
      group.id,
      group.tests.map((test) => test.id),
    );
    for (const test of group.tests) {
      if (ids.has(test.id)) throw new ConformanceError('suite', `two tests have the id ${test.id}`);
      ids.add(test.id);
      for (const fact of test.provides ?? []) {
        const other = producer.get(fact.id);
        if (other !== undefined) {
          throw new ConformanceError(
            'suite',
            `tests ${other} and ${test.id} both provide "${fact.id}"`,
          );
        }
        producer.set(fact.id, test.id);
      }
      flat.push({ test, groupId: group.id });
    }
  }
  const all: PlannedTest[] = flat.map(({ test, groupId }) => {
    const known = test.requirements
      .map((id) => requirements.get(id))
      .filter((r) => r !== undefined);
    const level =
      test.requirements.length === 0
        ? undefined
        : (REQUIREMENT_LEVELS.find((candidate) => known.some((r) => r.level === candidate)) ??
          'MAY');
    const dependsOn = new Set<string>();
    for (const fact of test.needs ?? []) {
      const from = producer.get(fact.id);
      if (from === undefined) {
        throw new ConformanceError(
          'suite',
          `test ${test.id} needs "${fact.id}", which no test provides`,
        );
      }
      if (from !== test.id) dependsOn.add(from);
    }
    for (const after of test.after ?? []) {
      const members = groupTests.get(after) ?? (ids.has(after) ? [after] : undefined);
      if (members === undefined) {
        throw new ConformanceError(
          'suite',
          `test ${test.id} runs after "${after}", which is no test or group`,
        );
      }
      for (const member of members) if (member !== test.id) dependsOn.add(member);
    }
    return {
      test,
      groupId,
      level,
      category: known[0]?.category,
      missingRequirements: test.requirements.filter((id) => !requirements.has(id)),
      dependsOn: [...dependsOn],
    };
  });
  // Refuse cycles (a depth-first walk with colours).
  const byId = new Map(all.map((planned) => [planned.test.id, planned]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: readonly string[]): void => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      throw new ConformanceError(
        'suite',
        `the tests depend on each other in a cycle: ${[...path, id].join(' → ')}`,
      );
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency, [...path, id]);
    state.set(id, 'done');
  };
  for (const planned of all) visit(planned.test.id, []);

  for (const [option, patterns] of [
    ['--only', only],
    ['--skip', skip],
  ] as const) {
    for (const pattern of patterns) {
      if (!flat.some(({ test, groupId }) => matches(pattern, test, groupId))) {
        throw new ConformanceError(
          'config',
          `${option} ${pattern} matches no test, group or requirement`,
        );
      }
    }
  }
  const chosen = new Set(
    flat
      .filter(
        ({ test, groupId }) => only.length === 0 || only.some((p) => matches(p, test, groupId)),
      )
      .filter(({ test, groupId }) => !skip.some((p) => matches(p, test, groupId)))
      .map(({ test }) => test.id),
  );
  const explicitlySkipped = new Set(
    flat
      .filter(({ test, groupId }) => skip.some((p) => matches(p, test, groupId)))
      .map(({ test }) => test.id),
  );
  // The tests that provide what chosen tests need run too, unless they were skipped by name.
  const selected = new Set<string>();
  const include = (id: string): void => {
    if (selected.has(id)) return;
    selected.add(id);
    const planned = byId.get(id);
    for (const fact of planned?.test.needs ?? []) {
      const from = producer.get(fact.id);
      if (from !== undefined && !explicitlySkipped.has(from)) include(from);
    }
  };
  for (const id of chosen) include(id);
  return { planned: all.filter((p) => selected.has(p.test.id)), selected, all };
}

function summarise(checks: readonly CheckResult[]): string | undefined {
  const failed = checks.filter((check) => check.status === 'fail');
  const first = failed[0];
  if (first === undefined) return undefined;
  return failed.length === 1
    ? first.message
    : `${first.message} (and ${String(failed.length - 1)} more failed check${failed.length > 2 ? 's' : ''})`;
}

/** The outcome and reason of a test that threw. */
function classify(thrown: unknown): { outcome: Outcome; reason: string } {
  if (isOutcomeSignal(thrown)) return { outcome: thrown.outcome, reason: thrown.reason };
  if (isLhcrClientError(thrown)) {
    switch (thrown.code) {
      case 'network':
        return { outcome: 'error', reason: `the server could not be reached: ${thrown.message}` };
      case 'timeout':
        return { outcome: 'error', reason: `the server did not answer in time: ${thrown.message}` };
      case 'aborted':
        return { outcome: 'error', reason: `the request was stopped: ${thrown.message}` };
      case 'http-status':
      case 'invalid-response':
      case 'limit-exceeded':
        return { outcome: 'fail', reason: thrown.message };
      case 'auth':
        return { outcome: 'skip', reason: `no access token: ${thrown.message}` };
      case 'config':
      case 'invalid-argument':
      case 'internal':
        return { outcome: 'error', reason: `the tester failed: ${thrown.message}` };
    }
  }
  if (isConformanceError(thrown)) {
    return { outcome: 'error', reason: `the tester failed (${thrown.code}): ${thrown.message}` };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { outcome: 'error', reason: `the tester failed: ${message}` };
}

/**
 * Runs a suite against a target: independent tests in parallel (up to `concurrency`), each test
 * after the tests whose facts it needs, every request under the per-request timeout and every test
 * under its deadline. Never throws for anything the server does: unreachable, slow, closing or
 * garbage-answering servers give `error` or `fail` results with a reason. Results come back in
 * the suite's order, whatever order the tests finished in.
 *
 * @throws {ConformanceError} `config` for unusable options, `suite` for an inconsistent suite.
 * @example
 * ```ts
 * const run = await runSuite(coreSuite(blueprint), {
 *   blueprint,
 *   target: { baseUrl: 'http://127.0.0.1:8080/fhir', credentials },
 *   concurrency: 4,
 * });
 * ```
 */
export async function runSuite(
  suite: ConformanceSuite,
  options: RunSuiteOptions,
): Promise<SuiteRun> {
  const concurrency = wholeNumber(options.concurrency, 'concurrency', 1, 64, 4);
  const timeoutMs = wholeNumber(options.timeoutMs, 'timeout', 100, 600_000, 10_000);
  const testTimeoutMs = wholeNumber(
    options.testTimeoutMs,
    'test timeout',
    100,
    24 * 3_600_000,
    Math.max(60_000, 20 * timeoutMs),
  );
  const baseUrl = checkBaseUrl(options.target.baseUrl);
  const only = options.only ?? [];
  const skip = options.skip ?? [];
  const { planned, selected, all } = plan(suite, options.blueprint, only, skip);
  const now = options.now ?? Date.now;
  const session = new RunSession({
    blueprint: options.blueprint,
    target: options.target,
    baseUrl,
    fixtures: options.fixtures ?? 'load',
    timeoutMs,
    validator: options.validator,
    now,
  });
  const started = performance.now();
  const startedAt = new Date(now()).toISOString();
  const results = new Map<string, TestResult>();
  const total = planned.length;
  options.onProgress?.({ type: 'run-start', total, concurrency });

  const finish = (result: TestResult): void => {
    results.set(result.id, result);
    options.onProgress?.({ type: 'test-end', result, done: results.size, total });
  };
  const base = (
    p: PlannedTest,
  ): Omit<
    TestResult,
    'outcome' | 'reason' | 'checks' | 'issues' | 'exchanges' | 'startedAt' | 'durationMs'
  > => ({
    id: p.test.id,
    title: p.test.title,
    description: p.test.description,
    groupId: p.groupId,
    requirements: p.test.requirements,
    level: p.level,
    category: p.category,
    inputs: p.test.inputs,
    preconditions: p.test.preconditions ?? [],
  });
  const notRun = (p: PlannedTest, outcome: Outcome, reason: string): TestResult => ({
    ...base(p),
    outcome,
    reason,
    checks: [],
    issues: [],
    exchanges: [],
    startedAt: undefined,
    durationMs: 0,
  });

  const runOne = async (p: PlannedTest): Promise<TestResult> => {
    if (
      p.test.requirements.length > 0 &&
      p.missingRequirements.length === p.test.requirements.length
    ) {
      return notRun(
        p,
        'omit',
        `the blueprint ${options.blueprint.id} has no requirement ${p.missingRequirements.join(', ')}`,
      );
    }
    for (const fact of p.test.needs ?? []) {
      if (session.facts.has(fact.id)) continue;
      const from = all.find((candidate) =>
        (candidate.test.provides ?? []).some((f) => f.id === fact.id),
      );
      const upstream = from === undefined ? undefined : results.get(from.test.id);
      const why =
        upstream === undefined
          ? `${from?.test.id ?? 'its provider'} was not run${from !== undefined && !selected.has(from.test.id) ? ' (left out with --skip)' : ''}`
          : upstream.outcome === 'pass' || upstream.outcome === 'fail'
            ? `${upstream.id} ended ${upstream.outcome} without it`
            : `${upstream.id} ended ${upstream.outcome}${upstream.reason === undefined ? '' : `: ${upstream.reason}`}`;
      return notRun(p, 'skip', `${fact.description} is missing (${why})`);
    }
    if (options.signal?.aborted === true)
      return notRun(p, 'error', 'the run was stopped before this test started');
    options.onProgress?.({ type: 'test-start', id: p.test.id, title: p.test.title });
    const record: TestRecord = { checks: [], issues: [], exchanges: [], sealed: false };
    const controller = new AbortController();
    const context = createTestContext(
      session,
      {
        id: p.test.id,
        requirements: p.test.requirements,
        level: p.level,
        needs: new Set((p.test.needs ?? []).map((fact) => fact.id)),
        provides: new Set((p.test.provides ?? []).map((fact) => fact.id)),
      },
      record,
      controller.signal,
    );
    const testStarted = performance.now();
    const testStartedAt = new Date(now()).toISOString();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => {
        resolve('deadline');
      }, testTimeoutMs);
    });
    const stop = (): void => {
      controller.abort();
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    let outcome: Outcome;
    let reason: string | undefined;
    try {
      // A test that runs past its deadline may still fail later: that must not go unhandled.
      const running = Promise.resolve()
        .then(() => p.test.run(context))
        .then(() => 'done' as const);
      running.catch(() => undefined);
      const settled = await Promise.race([running, deadline]);
      if (settled === 'deadline') {
        outcome = 'error';
        reason = `the test did not finish within ${String(testTimeoutMs)} ms`;
      } else {
        const failed = summarise(record.checks);
        const decided = record.checks.some(
          (check) => check.status === 'pass' || check.status === 'fail',
        );
        outcome = failed !== undefined ? 'fail' : decided ? 'pass' : 'error';
        reason =
          failed ??
          (decided ? undefined : 'the tester failed: the test recorded no pass or fail check');
      }
    } catch (thrown) {
      const classified = classify(thrown);
      const failed = summarise(record.checks);
      if (
        failed !== undefined &&
        (classified.outcome === 'skip' || classified.outcome === 'omit')
      ) {
        outcome = 'fail';
        reason = failed;
      } else {
        outcome = classified.outcome;
        reason = classified.outcome === 'fail' && failed !== undefined ? failed : classified.reason;
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      controller.abort();
      record.sealed = true;
    }
    session.absorb(p.test.id, record.exchanges);
    return {
      ...base(p),
      outcome,
      reason,
      checks: record.checks,
      issues: record.issues,
      exchanges: record.exchanges,
      startedAt: testStartedAt,
      durationMs: Math.round(performance.now() - testStarted),
    };
  };

  // Start ready tests in suite order, at most `concurrency` at a time.
  const pending = [...planned];
  const running = new Map<string, Promise<void>>();
  const dependenciesDone = (p: PlannedTest): boolean =>
    p.dependsOn.every((id) => !selected.has(id) || results.has(id));
  while (pending.length > 0 || running.size > 0) {
    let launched = false;
    for (let index = 0; index < pending.length && running.size < concurrency;) {
      const next = pending[index];
      if (next === undefined || !dependenciesDone(next)) {
        index += 1;
        continue;
      }
      pending.splice(index, 1);
      launched = true;
      const id = next.test.id;
      running.set(
        id,
        runOne(next).then(
          (result) => {
            running.delete(id);
            finish(result);
          },
          (thrown: unknown) => {
            running.delete(id);
            finish(notRun(next, 'error', classify(thrown).reason));
          },
        ),
      );
    }
    if (running.size === 0) {
      if (!launched && pending.length > 0) {
        throw new ConformanceError('internal', 'the scheduler found no test it could start');
      }
      continue;
    }
    await Promise.race(running.values());
  }

  const ordered = planned.map((p) => results.get(p.test.id)).filter((r) => r !== undefined);
  const groups: GroupResult[] = suite.groups
    .map((group) => {
      const members = ordered.filter((result) => result.groupId === group.id);
      return {
        id: group.id,
        title: group.title,
        description: group.description,
        outcome: rollUpOutcomes(members.map((result) => result.outcome)),
        testIds: members.map((result) => result.id),
      };
    })
    .filter((group) => group.testIds.length > 0);
  return {
    suite: { id: suite.id, title: suite.title, version: suite.version },
    groups,
    results: ordered,
    startedAt,
    finishedAt: new Date(now()).toISOString(),
    durationMs: Math.round(performance.now() - started),
    selection: { only: [...only], skip: [...skip], total: all.length, selected: planned.length },
  };
}
