import type { Bundle } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { condition, observation, patient } from '../__fixtures__/records';
import { ILLUSTRATIVE_RESTRICTED_CODE_LISTS } from './code-lists';
import {
  CONFIDENTIAL_ITEMS_NOTE,
  filterRestrictedBundle,
  findRestrictedCode,
  withheldItemsList,
  withholdRestrictedResources,
} from './withhold';

const lists = ILLUSTRATIVE_RESTRICTED_CODE_LISTS;
const options = { lists, date: '2025-03-01' };
const subject = { reference: 'Patient/p1' };
const GONORRHOEA = '15628003';

function record(): Record<string, unknown>[] {
  return [
    patient('p1', '9990000018'),
    condition('sti', subject, GONORRHOEA),
    condition('asthma', subject, '195967001'),
    {
      resourceType: 'MedicationStatement',
      id: 'ms-sti',
      status: 'active',
      subject,
      medicationCodeableConcept: { text: 'ceftriaxone' },
      reasonReference: [{ reference: 'Condition/sti' }],
    },
    {
      resourceType: 'MedicationStatement',
      id: 'ms-asthma',
      status: 'active',
      subject,
      medicationCodeableConcept: { text: 'salbutamol' },
      reasonReference: [{ reference: 'Condition/asthma' }],
    },
    {
      resourceType: 'Encounter',
      id: 'gum',
      status: 'finished',
      class: { code: 'AMB' },
      subject,
      diagnosis: [{ condition: { reference: 'Condition/sti' } }],
    },
    {
      resourceType: 'Encounter',
      id: 'mixed',
      status: 'finished',
      class: { code: 'AMB' },
      subject,
      diagnosis: [
        { condition: { reference: 'Condition/sti' } },
        { condition: { reference: 'Condition/asthma' } },
      ],
    },
    observation('obs-in-gum', subject, '271649006', { encounter: { reference: 'Encounter/gum' } }),
    {
      resourceType: 'List',
      id: 'problems',
      status: 'current',
      mode: 'snapshot',
      subject,
      entry: [
        { item: { reference: 'Condition/sti' } },
        { item: { reference: 'Condition/asthma' } },
      ],
    },
    {
      resourceType: 'Provenance',
      id: 'prov',
      target: [{ reference: 'Condition/sti' }],
      recorded: '2025-01-01T00:00:00Z',
      agent: [{ who: { reference: 'Practitioner/x' } }],
    },
  ];
}

describe('findRestrictedCode', () => {
  it('finds restricted codes anywhere in clinical resources, but never withholds demographics', () => {
    expect(findRestrictedCode(condition('c', subject, GONORRHOEA), lists)?.list.category).toBe(
      'sexually-transmitted-infection',
    );
    expect(
      findRestrictedCode(
        observation('o', subject, '1', {
          valueCodeableConcept: {
            coding: [{ system: 'http://snomed.info/sct', code: '386639001' }],
          },
        }),
        lists,
      )?.list.category,
    ).toBe('termination-of-pregnancy');
    expect(
      findRestrictedCode(
        {
          resourceType: 'Patient',
          extension: [
            {
              valueCodeableConcept: {
                coding: [{ system: 'http://snomed.info/sct', code: '93461009' }],
              },
            },
          ],
        },
        lists,
      ),
    ).toBeUndefined();
    expect(
      findRestrictedCode(
        condition('c', subject, GONORRHOEA, {
          meta: { tag: [{ system: 'http://snomed.info/sct', code: GONORRHOEA }] },
          code: { text: 'x' },
        }),
        lists,
      ),
    ).toBeUndefined();
    expect(findRestrictedCode(condition('c', subject, '195967001'), lists)).toBeUndefined();
  });
});

