import { NHS_NUMBER_SYSTEM, UK_CORE_EXTENSIONS } from '@lhcr/models';
import { ILLUSTRATIVE_RESTRICTED_CODE_LISTS } from '@lhcr/optout';
import { describe, expect, it } from 'vitest';
import { optOutFor, population, testKey, testPolicy } from '../__fixtures__/population';
import { DeidError } from '../errors';
import { parsePostcodeLookup } from '../generalise/postcode';
import { isRecord } from '../internal/json';
import { nodeHmacSha256 } from '../node';
import type { DeidPolicy } from '../policy/deid-policy';
import { AGE_BAND_EXTENSION_URL, LSOA_EXTENSION_URL } from '../transform/deidentify-resource';
import { DeidPipeline } from './deid-pipeline';
import type { DeidOptions } from './deid-pipeline';
import { deidentifyNdjson, deidentifyResources } from './deidentify';

type Json = Record<string, unknown>;

const pop = population({ patients: 6, seed: 11 });
const base: DeidOptions = {
  policy: testPolicy(),
  key: testKey(1),
  extractDate: '2025-03-01',
  optOut: optOutFor(pop.nhsNumbers),
  hmac: nodeHmacSha256,
  suppress: false,
};

function byType(resources: readonly unknown[], type: string): Json[] {
  return resources.filter(
    (resource): resource is Json => isRecord(resource) && resource['resourceType'] === type,
  );
}

function withPolicy(overrides: Partial<DeidPolicy>): DeidPolicy {
  return { ...testPolicy(), ...overrides };
}

