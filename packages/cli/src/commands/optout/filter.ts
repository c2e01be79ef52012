import { writeFile } from 'node:fs/promises';
import {
  ILLUSTRATIVE_RESTRICTED_CODE_LISTS,
  OptOutError,
  RESTRICTED_CATEGORIES,
  formatIssue,
} from '@lhcr/optout';
import type { OptOutAuditSummary, RestrictedCategory, RestrictedCodeList } from '@lhcr/optout';
import { filterFile, loadRefsetFile } from '@lhcr/optout/node';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';
import { count, loadSetup, printIssues, requestFromOptions } from './shared';
import type { DecisionOptions } from './shared';

/**
 * The options of `lhcr optout filter`.
 *
 * @example
 * ```ts
 * const options: OptOutFilterCommandOptions = { purpose: 'research', register: [], format: 'text', output: 'out.ndjson' };
 * ```
 */
export interface OptOutFilterCommandOptions extends DecisionOptions {
  readonly output?: string;
  readonly inputFormat?: 'ndjson' | 'bundle' | 'csv' | 'auto';
  readonly nhsNumberColumn?: string;
  readonly patients?: readonly string[];
  readonly restricted?: readonly string[];
  readonly restrictedRefset?: readonly string[];
  readonly restrictedIllustrative?: boolean;
  readonly audit?: string;
  readonly auditNhsNumbers?: boolean;
}

/**
 * Renders the audit summary of a filter run as text (never with NHS numbers, unless the
 * summary holds them because `--audit-nhs-numbers` asked for them).
 *
 * @example
 * ```ts
 * io.stderr(renderSummary(summary));
 * ```
 */
export function renderSummary(summary: OptOutAuditSummary): string {
  const { request, counts } = summary;
  const lines = [
    `policy ${summary.policy.id} ${summary.policy.version}; ${request.purpose} (${request.purposeOfUse}), basis ${request.basis}, ${request.identifiability}, origin ${request.origin}, date ${request.date}`,
    summary.registers.length === 0
      ? 'registers: none'
      : `registers: ${summary.registers.map((register) => `${register.register} ${register.id} (as of ${register.asOf})`).join('; ')}`,
    `read ${count(counts.read)}, kept ${count(counts.kept)}, removed ${count(counts.removed)}, added ${count(counts.added)}, invalid ${count(counts.invalid)}, blank lines ${count(counts.blank)}`,
    'by rule:',
  ];
  const rules = Object.entries(summary.byRule).sort(([a], [b]) => (a < b ? -1 : 1));
  const width = Math.max(0, ...rules.map(([rule]) => rule.length));
  for (const [rule, { effect, count: n }] of rules) {
    lines.push(`  ${rule.padEnd(width)}  ${effect.padEnd(6)}  ${count(n)}`);
  }
  if (summary.restricted) {
    const { withheld } = summary.restricted;
    const categories = Object.entries(withheld.byCategory)
      .filter(([, n]) => n > 0)
      .map(([category, n]) => `${category} ${count(n)}`)
      .join(', ');
    lines.push(
      `restricted data: ${count(withheld.total)} withheld (${count(withheld.direct)} by code, ${count(withheld.linked)} linked)${categories === '' ? '' : `: ${categories}`}; ${count(summary.restricted.markersAdded)} confidential-items List(s) added`,
    );
    if (summary.restricted.lists.some((list) => list.illustrative)) {
      lines.push('  warning: illustrative code lists were used; they are not the national refsets');
    }
  }
  if (summary.nhsNumbers) {
    for (const [rule, numbers] of Object.entries(summary.nhsNumbers)) {
      lines.push(`removed NHS numbers (${rule}): ${numbers.join(' ')}`);
    }
  }
  if (summary.issues.length > 0) {
    lines.push(`issues (${count(summary.issues.length)}):`);
    for (const issue of summary.issues.slice(0, 20)) lines.push(`  ${formatIssue(issue)}`);
    if (summary.issues.length > 20) lines.push(`  ... ${count(summary.issues.length - 20)} more`);
  }
  return `${lines.join('\n')}\n`;
}

