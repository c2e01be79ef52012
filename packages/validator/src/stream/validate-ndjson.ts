import type { ValidationLimits } from '../limits';
import { toOperationOutcome } from '../outcome/issue';
import type { ValidationIssue } from '../outcome/issue';
import type { ValidationResult, Validator } from '../validator';
import { readLines } from './read-lines';

/** The result for one line of an NDJSON input. */
export interface NdjsonLineResult {
  /** The 1-based line number. */
  readonly line: number;
  readonly result: ValidationResult;
}

/**
 * Validates NDJSON (one resource per line, as FHIR Bulk Data exports write it) from a stream of
 * chunks, in constant memory: one line is held at a time, and a line over `limits.maxBytes`
 * gives a fatal issue without being buffered, as does a line that is not UTF-8; the lines after
 * either are still validated. Blank lines are skipped. Issues carry the column
 * within their line; the line is the result's `line`.
 *
 * @see https://hl7.org/fhir/uv/bulkdata/
 * @example
 * ```ts
 * for await (const { line, result } of validateNdjson(createReadStream('Patient.ndjson'), validator, DEFAULT_LIMITS)) {
 *   if (!result.ok) console.log(`line ${line}: ${result.issues.length} issues`);
 * }
 * ```
 */
export async function* validateNdjson(
  chunks: AsyncIterable<Uint8Array | string>,
  validator: Validator,
  limits: ValidationLimits,
  options: { readonly terminology?: boolean } = {},
): AsyncGenerator<NdjsonLineResult> {
  for await (const item of readLines(chunks, limits.maxBytes)) {
    if (item.tooLong === true) {
      yield fatal(
        item.line,
        'too-costly',
        `The line is longer than the limit of ${String(limits.maxBytes)} bytes; raise maxBytes to validate it`,
      );
      continue;
    }
    if (item.notUtf8 !== undefined) {
      yield fatal(item.line, 'structure', item.notUtf8.diagnostics, item.notUtf8.column);
      continue;
    }
    if (item.text.trim() === '') continue;
    const result =
      options.terminology === true
        ? await validator.validateTextAsync(item.text)
        : validator.validateText(item.text);
    yield { line: item.line, result };
  }
}

function fatal(
  line: number,
  code: ValidationIssue['code'],
  diagnostics: string,
  column = 1,
): NdjsonLineResult {
  const issue: ValidationIssue = {
    severity: 'fatal',
    code,
    expression: '',
    diagnostics,
    line: 1,
    column,
  };
  return { line, result: { ok: false, issues: [issue], outcome: toOperationOutcome([issue]) } };
}
