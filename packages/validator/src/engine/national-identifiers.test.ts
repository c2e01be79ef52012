import { describe, expect, it } from 'vitest';
import { checkNationalIdentifier } from './national-identifiers';

const NHS = 'https://fhir.nhs.uk/Id/nhs-number';

describe('checkNationalIdentifier', () => {
  it('passes the NHS number vectors of the standards and flags the invalid ones', () => {
    for (const value of ['9434765919', '9000000009', '9912003888', '9449305552', '4010232137']) {
      expect(checkNationalIdentifier({ system: NHS, value })).toEqual([]);
    }
    for (const value of ['9434765918', '1234567890', '0000000000', '12345', '943-476-5919']) {
      expect(checkNationalIdentifier({ system: NHS, value })).toEqual([
        expect.objectContaining({ severity: 'warning', property: 'value' }),
      ]);
    }
  });

  it('never puts the value into its diagnostics', () => {
    const [finding] = checkNationalIdentifier({ system: NHS, value: '9434765918' });
    expect(finding?.diagnostics).not.toContain('9434765918');
    const [shape] = checkNationalIdentifier({
      system: 'https://fhir.hl7.org.uk/Id/nmc-number',
      value: '5566789',
    });
    expect(shape?.diagnostics).toBe(
      'NMC PIN: expected 8 letters and digits, and this value has another shape',
    );
  });

  it('refuses the ODS system spelt with an s, with or without a value', () => {
    expect(
      checkNationalIdentifier({ system: 'https://fhir.nhs.uk/Id/ods-organisation-code' }),
    ).toEqual([expect.objectContaining({ severity: 'error', property: 'system' })]);
  });

  it('leaves identifiers of other systems, and identifiers without a system, alone', () => {
    expect(checkNationalIdentifier({ system: 'https://example.org/mrn', value: 'x 1' })).toEqual(
      [],
    );
    expect(checkNationalIdentifier({ value: '9434765918' })).toEqual([]);
  });
});
