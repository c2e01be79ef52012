import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { testNumbers } from '../__fixtures__/records';
import { formatIssue } from '../issues';
import { NhsNumberListReader, parseNationalOptOutCsv, parseNhsNumberList } from './number-lists';

const [a, b, c] = testNumbers(3) as [NhsNumber, NhsNumber, NhsNumber];
const badCheck = `${a.slice(0, 9)}${String((Number(a[9]) + 1) % 10)}`;

function noNumbersIn(text: string): void {
  for (const number of [a, b, c, badCheck]) expect(text).not.toContain(number);
}

describe('parseNhsNumberList (MESH format)', () => {
  it('reads the service format: ten digits, a comma, LF', () => {
    const result = parseNhsNumberList(`${a},\n${b},\n`, {
      source: 'response.dat',
      role: 'response',
    });
    expect(result).toMatchObject({
      ok: true,
      format: 'mesh',
      valid: 2,
      duplicates: 0,
      invalid: 0,
      issues: [],
    });
    expect([...result.numbers].sort()).toEqual([a, b].sort());
  });

  it('reports each malformed line by number, without the number, and keeps the good lines', () => {
    const text = `${a},\n${badCheck},\n12345,\nhello,\n${b},\n`;
    const result = parseNhsNumberList(text, { source: 'request.dat' });
    expect(result.ok).toBe(false);
    expect(result.numbers.size).toBe(2);
    expect(result.invalid).toBe(3);
    expect(result.issues.map(formatIssue)).toEqual([
      'request.dat:2: error: not a valid NHS number (check-digit): fails the modulus 11 check: the last digit does not match the first nine',
      'request.dat:3: error: not a valid NHS number (length): must have 10 digits; found 5',
      'request.dat:4: error: not a valid NHS number (format): may contain only digits, with spaces or dashes between them',
    ]);
    noNumbersIn(JSON.stringify(result.issues));
  });

  it('warns about CRLF, missing commas and blank lines between numbers, but reads the numbers', () => {
    const result = parseNhsNumberList(`${a},\r\n\n${b}\n${c},\n\n\n`, {
      source: 'x.dat',
      format: 'mesh',
    });
    expect(result.ok).toBe(true);
    expect(result.numbers.size).toBe(3);
    expect(result.blank).toBe(3);
    expect(result.issues.map(formatIssue)).toEqual([
      'x.dat:1: warning: line ends with CRLF; the national service format uses LF only',
      'x.dat:2: warning: blank line',
      'x.dat:3: warning: line is not exactly ten digits followed by a comma, as the national service format requires; the number was read',
    ]);
  });

  it('counts duplicates once, as information', () => {
    const result = parseNhsNumberList(`${a},\n${a},\n`, { format: 'mesh' });
    expect(result).toMatchObject({ ok: true, valid: 2, duplicates: 1 });
    expect(result.numbers.size).toBe(1);
    expect(result.issues).toEqual([
      expect.objectContaining({ severity: 'information', code: 'duplicate', line: 2 }),
    ]);
  });

  it('recognises the one-line error file the service sends back for bad input', () => {
    const result = parseNhsNumberList(`Invalid NHS number found ${a}\n`, {
      source: 'resp.dat',
      role: 'response',
    });
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.diagnostics).toContain(
      'this is an error file from the national service',
    );
    expect(result.issues[0]?.diagnostics).toContain('[redacted]');
    noNumbersIn(JSON.stringify(result.issues));
  });

  it('accepts an empty response: every number checked had an opt-out', () => {
    expect(parseNhsNumberList('', { role: 'response' })).toMatchObject({ ok: true, valid: 0 });
  });

  it('gives the same result however the text is split into chunks', () => {
    const text = `${a},\n${badCheck},\r\n${b},\n${c}`;
    const whole = parseNhsNumberList(text);
    for (const size of [1, 3, 7, 11]) {
      const reader = new NhsNumberListReader();
      for (let index = 0; index < text.length; index += size)
        reader.push(text.slice(index, index + size));
      const result = reader.end();
      expect({ ...result, numbers: [...result.numbers] }).toEqual({
        ...whole,
        numbers: [...whole.numbers],
      });
    }
  });

  it('calls onNumber once per distinct number, in input order', () => {
    const seen: [string, number][] = [];
    parseNhsNumberList(`${c},\n${a},\n${c},\n`, {
      onNumber: (nhsNumber, line) => seen.push([nhsNumber, line]),
    });
    expect(seen).toEqual([
      [c, 1],
      [a, 2],
    ]);
  });
});

describe('parseNhsNumberList (CSV)', () => {
  it('finds the NHS number column by its usual headers and reads quoted fields', () => {
    const text = `"Patient name",NHS Number,Age\n"Smith, J","${a.slice(0, 3)} ${a.slice(3, 6)} ${a.slice(6)}",40\nJones,${b},\n`;
    const result = parseNhsNumberList(text, { source: 'cohort.csv' });
    expect(result).toMatchObject({ ok: true, format: 'csv', valid: 2 });
  });

  it('reports a missing column, empty cells, short and malformed records by line', () => {
    expect(
      parseNhsNumberList('name,age\nx,1\n', { source: 'c.csv' }).issues.map(formatIssue),
    ).toEqual([
      'c.csv:1: error: no NHS number column in the header; expected one of nhsnumber, nhsno, nhs, nhsnum, patientnhsnumber (case, spaces and underscores ignored), or name it',
    ]);
    const result = parseNhsNumberList(`id,nhs_number\n1,\n2\n3,"${a}"x\n4,${badCheck}\n`, {
      source: 'c.csv',
    });
    expect(result.issues.map(formatIssue)).toEqual([
      'c.csv:2: error: the NHS number is empty',
      'c.csv:3: error: the record has fewer fields than the header',
      'c.csv:4: error: malformed CSV record: characters follow a closing quote',
      'c.csv:5: error: not a valid NHS number (check-digit): fails the modulus 11 check: the last digit does not match the first nine',
    ]);
    expect(result.invalid).toBe(4);
  });

  it('uses a named column and counts line numbers across quoted line breaks', () => {
    const text = `note,Patient ID\n"two\nlines",${badCheck}\n`;
    const result = parseNhsNumberList(text, { source: 'c.csv', nhsNumberColumn: 'patient id' });
    expect(result.issues[0]).toMatchObject({ line: 2 });
  });
});

describe('parseNationalOptOutCsv', () => {
  it('reads opted-out and not-opted-out rows in any of the usual spellings', () => {
    const result = parseNationalOptOutCsv(
      `NHS Number,Opted Out\n${a},Y\n${b},no\n${c},Opted-Out\n`,
    );
    expect(result.ok).toBe(true);
    expect([...result.optedOut].sort()).toEqual([a, c].sort());
    expect([...result.cleared]).toEqual([b]);
  });

  it('needs a status column and reports unknown statuses by line', () => {
    expect(parseNationalOptOutCsv(`nhs_number\n${a}\n`).issues[0]?.diagnostics).toContain(
      'no opt-out status column',
    );
    const result = parseNationalOptOutCsv(`nhs_number,status\n${a},maybe\n${badCheck},Y\n`, {
      source: 'n.csv',
    });
    expect(result.ok).toBe(false);
    expect(result.issues.map(formatIssue)).toEqual([
      'n.csv:2: error: unknown opt-out status "maybe"; expected opted-out or not-opted-out (or Y/N, true/false, 1/0)',
      'n.csv:3: error: not a valid NHS number (check-digit): fails the modulus 11 check: the last digit does not match the first nine',
    ]);
  });
});
