import { existsSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBlueprintIssue } from '@lhcr/blueprint';
import { DeidError } from '@lhcr/deid';
import type { DeidPolicy, DeidReport, PostcodeLookup } from '@lhcr/deid';
import {
  deidentifyFile,
  loadDeidPolicy,
  loadPostcodeLookup,
  readPseudonymKey,
} from '@lhcr/deid/node';
import type { LoadedDeidPolicy } from '@lhcr/deid/node';
import type { OptOutPolicy } from '@lhcr/optout';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';
import { count, loadSetup, requestFromOptions, today } from '../optout/shared';

/**
 * The options of `lhcr deid`, as commander parses them.
 *
 * @example
 * ```ts
 * const options: DeidCommandOptions = { policy: '@lhcr/blueprint-core', output: 'extract.ndjson', keyFile: 'deid.key', register: [], suppress: true, format: 'text' };
 * ```
 */
export interface DeidCommandOptions {
  readonly policy: string;
  readonly output: string;
  readonly keyFile?: string;
  readonly project?: string;
  readonly extractDate?: string;
  readonly register: readonly string[];
  readonly asOf?: string;
  readonly ndopComplete?: boolean;
  readonly purpose?: string;
  readonly basis?: string;
  readonly origin?: string;
  readonly optoutPolicy?: string;
  readonly postcodeLookup?: string;
  readonly suppress: boolean;
  readonly validate?: boolean;
  readonly report?: string;
  readonly format: 'text' | 'json';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Loads the policy from the current directory or, for a package not installed there, from where lhcr is. */
async function loadPolicy(ref: string): Promise<LoadedDeidPolicy> {
  const loaded = await loadDeidPolicy(ref, { from: process.cwd() });
  const script = process.argv[1];
  if (loaded.ok || !loaded.notFound || script === undefined || !existsSync(script)) return loaded;
  return loadDeidPolicy(ref, { from: dirname(realpathSync(script)) });
}

/**
 * Renders a de-identification report as text: what was asked, the opt-out outcome, what was
 * removed and generalised, suppression, and the measured risk (class sizes only).
 *
 * @example
 * ```ts
 * io.stdout(renderDeidReport(report, true));
 * ```
 */
export function renderDeidReport(report: DeidReport, written: boolean): string {
  const { counts, risk, suppression } = report;
  const k = risk.kAnonymity;
  const lines = [
    `policy ${report.policy.id}; project ${report.project === '' ? '(none)' : report.project}; key fingerprint ${report.keyFingerprint}; extract date ${report.extractDate}; pseudonyms ${report.formatVersion}`,
    `opt-outs (${report.optOut.policy.id} ${report.optOut.policy.version}): ${count(report.optOut.counts.kept)} kept, ${count(report.optOut.counts.removed)} removed; by rule: ${Object.entries(
      report.optOut.byRule,
    )
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, value]) => `${rule} ${count(value.count)}`)
      .join(', ')}`,
    `read ${count(counts.read)}, written ${count(counts.written)}, opted out ${count(counts.optedOut)}, suppressed ${count(counts.suppressed)}, invalid ${count(counts.invalid)}, not FHIR R4 ${count(counts.unknownType)}, failed validation ${count(counts.invalidOutput)}`,
    `suppression: ${
      suppression.enabled
        ? `${suppression.strategy}, k ${String(suppression.k)}; rare values dropped ${Object.entries(
            suppression.rareValues,
          )
            .map(([qi, n]) => `${qi} ${count(n)}`)
            .join(
              ', ',
            )}; patients generalised ${count(suppression.patientsGeneralised)}, suppressed ${count(suppression.patientsSuppressed)}`
        : 'off (measured only)'
    }`,
    `k-anonymity over ${risk.quasiIdentifiers.join(', ')}: k = ${k.k === null ? 'n/a (no Patient records)' : String(k.k)} (threshold ${String(k.threshold)}) over ${count(risk.records)} patients in ${count(k.classes)} classes; smallest class sizes ${k.smallestClasses.join(', ') || 'none'} ${k.ok ? '✓' : '✗'}`,
  ];
  const l = risk.lDiversity;
  if (l !== undefined) {
    lines.push(
      `l-diversity of ${l.sensitiveAttributes.join(', ')}: l = ${l.l === null ? 'n/a' : String(l.l)} (threshold ${String(l.threshold)}) over ${count(l.classesMeasured)} classes; least diverse ${l.smallestDiversity.join(', ') || 'none'} ${l.ok ? '✓' : '✗'}`,
    );
  }
  for (const warning of report.policyWarnings)
    lines.push(`policy warning: ${warning.path}: ${warning.diagnostics}`);
  for (const issue of report.issues.slice(0, 20)) {
    lines.push(
      `  ${issue.severity} ${issue.code}${issue.source === undefined ? '' : ` ${issue.source}`}${issue.line === undefined ? '' : `:${String(issue.line)}`}${issue.expression === undefined ? '' : ` ${issue.expression}`}: ${issue.diagnostics}`,
    );
  }
  if (report.issues.length > 20)
    lines.push(`  ... ${count(report.issues.length - 20)} more issues`);
  lines.push(written ? 'extract written' : 'extract NOT written');
  return `${lines.join('\n')}\n`;
}

/**
 * The body of `lhcr deid`: loads the policy (file or blueprint), the key (file or
 * `LHCR_DEID_KEY`), the opt-out registers and the postcode lookup, runs `deidentifyFile` from
 * `@lhcr/deid/node`, prints the report, and exits 0 when the extract was written, 1 when the
 * measured risk is above the policy's thresholds (or input or output was invalid; nothing is
 * written), 2 for usage, key and policy errors.
 *
 * @example
 * ```ts
 * // lhcr deid export.ndjson --policy @lhcr/blueprint-core --key-file deid.key -o extract.ndjson
 * await runDeid(['export.ndjson'], options, context);
 * ```
 */
export async function runDeid(
  inputs: readonly string[],
  options: DeidCommandOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const extractDate = options.extractDate ?? today();
  if (!ISO_DATE.test(extractDate)) {
    context.usageError(`--extract-date expects YYYY-MM-DD; found ${JSON.stringify(extractDate)}`);
  }
  for (const input of inputs) {
    if (!existsSync(input)) context.usageError(`no such input file: ${input}`);
  }
  const loaded = await loadPolicy(options.policy);
  if (!loaded.ok) {
    context.io.stderr(
      `lhcr: error: the anonymisation policy ${options.policy} could not be loaded:\n`,
    );
    for (const issue of loaded.issues.filter((item) => item.severity === 'error').slice(0, 50)) {
      context.io.stderr(`  ${formatBlueprintIssue(issue)}\n`);
    }
    return EXIT.usage;
  }
  const policy: DeidPolicy = loaded.policy;
  context.log(
    'info',
    `anonymisation policy ${policy.id} from ${loaded.source.kind === 'blueprint' ? `blueprint ${loaded.source.id} ${loaded.source.version}` : loaded.source.file}`,
  );
  try {
    const { key, warnings } = await readPseudonymKey({
      ...(options.keyFile === undefined ? {} : { file: options.keyFile }),
      env: context.io.env,
      minimumBytes: policy.pseudonymisation.key.minimumBytes,
    });
    for (const warning of warnings) context.log('warn', warning);
    const request = requestFromOptions(
      {
        purpose: options.purpose ?? 'planning',
        identifiability: 'pseudonymised',
        date: extractDate,
        register: options.register,
        format: options.format,
        ...(options.basis === undefined ? {} : { basis: options.basis }),
        ...(options.origin === undefined ? {} : { origin: options.origin }),
      },
      context,
    );
    const setup = await loadSetup(
      {
        purpose: options.purpose ?? 'planning',
        register: options.register,
        format: options.format,
        ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
        ...(options.ndopComplete === true ? { ndopComplete: true } : {}),
        ...(options.optoutPolicy === undefined ? {} : { policy: options.optoutPolicy }),
      },
      context,
    );
    if ('exit' in setup) return setup.exit;
    const optOutPolicy: OptOutPolicy =
      options.optoutPolicy === undefined && loaded.optOutPolicy !== undefined
        ? loaded.optOutPolicy
        : setup.policy;
    if (Object.keys(setup.registers).length === 0) {
      context.log(
        'warn',
        'no opt-out registers given (--register): patients whose opt-out state is unknown are left out for secondary use',
      );
    }
    let postcodeLookup: PostcodeLookup | undefined;
    if (options.postcodeLookup !== undefined) {
      const lookup = await loadPostcodeLookup(options.postcodeLookup);
      if (lookup.skipped > 0) {
        context.log(
          'warn',
          `${options.postcodeLookup}: ${count(lookup.skipped)} rows skipped (lines ${lookup.skippedLines.slice(0, 10).join(', ')}${lookup.skipped > 10 ? ', ...' : ''})`,
        );
      }
      postcodeLookup = lookup.lookup;
    }
    const { report, written } = await deidentifyFile(inputs, options.output, {
      policy,
      key,
      extractDate,
      optOut: { request, registers: setup.registers, policy: optOutPolicy },
      ...(options.project === undefined ? {} : { project: options.project }),
      ...(postcodeLookup === undefined ? {} : { postcodeLookup }),
      suppress: options.suppress,
      validate: options.validate === true,
      onProgress: (progress) => {
        if (progress.done || progress.lines % 500_000 === 0) {
          context.log(
            'info',
            `${progress.pass} pass: ${count(progress.lines)} lines${progress.done ? ' (done)' : ''}, ${count(progress.written)} resources written`,
          );
        }
      },
    });
    context.io.stdout(
      options.format === 'json'
        ? `${JSON.stringify({ ...report, written }, null, 2)}\n`
        : renderDeidReport(report, written),
    );
    if (options.report !== undefined) {
      await writeFile(options.report, `${JSON.stringify({ ...report, written }, null, 2)}\n`);
    }
    if (!report.ok) {
      const k = report.risk.kAnonymity;
      const reasons = [
        ...(k.ok
          ? []
          : [
              `k = ${String(k.k)} is below the policy's ${String(k.threshold)} (smallest classes ${k.smallestClasses.join(', ')})`,
            ]),
        ...(report.risk.lDiversity?.ok === false
          ? [
              `l = ${String(report.risk.lDiversity.l)} is below the policy's ${String(report.risk.lDiversity.threshold)}`,
            ]
          : []),
        ...(report.counts.invalid > 0
          ? [`${count(report.counts.invalid)} input lines are not FHIR resources`]
          : []),
        ...(report.counts.invalidOutput > 0
          ? [`${count(report.counts.invalidOutput)} output resources failed validation`]
          : []),
      ];
      context.io.stderr(
        `lhcr: extract ${written ? 'written, but it' : 'not written:'} ${reasons.join('; ')}\n`,
      );
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DeidError && error.code !== 'internal') {
      context.io.stderr(`lhcr: error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
