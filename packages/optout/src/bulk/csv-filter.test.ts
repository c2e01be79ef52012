import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { testNumbers } from '../__fixtures__/records';
import { OptOutError } from '../errors';
import { createNationalOptOutRegister } from '../registers/national';
import { NhsNumberSet } from '../registers/nhs-number-set';
import { filterCsv } from './csv-filter';
import type { OptOutFilterOptions } from './opt-out-filter';

const [a, b, c] = testNumbers(3, 41) as [NhsNumber, NhsNumber, NhsNumber];
const options: OptOutFilterOptions = {
  request: { purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
  registers: {
    nationalOptOut: createNationalOptOutRegister({
      id: 'r',
      asOf: '2025-02-20',
      optedOut: NhsNumberSet.from([b]),
      complete: true,
    }),
  },
};

describe('filterCsv', () => {
  it('keeps the header and permitted records byte for byte, quoting and CRLF included', () => {
    const text = `"name","NHS number",note\r\n"Smith, A",${a},"line one\nline two"\r\n"Jones, B",${b},x\r\nC,"${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}",y`;
    const { output, summary } = filterCsv(text, { ...options, source: 'extract.csv' });
    expect(output).toBe(
      `"name","NHS number",note\r\n"Smith, A",${a},"line one\nline two"\r\nC,"${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}",y`,
    );
    expect(summary.counts).toMatchObject({ read: 3, kept: 2, removed: 1 });
    expect(summary.byRule).toEqual({
      'ndop-not-opted-out': { effect: 'permit', count: 2 },
      'ndop-opted-out': { effect: 'deny', count: 1 },
    });
    expect(JSON.stringify(summary)).not.toContain(b);
  });

  it('fails closed for empty and invalid NHS numbers, reporting the invalid ones by line', () => {
    const text = `nhs_number,x\n,1\n9434765918,2\n${a},3\n"${a},4\n`;
    const { output, summary } = filterCsv(text, { ...options, source: 'x.csv' });
    expect(output).toBe(`nhs_number,x\n${a},3\n`);
    expect(summary.issues.map((issue) => [issue.line, issue.severity])).toEqual([
      [3, 'warning'],
      [5, 'error'],
    ]);
    expect(summary.counts.invalid).toBe(1);
  });

  it('throws a config error when there is no NHS number column', () => {
    expect(() => filterCsv('name\nx\n', options)).toThrow(OptOutError);
    expect(() => filterCsv('id,nhs\n1,x\n', { ...options, nhsNumberColumn: 'patient' })).toThrow(
      /no column named "patient"/,
    );
  });
});
