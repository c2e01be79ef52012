import { describe, expect, it } from 'vitest';
import { ukCoreExamples } from './__fixtures__/uk-core';
import { createValidator } from './index';
import { r4CoreDefinitions } from './node';

// Two UK Core examples are wrong by the R4 rules themselves; each is asserted, never skipped:
const KNOWN_WRONG: Record<string, { expression: string; because: string }> = {
  // Both valueCode and valueCodeableConcept in one extension: value[x] takes one form.
  'Extension-UKCore-ConditionEpisode-Example.json': {
    expression: 'Condition.extension[0]',
    because: 'Only one form of value[x]',
  },
  // Relative fullUrls (`Observation/…`): Bundle.entry.fullUrl must be absolute.
  'UKCore-Bundle-NEWS2Observations-Example.json': {
    expression: 'Bundle.entry[0].fullUrl',
    because: 'absolute',
  },
};

describe('UK Core examples against base R4', () => {
  const validator = createValidator({
    definitions: r4CoreDefinitions(),
    reportUnverifiedCodes: false,
  });
  const examples = ukCoreExamples();

  it('has all 215 examples', () => {
    expect(examples).toHaveLength(215);
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s', (file, example) => {
    const errors = validator
      .validate(example.resource)
      .issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
    const wrong = KNOWN_WRONG[file];
    // A known-wrong example must fail exactly as explained; every other must have no error.
    const unexplained = errors
      .filter(
        (e) =>
          wrong === undefined ||
          !(e.expression === wrong.expression && e.diagnostics.includes(wrong.because)),
      )
      .filter((e) => wrong === undefined || e.expression !== wrong.expression);
    const explained =
      wrong === undefined ||
      errors.some(
        (e) => e.expression === wrong.expression && e.diagnostics.includes(wrong.because),
      );
    expect({
      explained,
      unexplained:
        wrong === undefined ? unexplained.map((e) => `${e.expression}: ${e.diagnostics}`) : [],
    }).toEqual({
      explained: true,
      unexplained: [],
    });
  });
});
