import type { Bundle, NhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { condition, observation, patient, testNumbers } from '../__fixtures__/records';
import { createNationalOptOutRegister } from '../registers/national';
import { NhsNumberSet } from '../registers/nhs-number-set';
import { ILLUSTRATIVE_RESTRICTED_CODE_LISTS } from '../restricted/code-lists';
import { filterOptOutBundle } from './bundle';
import type { OptOutFilterOptions } from './opt-out-filter';

const [a, b] = testNumbers(2, 31) as [NhsNumber, NhsNumber];
const options: OptOutFilterOptions = {
  request: { purpose: 'planning', origin: 'non-gp', date: '2025-03-01' },
  registers: {
    nationalOptOut: createNationalOptOutRegister({
      id: 'r',
      asOf: '2025-02-20',
      checked: NhsNumberSet.from([a, b]),
      cleared: NhsNumberSet.from([a]),
    }),
  },
};
const urn = (n: number): string =>
  `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function entry(
  n: number,
  resource: Record<string, unknown>,
  mode = 'match',
): Record<string, unknown> {
  return { fullUrl: urn(n), resource, search: { mode } };
}

describe('filterOptOutBundle', () => {
  it('resolves urn:uuid patient references and reduces a searchset total', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: 6,
      entry: [
        entry(1, patient('pa', a), 'include'),
        entry(2, patient('pb', b), 'include'),
        entry(3, observation('oa', { reference: urn(1) })),
        entry(4, observation('ob', { reference: urn(2) })),
        entry(5, observation('ob2', { reference: 'Patient/pb' })),
        { response: { status: '200 OK' } },
      ],
    } as unknown as Bundle;
    const { bundle: filtered, summary } = filterOptOutBundle(bundle, options);
    expect(filtered?.entry?.map((item) => item.resource?.id ?? 'none')).toEqual([
      'pa',
      'oa',
      'none',
    ]);
    expect(filtered?.total).toBe(4);
    expect(summary.counts).toMatchObject({ read: 5, kept: 2, removed: 3 });
    expect(summary.byRule['ndop-opted-out']?.count).toBe(3);
  });

  it('removes a document Bundle whose subject is denied', () => {
    const document = {
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        {
          fullUrl: urn(9),
          resource: {
            resourceType: 'Composition',
            status: 'final',
            type: { text: 'x' },
            subject: { reference: urn(2) },
            date: '2025-01-01',
            author: [{ display: 'x' }],
            title: 'x',
          },
        },
        { fullUrl: urn(2), resource: patient('pb', b) },
      ],
    } as unknown as Bundle;
    expect(filterOptOutBundle(document, options).bundle).toBeUndefined();
  });

  it('filters nested Bundles and withholds restricted data with a marker List', () => {
    const inner = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        entry(3, condition('sti', { reference: urn(1) }, '15628003')),
        entry(4, observation('ob', { reference: urn(2) })),
      ],
    };
    const outer = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [entry(1, patient('pa', a)), entry(2, patient('pb', b)), { resource: inner }],
    } as unknown as Bundle;
    const { bundle: filtered, summary } = filterOptOutBundle(outer, {
      ...options,
      restricted: { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS },
    });
    const nested = filtered?.entry?.[1]?.resource as unknown as Bundle;
    expect(filtered?.entry?.[0]?.resource?.id).toBe('pa');
    expect(nested.entry?.map((item) => item.resource?.resourceType)).toEqual(['List']);
    expect(summary.byRule['restricted-data']?.count).toBe(1);
    expect(summary.restricted?.markersAdded).toBe(1);
  });

  it('leaves anything that is not a Bundle alone and reports broken entries', () => {
    const { bundle, summary } = filterOptOutBundle(
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [42, { resource: { id: 'x' } }],
      } as unknown as Bundle,
      options,
    );
    expect(bundle?.entry).toBeUndefined();
    expect(summary.counts.invalid).toBe(2);
  });
});
