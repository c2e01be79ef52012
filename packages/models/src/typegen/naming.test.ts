import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { backboneName, pascalCase, primitiveAliasName, upperFirst } from './naming';

describe('type naming', () => {
  it('names primitives and backbone elements as @lhcr/models exports them', () => {
    expect(upperFirst('dateTime')).toBe('DateTime');
    expect(primitiveAliasName('positiveInt')).toBe('FhirPositiveInt');
    expect(backboneName('Patient.contact')).toBe('PatientContact');
    expect(backboneName('Dosage.doseAndRate.rate[x]')).toBe('DosageDoseAndRateRate');
  });

  it('makes PascalCase from FHIR names, treating runs of capitals as one word', () => {
    expect(pascalCase('LHCRPatient')).toBe('LhcrPatient');
    expect(pascalCase('nhsNumber')).toBe('NhsNumber');
    expect(pascalCase('ExtensionUKCoreNHSNumberVerificationStatus')).toBe(
      'ExtensionUkCoreNhsNumberVerificationStatus',
    );
    expect(pascalCase('LHCR-Observation-VitalSigns')).toBe('LhcrObservationVitalSigns');
    expect(pascalCase('snomedCT')).toBe('SnomedCt');
    expect(pascalCase('triggeredByR5')).toBe('TriggeredByR5');
    expect(pascalCase('patient-birthPlace')).toBe('PatientBirthPlace');
    expect(pascalCase('---')).toBe('');
  });

  test.prop([fc.string()])(
    'always gives an identifier made of capitalised words, or nothing',
    (text) => {
      expect(pascalCase(text)).toMatch(/^([A-Z][a-z0-9]*|[0-9]+)*$/);
    },
  );
});