describe('the de-identification pipeline', () => {
  it('applies opt-outs first and carries the opt-out audit summary', () => {
    const optedOut = pop.nhsNumbers[0];
    if (optedOut === undefined) throw new Error('population');
    const { resources, report } = deidentifyResources(pop.resources, {
      ...base,
      optOut: optOutFor(pop.nhsNumbers, [optedOut]),
    });
    expect(report.counts.optedOut).toBe(4);
    expect(report.optOut.counts).toMatchObject({ read: 24, kept: 20, removed: 4 });
    expect(
      Object.values(report.optOut.byRule).some(
        (rule) => rule.effect === 'deny' && rule.count === 4,
      ),
    ).toBe(true);
    expect(report.optOut.registers).toEqual([
      { register: 'national-data-opt-out', id: 'test-register', asOf: '2025-02-28' },
    ]);
    expect(report.optOut.request).toMatchObject({
      purpose: 'planning',
      identifiability: 'pseudonymised',
    });
    // The opted-out patient's pseudonym appears nowhere.
    const pipeline = new DeidPipeline(base);
    const pseudonym = pipeline.pseudonyms.patientId(optedOut);
    expect(JSON.stringify(resources)).not.toContain(pseudonym);
    expect(byType(resources, 'Patient')).toHaveLength(5);
  });

  it('fails closed without registers: secondary use of unknown opt-out states keeps nothing', () => {
    const { resources, report } = deidentifyResources(pop.resources, {
      ...base,
      optOut: {
        request: { purpose: 'planning', identifiability: 'pseudonymised', date: '2025-03-01' },
      },
    });
    expect(resources).toHaveLength(0);
    expect(report.counts.optedOut).toBe(24);
  });

  it('rewrites references to the pseudonymous ids consistently across resource types', () => {
    const { resources } = deidentifyResources(pop.resources, base);
    const patients = byType(resources, 'Patient');
    const ids = new Set(patients.map((patient) => patient['id']));
    for (const patient of patients) {
      expect(patient['identifier']).toEqual([
        { system: 'https://lhcr.github.io/fhir/core/Id/pseudonym', value: patient['id'] },
      ]);
    }
    for (const type of ['Observation', 'Encounter']) {
      for (const resource of byType(resources, type)) {
        const subject = resource['subject'] as Json;
        expect(ids.has(String(subject['reference']).replace('Patient/', ''))).toBe(true);
      }
    }
    for (const condition of byType(resources, 'Condition')) {
      const identifier = (condition['subject'] as Json)['identifier'] as Json;
      expect(ids.has(identifier['value'])).toBe(true);
    }
    // The same practice is the same pseudonymous Organization everywhere.
    const practices = new Set(
      patients.map((patient) => JSON.stringify(patient['generalPractitioner'])),
    );
    expect(practices.size).toBe(1);
    expect(resources.every((resource) => /^[0-9a-f]{64}$/.test(String(resource.id)))).toBe(true);
  });

  it('removes direct identifiers, free text, photos, contacts and other identifiers', () => {
    const { resources, report } = deidentifyResources(pop.resources, base);
    const patient = byType(resources, 'Patient')[0] ?? {};
    expect(Object.keys(patient).sort()).toEqual(
      [
        'address',
        'birthDate',
        'extension',
        'gender',
        'generalPractitioner',
        'id',
        'identifier',
        'resourceType',
      ].sort(),
    );
    expect(patient['address']).toHaveLength(1);
    // The profile claim goes with the identifiers it required.
    expect(patient['meta']).toBeUndefined();
    const encounter = byType(resources, 'Encounter')[0] ?? {};
    expect(encounter['identifier']).toBeUndefined();
    expect(encounter['reasonCode']).toBeUndefined();
    const observation = byType(resources, 'Observation')[0] ?? {};
    expect(observation['note']).toBeUndefined();
    expect(observation['contained']).toEqual([{ resourceType: 'Practitioner', id: 'c0' }]);
    expect(observation['performer']).toEqual([{ reference: '#c0' }]);
    expect(observation['_issued']).toEqual({
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' },
      ],
    });
    expect(report.elements).toMatchObject({
      names: expect.any(Number) as number,
      telecoms: expect.any(Number) as number,
      'free-text': expect.any(Number) as number,
    });
  });

  it('generalises: birth year, postcode district, month, and the broad ethnic group', () => {
    const { resources } = deidentifyResources(pop.resources, base);
    for (const patient of byType(resources, 'Patient')) {
      expect(patient['birthDate']).toMatch(/^\d{4}$/);
      const address = (patient['address'] as Json[])[0] ?? {};
      expect(address['postalCode']).toMatch(/^(LS1|LS2|LS6|BD7|HX1|ZZ99 3VZ)$/);
      const ethnic = (patient['extension'] as Json[]).find(
        (extension) => extension['url'] === UK_CORE_EXTENSIONS.ethnicCategory,
      );
      expect(JSON.stringify(ethnic)).toMatch(/"code":"(white|asian|black|other|not-stated)"/);
    }
    for (const observation of byType(resources, 'Observation')) {
      expect(observation['effectiveDateTime']).toMatch(/^2024-0\d$/);
    }
  });

  it('generalises to age bands and LSOA, and shifts every date of a patient by one keyed amount', () => {
    const { lookup } = parsePostcodeLookup(
      'pcds,lsoa21cd\nLS1 4AP,E01033015\nLS2 9JT,E01011365\nLS6 2AB,E01011691\nBD7 1DP,E01010600\nHX1 2LN,E01011014\n',
    );
    const policy = withPolicy({
      quasiIdentifiers: {
        birthDate: { method: 'age-band', bandYears: 10, topBandFrom: 80 },
        postcode: { method: 'lsoa', pseudoPostcodes: 'remove' },
        dates: { method: 'keyed-shift', maxShiftDays: 20 },
      },
    });
    const { resources } = deidentifyResources(pop.resources, {
      ...base,
      policy,
      postcodeLookup: lookup,
    });
    for (const patient of byType(resources, 'Patient')) {
      expect(patient['birthDate']).toBeUndefined();
      const band = ((patient['_birthDate'] as Json)['extension'] as Json[])[0] ?? {};
      expect(band['url']).toBe(AGE_BAND_EXTENSION_URL);
    }
    // Pseudo-postcodes are removed by this policy; every other address holds an LSOA.
    const addresses = byType(resources, 'Patient').flatMap(
      (patient) => (patient['address'] as Json[] | undefined) ?? [],
    );
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      expect(address['postalCode']).toBeUndefined();
      expect((address['extension'] as Json[])[0]).toMatchObject({
        url: LSOA_EXTENSION_URL,
        valueCode: expect.stringMatching(/^E01/) as string,
      });
    }
    const inputs = new Map(
      pop.resources.map((resource) => [
        `${String(resource['resourceType'])}/${String(resource['id'])}`,
        resource,
      ]),
    );
    const pipeline = new DeidPipeline({ ...base, policy, postcodeLookup: lookup });
    const days = (a: string, b: string): number => (Date.parse(a) - Date.parse(b)) / 86_400_000;
    pop.resources
      .filter((resource) => resource['resourceType'] === 'Encounter')
      .forEach((encounter, index) => {
        const patientId = String((encounter['subject'] as Json)['reference']).replace(
          'Patient/',
          '',
        );
        const observation = inputs.get(`Observation/obs-${String(index)}`) ?? {};
        const outEncounter = resources.find(
          (resource) =>
            resource.id === pipeline.pseudonyms.resourceId('Encounter', String(encounter['id'])),
        ) as Json | undefined;
        const outObservation = resources.find(
          (resource) =>
            resource.id ===
            pipeline.pseudonyms.resourceId('Observation', String(observation['id'])),
        ) as Json | undefined;
        const shiftEncounter = days(
          String((outEncounter?.['period'] as Json)['start']),
          String((encounter['period'] as Json)['start']),
        );
        const shiftObservation = days(
          String(outObservation?.['effectiveDateTime']),
          String(observation['effectiveDateTime']),
        );
        expect(shiftEncounter).toBe(shiftObservation);
        expect(shiftEncounter).not.toBe(0);
        expect(Math.abs(shiftEncounter)).toBeLessThanOrEqual(20);
        expect(patientId).toMatch(/^pat-/);
      });
  });

  it('suppresses for k-anonymity: patients in small classes leave with all their resources', () => {
    const policy = withPolicy({
      kAnonymity: {
        k: 3,
        quasiIdentifiers: ['birthDate', 'postcode', 'Patient.gender'],
        strategy: 'generalise-then-suppress',
      },
    });
    const { resources, report } = deidentifyResources(pop.resources, {
      ...base,
      policy,
      suppress: true,
    });
    expect(report.risk.kAnonymity.ok).toBe(true);
    expect(report.ok).toBe(true);
    const patients = byType(resources, 'Patient');
    expect(patients.length + report.suppression.patientsSuppressed).toBe(6);
    const kept = new Set(patients.map((patient) => `Patient/${String(patient['id'])}`));
    for (const observation of byType(resources, 'Observation')) {
      expect(kept.has(String((observation['subject'] as Json)['reference']))).toBe(true);
    }
    expect(report.counts.suppressed).toBe(report.suppression.patientsSuppressed * 4);
    const measured = deidentifyResources(pop.resources, { ...base, policy, suppress: false });
    expect(measured.report.risk.kAnonymity.ok).toBe(false);
    expect(measured.report.ok).toBe(false);
    expect(measured.report.suppression.enabled).toBe(false);
  });

  it('reads NDJSON: invalid lines are counted by line number, without their content', () => {
    const lines = pop.resources.map((resource) => JSON.stringify(resource));
    const text = [
      lines[0],
      'not json 9990000018',
      '',
      '{"no":"resourceType"}',
      '{"resourceType":"NotAType","id":"x"}',
      ...lines.slice(1),
    ].join('\r\n');
    const { output, report } = deidentifyNdjson(text, base);
    expect(report.counts).toMatchObject({ invalid: 2, blank: 1, unknownType: 1 });
    expect(report.ok).toBe(false);
    expect(report.issues.map((issue) => [issue.code, issue.line])).toEqual([
      ['invalid-input', 2],
      ['invalid-input', 4],
      ['unknown-resource', 5],
    ]);
    expect(JSON.stringify(report)).not.toContain('9990000018');
    expect(output.split('\n').filter(Boolean)).toHaveLength(24);
  });

  it('refuses a line longer than the limit, naming the line', () => {
    const text = `${JSON.stringify(pop.resources[0])}\n${JSON.stringify(pop.resources[1])}\n`;
    expect(() =>
      deidentifyNdjson(text, { ...base, maxLineChars: 500, source: 'big.ndjson' }),
    ).toThrow(/big\.ndjson: line \d is longer than 500 characters/);
    expect(() => deidentifyNdjson('x'.repeat(3_000), { ...base, maxLineChars: 2_000 })).toThrow(
      DeidError,
    );
  });

  it('de-identifies Bundles, keeping urn references consistent and dropping opted-out entries', () => {
    const [first, second] = pop.nhsNumbers;
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: NHS_NUMBER_SYSTEM, value: first }],
            gender: 'male',
          },
        },
        {
          fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
            subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
          },
        },
        {
          fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333',
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: NHS_NUMBER_SYSTEM, value: second }],
          },
        },
      ],
    };
    const { resources, report } = deidentifyResources([bundle], {
      ...base,
      optOut: optOutFor(pop.nhsNumbers, second === undefined ? [] : [second]),
    });
    const entries = (resources[0] as unknown as Json)['entry'] as Json[];
    expect(entries).toHaveLength(2);
    const fullUrl = entries[0]?.['fullUrl'];
    expect(fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(((entries[1]?.['resource'] as Json)['subject'] as Json)['reference']).toBe(fullUrl);
    expect(report.risk.records).toBe(1);
  });

  it('withholds restricted data through the opt-out filter, with its audit', () => {
    const restricted = {
      resourceType: 'Condition',
      id: 'restricted-1',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '86406008' }] },
      subject: { reference: `Patient/pat-${String(pop.nhsNumbers[0])}` },
    };
    const { resources, report } = deidentifyResources([...pop.resources, restricted], {
      ...base,
      optOut: {
        ...optOutFor(pop.nhsNumbers),
        restricted: { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS },
      },
    });
    expect(JSON.stringify(resources)).not.toContain('86406008');
    expect(report.optOut.restricted?.withheld.direct).toBe(1);
    expect(report.counts.optedOut).toBeGreaterThanOrEqual(1);
  });

  it('applies the policy lists: extra elements removed, pseudonymised identifiers kept', () => {
    const policy = withPolicy({
      directIdentifiers: {
        remove: ['Patient.gender', 'Encounter.class'],
        freeText: 'remove',
        otherIdentifiers: 'pseudonymise',
      },
    });
    const { resources } = deidentifyResources(pop.resources, { ...base, policy });
    const patient = byType(resources, 'Patient')[0] ?? {};
    expect(patient['gender']).toBeUndefined();
    expect((patient['identifier'] as Json[]).length).toBe(2);
    const encounter = byType(resources, 'Encounter')[0] ?? {};
    // Encounter.class is required: it is masked, not dropped.
    expect(encounter['class']).toEqual({
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' },
      ],
    });
    expect((encounter['identifier'] as Json[])[0]?.['system']).toBe(
      'https://lhcr.github.io/fhir/core/Id/pseudonym',
    );
  });

  it('separates projects and is deterministic', () => {
    const text = pop.resources.map((resource) => JSON.stringify(resource)).join('\n');
    const a = deidentifyNdjson(text, { ...base, project: 'alpha' });
    const b = deidentifyNdjson(text, { ...base, project: 'beta' });
    expect(deidentifyNdjson(text, { ...base, project: 'alpha' }).output).toBe(a.output);
    expect(a.report.project).toBe('alpha');
    const ids = (output: string): string[] =>
      output
        .split('\n')
        .filter(Boolean)
        .map((line) => String((JSON.parse(line) as Json)['id']));
    const alpha = new Set(ids(a.output));
    expect(ids(b.output).some((id) => alpha.has(id))).toBe(false);
  });

  it('refuses what it cannot apply, before reading anything', () => {
    expect(() => new DeidPipeline({ ...base, extractDate: '1/3/2025' })).toThrow(DeidError);
    expect(
      () =>
        new DeidPipeline({
          ...base,
          policy: withPolicy({
            quasiIdentifiers: { ...testPolicy().quasiIdentifiers, postcode: { method: 'lsoa' } },
          }),
        }),
    ).toThrow(/lsoa needs a postcode lookup/);
    expect(
      () =>
        new DeidPipeline({
          ...base,
          policy: withPolicy({
            quasiIdentifiers: {
              ...testPolicy().quasiIdentifiers,
              other: [{ element: 'Patient.maritalStatus', method: 'generalise' }],
            },
          }),
        }),
    ).toThrow(/no generaliser for Patient.maritalStatus/);
    const strict = withPolicy({
      pseudonymisation: {
        ...testPolicy().pseudonymisation,
        key: { scope: 'per-project', custody: 'kms', minimumBytes: 64 },
      },
    });
    expect(() => new DeidPipeline({ ...base, policy: strict })).toThrow(/at least 64 bytes/);
    const generalised = new DeidPipeline({
      ...base,
      policy: withPolicy({
        quasiIdentifiers: {
          ...testPolicy().quasiIdentifiers,
          other: [{ element: 'Patient.maritalStatus', method: 'generalise' }],
        },
      }),
      generalisers: { 'Patient.maritalStatus': () => undefined },
    });
    expect(generalised.report().policyWarnings).toEqual([]);
  });
});
