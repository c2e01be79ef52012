import { open, stat } from 'node:fs/promises';
import {
  NATIONAL_DEFAULT_POLICY,
  OptOutError,
  formatIssue,
  parseDataOrigin,
  parseIdentifiability,
  parseLegalBasis,
  parsePurpose,
} from '@lhcr/optout';
import type { OptOutIssue, OptOutPolicy, OptOutRegisters, OptOutRequest } from '@lhcr/optout';
import {
  loadLocalDissentRegister,
  loadNationalOptOutRegister,
  loadOptOutPolicy,
  loadType1Register,
} from '@lhcr/optout/node';
import type { NationalRegisterFiles } from '@lhcr/optout/node';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';

/**
 * The register kinds `--register` takes:
 *
 * - `ndop-cleared`: numbers with no national data opt-out (the cleaned list the Check for
 *   National Data Opt-outs service returned, or a cache of it), a MESH `.dat` file or a CSV;
 * - `ndop-checked`: the numbers sent for checking (the MESH request file);
 * - `ndop-opted-out`: numbers with a national data opt-out;
 * - `ndop-csv`: a CSV with NHS number and opt-out status columns;
 * - `type1`: GP record FHIR resources (NDJSON or a Bundle) with Type 1 codes;
 * - `consents`: FHIR Consent resources recording local dissent.
 *
 * @example
 * ```ts
 * REGISTER_KINDS_CLI.includes('ndop-cleared'); // true
 * ```
 */
export const REGISTER_KINDS_CLI = [
  'ndop-cleared',
  'ndop-checked',
  'ndop-opted-out',
  'ndop-csv',
  'type1',
  'consents',
] as const;

/**
 * One of {@link REGISTER_KINDS_CLI}.
 *
 * @example
 * ```ts
 * const kind: RegisterKindCli = 'type1';
 * ```
 */
export type RegisterKindCli = (typeof REGISTER_KINDS_CLI)[number];

/**
 * A parsed `--register` value: `kind=file` or `kind@YYYY-MM-DD=file`.
 *
 * @example
 * ```ts
 * const spec: RegisterSpec = { kind: 'ndop-cleared', asOf: '2025-02-28', path: 'response.dat' };
 * ```
 */
export interface RegisterSpec {
  /** `auto`: given without a kind; see {@link detectRegisterKind}. */
  readonly kind: RegisterKindCli | 'auto';
  readonly asOf?: string;
  readonly path: string;
}

const SPEC = /^([a-z0-9-]+)(?:@(\d{4}-\d{2}-\d{2}))?=(.+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses one `--register` value, or says why it cannot.
 *
 * @example
 * ```ts
 * parseRegisterSpec('ndop-cleared@2025-02-28=response.dat');
 * // { ok: true, value: { kind: 'ndop-cleared', asOf: '2025-02-28', path: 'response.dat' } }
 * ```
 */
export function parseRegisterSpec(
  text: string,
): { ok: true; value: RegisterSpec } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: false, message: '--register needs a file' };
  const match = SPEC.exec(text);
  const known = REGISTER_KINDS_CLI.find((candidate) => candidate === match?.[1]);
  const path = match?.[3];
  // A bare file (or one whose name merely contains "="): its kind is worked out from its content.
  if (match === null || known === undefined || path === undefined) {
    return { ok: true, value: { kind: 'auto', path: text } };
  }
  const asOf = match[2];
  return {
    ok: true,
    value: asOf === undefined ? { kind: known, path } : { kind: known, asOf, path },
  };
}

/**
 * Works out what kind of register a file given without a kind is: FHIR resources holding
 * Consents are `consents`, other FHIR resources `type1`; a CSV with an opt-out status column
 * is `ndop-csv`; lines of NHS numbers (the national service's format) are `ndop-cleared`, the
 * cleaned list. Anything else is a usage error naming the kinds to choose from.
 *
 * @example
 * ```ts
 * await detectRegisterKind('response.dat'); // { ok: true, kind: 'ndop-cleared' }
 * ```
 */
