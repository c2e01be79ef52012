import type {
  LhcrAllergyIntolerance,
  LhcrAuditEvent,
  LhcrCondition,
  LhcrConsentLocalDissent,
  LhcrDocumentReference,
  LhcrEncounter,
  LhcrFlag,
  LhcrImmunization,
  LhcrMedicationRequest,
  LhcrMedicationStatement,
  LhcrObservation,
  LhcrObservationVitalSigns,
  LhcrOrganization,
  LhcrPatient,
  LhcrPractitioner,
  LhcrPractitionerRole,
  LhcrProcedure,
  ProfileTypeMap,
} from '../generated/profile-types';

// Every blueprint-core example and two fixture patients, written as literals that satisfy their
// profile types. profile-examples.test.ts checks that each still equals the file it copies.

/**
 * A literal copy of a blueprint-core example or fixture resource, with the profile whose type it
 * satisfies.
 */
export interface ProfileExample {
  /** The file it copies, relative to the package. */
  readonly file: string;
  readonly profile: keyof ProfileTypeMap;
  readonly resource: ProfileTypeMap[keyof ProfileTypeMap];
}

/** An entry of {@link PROFILE_EXAMPLES}; `resource` must be of the profile's type. */
function example<U extends keyof ProfileTypeMap>(
  file: string,
  profile: U,
  resource: ProfileTypeMap[U],
): ProfileExample {
  return { file, profile, resource };
}

/** `examples/LHCR-AllergyIntolerance-Example.json`. */
export const allergyIntoleranceExample = {
  resourceType: 'AllergyIntolerance',
  id: 'example-allergyintolerance',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance'],
  },
  clinicalStatus: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
        code: 'active',
        display: 'Active',
      },
    ],
  },
  verificationStatus: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
        code: 'confirmed',
        display: 'Confirmed',
      },
    ],
  },
  type: 'allergy',
  category: ['medication'],
  criticality: 'high',
  code: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '91936005',
        display: 'Allergy to penicillin',
      },
    ],
  },
  patient: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  recordedDate: '2010-06-01',
  reaction: [
    {
      manifestation: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '271807003',
              display: 'Eruption of skin',
            },
          ],
        },
      ],
      severity: 'moderate',
    },
  ],
} satisfies LhcrAllergyIntolerance;

/** `examples/LHCR-AuditEvent-Example.json`. */
export const auditEventExample = {
  resourceType: 'AuditEvent',
  id: 'example-auditevent',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent'],
  },
  type: {
    system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
    code: 'rest',
    display: 'RESTful Operation',
  },
  subtype: [
    {
      system: 'http://hl7.org/fhir/restful-interaction',
      code: 'search-type',
      display: 'search type',
    },
  ],
  action: 'E',
  recorded: '2026-06-01T09:30:12Z',
  outcome: '0',
  purposeOfEvent: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
          code: 'TREAT',
          display: 'treatment',
        },
      ],
    },
  ],
  agent: [
    {
      type: {
        coding: [
          {
            system: 'http://dicom.nema.org/resources/ontology/DCM',
            code: '110153',
            display: 'Source Role ID',
          },
        ],
      },
      who: {
        identifier: {
          system: 'https://lhcr.github.io/fhir/core/Id/client-id',
          value: 'synthetic-ed-system',
        },
      },
      requestor: true,
      network: {
        address: '192.0.2.10',
        type: '2',
      },
    },
  ],
  source: {
    site: 'RZZ',
    observer: {
      display: 'Regional shared care record (synthetic)',
    },
    type: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
        code: '4',
        display: 'Application Server',
      },
    ],
  },
  entity: [
    {
      what: {
        reference: 'Patient/lhcr-pat-baseline',
      },
      type: {
        system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
        code: '1',
        display: 'Person',
      },
      role: {
        system: 'http://terminology.hl7.org/CodeSystem/object-role',
        code: '1',
        display: 'Patient',
      },
    },
  ],
} satisfies LhcrAuditEvent;

