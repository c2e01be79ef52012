import { OptOutError } from '../errors';

/** One CSV record: its exact text (without the line terminator), fields and first line number. */
export interface CsvRecord {
  /** The record as it appeared, without its line terminator; quoted line breaks kept. */
  readonly raw: string;
  /** The terminator that ended it: `\n`, `\r\n` or `` at the end of input. */
  readonly terminator: string;
  readonly line: number;
  readonly fields: readonly string[];
  /** Set when the record's quoting is broken; `fields` is then a best effort. */
  readonly malformed?: string;
}

const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;

/** Splits one record's text into fields (RFC 4180 quoting; `""` inside quotes is a quote). */
export function splitCsvFields(raw: string): { fields: string[]; malformed?: string } {
  const fields: string[] = [];
  let index = 0;
  let malformed: string | undefined;
  for (;;) {
    if (raw.charCodeAt(index) === QUOTE) {
      let value = '';
      let position = index + 1;
      for (;;) {
        const quote = raw.indexOf('"', position);
        if (quote < 0) {
          malformed ??= 'a quoted field is not closed';
          value += raw.slice(position);
          position = raw.length;
          break;
        }
        value += raw.slice(position, quote);
        if (raw.charCodeAt(quote + 1) === QUOTE) {
          value += '"';
          position = quote + 2;
          continue;
        }
        position = quote + 1;
        break;
      }
      const comma = raw.indexOf(',', position);
      const tail = comma < 0 ? raw.slice(position) : raw.slice(position, comma);
      if (tail !== '') {
        malformed ??= 'characters follow a closing quote';
        value += tail;
      }
      fields.push(value);
      if (comma < 0) break;
      index = comma + 1;
    } else {
      const comma = raw.indexOf(',', index);
      const value = comma < 0 ? raw.slice(index) : raw.slice(index, comma);
      if (value.includes('"')) malformed ??= 'a quote appears inside an unquoted field';
      fields.push(value);
      if (comma < 0) break;
      index = comma + 1;
    }
  }
  return malformed === undefined ? { fields } : { fields, malformed };
}

/**
 * Splits CSV text arriving in chunks into records, keeping each record's exact text so filters
 * can copy kept records unchanged. Line breaks inside quoted fields stay inside the record.
 */
export class CsvRecordSplitter {
  private pending = '';
  private inQuotes = false;
  /** Where scanning of `pending` resumes. */
  private scanned = 0;
  private line = 1;
  private recordLine = 1;

  constructor(
    private readonly maxRecordChars: number,
    private readonly source: string,
  ) {}

  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    this.pending += chunk;
    const text = this.pending;
    let start = 0;
    let index = this.scanned;
    const length = text.length;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) {
        this.inQuotes = !this.inQuotes;
      } else if (code === NEWLINE) {
        if (this.inQuotes) {
          this.line += 1;
        } else {
          const crlf = index > start && text.charCodeAt(index - 1) === RETURN;
          const raw = text.slice(start, crlf ? index - 1 : index);
          records.push(this.record(raw, crlf ? '\r\n' : '\n'));
          this.line += 1;
          this.recordLine = this.line;
          start = index + 1;
        }
      }
      index += 1;
    }
    this.pending = start === 0 ? text : text.slice(start);
    this.scanned = this.pending.length;
    if (this.pending.length > this.maxRecordChars) {
      throw new OptOutError(
        'limit',
        `${this.source}: the CSV record starting on line ${String(this.recordLine)} is longer than ${String(this.maxRecordChars)} characters${this.inQuotes ? ' (is a quote left open?)' : ''}`,
      );
    }
    return records;
  }

  end(): CsvRecord[] {
    if (this.pending === '') return [];
    const raw = this.pending;
    this.pending = '';
    this.scanned = 0;
    const record = this.record(raw, '');
    return [record];
  }

  private record(raw: string, terminator: string): CsvRecord {
    const { fields, malformed } = splitCsvFields(raw);
    return malformed === undefined
      ? { raw, terminator, line: this.recordLine, fields }
      : { raw, terminator, line: this.recordLine, fields, malformed };
  }
}

/** Normalises a header for matching: lower case, no spaces, underscores, dashes or dots. */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
}

/** Header spellings taken to mean "the NHS number column". */
export const NHS_NUMBER_HEADERS: readonly string[] = [
  'nhsnumber',
  'nhsno',
  'nhs',
  'nhsnum',
  'patientnhsnumber',
];

/** The index of the column whose header matches `wanted` (or the NHS number spellings). */
export function findColumn(
  headers: readonly string[],
  wanted: string | undefined,
  fallbacks: readonly string[],
): number {
  const keys = headers.map(headerKey);
  if (wanted !== undefined) return keys.indexOf(headerKey(wanted));
  for (const candidate of fallbacks) {
    const index = keys.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}
