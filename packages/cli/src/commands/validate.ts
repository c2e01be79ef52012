import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  createTerminologyClient,
  createValidator,
  DEFAULT_LIMITS,
  isFhirPackageError,
  toOperationOutcome,
  validateNdjson,
} from '@lhcr/validator';
import type { ValidationIssue, ValidationResult, Validator } from '@lhcr/validator';
import { loadDefinitions } from '@lhcr/validator/node';
import { EXIT } from '../exit-codes';
import type { ExitCode } from '../exit-codes';
import type { CommandContext } from '../internal/command-context';

/**
 * The options of `lhcr validate`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: ValidateCommandOptions = { format: 'json', package: ['fhir.r4.ukcore.stu2#2.0.0'], unverifiedCodes: true };
 * ```
 */
export interface ValidateCommandOptions {
  readonly format: 'text' | 'json';
  readonly package?: readonly string[];
  readonly profile?: readonly string[];
  readonly mustSupport?: boolean;
  readonly ndjson?: boolean;
  /** False with `--no-unverified-codes`. */
  readonly unverifiedCodes: boolean;
  /** A FHIR terminology server's base URL, for the codes that cannot be checked locally. */
  readonly tx?: string;
}

/**
 * One entry of `lhcr validate --format json` (stdout is a JSON array of these): `source` is the
 * path as given, with `:line` for NDJSON lines; `valid` is true when no issue is an error or
 * fatal; `outcome` is the FHIR OperationOutcome.
 *
 * @example
 * ```ts
 * const entry: ValidateJsonEntry = { source: 'export/Patient.ndjson:12', valid: false, outcome };
 * ```
 */
export interface ValidateJsonEntry {
  readonly source: string;
  readonly valid: boolean;
  readonly outcome: ValidationResult['outcome'];
}

/** An input to validate: a JSON file, an NDJSON file, or standard input. */
interface Input {
  readonly source: string;
  readonly path: string | undefined;
  readonly ndjson: boolean;
}

const PROGRESS_EVERY_MS = 2000;

/**
 * Runs `lhcr validate`: resolves the inputs, loads the FHIR packages, validates each resource
 * and prints the results (text grouped by source, or the JSON array contract). NDJSON streams
 * line by line in constant memory, with progress on stderr for long runs.
 *
 * @example
 * ```ts
 * const code = await runValidate(['patient.json'], { format: 'text', unverifiedCodes: true }, context);
 * ```
 */
export async function runValidate(
  inputs: readonly string[],
  options: ValidateCommandOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const resolved = resolveInputs(inputs, options, context);
  if (!Array.isArray(resolved)) return resolved;

  let validator: Validator;
  try {
    const { definitions, warnings, compiledCode } = await loadDefinitions(options.package ?? [], {
      env: context.io.env,
    });
    for (const warning of warnings) context.log('warn', warning.message);
    const tx = options.tx ?? context.io.env.LHCR_TX_SERVER;
    validator = createValidator({
      definitions,
      ...(compiledCode === undefined ? {} : { compiledCode }),
      profiles: options.profile ?? [],
      mustSupport: options.mustSupport === true,
      reportUnverifiedCodes: options.unverifiedCodes,
      ...(tx === undefined || tx === ''
        ? {}
        : { terminology: createTerminologyClient({ baseUrl: tx }) }),
    });
  } catch (error) {
    if (isFhirPackageError(error)) {
      context.io.stderr(`${context.colour.red('error:')} ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }

  const report = options.format === 'json' ? jsonReport(context) : textReport(context);
  let ioFailed = false;
  for (const input of resolved) {
    try {
      if (input.ndjson) await validateStream(input, validator, report, context);
      else report.add(input.source, await validateWhole(input, validator, context));
    } catch (error) {
      ioFailed = true;
      context.io.stderr(
        `${context.colour.red('error:')} cannot read ${input.source}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  const invalid = report.finish();
  if (ioFailed) return EXIT.usage;
  return invalid ? EXIT.failed : EXIT.ok;
}

function resolveInputs(
  inputs: readonly string[],
  options: ValidateCommandOptions,
  context: CommandContext,
): Input[] | ExitCode {
  const out: Input[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push({ source: '-', path: undefined, ndjson: options.ndjson === true });
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch {
      context.io.stderr(`${context.colour.red('error:')} no such file or folder: ${input}\n`);
      return EXIT.usage;
    }
    if (!isDirectory) {
      out.push({ source: input, path: input, ndjson: input.endsWith('.ndjson') });
      continue;
    }
    const files = listFiles(input);
    if (files.length === 0) context.log('warn', `${input} holds no .json or .ndjson files`);
    for (const file of files) {
      const source = join(input, relative(input, file));
      out.push({ source, path: file, ndjson: file.endsWith('.ndjson') });
    }
  }
  return out;
}

/** The .json and .ndjson files below a folder, in a stable order (symbolic links not followed). */
function listFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && /\.(json|ndjson)$/.test(entry.name)) out.push(path);
  }
  return out;
}