/** `examples/LHCR-Condition-Example.json`. */
export const conditionExample = {
  resourceType: 'Condition',
  id: 'example-condition',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition'],
  },
  clinicalStatus: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
        code: 'active',
        display: 'Active',
      },
    ],
  },
  verificationStatus: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        code: 'confirmed',
        display: 'Confirmed',
      },
    ],
  },
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-category',
          code: 'problem-list-item',
          display: 'Problem List Item',
        },
      ],
    },
  ],
  code: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '195967001',
        display: 'Asthma',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  recordedDate: '2024-03-01',
  recorder: {
    reference: 'Practitioner/lhcr-prac-gp-1',
  },
} satisfies LhcrCondition;

/** `examples/LHCR-Consent-LocalDissent-Example.json`. */
export const consentLocalDissentExample = {
  resourceType: 'Consent',
  id: 'example-consent-localdissent',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent'],
  },
  status: 'active',
  scope: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/consentscope',
        code: 'patient-privacy',
        display: 'Privacy Consent',
      },
    ],
  },
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
          code: 'INFA',
          display: 'information access',
        },
      ],
    },
  ],
  patient: {
    reference: 'Patient/lhcr-pat-dissent',
  },
  dateTime: '2025-11-20T10:30:00Z',
  organization: [
    {
      reference: 'Organization/lhcr-org-gp-y99901',
    },
  ],
  policy: [
    {
      uri: 'https://lhcr.github.io/fhir/core/policy/regional-sharing',
    },
  ],
  provision: {
    type: 'deny',
    code: [
      {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: '416409005',
            display: 'Refused consent for upload to local shared electronic record',
          },
        ],
      },
    ],
  },
} satisfies LhcrConsentLocalDissent;

/** `examples/LHCR-DocumentReference-Example.json`. */
export const documentReferenceExample = {
  resourceType: 'DocumentReference',
  id: 'example-documentreference',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference'],
  },
  status: 'current',
  type: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '373942005',
        display: 'Discharge summary',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  date: '2026-03-02T12:00:00Z',
  author: [
    {
      reference: 'Organization/lhcr-org-trust-rzz',
    },
  ],
  custodian: {
    reference: 'Organization/lhcr-org-trust-rzz',
  },
  description: 'Discharge summary (synthetic)',
  content: [
    {
      attachment: {
        contentType: 'text/plain',
        language: 'en-GB',
        data: 'U3ludGhldGljIGRpc2NoYXJnZSBzdW1tYXJ5Lg==',
        title: 'Discharge summary',
      },
    },
  ],
  context: {
    encounter: [
      {
        reference: 'Encounter/lhcr-enc-baseline-admission',
      },
    ],
  },
} satisfies LhcrDocumentReference;

/** `examples/LHCR-Encounter-Example.json`. */
export const encounterExample = {
  resourceType: 'Encounter',
  id: 'example-encounter',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter'],
  },
  status: 'finished',
  class: {
    system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
    code: 'AMB',
    display: 'ambulatory',
  },
  type: [
    {
      coding: [
        {
          system: 'http://snomed.info/sct',
          code: '185317003',
          display: 'Telephone encounter',
        },
      ],
    },
  ],
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  participant: [
    {
      individual: {
        reference: 'Practitioner/lhcr-prac-gp-1',
      },
    },
  ],
  period: {
    start: '2026-05-10T10:00:00Z',
    end: '2026-05-10T10:20:00Z',
  },
  serviceProvider: {
    reference: 'Organization/lhcr-org-gp-y99901',
  },
} satisfies LhcrEncounter;

/** `examples/LHCR-Flag-Example.json`. */
export const flagExample = {
  resourceType: 'Flag',
  id: 'example-flag',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Flag'],
  },
  status: 'active',
  code: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '315594003',
        display: 'Interpreter needed',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  period: {
    start: '2024-01-01',
  },
} satisfies LhcrFlag;

