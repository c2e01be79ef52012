import { join } from 'node:path';
import { OptOutError, formatIssue, meshRequestFileName } from '@lhcr/optout';
import type { MeshRequestResult } from '@lhcr/optout/node';
import { buildMeshRequest } from '@lhcr/optout/node';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';
import { count, today } from './shared';

/**
 * The options of `lhcr optout mesh-request`.
 *
 * @example
 * ```ts
 * const options: MeshRequestOptions = { mailbox: 'X26AB001', sequence: '1', format: 'text' };
 * ```
 */
export interface MeshRequestOptions {
  readonly output?: string;
  readonly mailbox?: string;
  readonly sequence?: string;
  readonly date?: string;
  readonly inputFormat?: 'csv' | 'ndjson' | 'auto';
  readonly nhsNumberColumn?: string;
  readonly format: 'text' | 'json';
}

function render(result: MeshRequestResult, target: string): string {
  const lines = [
    `${target}: ${count(result.count)} NHS number(s) (${count(result.bytes)} bytes); ${count(result.duplicates)} duplicate(s) written once; ${count(result.invalid)} line(s) without a usable NHS number left out`,
  ];
  for (const issue of result.issues.slice(0, 50)) lines.push(`  ${formatIssue(issue)}`);
  if (result.issues.length > 50) lines.push(`  ... ${count(result.issues.length - 50)} more`);
  return `${lines.join('\n')}\n`;
}

/**
 * The body of `lhcr optout mesh-request <input>`: writes a request file for the Check for
 * National Data Opt-outs service (one NHS number per line ending `,` and LF) from a cohort in
 * CSV (an NHS number column) or NDJSON (Patient resources, NHS number references). The file
 * goes to `--output`, or is named `<mailbox>-<DDMMYY>-<sequence>.dat` with `--mailbox` and
 * `--sequence`, or is written to stdout. Lines without a usable NHS number are left out and
 * reported by line number (exit 1); duplicates are written once.
 *
 * @example
 * ```ts
 * // lhcr optout mesh-request cohort.csv --mailbox X26AB001 --sequence 1
 * await runMeshRequest('cohort.csv', options, context);
 * ```
 */
export async function runMeshRequest(
  input: string,
  options: MeshRequestOptions,
  context: CommandContext,
): Promise<ExitCode> {
  let output = options.output;
  if (options.mailbox !== undefined || options.sequence !== undefined) {
    if (output !== undefined)
      context.usageError('give -o/--output or --mailbox with --sequence, not both');
    if (options.mailbox === undefined || options.sequence === undefined) {
      context.usageError('--mailbox and --sequence go together');
    }
    const sequence = /^\d{1,4}$/.test(options.sequence) ? Number(options.sequence) : Number.NaN;
    const name = meshRequestFileName({
      mailboxId: options.mailbox,
      date: options.date ?? today(),
      sequence,
    });
    if (!name.ok) context.usageError(name.message);
    output = join('.', name.value);
  }
  let result: MeshRequestResult;
  try {
    result = await buildMeshRequest(
      input,
      output ??
        ((text) => {
          context.io.stdout(text);
        }),
      {
        ...(options.inputFormat === undefined ? {} : { format: options.inputFormat }),
        ...(options.nhsNumberColumn === undefined
          ? {}
          : { nhsNumberColumn: options.nhsNumberColumn }),
      },
    );
  } catch (error) {
    if (error instanceof OptOutError && error.code !== 'internal') {
      context.io.stderr(`lhcr: error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  const report =
    options.format === 'json'
      ? `${JSON.stringify({ output: output ?? null, ...result }, null, 2)}\n`
      : render(result, output ?? 'stdout');
  if (output === undefined) context.io.stderr(report);
  else context.io.stdout(report);
  return result.invalid > 0 || result.issues.some((issue) => issue.severity === 'error')
    ? EXIT.failed
    : EXIT.ok;
}
