import { fc, test } from '@fast-check/vitest';
import type { NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import {
  byNhsNumber,
  condition,
  consent,
  ndjson,
  observation,
  parseNdjson,
  patient,
  testNumbers,
} from '../__fixtures__/records';
import { createNationalOptOutRegister } from '../registers/national';
import { NhsNumberSet } from '../registers/nhs-number-set';
import { LocalDissentRegisterBuilder } from '../registers/local-dissent';
import { ILLUSTRATIVE_RESTRICTED_CODE_LISTS } from '../restricted/code-lists';
import { NdjsonOptOutFilter, filterNdjson } from './ndjson';
import { OptOutFilter } from './opt-out-filter';
import type { OptOutFilterOptions } from './opt-out-filter';

const DATE = '2025-03-01';
const RESEARCH = {
  purpose: 'research',
  basis: 's251-standard-condition',
  origin: 'non-gp',
  date: DATE,
} as const;

/**
 * A generated population with known answers: for each patient, whether they opted out, whether
 * the register covers them at all, and the resources they have.
 */
function population(
  size: number,
  seed: number,
): {
  text: string;
  optedOut: NhsNumber[];
  numbers: NhsNumber[];
  expectedIds: string[];
  options: OptOutFilterOptions;
} {
  const numbers = testNumbers(size, seed);
  const uncovered = numbers.filter((_, index) => index % 7 === 6);
  // Opted out, and checked (an unchecked number is unknown, whatever the truth).
  const optedOut = numbers.filter(
    (number, index) => index % 3 === 0 && !uncovered.includes(number),
  );
  const checked = numbers.filter((number) => !uncovered.includes(number));
  const cleared = checked.filter((number) => !optedOut.includes(number));
  const resources: Record<string, unknown>[] = [];
  const expectedIds: string[] = [];
  numbers.forEach((nhsNumber, index) => {
    const keep = cleared.includes(nhsNumber);
    const pid = `p${String(index)}`;
    const items = [
      patient(pid, nhsNumber, index % 5 === 0 ? { deceasedDateTime: '2024-01-01' } : {}),
      observation(`o${String(index)}`, { reference: `Patient/${pid}` }),
      condition(`c${String(index)}`, byNhsNumber(nhsNumber), '195967001'),
      {
        resourceType: 'Coverage',
        id: `cov${String(index)}`,
        status: 'active',
        beneficiary: { reference: `Patient/${pid}` },
        payor: [{ reference: 'Organization/nhs' }],
      },
      {
        resourceType: 'Appointment',
        id: `appt${String(index)}`,
        status: 'booked',
        participant: [
          { actor: { reference: `Patient/${pid}` }, status: 'accepted' },
          { actor: { reference: 'Practitioner/gp' }, status: 'accepted' },
        ],
      },
    ];
    resources.push(...items);
    if (keep) expectedIds.push(...items.map((item) => String(item['id'])));
  });
  // Patients come last in this export, as in per-type Bulk Data files read one after another.
  resources.sort(
    (x, y) => (x['resourceType'] === 'Patient' ? 1 : 0) - (y['resourceType'] === 'Patient' ? 1 : 0),
  );
  resources.push(
    { resourceType: 'Organization', id: 'nhs', name: 'NHS' },
    { resourceType: 'Practitioner', id: 'gp' },
  );
  expectedIds.push('nhs', 'gp');
  const register = createNationalOptOutRegister({
    id: 'X26HC036-010325-0001',
    asOf: '2025-02-28',
    checked: NhsNumberSet.from(checked),
    cleared: NhsNumberSet.from(cleared),
  });
  return {
    text: ndjson(resources),
    optedOut,
    numbers,
    expectedIds,
    options: { request: RESEARCH, registers: { nationalOptOut: register } },
  };
}

describe('filterNdjson on a generated population with known answers', () => {
  const { text, optedOut, numbers, expectedIds, options } = population(60, 3);
  const { output, summary } = filterNdjson(text, options);
  const keptIds = parseNdjson(output).map((resource) => String(resource['id']));

  it('keeps exactly the resources of patients who may be used, and the non-patient resources', () => {
    expect([...keptIds].sort()).toEqual([...expectedIds].sort());
  });

  it('finds the patient through subject, NHS number identifiers, beneficiary and participant.actor', () => {
    const types = new Set(parseNdjson(output).map((resource) => resource['resourceType']));
    expect(types).toEqual(
      new Set([
        'Patient',
        'Observation',
        'Condition',
        'Coverage',
        'Appointment',
        'Organization',
        'Practitioner',
      ]),
    );
    expect(summary.byResourceType['Coverage']?.removed).toBeGreaterThan(0);
    expect(summary.byResourceType['Appointment']?.removed).toBeGreaterThan(0);
  });

  it('keeps deceased patients opted out', () => {
    const deceasedOptedOut = numbers.filter((_, index) => index % 5 === 0 && index % 3 === 0);
    expect(deceasedOptedOut.length).toBeGreaterThan(0);
    for (const nhsNumber of deceasedOptedOut) expect(output).not.toContain(nhsNumber);
  });

  it('counts by deciding rule, and holds no NHS numbers', () => {
    const removedPatients = numbers.length - expectedIds.filter((id) => id.startsWith('p')).length;
    expect(summary.counts).toMatchObject({
      read: numbers.length * 5 + 2,
      kept: expectedIds.length,
      removed: removedPatients * 5,
      invalid: 0,
    });
    expect(summary.byRule['ndop-opted-out']?.count).toBe(optedOut.length * 5);
    expect(summary.byRule['ndop-status-unavailable']?.effect).toBe('deny');
    expect(summary.byRule['not-patient-data']).toEqual({ effect: 'permit', count: 2 });
    expect(summary.registers).toEqual([
      { register: 'national-data-opt-out', id: 'X26HC036-010325-0001', asOf: '2025-02-28' },
    ]);
    const serialised = JSON.stringify(summary);
    for (const nhsNumber of numbers) expect(serialised).not.toContain(nhsNumber);
    expect(summary.nhsNumbers).toBeUndefined();
  });

  it('lists removed NHS numbers by rule only when asked', () => {
    const listed = filterNdjson(text, { ...options, includeNhsNumbers: true }).summary.nhsNumbers;
    expect([...(listed?.['ndop-opted-out'] ?? [])].sort()).toEqual([...optedOut].sort());
  });

  it('copies kept lines exactly as they were', () => {
    const inputLines = new Set(text.split('\n'));
    for (const line of output.trimEnd().split('\n')) expect(inputLines.has(line)).toBe(true);
  });

  it('gives the same output however the input is split into chunks', () => {
    for (const size of [1, 97, 4096]) {
      const ndjsonFilter = new NdjsonOptOutFilter(new OptOutFilter(options));
      const chunks: string[] = [];
      for (let index = 0; index < text.length; index += size)
        chunks.push(text.slice(index, index + size));
      const index = ndjsonFilter.indexer();
      for (const chunk of chunks) index.push(chunk);
      index.end();
      const writer = ndjsonFilter.writer();
      let streamed = '';
      for (const chunk of chunks) streamed += writer.push(chunk);
      streamed += writer.end();
      expect(streamed).toBe(output);
    }
  });
});

describe('filterNdjson edge cases', () => {
  const [a, b] = testNumbers(2, 11) as [NhsNumber, NhsNumber];
  const register = createNationalOptOutRegister({
    id: 'r',
    asOf: '2025-02-28',
    cleared: NhsNumberSet.from([a, b]),
  });
  const options: OptOutFilterOptions = {
    request: RESEARCH,
    registers: { nationalOptOut: register },
  };

  it('removes malformed lines and reports them by line number; blank lines are counted', () => {
    const text = `${JSON.stringify(patient('p1', a))}\n\n{"resourceType":\n[1,2]\n{"id":"x"}\n${JSON.stringify(observation('o1', { reference: 'Patient/p1' }))}`;
    const { output, summary } = filterNdjson(text, { ...options, source: 'export.ndjson' });
    expect(parseNdjson(output).map((resource) => resource['id'])).toEqual(['p1', 'o1']);
    expect(summary.counts).toMatchObject({ read: 5, kept: 2, removed: 3, invalid: 3, blank: 1 });
    expect(summary.issues.map((issue) => [issue.line, issue.diagnostics.split(' (')[0]])).toEqual([
      [3, 'line is not JSON'],
      [4, 'line is not a FHIR resource'],
      [5, 'line is not a FHIR resource'],
    ]);
  });

  it('fails closed for records with no NHS number or an unresolvable patient, unless the exemption applies', () => {
    const text = ndjson([
      patient('nonum', undefined),
      observation('o-nonum', { reference: 'Patient/nonum' }),
      observation('o-missing', { reference: 'Patient/elsewhere' }),
      observation('o-display', { display: 'a patient' }),
      observation('o-none', undefined),
      observation('o-location', { reference: 'Location/ward' }),
      patient('bad', '9434765918'),
    ]);
    const denied = filterNdjson(text, options);
    expect(parseNdjson(denied.output).map((resource) => resource['id'])).toEqual(['o-location']);
    expect(denied.summary.byRule['ndop-status-unavailable']?.count).toBe(6);
    const exempt = filterNdjson(text, {
      ...options,
      request: { ...RESEARCH, basis: 'no-nhs-number-disproportionate-effort' },
    });
    expect(parseNdjson(exempt.output).map((resource) => resource['id'])).toEqual([
      'nonum',
      'o-nonum',
      'o-none',
      'o-location',
    ]);
  });

  it('keeps everything for direct care but honours local dissent', () => {
    const builder = new LocalDissentRegisterBuilder({ id: 'consents', asOf: DATE });
    builder.addConsent(consent('k', byNhsNumber(b), 'deny', '2024-01-01'), {
      get: () => undefined,
    });
    const text = ndjson([
      patient('p1', a),
      patient('p2', b),
      observation('o1', { reference: 'Patient/p1' }),
      observation('o2', { reference: 'Patient/p2' }),
    ]);
    const { output, summary } = filterNdjson(text, {
      request: { purpose: 'direct-care', date: DATE },
      registers: {
        nationalOptOut: createNationalOptOutRegister({
          id: 'r',
          asOf: DATE,
          optedOut: NhsNumberSet.from([a, b]),
          complete: true,
        }),
        localDissent: builder.build(),
      },
    });
    expect(parseNdjson(output).map((resource) => resource['id'])).toEqual(['p1', 'o1']);
    expect(Object.keys(summary.byRule).sort()).toEqual(['direct-care', 'local-dissent']);
  });

  it('filters Bundles found on NDJSON lines', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          resource: patient('p9', testNumbers(3, 12)[2]),
        },
        {
          resource: observation('o9', {
            reference: 'urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
          }),
        },
        { resource: observation('o1', { reference: 'Patient/p1' }) },
      ],
    };
    const { output } = filterNdjson(
      `${JSON.stringify(patient('p1', a))}\n${JSON.stringify(bundle)}\n`,
      options,
    );
    const [, filtered] = parseNdjson(output);
    expect(
      (filtered?.['entry'] as { resource: { id: string } }[]).map((entry) => entry.resource.id),
    ).toEqual(['o1']);
  });

  it('withholds restricted data and its links across lines, and marks it with a List', () => {
    const text = ndjson([
      {
        resourceType: 'MedicationStatement',
        id: 'ms',
        status: 'active',
        subject: { reference: 'Patient/p1' },
        medicationCodeableConcept: { text: 'x' },
        reasonReference: [{ reference: 'Condition/sti' }],
      },
      {
        resourceType: 'MedicationAdministration',
        id: 'ma',
        status: 'completed',
        subject: { reference: 'Patient/p1' },
        medicationCodeableConcept: { text: 'x' },
        effectiveDateTime: DATE,
        partOf: [{ reference: 'MedicationStatement/ms' }],
      },
      patient('p1', a),
      condition('sti', { reference: 'Patient/p1' }, '15628003'),
      condition('ok', { reference: 'Patient/p1' }, '195967001'),
    ]);
    const { output, summary } = filterNdjson(text, {
      ...options,
      restricted: { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS },
    });
    const kept = parseNdjson(output);
    expect(kept.map((resource) => resource['id'])).toEqual([
      'p1',
      'ok',
      expect.stringMatching(/^withheld-/) as unknown,
    ]);
    expect(kept[2]).toMatchObject({ resourceType: 'List', subject: { reference: 'Patient/p1' } });
    expect(summary.byRule['restricted-data']?.count).toBe(3);
    expect(summary.counts.added).toBe(1);
    expect(summary.restricted?.withheld).toMatchObject({ total: 3, direct: 1, linked: 2 });
  });
});

