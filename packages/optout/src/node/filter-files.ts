import { basename, extname } from 'node:path';
import { filterBundle } from '../bulk/bundle';
import { CsvOptOutFilter } from '../bulk/csv-filter';
import type { CsvFilterOptions } from '../bulk/csv-filter';
import { NdjsonOptOutFilter } from '../bulk/ndjson';
import type { ChunkSink } from '../bulk/ndjson';
import { OptOutFilter } from '../bulk/opt-out-filter';
import type { OptOutAuditSummary, OptOutFilterOptions } from '../bulk/opt-out-filter';
import { openOutputFile, readTextChunks, readTextFile } from './files';
import type { TextSink } from './files';
import type { OptOutIssue } from '../issues';
import { MAX_DOCUMENT_BYTES, readFhirResources } from './resources';

/**
 * Input formats the file filters handle: `ndjson` (FHIR Bulk Data, any resource types),
 * `bundle` (one JSON Bundle), `csv` (with an NHS number column), or `auto` (by extension:
 * `.csv`, `.json`, else NDJSON).
 *
 * @example
 * ```ts
 * const format: FilterFileFormat = 'auto';
 * ```
 */
export type FilterFileFormat = 'ndjson' | 'bundle' | 'csv' | 'auto';

/**
 * Options for {@link filterFile}: the filter options plus the input format, CSV options, the
 * largest Bundle read whole, and an optional progress callback (called about every million
 * characters with the characters read so far; never with patient data).
 *
 * @example
 * ```ts
 * const options: FilterFileOptions = { request, registers, format: 'ndjson', onProgress: (n) => log(`${n} characters`) };
 * ```
 */
export interface FilterFileOptions extends OptOutFilterOptions, CsvFilterOptions {
  readonly format?: FilterFileFormat;
  /**
   * Other files holding the Patient resources that the input references as `Patient/<id>`
   * (a Bulk Data export writes each resource type to its own file: pass `Patient.ndjson` here
   * when filtering `Observation.ndjson`). Indexed before filtering.
   */
  readonly patientFiles?: readonly string[];
  readonly maxDocumentBytes?: number;
  readonly onProgress?: (charactersRead: number, pass: string) => void;
}

/**
 * The format {@link filterFile} uses for a path with `format: 'auto'`.
 *
 * @example
 * ```ts
 * filterFileFormat('extract.csv'); // 'csv'
 * ```
 */
export function filterFileFormat(path: string): Exclude<FilterFileFormat, 'auto'> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'bundle';
  return 'ndjson';
}

async function runPass<T>(
  path: string,
  sink: ChunkSink<T>,
  write: ((text: T) => Promise<void>) | undefined,
  pass: string,
  onProgress?: (charactersRead: number, pass: string) => void,
): Promise<void> {
  let read = 0;
  let reported = 0;
  for await (const chunk of readTextChunks(path)) {
    const result = sink.push(chunk);
    if (write) await write(result);
    read += chunk.length;
    if (onProgress && read - reported >= 1_000_000) {
      reported = read;
      onProgress(read, pass);
    }
  }
  const last = sink.end();
  if (write) await write(last);
  onProgress?.(read, pass);
}

/**
 * Filters a file to `output` (a file path, written through a `.partial` file and renamed on
 * success, or a {@link TextSink}) and returns the audit summary:
 *
 * - NDJSON: streamed in passes (Patients and restricted items first, links, then output), so
 *   memory stays flat whatever the file size;
 * - Bundle: read whole (up to `maxDocumentBytes`, default 256 MiB) and filtered as one document;
 * - CSV: streamed in one pass, records copied exactly.
 *
 * @throws {OptOutError} `io` for unreadable or unwritable files, `limit` for oversized input,
 * `config` for a CSV without an NHS number column or a bad request.
 * @example
 * ```ts
 * const summary = await filterFile('export/Observation.ndjson', 'out/Observation.ndjson', {
 *   request: { purpose: 'research', basis: 's251-standard-condition', origin: 'non-gp', date: '2025-03-01' },
 *   registers: { nationalOptOut: register },
 * });
 * console.log(summary.counts, summary.byRule);
 * ```
 */
export async function filterFile(
  input: string,
  output: string | TextSink,
  options: FilterFileOptions,
): Promise<OptOutAuditSummary> {
  const format =
    options.format === undefined || options.format === 'auto'
      ? filterFileFormat(input)
      : options.format;
  const filter = new OptOutFilter(options);
  const file = typeof output === 'string' ? await openOutputFile(output) : undefined;
  const sink = typeof output === 'string' ? undefined : output;
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    if (file) await file.write(text);
    else if (sink) await sink(text);
  };
  try {
    for (const patientFile of options.patientFiles ?? []) {
      const issues: OptOutIssue[] = [];
      for await (const item of readFhirResources(patientFile, issues, options.maxDocumentBytes)) {
        filter.indexPatient(item.resource, item.fullUrl);
      }
      for (const issue of issues) filter.issue(issue);
    }
    if (format === 'csv') {
      const csv = new CsvOptOutFilter(filter, { source: basename(input), ...options });
      await runPass(input, csv.writer(), write, 'filter', options.onProgress);
    } else if (format === 'bundle') {
      const text = await readTextFile(input, options.maxDocumentBytes ?? MAX_DOCUMENT_BYTES);
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        filter.invalidInput('the file is not JSON', basename(input));
        document = undefined;
      }
      if (document !== undefined) {
        const result = filterBundle(document, filter);
        if (result.keep) await write(`${JSON.stringify(result.bundle)}\n`);
      }
    } else {
      const ndjson = new NdjsonOptOutFilter(filter, { source: basename(input) });
      await runPass(input, ndjson.indexer(), undefined, 'index', options.onProgress);
      for (let pass = 0; ndjson.needsLinkPass && pass < 20; pass += 1) {
        await runPass(
          input,
          ndjson.linker(),
          undefined,
          `link ${String(pass + 1)}`,
          options.onProgress,
        );
      }
      await runPass(input, ndjson.writer(), write, 'filter', options.onProgress);
    }
    await file?.commit();
  } catch (error) {
    await file?.abort();
    throw error;
  }
  return filter.summary();
}
