import type { Patient } from '@lhcr/models';
import { generateTestNhsNumber } from '@lhcr/models';

const NHS_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const VERIFICATION_URL =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';

/** A new Patient that meets the blueprint profile, with a fresh test-range NHS number. */
export function newPatient(nhsNumber: string = generateTestNhsNumber()): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      {
        system: NHS_SYSTEM,
        value: nhsNumber,
        extension: [
          {
            url: VERIFICATION_URL,
            valueCodeableConcept: {
              coding: [
                {
                  system:
                    'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
                  code: '01',
                  display: 'Number present and verified',
                },
              ],
            },
          },
        ],
      },
    ],
    name: [{ use: 'official', family: 'Testperson', given: ['Synthetic'] }],
    gender: 'unknown',
    birthDate: '1999-09-09',
  };
}
