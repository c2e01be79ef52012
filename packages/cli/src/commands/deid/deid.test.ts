import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NHS_NUMBER_SYSTEM, UK_CORE_EXTENSIONS, generateTestNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { formatMeshRequest } from '@lhcr/optout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../__fixtures__/run-cli';
import { EXIT } from '../../exit-codes';

const KEY = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
let dir: string;
let seed = 91;
const random = (): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const numbers: NhsNumber[] = [];
while (numbers.length < 14) {
  const next = generateTestNhsNumber(random);
  if (!numbers.includes(next)) numbers.push(next);
}
const file = (name: string): string => join(dir, name);

/** 14 patients: classes of 6, 5 and 3 over (birth year, district, gender, ethnic group). */
function patients(): string {
  const group = (index: number): [string, string, string, string] =>
    index < 6
      ? ['1970-02-03', 'LS1 4AP', 'female', 'A']
      : index < 11
        ? ['1982-07-08', 'LS6 2AB', 'male', 'H']
        : ['1991-11-12', 'BD7 1DP', 'female', 'M'];
  return numbers
    .map((nhsNumber, index) => {
      const [birthDate, postcode, gender, ethnic] = group(index);
      return JSON.stringify({
        resourceType: 'Patient',
        id: `p${String(index)}`,
        identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }],
        name: [{ family: `Surname${String(index)}q`, given: ['Given'] }],
        telecom: [{ system: 'phone', value: `0113 496 ${String(1000 + index)}` }],
        gender,
        birthDate,
        address: [{ line: [`${String(index)} Quarry Hill`], postalCode: postcode }],
        extension: [
          {
            url: UK_CORE_EXTENSIONS.ethnicCategory,
            valueCodeableConcept: {
              coding: [
                {
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
                  code: ethnic,
                },
              ],
            },
          },
        ],
      });
    })
    .join('\n');
}

function observations(): string {
  return numbers
    .map((_, index) =>
      JSON.stringify({
        resourceType: 'Observation',
        id: `o${String(index)}`,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
        subject: { reference: `Patient/p${String(index)}` },
        effectiveDateTime: '2024-06-15T09:30:00Z',
        note: [{ text: `Surname${String(index)}q was weighed` }],
      }),
    )
    .join('\n');
}

let registers: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lhcr-cli-deid-'));
  writeFileSync(file('Patient.ndjson'), patients());
  writeFileSync(file('Observation.ndjson'), observations());
  writeFileSync(file('deid.key'), `${KEY}\n`, { mode: 0o600 });
  writeFileSync(file('request.dat'), formatMeshRequest(numbers));
  writeFileSync(file('response.dat'), formatMeshRequest(numbers.slice(1)));
  writeFileSync(
    file('policy.yaml'),
    readFileSync(
      join(import.meta.dirname, '../../../../blueprint-core/anonymisation-policy.yaml'),
      'utf8',
    )
      .replace('k: 5', 'k: 2')
      .replace(/lDiversity:\n {2}l: 2\n {2}sensitiveAttributes: \[Condition.code\]\n/, ''),
  );
  registers = [
    `--register=ndop-checked@2025-02-28=${file('request.dat')}`,
    `--register=ndop-cleared@2025-02-28=${file('response.dat')}`,
  ];
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const common = (): string[] => [
  '--key-file',
  file('deid.key'),
  '--extract-date',
  '2025-03-01',
  '--origin',
  'non-gp',
  '--log-level',
  'warn',
  ...registers,
];

