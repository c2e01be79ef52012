import { describe, expect, it } from 'vitest';
import { loadDeidPolicy } from '../node/policy-file';
import { measureRisk, measureRiskNdjson, RiskMeter } from './risk-meter';
import type { RiskPolicy } from './risk-meter';

const policy: RiskPolicy = {
  kAnonymity: {
    k: 3,
    quasiIdentifiers: ['birthDate', 'postcode', 'Patient.gender'],
    strategy: 'suppress',
  },
  lDiversity: { l: 2, sensitiveAttributes: ['Condition.code'] },
};

function patient(
  id: string,
  birthDate: string,
  postcode: string,
  gender: string,
): Record<string, unknown> {
  return { resourceType: 'Patient', id, birthDate, gender, address: [{ postalCode: postcode }] };
}

function condition(patientId: string, code: string): Record<string, unknown> {
  return {
    resourceType: 'Condition',
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'http://snomed.info/sct', code }] },
  };
}

describe('k-anonymity and l-diversity, on tables with known answers', { timeout: 60_000 }, () => {
  // Classes: (1970, LS1, female) × 4, (1970, LS1, male) × 3, (1980, LS2, female) × 2.
  const patients = [
    patient('a1', '1970', 'LS1', 'female'),
    patient('a2', '1970', 'LS1', 'female'),
    patient('a3', '1970', 'LS1', 'female'),
    patient('a4', '1970', 'LS1', 'female'),
    patient('b1', '1970', 'LS1', 'male'),
    patient('b2', '1970', 'LS1', 'male'),
    patient('b3', '1970', 'LS1', 'male'),
    patient('c1', '1980', 'LS2', 'female'),
    patient('c2', '1980', 'LS2', 'female'),
  ];

  it('finds k as the smallest class size and reports sizes only', () => {
    const report = measureRisk(patients, policy);
    expect(report.records).toBe(9);
    expect(report.kAnonymity).toEqual({
      threshold: 3,
      k: 2,
      classes: 3,
      smallestClasses: [2, 3, 4],
      classesBelowThreshold: 1,
      recordsBelowThreshold: 2,
      ok: false,
    });
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).not.toMatch(/1970|LS1|female/);
    expect(measureRisk(patients.slice(0, 7), policy).kAnonymity).toMatchObject({ k: 3, ok: true });
  });

  it('finds l as the fewest distinct sensitive values in a class, whatever the order', () => {
    const conditions = [
      condition('a1', '44054006'),
      condition('a2', '44054006'),
      condition('a3', '38341003'),
      condition('b1', '44054006'),
      condition('b2', '44054006'),
      condition('b2', '44054006'),
    ];
    // Conditions before their Patients: the meter waits for the Patient.
    const report = measureRisk([...conditions, ...patients.slice(0, 7)], policy);
    expect(report.lDiversity).toEqual({
      threshold: 2,
      sensitiveAttributes: ['Condition.code'],
      l: 1,
      classesMeasured: 2,
      smallestDiversity: [1, 2],
      classesBelowThreshold: 1,
      ok: false,
    });
    const diverse = measureRisk(
      [...patients.slice(0, 7), ...conditions, condition('b3', '38341003')],
      policy,
    );
    expect(diverse.lDiversity).toMatchObject({ l: 2, ok: true });
    expect(diverse.ok).toBe(true);
  });

  it('reads age bands, LSOA extensions and extension quasi-identifiers', () => {
    const meter = new RiskMeter({
      kAnonymity: {
        k: 2,
        quasiIdentifiers: ['birthDate', 'postcode', 'Patient.extension.ethnicCategory'],
        strategy: 'suppress',
      },
    });
    const banded = (
      id: string,
      low: number,
      lsoa: string,
      group: string,
    ): Record<string, unknown> => ({
      resourceType: 'Patient',
      id,
      _birthDate: {
        extension: [
          {
            url: 'https://lhcr.github.io/fhir/deid/StructureDefinition/age-band',
            valueRange: { low: { value: low }, high: { value: low + 4 } },
          },
        ],
      },
      address: [
        {
          extension: [
            { url: 'https://lhcr.github.io/fhir/deid/StructureDefinition/lsoa', valueCode: lsoa },
          ],
        },
      ],
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
          valueCodeableConcept: { coding: [{ system: 'x', code: group }] },
        },
      ],
    });
    meter.observe(banded('p1', 50, 'E01000001', 'white'));
    meter.observe(banded('p2', 50, 'E01000001', 'white'));
    meter.observe(banded('p3', 55, 'E01000001', 'white'));
    meter.observe({ resourceType: 'Observation' });
    meter.observe('not a resource');
    expect(meter.result().kAnonymity).toMatchObject({ k: 1, classes: 2, smallestClasses: [1, 2] });
  });

  it('measures NDJSON text, skipping lines that are not JSON', () => {
    const text = `${patients.map((resource) => JSON.stringify(resource)).join('\n')}\nnot json\n\n`;
    expect(measureRiskNdjson(text, policy).kAnonymity.k).toBe(2);
  });

  it('a blueprint policy with k = 5 fails an extract whose smallest class has 3 records', async () => {
    const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.policy.kAnonymity.k).toBe(5);
    const ethnic = (group: string): unknown => ({
      url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
      valueCodeableConcept: {
        coding: [
          { system: 'https://lhcr.github.io/fhir/deid/CodeSystem/ethnic-group', code: group },
        ],
      },
    });
    const extract = [
      ...Array.from({ length: 6 }, (_, index) => ({
        ...patient(`x${String(index)}`, '1970', 'LS1', 'female'),
        extension: [ethnic('white')],
      })),
      ...Array.from({ length: 5 }, (_, index) => ({
        ...patient(`y${String(index)}`, '1982', 'LS6', 'male'),
        extension: [ethnic('asian')],
      })),
      ...Array.from({ length: 3 }, (_, index) => ({
        ...patient(`z${String(index)}`, '1991', 'BD7', 'female'),
        extension: [ethnic('black')],
      })),
    ];
    const report = measureRisk(extract, loaded.policy);
    expect(report.kAnonymity).toMatchObject({
      threshold: 5,
      k: 3,
      smallestClasses: [3, 5, 6],
      ok: false,
    });
    expect(report.ok).toBe(false);
  });

  it('refuses quasi-identifiers that cannot be measured on Patient records', () => {
    expect(
      () =>
        new RiskMeter({ kAnonymity: { k: 2, quasiIdentifiers: ['dates'], strategy: 'suppress' } }),
    ).toThrow(/event dates/);
    expect(
      () =>
        new RiskMeter({
          kAnonymity: { k: 2, quasiIdentifiers: ['Observation.code'], strategy: 'suppress' },
        }),
    ).toThrow(/not a Patient element/);
  });
});
