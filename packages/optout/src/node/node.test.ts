import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NhsNumber } from '@lhcr/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byNhsNumber,
  consent,
  ndjson,
  observation,
  parseNdjson,
  patient,
  testNumbers,
  type1Observation,
} from '../__fixtures__/records';
import { checkOptOut } from '../decision/check';
import type { OptOutRegisters } from '../decision/check';
import { OptOutError } from '../errors';
import { formatMeshRequest } from '../registers/mesh';
import { RF2_SIMPLE_REFSET_HEADER } from '../restricted/code-lists';
import {
  buildMeshRequest,
  filterFile,
  loadLocalDissentRegister,
  loadNationalOptOutRegister,
  loadOptOutPolicy,
  loadRefsetFile,
  loadType1Register,
  readTextChunks,
  writeMeshRequestFile,
} from './index';

let dir: string;
const [a, b, c] = testNumbers(3, 61) as [NhsNumber, NhsNumber, NhsNumber];
const path = (name: string): string => join(dir, name);
const write = (name: string, text: string): string => {
  writeFileSync(path(name), text);
  return path(name);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lhcr-optout-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('register loaders', () => {
  it('load the national register from the MESH request and response files', async () => {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      checked: write('request.dat', formatMeshRequest([a, b, c])),
      cleared: write('response.dat', formatMeshRequest([a, c])),
    });
    if (!loaded.ok) throw new Error('expected the register to load');
    expect(loaded.register.id).toBe('response.dat+request.dat');
    expect([a, b, c].map((n) => loaded.register.lookup(n).state)).toEqual([
      'not-opted-out',
      'opted-out',
      'not-opted-out',
    ]);
  });

  it('refuse a register with malformed lines, reporting them by line', async () => {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      cleared: write('bad.dat', `${a},\n12345,\n`),
    });
    expect(loaded).toMatchObject({
      ok: false,
      issues: [{ source: 'bad.dat', line: 2, severity: 'error' }],
    });
  });

  it('refuse the error file the service sends back', async () => {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      cleared: write('error.dat', 'The file contains invalid NHS numbers\n'),
    });
    expect(loaded.ok).toBe(false);
    expect(loaded.issues[0]?.diagnostics).toContain('error file from the national service');
  });

  it('load a national register kept as CSV', async () => {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      csv: write('ndop.csv', `nhs_number,status\n${a},opted-out\n${b},not-opted-out\n`),
    });
    if (!loaded.ok) throw new Error('expected the register to load');
    expect([a, b, c].map((n) => loaded.register.lookup(n).state)).toEqual([
      'opted-out',
      'not-opted-out',
      'unknown',
    ]);
  });

  it('load Type 1 from GP record NDJSON whatever the order of Patients and codes', async () => {
    const gp = write(
      'gp.ndjson',
      ndjson([
        type1Observation('t1', { reference: 'Patient/p1' }, 'objection', '2019-06-12'),
        patient('p1', a),
        patient('p2', b),
        type1Observation('t2', { reference: 'Patient/nobody' }, 'objection', '2019-06-12'),
      ]),
    );
    const loaded = await loadType1Register([gp], { asOf: '2025-02-28' });
    if (!loaded.ok) throw new Error('expected the register to load');
    expect(loaded.stats).toEqual({ patients: 2, evidence: 1, unlinked: 1 });
    expect(loaded.issues[0]?.diagnostics).toContain('1 Type 1 code(s) could not be linked');
    expect(loaded.register.lookup(a, '2025-03-01').state).toBe('objection');
    expect(loaded.register.lookup(b, '2025-03-01').state).toBe('no-objection');
  });

  it('load local dissent from a Bundle of Consents', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001', resource: patient('p1', a) },
        {
          resource: consent(
            'k1',
            { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' },
            'deny',
            '2024-01-01',
          ),
        },
        {
          resource: consent('k2', byNhsNumber(b), 'deny', '2024-01-01', {
            period: { end: '2024-06-30' },
          }),
        },
      ],
    };
    const loaded = await loadLocalDissentRegister(
      [write('consents.json', JSON.stringify(bundle))],
      { asOf: '2025-03-01' },
    );
    if (!loaded.ok) throw new Error('expected the register to load');
    expect(loaded.register.lookup(a, '2025-03-01').state).toBe('dissent');
    expect(loaded.register.lookup(b, '2025-03-01').state).toBe('no-dissent');
  });

  it('load refsets and policies from files, and fail on missing files with an io error', async () => {
    const refset = write(
      'refset.txt',
      `${RF2_SIMPLE_REFSET_HEADER.join('\t')}\n00000000-0000-4000-8000-000000000001\t20240401\t1\t999000011000000103\t999004381000000103\t15628003\n`,
    );
    expect((await loadRefsetFile(refset)).lists[0]?.size).toBe(1);
    const policy = write(
      'policy.yaml',
      'id: p\nversion: 1.0.0\nrules:\n  - { id: all, effect: deny, reasons: [no] }\n',
    );
    expect(await loadOptOutPolicy(policy)).toMatchObject({ ok: true, policy: { id: 'p' } });
    await expect(loadOptOutPolicy(path('missing.yaml'))).rejects.toMatchObject({ code: 'io' });
    await expect(loadRefsetFile(path('missing.txt'))).rejects.toBeInstanceOf(OptOutError);
  });

  it('read text without a byte-order mark', async () => {
    const file = write('bom.txt', '\uFEFFhello');
    const chunks: string[] = [];
    for await (const chunk of readTextChunks(file)) chunks.push(chunk);
    expect(chunks.join('')).toBe('hello');
  });

  it('refuses text that is not UTF-8 rather than pass on replacement characters', async () => {
    const file = path('latin1.ndjson');
    writeFileSync(file, Buffer.from('{"name":"Ren\u00e9"}\n', 'latin1'));
    const read = async (): Promise<string[]> => {
      const chunks: string[] = [];
      for await (const chunk of readTextChunks(file)) chunks.push(chunk);
      return chunks;
    };
    await expect(read()).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('latin1.ndjson: it is not valid UTF-8') as unknown,
    });
  });
});

