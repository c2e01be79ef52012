import { describe, expect, it } from 'vitest';
import { toQueryString, toSearchRecord } from './search-params';

describe('toSearchRecord and toQueryString', () => {
  it('accepts records, URLSearchParams and pairs, keeping repeats in order', () => {
    const expected = { date: ['ge2024', 'le2025'], _count: '10' };
    expect(toSearchRecord({ date: ['ge2024', 'le2025'], _count: 10, skipped: undefined })).toEqual(
      expected,
    );
    expect(toSearchRecord(new URLSearchParams('date=ge2024&date=le2025&_count=10'))).toEqual(
      expected,
    );
    expect(
      toSearchRecord([
        ['date', 'ge2024'],
        ['date', 'le2025'],
        ['_count', 10],
      ]),
    ).toEqual(expected);
    expect(toQueryString(expected)).toBe('date=ge2024&date=le2025&_count=10');
  });

  it('encodes token values as fhir-kit-client does', () => {
    expect(
      toQueryString(
        toSearchRecord({
          identifier: 'https://fhir.nhs.uk/Id/nhs-number|9990000018',
          active: true,
        }),
      ),
    ).toBe('identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990000018&active=true');
  });

  it('rejects empty names', () => {
    expect(() => toSearchRecord({ '': 'x' })).toThrow('name is empty');
  });
});
