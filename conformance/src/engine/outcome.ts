/**
 * Every outcome a conformance test, a group or a whole run can end with, from the strongest to
 * the weakest in the roll-up: `error`, `fail`, `skip`, `pass`, `omit`. The list is closed.
 *
 * @example
 * ```ts
 * OUTCOMES.includes('skip'); // true
 * ```
 */
export const OUTCOMES = ['error', 'fail', 'skip', 'pass', 'omit'] as const;

/**
 * How a test ended:
 *
 * - `pass`: the server did what the requirement asks, shown by the recorded exchanges;
 * - `fail`: the server did something the requirement forbids, or did not do what it asks;
 * - `skip`: not demonstrated: data or a precondition the test needs is missing (fixtures not
 *   loaded, an earlier test that supplies its inputs did not pass), with the reason;
 * - `omit`: not applicable: the feature is optional (SHOULD or MAY) and the server does not
 *   declare it, or the requirement is not part of the blueprint under test;
 * - `error`: the tester could not run the test (the server was unreachable or too slow, or the
 *   tester itself failed), so nothing is known about the requirement.
 *
 * @example
 * ```ts
 * const outcome: Outcome = 'skip';
 * ```
 */
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What each outcome means, in the words the reports and the docs use.
 *
 * @example
 * ```ts
 * OUTCOME_MEANINGS.omit.label; // 'not applicable'
 * ```
 */
export const OUTCOME_MEANINGS: Readonly<
  Record<Outcome, { readonly label: string; readonly meaning: string }>
> = {
  pass: {
    label: 'passed',
    meaning:
      'The server did what the requirement asks; the recorded requests and responses show it.',
  },
  fail: {
    label: 'failed',
    meaning:
      'The server did something the requirement forbids, or did not do what it asks. A failed MUST fails the run; a failed SHOULD or MAY is reported but does not.',
  },
  skip: {
    label: 'not demonstrated',
    meaning:
      'Data or a precondition the test needs is missing (for example the fixtures are not loaded, or an earlier test that supplies its inputs did not pass), so the requirement was not shown either way. The reason is given. A MUST that is not demonstrated fails the run.',
  },
  omit: {
    label: 'not applicable',
    meaning:
      'The feature is optional (SHOULD or MAY) and the server does not declare it, or the requirement is not part of the blueprint under test.',
  },
  error: {
    label: 'error',
    meaning:
      'The tester could not run the test: the server was unreachable, closed the connection or did not answer in time, or the tester itself failed. Nothing is known about the requirement.',
  },
};

const RANK: Readonly<Record<Outcome, number>> = { error: 4, fail: 3, skip: 2, pass: 1, omit: 0 };

/**
 * Whether a value is one of the {@link OUTCOMES}.
 *
 * @example
 * ```ts
 * isOutcome('pass'); // true
 * isOutcome('passed'); // false
 * ```
 */
export function isOutcome(value: unknown): value is Outcome {
  return (OUTCOMES as readonly unknown[]).includes(value);
}

/**
 * The roll-up of several outcomes (a group's tests, a requirement's tests, a run's MUST tests):
 * the strongest of them in the order `error` > `fail` > `skip` > `pass` > `omit`. Nothing to
 * roll up gives `omit`.
 *
 * @example
 * ```ts
 * rollUpOutcomes(['pass', 'skip', 'omit']); // 'skip'
 * rollUpOutcomes(['pass', 'fail', 'error']); // 'error'
 * rollUpOutcomes([]); // 'omit'
 * ```
 */
export function rollUpOutcomes(outcomes: Iterable<Outcome>): Outcome {
  let strongest: Outcome = 'omit';
  for (const outcome of outcomes) {
    if (RANK[outcome] > RANK[strongest]) strongest = outcome;
  }
  return strongest;
}

/**
 * Counts of each outcome.
 *
 * @example
 * ```ts
 * const counts: OutcomeCounts = countOutcomes(['pass', 'pass', 'fail']);
 * counts.pass; // 2
 * ```
 */
export type OutcomeCounts = Record<Outcome, number> & { total: number };

/**
 * Counts outcomes by kind, with the total.
 *
 * @example
 * ```ts
 * countOutcomes(['pass', 'skip']); // { error: 0, fail: 0, skip: 1, pass: 1, omit: 0, total: 2 }
 * ```
 */
export function countOutcomes(outcomes: Iterable<Outcome>): OutcomeCounts {
  const counts: OutcomeCounts = { error: 0, fail: 0, skip: 0, pass: 0, omit: 0, total: 0 };
  for (const outcome of outcomes) {
    counts[outcome] += 1;
    counts.total += 1;
  }
  return counts;
}