async function restrictedLists(
  options: OptOutFilterCommandOptions,
  context: CommandContext,
): Promise<readonly RestrictedCodeList[] | ExitCode> {
  const lists: RestrictedCodeList[] = [];
  if (options.restrictedIllustrative === true) {
    context.log(
      'warn',
      'using the illustrative restricted code lists; they are examples, not the national refsets',
    );
    lists.push(...ILLUSTRATIVE_RESTRICTED_CODE_LISTS);
  }
  let refsets: Record<string, RestrictedCategory> | undefined;
  for (const text of options.restrictedRefset ?? []) {
    const [id, category] = text.split('=');
    const known = RESTRICTED_CATEGORIES.find((candidate) => candidate === category);
    if (id === undefined || !/^\d{6,18}$/.test(id) || known === undefined) {
      context.usageError(
        `--restricted-refset expects <refset SCTID>=<category> (${RESTRICTED_CATEGORIES.join(', ')}); found ${JSON.stringify(text)}`,
      );
    }
    refsets = { ...refsets, [id]: known };
  }
  for (const path of options.restricted ?? []) {
    const result = await loadRefsetFile(path, refsets === undefined ? {} : { refsets });
    if (!result.ok) {
      context.io.stderr(`lhcr: error: the refset file ${path} could not be loaded:\n`);
      printIssues(
        context,
        result.issues.filter((issue) => issue.severity === 'error'),
      );
      return EXIT.usage;
    }
    if (result.lists.length === 0) {
      context.io.stderr(
        `lhcr: error: ${path} holds none of the refsets asked for; name them with --restricted-refset <SCTID>=<category>\n`,
      );
      return EXIT.usage;
    }
    lists.push(...result.lists);
  }
  return lists;
}

/**
 * The body of `lhcr optout filter`: filters NDJSON (any resource types), a Bundle or a CSV with
 * an NHS number column against the registers, writing kept records to `--output` (or stdout)
 * and an audit summary to stdout when `--output` is given, else to stderr (`--audit` also writes
 * it as JSON). Exits 0 when done, 1 when the input had malformed lines or records (reported by
 * line), 2 for usage and configuration errors.
 *
 * @example
 * ```ts
 * // lhcr optout filter --register ndop-cleared@2025-02-28=response.dat --purpose research export.ndjson -o filtered.ndjson
 * await runOptOutFilter('export.ndjson', options, context);
 * ```
 */
export async function runOptOutFilter(
  input: string,
  options: OptOutFilterCommandOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const request = requestFromOptions(options, context);
  const setup = await loadSetup(options, context);
  if ('exit' in setup) return setup.exit;
  const lists = await restrictedLists(options, context);
  if (typeof lists === 'number') return lists;
  let reported = 0;
  let summary: OptOutAuditSummary;
  try {
    summary = await filterFile(
      input,
      options.output ??
        ((text) => {
          context.io.stdout(text);
        }),
      {
        request,
        registers: setup.registers,
        policy: setup.policy,
        ...(lists.length === 0 ? {} : { restricted: { lists } }),
        ...(options.auditNhsNumbers === true ? { includeNhsNumbers: true } : {}),
        ...(options.inputFormat === undefined ? {} : { format: options.inputFormat }),
        ...(options.nhsNumberColumn === undefined
          ? {}
          : { nhsNumberColumn: options.nhsNumberColumn }),
        ...(options.patients === undefined ? {} : { patientFiles: options.patients }),
        onProgress: (characters, pass) => {
          if (characters - reported >= 50_000_000 || characters < reported) {
            reported = characters;
            context.log(
              'info',
              `${pass} pass: ${(characters / 1e6).toFixed(0)} million characters read`,
            );
          }
        },
      },
    );
  } catch (error) {
    if (error instanceof OptOutError && error.code !== 'internal') {
      context.io.stderr(`lhcr: error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const rendered =
    options.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary);
  if (options.output === undefined) context.io.stderr(rendered);
  else context.io.stdout(rendered);
  if (options.audit !== undefined) {
    await writeFile(options.audit, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return summary.counts.invalid > 0 || summary.issues.some((issue) => issue.severity === 'error')
    ? EXIT.failed
    : EXIT.ok;
}
