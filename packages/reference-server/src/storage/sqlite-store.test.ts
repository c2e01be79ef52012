import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientFor, startRegion, testBlueprint } from '../__fixtures__/region';
import { newPatient } from '../__fixtures__/resources';
import { serverRules } from '../blueprint-rules';
import { ReferenceServerError } from '../errors';
import { indexResource } from '../fhir/index-resource';
import { Repository } from '../repository';
import { seedFixtures } from '../seed';
import { createSqliteStore } from './sqlite-store';

const directory = mkdtempSync(join(tmpdir(), 'lhcr-reference-store-'));

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('SQLite storage', () => {
  it('keeps data in a file across a restart', async () => {
    const dbPath = join(directory, 'region.db');
    const first = await startRegion({ dbPath });
    const created = await clientFor(first).create(newPatient());
    const id = created.resource?.id ?? '';
    await clientFor(first).update({ ...(created.resource ?? newPatient()), gender: 'female' });
    await first.close();
    const second = await startRegion({ dbPath });
    try {
      const client = clientFor(second);
      const read = await client.read('Patient', id);
      expect(read.gender).toBe('female');
      expect(read.meta?.versionId).toBe('2');
      expect((await client.read('Patient', 'lhcr-pat-baseline')).meta?.versionId).toBe('1');
      expect(second.seeded?.resources).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('rolls a failing transaction back whole', async () => {
    const { blueprint } = await testBlueprint();
    const store = createSqliteStore();
    const repository = new Repository(store, serverRules(blueprint), () => 'http://127.0.0.1/fhir');
    expect(() =>
      repository.write((operations) => {
        operations.put({ ...newPatient(), id: 'kept-only-if-committed' });
        throw new Error('something went wrong half way');
      }),
    ).toThrow('half way');
    expect(store.current('Patient', 'kept-only-if-committed')).toBeUndefined();
    expect(store.search({ type: 'Patient', conditions: [], sort: [] })).toEqual([]);
    store.close();
  });

  it('withholds restricted records, and records linked to them, when the compartment is written', async () => {
    const { blueprint } = await testBlueprint();
    const store = createSqliteStore();
    seedFixtures(
      new Repository(store, serverRules(blueprint), () => 'http://127.0.0.1/fhir'),
      blueprint,
    );
    const reasons = Object.fromEntries(
      store
        .compartment('lhcr-pat-restricted')
        .map((record) => [`${record.type}/${record.id}`, record.withheld]),
    );
    expect(reasons).toMatchObject({
      'Condition/lhcr-con-restricted-chlamydia': 'code',
      'MedicationRequest/lhcr-mrq-restricted-doxycycline': 'linked',
      'Procedure/lhcr-pro-restricted-ivf': 'code',
      'Observation/lhcr-obs-restricted-private': 'label',
      'Condition/lhcr-con-restricted-hayfever': 'none',
      'Patient/lhcr-pat-restricted': 'none',
    });
    store.close();
  });

  it('refuses a database file it cannot open with a storage error', () => {
    const open = (): unknown =>
      createSqliteStore({ path: join(directory, 'missing', 'folder', 'x.db') });
    expect(open).toThrow(ReferenceServerError);
    expect(open).toThrow(/cannot open the SQLite database/);
  });

  it('indexes tokens, strings, dates and references of a resource', () => {
    const rows = indexResource({
      ...newPatient('9990000018'),
      generalPractitioner: [{ reference: 'Organization/gp' }],
    });
    expect(rows.tokens).toContainEqual({
      param: 'identifier',
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      code: '9990000018',
    });
    expect(rows.strings).toContainEqual({
      param: 'family',
      value: 'testperson',
      exact: 'Testperson',
    });
    expect(rows.dates.find((row) => row.param === 'birthdate')).toEqual({
      param: 'birthdate',
      low: Date.UTC(1999, 8, 9),
      high: Date.UTC(1999, 8, 10) - 1,
    });
    expect(rows.references).toContainEqual({
      param: 'general-practitioner',
      targetType: 'Organization',
      targetId: 'gp',
      url: null,
      identifierSystem: null,
      identifierValue: null,
    });
  });
});
