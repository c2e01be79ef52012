import { fc, test } from '@fast-check/vitest';
import { NHS_NUMBER_SYSTEM, formatNhsNumber, generateTestNhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticObservation, syntheticPatient } from './__fixtures__/patients';
import type { Exchange } from './exchange';
import {
  REDACTED,
  maskNhsNumbers,
  redactExchange,
  redactPatientData,
  redactSearchUrl,
  redactText,
  redactUrl,
} from './redaction';

const nhsNumber = generateTestNhsNumber(seededRandom(5));

describe('redactUrl', () => {
  it('replaces every query value and masks NHS numbers in the path', () => {
    expect(
      redactUrl(
        `https://example.org/fhir/Patient/${nhsNumber}?identifier=${NHS_NUMBER_SYSTEM}|${nhsNumber}&_count=10#frag`,
      ),
    ).toBe('https://example.org/fhir/Patient/[redacted]?identifier=[redacted]&_count=[redacted]');
    expect(redactUrl('https://example.org/fhir/metadata')).toBe(
      'https://example.org/fhir/metadata',
    );
    expect(redactUrl('https://example.org/fhir/Patient?')).toBe('https://example.org/fhir/Patient');
  });
});

describe('redactSearchUrl', () => {
  it('replaces person-identifying parameters only', () => {
    expect(
      redactSearchUrl(
        'https://example.org/fhir/Observation?subject:Patient.family=Smith&code=1234&_count=5&patient.identifier=x%7Cy',
      ),
    ).toBe(
      'https://example.org/fhir/Observation?subject:Patient.family=[redacted]&code=1234&_count=5&patient.identifier=[redacted]',
    );
    expect(redactSearchUrl(`https://example.org/fhir/Observation?note=${nhsNumber}`)).toBe(
      'https://example.org/fhir/Observation?note=[redacted]',
    );
  });
});

describe('maskNhsNumbers and redactText', () => {
  it('masks grouped and encoded forms', () => {
    expect(maskNhsNumbers(`a ${formatNhsNumber(nhsNumber)} b`)).toBe('a [redacted] b');
    expect(maskNhsNumbers(nhsNumber.replace(/^(\d{3})(\d{3})/, '$1%20$2%20'))).toBe(REDACTED);
    expect(maskNhsNumbers('12345678901')).toBe('12345678901');
    expect(redactText('Failed to parse URL from http://x/Patient?name=Smith')).toBe(
      'Failed to parse URL from http://x/Patient?name=[redacted]',
    );
  });
});

describe('redactPatientData', () => {
  it('removes demographics, NHS numbers, reference displays and narrative', () => {
    const patient = {
      ...syntheticPatient(1, nhsNumber),
      text: { status: 'generated', div: '<div>Synthetic Testfamily1</div>' },
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: nhsNumber },
        { system: 'https://local.example/mrn', value: 'MRN123' },
      ],
    };
    expect(redactPatientData(patient)).toEqual({
      resourceType: 'Patient',
      id: 'pat-1',
      text: { status: 'generated', div: REDACTED },
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: REDACTED },
        { system: 'https://local.example/mrn', value: REDACTED },
      ],
      name: REDACTED,
      gender: 'male',
      birthDate: REDACTED,
      address: REDACTED,
      telecom: REDACTED,
    });
    const observation = syntheticObservation(1, 'pat-1');
    expect(redactPatientData(observation)).toMatchObject({
      subject: { reference: 'Patient/pat-1', display: REDACTED },
      code: { text: 'heart rate' },
    });
  });

  it('walks Bundles and masks NHS numbers in any string', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'self', url: `https://x/fhir/Patient?identifier=${nhsNumber}` }],
      entry: [{ resource: syntheticPatient(2, nhsNumber) }],
    };
    const text = JSON.stringify(redactPatientData(bundle));
    expect(text).not.toContain(nhsNumber);
    expect(text).not.toContain('Testfamily2');
  });

  it('replaces values nested too deeply', () => {
    let deep: unknown = 'leaf';
    for (let index = 0; index < 500; index += 1) deep = { nested: deep };
    expect(JSON.stringify(redactPatientData(deep))).toContain(REDACTED);
  });

  test.prop([fc.jsonValue()])('never throws on arbitrary JSON', (value) => {
    expect(() => redactPatientData(value)).not.toThrow();
  });

  test.prop([fc.jsonValue(), fc.integer()])(
    'never leaves a test-range NHS number anywhere',
    (value, seed) => {
      const planted = generateTestNhsNumber(seededRandom(seed));
      const withNumber = {
        resourceType: 'Basic',
        value,
        note: `see ${planted}`,
        list: [planted, { x: formatNhsNumber(planted) }],
      };
      expect(JSON.stringify(redactPatientData(withNumber))).not.toContain(planted);
      expect(JSON.stringify(redactPatientData(withNumber))).not.toContain(formatNhsNumber(planted));
    },
  );
});

describe('redactExchange', () => {
  it('redacts bodies, form bodies, URLs and Location headers', () => {
    const exchange: Exchange = {
      request: {
        kind: 'fhir',
        requestId: '00000000-0000-4000-8000-000000000000',
        attempt: 1,
        method: 'POST',
        url: 'https://x/fhir/Patient/_search',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `identifier=${NHS_NUMBER_SYSTEM}%7C${nhsNumber}&family=Smith`,
        startedAt: '2026-01-01T00:00:00.000Z',
      },
      response: {
        status: 201,
        headers: { location: `https://x/fhir/Patient/${nhsNumber}` },
        body: syntheticPatient(3, nhsNumber),
      },
      error: undefined,
      durationMs: 1,
    };
    const redacted = redactExchange(exchange);
    expect(redacted.request.body).toBe('identifier=[redacted]&family=[redacted]');
    expect(redacted.response?.headers.location).toBe('https://x/fhir/Patient/[redacted]');
    expect(JSON.stringify(redacted)).not.toContain(nhsNumber);
    expect(JSON.stringify(redacted)).not.toContain('Testfamily3');
  });
});