describe('lhcr deid', { timeout: 120_000 }, () => {
  it('makes an extract with the core blueprint policy: opt-outs first, pseudonyms, k measured', async () => {
    const output = file('extract.ndjson');
    const { code, stdout, stderr } = await runCli([
      'deid',
      file('Observation.ndjson'),
      file('Patient.ndjson'),
      '--policy',
      '@lhcr/blueprint-core',
      '-o',
      output,
      '--project',
      'icb-test',
      '--validate',
      ...common(),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('policy lhcr-core-planning; project icb-test; key fingerprint');
    expect(stdout).toContain('opt-outs (lhcr-core-optout 1.0.0): 26 kept, 2 removed');
    // The 3-patient class is suppressed; classes of 5 and 5 remain (one of 6 opted out).
    expect(stdout).toMatch(
      /k = 5 \(threshold 5\) over 10 patients in 2 classes; smallest class sizes 5, 5 ✓/,
    );
    expect(stdout).toContain('extract written');
    const text = readFileSync(output, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(20);
    for (const nhsNumber of numbers) expect(text).not.toContain(nhsNumber);
    expect(text).not.toMatch(/Surname|Quarry|0113/);
    expect(text).toContain('"system":"https://lhcr.github.io/fhir/core/Id/pseudonym"');
  });

  it('fails (exit 1) and writes nothing when k is below the policy threshold: k = 5, smallest class 3', async () => {
    const output = file('failed.ndjson');
    const { code, stdout, stderr } = await runCli([
      'deid',
      file('Patient.ndjson'),
      '--policy',
      '@lhcr/blueprint-core',
      '-o',
      output,
      '--no-suppress',
      ...common(),
    ]);
    expect(code).toBe(EXIT.failed);
    expect(stdout).toContain('smallest class sizes 3, 5, 5 ✗');
    expect(stderr).toContain(
      "lhcr: extract not written: k = 3 is below the policy's 5 (smallest classes 3, 5, 5)",
    );
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.partial`)).toBe(false);
    expect(stdout + stderr).not.toMatch(/1991|BD7|female/);
  });

  it('takes the key from LHCR_DEID_KEY, a policy file, and writes the report as JSON', async () => {
    const { code, stdout } = await runCli(
      [
        'deid',
        file('Patient.ndjson'),
        '--policy',
        file('policy.yaml'),
        '-o',
        file('from-env.ndjson'),
        '--format',
        'json',
        '--report',
        file('report.json'),
        '--extract-date',
        '2025-03-01',
        '--origin',
        'non-gp',
        '--log-level',
        'warn',
        ...registers,
      ],
      { env: { LHCR_DEID_KEY: KEY } },
    );
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(stdout) as {
      written: boolean;
      risk: { kAnonymity: { k: number } };
      keyFingerprint: string;
    };
    expect(report.written).toBe(true);
    expect(report.risk.kAnonymity.k).toBe(3);
    expect(JSON.parse(readFileSync(file('report.json'), 'utf8'))).toEqual(report);
    expect(stdout).not.toContain(KEY);
  });

  it('refuses to run without a key, and never prints one (exit 2)', async () => {
    const none = await runCli([
      'deid',
      file('Patient.ndjson'),
      '--policy',
      file('policy.yaml'),
      '-o',
      file('x.ndjson'),
    ]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain(
      'no pseudonymisation key: give a key file (--key-file <file>) or set LHCR_DEID_KEY',
    );
    const weak = await runCli(
      ['deid', file('Patient.ndjson'), '--policy', file('policy.yaml'), '-o', file('x.ndjson')],
      { env: { LHCR_DEID_KEY: 'my secret passphrase' } },
    );
    expect(weak.code).toBe(EXIT.usage);
    expect(weak.stderr).not.toContain('my secret passphrase');
    expect(existsSync(file('x.ndjson'))).toBe(false);
  });

  it('reports policies it cannot load or apply (exit 2)', async () => {
    writeFileSync(file('broken.yaml'), 'id: broken\ntitle: Broken\npseudonymisation: {}\n');
    const broken = await runCli([
      'deid',
      file('Patient.ndjson'),
      '--policy',
      file('broken.yaml'),
      '-o',
      file('y.ndjson'),
      ...common(),
    ]);
    expect(broken.code).toBe(EXIT.usage);
    expect(broken.stderr).toContain('the anonymisation policy');
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    writeFileSync(
      file('lsoa.yaml'),
      readFileSync(file('policy.yaml'), 'utf8').replace('method: district', 'method: lsoa'),
    );
    const lsoa = await runCli([
      'deid',
      file('Patient.ndjson'),
      '--policy',
      file('lsoa.yaml'),
      '-o',
      file('y.ndjson'),
      ...common(),
    ]);
    expect(lsoa.code).toBe(EXIT.usage);
    expect(lsoa.stderr).toContain('lsoa needs a postcode lookup');
    const missing = await runCli([
      'deid',
      file('nope.ndjson'),
      '--policy',
      file('policy.yaml'),
      '-o',
      file('y.ndjson'),
    ]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('no such input file');
  });

  it('generalises to LSOA with a lookup file', async () => {
    writeFileSync(
      file('lookup.csv'),
      'pcds,lsoa21cd\nLS1 4AP,E01033015\nLS6 2AB,E01011691\nBD7 1DP,E01010600\n',
    );
    const { code, stdout } = await runCli([
      'deid',
      file('Patient.ndjson'),
      '--policy',
      file('lsoa.yaml'),
      '--postcode-lookup',
      file('lookup.csv'),
      '-o',
      file('lsoa.ndjson'),
      ...common(),
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('extract written');
    expect(readFileSync(file('lsoa.ndjson'), 'utf8')).toContain('"valueCode":"E01033015"');
  });

  it('is listed in the help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toContain('deid');
  });
});
