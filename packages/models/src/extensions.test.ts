import { describe, expect, it } from 'vitest';
import {
  getExtension,
  getExtensions,
  getExtensionValue,
  removeExtension,
  setExtension,
} from './extensions';
import type { Patient } from './generated/fhir-r4';

const URL_A = 'https://example.org/StructureDefinition/a';
const URL_B = 'https://example.org/StructureDefinition/b';

describe('extension helpers', () => {
  it('reads extensions by URL and value form', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      extension: [
        { url: URL_A, valueString: 'first' },
        { url: URL_B, valueBoolean: true },
        { url: URL_A, valueString: 'second' },
      ],
    };
    expect(getExtension(patient, URL_A)?.valueString).toBe('first');
    expect(getExtensions(patient, URL_A).map((e) => e.valueString)).toEqual(['first', 'second']);
    expect(getExtensionValue(patient, URL_B, 'valueBoolean')).toBe(true);
    expect(getExtensionValue(patient, URL_B, 'valueString')).toBeUndefined();
    expect(getExtension(patient, 'https://example.org/none')).toBeUndefined();
  });

  it('sets by replacing every extension of the same URL, keeping the others', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      extension: [
        { url: URL_A, valueString: 'old' },
        { url: URL_B, valueBoolean: true },
        { url: URL_A, valueString: 'older' },
      ],
    };
    setExtension(patient, { url: URL_A, valueString: 'new' });
    expect(patient.extension).toEqual([
      { url: URL_B, valueBoolean: true },
      { url: URL_A, valueString: 'new' },
    ]);
  });

  it('removes and drops an emptied array (FHIR JSON has no empty arrays)', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      extension: [{ url: URL_A, valueString: 'x' }],
    };
    removeExtension(patient, URL_A);
    expect(patient).toEqual({ resourceType: 'Patient' });
  });
});
