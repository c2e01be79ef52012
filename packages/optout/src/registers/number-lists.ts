import { parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { CsvRecordSplitter, NHS_NUMBER_HEADERS, findColumn, headerKey } from '../internal/csv';
import type { CsvRecord } from '../internal/csv';
import { IssueCollector } from '../internal/issue-collector';
import { LineSplitter } from '../internal/lines';
import type { Line } from '../internal/lines';
import type { OptOutIssue } from '../issues';
import { NhsNumberSetBuilder } from './nhs-number-set';
import type { NhsNumberSet } from './nhs-number-set';

/**
 * The longest line or CSV record the list readers accept, in characters.
 *
 * @example
 * ```ts
 * new NhsNumberListReader({ maxLineChars: MAX_LIST_LINE_CHARS });
 * ```
 */
export const MAX_LIST_LINE_CHARS = 65_536;

/**
 * How a list of NHS numbers is written:
 *
 * - `mesh`: the Check for National Data Opt-outs format, one 10-digit number per line, each
 *   line ending `,` and LF, no header (NHS-STANDARDS.md §3.5);
 * - `csv`: comma-separated values with a header row naming an NHS number column;
 * - `auto`: `csv` when the first non-blank line contains a letter, else `mesh`.
 *
 * @example
 * ```ts
 * const format: NhsNumberListFormat = 'mesh';
 * ```
 */
export type NhsNumberListFormat = 'mesh' | 'csv' | 'auto';

/**
 * Options for {@link NhsNumberListReader} and {@link parseNhsNumberList}.
 *
 * - `role`: `response` makes a one-line file that is not a number an error file from the
 *   national service (the service answers bad input that way);
 * - `nhsNumberColumn`: the CSV header of the NHS number column (default: `nhs_number`,
 *   `NHS Number`, `nhs_no`, ... in any case);
 * - `onNumber`: called for the first occurrence of each valid number, in input order.
 *
 * @example
 * ```ts
 * const options: NhsNumberListOptions = { source: 'response.dat', format: 'mesh', role: 'response' };
 * ```
 */
export interface NhsNumberListOptions {
  readonly source?: string;
  readonly format?: NhsNumberListFormat;
  readonly role?: 'request' | 'response' | 'list';
  readonly nhsNumberColumn?: string;
  readonly maxLineChars?: number;
  readonly maxIssuesPerKind?: number;
  readonly onNumber?: (nhsNumber: NhsNumber, line: number) => void;
}

/**
 * What reading a list of NHS numbers gave: the distinct valid numbers, counts, and every
 * problem by line number. `ok` is false when any line was malformed (the numbers read from the
 * other lines are still there) or the file was an error file from the national service.
 *
 * @example
 * ```ts
 * const result: NhsNumberListResult = parseNhsNumberList(text, { source: 'cohort.csv' });
 * if (!result.ok) console.error(result.issues.map(formatIssue).join('\n'));
 * ```
 */
export interface NhsNumberListResult {
  readonly ok: boolean;
  readonly format: 'mesh' | 'csv';
  readonly numbers: NhsNumberSet;
  /** Lines or records that held a valid number (duplicates included). */
  readonly valid: number;
  readonly duplicates: number;
  /** Lines or records that could not be read as a number. */
  readonly invalid: number;
  /** Blank lines skipped. */
  readonly blank: number;
  readonly issues: readonly OptOutIssue[];
}

const MESH_LINE = /^(\d{10}),$/;
const HAS_LETTER = /[A-Za-z]/;

function describeRejection(code: string, message: string): string {
  return `not a valid NHS number (${code}): ${message.replace(/^NHS number /, '')}`;
}

/**
 * Reads a list of NHS numbers (a MESH request or response file, or a CSV with an NHS number
 * column) from text chunks with memory bounded by the set of numbers, reporting every
 * malformed line by number. Platform-neutral; `@lhcr/optout/node` feeds it files.
 *
 * @see NHS-STANDARDS.md §3.5
 * @example
 * ```ts
 * const reader = new NhsNumberListReader({ source: 'response.dat', role: 'response' });
 * for await (const chunk of stream) reader.push(chunk);
 * const result = reader.end();
 * ```
 */
export class NhsNumberListReader {
  private readonly source: string;
  private readonly issues: IssueCollector;
  private readonly builder = new NhsNumberSetBuilder();
  private readonly lines: LineSplitter;
  private csv: CsvRecordSplitter | undefined;
  private format: 'mesh' | 'csv' | undefined;
  private column = -1;
  private headerSeen = false;
  private valid = 0;
  private duplicates = 0;
  private invalid = 0;
  private blank = 0;
  private pendingBlank: number[] = [];
  private firstLine: Line | undefined;
  private nonBlankLines = 0;
  private buffered: string[] = [];

  constructor(private readonly options: NhsNumberListOptions = {}) {
    this.source = options.source ?? '<list>';
    this.issues = new IssueCollector(this.source, options.maxIssuesPerKind ?? 100);
    this.lines = new LineSplitter(options.maxLineChars ?? MAX_LIST_LINE_CHARS, this.source);
    if (options.format === 'mesh' || options.format === 'csv') this.format = options.format;
    // The national service answers in its own format, or with a one-line error message.
    if (options.role === 'response' && this.format === undefined) this.format = 'mesh';
  }

  /**
   * Reads the next chunk of text.
   *
   * @example
   * ```ts
   * reader.push('9990000018,\n');
   * ```
   */
  push(chunk: string): void {
    if (this.format === undefined) {
      this.buffered.push(chunk);
      const text = this.buffered.join('');
      const firstNonBlank = text.split('\n').find((line) => line.trim() !== '');
      const decided = firstNonBlank !== undefined && (text.includes('\n') || text.length > 4096);
      if (!decided) return;
      this.format = HAS_LETTER.test(firstNonBlank) ? 'csv' : 'mesh';
      this.buffered = [];
      this.feed(text);
      return;
    }
    this.feed(chunk);
  }

  /**
   * Finishes reading and returns the result.
   *
   * @example
   * ```ts
   * const { numbers, issues } = reader.end();
   * ```
   */
  end(): NhsNumberListResult {
    if (this.format === undefined) {
      const text = this.buffered.join('');
      const firstNonBlank = text.split('\n').find((line) => line.trim() !== '');
      this.format = firstNonBlank !== undefined && HAS_LETTER.test(firstNonBlank) ? 'csv' : 'mesh';
      this.feed(text);
    }
    if (this.format === 'csv') {
      for (const record of this.csvSplitter().end()) this.csvRecord(record);
      if (!this.headerSeen) {
        this.issues.add('header', 'error', 'required', 'the CSV has no header row');
      }
    } else {
      for (const line of this.lines.end()) this.meshLine(line);
    }
    let errorFile = false;
    if (
      this.options.role === 'response' &&
      this.format === 'mesh' &&
      this.nonBlankLines === 1 &&
      this.valid === 0 &&
      this.firstLine !== undefined
    ) {
      errorFile = true;
    }
    const issues = errorFile ? [this.errorFileIssue(this.firstLine as Line)] : this.issues.list();
    return {
      ok: !errorFile && !issues.some((issue) => issue.severity === 'error'),
      format: this.format,
      numbers: this.builder.build(),
      valid: this.valid,
      duplicates: this.duplicates,
      invalid: this.invalid,
      blank: this.blank,
      issues,
    };
  }

  private errorFileIssue(line: Line): OptOutIssue {
    const text = line.text.replace(/\d{10}/g, '[redacted]').slice(0, 300);
    return {
      severity: 'error',
      code: 'processing',
      diagnostics: `this is an error file from the national service, not a cleaned list: ${JSON.stringify(text)}`,
      source: this.source,
      line: line.number,
    };
  }

  private csvSplitter(): CsvRecordSplitter {
    this.csv ??= new CsvRecordSplitter(
      this.options.maxLineChars ?? MAX_LIST_LINE_CHARS,
      this.source,
    );
    return this.csv;
  }

  private feed(text: string): void {
    if (this.format === 'csv') {
      for (const record of this.csvSplitter().push(text)) this.csvRecord(record);
    } else {
      for (const line of this.lines.push(text)) this.meshLine(line);
    }
  }

  private accept(nhsNumber: NhsNumber, line: number): void {
    this.valid += 1;
    if (this.builder.add(nhsNumber)) {
      this.options.onNumber?.(nhsNumber, line);
    } else {
      this.duplicates += 1;
      this.issues.add(
        'duplicate',
        'information',
        'duplicate',
        'this NHS number already appeared on an earlier line; it is counted once',
        line,
      );
    }
  }

  private meshLine(line: Line): void {
    const text = line.text;
    if (text.trim() === '') {
      this.blank += 1;
      this.pendingBlank.push(line.number);
      return;
    }
    // Blank lines are harmless at the end of a file, but worth a warning between numbers.
    for (const number of this.pendingBlank) {
      this.issues.add('blank', 'warning', 'structure', 'blank line', number);
    }
    this.pendingBlank = [];
    this.nonBlankLines += 1;
    this.firstLine ??= line;
    if (line.crlf) {
      this.issues.add(
        'crlf',
        'warning',
        'structure',
        'line ends with CRLF; the national service format uses LF only',
        line.number,
      );
    }
    const exact = MESH_LINE.exec(text);
    if (exact) {
      const parsed = parseNhsNumber(exact[1] as string);
      if (parsed.ok) {
        this.accept(parsed.value, line.number);
        return;
      }
      this.reject(parsed.code, parsed.message, line.number);
      return;
    }
    const candidate = text.trim().replace(/,$/, '');
    const parsed = parseNhsNumber(candidate);
    if (!parsed.ok) {
      this.reject(parsed.code, parsed.message, line.number);
      return;
    }
    this.issues.add(
      'shape',
      'warning',
      'structure',
      'line is not exactly ten digits followed by a comma, as the national service format requires; the number was read',
      line.number,
    );
    this.accept(parsed.value, line.number);
  }

  private reject(code: string, message: string, line: number): void {
    this.invalid += 1;
    this.issues.add('invalid', 'error', 'value', describeRejection(code, message), line);
  }

  private csvRecord(record: CsvRecord): void {
    if (!this.headerSeen) {
      if (record.raw.trim() === '') {
        this.blank += 1;
        return;
      }
      this.headerSeen = true;
      this.column = findColumn(record.fields, this.options.nhsNumberColumn, NHS_NUMBER_HEADERS);
      if (this.column < 0) {
        this.issues.add(
          'header',
          'error',
          'required',
          this.options.nhsNumberColumn === undefined
            ? `no NHS number column in the header; expected one of ${NHS_NUMBER_HEADERS.join(', ')} (case, spaces and underscores ignored), or name it`
            : `no column named ${JSON.stringify(this.options.nhsNumberColumn)} in the header`,
          record.line,
        );
      }
      return;
    }
    if (record.raw.trim() === '') {
      this.blank += 1;
      return;
    }
    if (this.column < 0) {
      this.invalid += 1;
      return;
    }
    if (record.malformed !== undefined) {
      this.issues.add(
        'malformed',
        'error',
        'structure',
        `malformed CSV record: ${record.malformed}`,
        record.line,
      );
      this.invalid += 1;
      return;
    }
    const value = record.fields[this.column];
    if (value === undefined || value.trim() === '') {
      this.invalid += 1;
      this.issues.add(
        'missing',
        'error',
        'required',
        value === undefined
          ? 'the record has fewer fields than the header'
          : 'the NHS number is empty',
        record.line,
      );
      return;
    }
    const parsed = parseNhsNumber(value);
    if (!parsed.ok) {
      this.reject(parsed.code, parsed.message, record.line);
      return;
    }
    this.accept(parsed.value, record.line);
  }
}

/**
 * Reads a complete list of NHS numbers from text. See {@link NhsNumberListReader}.
 *
 * @example
 * ```ts
 * const result = parseNhsNumberList('9990000018,\n9990000026,\n', { source: 'request.dat', format: 'mesh' });
 * result.numbers.size; // 2
 * ```
 */
export function parseNhsNumberList(
  text: string,
  options: NhsNumberListOptions = {},
): NhsNumberListResult {
  const reader = new NhsNumberListReader(options);
  reader.push(text);
  return reader.end();
}

/**
 * What {@link NationalOptOutCsvReader} gives: opted-out and cleared numbers, with issues.
 *
 * @example
 * ```ts
 * const result: NationalOptOutCsvResult = parseNationalOptOutCsv(text, { source: 'optouts.csv' });
 * ```
 */
export interface NationalOptOutCsvResult {
  readonly ok: boolean;
  readonly optedOut: NhsNumberSet;
  readonly cleared: NhsNumberSet;
  readonly issues: readonly OptOutIssue[];
}

/**
 * Options for {@link NationalOptOutCsvReader}: the header names of the NHS number and status
 * columns (defaults: the usual NHS number spellings; `status`, `opt_out`, `opted_out`, `ndop`).
 *
 * @example
 * ```ts
 * const options: NationalOptOutCsvOptions = { source: 'ndop.csv', statusColumn: 'NDOP flag' };
 * ```
 */
export interface NationalOptOutCsvOptions {
  readonly source?: string;
  readonly nhsNumberColumn?: string;
  readonly statusColumn?: string;
  readonly maxRecordChars?: number;
}

const STATUS_HEADERS = ['status', 'optout', 'optedout', 'ndop', 'nationaldataoptout', 'ndopstatus'];
const OPTED_OUT_VALUES = new Set(['optedout', 'optout', 'y', 'yes', 'true', '1', 'out']);
const CLEARED_VALUES = new Set([
  'notoptedout',
  'nooptout',
  'n',
  'no',
  'false',
  '0',
  'clear',
  'cleared',
  'in',
]);

/**
 * Reads a national data opt-out register kept as CSV: a header row, an NHS number column and a
 * status column (`opted-out`/`not-opted-out`, `Y`/`N`, `true`/`false`, `1`/`0`, case and
 * punctuation ignored). Numbers not listed are not covered. Every bad record is reported by line.
 *
 * @example
 * ```ts
 * const reader = new NationalOptOutCsvReader({ source: 'ndop.csv' });
 * reader.push('nhs_number,status\n9990000018,opted-out\n');
 * const { optedOut } = reader.end(); // optedOut.size === 1
 * ```
 */
export class NationalOptOutCsvReader {
  private readonly source: string;
  private readonly issues: IssueCollector;
  private readonly splitter: CsvRecordSplitter;
  private readonly optedOut = new NhsNumberSetBuilder();
  private readonly cleared = new NhsNumberSetBuilder();
  private numberColumn = -1;
  private statusColumn = -1;
  private headerSeen = false;

  constructor(private readonly options: NationalOptOutCsvOptions = {}) {
    this.source = options.source ?? '<csv>';
    this.issues = new IssueCollector(this.source);
    this.splitter = new CsvRecordSplitter(
      options.maxRecordChars ?? MAX_LIST_LINE_CHARS,
      this.source,
    );
  }

  /**
   * Reads the next chunk.
   *
   * @example
   * ```ts
   * reader.push(chunk);
   * ```
   */
  push(chunk: string): void {
    for (const record of this.splitter.push(chunk)) this.record(record);
  }

  /**
   * Finishes reading.
   *
   * @example
   * ```ts
   * const { ok, optedOut, cleared, issues } = reader.end();
   * ```
   */
  end(): NationalOptOutCsvResult {
    for (const record of this.splitter.end()) this.record(record);
    if (!this.headerSeen)
      this.issues.add('header', 'error', 'required', 'the CSV has no header row');
    const issues = this.issues.list();
    return {
      ok: !issues.some((issue) => issue.severity === 'error'),
      optedOut: this.optedOut.build(),
      cleared: this.cleared.build(),
      issues,
    };
  }

  private record(record: CsvRecord): void {
    if (record.raw.trim() === '') return;
    if (!this.headerSeen) {
      this.headerSeen = true;
      this.numberColumn = findColumn(
        record.fields,
        this.options.nhsNumberColumn,
        NHS_NUMBER_HEADERS,
      );
      this.statusColumn = findColumn(record.fields, this.options.statusColumn, STATUS_HEADERS);
      if (this.numberColumn < 0) {
        this.issues.add(
          'header',
          'error',
          'required',
          'no NHS number column in the header',
          record.line,
        );
      }
      if (this.statusColumn < 0) {
        this.issues.add(
          'header',
          'error',
          'required',
          `no opt-out status column in the header; expected one of ${STATUS_HEADERS.join(', ')}, or name it`,
          record.line,
        );
      }
      return;
    }
    if (this.numberColumn < 0 || this.statusColumn < 0) return;
    if (record.malformed !== undefined) {
      this.issues.add(
        'malformed',
        'error',
        'structure',
        `malformed CSV record: ${record.malformed}`,
        record.line,
      );
      return;
    }
    const number = record.fields[this.numberColumn];
    const status = record.fields[this.statusColumn];
    if (number === undefined || status === undefined) {
      this.issues.add(
        'missing',
        'error',
        'required',
        'the record has fewer fields than the header',
        record.line,
      );
      return;
    }
    const parsed = parseNhsNumber(number);
    if (!parsed.ok) {
      this.issues.add(
        'invalid',
        'error',
        'value',
        describeRejection(parsed.code, parsed.message),
        record.line,
      );
      return;
    }
    const key = headerKey(status);
    if (OPTED_OUT_VALUES.has(key)) {
      this.optedOut.add(parsed.value);
    } else if (CLEARED_VALUES.has(key)) {
      this.cleared.add(parsed.value);
    } else {
      this.issues.add(
        'status',
        'error',
        'value',
        `unknown opt-out status ${JSON.stringify(status.slice(0, 40))}; expected opted-out or not-opted-out (or Y/N, true/false, 1/0)`,
        record.line,
      );
    }
  }
}

/**
 * Reads a complete national opt-out CSV. See {@link NationalOptOutCsvReader}.
 *
 * @example
 * ```ts
 * parseNationalOptOutCsv('NHS Number,Opted Out\n9990000018,Y\n').optedOut.size; // 1
 * ```
 */
export function parseNationalOptOutCsv(
  text: string,
  options: NationalOptOutCsvOptions = {},
): NationalOptOutCsvResult {
  const reader = new NationalOptOutCsvReader(options);
  reader.push(text);
  return reader.end();
}
