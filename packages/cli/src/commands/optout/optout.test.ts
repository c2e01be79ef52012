import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NHS_NUMBER_SYSTEM, formatNhsNumber, generateTestNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { RF2_SIMPLE_REFSET_HEADER, formatMeshRequest } from '@lhcr/optout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, runCli } from '../../__fixtures__/run-cli';
import { EXIT } from '../../exit-codes';
import { parseRegisterSpec } from './shared';

let dir: string;
let seed = 7;
const random = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const numbers = new Set<NhsNumber>();
while (numbers.size < 3) numbers.add(generateTestNhsNumber(random));
const [a, b, c] = [...numbers] as [NhsNumber, NhsNumber, NhsNumber];
const file = (name: string): string => join(dir, name);
const write = (name: string, text: string): string => {
  writeFileSync(file(name), text);
  return file(name);
};
const patient = (id: string, nhsNumber: string | undefined): string =>
  JSON.stringify({
    resourceType: 'Patient',
    id,
    ...(nhsNumber === undefined
      ? {}
      : { identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }] }),
  });
const observation = (id: string, patientId: string, code = '195967001'): string =>
  JSON.stringify({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
    subject: { reference: `Patient/${patientId}` },
  });

let national: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lhcr-cli-optout-'));
  national = [
    `--register=ndop-checked@2025-02-28=${write('request.dat', formatMeshRequest([a, b]))}`,
    `--register=ndop-cleared@2025-02-28=${write('response.dat', formatMeshRequest([a]))}`,
  ];
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lhcr optout check', () => {
  const research = [
    '--purpose',
    'research',
    '--basis',
    's251-standard-condition',
    '--origin',
    'non-gp',
    '--date',
    '2025-03-01',
  ];

  it('explains a permit in text and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['optout', 'check', a, ...research, ...national]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(`✓ permit  ${formatNhsNumber(a)}  research (HRESCH)`);
    expect(stdout).toContain('rule:      ndop-not-opted-out (policy lhcr-england-national 1.0.0)');
    expect(stdout).toContain(
      'registers: national-data-opt-out: not-opted-out register response.dat+request.dat as of 2025-02-28, 1 days old, max 30',
    );
    expect(stdout).not.toMatch(ANSI);
  });

  it('explains a deny as JSON and exits 1', async () => {
    const { code, stdout } = await runCli([
      'optout',
      'check',
      b,
      ...research,
      ...national,
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.failed);
    const parsed = JSON.parse(stdout) as {
      nhsNumber: string;
      decision: { effect: string; ruleId: string; registers: { asOf: string }[] };
    };
    expect(parsed).toMatchObject({
      nhsNumber: b,
      decision: { effect: 'deny', ruleId: 'ndop-opted-out', registers: [{ asOf: '2025-02-28' }] },
    });
  });

  it('fails closed without registers, and never blocks direct care on the national opt-out', async () => {
    const closed = await runCli(['optout', 'check', a, ...research]);
    expect(closed.code).toBe(EXIT.failed);
    expect(closed.stdout).toContain('ndop-status-unavailable');
    const care = await runCli([
      'optout',
      'check',
      b,
      '--purpose',
      'TREAT',
      '--date',
      '2025-03-01',
      ...national,
    ]);
    expect(care.code).toBe(EXIT.ok);
    expect(care.stdout).toContain('rule:      direct-care');
  });

  it('uses a policy file', async () => {
    const policy = write(
      'policy.yaml',
      'id: strict\nversion: 1.0.0\nrules:\n  - { id: nothing, effect: deny, reasons: [Nothing leaves.] }\n',
    );
    const { code, stdout } = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'direct-care',
      '--policy',
      policy,
    ]);
    expect(code).toBe(EXIT.failed);
    expect(stdout).toContain('rule:      nothing (policy strict 1.0.0)');
  });

  it('rejects bad input with usage errors (exit 2)', async () => {
    const cases: [string[], string][] = [
      [
        ['optout', 'check', '9434765918', '--purpose', 'research'],
        '<nhs-number>: NHS number fails the modulus 11 check',
      ],
      [['optout', 'check', a, '--purpose', 'marketing'], '--purpose: unknown purpose'],
      [
        ['optout', 'check', a, '--purpose', 'research', '--basis', 'consent'],
        '--basis: unknown legal basis',
      ],
      [
        ['optout', 'check', a, '--purpose', 'research', '--register', 'ndop=x'],
        'cannot read the register ndop=x',
      ],
      [
        [
          'optout',
          'check',
          a,
          '--purpose',
          'research',
          '--register',
          write('names.csv', 'nhs_number\n'),
        ],
        'cannot tell what',
      ],
      [
        ['optout', 'check', a, '--purpose', 'research', '--date', '1/3/2025'],
        '--date expects YYYY-MM-DD',
      ],
      [['optout', 'check', a], "required option '--purpose <code>' not specified"],
    ];
    for (const [argv, message] of cases) {
      const { code, stderr } = await runCli(argv);
      expect(code).toBe(EXIT.usage);
      expect(stderr).toContain(message);
    }
  });

  it('works out the kind of a register given without one, and dates it by its file', async () => {
    const response = write('plain-response.dat', formatMeshRequest([a]));
    const { code, stdout, stderr } = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'research',
      '--origin',
      'non-gp',
      '--register',
      response,
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('rule:      ndop-not-opted-out');
    expect(stderr).toContain(`lhcr: register ${response} read as ndop-cleared`);
    expect(stderr).toContain('is taken from its modification time');
    const csv = write('statuses.csv', `NHS Number,Opted Out\n${a},Y\n`);
    const denied = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'research',
      '--origin',
      'non-gp',
      '--register',
      csv,
    ]);
    expect(denied.stdout).toContain('rule:      ndop-opted-out');
    const consents = write(
      'consents.ndjson',
      JSON.stringify({
        resourceType: 'Consent',
        status: 'active',
        scope: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/consentscope',
              code: 'patient-privacy',
            },
          ],
        },
        patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: a } },
        dateTime: '2024-01-01',
        provision: { type: 'deny' },
      }),
    );
    const dissent = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'direct-care',
      '--register',
      consents,
      '--as-of',
      '2025-03-01',
    ]);
    expect(dissent.code).toBe(EXIT.failed);
    expect(dissent.stdout).toContain('rule:      local-dissent');
  });

  it('reports a malformed register by line and exits 2', async () => {
    const bad = write('bad.dat', `${a},\n12345,\n`);
    const { code, stderr } = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'research',
      `--register=ndop-cleared@2025-02-28=${bad}`,
    ]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('the national data opt-out register could not be loaded');
    expect(stderr).toContain('bad.dat:2: error: not a valid NHS number (length)');
    expect(stderr).not.toContain(a);
  });

  it('reports an unreadable register file as an error, not a crash', async () => {
    const { code, stderr } = await runCli([
      'optout',
      'check',
      a,
      '--purpose',
      'research',
      `--register=ndop-cleared@2025-02-28=${file('missing.dat')}`,
    ]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('cannot read');
  });
});