describe('withholdRestrictedResources', () => {
  const result = withholdRestrictedResources(
    record().map((resource) => ({ resource })),
    options,
  );
  const keptIds = result.kept.map((item) => item.resource['id']);

  it('removes the restricted item and everything linked to it', () => {
    expect(keptIds).toEqual(['p1', 'asthma', 'ms-asthma', 'mixed', 'problems']);
    expect(result.audit.items.map((item) => [item.reference, item.reason, item.via])).toEqual([
      ['Condition/sti', 'code', undefined],
      ['MedicationStatement/ms-sti', 'linked', 'Condition/sti'],
      ['Encounter/gum', 'linked', 'Condition/sti'],
      ['Observation/obs-in-gum', 'linked', 'Encounter/gum'],
      ['Provenance/prov', 'linked', 'Condition/sti'],
    ]);
    expect(result.audit.withheld).toMatchObject({
      total: 5,
      direct: 1,
      linked: 4,
      byCategory: { 'sexually-transmitted-infection': 5 },
    });
  });

  it('keeps an Encounter with another diagnosis, without the withheld one', () => {
    const mixed = result.kept.find((item) => item.resource['id'] === 'mixed');
    expect(mixed?.changed).toBe(true);
    expect(mixed?.resource['diagnosis']).toEqual([
      { condition: { reference: 'Condition/asthma' } },
    ]);
  });

  it('removes withheld entries from Lists and marks them confidential-items', () => {
    const problems = result.kept.find((item) => item.resource['id'] === 'problems')?.resource;
    expect(problems?.['entry']).toEqual([{ item: { reference: 'Condition/asthma' } }]);
    expect(problems?.['extension']).toEqual([
      {
        url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ListWarningCode',
        valueCodeableConcept: {
          coding: [
            {
              system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-ListWarningCode',
              code: 'confidential-items',
              display: 'Confidential Items',
            },
          ],
        },
      },
    ]);
    expect(problems?.['note']).toEqual([{ text: CONFIDENTIAL_ITEMS_NOTE }]);
    expect(result.audit.listsMarked).toBe(2);
  });

  it('adds one confidential-items List per patient, listing nothing withheld', () => {
    expect(result.added).toHaveLength(1);
    const [marker] = result.added;
    expect(marker).toMatchObject({
      resourceType: 'List',
      meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-List'] },
      status: 'current',
      mode: 'snapshot',
      subject,
      date: '2025-03-01',
      emptyReason: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'withheld' },
        ],
      },
      note: [{ text: 'Items excluded due to confidentiality and/or patient preferences.' }],
    });
    expect(marker?.entry).toBeUndefined();
    expect(JSON.stringify(marker)).not.toContain(GONORRHOEA);
    expect(marker).toEqual(withheldItemsList(subject, '2025-03-01'));
  });

  it('changes nothing when nothing is restricted', () => {
    const clean = withholdRestrictedResources(
      record()
        .slice(2, 3)
        .map((resource) => ({ resource })),
      options,
    );
    expect(clean).toMatchObject({ added: [], audit: { withheld: { total: 0 }, markersAdded: 0 } });
    expect(clean.kept[0]?.changed).toBe(false);
  });
});

describe('filterRestrictedBundle', () => {
  it('filters a searchset, keeps resource-less entries, reduces total and appends the marker', () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: 10,
      entry: [
        ...record().map((resource) => ({
          fullUrl: `https://example.org/fhir/${String(resource['resourceType'])}/${String(resource['id'])}`,
          resource: resource as never,
          search: { mode: 'match' as const },
        })),
        { response: { status: '200' } },
      ],
    };
    const { bundle: filtered, audit } = filterRestrictedBundle(bundle, options);
    expect(filtered.total).toBe(5);
    expect(filtered.entry).toHaveLength(5 + 1 + 1);
    expect(filtered.entry?.[5]).toEqual({ response: { status: '200' } });
    expect(filtered.entry?.[6]?.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(audit.markersAdded).toBe(1);
    expect(bundle.entry).toHaveLength(11);
  });

  it('resolves urn:uuid references inside a transaction and adds a POST for the marker', () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
          resource: condition(
            'c',
            { reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' },
            GONORRHOEA,
          ) as never,
          request: { method: 'POST', url: 'Condition' },
        },
        {
          fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333',
          resource: {
            resourceType: 'MedicationRequest',
            status: 'active',
            intent: 'order',
            subject: { reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' },
            reasonReference: [{ reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' }],
          } as never,
          request: { method: 'POST', url: 'MedicationRequest' },
        },
      ],
    };
    const { bundle: filtered } = filterRestrictedBundle(bundle, options);
    expect(filtered.entry).toHaveLength(1);
    expect(filtered.entry?.[0]?.request).toEqual({ method: 'POST', url: 'List' });
  });
});
