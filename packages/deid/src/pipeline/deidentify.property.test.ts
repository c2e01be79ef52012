import { fc, test } from '@fast-check/vitest';
import { NHS_NUMBER_SYSTEM, formatNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect } from 'vitest';
import { optOutFor, population, testKey, testPolicy } from '../__fixtures__/population';
import type { Population } from '../__fixtures__/population';
import { datePrecision, isNoMorePrecise } from '../generalise/dates';
import { isRecord } from '../internal/json';
import { nodeHmacSha256, r4OutputValidator } from '../node';
import type { DeidPolicy } from '../policy/deid-policy';
import type { PseudonymKey } from '../pseudonym/key';
import { deidentifyNdjson } from './deidentify';

/** Places a direct identifier can be hidden in a resource, at any depth. */
const PLACES = [
  'unknown-property',
  'nested-unknown-property',
  'extension-string',
  'modifier-extension-string',
  'primitive-extension',
  'contained-patient',
  'contained-location',
  'reference-display',
  'codeable-concept-text',
  'coding-display',
  'other-identifier',
  'nhs-number-as-id',
  'nhs-number-in-reference',
  'absolute-reference',
  'note',
  'narrative',
  'quantity-unit',
  'attachment',
  'bundle',
  'formatted-nhs-number-in-text',
] as const;

type Place = (typeof PLACES)[number];

interface Injection {
  readonly place: Place;
  readonly target: number;
  readonly secret: number;
  readonly depth: number;
}

const injection: fc.Arbitrary<Injection> = fc.record({
  place: fc.constantFrom(...PLACES),
  target: fc.nat(),
  secret: fc.nat(),
  depth: fc.integer({ min: 0, max: 5 }),
});

type Json = Record<string, unknown>;

function nestedExtension(depth: number, leaf: Json): Json {
  let extension: Json = { url: 'https://example.org/fhir/StructureDefinition/leaf', ...leaf };
  for (let level = 0; level < depth; level += 1) {
    extension = {
      url: `https://example.org/fhir/StructureDefinition/level-${String(level)}`,
      extension: [extension],
    };
  }
  return extension;
}

function push(resource: Json, key: string, value: unknown): void {
  const current = Array.isArray(resource[key]) ? (resource[key] as unknown[]) : [];
  resource[key] = [...current, value];
}

