import { describe, expect, it } from 'vitest';
import {
  assertNhsNumber,
  assertOdsCode,
  assertSnomedCtId,
  assertUkPostcode,
  NHS_NUMBER_SYSTEM,
  ODS_ORGANIZATION_SYSTEM,
  SNOMED_CT_SYSTEM,
} from '../identifiers';
import { getExtensionValue } from '../extensions';
import { referenceTo } from '../references';
import { UK_CORE_EXTENSIONS, UK_CORE_PROFILES } from '../uk-core';
import {
  buildAllergyIntolerance,
  buildCondition,
  buildEncounter,
  buildMedicationStatement,
  buildObservation,
  buildOrganization,
  buildPatient,
  buildPractitioner,
  buildSharingObjection,
  patientNhsNumber,
} from './index';

const nhsNumber = assertNhsNumber('943 476 5919');

function samplePatient() {
  return buildPatient({
    id: 'p1',
    nhsNumber,
    nhsNumberVerificationStatus: '01',
    name: { family: 'Smith', given: ['Richard'], prefix: ['Mr'], use: 'official' },
    gender: 'male',
    birthDate: '1970-03-01',
    address: {
      lines: ['1 Trevelyan Square', 'Boar Lane'],
      city: 'Leeds',
      postcode: assertUkPostcode('ls1 6ae'),
    },
    gpPractice: { odsCode: assertOdsCode('B82005'), name: 'White Rose Medical Centre' },
    ethnicCategory: { code: 'A', display: 'White - British' },
  });
}

describe('buildPatient', () => {
  it('writes the NHS number slice with its verification status', () => {
    const patient = samplePatient();
    expect(patient.meta?.profile).toEqual([UK_CORE_PROFILES.Patient]);
    expect(patient.identifier).toHaveLength(1);
    const identifier = patient.identifier?.[0];
    expect(identifier?.system).toBe(NHS_NUMBER_SYSTEM);
    expect(identifier?.value).toBe('9434765919');
    const status = getExtensionValue(
      identifier ?? {},
      UK_CORE_EXTENSIONS.nhsNumberVerificationStatus,
      'valueCodeableConcept',
    );
    expect(status?.coding?.[0]).toEqual({
      system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
      code: '01',
      display: 'Number present and verified',
    });
    expect(patientNhsNumber(patient)).toBe('9434765919');
  });

  it('writes names, address, GP practice and ethnic category in UK Core form', () => {
    const patient = samplePatient();
    expect(patient.name).toEqual([
      { use: 'official', family: 'Smith', given: ['Richard'], prefix: ['Mr'] },
    ]);
    expect(patient.address?.[0]?.postalCode).toBe('LS1 6AE');
    expect(patient.generalPractitioner).toEqual([
      {
        type: 'Organization',
        identifier: { system: ODS_ORGANIZATION_SYSTEM, value: 'B82005' },
        display: 'White Rose Medical Centre',
      },
    ]);
    expect(
      getExtensionValue(patient, UK_CORE_EXTENSIONS.ethnicCategory, 'valueCodeableConcept'),
    ).toMatchObject({ coding: [{ code: 'A' }] });
  });

  it('never writes undefined or empty values', () => {
    const patient = buildPatient({ name: { family: 'Smith' } });
    expect(patient).toEqual({
      resourceType: 'Patient',
      meta: { profile: [UK_CORE_PROFILES.Patient] },
      name: [{ family: 'Smith' }],
    });
    expect(JSON.stringify(samplePatient())).not.toMatch(/undefined|null|\[\]|\{\}/);
  });

  it('omits the verification extension when the status is unknown', () => {
    const patient = buildPatient({ nhsNumber, name: { family: 'Smith' } });
    expect(patient.identifier).toEqual([{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }]);
  });

  it('rejects an impossible birth date and an empty family name, naming the field', () => {
    expect(() => buildPatient({ name: { family: 'Smith' }, birthDate: '1970-13-01' })).toThrow(
      /birthDate must be a FHIR date/,
    );
    expect(() => buildPatient({ name: { family: ' ' } })).toThrow(/name.family/);
    expect(() => buildPatient({ name: { family: 'Smith' }, deceased: 'yesterday' })).toThrow(
      /deceased must be a FHIR dateTime/,
    );
  });

  it('records death as a boolean or a dateTime', () => {
    expect(buildPatient({ name: { family: 'S' }, deceased: true }).deceasedBoolean).toBe(true);
    expect(
      buildPatient({ name: { family: 'S' }, deceased: '2024-05-01T10:00:00Z' }).deceasedDateTime,
    ).toBe('2024-05-01T10:00:00Z');
  });
});

describe('organisation and practitioner builders', () => {
  it('identifies an organisation by ODS code', () => {
    const org = buildOrganization({
      id: 'rr8',
      odsCode: assertOdsCode('rr8'),
      name: 'Leeds Teaching Hospitals NHS Trust',
    });
    expect(org.identifier).toEqual([{ system: ODS_ORGANIZATION_SYSTEM, value: 'RR8' }]);
    expect(referenceTo(org)).toEqual({ reference: 'Organization/rr8' });
  });

  it('writes professional register numbers with their systems', () => {
    const practitioner = buildPractitioner({
      name: { family: 'Gose', given: ['Sandra'] },
      identifiers: { gmc: '7654321', sdsUserId: 'P12345678' },
    });
    expect(practitioner.identifier).toEqual([
      { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'P12345678' },
      { system: 'https://fhir.hl7.org.uk/Id/gmc-number', value: '7654321' },
    ]);
  });
});