/** `examples/LHCR-Immunization-Example.json`. */
export const immunizationExample = {
  resourceType: 'Immunization',
  id: 'example-immunization',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization'],
  },
  status: 'not-done',
  statusReason: {
    coding: [
      {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
        code: 'PATOBJ',
        display: 'patient objection',
      },
    ],
  },
  vaccineCode: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '1119349007',
        display: 'SARS-CoV-2 mRNA vaccine',
      },
    ],
  },
  patient: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  occurrenceDateTime: '2025-10-14',
  recorded: '2025-10-14',
} satisfies LhcrImmunization;

/** `examples/LHCR-MedicationRequest-Example.json`. */
export const medicationRequestExample = {
  resourceType: 'MedicationRequest',
  id: 'example-medicationrequest',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest'],
  },
  status: 'active',
  intent: 'order',
  medicationCodeableConcept: {
    coding: [
      {
        system: 'https://dmd.nhs.uk',
        code: '319283006',
        display: 'Amlodipine 5mg tablets',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  authoredOn: '2026-05-10',
  requester: {
    reference: 'PractitionerRole/lhcr-role-gp-1',
  },
  dosageInstruction: [
    {
      text: 'One to be taken each day',
    },
  ],
  substitution: {
    allowedBoolean: true,
  },
  reasonReference: [
    {
      reference: 'Condition/lhcr-con-baseline-htn',
    },
  ],
} satisfies LhcrMedicationRequest;

/** `examples/LHCR-MedicationStatement-Example.json`. */
export const medicationStatementExample = {
  resourceType: 'MedicationStatement',
  id: 'example-medicationstatement',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement'],
  },
  status: 'active',
  medicationCodeableConcept: {
    coding: [
      {
        system: 'https://dmd.nhs.uk',
        code: '39113611000001102',
        display: 'Salbutamol 100micrograms/dose inhaler CFC free',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  effectivePeriod: {
    start: '2024-03-01',
  },
  dateAsserted: '2026-05-10',
  dosage: [
    {
      text: 'Two puffs when required',
    },
  ],
} satisfies LhcrMedicationStatement;

/** `examples/LHCR-Observation-Example.json`. */
export const observationExample = {
  resourceType: 'Observation',
  id: 'example-observation',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation'],
  },
  status: 'final',
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'laboratory',
          display: 'Laboratory',
        },
      ],
    },
  ],
  code: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '1019431000000105',
        display: 'HbA1c level (IFCC standardised)',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  effectiveDateTime: '2026-04-02T09:00:00Z',
  valueQuantity: {
    value: 41,
    unit: 'mmol/mol',
    system: 'http://unitsofmeasure.org',
    code: 'mmol/mol',
  },
} satisfies LhcrObservation;

/** `examples/LHCR-Observation-VitalSigns-Example.json`. */
export const observationVitalSignsExample = {
  resourceType: 'Observation',
  id: 'example-observation-vitalsigns',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns'],
  },
  status: 'final',
  category: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/observation-category',
          code: 'vital-signs',
          display: 'Vital Signs',
        },
      ],
    },
  ],
  code: {
    coding: [
      {
        system: 'http://loinc.org',
        code: '85354-9',
        display: 'Blood pressure panel with all children optional',
      },
      {
        system: 'http://snomed.info/sct',
        code: '75367002',
        display: 'Blood pressure',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  effectiveDateTime: '2026-05-10T10:15:00Z',
  performer: [
    {
      reference: 'Practitioner/lhcr-prac-gp-1',
    },
  ],
  component: [
    {
      code: {
        coding: [
          {
            system: 'http://loinc.org',
            code: '8480-6',
            display: 'Systolic blood pressure',
          },
          {
            system: 'http://snomed.info/sct',
            code: '271649006',
            display: 'Systolic blood pressure',
          },
        ],
      },
      valueQuantity: {
        value: 138,
        unit: 'mmHg',
        system: 'http://unitsofmeasure.org',
        code: 'mm[Hg]',
      },
    },
    {
      code: {
        coding: [
          {
            system: 'http://loinc.org',
            code: '8462-4',
            display: 'Diastolic blood pressure',
          },
          {
            system: 'http://snomed.info/sct',
            code: '271650006',
            display: 'Diastolic blood pressure',
          },
        ],
      },
      valueQuantity: {
        value: 86,
        unit: 'mmHg',
        system: 'http://unitsofmeasure.org',
        code: 'mm[Hg]',
      },
    },
  ],
} satisfies LhcrObservationVitalSigns;

/** `examples/LHCR-Organization-Example.json`. */
export const organizationExample = {
  resourceType: 'Organization',
  id: 'example-organization',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization'],
  },
  identifier: [
    {
      system: 'https://fhir.nhs.uk/Id/ods-organization-code',
      value: 'Y99901',
    },
  ],
  active: true,
  type: [
    {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/organization-type',
          code: 'prov',
          display: 'Healthcare Provider',
        },
      ],
    },
  ],
  name: 'Riverside Medical Practice (synthetic)',
  address: [
    {
      line: ['2 Example Road'],
      city: 'Leeds',
      postalCode: 'LS99 9ZY',
    },
  ],
} satisfies LhcrOrganization;

