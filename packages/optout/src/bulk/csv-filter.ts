import { parseNhsNumber } from '@lhcr/models';
import { OptOutError } from '../errors';
import { CsvRecordSplitter, NHS_NUMBER_HEADERS, findColumn } from '../internal/csv';
import type { CsvRecord } from '../internal/csv';
import { ABSENT_PATIENT, UNRESOLVED_PATIENT } from '../registers/patient-identity';
import type { ChunkSink } from './ndjson';
import { OptOutFilter } from './opt-out-filter';
import type { OptOutAuditSummary, OptOutFilterOptions } from './opt-out-filter';

/**
 * Options for {@link CsvOptOutFilter}: a source name for issues, the header of the NHS number
 * column (default: the usual spellings, `nhs_number`, `NHS Number`, ...) and the record length
 * limit.
 *
 * @example
 * ```ts
 * const options: CsvFilterOptions = { source: 'extract.csv', nhsNumberColumn: 'Patient NHS No' };
 * ```
 */
export interface CsvFilterOptions {
  readonly source?: string;
  readonly nhsNumberColumn?: string;
  readonly maxRecordChars?: number;
}

/**
 * Filters CSV with an NHS number column, streaming: the header and kept records are written
 * exactly as they came (quoting and line endings kept); a record whose NHS number is empty is
 * decided as a patient without one, and one whose NHS number fails its check as unresolved
 * (both fail closed for secondary uses, and the second is reported by line). Malformed records
 * are removed and reported.
 *
 * @throws {OptOutError} `config` when the header has no NHS number column.
 * @example
 * ```ts
 * const csv = new CsvOptOutFilter(new OptOutFilter(options), { source: 'extract.csv' });
 * const writer = csv.writer();
 * let output = writer.push(text) + writer.end();
 * ```
 */
export class CsvOptOutFilter {
  readonly filter: OptOutFilter;
  private readonly source: string;
  private column = -1;
  private headerDone = false;

  constructor(
    filter: OptOutFilter,
    private readonly options: CsvFilterOptions = {},
  ) {
    this.filter = filter;
    this.source = options.source ?? '<csv>';
  }

  private record(record: CsvRecord, out: string[]): void {
    if (!this.headerDone) {
      if (record.raw.trim() === '') {
        this.filter.blankLine();
        return;
      }
      this.headerDone = true;
      this.column = findColumn(record.fields, this.options.nhsNumberColumn, NHS_NUMBER_HEADERS);
      if (this.column < 0) {
        throw new OptOutError(
          'config',
          `${this.source}: ${this.options.nhsNumberColumn === undefined ? `no NHS number column in the header (expected one of ${NHS_NUMBER_HEADERS.join(', ')}, case, spaces and underscores ignored)` : `no column named ${JSON.stringify(this.options.nhsNumberColumn)} in the header`}`,
        );
      }
      out.push(record.raw, record.terminator);
      return;
    }
    if (record.raw.trim() === '') {
      this.filter.blankLine();
      return;
    }
    if (record.malformed !== undefined) {
      this.filter.invalidInput(
        `malformed CSV record: ${record.malformed}`,
        this.source,
        record.line,
      );
      return;
    }
    const cell = record.fields[this.column];
    if (cell === undefined) {
      this.filter.invalidInput(
        'the record has fewer fields than the header',
        this.source,
        record.line,
      );
      return;
    }
    let outcome;
    if (cell.trim() === '') {
      outcome = this.filter.decidePatient(ABSENT_PATIENT);
    } else {
      const parsed = parseNhsNumber(cell);
      if (parsed.ok) {
        outcome = this.filter.decidePatient({ presence: 'present', nhsNumbers: [parsed.value] });
      } else {
        this.filter.issue({
          severity: 'warning',
          code: 'value',
          diagnostics: `not a valid NHS number (${parsed.code}); the record is decided as unresolved`,
          source: this.source,
          line: record.line,
        });
        outcome = this.filter.decidePatient(UNRESOLVED_PATIENT);
      }
    }
    this.filter.count('csv-record', outcome, outcome.nhsNumber);
    if (outcome.keep) out.push(record.raw, record.terminator);
  }

  /**
   * The output sink: returns the CSV text to write for each chunk.
   *
   * @example
   * ```ts
   * const writer = csv.writer();
   * for (const chunk of chunks) output(writer.push(chunk));
   * output(writer.end());
   * ```
   */
  writer(): ChunkSink<string> {
    const splitter = new CsvRecordSplitter(this.options.maxRecordChars ?? 1_048_576, this.source);
    return {
      push: (chunk) => {
        const out: string[] = [];
        for (const record of splitter.push(chunk)) this.record(record, out);
        return out.join('');
      },
      end: () => {
        const out: string[] = [];
        for (const record of splitter.end()) this.record(record, out);
        return out.join('');
      },
    };
  }
}

/**
 * Filters complete CSV text in memory. See {@link CsvOptOutFilter}.
 *
 * @example
 * ```ts
 * const { output, summary } = filterCsv('nhs_number,value\n9990000018,1\n', { request, registers });
 * ```
 */
export function filterCsv(
  text: string,
  options: OptOutFilterOptions & CsvFilterOptions,
): { readonly output: string; readonly summary: OptOutAuditSummary } {
  const csv = new CsvOptOutFilter(new OptOutFilter(options), options);
  const writer = csv.writer();
  const output = writer.push(text) + writer.end();
  return { output, summary: csv.filter.summary() };
}