describe('lhcr optout filter', () => {
  const args = ['--purpose', 'research', '--origin', 'non-gp', '--date', '2025-03-01'];

  it('filters NDJSON to a file and prints the audit summary without NHS numbers', async () => {
    const input = write(
      'export.ndjson',
      [
        observation('ob', 'pb'),
        observation('oa', 'pa'),
        patient('pa', a),
        patient('pb', b),
        '{broken',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await runCli([
      'optout',
      'filter',
      ...args,
      ...national,
      input,
      '-o',
      file('out.ndjson'),
      '--audit',
      file('audit.json'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.failed);
    expect(readFileSync(file('out.ndjson'), 'utf8')).toBe(
      `${observation('oa', 'pa')}\n${patient('pa', a)}\n`,
    );
    expect(stdout).toContain('read 5, kept 2, removed 3, added 0, invalid 1, blank lines 0');
    expect(stdout).toMatch(/ndop-opted-out\s+deny\s+2/);
    expect(stdout).toContain('export.ndjson:5: error: line is not JSON');
    for (const nhsNumber of [a, b]) expect(stdout).not.toContain(nhsNumber);
    const audit = JSON.parse(readFileSync(file('audit.json'), 'utf8')) as {
      counts: { removed: number };
      nhsNumbers?: unknown;
    };
    expect(audit.counts.removed).toBe(3);
    expect(audit.nhsNumbers).toBeUndefined();
  });

  it('takes several registers after one --register, as in --register <file>... --purpose <code> <input>', async () => {
    const input = write('two.ndjson', [patient('pa', a), patient('pb', b)].join('\n'));
    const { code, stdout } = await runCli([
      'optout',
      'filter',
      '--register',
      `ndop-checked@2025-02-28=${file('request.dat')}`,
      `ndop-cleared@2025-02-28=${file('response.dat')}`,
      '--purpose',
      'research',
      '--origin',
      'non-gp',
      '--date',
      '2025-03-01',
      input,
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${patient('pa', a)}\n`);
  });

  it('resolves Patient references through a separate Patient file of the export', async () => {
    const patients = write('Patient.ndjson', [patient('pa', a), patient('pb', b)].join('\n'));
    const observations = write(
      'Observation.ndjson',
      [observation('oa', 'pa'), observation('ob', 'pb')].join('\n'),
    );
    const { code, stdout } = await runCli([
      'optout',
      'filter',
      ...args,
      ...national,
      '--patients',
      patients,
      observations,
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${observation('oa', 'pa')}\n`);
  });

  it('writes to stdout with the summary on stderr, and lists NHS numbers only when asked', async () => {
    const input = write('people.csv', `nhs_number,score\n${a},1\n${b},2\n`);
    const { code, stdout, stderr } = await runCli([
      'optout',
      'filter',
      ...args,
      ...national,
      input,
      '--audit-nhs-numbers',
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`nhs_number,score\n${a},1\n`);
    const summary = JSON.parse(stderr) as { nhsNumbers: Record<string, string[]> };
    expect(summary.nhsNumbers).toEqual({ 'ndop-opted-out': [b] });
  });

  it('withholds restricted data from a refset file', async () => {
    const refset = write(
      'refset.txt',
      `${RF2_SIMPLE_REFSET_HEADER.join('\t')}\n00000000-0000-4000-8000-000000000001\t20240401\t1\t999000011000000103\t999004381000000103\t15628003\n`,
    );
    const input = write(
      'record.ndjson',
      [patient('pa', a), observation('sti', 'pa', '15628003'), observation('ok', 'pa')].join('\n'),
    );
    const { code, stdout } = await runCli([
      'optout',
      'filter',
      '--purpose',
      'direct-care',
      '--date',
      '2025-03-01',
      '--restricted',
      refset,
      input,
      '-o',
      file('shared.ndjson'),
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(
      'restricted data: 1 withheld (1 by code, 0 linked): sexually-transmitted-infection 1; 1 confidential-items List(s) added',
    );
    const kept = readFileSync(file('shared.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; resourceType: string });
    expect(kept.map((resource) => resource.resourceType)).toEqual([
      'Patient',
      'Observation',
      'List',
    ]);
  });

  it('rejects a refset file that holds none of the refsets asked for', async () => {
    const refset = write('other.txt', `${RF2_SIMPLE_REFSET_HEADER.join('\t')}\n`);
    const { code, stderr } = await runCli([
      'optout',
      'filter',
      '--purpose',
      'direct-care',
      '--restricted',
      refset,
      file('record.ndjson'),
    ]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('holds none of the refsets asked for');
  });

  it('reports a CSV without an NHS number column as a configuration error', async () => {
    const { code, stderr } = await runCli([
      'optout',
      'filter',
      ...args,
      write('nope.csv', 'name\nx\n'),
      '-o',
      file('nope-out.csv'),
    ]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('no NHS number column');
  });
});

describe('lhcr optout mesh-request', () => {
  it('names the file by the MESH convention and reports lines without NHS numbers', async () => {
    const input = write(
      'cohort.ndjson',
      [patient('pa', a), patient('pc', c), patient('pa2', a), patient('none', undefined)].join(
        '\n',
      ),
    );
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const { code, stdout } = await runCli([
        'optout',
        'mesh-request',
        input,
        '--mailbox',
        'X26AB001',
        '--sequence',
        '7',
        '--date',
        '2025-06-03',
      ]);
      expect(code).toBe(EXIT.failed);
      expect(stdout).toContain(
        'X26AB001-030625-0007.dat: 2 NHS number(s) (24 bytes); 1 duplicate(s) written once; 1 line(s) without a usable NHS number left out',
      );
      expect(stdout).toContain(
        'cohort.ndjson:4: error: no NHS number: this record cannot be checked',
      );
      expect(readFileSync(file('X26AB001-030625-0007.dat'), 'utf8')).toBe(`${a},\n${c},\n`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('writes the request to stdout from a CSV cohort, with the report on stderr as JSON', async () => {
    const { code, stdout, stderr } = await runCli([
      'optout',
      'mesh-request',
      write('cohort.csv', `NHS Number\n${formatNhsNumber(b)}\n`),
      '--format',
      'json',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${b},\n`);
    expect(JSON.parse(stderr)).toMatchObject({ output: null, count: 1, invalid: 0 });
  });

  it('rejects conflicting and incomplete naming options', async () => {
    expect(
      (await runCli(['optout', 'mesh-request', 'x.csv', '--mailbox', 'X26'])).stderr,
    ).toContain('--mailbox and --sequence go together');
    expect(
      (
        await runCli([
          'optout',
          'mesh-request',
          'x.csv',
          '-o',
          'a.dat',
          '--mailbox',
          'X',
          '--sequence',
          '1',
        ])
      ).code,
    ).toBe(EXIT.usage);
    expect(
      (await runCli(['optout', 'mesh-request', 'x.csv', '--mailbox', 'X:1', '--sequence', '1']))
        .stderr,
    ).toContain('letters and digits');
  });
});

describe('parseRegisterSpec', () => {
  it('reads kind, optional as-of date and path', () => {
    expect(parseRegisterSpec('type1@2025-03-01=gp/Observation.ndjson')).toEqual({
      ok: true,
      value: { kind: 'type1', asOf: '2025-03-01', path: 'gp/Observation.ndjson' },
    });
    expect(parseRegisterSpec('consents=c=d.ndjson')).toEqual({
      ok: true,
      value: { kind: 'consents', path: 'c=d.ndjson' },
    });
    expect(parseRegisterSpec('response.dat')).toEqual({
      ok: true,
      value: { kind: 'auto', path: 'response.dat' },
    });
    expect(parseRegisterSpec(' ')).toMatchObject({ ok: false });
  });
});