describe('filtering is idempotent', () => {
  const numberPool = testNumbers(12, 21);
  const resourceArbitrary = fc.oneof(
    fc.record({
      kind: fc.constant('patient' as const),
      id: fc.integer({ min: 0, max: 11 }),
      numbered: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('observation' as const),
      id: fc.integer({ min: 0, max: 11 }),
      by: fc.constantFrom('reference', 'identifier', 'none'),
      restricted: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('medication' as const),
      id: fc.integer({ min: 0, max: 11 }),
      reason: fc.integer({ min: 0, max: 40 }),
    }),
    fc.record({ kind: fc.constant('garbage' as const), id: fc.integer({ min: 0, max: 11 }) }),
  );

  test.prop(
    [
      fc.array(resourceArbitrary, { maxLength: 40 }),
      fc.subarray(numberPool),
      fc.subarray(numberPool),
      fc.constantFrom('research', 'direct-care'),
      fc.boolean(),
    ],
    { numRuns: 150 },
  )('filter(filter(x)) equals filter(x)', (items, optedOut, covered, purpose, restricted) => {
    const lines = items.map((item, index) => {
      const nhsNumber = numberPool[item.id] as NhsNumber;
      switch (item.kind) {
        case 'patient':
          return JSON.stringify(
            patient(`p${String(item.id)}`, item.numbered ? nhsNumber : undefined),
          );
        case 'observation': {
          const subject =
            item.by === 'reference'
              ? { reference: `Patient/p${String(item.id)}` }
              : item.by === 'identifier'
                ? byNhsNumber(nhsNumber)
                : undefined;
          return JSON.stringify(
            observation(`o${String(index)}`, subject, item.restricted ? '15628003' : '195967001'),
          );
        }
        case 'medication':
          return JSON.stringify({
            resourceType: 'MedicationStatement',
            id: `m${String(index)}`,
            status: 'active',
            subject: { reference: `Patient/p${String(item.id)}` },
            medicationCodeableConcept: { text: 'x' },
            reasonReference: [{ reference: `Observation/o${String(item.reason)}` }],
          });
        case 'garbage':
          return '{not json';
      }
    });
    const text = `${lines.join('\n')}\n`;
    const options: OptOutFilterOptions = {
      request: { purpose, origin: 'non-gp', date: DATE },
      registers: {
        nationalOptOut: createNationalOptOutRegister({
          id: 'r',
          asOf: DATE,
          checked: NhsNumberSet.from(covered),
          optedOut: NhsNumberSet.from(optedOut),
        }),
      },
      ...(restricted ? { restricted: { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS } } : {}),
    };
    const once = filterNdjson(text, options).output;
    const twice = filterNdjson(once, options).output;
    expect(twice).toBe(once);
  });
});