/** `examples/LHCR-Patient-Example.json`. */
export const patientExample = {
  resourceType: 'Patient',
  id: 'example-patient',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient'],
  },
  identifier: [
    {
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
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
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9992197625',
    },
  ],
  active: true,
  name: [
    {
      use: 'official',
      family: 'Penrose',
      given: ['Aster'],
    },
  ],
  gender: 'female',
  birthDate: '1968-04-12',
  telecom: [
    {
      system: 'phone',
      value: '0113 496 0000',
      use: 'home',
    },
  ],
  address: [
    {
      use: 'home',
      line: ['1 Example Street'],
      city: 'Leeds',
      postalCode: 'LS99 9ZZ',
    },
  ],
  generalPractitioner: [
    {
      reference: 'Organization/lhcr-org-gp-y99901',
    },
  ],
  extension: [
    {
      url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
      valueCodeableConcept: {
        coding: [
          {
            system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
            code: 'A',
            display: 'British, Mixed British',
          },
        ],
      },
    },
  ],
} satisfies LhcrPatient;

/** `examples/LHCR-Practitioner-Example.json`. */
export const practitionerExample = {
  resourceType: 'Practitioner',
  id: 'example-practitioner',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner'],
  },
  identifier: [
    {
      system: 'https://fhir.nhs.uk/Id/sds-user-id',
      value: '999999999901',
    },
    {
      system: 'https://fhir.hl7.org.uk/Id/gmc-number',
      value: '7999991',
    },
  ],
  name: [
    {
      family: 'Hartley',
      given: ['Jonah'],
      prefix: ['Dr'],
    },
  ],
} satisfies LhcrPractitioner;

/** `examples/LHCR-PractitionerRole-Example.json`. */
export const practitionerRoleExample = {
  resourceType: 'PractitionerRole',
  id: 'example-practitionerrole',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-PractitionerRole'],
  },
  active: true,
  practitioner: {
    reference: 'Practitioner/lhcr-prac-gp-1',
  },
  organization: {
    reference: 'Organization/lhcr-org-gp-y99901',
  },
  code: [
    {
      coding: [
        {
          system: 'https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode',
          code: 'R0260',
          display: 'General Medical Practitioner',
        },
      ],
    },
  ],
} satisfies LhcrPractitionerRole;

/** `examples/LHCR-Procedure-Example.json`. */
export const procedureExample = {
  resourceType: 'Procedure',
  id: 'example-procedure',
  meta: {
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Procedure'],
  },
  status: 'completed',
  code: {
    coding: [
      {
        system: 'http://snomed.info/sct',
        code: '127783003',
        display: 'Spirometry',
      },
    ],
  },
  subject: {
    reference: 'Patient/lhcr-pat-baseline',
  },
  performedDateTime: '2024-02-20',
} satisfies LhcrProcedure;

