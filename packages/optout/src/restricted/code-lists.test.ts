import { parseSnomedCtId } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../issues';
import {
  ILLUSTRATIVE_RESTRICTED_CODE_LISTS,
  KNOWN_RESTRICTED_REFSETS,
  RF2_SIMPLE_REFSET_HEADER,
  RefsetFileReader,
  createRestrictedCodeList,
  parseRefsetFile,
} from './code-lists';

const HEADER = RF2_SIMPLE_REFSET_HEADER.join('\t');
const STI = '999004381000000103';
const MODULE = '999000011000000103';
const row = (id: string, time: string, active: string, refset: string, code: string): string =>
  [id, time, active, MODULE, refset, code].join('\t');
const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('restricted code lists', () => {
  it('ship only illustrative examples, clearly marked', () => {
    expect(ILLUSTRATIVE_RESTRICTED_CODE_LISTS.map((list) => list.category)).toEqual([
      'sexually-transmitted-infection',
      'termination-of-pregnancy',
      'assisted-fertilisation',
      'gender-related',
    ]);
    for (const list of ILLUSTRATIVE_RESTRICTED_CODE_LISTS) {
      expect(list.illustrative).toBe(true);
      expect(list.title).toContain('(illustrative)');
      expect(list.source).toContain('ILLUSTRATIVE ONLY');
      for (const codes of list.codes.values())
        for (const code of codes) expect(parseSnomedCtId(code).ok).toBe(true);
    }
  });

  it('know refset ids that are valid SCTIDs, with their provenance, but no members', () => {
    for (const refset of KNOWN_RESTRICTED_REFSETS) {
      expect(parseSnomedCtId(refset.refsetId)).toMatchObject({ ok: true });
      expect(refset.provenance).toContain('check it against the current UK release');
    }
  });

  it('createRestrictedCodeList counts distinct codes', () => {
    const list = createRestrictedCodeList({
      id: 'x',
      title: 'X',
      category: 'other',
      codes: [
        { system: 's', code: '1' },
        { system: 's', code: '1' },
        { system: 't', code: '1' },
      ],
    });
    expect(list).toMatchObject({ size: 2, illustrative: false });
  });
});

describe('parseRefsetFile', () => {
  it('reads the active members of the known refsets from a Snapshot', () => {
    const text = [
      HEADER,
      row(uuid(1), '20240401', '1', STI, '15628003'),
      row(uuid(2), '20240401', '0', STI, '76272004'),
      '',
    ].join('\n');
    const result = parseRefsetFile(text, { source: 'refset.txt' });
    expect(result).toMatchObject({ ok: true, rows: 2, skippedRows: 0, issues: [] });
    expect(result.lists).toHaveLength(1);
    expect(result.lists[0]).toMatchObject({
      id: STI,
      category: 'sexually-transmitted-infection',
      size: 1,
      illustrative: false,
      source: 'refset.txt',
    });
  });

  it('lets the latest effectiveTime of each member decide in a Full file', () => {
    const text = [
      HEADER,
      row(uuid(1), '20200101', '1', STI, '15628003'),
      row(uuid(1), '20230101', '0', STI, '15628003'),
      row(uuid(2), '20230101', '0', STI, '76272004'),
      row(uuid(2), '20240101', '1', STI, '76272004'),
    ].join('\r\n');
    const [list] = parseRefsetFile(text).lists;
    expect([...(list?.codes.get('http://snomed.info/sct') ?? [])]).toEqual(['76272004']);
    const past = parseRefsetFile(text, { effectiveOnOrBefore: '20221231' });
    expect([...(past.lists[0]?.codes.get('http://snomed.info/sct') ?? [])]).toEqual(['15628003']);
  });

  it('takes the refsets and categories asked for, counting the rows of others', () => {
    const text = [
      HEADER,
      row(uuid(1), '20240401', '1', STI, '15628003'),
      row(uuid(2), '20240401', '1', '1955841000000104', '52637005'),
    ].join('\n');
    const result = parseRefsetFile(text, { refsets: { [STI]: 'other' } });
    expect(result.lists.map((list) => [list.id, list.category])).toEqual([[STI, 'other']]);
    expect(result.skippedRows).toBe(1);
    expect(result.issues.map((issue) => issue.diagnostics)).toEqual([
      '1 row(s) of refset 1955841000000104 skipped: it is not one of the refsets asked for',
    ]);
  });

  it('reports every malformed row by line number', () => {
    const text = [
      HEADER,
      row('not-a-uuid', '2024-04-01', 'yes', STI, '15628004'),
      `${uuid(3)}\t20240401\t1`,
      row(uuid(4), '20240230', '1', '123', '15628003'),
      row(uuid(5), '20240401', '1', STI, '15628003'),
    ].join('\n');
    const result = parseRefsetFile(text, { source: 'bad.txt' });
    expect(result.ok).toBe(false);
    expect(result.issues.map(formatIssue)).toEqual([
      'bad.txt:2: error: id is not a UUID; effectiveTime is not a date written YYYYMMDD; active is not 0 or 1; referencedComponentId is not a valid SCTID (check-digit)',
      'bad.txt:3: error: expected 6 tab-separated columns; found 3',
      'bad.txt:4: error: effectiveTime is not a date written YYYYMMDD; refsetId is not a valid SCTID (length)',
    ]);
    expect(result.lists[0]?.size).toBe(1);
  });

  it('needs the RF2 header, and reads across chunk boundaries', () => {
    expect(parseRefsetFile('id,effectiveTime\n').issues[0]?.diagnostics).toContain(
      'expected the RF2 simple refset header',
    );
    expect(parseRefsetFile('').issues[0]?.diagnostics).toContain('the file is empty');
    const text = [HEADER, row(uuid(1), '20240401', '1', STI, '15628003')].join('\n');
    const reader = new RefsetFileReader();
    for (const character of text) reader.push(character);
    expect(reader.end().lists[0]?.size).toBe(1);
  });
});