/** Hides one identifier of the population somewhere in one resource (a copy). */
function inject(resources: Json[], item: Injection, pop: Population): Json[] {
  const out = resources.map((resource) => structuredClone(resource));
  const index = item.target % out.length;
  // A resource an earlier injection wrapped in a Bundle is reached through the Bundle: a Bundle
  // has no extensions or codes of its own, so hiding things on it would make the input invalid.
  let resource = out[index] as Json;
  while (resource['resourceType'] === 'Bundle' && item.place !== 'bundle') {
    const entries = resource['entry'] as { resource: Json }[];
    resource = (entries[0] as { resource: Json }).resource;
  }
  const { names, addressLines, phones, nhsNumbers } = pop.secrets;
  const all = [...names, ...addressLines, ...phones, ...nhsNumbers];
  const secret = all[item.secret % all.length] ?? '';
  const nhsNumber = nhsNumbers[item.secret % nhsNumbers.length] as NhsNumber;
  const name = names[item.secret % names.length] ?? '';
  switch (item.place) {
    case 'unknown-property':
      resource[`extra${String(item.depth)}`] = secret;
      break;
    case 'nested-unknown-property': {
      let value: unknown = { secret };
      for (let level = 0; level < item.depth; level += 1) value = { inner: [value] };
      resource['code'] = { ...(isRecord(resource['code']) ? resource['code'] : {}), hidden: value };
      break;
    }
    case 'extension-string':
      push(resource, 'extension', nestedExtension(item.depth, { valueString: secret }));
      break;
    case 'modifier-extension-string':
      push(resource, 'modifierExtension', nestedExtension(item.depth, { valueMarkdown: secret }));
      break;
    case 'primitive-extension':
      resource['_id'] = { extension: [nestedExtension(item.depth, { valueString: secret })] };
      break;
    case 'contained-patient':
      push(resource, 'contained', {
        resourceType: 'Patient',
        id: 'hidden',
        identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }],
        name: [{ family: name, given: [secret] }],
        telecom: [{ system: 'phone', value: phones[item.secret % phones.length] ?? '' }],
      });
      push(resource, 'extension', {
        url: 'https://example.org/about',
        valueReference: { reference: '#hidden', display: secret },
      });
      break;
    case 'contained-location':
      push(resource, 'contained', {
        resourceType: 'Location',
        id: 'where',
        name: secret,
        address: {
          line: [addressLines[item.secret % addressLines.length] ?? ''],
          postalCode: 'LS1 4AP',
        },
        telecom: [{ system: 'phone', value: secret }],
      });
      push(resource, 'extension', {
        url: 'https://example.org/where',
        valueReference: { reference: '#where' },
      });
      break;
    case 'reference-display':
      push(resource, 'extension', {
        url: 'https://example.org/ref',
        valueReference: { reference: 'Practitioner/1', display: secret },
      });
      break;
    case 'codeable-concept-text':
      push(resource, 'extension', {
        url: 'https://example.org/cc',
        valueCodeableConcept: {
          text: secret,
          coding: [{ system: 'http://snomed.info/sct', code: '27113001' }],
        },
      });
      break;
    case 'coding-display':
      push(resource, 'extension', {
        url: 'https://example.org/coding',
        valueCoding: { system: 'http://snomed.info/sct', code: '27113001', display: secret },
      });
      break;
    case 'other-identifier':
      push(resource, 'identifier', {
        system: 'https://example.org/local',
        value: secret,
        assigner: { display: secret },
      });
      break;
    case 'nhs-number-as-id':
      resource['id'] = nhsNumber;
      break;
    case 'nhs-number-in-reference':
      push(resource, 'extension', {
        url: 'https://example.org/req',
        valueReference: { reference: `ServiceRequest/${nhsNumber}` },
      });
      break;
    case 'absolute-reference':
      push(resource, 'extension', {
        url: 'https://example.org/abs',
        valueReference: {
          reference: `https://ehr.example.org/fhir/Patient/${nhsNumber}/_history/2`,
        },
      });
      break;
    case 'note':
      push(resource, 'extension', {
        url: 'https://example.org/note',
        valueAnnotation: { authorString: name, text: secret },
      });
      break;
    case 'narrative':
      resource['text'] = {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${secret}</p></div>`,
      };
      break;
    case 'quantity-unit':
      push(resource, 'extension', {
        url: 'https://example.org/q',
        valueQuantity: { value: 1, unit: secret },
      });
      break;
    case 'attachment':
      push(resource, 'extension', {
        url: 'https://example.org/a',
        valueAttachment: { title: secret, url: `https://files.example.org/${nhsNumber}.pdf` },
      });
      break;
    case 'bundle':
      out[index] = {
        resourceType: 'Bundle',
        type: 'collection',
        identifier: { system: 'https://example.org/bundles', value: secret },
        entry: [
          {
            fullUrl: `urn:uuid:5c0b7c4e-0a1f-4b6e-9d2a-${String(100000000000 + item.secret).slice(-12)}`,
            resource,
          },
        ],
      };
      break;
    case 'formatted-nhs-number-in-text':
      push(resource, 'extension', {
        url: 'https://example.org/t',
        valueString: `NHS no. ${formatNhsNumber(nhsNumber)}`,
      });
      break;
  }
  return out;
}

function options(pop: Population, key: PseudonymKey, policy: DeidPolicy = testPolicy()) {
  return {
    policy,
    key,
    extractDate: '2025-03-01',
    optOut: optOutFor(pop.nhsNumbers),
    hmac: nodeHmacSha256,
    suppress: false,
  } as const;
}

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  patients: fc.integer({ min: 2, max: 6 }),
  injections: fc.array(injection, { minLength: 0, maxLength: 8 }),
});

function build(input: { seed: number; patients: number; injections: readonly Injection[] }): {
  pop: Population;
  text: string;
} {
  const pop = population({ patients: input.patients, seed: input.seed });
  let resources = pop.resources.map((resource) => ({ ...resource }));
  for (const item of input.injections) resources = inject(resources, item, pop);
  return { pop, text: resources.map((resource) => JSON.stringify(resource)).join('\n') };
}

