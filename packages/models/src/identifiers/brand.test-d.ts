import { describe, expectTypeOf, it } from 'vitest';
import type { Brand } from './brand';
import type { NhsNumber } from './nhs-number';
import { assertNhsNumber, formatNhsNumber, isNhsNumber, parseNhsNumber } from './nhs-number';
import type { OdsCode } from './ods-code';
import { assertOdsCode } from './ods-code';
import type { IdentifierErrorCode, IdentifierResult } from './result';
import type { SnomedCtId } from './snomed-ct-id';
import type { UkPostcode } from './uk-postcode';

describe('identifier brands', () => {
  it('keeps branded identifiers apart from strings and from each other', () => {
    expectTypeOf<NhsNumber>().toExtend<string>();
    expectTypeOf<string>().not.toExtend<NhsNumber>();
    expectTypeOf<NhsNumber>().not.toExtend<OdsCode>();
    expectTypeOf<OdsCode>().not.toExtend<NhsNumber>();
    expectTypeOf<SnomedCtId>().not.toExtend<UkPostcode>();
    expectTypeOf<Brand<string, 'A'>>().not.toExtend<Brand<string, 'B'>>();
  });

  it('only accepts branded values where an identifier is required', () => {
    expectTypeOf(formatNhsNumber).parameter(0).toEqualTypeOf<NhsNumber>();
    // @ts-expect-error a plain string is not an NhsNumber
    formatNhsNumber('9434765919');
    // @ts-expect-error an OdsCode is not an NhsNumber
    formatNhsNumber(assertOdsCode('RR8'));
    expectTypeOf(formatNhsNumber(assertNhsNumber('9434765919'))).toEqualTypeOf<string>();
  });

  it('narrows results and guards', () => {
    expectTypeOf(parseNhsNumber).returns.toEqualTypeOf<IdentifierResult<NhsNumber>>();
    const result = parseNhsNumber('9434765919');
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<NhsNumber>();
    else expectTypeOf(result.code).toEqualTypeOf<IdentifierErrorCode>();
    const value: unknown = '9434765919';
    if (isNhsNumber(value)) expectTypeOf(value).toEqualTypeOf<NhsNumber>();
  });
});
