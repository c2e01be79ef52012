import { NHS_NUMBER_SYSTEM, generateTestNhsNumber } from '@lhcr/models';
import type { NhsNumber, Observation, Patient } from '@lhcr/models';

/** A seeded random source, so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A synthetic patient with a test-range NHS number. */
export function syntheticPatient(index: number, nhsNumber?: NhsNumber): Patient {
  const number = nhsNumber ?? generateTestNhsNumber(seededRandom(index + 1));
  return {
    resourceType: 'Patient',
    id: `pat-${String(index)}`,
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: number }],
    name: [{ family: `Testfamily${String(index)}`, given: ['Synthetic'] }],
    gender: index % 2 === 0 ? 'female' : 'male',
    birthDate: '1970-01-01',
    address: [{ postalCode: 'LS1 4HR', line: ['1 Test Street'] }],
    telecom: [{ system: 'phone', value: '01130000000' }],
  };
}

/** A synthetic observation about a patient. */
export function syntheticObservation(index: number, patientId: string): Observation {
  return {
    resourceType: 'Observation',
    id: `obs-${String(index)}`,
    status: 'final',
    code: { text: 'heart rate' },
    subject: { reference: `Patient/${patientId}`, display: 'Synthetic Testfamily' },
    valueQuantity: { value: 60 + index, unit: 'beats/min' },
  };
}