export async function detectRegisterKind(
  path: string,
): Promise<{ ok: true; kind: RegisterKindCli } | { ok: false; message: string }> {
  let head: string;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(65_536);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error
        ? String(error.code)
        : 'unknown';
    return { ok: false, message: `cannot read the register ${path}: ${code}` };
  }
  const start = head.trimStart();
  if (start.startsWith('{') || /\.(nd)?json$/i.test(path)) {
    return { ok: true, kind: /"resourceType"\s*:\s*"Consent"/.test(head) ? 'consents' : 'type1' };
  }
  const firstLine = start.split('\n')[0] ?? '';
  if (/[A-Za-z]/.test(firstLine)) {
    const headers = firstLine.toLowerCase().replace(/[\s_."-]+/g, '');
    if (/(^|,)(status|optout|optedout|ndop|nationaldataoptout|ndopstatus)(,|$)/.test(headers)) {
      return { ok: true, kind: 'ndop-csv' };
    }
    return {
      ok: false,
      message: `cannot tell what ${path} holds: name its kind, e.g. --register ndop-opted-out=${path} (numbers with an opt-out) or ndop-cleared=${path} (numbers that may be used)`,
    };
  }
  return { ok: true, kind: 'ndop-cleared' };
}

/**
 * The options every `lhcr optout` command that decides takes.
 *
 * @example
 * ```ts
 * const options: DecisionOptions = { purpose: 'research', register: ['ndop-cleared@2025-02-28=response.dat'], format: 'text' };
 * ```
 */
export interface DecisionOptions {
  readonly purpose: string;
  readonly basis?: string;
  readonly identifiability?: string;
  readonly origin?: string;
  readonly date?: string;
  readonly asOf?: string;
  readonly register: readonly string[];
  readonly ndopComplete?: boolean;
  readonly policy?: string;
  readonly format: 'text' | 'json';
}

/**
 * Today's date (UTC) as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * today(); // '2025-03-01'
 * ```
 */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The decision request from the command line, or a usage error.
 *
 * @example
 * ```ts
 * const request = requestFromOptions(options, context);
 * ```
 */
export function requestFromOptions(
  options: DecisionOptions,
  context: CommandContext,
): OptOutRequest {
  const purpose = parsePurpose(options.purpose);
  if (!purpose.ok) context.usageError(`--purpose: ${purpose.message}`);
  const basis = options.basis === undefined ? undefined : parseLegalBasis(options.basis);
  if (basis !== undefined && !basis.ok) context.usageError(`--basis: ${basis.message}`);
  const identifiability =
    options.identifiability === undefined
      ? undefined
      : parseIdentifiability(options.identifiability);
  if (identifiability !== undefined && !identifiability.ok) {
    context.usageError(`--identifiability: ${identifiability.message}`);
  }
  const origin = options.origin === undefined ? undefined : parseDataOrigin(options.origin);
  if (origin !== undefined && !origin.ok) context.usageError(`--origin: ${origin.message}`);
  const date = options.date ?? today();
  if (!ISO_DATE.test(date))
    context.usageError(`--date expects YYYY-MM-DD; found ${JSON.stringify(date)}`);
  return {
    purpose: purpose.value,
    date,
    ...(basis?.ok === true ? { basis: basis.value } : {}),
    ...(identifiability?.ok === true ? { identifiability: identifiability.value } : {}),
    ...(origin?.ok === true ? { origin: origin.value } : {}),
  };
}

/**
 * Prints issues to stderr, one per line (never with NHS numbers: the package's messages hold
 * none).
 *
 * @example
 * ```ts
 * printIssues(context, result.issues);
 * ```
 */
export function printIssues(
  context: CommandContext,
  issues: readonly OptOutIssue[],
  limit = 50,
): void {
  for (const issue of issues.slice(0, limit)) context.io.stderr(`  ${formatIssue(issue)}\n`);
  if (issues.length > limit) {
    context.io.stderr(`  ... and ${String(issues.length - limit)} more\n`);
  }
}

/**
 * What loading the registers and policy gave: everything needed to decide, or the exit code to
 * stop with (the problems are already printed).
 *
 * @example
 * ```ts
 * const setup = await loadSetup(options, context);
 * if ('exit' in setup) return setup.exit;
 * ```
 */
export type Setup =
  | { readonly registers: OptOutRegisters; readonly policy: OptOutPolicy }
  | { readonly exit: ExitCode };

function failed(context: CommandContext, what: string, issues: readonly OptOutIssue[]): Setup {
  context.io.stderr(`lhcr: error: ${what} could not be loaded:\n`);
  printIssues(
    context,
    issues.filter((issue) => issue.severity !== 'information'),
  );
  return { exit: EXIT.usage };
}

/**
 * Loads the `--register` files and the `--policy` file. Each register's as-of date comes from
 * `kind@YYYY-MM-DD=file`, else `--as-of`, else (with a warning) the file's modification time;
 * a register older than the policy allows counts as stale.
 * Files with malformed lines stop the run with exit 2, every problem listed by line.
 *
 * @example
 * ```ts
 * const setup = await loadSetup(options, context);
 * ```
 */
export async function loadSetup(options: DecisionOptions, context: CommandContext): Promise<Setup> {
  if (options.asOf !== undefined && !ISO_DATE.test(options.asOf)) {
    context.usageError(`--as-of expects YYYY-MM-DD; found ${JSON.stringify(options.asOf)}`);
  }
  const specs: { kind: RegisterKindCli; path: string; asOf: string }[] = [];
  for (const text of options.register) {
    const parsed = parseRegisterSpec(text);
    if (!parsed.ok) context.usageError(parsed.message);
    let kind: RegisterKindCli;
    if (parsed.value.kind === 'auto') {
      const detected = await detectRegisterKind(parsed.value.path);
      if (!detected.ok) context.usageError(detected.message);
      kind = detected.kind;
      context.log('info', `register ${parsed.value.path} read as ${kind}`);
    } else {
      kind = parsed.value.kind;
    }
    let asOf = parsed.value.asOf ?? options.asOf;
    if (asOf === undefined) {
      try {
        asOf = (await stat(parsed.value.path)).mtime.toISOString().slice(0, 10);
      } catch {
        context.io.stderr(`lhcr: error: cannot read the register ${parsed.value.path}\n`);
        return { exit: EXIT.usage };
      }
      context.log(
        'warn',
        `the as-of date of ${parsed.value.path} is taken from its modification time (${asOf}); state it with ${kind}@YYYY-MM-DD=${parsed.value.path} or --as-of`,
      );
    }
    specs.push({ kind, path: parsed.value.path, asOf });
  }
  try {
    const registers: { -readonly [K in keyof OptOutRegisters]: OptOutRegisters[K] } = {};
    const national = specs.filter((spec) => spec.kind.startsWith('ndop-'));
    if (national.length > 0) {
      const files: Partial<Record<'cleared' | 'checked' | 'optedOut' | 'csv', string>> = {};
      for (const spec of national) {
        const key =
          spec.kind === 'ndop-cleared'
            ? 'cleared'
            : spec.kind === 'ndop-checked'
              ? 'checked'
              : spec.kind === 'ndop-opted-out'
                ? 'optedOut'
                : 'csv';
        if (files[key] !== undefined) context.usageError(`give --register ${spec.kind}=... once`);
        files[key] = spec.path;
      }
      // Several files of one exchange: the register is as old as its oldest file.
      const asOf = national.map((spec) => spec.asOf).sort()[0] as string;
      const input: NationalRegisterFiles = {
        asOf,
        ...files,
        ...(options.ndopComplete === true ? { complete: true } : {}),
      };
      const loaded = await loadNationalOptOutRegister(input);
      if (!loaded.ok) return failed(context, 'the national data opt-out register', loaded.issues);
      printIssues(
        context,
        loaded.issues.filter((issue) => issue.severity === 'warning'),
        10,
      );
      registers.nationalOptOut = loaded.register;
    }
    const type1 = specs.filter((spec) => spec.kind === 'type1');
    if (type1.length > 0) {
      const asOf = type1.map((spec) => spec.asOf).sort()[0] as string;
      const loaded = await loadType1Register(
        type1.map((spec) => spec.path),
        { asOf },
      );
      if (!loaded.ok) return failed(context, 'the Type 1 register', loaded.issues);
      printIssues(
        context,
        loaded.issues.filter((issue) => issue.severity === 'warning'),
        10,
      );
      registers.type1 = loaded.register;
    }
    const consents = specs.filter((spec) => spec.kind === 'consents');
    if (consents.length > 0) {
      const asOf = consents.map((spec) => spec.asOf).sort()[0] as string;
      const loaded = await loadLocalDissentRegister(
        consents.map((spec) => spec.path),
        { asOf },
      );
      if (!loaded.ok) return failed(context, 'the local dissent register', loaded.issues);
      printIssues(
        context,
        loaded.issues.filter((issue) => issue.severity === 'warning'),
        10,
      );
      registers.localDissent = loaded.register;
    }
    let policy = NATIONAL_DEFAULT_POLICY;
    if (options.policy !== undefined) {
      const loaded = await loadOptOutPolicy(options.policy);
      if (!loaded.ok) return failed(context, `the policy ${options.policy}`, loaded.issues);
      printIssues(context, loaded.issues, 10);
      policy = loaded.policy;
    }
    return { registers, policy };
  } catch (error) {
    if (error instanceof OptOutError && error.code !== 'internal') {
      context.io.stderr(`lhcr: error: ${error.message}\n`);
      return { exit: EXIT.usage };
    }
    throw error;
  }
}

/**
 * Formats a count with thousands separators.
 *
 * @example
 * ```ts
 * count(1234567); // '1,234,567'
 * ```
 */
export function count(value: number): string {
  return value.toLocaleString('en-GB');
}
