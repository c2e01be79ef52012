import type { AnyResource, Bundle, Observation, Patient } from '@lhcr/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { FhirClient, WriteResult } from './client';
import type { ClientErrorCode, FhirServerError } from './errors';
import type { PurposeOfUseOptions } from './purpose-of-use';

declare const client: FhirClient;
declare const patient: Patient;

describe('FhirClient types', () => {
  it('types reads by resource type', () => {
    expectTypeOf(client.read('Patient', 'x')).resolves.toEqualTypeOf<Patient>();
    expectTypeOf(client.vread('Observation', 'x', '1')).resolves.toEqualTypeOf<Observation>();
    // @ts-expect-error: not a resource type
    void client.read('Patients', 'x');
  });

  it('types writes by the resource sent', () => {
    expectTypeOf(client.create(patient)).resolves.toEqualTypeOf<WriteResult<Patient>>();
    expectTypeOf(client.update(patient))
      .resolves.toHaveProperty('resource')
      .toEqualTypeOf<Patient | undefined>();
  });

  it('types search iterators', () => {
    expectTypeOf(client.searchResources('Observation')).toEqualTypeOf<
      AsyncGenerator<Observation, void, undefined>
    >();
    expectTypeOf(client.searchPages('Patient')).toEqualTypeOf<
      AsyncGenerator<Bundle, void, undefined>
    >();
    expectTypeOf(client.operation({ name: '$everything' })).resolves.toEqualTypeOf<
      AnyResource | undefined
    >();
  });

  it('keeps error codes closed and purpose codes open with suggestions', () => {
    expectTypeOf<FhirServerError['code']>().toEqualTypeOf<'http-status'>();
    expectTypeOf<'timeout'>().toExtend<ClientErrorCode>();
    expectTypeOf<'bogus'>().not.toExtend<ClientErrorCode>();
    expectTypeOf<{ code: 'TREAT' }>().toExtend<PurposeOfUseOptions>();
    expectTypeOf<{ code: 'LOCALCODE' }>().toExtend<PurposeOfUseOptions>();
  });
});