describe('de-identification properties', { timeout: 120_000 }, () => {
  test.prop([scenario], { numRuns: 60 })(
    'no NHS number, name, address line or phone number of the input appears anywhere in the output',
    (input) => {
      const { pop, text } = build(input);
      const { output, report } = deidentifyNdjson(text, options(pop, testKey(1)));
      expect(report.counts.written).toBeGreaterThan(0);
      const lower = output.toLowerCase();
      for (const nhsNumber of pop.secrets.nhsNumbers) {
        expect(output).not.toContain(nhsNumber);
        expect(output).not.toContain(formatNhsNumber(nhsNumber));
      }
      for (const secret of [
        ...pop.secrets.names,
        ...pop.secrets.addressLines,
        ...pop.secrets.phones,
      ]) {
        expect(lower).not.toContain(secret.toLowerCase());
      }
    },
  );

  test.prop([scenario], { numRuns: 20 })('the same input and key give the same output', (input) => {
    const { pop, text } = build(input);
    const first = deidentifyNdjson(text, options(pop, testKey(1)));
    const second = deidentifyNdjson(text, options(pop, testKey(1)));
    expect(second.output).toBe(first.output);
    expect(second.report.keyFingerprint).toBe(first.report.keyFingerprint);
  });

  test.prop([scenario, fc.integer({ min: 2, max: 1000 })], { numRuns: 20 })(
    'another key gives other pseudonyms (and other ids)',
    (input, otherSeed) => {
      const { pop, text } = build(input);
      const ids = (output: string): Set<string> => {
        const found = new Set<string>();
        for (const line of output.split('\n')) {
          if (line === '') continue;
          const resource = JSON.parse(line) as Json;
          if (typeof resource['id'] === 'string') found.add(resource['id']);
          for (const identifier of Array.isArray(resource['identifier'])
            ? (resource['identifier'] as Json[])
            : []) {
            if (typeof identifier['value'] === 'string') found.add(identifier['value']);
          }
        }
        return found;
      };
      const first = ids(deidentifyNdjson(text, options(pop, testKey(1))).output);
      const second = ids(deidentifyNdjson(text, options(pop, testKey(otherSeed))).output);
      expect(first.size).toBeGreaterThan(0);
      for (const id of second) expect(first.has(id)).toBe(false);
    },
  );

  test.prop([scenario], { numRuns: 30 })(
    'generalisation never makes a value more precise (birth years, months, postcode districts)',
    (input) => {
      const { pop, text } = build(input);
      const { output } = deidentifyNdjson(text, options(pop, testKey(1)));
      const inputPostcodes = new Set<string>();
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) for (const item of value as unknown[]) collect(item);
        else if (isRecord(value)) {
          if (typeof value['postalCode'] === 'string') inputPostcodes.add(value['postalCode']);
          for (const child of Object.values(value)) collect(child);
        }
      };
      for (const line of text.split('\n')) collect(JSON.parse(line));
      const visit = (value: unknown, key: string): void => {
        if (typeof value === 'string') {
          const precision = /^\d{4}(-\d{2}(-\d{2})?)?(T.*)?$/.test(value)
            ? datePrecision(value)
            : undefined;
          if (precision !== undefined) {
            const most = key === 'birthDate' ? 'year' : 'month';
            expect(isNoMorePrecise(precision, most)).toBe(true);
          }
          if (key === 'postalCode') {
            expect(
              [...inputPostcodes].some(
                (postcode) =>
                  postcode.startsWith(value) &&
                  (value.length < postcode.length || value.startsWith('ZZ99')),
              ),
            ).toBe(true);
          }
          return;
        }
        if (Array.isArray(value)) {
          for (const item of value as unknown[]) visit(item, key);
          return;
        }
        if (isRecord(value)) for (const [name, child] of Object.entries(value)) visit(child, name);
      };
      for (const line of output.split('\n')) if (line !== '') visit(JSON.parse(line), '');
    },
  );

  const validate = r4OutputValidator();
  test.prop([scenario], { numRuns: 15 })(
    'the output is valid FHIR R4, whatever was hidden in the input',
    (input) => {
      const { pop, text } = build(input);
      const { output, report } = deidentifyNdjson(text, { ...options(pop, testKey(1)), validate });
      expect(report.counts.invalidOutput).toBe(0);
      expect(output.split('\n').filter((line) => line !== '').length).toBe(report.counts.written);
    },
  );
});
