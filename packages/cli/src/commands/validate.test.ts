import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSI, runCli } from '../__fixtures__/run-cli';
import type { ValidateJsonEntry } from './validate';

const valid = {
  resourceType: 'Patient',
  id: 'a',
  gender: 'female',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">A</div>' },
};
const invalid = { resourceType: 'Patient', birthDate: '1970-02-30', gender: 'F' };
let folder: string;

/** Standard input as a stream of chunks. */
function chunks(...parts: string[]): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]: () => {
      const rest = [...parts];
      return {
        next: () => {
          const value = rest.shift();
          return Promise.resolve(
            value === undefined ? { done: true, value: undefined } : { done: false, value },
          );
        },
      };
    },
  };
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'lhcr-validate-'));
  writeFileSync(join(folder, 'valid.json'), JSON.stringify(valid, null, 2));
  writeFileSync(join(folder, 'invalid.json'), JSON.stringify(invalid, null, 2));
  mkdirSync(join(folder, 'export'));
  writeFileSync(
    join(folder, 'export', 'Patient.ndjson'),
    `${JSON.stringify(valid)}\n${JSON.stringify(invalid)}\n\n{not json\n`,
  );
});

describe('lhcr validate', () => {
  it('exits 0 and says so for a valid resource', async () => {
    const run = await runCli(['validate', join(folder, 'valid.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓');
    expect(run.stdout).toContain('1 resource checked: 1 valid, 0 invalid');
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('exits 1 and lists each error with its FHIRPath and line for an invalid resource', async () => {
    const run = await runCli(['validate', join(folder, 'invalid.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error\s+Patient\.birthDate \(3:\d+\)/);
    expect(run.stdout).toMatch(/Patient\.gender/);
  });

  it('writes the JSON contract: an array of source, valid and OperationOutcome, NDJSON lines as path:line', async () => {
    const run = await runCli(['validate', '--format', 'json', folder]);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout) as ValidateJsonEntry[];
    const sources = entries.map((e) => e.source.slice(folder.length + 1));
    expect(sources).toEqual([
      'export/Patient.ndjson:1',
      'export/Patient.ndjson:2',
      'export/Patient.ndjson:4',
      'invalid.json',
      'valid.json',
    ]);
    expect(entries.map((e) => e.valid)).toEqual([true, false, false, false, true]);
    expect(entries[2]?.outcome.issue[0]?.severity).toBe('fatal');
    for (const entry of entries) expect(entry.outcome.resourceType).toBe('OperationOutcome');
  });

  it('reads a resource from standard input with -', async () => {
    const run = await runCli(['validate', '-'], {
      stdin: chunks(JSON.stringify(invalid)),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ -');
  });

  it('reads NDJSON from standard input with --ndjson', async () => {
    const run = await runCli(['validate', '--ndjson', '--format', 'json', '-'], {
      stdin: chunks(`${JSON.stringify(valid)}\n${JSON.stringify(valid)}`),
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as ValidateJsonEntry[]).map((e) => e.source)).toEqual([
      '-:1',
      '-:2',
    ]);
  });

  it('reads files as UTF-8: a byte order mark is fine, another encoding is a fatal issue with its place', async () => {
    const text = JSON.stringify(valid, null, 2);
    writeFileSync(
      join(folder, 'bom.json'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    const latin1 = join(folder, 'latin1.json');
    writeFileSync(latin1, Buffer.from(text.replace('>A<', '>Ren\u00e9<'), 'latin1'));
    const run = await runCli(['validate', '--format', 'json', join(folder, 'bom.json'), latin1]);
    expect(run.code).toBe(1);
    const entries = JSON.parse(run.stdout) as ValidateJsonEntry[];
    expect(entries.map((e) => e.valid)).toEqual([true, false]);
    expect(entries[1]?.outcome.issue).toHaveLength(1);
    expect(entries[1]?.outcome.issue[0]).toMatchObject({
      severity: 'fatal',
      diagnostics: expect.stringMatching(/^Not valid UTF-8: the byte 0xE9/) as unknown,
      extension: expect.arrayContaining([
        {
          url: 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line',
          valueInteger: 7,
        },
      ]) as unknown,
    });
  });

  it('exits 2 with a clear message for a missing file', async () => {
    const run = await runCli(['validate', join(folder, 'nope.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file or folder');
  });

  it('exits 2 naming the folders searched when a package cannot be found', async () => {
    const run = await runCli(
      ['validate', '--package', 'example.missing#1.0.0', join(folder, 'valid.json')],
      {
        env: { LHCR_FHIR_PACKAGES: folder, HOME: folder },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('example.missing');
  });

  it('validates against a profile from a loaded package', async () => {
    const packages = process.env.LHCR_FHIR_PACKAGES ?? '';
    const profile = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
    const patient = {
      resourceType: 'Patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number' }],
    };
    writeFileSync(join(folder, 'ukcore.json'), JSON.stringify(patient));
    const run = await runCli(
      [
        'validate',
        '--package',
        'fhir.r4.ukcore.stu2#2.0.0',
        '--profile',
        profile,
        join(folder, 'ukcore.json'),
      ],
      { env: { LHCR_FHIR_PACKAGES: packages } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('UKCore-Patient');
  }, 60_000);
});