/** The patient `lhcr-pat-baseline` of `fixtures/01-baseline-patient.yaml`. */
export const baselinePatient = {
  resourceType: 'Patient',
  id: 'lhcr-pat-baseline',
  meta: {
    lastUpdated: '2026-06-01T09:00:00Z',
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient'],
  },
  identifier: [
    {
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
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
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9992197625',
    },
  ],
  active: true,
  name: [
    {
      use: 'official',
      family: 'Penrose',
      given: ['Aster'],
    },
  ],
  gender: 'female',
  birthDate: '1968-04-12',
  telecom: [
    {
      system: 'phone',
      value: '0113 496 0000',
      use: 'home',
    },
  ],
  address: [
    {
      use: 'home',
      line: ['1 Example Street'],
      city: 'Leeds',
      postalCode: 'LS99 9ZZ',
    },
  ],
  generalPractitioner: [
    {
      reference: 'Organization/lhcr-org-gp-y99901',
    },
  ],
  extension: [
    {
      url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory',
      valueCodeableConcept: {
        coding: [
          {
            system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
            code: 'A',
            display: 'British, Mixed British',
          },
        ],
      },
    },
  ],
} satisfies LhcrPatient;

/** The patient `lhcr-pat-deceased` of `fixtures/06-deceased-opted-out-patient.yaml`. */
export const deceasedPatient = {
  resourceType: 'Patient',
  id: 'lhcr-pat-deceased',
  meta: {
    lastUpdated: '2026-06-01T09:00:00Z',
    profile: ['https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient'],
  },
  identifier: [
    {
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
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
      system: 'https://fhir.nhs.uk/Id/nhs-number',
      value: '9992126639',
    },
  ],
  active: true,
  name: [
    {
      use: 'official',
      family: 'Whitcombe',
      given: ['Frederick'],
    },
  ],
  gender: 'male',
  birthDate: '1941-05-17',
  telecom: [
    {
      system: 'phone',
      value: '0113 496 0000',
      use: 'home',
    },
  ],
  address: [
    {
      use: 'home',
      line: ['1 Example Street'],
      city: 'Leeds',
      postalCode: 'LS99 9ZZ',
    },
  ],
  generalPractitioner: [
    {
      reference: 'Organization/lhcr-org-gp-y99901',
    },
  ],
  deceasedDateTime: '2026-01-28T07:45:00Z',
} satisfies LhcrPatient;

/** Every literal above, with the file it copies and its profile. */
export const PROFILE_EXAMPLES: readonly ProfileExample[] = [
  example(
    'examples/LHCR-AllergyIntolerance-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance',
    allergyIntoleranceExample,
  ),
  example(
    'examples/LHCR-AuditEvent-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent',
    auditEventExample,
  ),
  example(
    'examples/LHCR-Condition-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition',
    conditionExample,
  ),
  example(
    'examples/LHCR-Consent-LocalDissent-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent',
    consentLocalDissentExample,
  ),
  example(
    'examples/LHCR-DocumentReference-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference',
    documentReferenceExample,
  ),
  example(
    'examples/LHCR-Encounter-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter',
    encounterExample,
  ),
  example(
    'examples/LHCR-Flag-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Flag',
    flagExample,
  ),
  example(
    'examples/LHCR-Immunization-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization',
    immunizationExample,
  ),
  example(
    'examples/LHCR-MedicationRequest-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest',
    medicationRequestExample,
  ),
  example(
    'examples/LHCR-MedicationStatement-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement',
    medicationStatementExample,
  ),
  example(
    'examples/LHCR-Observation-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation',
    observationExample,
  ),
  example(
    'examples/LHCR-Observation-VitalSigns-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns',
    observationVitalSignsExample,
  ),
  example(
    'examples/LHCR-Organization-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization',
    organizationExample,
  ),
  example(
    'examples/LHCR-Patient-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient',
    patientExample,
  ),
  example(
    'examples/LHCR-Practitioner-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner',
    practitionerExample,
  ),
  example(
    'examples/LHCR-PractitionerRole-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-PractitionerRole',
    practitionerRoleExample,
  ),
  example(
    'examples/LHCR-Procedure-Example.json',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Procedure',
    procedureExample,
  ),
  example(
    'fixtures/01-baseline-patient.yaml',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient',
    baselinePatient,
  ),
  example(
    'fixtures/06-deceased-opted-out-patient.yaml',
    'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient',
    deceasedPatient,
  ),
];
