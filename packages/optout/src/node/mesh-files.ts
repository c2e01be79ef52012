import { basename, extname } from 'node:path';
import type { NhsNumber } from '@lhcr/models';
import { resourcePatients } from '../bulk/patient-references';
import { IssueCollector } from '../internal/issue-collector';
import { LineSplitter } from '../internal/lines';
import type { OptOutIssue } from '../issues';
import { MAX_NDJSON_LINE_CHARS } from '../bulk/ndjson';
import { MESH_CLIENT_MAX_BYTES, MESH_UI_MAX_BYTES, meshRequestLine } from '../registers/mesh';
import { NhsNumberSetBuilder } from '../registers/nhs-number-set';
import { NhsNumberListReader } from '../registers/number-lists';
import { openOutputFile, readTextChunks } from './files';
import type { TextSink } from './files';

/**
 * What writing a request file for the Check for National Data Opt-outs service did.
 *
 * @example
 * ```ts
 * const result: MeshRequestResult = await buildMeshRequest('cohort.csv', 'X26AB001-030625-0001.dat');
 * console.log(result.count, result.duplicates, result.invalid);
 * ```
 */
export interface MeshRequestResult {
  /** Distinct NHS numbers written. */
  readonly count: number;
  readonly duplicates: number;
  /** Lines or records that held no usable NHS number (each reported in `issues`). */
  readonly invalid: number;
  readonly bytes: number;
  readonly issues: readonly OptOutIssue[];
}

function sizeIssues(bytes: number, source: string): OptOutIssue[] {
  if (bytes > MESH_CLIENT_MAX_BYTES) {
    return [
      {
        severity: 'error',
        code: 'too-long',
        diagnostics: `the request is ${String(bytes)} bytes; MESH accepts at most 20 GB: split the cohort`,
        source,
      },
    ];
  }
  if (bytes > MESH_UI_MAX_BYTES) {
    return [
      {
        severity: 'warning',
        code: 'too-long',
        diagnostics: `the request is ${String(bytes)} bytes; the MESH user interface accepts at most 100 MB, so send it with the MESH client or API`,
        source,
      },
    ];
  }
  return [];
}

/**
 * Writes a request file for the Check for National Data Opt-outs service from NHS numbers:
 * one number per line ending `,` and LF, duplicates dropped (and counted), input order kept.
 *
 * @throws {OptOutError} `io` when the file cannot be written.
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * await writeMeshRequestFile('X26AB001-030625-0001.dat', cohort);
 * ```
 */
export async function writeMeshRequestFile(
  path: string,
  numbers: Iterable<NhsNumber> | AsyncIterable<NhsNumber>,
): Promise<MeshRequestResult> {
  const file = await openOutputFile(path);
  const seen = new NhsNumberSetBuilder();
  let duplicates = 0;
  let batch: string[] = [];
  try {
    for await (const nhsNumber of numbers) {
      if (!seen.add(nhsNumber)) {
        duplicates += 1;
        continue;
      }
      batch.push(meshRequestLine(nhsNumber));
      if (batch.length >= 10_000) {
        await file.write(batch.join(''));
        batch = [];
      }
    }
    await file.write(batch.join(''));
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  return {
    count: seen.size,
    duplicates,
    invalid: 0,
    bytes: file.bytes(),
    issues: sizeIssues(file.bytes(), basename(path)),
  };
}

/**
 * Builds a request file for the Check for National Data Opt-outs service from a cohort file:
 * a CSV with an NHS number column, or NDJSON (the NHS numbers of Patient resources, and NHS
 * number identifiers in the patient references of other resources). Every line without a
 * usable NHS number is reported by line number; duplicates are written once.
 *
 * @throws {OptOutError} `io` for unreadable or unwritable files.
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * const result = await buildMeshRequest('cohort.csv', 'X26AB001-030625-0001.dat');
 * if (result.invalid > 0) console.error(result.issues.map(formatIssue).join('\n'));
 * ```
 */
export async function buildMeshRequest(
  input: string,
  output: string | TextSink,
  options: { readonly format?: 'csv' | 'ndjson' | 'auto'; readonly nhsNumberColumn?: string } = {},
): Promise<MeshRequestResult> {
  const source = basename(input);
  const format =
    options.format === undefined || options.format === 'auto'
      ? extname(input).toLowerCase() === '.csv'
        ? 'csv'
        : 'ndjson'
      : options.format;
  const file = typeof output === 'string' ? await openOutputFile(output) : undefined;
  const sink = typeof output === 'string' ? undefined : output;
  let bytes = 0;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    bytes += text.length;
    if (file) await file.write(text);
    else if (sink) await sink(text);
  };
  try {
    let result: MeshRequestResult;
    if (format === 'csv') {
      const reader = new NhsNumberListReader({
        source,
        format: 'csv',
        ...(options.nhsNumberColumn === undefined
          ? {}
          : { nhsNumberColumn: options.nhsNumberColumn }),
        onNumber: (nhsNumber) => pending.push(meshRequestLine(nhsNumber)),
      });
      for await (const chunk of readTextChunks(input)) {
        reader.push(chunk);
        await flush();
      }
      const list = reader.end();
      await flush();
      result = {
        count: list.numbers.size,
        duplicates: list.duplicates,
        invalid: list.invalid,
        bytes,
        issues: list.issues.filter((issue) => issue.code !== 'duplicate'),
      };
    } else {
      const issues = new IssueCollector(source);
      const seen = new NhsNumberSetBuilder();
      const none = { get: () => undefined };
      let duplicates = 0;
      let invalid = 0;
      const lines = new LineSplitter(MAX_NDJSON_LINE_CHARS, source);
      const onLine = (line: { text: string; number: number }): void => {
        if (line.text.trim() === '') return;
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch {
          invalid += 1;
          issues.add('json', 'error', 'structure', 'line is not JSON', line.number);
          return;
        }
        if (
          typeof value !== 'object' ||
          value === null ||
          Array.isArray(value) ||
          typeof (value as Record<string, unknown>)['resourceType'] !== 'string'
        ) {
          invalid += 1;
          issues.add('resource', 'error', 'structure', 'line is not a FHIR resource', line.number);
          return;
        }
        const about = resourcePatients(value as Record<string, unknown>, none);
        if (about.kind === 'none') return;
        const numbers = about.patients.flatMap((patient) => patient.nhsNumbers);
        if (numbers.length === 0) {
          invalid += 1;
          const unresolved = about.patients.some((patient) => patient.presence === 'unresolved');
          issues.add(
            unresolved ? 'unresolved' : 'absent',
            'error',
            'value',
            unresolved
              ? 'no valid NHS number (one fails its check, or the patient is referenced without one)'
              : 'no NHS number: this record cannot be checked',
            line.number,
          );
          return;
        }
        for (const nhsNumber of numbers) {
          if (seen.add(nhsNumber)) pending.push(meshRequestLine(nhsNumber));
          else duplicates += 1;
        }
      };
      for await (const chunk of readTextChunks(input)) {
        for (const line of lines.push(chunk)) onLine(line);
        await flush();
      }
      for (const line of lines.end()) onLine(line);
      await flush();
      result = { count: seen.size, duplicates, invalid, bytes, issues: issues.list() };
    }
    await file?.commit();
    return {
      ...result,
      issues: [
        ...result.issues,
        ...sizeIssues(bytes, typeof output === 'string' ? basename(output) : 'request'),
      ],
    };
  } catch (error) {
    await file?.abort();
    throw error;
  }
}
