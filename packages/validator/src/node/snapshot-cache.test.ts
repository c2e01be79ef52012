import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../index';
import { loadDefinitions } from './load-definitions';
import { defaultCacheFolder } from './snapshot-cache';

const UK_CORE = 'fhir.r4.ukcore.stu2#2.0.0';

describe('snapshot cache', () => {
  it('generates UK Core snapshots once per package and version, then reads them back', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'lhcr-snapshots-'));
    const cold = await loadDefinitions([UK_CORE], { snapshotCache: cache });
    expect(cold.snapshots?.generated).toEqual([UK_CORE]);
    expect(cold.snapshots?.failures).toEqual([]);
    expect(readdirSync(join(cache, 'snapshots'))).toEqual([`${UK_CORE}.json`]);

    const warm = await loadDefinitions([UK_CORE], { snapshotCache: cache });
    expect(warm.snapshots?.fromCache).toEqual([UK_CORE]);
    const patient = warm.definitions.structureDefinition(
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
    );
    expect(
      patient?.snapshot?.element.some((e) => e.id === 'Patient.identifier:nhsNumber.system'),
    ).toBe(true);
    // Constraints are kept once in the file and come back whole on every element.
    const generated = cold.definitions.structureDefinition(
      'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
    );
    expect(patient?.snapshot?.element.map((e) => e.constraint)).toEqual(
      generated?.snapshot?.element.map((e) => e.constraint),
    );

    // Validation gives the same answers from cached snapshots as from generated ones.
    const resource = {
      resourceType: 'Patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number' }],
    };
    const profiles = ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'];
    const a = createValidator({ definitions: cold.definitions, profiles }).validate(resource);
    const b = createValidator({ definitions: warm.definitions, profiles }).validate(resource);
    expect(b.issues).toEqual(a.issues);
    expect(a.ok).toBe(false);
  }, 60_000);

  it('generates the snapshots again when the cache file is damaged', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'lhcr-snapshots-'));
    await loadDefinitions([UK_CORE], { snapshotCache: cache });
    const file = join(cache, 'snapshots', `${UK_CORE}.json`);
    const content = JSON.parse(readFileSync(file, 'utf8')) as { constraints: unknown[] };
    writeFileSync(
      file,
      JSON.stringify({ ...content, constraints: content.constraints.slice(0, 1) }),
    );
    const again = await loadDefinitions([UK_CORE], { snapshotCache: cache });
    expect(again.snapshots?.generated).toEqual([UK_CORE]);
    expect(again.snapshots?.failures).toEqual([]);
  }, 60_000);

  it('works with no cache at all', async () => {
    const loaded = await loadDefinitions([UK_CORE], { snapshotCache: false });
    expect(loaded.snapshots?.generated).toEqual([UK_CORE]);
  }, 60_000);

  it('finds its folder from LHCR_CACHE_DIR, then XDG_CACHE_HOME', () => {
    expect(defaultCacheFolder({ LHCR_CACHE_DIR: '/c' })).toBe('/c');
    expect(defaultCacheFolder({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'lhcr'));
  });
});