async function validateWhole(
  input: Input,
  validator: Validator,
  context: CommandContext,
): Promise<ValidationResult> {
  const limit = DEFAULT_LIMITS.maxBytes;
  // Read as bytes: the validator checks they are UTF-8, where decoding here would silently turn
  // any other encoding into replacement characters.
  let text: Uint8Array;
  if (input.path !== undefined) {
    if (statSync(input.path).size > limit) return tooLarge(limit);
    text = readFileSync(input.path);
  } else {
    const parts: Uint8Array[] = [];
    let size = 0;
    const stdin: AsyncIterable<Uint8Array | string> = context.io.stdin ?? process.stdin;
    for await (const chunk of stdin) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += part.length;
      if (size > limit) return tooLarge(limit);
      parts.push(part);
    }
    text = Buffer.concat(parts);
  }
  return validator.validateTextAsync(text);
}

function tooLarge(limit: number): ValidationResult {
  const issue: ValidationIssue = {
    severity: 'fatal',
    code: 'too-costly',
    expression: '',
    diagnostics: `The input is larger than the limit of ${String(limit)} bytes; give large exports as NDJSON`,
  };
  return { ok: false, issues: [issue], outcome: toOperationOutcome([issue]) };
}

async function validateStream(
  input: Input,
  validator: Validator,
  report: Report,
  context: CommandContext,
): Promise<void> {
  const chunks =
    input.path === undefined ? (context.io.stdin ?? process.stdin) : createReadStream(input.path);
  const started = Date.now();
  let lastProgress = started;
  let lines = 0;
  const results = validateNdjson(chunks, validator, DEFAULT_LIMITS, { terminology: true });
  for await (const { line, result } of results) {
    report.add(`${input.source}:${String(line)}`, result);
    lines++;
    const now = Date.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      const rate = Math.round(lines / ((now - started) / 1000));
      const text = `validating ${input.source}: ${lines.toLocaleString('en-GB')} resources (${rate.toLocaleString('en-GB')}/s)`;
      if (context.io.stderrIsTTY === true) context.io.stderr(`\r${text}`);
      else context.io.stderr(`lhcr: ${text}\n`);
    }
  }
  if (lastProgress !== started && context.io.stderrIsTTY === true) context.io.stderr('\n');
}

/** Collects and prints results; `finish` says whether any resource was invalid. */
interface Report {
  add(source: string, result: ValidationResult): void;
  finish(): boolean;
}

function jsonReport(context: CommandContext): Report {
  let count = 0;
  let invalid = false;
  context.io.stdout('[');
  return {
    add(source, result) {
      const entry: ValidateJsonEntry = { source, valid: result.ok, outcome: result.outcome };
      context.io.stdout(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(entry)}`);
      count++;
      invalid ||= !result.ok;
    },
    finish() {
      context.io.stdout(count === 0 ? ']\n' : '\n]\n');
      return invalid;
    },
  };
}

function textReport(context: CommandContext): Report {
  const { colour } = context;
  const totals = { resources: 0, valid: 0, error: 0, warning: 0, information: 0 };
  return {
    add(source, result) {
      totals.resources++;
      if (result.ok) totals.valid++;
      const shown = result.issues.filter((i) => i.severity !== 'information');
      for (const issue of result.issues) {
        if (issue.severity === 'fatal' || issue.severity === 'error') totals.error++;
        else totals[issue.severity]++;
      }
      const errors = result.issues.filter(
        (i) => i.severity === 'error' || i.severity === 'fatal',
      ).length;
      const warnings = result.issues.filter((i) => i.severity === 'warning').length;
      const counts = [plural(errors, 'error'), plural(warnings, 'warning')].filter((c) => c !== '');
      const mark = result.ok ? colour.green('✓') : colour.red('✗');
      context.io.stdout(
        `${mark} ${source}${counts.length > 0 ? `  ${colour.dim(counts.join(', '))}` : ''}\n`,
      );
      for (const issue of shown) context.io.stdout(`    ${formatIssue(issue, context)}\n`);
    },
    finish() {
      const invalid = totals.resources - totals.valid;
      const summary = [
        `${plural(totals.resources, 'resource') || '0 resources'} checked: ${String(totals.valid)} valid, ${String(invalid)} invalid`,
        [
          plural(totals.error, 'error'),
          plural(totals.warning, 'warning'),
          plural(totals.information, 'information note'),
        ]
          .filter((c) => c !== '')
          .join(', '),
      ]
        .filter((c) => c !== '')
        .join('; ');
      context.io.stdout(`${invalid > 0 ? colour.red(summary) : colour.green(summary)}\n`);
      return invalid > 0;
    },
  };
}

function formatIssue(issue: ValidationIssue, context: CommandContext): string {
  const { colour } = context;
  const severity =
    issue.severity === 'warning' ? colour.yellow('warning') : colour.red(issue.severity.padEnd(7));
  const where = issue.expression === '' ? '' : `${colour.bold(issue.expression)} `;
  const at =
    issue.line === undefined
      ? ''
      : colour.dim(`(${String(issue.line)}:${String(issue.column ?? 1)}) `);
  return `${severity} ${where}${at}${issue.diagnostics}`;
}

function plural(count: number, noun: string): string {
  if (count === 0) return '';
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}
