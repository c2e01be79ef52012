import type { ConformanceTest } from '../../../engine/conformance-test';

const SCANS = new WeakSet<ConformanceTest>();

/**
 * Marks a test that looks at everything the run has seen (every resource returned, every
 * exchange): the suite runs it after every test that is not itself a scan.
 */
export function scan(test: ConformanceTest): ConformanceTest {
  SCANS.add(test);
  return test;
}

/** Whether a test was marked with {@link scan}. */
export function isScan(test: ConformanceTest): boolean {
  return SCANS.has(test);
}