describe('filterFile', () => {
  const request = { purpose: 'research', origin: 'non-gp', date: '2025-03-01' } as const;

  async function registers(): Promise<OptOutRegisters> {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      checked: write('req.dat', formatMeshRequest([a, b])),
      cleared: write('resp.dat', formatMeshRequest([a])),
    });
    if (!loaded.ok) throw new Error('expected the register to load');
    return { nationalOptOut: loaded.register };
  }

  it('filters an NDJSON file to a file, with progress on the side', async () => {
    const input = write(
      'export.ndjson',
      ndjson([
        observation('ob', { reference: 'Patient/pb' }),
        observation('oa', { reference: 'Patient/pa' }),
        patient('pa', a),
        patient('pb', b),
      ]),
    );
    const passes: string[] = [];
    const summary = await filterFile(input, path('out.ndjson'), {
      request,
      registers: await registers(),
      onProgress: (_, pass) => passes.push(pass),
    });
    expect(
      parseNdjson(readFileSync(path('out.ndjson'), 'utf8')).map((resource) => resource['id']),
    ).toEqual(['oa', 'pa']);
    expect(summary.counts).toMatchObject({ read: 4, kept: 2, removed: 2 });
    expect(passes).toEqual(['index', 'filter']);
    expect(readdirSync(dir).some((name) => name.endsWith('.partial'))).toBe(false);
  });

  it('filters CSV and Bundle files to a sink', async () => {
    let csv = '';
    await filterFile(
      write('x.csv', `nhs_number\n${a}\n${b}\n`),
      (text) => {
        csv += text;
      },
      { request, registers: await registers() },
    );
    expect(csv).toBe(`nhs_number\n${a}\n`);
    let json = '';
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: patient('pa', a) }, { resource: patient('pb', b) }],
    };
    await filterFile(
      write('b.json', JSON.stringify(bundle)),
      (text) => {
        json += text;
      },
      { request, registers: await registers() },
    );
    expect((JSON.parse(json) as { entry: unknown[] }).entry).toHaveLength(1);
  });

  it('leaves no output file behind when it fails', async () => {
    await expect(
      filterFile(write('nocolumn.csv', 'name\nx\n'), path('never.csv'), { request }),
    ).rejects.toMatchObject({ code: 'config' });
    expect(existsSync(path('never.csv'))).toBe(false);
    expect(existsSync(path('never.csv.partial'))).toBe(false);
  });
});

describe('MESH request files', () => {
  it('builds a request from a CSV cohort, once per number, reporting bad lines', async () => {
    const result = await buildMeshRequest(
      write('cohort.csv', `id,NHS Number\n1,${a}\n2,${b}\n3,${a}\n4,not-a-number\n5,\n`),
      path('X26AB001-030625-0001.dat'),
    );
    expect(readFileSync(path('X26AB001-030625-0001.dat'), 'utf8')).toBe(`${a},\n${b},\n`);
    expect(result).toMatchObject({ count: 2, duplicates: 1, invalid: 2, bytes: 24 });
    expect(result.issues.map((issue) => issue.line)).toEqual([5, 6]);
  });

  it('builds a request from NDJSON Patients and NHS number references', async () => {
    let text = '';
    const result = await buildMeshRequest(
      write(
        'cohort.ndjson',
        ndjson([
          patient('p1', a),
          observation('o', byNhsNumber(c)),
          patient('p2', undefined),
          { resourceType: 'Organization' },
        ]),
      ),
      (chunk) => {
        text += chunk;
      },
    );
    expect(text).toBe(`${a},\n${c},\n`);
    expect(result).toMatchObject({
      count: 2,
      invalid: 1,
      issues: [{ line: 3, diagnostics: 'no NHS number: this record cannot be checked' }],
    });
  });

  it('writes a request from numbers and checks it against the national service format', async () => {
    const result = await writeMeshRequestFile(path('direct.dat'), [a, b, a]);
    expect(result).toMatchObject({ count: 2, duplicates: 1, issues: [] });
    expect(readFileSync(path('direct.dat'), 'utf8')).toMatch(/^(\d{10},\n)+$/);
  });

  it('is usable with the check function end to end', async () => {
    const loaded = await loadNationalOptOutRegister({
      asOf: '2025-02-28',
      checked: path('direct.dat'),
      cleared: write('direct-response.dat', `${a},\n`),
    });
    if (!loaded.ok) throw new Error('expected the register to load');
    const decision = checkOptOut(
      { nhsNumber: b, purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
      { nationalOptOut: loaded.register },
    );
    expect(decision).toMatchObject({ effect: 'deny', ruleId: 'ndop-opted-out' });
  });
});
