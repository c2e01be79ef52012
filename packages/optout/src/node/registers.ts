import { basename } from 'node:path';
import { OptOutError } from '../errors';
import type { OptOutIssue } from '../issues';
import { MAX_POLICY_CHARS, parseOptOutPolicy } from '../policy/parse-policy';
import type { PolicyParseResult } from '../policy/parse-policy';
import { LocalDissentRegisterBuilder } from '../registers/local-dissent';
import type { LocalDissentRegister, LocalDissentRegisterStats } from '../registers/local-dissent';
import { createNationalOptOutRegister } from '../registers/national';
import type { NationalOptOutRegister } from '../registers/national';
import type { NhsNumberSet } from '../registers/nhs-number-set';
import { NationalOptOutCsvReader, NhsNumberListReader } from '../registers/number-lists';
import type { NhsNumberListOptions, NhsNumberListResult } from '../registers/number-lists';
import { Type1RegisterBuilder } from '../registers/type1';
import type { Type1Register, Type1RegisterStats } from '../registers/type1';
import { RefsetFileReader } from '../restricted/code-lists';
import type { RefsetFileOptions, RefsetFileResult } from '../restricted/code-lists';
import { patientIdentityOf, referenceKey } from '../registers/patient-identity';
import type { PatientIdentity, PatientLookup } from '../registers/patient-identity';
import { readTextChunks, readTextFile } from './files';
import { readFhirResources } from './resources';

/**
 * Reads a list of NHS numbers from a file: a MESH request or response (`.dat`, one number per
 * line ending `,`) or a CSV with an NHS number column. See {@link NhsNumberListReader}.
 *
 * @throws {OptOutError} `io` when the file cannot be read.
 * @example
 * ```ts
 * const response = await loadNhsNumberList('X26HC036-010325-0001.dat', { role: 'response' });
 * if (!response.ok) console.error(response.issues.map(formatIssue).join('\n'));
 * ```
 */
export async function loadNhsNumberList(
  path: string,
  options: NhsNumberListOptions = {},
): Promise<NhsNumberListResult> {
  const reader = new NhsNumberListReader({ source: basename(path), ...options });
  for await (const chunk of readTextChunks(path)) reader.push(chunk);
  return reader.end();
}

/**
 * Files a national opt-out register is loaded from (see {@link NationalOptOutRegisterInput}):
 * `cleared` (the cleaned list the service returned), `checked` (the request file sent),
 * `optedOut` (numbers with an opt-out), `csv` (a CSV with NHS number and status columns).
 *
 * @example
 * ```ts
 * const files: NationalRegisterFiles = { id: 'X26HC036-010325-0001', asOf: '2025-03-01', checked: 'request.dat', cleared: 'response.dat' };
 * ```
 */
export interface NationalRegisterFiles {
  readonly id?: string;
  readonly asOf: string;
  readonly cleared?: string;
  readonly checked?: string;
  readonly optedOut?: string;
  readonly csv?: string;
  readonly complete?: boolean;
}

/**
 * The outcome of loading a register: the register when every file read cleanly, and every issue
 * (malformed lines by line number).
 *
 * @example
 * ```ts
 * const loaded: LoadedRegister<NationalOptOutRegister> = await loadNationalOptOutRegister(files);
 * if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
 * ```
 */
export type LoadedRegister<R, S = undefined> =
  | {
      readonly ok: true;
      readonly register: R;
      readonly issues: readonly OptOutIssue[];
      readonly stats: S;
    }
  | { readonly ok: false; readonly issues: readonly OptOutIssue[] };

/**
 * Loads a national data opt-out register from files. A register with any malformed line is not
 * returned (`ok: false`): a half-read register would make unknown numbers look cleared or
 * opted out.
 *
 * @throws {OptOutError} `io` when a file cannot be read; `config` for a bad `asOf` or no file.
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * const loaded = await loadNationalOptOutRegister({ asOf: '2025-03-01', checked: 'request.dat', cleared: 'response.dat' });
 * if (loaded.ok) checkOptOut(check, { nationalOptOut: loaded.register });
 * ```
 */
export async function loadNationalOptOutRegister(
  files: NationalRegisterFiles,
): Promise<LoadedRegister<NationalOptOutRegister>> {
  const issues: OptOutIssue[] = [];
  let ok = true;
  const sets: { cleared?: NhsNumberSet; checked?: NhsNumberSet; optedOut?: NhsNumberSet } = {};
  const list = async (
    path: string,
    role: 'request' | 'response' | 'list',
  ): Promise<NhsNumberSet> => {
    const result = await loadNhsNumberList(path, { role });
    issues.push(...result.issues);
    if (!result.ok) ok = false;
    return result.numbers;
  };
  if (files.checked !== undefined) sets.checked = await list(files.checked, 'request');
  if (files.cleared !== undefined) sets.cleared = await list(files.cleared, 'response');
  if (files.optedOut !== undefined) sets.optedOut = await list(files.optedOut, 'list');
  if (files.csv !== undefined) {
    const reader = new NationalOptOutCsvReader({ source: basename(files.csv) });
    for await (const chunk of readTextChunks(files.csv)) reader.push(chunk);
    const result = reader.end();
    issues.push(...result.issues);
    if (!result.ok) ok = false;
    if (sets.optedOut !== undefined || sets.cleared !== undefined) {
      throw new OptOutError(
        'config',
        'give the national register as a CSV, or as number lists, not both',
      );
    }
    sets.optedOut = result.optedOut;
    sets.cleared = result.cleared;
  }
  if (!ok) return { ok: false, issues };
  const id =
    files.id ??
    [files.cleared, files.checked, files.optedOut, files.csv]
      .filter((path): path is string => path !== undefined)
      .map((path) => basename(path))
      .join('+');
  const register = createNationalOptOutRegister({
    id,
    asOf: files.asOf,
    ...sets,
    ...(files.complete === undefined ? {} : { complete: files.complete }),
  });
  return { ok: true, register, issues, stats: undefined };
}

