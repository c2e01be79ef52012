import { fc, test } from '@fast-check/vitest';
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { describe, expect, it } from 'vitest';
import { ukCoreExamples } from '../__fixtures__/uk-core';
import { R4_MODEL } from '../generated/r4-model';
import { checkResourceRules } from './resource-rules';
import type { JsonObject } from './run';

// The DomainResource invariants as R4 publishes them, with two corrections the reference validator
// makes: dom-6 does not apply to contained resources, and `as(T)` over a collection (dom-3)
// filters it, as `ofType(T)` does (strict FHIRPath raises an error there instead).
// The native checks must give the same answers.
const DOM = {
  'dom-2': 'contained.contained.empty()',
  'dom-3':
    "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().ofType(canonical) | %resource.descendants().ofType(uri) | %resource.descendants().ofType(url))) or descendants().where(reference = '#').exists() or descendants().ofType(canonical).where($this = '#').exists() or descendants().ofType(uri).where($this = '#').exists()).not()).trace('unmatched', id).empty()",
  'dom-4': 'contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()',
  'dom-5': 'contained.meta.security.empty()',
  'dom-6': 'text.`div`.exists()',
} as const;

function byFhirPath(resource: JsonObject): string[] {
  const failed: string[] = [];
  for (const [key, expression] of Object.entries(DOM)) {
    const result = fhirpath.evaluate(resource, expression, { resource }, r4, {
      traceFn: () => undefined,
    }) as unknown[];
    if (!(result.length === 0 || result[0] === true)) failed.push(key);
  }
  return failed.sort();
}

function natively(resource: JsonObject): string[] {
  const type = String(resource.resourceType);
  return [...new Set(checkResourceRules(type, resource, R4_MODEL).map((f) => f.ruleId ?? ''))]
    .filter((k) => k.startsWith('dom-'))
    .sort();
}

describe('native dom-2 to dom-6', () => {
  it('agree with FHIRPath on every UK Core example', () => {
    const resources = ukCoreExamples()
      .map((e) => e.resource)
      .filter((r) => r.resourceType !== 'Bundle');
    expect(resources.map(natively)).toEqual(resources.map(byFhirPath));
  });

  const narrative = fc.option(
    fc.constant({ status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }),
    { nil: undefined },
  );
  const meta = fc.option(
    fc.record(
      {
        versionId: fc.constant('1'),
        lastUpdated: fc.constant('2020-01-01T00:00:00Z'),
        security: fc.constant([{ code: 'R' }]),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  );
  const ids = fc.constantFrom('a', 'b', 'c');
  const contained = fc.record(
    {
      resourceType: fc.constantFrom('Practitioner', 'Organization', 'Medication'),
      id: ids,
      meta,
      contained: fc.option(fc.constant([{ resourceType: 'Organization', id: 'z' }]), {
        nil: undefined,
      }),
      extension: fc.option(
        fc.constant([{ url: 'http://example.org/back', valueReference: { reference: '#' } }]),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['resourceType', 'id'] },
  );
  const patient = fc.record(
    {
      resourceType: fc.constant('Patient'),
      text: narrative,
      contained: fc.array(contained, { maxLength: 3 }),
      generalPractitioner: fc.array(
        fc.record({ reference: fc.constantFrom('#a', '#b', 'Practitioner/1', '#') }),
        { maxLength: 2 },
      ),
      extension: fc.array(
        fc.record({
          url: fc.constant('http://example.org/x'),
          valueUri: fc.constantFrom('#c', 'http://x'),
        }),
        { maxLength: 1 },
      ),
    },
    { requiredKeys: ['resourceType'] },
  );
  test.prop([patient], { numRuns: 400 })(
    'agree with FHIRPath on generated resources with contained resources',
    (resource) => {
      const clean = JSON.parse(JSON.stringify(resource)) as JsonObject;
      if (Array.isArray(clean.contained) && clean.contained.length === 0) delete clean.contained;
      expect(natively(clean)).toEqual(byFhirPath(clean));
    },
  );
});