describe('clinical builders', () => {
  const patient = referenceTo(samplePatient());

  it('builds an Encounter with its v3 class', () => {
    const encounter = buildEncounter({
      status: 'finished',
      class: 'IMP',
      patient,
      start: '2025-01-01T09:00:00Z',
    });
    expect(encounter.class).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
      code: 'IMP',
      display: 'inpatient encounter',
    });
    expect(encounter.period).toEqual({ start: '2025-01-01T09:00:00Z' });
    expect(() =>
      buildEncounter({ status: 'finished', class: 'IMP', patient, start: '2025-01-01T09:00' }),
    ).toThrow(/start/);
  });

  it('builds a Condition coded in SNOMED CT; entered-in-error has no clinical status', () => {
    const asthma = { code: assertSnomedCtId('195967001'), display: 'Asthma' };
    const condition = buildCondition({ patient, code: asthma });
    expect(condition.code?.coding?.[0]).toEqual({
      system: SNOMED_CT_SYSTEM,
      code: '195967001',
      display: 'Asthma',
    });
    expect(condition.clinicalStatus?.coding?.[0]?.code).toBe('active');
    const wrong = buildCondition({ patient, code: asthma, verificationStatus: 'entered-in-error' });
    expect(wrong.clinicalStatus).toBeUndefined();
  });

  it('builds an AllergyIntolerance from SNOMED CT or any CodeableConcept', () => {
    const allergy = buildAllergyIntolerance({
      patient,
      code: { code: assertSnomedCtId('91936005'), display: 'Allergy to penicillin' },
      manifestations: [{ code: assertSnomedCtId('271807003'), display: 'Skin rash' }],
      criticality: 'high',
    });
    expect(allergy.code?.coding?.[0]?.code).toBe('91936005');
    expect(allergy.reaction?.[0]?.manifestation[0]?.coding?.[0]?.code).toBe('271807003');
    const text = buildAllergyIntolerance({ patient, code: { text: 'Peanuts' } });
    expect(text.code).toEqual({ text: 'Peanuts' });
  });

  it('builds a MedicationStatement for a dm+d medicine', () => {
    const statement = buildMedicationStatement({
      patient,
      status: 'active',
      medication: { code: assertSnomedCtId('323509004'), display: 'Amoxicillin 500mg capsules' },
      dosageText: 'One capsule three times a day',
      effectiveStart: '2025-01-01',
    });
    expect(statement.medicationCodeableConcept?.coding?.[0]?.system).toBe('https://dmd.nhs.uk');
    expect(statement.dosage).toEqual([{ text: 'One capsule three times a day' }]);
    expect(statement.effectivePeriod).toEqual({ start: '2025-01-01' });
  });

  it('builds an Observation with a UCUM quantity', () => {
    const observation = buildObservation({
      patient,
      code: { code: assertSnomedCtId('27113001'), display: 'Body weight' },
      additionalCodings: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }],
      category: 'vital-signs',
      value: { value: 72.5, unit: 'kg' },
      effective: '2025-01-01T09:00:00Z',
    });
    expect(observation.status).toBe('final');
    expect(observation.code.coding).toHaveLength(2);
    expect(observation.valueQuantity).toEqual({
      value: 72.5,
      unit: 'kg',
      system: 'http://unitsofmeasure.org',
      code: 'kg',
    });
    expect(() =>
      buildObservation({
        patient,
        code: { code: assertSnomedCtId('27113001'), display: 'x' },
        value: { value: Number.NaN, unit: 'kg' },
      }),
    ).toThrow(/finite/);
  });

  it('records a local objection to sharing, and its withdrawal', () => {
    const organization = { reference: 'Organization/rr8' };
    const objection = buildSharingObjection({
      patient,
      decision: 'deny',
      dateTime: '2025-02-01T10:00:00Z',
      organization,
      policyUri: 'https://region.example.nhs.uk/sharing-policy',
    });
    expect(objection.scope.coding?.[0]).toMatchObject({ code: 'patient-privacy' });
    expect(objection.category[0]?.coding?.[0]).toMatchObject({ code: 'INFA' });
    expect(objection.provision?.type).toBe('deny');
    expect(objection.provision?.code?.[0]?.coding?.[0]?.code).toBe('416409005');
    const withdrawal = buildSharingObjection({
      patient,
      decision: 'permit',
      dateTime: '2025-03-01T10:00:00Z',
      organization,
      policyUri: 'https://region.example.nhs.uk/sharing-policy',
      periodStart: '2025-03-01',
    });
    expect(withdrawal.provision?.code?.[0]?.coding?.[0]?.code).toBe('417528008');
    expect(withdrawal.provision?.period).toEqual({ start: '2025-03-01' });
  });
});