/** Indexes Patient resources from files, for resolving `Patient/<id>` references. */
async function indexPatients(
  paths: readonly string[],
  issues: OptOutIssue[],
): Promise<PatientLookup> {
  const index = new Map<string, PatientIdentity>();
  for (const path of paths) {
    const scratch: OptOutIssue[] = [];
    for await (const { resource, fullUrl } of readFhirResources(path, scratch)) {
      if (resource['resourceType'] !== 'Patient') continue;
      const identity = patientIdentityOf(resource);
      if (typeof resource['id'] === 'string') index.set(`Patient/${resource['id']}`, identity);
      const key = fullUrl === undefined ? undefined : referenceKey(fullUrl);
      if (key) index.set(key.key, identity);
    }
    issues.push(...scratch);
  }
  return { get: (key) => index.get(key) };
}

/**
 * Loads a Type 1 register from GP record files (NDJSON or Bundle JSON): Patient resources mark
 * records as seen, resources with Type 1 codes add evidence. Two passes: Patients first, so
 * codes that reference `Patient/<id>` link up wherever they are.
 *
 * @throws {OptOutError} `io` when a file cannot be read; `config` for a bad `asOf`.
 * @see NHS-STANDARDS.md §3.4
 * @example
 * ```ts
 * const loaded = await loadType1Register(['gp/Patient.ndjson', 'gp/Observation.ndjson'], { id: 'gp-2025-03', asOf: '2025-03-01' });
 * ```
 */
export async function loadType1Register(
  paths: readonly string[],
  options: { readonly id?: string; readonly asOf: string },
): Promise<LoadedRegister<Type1Register, Type1RegisterStats>> {
  const issues: OptOutIssue[] = [];
  const patients = await indexPatients(paths, issues);
  const builder = new Type1RegisterBuilder({
    id: options.id ?? paths.map((path) => basename(path)).join('+'),
    asOf: options.asOf,
  });
  for (const path of paths) {
    for await (const { resource } of readFhirResources(path, []))
      builder.addResource(resource, patients);
  }
  const stats = builder.stats;
  if (stats.unlinked > 0) {
    issues.push({
      severity: 'warning',
      code: 'processing',
      diagnostics: `${String(stats.unlinked)} Type 1 code(s) could not be linked to a patient with a valid NHS number and were not used`,
    });
  }
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, issues };
  return { ok: true, register: builder.build(), issues, stats };
}

/**
 * Loads a local dissent register from files of Consent resources (NDJSON or Bundle JSON; Patient
 * resources in the same files resolve `Consent.patient` references).
 *
 * @throws {OptOutError} `io` when a file cannot be read; `config` for a bad `asOf`.
 * @see NHS-STANDARDS.md §3.6
 * @example
 * ```ts
 * const loaded = await loadLocalDissentRegister(['consents.ndjson'], { asOf: '2025-03-01' });
 * ```
 */
export async function loadLocalDissentRegister(
  paths: readonly string[],
  options: { readonly id?: string; readonly asOf: string; readonly policyUri?: string },
): Promise<LoadedRegister<LocalDissentRegister, LocalDissentRegisterStats>> {
  const issues: OptOutIssue[] = [];
  const patients = await indexPatients(paths, issues);
  const builder = new LocalDissentRegisterBuilder({
    id: options.id ?? paths.map((path) => basename(path)).join('+'),
    asOf: options.asOf,
    ...(options.policyUri === undefined ? {} : { policyUri: options.policyUri }),
  });
  for (const path of paths) {
    for await (const { resource } of readFhirResources(path, [])) {
      if (resource['resourceType'] === 'Consent') builder.addConsent(resource, patients);
    }
  }
  const stats = builder.stats;
  if (stats.unlinked > 0) {
    issues.push({
      severity: 'warning',
      code: 'processing',
      diagnostics: `${String(stats.unlinked)} Consent(s) could not be linked to a patient with a valid NHS number and were not used`,
    });
  }
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, issues };
  return { ok: true, register: builder.build(), issues, stats };
}

/**
 * Loads restricted code lists from an RF2 simple refset file. See {@link RefsetFileReader}.
 *
 * @throws {OptOutError} `io` when the file cannot be read.
 * @see NHS-STANDARDS.md §4
 * @example
 * ```ts
 * const { ok, lists, issues } = await loadRefsetFile('der2_Refset_SimpleSnapshot_GB1000000_20250101.txt');
 * ```
 */
export async function loadRefsetFile(
  path: string,
  options: RefsetFileOptions = {},
): Promise<RefsetFileResult> {
  const reader = new RefsetFileReader({ source: basename(path), ...options });
  for await (const chunk of readTextChunks(path)) reader.push(chunk);
  return reader.end();
}

/**
 * Loads and checks an opt-out policy file (YAML or JSON). See {@link parseOptOutPolicy}.
 *
 * @throws {OptOutError} `io` when unreadable, `limit` when over 1 MiB.
 * @example
 * ```ts
 * const result = await loadOptOutPolicy('region-policy.yaml');
 * ```
 */
export async function loadOptOutPolicy(path: string): Promise<PolicyParseResult> {
  return parseOptOutPolicy(await readTextFile(path, MAX_POLICY_CHARS * 4), basename(path));
}
