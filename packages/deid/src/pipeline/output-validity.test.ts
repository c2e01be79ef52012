import type { Resource } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { exampleResources } from '../__fixtures__/examples';
import { testKey, testPolicy } from '../__fixtures__/population';
import { nodeHmacSha256, r4OutputValidator } from '../node';
import type { DeidPolicy } from '../policy/deid-policy';
import { deidentifyResources } from './deidentify';

const validate = r4OutputValidator();
const examples = exampleResources();
const base = testPolicy();
const variants: Record<string, DeidPolicy> = {
  'the test policy (year, district, month)': base,
  'age bands, keyed date shifts, pseudonymised identifiers, base64url': {
    ...base,
    pseudonymisation: {
      ...base.pseudonymisation,
      output: { ...base.pseudonymisation.output, encoding: 'base64url', truncateToBytes: 16 },
    },
    directIdentifiers: { ...base.directIdentifiers, otherIdentifiers: 'pseudonymise' },
    quasiIdentifiers: {
      ...base.quasiIdentifiers,
      birthDate: { method: 'age-band', bandYears: 5, topBandFrom: 90 },
      dates: { method: 'keyed-shift', maxShiftDays: 30 },
    },
  },
  'everything removed (birth dates, postcodes, dates)': {
    ...base,
    quasiIdentifiers: {
      birthDate: { method: 'remove' },
      postcode: { method: 'remove' },
      dates: { method: 'remove' },
    },
  },
};

describe('de-identified output is valid FHIR R4 (@lhcr/validator)', { timeout: 120_000 }, () => {
  it.each(Object.entries(variants))(
    'for %s, over the UK Core and blueprint examples',
    (_, policy) => {
      const valid = examples.filter((resource) => validate(resource as Resource).ok);
      // The corpus is broad: almost every example is valid as published.
      expect(valid.length).toBeGreaterThan(200);
      const { resources, report } = deidentifyResources(valid, {
        policy,
        key: testKey(1),
        extractDate: '2025-03-01',
        optOut: { request: { purpose: 'direct-care', date: '2025-03-01' } },
        hmac: nodeHmacSha256,
        suppress: false,
      });
      expect(report.counts.written).toBe(valid.length);
      const failures = resources
        .map((resource) => ({ resource, result: validate(resource) }))
        .filter(({ result }) => !result.ok)
        .map(({ resource, result }) => ({
          type: resource.resourceType,
          errors: result.issues
            .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
            .map((issue) => `${issue.expression ?? ''}: ${issue.diagnostics ?? ''}`),
        }));
      expect(failures).toEqual([]);
    },
  );
});
