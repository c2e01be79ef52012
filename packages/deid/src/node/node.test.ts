import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optOutFor, population, testPolicy } from '../__fixtures__/population';
import { DeidError } from '../errors';
import { deidentifyFile, measureRiskFile } from './deidentify-file';
import { readPseudonymKey } from './key-file';
import { loadDeidPolicy } from './policy-file';
import { loadPostcodeLookup } from './postcode-lookup-file';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
let dir: string;
const file = (name: string): string => join(dir, name);
const pop = population({ patients: 8, seed: 21 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lhcr-deid-'));
  const ndjson = (type: string): string =>
    `${pop.resources
      .filter((resource) => resource['resourceType'] === type)
      .map((resource) => JSON.stringify(resource))
      .join('\n')}\n`;
  writeFileSync(file('Observation.ndjson'), ndjson('Observation'));
  writeFileSync(file('Patient.ndjson'), ndjson('Patient').trimEnd());
  writeFileSync(file('key.hex'), `${HEX}\n`, { mode: 0o600 });
  chmodSync(file('key.hex'), 0o600);
  writeFileSync(file('open.key'), HEX, { mode: 0o644 });
  chmodSync(file('open.key'), 0o644);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('keys from files and the environment', () => {
  it('reads a key file, warning when others can read it', async () => {
    const read = await readPseudonymKey({ file: file('key.hex') });
    expect(read).toMatchObject({ from: 'file', warnings: [] });
    expect(read.key.length).toBe(32);
    const open = await readPseudonymKey({ file: file('open.key') });
    expect(open.warnings[0]).toMatch(/can be read by other users \(mode 644\)/);
  });

  it('reads LHCR_DEID_KEY, and refuses to run without a key', async () => {
    expect((await readPseudonymKey({ env: { LHCR_DEID_KEY: HEX } })).from).toBe('environment');
    await expect(readPseudonymKey({ env: {} })).rejects.toThrow(/no pseudonymisation key/);
    await expect(readPseudonymKey({ file: file('missing.key') })).rejects.toMatchObject({
      code: 'io',
    });
    const error = await readPseudonymKey({ env: { LHCR_DEID_KEY: 'short' } }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DeidError);
    expect(String(error)).not.toContain('short');
  });
});

describe('policies', { timeout: 60_000 }, () => {
  it('loads the core blueprint by package name, with its opt-out policy', async () => {
    const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.policy.id).toBe('lhcr-core-planning');
    expect(loaded.source).toMatchObject({ kind: 'blueprint', id: 'lhcr-core' });
    expect(loaded.optOutPolicy?.id).toBe('lhcr-core-optout');
  });

  it('loads a policy file, and locates what is wrong in a bad one', async () => {
    const core = resolve(import.meta.dirname, '../../../blueprint-core/anonymisation-policy.yaml');
    const loaded = await loadDeidPolicy(core);
    expect(loaded.ok && loaded.source.kind === 'file').toBe(true);
    writeFileSync(
      file('bad-policy.yaml'),
      'id: bad\ntitle: Bad\npseudonymisation:\n  algorithm: SHA-256\n',
    );
    const bad = await loadDeidPolicy(file('bad-policy.yaml'));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(
      bad.issues.some((issue) => issue.file === 'bad-policy.yaml' && issue.line !== undefined),
    ).toBe(true);
    const missing = await loadDeidPolicy(file('no-such-blueprint'));
    expect(missing).toMatchObject({ ok: false, notFound: true });
  });
});

describe('files', { timeout: 60_000 }, () => {
  it('de-identifies NDJSON files in two passes, Patients first, and measures the output', async () => {
    const { report, written } = await deidentifyFile(
      [file('Observation.ndjson'), file('Patient.ndjson')],
      file('extract.ndjson'),
      {
        policy: testPolicy({
          kAnonymity: { k: 2, quasiIdentifiers: ['Patient.active'], strategy: 'suppress' },
        }),
        key: (await readPseudonymKey({ file: file('key.hex') })).key,
        extractDate: '2025-03-01',
        optOut: optOutFor(pop.nhsNumbers),
        suppress: false,
        validate: true,
      },
    );
    expect({ issues: report.issues, risk: report.risk.kAnonymity }).toMatchObject({
      issues: [],
      risk: { ok: true },
    });
    expect(written).toBe(true);
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ read: 16, written: 16, invalidOutput: 0 });
    const output = readFileSync(file('extract.ndjson'), 'utf8');
    expect(output.split('\n')[0]).toContain('"resourceType":"Patient"');
    for (const nhsNumber of pop.nhsNumbers) expect(output).not.toContain(nhsNumber);
    expect(existsSync(file('extract.ndjson.partial'))).toBe(false);
    const risk = await measureRiskFile(file('extract.ndjson'), {
      kAnonymity: { k: 2, quasiIdentifiers: ['Patient.active'], strategy: 'suppress' },
    });
    expect(risk).toEqual(report.risk);
  });

  it('does not write an extract that fails its k-anonymity threshold', async () => {
    const policy = testPolicy({
      kAnonymity: { k: 8, quasiIdentifiers: ['birthDate'], strategy: 'suppress' },
    });
    const { report, written } = await deidentifyFile(
      [file('Patient.ndjson')],
      file('failed.ndjson'),
      {
        policy,
        key: (await readPseudonymKey({ file: file('key.hex') })).key,
        extractDate: '2025-03-01',
        optOut: optOutFor(pop.nhsNumbers),
        suppress: false,
      },
    );
    expect(report.risk.kAnonymity.ok).toBe(false);
    expect(written).toBe(false);
    expect(existsSync(file('failed.ndjson'))).toBe(false);
    expect(existsSync(file('failed.ndjson.partial'))).toBe(false);
  });

  it('streams into a function, and reads postcode lookups', async () => {
    const chunks: string[] = [];
    await deidentifyFile(
      file('Patient.ndjson'),
      (text) => {
        chunks.push(text);
      },
      {
        policy: testPolicy(),
        key: (await readPseudonymKey({ env: { LHCR_DEID_KEY: HEX } })).key,
        extractDate: '2025-03-01',
        optOut: optOutFor(pop.nhsNumbers),
        suppress: false,
        keepOnFailure: true,
      },
    );
    expect(chunks.join('').split('\n').filter(Boolean)).toHaveLength(8);
    writeFileSync(file('lookup.csv'), '\uFEFFpcd,lsoa11cd\nLS1 4AP,E01033015\nbad,E01\n');
    const lookup = await loadPostcodeLookup(file('lookup.csv'));
    expect(lookup.lookup.size).toBe(1);
    expect(lookup.skippedLines).toEqual([3]);
    await expect(
      deidentifyFile([], file('x.ndjson'), {
        policy: testPolicy(),
        key: (await readPseudonymKey({ env: { LHCR_DEID_KEY: HEX } })).key,
        extractDate: '2025-03-01',
        optOut: optOutFor(pop.nhsNumbers),
      }),
    ).rejects.toThrow(/no input files/);
  });
});
