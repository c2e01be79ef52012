import { assertNhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { formatMeshRequest, meshRequestFileName, meshRequestLine } from './mesh';
import { parseNhsNumberList } from './number-lists';

describe('MESH request files', () => {
  it('writes one number per line ending with a comma and LF, no header', () => {
    const numbers = [assertNhsNumber('943 476 5919'), assertNhsNumber('9990000018')];
    const text = formatMeshRequest(numbers);
    expect(text).toBe('9434765919,\n9990000018,\n');
    expect(text).not.toContain('\r');
    expect(meshRequestLine(assertNhsNumber('9000000009'))).toBe('9000000009,\n');
    expect(parseNhsNumberList(text, { role: 'request' })).toMatchObject({
      ok: true,
      issues: [],
      valid: 2,
    });
  });

  it('names files <mailbox>-<DDMMYY>-<4-digit monthly sequence>.dat', () => {
    expect(
      meshRequestFileName({ mailboxId: '8HQ50OT001', date: '2020-06-03', sequence: 1 }),
    ).toEqual({
      ok: true,
      value: '8HQ50OT001-030620-0001.dat',
    });
    expect(
      meshRequestFileName({ mailboxId: 'X26:AB', date: '2020-06-03', sequence: 1 }),
    ).toMatchObject({ ok: false });
    expect(
      meshRequestFileName({ mailboxId: 'X26AB', date: '03/06/2020', sequence: 1 }),
    ).toMatchObject({ ok: false });
    expect(
      meshRequestFileName({ mailboxId: 'X26AB', date: '2020-06-03', sequence: 10_000 }),
    ).toMatchObject({ ok: false });
  });
});
