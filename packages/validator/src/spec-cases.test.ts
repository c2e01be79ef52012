// Runs the data-driven spec cases in __fixtures__/spec-cases: each file is a JSON array of
// { description, input | inputText, expect: { valid, issues?, exact? } } written from the FHIR R4
// specification. An expected issue matches an actual one with the same severity and expression
// (and code, ruleId and diagnostics text when given). With `exact`, the error and fatal issues
// found must be exactly the expected ones.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createValidator } from './index';
import { r4CoreDefinitions } from './node';
import type { ValidationIssue, ValidationResult } from './index';

interface ExpectedIssue {
  severity: ValidationIssue['severity'];
  expression: string;
  code?: string;
  ruleId?: string;
  diagnosticsIncludes?: string;
  line?: number;
}

interface SpecCase {
  description: string;
  input?: unknown;
  inputText?: string;
  expect: { valid: boolean; issues?: ExpectedIssue[]; exact?: boolean };
}

const folder = new URL('./__fixtures__/spec-cases/', import.meta.url);
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort();
const validator = createValidator({
  reportUnverifiedCodes: false,
  definitions: r4CoreDefinitions(),
});

function matches(actual: ValidationIssue, wanted: ExpectedIssue): boolean {
  return (
    actual.severity === wanted.severity &&
    actual.expression === wanted.expression &&
    (wanted.code === undefined || actual.code === wanted.code) &&
    (wanted.ruleId === undefined || actual.ruleId === wanted.ruleId) &&
    (wanted.line === undefined || actual.line === wanted.line) &&
    (wanted.diagnosticsIncludes === undefined ||
      actual.diagnostics.toLowerCase().includes(wanted.diagnosticsIncludes.toLowerCase()))
  );
}

function summary(result: ValidationResult): string {
  return result.issues
    .map((i) => `${i.severity} ${i.code} ${i.expression} ${i.ruleId ?? ''} ${i.diagnostics}`)
    .join('\n');
}

it('has at least 150 spec cases', () => {
  const count = files.reduce(
    (n, f) => n + (JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as SpecCase[]).length,
    0,
  );
  expect(count).toBeGreaterThanOrEqual(150);
});

/** Everything wrong with a result, as readable lines (none when the case passes). */
function problems(specCase: SpecCase, result: ValidationResult): string[] {
  const out: string[] = [];
  if (result.ok !== specCase.expect.valid)
    out.push(`expected valid=${String(specCase.expect.valid)}`);
  for (const wanted of specCase.expect.issues ?? []) {
    if (!result.issues.some((actual) => matches(actual, wanted))) {
      out.push(`missing ${JSON.stringify(wanted)}`);
    }
  }
  if (specCase.expect.exact === true) {
    for (const actual of result.issues) {
      const counts = actual.severity === 'error' || actual.severity === 'fatal';
      if (counts && !(specCase.expect.issues ?? []).some((w) => matches(actual, w))) {
        out.push(`unexpected ${actual.severity} at ${actual.expression}`);
      }
    }
  }
  if (out.length > 0) out.push(`found:\n${summary(result)}`);
  return out;
}

const suites = files.map((file) => ({
  name: file.replace(/\.json$/, ''),
  cases: JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as SpecCase[],
}));

describe.each(suites)('$name', ({ cases }) => {
  it.each(cases)('$description', (specCase) => {
    const result =
      specCase.inputText === undefined
        ? validator.validate(specCase.input)
        : validator.validateText(specCase.inputText);
    expect(problems(specCase, result)).toEqual([]);
  });
});
