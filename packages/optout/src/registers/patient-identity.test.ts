import { NHS_NUMBER_SYSTEM } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { byNhsNumber, patient, testNumbers } from '../__fixtures__/records';
import { patientIdentityOf, referenceKey, resolveReference } from './patient-identity';
import type { PatientIdentity } from './patient-identity';

const [a, b] = testNumbers(2) as [NhsNumber, NhsNumber];
const index = new Map<string, PatientIdentity>([
  ['Patient/p1', { presence: 'present', nhsNumbers: [a] }],
]);
const lookup = { get: (key: string) => index.get(key) };

describe('patientIdentityOf', () => {
  it('reads the NHS number identifier, in display form too', () => {
    expect(patientIdentityOf(patient('p', a))).toEqual({ presence: 'present', nhsNumbers: [a] });
    const spaced = `${a.slice(0, 3)} ${a.slice(3, 6)} ${a.slice(6)}`;
    expect(patientIdentityOf(patient('p', spaced)).nhsNumbers).toEqual([a]);
  });

  it('ignores old numbers and other systems; an invalid number is unresolved, none is absent', () => {
    const old = {
      resourceType: 'Patient',
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: a, use: 'old' },
        { system: NHS_NUMBER_SYSTEM, value: b },
      ],
    };
    expect(patientIdentityOf(old)).toEqual({ presence: 'present', nhsNumbers: [b] });
    expect(
      patientIdentityOf({
        resourceType: 'Patient',
        identifier: [{ system: 'urn:local', value: a }],
      }).presence,
    ).toBe('absent');
    expect(patientIdentityOf(patient('p', '9434765918')).presence).toBe('unresolved');
    expect(patientIdentityOf(patient('p', undefined)).presence).toBe('absent');
    expect(patientIdentityOf('not a patient').presence).toBe('absent');
  });
});

describe('referenceKey', () => {
  it.each([
    ['Patient/123', { type: 'Patient', key: 'Patient/123' }],
    ['https://example.org/fhir/Patient/123/_history/2', { type: 'Patient', key: 'Patient/123' }],
    [
      'urn:uuid:2d2b7a1c-0b6a-4e23-9d0b-2c1a4f5e6d7c',
      { type: undefined, key: 'urn:uuid:2d2b7a1c-0b6a-4e23-9d0b-2c1a4f5e6d7c' },
    ],
    ['#contained', undefined],
    ['not a reference', undefined],
  ])('%s', (reference, expected) => {
    expect(referenceKey(reference)).toEqual(expected);
  });
});

describe('resolveReference', () => {
  it('resolves NHS number identifiers, indexed Patient references and contained Patients', () => {
    expect(resolveReference(byNhsNumber(b), lookup)).toEqual({
      presence: 'present',
      nhsNumbers: [b],
    });
    expect(resolveReference({ reference: 'Patient/p1' }, lookup)).toEqual({
      presence: 'present',
      nhsNumbers: [a],
    });
    const contained = new Map<string, unknown>([
      ['p', patient('p', b)],
      ['o', { resourceType: 'Organization' }],
    ]);
    expect(resolveReference({ reference: '#p' }, lookup, contained)).toEqual({
      presence: 'present',
      nhsNumbers: [b],
    });
    expect(resolveReference({ reference: '#o' }, lookup, contained)).toBe('not-patient');
  });

  it('marks unresolvable patient references unresolved and others not-patient or unknown', () => {
    expect(resolveReference({ reference: 'Patient/missing' }, lookup)).toMatchObject({
      presence: 'unresolved',
    });
    expect(
      resolveReference(
        { type: 'Patient', identifier: { system: 'urn:local', value: '1' } },
        lookup,
      ),
    ).toMatchObject({ presence: 'unresolved' });
    expect(resolveReference(byNhsNumber('9434765918'), lookup)).toMatchObject({
      presence: 'unresolved',
    });
    expect(resolveReference({ reference: 'Practitioner/1' }, lookup)).toBe('not-patient');
    expect(resolveReference({ reference: 'urn:uuid:x', type: 'Device' }, lookup)).toBe(
      'not-patient',
    );
    expect(resolveReference({ reference: 'urn:uuid:x' }, lookup)).toBe('unknown');
    expect(resolveReference({ display: 'Mr Smith' }, lookup)).toBe('unknown');
  });
});
