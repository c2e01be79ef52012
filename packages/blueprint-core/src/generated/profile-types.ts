// This file is generated from the blueprint's profiles and the UK Core definitions they use.
// Do not edit it by hand: run `npm run generate --workspace=@lhcr/blueprint-core`
// (packages/blueprint-core/scripts/generate-profile-types.ts).
/* eslint-disable */
import type * as fhir from "@lhcr/models";

// How these types encode the profiles. Each type narrows the base type of what its profile
// constrains: elements the profile requires are required, elements it removes (max 0) are
// `?: never`, fixed and pattern values are literal types, and choice elements allow only the
// forms the profile keeps (exactly one when the element is required). A repeating element
// with required slices is a tuple: the required slices first, in the order the profile lists
// them, then any other items, e.g. `[NhsNumberSlice, ...Identifier[]]`. FHIR allows slices in
// any order unless the slicing is ordered, so data from elsewhere may need its items reordered
// to fit. Not expressed here: invariants, value set bindings, reference targets and the order
// of optional slices; validate resources against the profiles for those.

/** `T` with the keys `K` typed `never`: the choice forms a profile removes. */
type Without<T, K extends keyof T> = Omit<T, K> & { [P in K]?: never };

/** Exactly one of the properties of `T`: a required choice element with several forms. */
type OneOf<T> = { [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** The properties of one choice element in its base type. */
type ExtensionValueForms =
  | "valueBase64Binary"
  | "_valueBase64Binary"
  | "valueBoolean"
  | "_valueBoolean"
  | "valueCanonical"
  | "_valueCanonical"
  | "valueCode"
  | "_valueCode"
  | "valueDate"
  | "_valueDate"
  | "valueDateTime"
  | "_valueDateTime"
  | "valueDecimal"
  | "_valueDecimal"
  | "valueId"
  | "_valueId"
  | "valueInstant"
  | "_valueInstant"
  | "valueInteger"
  | "_valueInteger"
  | "valueMarkdown"
  | "_valueMarkdown"
  | "valueOid"
  | "_valueOid"
  | "valuePositiveInt"
  | "_valuePositiveInt"
  | "valueString"
  | "_valueString"
  | "valueTime"
  | "_valueTime"
  | "valueUnsignedInt"
  | "_valueUnsignedInt"
  | "valueUri"
  | "_valueUri"
  | "valueUrl"
  | "_valueUrl"
  | "valueUuid"
  | "_valueUuid"
  | "valueAddress"
  | "valueAge"
  | "valueAnnotation"
  | "valueAttachment"
  | "valueCodeableConcept"
  | "valueCoding"
  | "valueContactPoint"
  | "valueCount"
  | "valueDistance"
  | "valueDuration"
  | "valueHumanName"
  | "valueIdentifier"
  | "valueMoney"
  | "valuePeriod"
  | "valueQuantity"
  | "valueRange"
  | "valueRatio"
  | "valueReference"
  | "valueSampledData"
  | "valueSignature"
  | "valueTiming"
  | "valueContactDetail"
  | "valueContributor"
  | "valueDataRequirement"
  | "valueExpression"
  | "valueParameterDefinition"
  | "valueRelatedArtifact"
  | "valueTriggerDefinition"
  | "valueUsageContext"
  | "valueDosage"
  | "valueMeta";

/** The properties of one choice element in its base type. */
type MedicationRequestMedicationForms =
  | "medicationCodeableConcept"
  | "medicationReference";

/** The properties of one choice element in its base type. */
type MedicationStatementMedicationForms =
  | "medicationCodeableConcept"
  | "medicationReference";

/** Each profile type by the canonical URL of its profile. */
export interface ProfileTypeMap {
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance": LhcrAllergyIntolerance;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent": LhcrAuditEvent;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition": LhcrCondition;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent": LhcrConsentLocalDissent;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference": LhcrDocumentReference;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter": LhcrEncounter;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Flag": LhcrFlag;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization": LhcrImmunization;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest": LhcrMedicationRequest;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement": LhcrMedicationStatement;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns": LhcrObservationVitalSigns;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation": LhcrObservation;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization": LhcrOrganization;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient": LhcrPatient;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner": LhcrPractitioner;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-PractitionerRole": LhcrPractitionerRole;
  "https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Procedure": LhcrProcedure;
  "http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.bodyStructure": ExtensionUkCoreObservationBodyStructure;
  "http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy": ExtensionUkCoreObservationTriggeredBy;
  "http://hl7.org/fhir/6.0/StructureDefinition/extension-Condition.bodyStructure": ExtensionUkCoreConditionBodyStructure;
  "http://hl7.org/fhir/6.0/StructureDefinition/extension-Patient.fetalStatus": ExtensionUkCorePatientFetalStatus;
  "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition": ExtensionObservationBodyPosition;
  "http://hl7.org/fhir/StructureDefinition/organization-period": ExtensionOrganizationPeriod;
  "http://hl7.org/fhir/StructureDefinition/patient-birthPlace": ExtensionPatientBirthPlace;
  "http://hl7.org/fhir/StructureDefinition/patient-birthTime": ExtensionPatientBirthTime;
  "http://hl7.org/fhir/StructureDefinition/patient-cadavericDonor": ExtensionPatientCadavericDonor;
  "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired": ExtensionPatientInterpreterRequired;
  "http://hl7.org/fhir/StructureDefinition/patient-proficiency": ExtensionPatientProficiency;
  "http://hl7.org/fhir/StructureDefinition/SimpleQuantity": SimpleQuantity;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey": ExtensionUkCoreAddressKey;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod": ExtensionUkCoreAdmissionMethod;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd": ExtensionUkCoreAllergyIntoleranceEnd;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-BirthSex": ExtensionUkCoreBirthSex;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ConditionEpisode": ExtensionUkCoreConditionEpisode;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference": ExtensionUkCoreContactPreference;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank": ExtensionUkCoreContactRank;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CopyCorrespondenceIndicator": ExtensionUkCoreCopyCorrespondenceIndicator;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus": ExtensionUkCoreDeathNotificationStatus;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod": ExtensionUkCoreDischargeMethod;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EmergencyCareDischargeStatus": ExtensionUkCoreEmergencyCareDischargeStatus;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory": ExtensionUkCoreEthnicCategory;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-Evidence": ExtensionUkCoreEvidence;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus": ExtensionUkCoreLegalStatus;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MainLocation": ExtensionUkCoreMainLocation;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationPrescribingOrganizationType": ExtensionUkCoreMedicationPrescribingOrganizationType;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation": ExtensionUkCoreMedicationRepeatInformation;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate": ExtensionUkCoreMedicationStatementLastIssueDate;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason": ExtensionUkCoreNhsNumberUnavailableReason;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus": ExtensionUkCoreNhsNumberVerificationStatus;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OtherContactSystem": ExtensionUkCoreOtherContactSystem;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OutcomeOfAttendance": ExtensionUkCoreOutcomeOfAttendance;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ParentPresent": ExtensionUkCoreParentPresent;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-PharmacistVerifiedIndicator": ExtensionUkCorePharmacistVerifiedIndicator;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-RecordingSetting": ExtensionUkCoreRecordingSetting;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ResidentialStatus": ExtensionUkCoreResidentialStatus;
  "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure": ExtensionUkCoreVaccinationProcedure;
}

/**
 * LHCR AllergyIntolerance: An allergy or intolerance: coded with SNOMED CT or dm+d, with its clinical status.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance|1.0.0` on {@link fhir.AllergyIntolerance}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-AllergyIntolerance`.
 *
 * Must support: clinicalStatus, verificationStatus, code, patient, recordedDate, reaction.
 *
 * Not checked by this type: `lhcr-alg-1`: The code has a SNOMED CT or dm+d coding.
 *
 * `extension`: Slices (open, by value of url): `evidence` 0..* {@link ExtensionUkCoreEvidence}.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance
 */
export interface LhcrAllergyIntolerance extends fhir.AllergyIntolerance {
  /** Defines whether the allergy or intolerance is active, inactive or resolved (1..1); must support */
  clinicalStatus: fhir.CodeableConcept;
  /** This code identifies the allergy or intolerance (1..1); must support */
  code: fhir.CodeableConcept;
  /** Details about each adverse reaction event (0..*); must support */
  reaction?: LhcrAllergyIntoleranceReaction[];
}

/**
 * Element `AllergyIntolerance.reaction` in LHCR AllergyIntolerance (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AllergyIntolerance|1.0.0`): Details about each adverse reaction event.
 *
 * Must support: severity.
 */
export interface LhcrAllergyIntoleranceReaction extends fhir.AllergyIntoleranceReaction {
  /** Clinical symptoms/signs associated with the Event (1..*) */
  manifestation: [fhir.CodeableConcept, ...fhir.CodeableConcept[]];
}

/**
 * LHCR AuditEvent: A record of one access to the shared care record: who, for what purpose, about which patient, and the outcome.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent|1.0.0` on {@link fhir.AuditEvent}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-AuditEvent`.
 *
 * Must support: subtype, action, outcome, purposeOfEvent, agent, entity.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent
 */
export interface LhcrAuditEvent extends fhir.AuditEvent {
  /** More specific type/id for the event (1..*); must support */
  subtype: [fhir.Coding, ...fhir.Coding[]];
  /** Type of action performed during the event (1..1); must support */
  action: NonNullable<fhir.AuditEvent["action"]>;
  /** Whether the event succeeded or failed (1..1); must support */
  outcome: NonNullable<fhir.AuditEvent["outcome"]>;
  /** The purposeOfUse of the event (1..*); must support */
  purposeOfEvent: [fhir.CodeableConcept, ...fhir.CodeableConcept[]];
  /** Actor involved in the event (1..*); must support */
  agent: [LhcrAuditEventAgent, ...LhcrAuditEventAgent[]];
  /** Data or objects used (1..*); must support */
  entity: [LhcrAuditEventEntity, ...LhcrAuditEventEntity[]];
}

/** Element `AuditEvent.agent` in LHCR AuditEvent (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent|1.0.0`): Actor involved in the event */
export interface LhcrAuditEventAgent extends fhir.AuditEventAgent {
  /** Identifier of who (1..1) */
  who: fhir.Reference;
}

/** Element `AuditEvent.entity` in LHCR AuditEvent (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent|1.0.0`): Data or objects used */
export interface LhcrAuditEventEntity extends fhir.AuditEventEntity {
  /** Additional Information about the entity (0..*) */
  detail?: LhcrAuditEventEntityDetail[];
}

/**
 * Element `AuditEvent.entity.detail` in LHCR AuditEvent (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-AuditEvent|1.0.0`): Additional Information about the entity
 *
 * `value[x]` (1..1): Property value; one of `valueString`, `valueBase64Binary`.
 *
 * Exactly one form of `value[x]` is present (see {@link LhcrAuditEventEntityDetailElements}).
 */
export type LhcrAuditEventEntityDetail = LhcrAuditEventEntityDetailElements & OneOf<{ valueString: fhir.FhirString; valueBase64Binary: fhir.FhirBase64Binary }>;

/** The elements of {@link LhcrAuditEventEntityDetail}, without its rule that one form of `value[x]` is present. */
export interface LhcrAuditEventEntityDetailElements extends fhir.AuditEventEntityDetail {}

/**
 * LHCR Condition: A problem or diagnosis: coded with SNOMED CT, with its clinical and verification status.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition|1.0.0` on {@link fhir.Condition}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Condition`.
 *
 * Must support: clinicalStatus, verificationStatus, category, severity, code, subject, recordedDate, recorder.
 *
 * Not checked by this type: `lhcr-con-1`: The code has a SNOMED CT coding.
 *
 * `extension`: Slices (open, by value of url): `bodyStructureR6` 0..* {@link ExtensionUkCoreConditionBodyStructure}, `conditionEpisode` 0..* {@link ExtensionUkCoreConditionEpisode}.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition
 */
export interface LhcrCondition extends fhir.Condition {
  /** The clinical status of the condition (1..1); must support */
  clinicalStatus: fhir.CodeableConcept;
  /** The verification status to support the clinical status of the condition (1..1); must support */
  verificationStatus: fhir.CodeableConcept;
  /** Identification of the condition, problem or diagnosis (1..1); must support */
  code: fhir.CodeableConcept;
}

/**
 * LHCR Local Sharing Objection: A patient's objection to sharing their record through the shared care record (local dissent), or its withdrawal. Regional pattern from NHS-STANDARDS section 3.6: scope patient-privacy, category INFA, provision deny (objection) or permit (withdrawal) coded with SNOMED CT.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent|1.0.0` on {@link fhir.Consent}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent`.
 *
 * Must support: status, scope, category, patient, dateTime, performer, organization, source[x], provision.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent
 */
export interface LhcrConsentLocalDissent extends fhir.Consent {
  /** Which of the four areas this resource covers (extensible) (1..1); must support */
  scope: Omit<fhir.CodeableConcept, "coding"> & { coding: [fhir.Coding & { system: "http://terminology.hl7.org/CodeSystem/consentscope"; code: "patient-privacy" }, ...fhir.Coding[]] };
  /** Classification of the consent statement - for indexing/retrieval (1..1); must support */
  category: [Omit<fhir.CodeableConcept, "coding"> & { coding: [fhir.Coding & { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode"; code: "INFA" }, ...fhir.Coding[]] }];
  /** Who the consent applies to (1..1); must support */
  patient: fhir.Reference;
  /** When this Consent was created or indexed (1..1); must support */
  dateTime: fhir.FhirDateTime;
  /** Custodian of the consent (1..*); must support */
  organization: [fhir.Reference, ...fhir.Reference[]];
  /** Policies covered by this consent (1..1) */
  policy: [LhcrConsentLocalDissentPolicy];
  /** Constraints to the base Consent.policyRule (1..1); must support */
  provision: LhcrConsentLocalDissentProvision;
}

/** Element `Consent.policy` in LHCR Local Sharing Objection (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent|1.0.0`): Policies covered by this consent */
export interface LhcrConsentLocalDissentPolicy extends fhir.ConsentPolicy {
  /** Specific policy covered by this consent (1..1) */
  uri: fhir.FhirUri;
}

/**
 * Element `Consent.provision` in LHCR Local Sharing Objection (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Consent-LocalDissent|1.0.0`): Constraints to the base Consent.policyRule
 *
 * Must support: type, code.
 */
export interface LhcrConsentLocalDissentProvision extends fhir.ConsentProvision {
  /** deny | permit (1..1); must support */
  type: NonNullable<fhir.ConsentProvision["type"]>;
  /** e.g. LOINC or SNOMED CT code, etc. in the content (1..1); must support */
  code: [fhir.CodeableConcept];
}

/**
 * LHCR DocumentReference: A clinical document such as a discharge summary or care plan: typed with the UK Core document type, attributed to the patient and to the custodian organisation.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference|1.0.0` on {@link fhir.DocumentReference}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-DocumentReference`.
 *
 * Must support: identifier, status, type, category, subject, date, author, custodian, description, content.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference
 */
export interface LhcrDocumentReference extends fhir.DocumentReference {
  /** Kind of document (LOINC if possible) (1..1); must support */
  type: fhir.CodeableConcept;
  /** Who/what is the subject of the document (1..1); must support */
  subject: fhir.Reference;
  /** When this document reference was created (1..1); must support */
  date: fhir.FhirInstant;
  /** Organization which maintains the document (1..1); must support */
  custodian: fhir.Reference;
  /** Document referenced (1..*); must support */
  content: [LhcrDocumentReferenceContent, ...LhcrDocumentReferenceContent[]];
}

/**
 * Element `DocumentReference.content` in LHCR DocumentReference (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference|1.0.0`): Document referenced
 *
 * Not checked by this type: `lhcr-doc-1` on attachment: The attachment has a url or its data.
 */
export interface LhcrDocumentReferenceContent extends fhir.DocumentReferenceContent {
  /** Where to access the document (1..1) */
  attachment: LhcrDocumentReferenceContentAttachment;
}

/**
 * Element `DocumentReference.content.attachment` in LHCR DocumentReference (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-DocumentReference|1.0.0`): Where to access the document
 *
 * Not checked by this type: `lhcr-doc-1`: The attachment has a url or its data.
 */
export interface LhcrDocumentReferenceContentAttachment extends fhir.Attachment {
  /** Mime type of the content, with charset etc (1..1) */
  contentType: NonNullable<fhir.Attachment["contentType"]>;
}

/**
 * LHCR Encounter: A contact between a patient and a care provider: the patient, the period and the providing organisation are required, so every encounter can be attributed.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter|1.0.0` on {@link fhir.Encounter}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter`.
 *
 * Must support: identifier, status, class, subject, participant, period, reasonCode, reasonReference, serviceProvider.
 *
 * `extension`: Slices (open, by value of url): `dischargeMethod` 0..* {@link ExtensionUkCoreDischargeMethod}, `emergencyCareDischargeStatus` 0..* {@link ExtensionUkCoreEmergencyCareDischargeStatus}, `legalStatus` 0..* {@link ExtensionUkCoreLegalStatus}, `OutcomeOfAttendance` 0..* {@link ExtensionUkCoreOutcomeOfAttendance}.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter
 */
export interface LhcrEncounter extends fhir.Encounter {
  /** The patient or group present at the encounter (1..1); must support */
  subject: fhir.Reference;
  /** The start and end time of the encounter (1..1); must support */
  period: LhcrEncounterPeriod;
  /** The organisation responsible, with its ODS code (1..1); must support */
  serviceProvider: fhir.Reference;
}

/** Element `Encounter.period` in LHCR Encounter (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Encounter|1.0.0`): The start and end time of the encounter */
export interface LhcrEncounterPeriod extends fhir.Period {
  /** Starting time with inclusive boundary (1..1) */
  start: fhir.FhirDateTime;
}

/**
 * LHCR Flag: A warning about the patient for clinicians (for example a safeguarding or communication alert). Opt-out status is never recorded as a Flag.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Flag|1.0.0` on {@link fhir.Flag}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Flag`.
 *
 * Must support: status, code, subject, period.
 *
 * Not checked by this type: `lhcr-flg-1`: A Flag never records a Type 1 or national data opt-out.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Flag
 */
export interface LhcrFlag extends fhir.Flag {}

/**
 * LHCR Immunization: A vaccination given or not given: the vaccine is coded and a not-done record says why (UK Core ukcore-imm-001).
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization|1.0.0` on {@link fhir.Immunization}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Immunization`.
 *
 * Must support: status, vaccineCode, patient, occurrence[x], recorded, manufacturer, lotNumber, doseQuantity.
 *
 * `extension`: Slices (open, by value of url): `parentPresent` 0..* {@link ExtensionUkCoreParentPresent}, `vaccinationProcedure` 0..* {@link ExtensionUkCoreVaccinationProcedure}.
 *
 * `occurrence[x]` (1..1): Vaccine administration date; one of `occurrenceDateTime`, `occurrenceString`.
 *
 * Exactly one form of `occurrence[x]` is present (see {@link LhcrImmunizationElements}).
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization
 */
export type LhcrImmunization = LhcrImmunizationElements & OneOf<{ occurrenceDateTime: fhir.FhirDateTime; occurrenceString: fhir.FhirString }>;

/** The elements of {@link LhcrImmunization}, without its rule that one form of `occurrence[x]` is present. */
export interface LhcrImmunizationElements extends fhir.Immunization {
  /** Vaccine product administered (1..1); must support */
  vaccineCode: LhcrImmunizationVaccineCode;
  /** Amount of vaccine administered (0..1); must support */
  doseQuantity?: SimpleQuantity;
  /** Protocol followed by the provider (0..*) */
  protocolApplied?: LhcrImmunizationProtocolApplied[];
}

/** Element `Immunization.vaccineCode` in LHCR Immunization (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization|1.0.0`): Vaccine product administered */
export interface LhcrImmunizationVaccineCode extends fhir.CodeableConcept {
  /** Code defined by a terminology system (1..*) */
  coding: [fhir.Coding, ...fhir.Coding[]];
}

/**
 * Element `Immunization.protocolApplied` in LHCR Immunization (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Immunization|1.0.0`): Protocol followed by the provider
 *
 * `doseNumber[x]` (1..1): Dose number within series; one of `doseNumberPositiveInt`, `doseNumberString`.
 *
 * Exactly one form of `doseNumber[x]` is present (see {@link LhcrImmunizationProtocolAppliedElements}).
 */
export type LhcrImmunizationProtocolApplied = LhcrImmunizationProtocolAppliedElements & OneOf<{ doseNumberPositiveInt: fhir.FhirPositiveInt; doseNumberString: fhir.FhirString }>;

/** The elements of {@link LhcrImmunizationProtocolApplied}, without its rule that one form of `doseNumber[x]` is present. */
export interface LhcrImmunizationProtocolAppliedElements extends fhir.ImmunizationProtocolApplied {}

/**
 * LHCR MedicationRequest: A prescription or medication order: the medicine is coded with dm+d, and the date and prescriber are recorded.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0` on {@link fhir.MedicationRequest}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-MedicationRequest`.
 *
 * Must support: identifier, status, intent, category, medication[x], subject, authoredOn, requester, dosageInstruction, dispenseRequest, substitution.
 *
 * Not checked by this type: `lhcr-med-2` on medication[x]: The medicine has a dm+d coding.
 *
 * `extension`: Slices (open, by value of url): `medicationRepeatInformation` 0..* {@link ExtensionUkCoreMedicationRepeatInformation}.
 *
 * `medication[x]`: only `medicationCodeableConcept`.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest
 */
export interface LhcrMedicationRequest extends Without<fhir.MedicationRequest, Exclude<MedicationRequestMedicationForms, "medicationCodeableConcept">> {
  /** Identifies the medication being requested (1..1); must support */
  medicationCodeableConcept: fhir.CodeableConcept;
  /** The date / time that the medication request was initially authored (1..1); must support */
  authoredOn: fhir.FhirDateTime;
  /** Who is requesting the medication (1..1); must support */
  requester: fhir.Reference;
  /** Dosage instructions for the medication (0..*); must support */
  dosageInstruction?: LhcrMedicationRequestDosageInstruction[];
  /** Specific dispensing quantity instructions (0..1); must support */
  dispenseRequest?: LhcrMedicationRequestDispenseRequest;
  /** Any restrictions on medication substitution (1..1); must support */
  substitution: LhcrMedicationRequestSubstitution;
}

/**
 * Element `MedicationRequest.dosageInstruction` in LHCR MedicationRequest (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0`): Dosage instructions for the medication.
 *
 * Must support: text, timing, doseAndRate.
 */
export interface LhcrMedicationRequestDosageInstruction extends fhir.Dosage {
  /** Dosage instructions for the requested medication (0..*); must support */
  doseAndRate?: LhcrMedicationRequestDosageInstructionDoseAndRate[];
  /** Upper limit on medication per administration (0..1) */
  maxDosePerAdministration?: SimpleQuantity;
  /** Upper limit on medication per lifetime of the patient (0..1) */
  maxDosePerLifetime?: SimpleQuantity;
}

/**
 * Element `MedicationRequest.dosageInstruction.doseAndRate` in LHCR MedicationRequest (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0`): Dosage instructions for the requested medication.
 *
 * Must support: dose[x], rate[x].
 */
export interface LhcrMedicationRequestDosageInstructionDoseAndRate extends fhir.DosageDoseAndRate {
  /** Quantity of requested medication to be administered (0..1); must support */
  doseQuantity?: SimpleQuantity;
  /** Rate at which the requested medication is to be administered (0..1); must support */
  rateQuantity?: SimpleQuantity;
}

/**
 * Element `MedicationRequest.dispenseRequest` in LHCR MedicationRequest (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0`): Specific dispensing quantity instructions.
 *
 * Must support: quantity.
 */
export interface LhcrMedicationRequestDispenseRequest extends fhir.MedicationRequestDispenseRequest {
  /** First fill details (0..1) */
  initialFill?: LhcrMedicationRequestDispenseRequestInitialFill;
  /** >Amount of medication to supply per dispense (0..1); must support */
  quantity?: SimpleQuantity;
}

/** Element `MedicationRequest.dispenseRequest.initialFill` in LHCR MedicationRequest (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0`): First fill details */
export interface LhcrMedicationRequestDispenseRequestInitialFill extends fhir.MedicationRequestDispenseRequestInitialFill {
  /** First fill quantity (0..1) */
  quantity?: SimpleQuantity;
}

/**
 * Element `MedicationRequest.substitution` in LHCR MedicationRequest (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationRequest|1.0.0`): Any restrictions on medication substitution.
 *
 * `allowed[x]` (1..1): Whether substitution is allowed or not; one of `allowedBoolean`, `allowedCodeableConcept`.
 *
 * Exactly one form of `allowed[x]` is present (see {@link LhcrMedicationRequestSubstitutionElements}).
 */
export type LhcrMedicationRequestSubstitution = LhcrMedicationRequestSubstitutionElements & OneOf<{ allowedBoolean: fhir.FhirBoolean; allowedCodeableConcept: fhir.CodeableConcept }>;

/** The elements of {@link LhcrMedicationRequestSubstitution}, without its rule that one form of `allowed[x]` is present. */
export interface LhcrMedicationRequestSubstitutionElements extends fhir.MedicationRequestSubstitution {}

/**
 * LHCR MedicationStatement: A medication the patient is taking or has taken: the medicine is coded with dm+d.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement|1.0.0` on {@link fhir.MedicationStatement}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-MedicationStatement`.
 *
 * Must support: identifier, basedOn, status, category, medication[x], subject, effective[x], dateAsserted, informationSource, derivedFrom, dosage.
 *
 * Not checked by this type: `lhcr-med-1` on medication[x]: The medicine has a dm+d coding.
 *
 * `extension`: Slices (open, by value of url): `pharmacistVerifiedIndicator` 0..* {@link ExtensionUkCorePharmacistVerifiedIndicator}, `medicationPrescribingOrganizationType` 0..* {@link ExtensionUkCoreMedicationPrescribingOrganizationType}, `medicationStatementLastIssueDate` 0..* {@link ExtensionUkCoreMedicationStatementLastIssueDate}.
 *
 * `medication[x]`: only `medicationCodeableConcept`.
 *
 * `effective[x]` (1..1): The date / time, or interval, when the medication is / was / will be taken; one of `effectiveDateTime`, `effectivePeriod`.
 *
 * Exactly one form of `effective[x]` is present (see {@link LhcrMedicationStatementElements}).
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement
 */
export type LhcrMedicationStatement = LhcrMedicationStatementElements & OneOf<{ effectiveDateTime: fhir.FhirDateTime; effectivePeriod: fhir.Period }>;

/** The elements of {@link LhcrMedicationStatement}, without its rule that one form of `effective[x]` is present. */
export interface LhcrMedicationStatementElements extends Without<fhir.MedicationStatement, Exclude<MedicationStatementMedicationForms, "medicationCodeableConcept">> {
  /** Allows the resource to be referenced within / by other resources (0..*); must support */
  identifier?: LhcrMedicationStatementIdentifier[];
  /** Identifies the medication being administered (1..1); must support */
  medicationCodeableConcept: fhir.CodeableConcept;
  /** The medication dosage for the statement (0..*); must support */
  dosage?: LhcrMedicationStatementDosage[];
}

/** Element `MedicationStatement.identifier` in LHCR MedicationStatement (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement|1.0.0`): Allows the resource to be referenced within / by other resources. */
export interface LhcrMedicationStatementIdentifier extends fhir.Identifier {
  /** The namespace for the identifier value (1..1) */
  system: fhir.FhirUri;
  /** The value that is unique (1..1) */
  value: fhir.FhirString;
}

/** Element `MedicationStatement.dosage` in LHCR MedicationStatement (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement|1.0.0`): The medication dosage for the statement. */
export interface LhcrMedicationStatementDosage extends fhir.Dosage {
  /** Amount of medication administered (0..*) */
  doseAndRate?: LhcrMedicationStatementDosageDoseAndRate[];
  /** Upper limit on medication per administration (0..1) */
  maxDosePerAdministration?: SimpleQuantity;
  /** Upper limit on medication per lifetime of the patient (0..1) */
  maxDosePerLifetime?: SimpleQuantity;
}

/** Element `MedicationStatement.dosage.doseAndRate` in LHCR MedicationStatement (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-MedicationStatement|1.0.0`): Amount of medication administered */
export interface LhcrMedicationStatementDosageDoseAndRate extends fhir.DosageDoseAndRate {
  /** Amount of medication per dose (0..1) */
  doseQuantity?: SimpleQuantity;
  /** Amount of medication per unit of time (0..1) */
  rateQuantity?: SimpleQuantity;
}

/**
 * LHCR Vital Signs Observation: A vital sign: UK Core vital signs (status final, category vital-signs, a LOINC and a SNOMED CT coding) with a value or components in UCUM units.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0` on {@link fhir.Observation}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-VitalSigns`.
 *
 * Must support: status, category, code, subject, effective[x], performer, value[x], component.
 *
 * Not checked by this type: `lhcr-vs-1`: A vital sign has a value or components; `lhcr-vs-2`: Quantities use UCUM.
 *
 * `extension`: Slices (open, by value of url): `triggeredByR5` 0..* {@link ExtensionUkCoreObservationTriggeredBy}, `bodyStructureR5` 0..* {@link ExtensionUkCoreObservationBodyStructure}, `bodyPosition` 0..* {@link ExtensionObservationBodyPosition}, `recordingSetting` 0..* {@link ExtensionUkCoreRecordingSetting}.
 *
 * `effective[x]` (1..1): A clinically relevant time / time-period for observation SHALL be present; one of `effectiveDateTime`, `effectivePeriod`, `effectiveTiming`, `effectiveInstant`.
 *
 * Exactly one form of `effective[x]` is present (see {@link LhcrObservationVitalSignsElements}).
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns
 */
export type LhcrObservationVitalSigns = LhcrObservationVitalSignsElements & OneOf<{ effectiveDateTime: fhir.FhirDateTime; effectivePeriod: fhir.Period; effectiveTiming: fhir.Timing; effectiveInstant: fhir.FhirInstant }>;

/** The elements of {@link LhcrObservationVitalSigns}, without its rule that one form of `effective[x]` is present. */
export interface LhcrObservationVitalSignsElements extends fhir.Observation {
  /** A status of `final` SHALL be present (1..1); must support */
  status: "final";
  /** A category of `vital-signs` SHALL be present (1..1); must support */
  category: [LhcrObservationVitalSignsCategory];
  /** The type of vital signs observation (code / type) (1..1); must support */
  code: LhcrObservationVitalSignsCode;
  /** Who or what the observation relates to SHALL be present (1..1); must support */
  subject: fhir.Reference;
  /** Provides guide for interpretation (0..*) */
  referenceRange?: LhcrObservationVitalSignsReferenceRange[];
}

/** Element `Observation.category` in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): A category of `vital-signs` SHALL be present. */
export interface LhcrObservationVitalSignsCategory extends fhir.CodeableConcept {
  /** Code defined by a terminology system (0..*) */
  coding?: LhcrObservationVitalSignsCategoryCoding[];
}

/** Element `Observation.category.coding` in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): Code defined by a terminology system */
export interface LhcrObservationVitalSignsCategoryCoding extends fhir.Coding {
  /** Identity of the terminology system (0..1) */
  system?: "http://terminology.hl7.org/CodeSystem/observation-category";
  /** Symbol in syntax defined by the system (0..1) */
  code?: "vital-signs";
}

/** Element `Observation.code` in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): The type of vital signs observation (code / type). */
export interface LhcrObservationVitalSignsCode extends fhir.CodeableConcept {
  /**
   * Code defined by a terminology system (0..*)
   * Slices (open, by value of system): `loinc` 1..1 {@link LhcrObservationVitalSignsCodeCodingLoinc}, `snomedCT` 1..* {@link LhcrObservationVitalSignsCodeCodingSnomedCt}.
   * Required slices come first, in this order; then any other items.
   */
  coding: [LhcrObservationVitalSignsCodeCodingLoinc, LhcrObservationVitalSignsCodeCodingSnomedCt, ...fhir.Coding[]];
}

/** Slice `loinc` (`Observation.code.coding:loinc`) in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): A LOINC "magic code" describing the type of observation SHALL be present. */
export interface LhcrObservationVitalSignsCodeCodingLoinc extends fhir.Coding {
  /** Identity of the terminology system (0..1) */
  system?: "http://loinc.org";
}

/** Slice `snomedCT` (`Observation.code.coding:snomedCT`) in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): A SNOMED CT concept describing the type of observation SHALL be present. */
export interface LhcrObservationVitalSignsCodeCodingSnomedCt extends fhir.Coding {
  /** Identity of the terminology system (0..1) */
  system?: "http://snomed.info/sct";
}

/** Element `Observation.referenceRange` in LHCR Vital Signs Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation-VitalSigns|1.0.0`): Provides guide for interpretation */
export interface LhcrObservationVitalSignsReferenceRange extends fhir.ObservationReferenceRange {
  /** Low Range, if relevant (0..1) */
  low?: SimpleQuantity;
  /** High Range, if relevant (0..1) */
  high?: SimpleQuantity;
}

/**
 * LHCR Observation: A measurement or finding: coded, attributed to the patient and dated.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation|1.0.0` on {@link fhir.Observation}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation`.
 *
 * Must support: status, category, code, subject, effective[x], performer, value[x], component.
 *
 * `extension`: Slices (open, by value of url): `triggeredByR5` 0..* {@link ExtensionUkCoreObservationTriggeredBy}, `bodyStructureR5` 0..* {@link ExtensionUkCoreObservationBodyStructure}.
 *
 * `effective[x]` (1..1): A clinically relevant time / time-period for observation; one of `effectiveDateTime`, `effectivePeriod`, `effectiveTiming`, `effectiveInstant`.
 *
 * Exactly one form of `effective[x]` is present (see {@link LhcrObservationElements}).
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation
 */
export type LhcrObservation = LhcrObservationElements & OneOf<{ effectiveDateTime: fhir.FhirDateTime; effectivePeriod: fhir.Period; effectiveTiming: fhir.Timing; effectiveInstant: fhir.FhirInstant }>;

/** The elements of {@link LhcrObservation}, without its rule that one form of `effective[x]` is present. */
export interface LhcrObservationElements extends fhir.Observation {
  /** A code that classifies the general type of observation being made (1..*); must support */
  category: [fhir.CodeableConcept, ...fhir.CodeableConcept[]];
  /** The type of observation (code / type) (1..1); must support */
  code: LhcrObservationCode;
  /** Who and / or what the observation is about (1..1); must support */
  subject: fhir.Reference;
  /** Provides guide for interpretation (0..*) */
  referenceRange?: LhcrObservationReferenceRange[];
}

/** Element `Observation.code` in LHCR Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation|1.0.0`): The type of observation (code / type). */
export interface LhcrObservationCode extends fhir.CodeableConcept {
  /** Code defined by a terminology system (1..*) */
  coding: [fhir.Coding, ...fhir.Coding[]];
}

/** Element `Observation.referenceRange` in LHCR Observation (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Observation|1.0.0`): Provides guide for interpretation */
export interface LhcrObservationReferenceRange extends fhir.ObservationReferenceRange {
  /** Low Range, if relevant (0..1) */
  low?: SimpleQuantity;
  /** High Range, if relevant (0..1) */
  high?: SimpleQuantity;
}

/**
 * LHCR Organization: An organisation that provides or records care: an ODS organisation code is required, written with the ODS system spelt "organization".
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization|1.0.0` on {@link fhir.Organization}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization`.
 *
 * Must support: identifier, identifier:odsOrganisationCode, identifier:odsSiteCode, active, name, telecom, address.
 *
 * Not checked by this type: `lhcr-org-1`: The ODS system must be spelt ods-organization-code, never ods-organisation-code.
 *
 * `extension`: Slices (open, by value of url): `mainLocation` 0..* {@link ExtensionUkCoreMainLocation}, `organizationPeriod` 0..* {@link ExtensionOrganizationPeriod}.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization
 */
export interface LhcrOrganization extends fhir.Organization {
  /**
   * Identifies this organization across multiple systems (1..*); must support
   * Slices (open, by value of system): `odsOrganisationCode` 1..1 {@link LhcrOrganizationIdentifierOdsOrganisationCode}, `odsSiteCode` 0..1 {@link LhcrOrganizationIdentifierOdsSiteCode}.
   * Required slices come first, in this order; then any other items.
   */
  identifier: [LhcrOrganizationIdentifierOdsOrganisationCode, ...fhir.Identifier[]];
  /** A name associated with the organization (1..1); must support */
  name: fhir.FhirString;
}

/**
 * Slice `odsOrganisationCode` (`Organization.identifier:odsOrganisationCode`) in LHCR Organization (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization|1.0.0`): Organisation Data Service code
 *
 * Not checked by this type: `lhcr-org-2` on value: An ODS code is 3 to 10 upper-case letters and digits.
 */
export interface LhcrOrganizationIdentifierOdsOrganisationCode extends fhir.Identifier {
  /** The namespace for the identifier value (1..1) */
  system: "https://fhir.nhs.uk/Id/ods-organization-code";
  /** The value that is unique (1..1) */
  value: fhir.FhirString;
}

/** Slice `odsSiteCode` (`Organization.identifier:odsSiteCode`) in LHCR Organization (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Organization|1.0.0`): ODS Site code to identify the organisation at site level */
export interface LhcrOrganizationIdentifierOdsSiteCode extends fhir.Identifier {
  /** The namespace for the identifier value (1..1) */
  system: "https://fhir.nhs.uk/Id/ods-site-code";
  /** The value that is unique (1..1) */
  value: fhir.FhirString;
}

/**
 * LHCR Patient: A patient in a regional shared care record: UK Core Patient with a verified-status NHS number required, and name, gender and birth date required so records can be matched and shown safely.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient|1.0.0` on {@link fhir.Patient}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient`.
 *
 * Must support: identifier, identifier:nhsNumber, active, name, telecom, gender, birthDate, deceased[x], address, generalPractitioner, managingOrganization.
 *
 * Not checked by this type: `lhcr-pat-1`: At most one identifier has the NHS number system.
 *
 * `extension`: Slices (open, by value of url): `birthPlace` 0..* {@link ExtensionPatientBirthPlace}, `birthSex` 0..* {@link ExtensionUkCoreBirthSex}, `cadavericDonor` 0..* {@link ExtensionPatientCadavericDonor}, `contactPreference` 0..* {@link ExtensionUkCoreContactPreference}, `deathNotificationStatus` 0..* {@link ExtensionUkCoreDeathNotificationStatus}, `ethnicCategory` 0..1 {@link ExtensionUkCoreEthnicCategory}, `fetalStatus` 0..* {@link ExtensionUkCorePatientFetalStatus}, `residentialStatus` 0..* {@link ExtensionUkCoreResidentialStatus}, `patientInterpreterRequired` 0..* {@link ExtensionPatientInterpreterRequired}, `nhsNumberUnavailableReason` 0..* {@link ExtensionUkCoreNhsNumberUnavailableReason}.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient
 */
export interface LhcrPatient extends fhir.Patient {
  /**
   * An identifier for this patient (1..*); must support
   * Slices (open, by value of system): `nhsNumber` 1..1 {@link LhcrPatientIdentifierNhsNumber}.
   * Required slices come first, in this order; then any other items.
   */
  identifier: [LhcrPatientIdentifierNhsNumber, ...fhir.Identifier[]];
  /** A name associated with the patient (1..*); must support */
  name: [fhir.HumanName, ...fhir.HumanName[]];
  /** The gender that the patient is considered to have for administration and record keeping purposes (1..1); must support */
  gender: NonNullable<fhir.Patient["gender"]>;
  /** The date of birth for the individual (1..1); must support */
  birthDate: fhir.FhirDate;
}

/**
 * Slice `nhsNumber` (`Patient.identifier:nhsNumber`) in LHCR Patient (`https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient|1.0.0`): The patient's NHS number (required in the shared care record)
 *
 * Must support: extension:nhsNumberVerificationStatus.
 *
 * Not checked by this type: `lhcr-pat-2` on value: An NHS number is exactly ten digits.
 */
export interface LhcrPatientIdentifierNhsNumber extends fhir.Identifier {
  /**
   * Additional content defined by implementations (0..*)
   * Slices (open, by value of url): `nhsNumberVerificationStatus` 1..1 {@link ExtensionUkCoreNhsNumberVerificationStatus}.
   * Required slices come first, in this order; then any other items.
   */
  extension: [ExtensionUkCoreNhsNumberVerificationStatus, ...fhir.Extension[]];
  /** The namespace for the identifier value (1..1) */
  system: "https://fhir.nhs.uk/Id/nhs-number";
  /** The value that is unique (1..1) */
  value: fhir.FhirString;
}

/**
 * LHCR Practitioner: A health or care professional: a name is required, and an SDS user id or professional register number should identify them.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner|1.0.0` on {@link fhir.Practitioner}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Practitioner`.
 *
 * Must support: identifier, name, telecom.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Practitioner
 */
export interface LhcrPractitioner extends fhir.Practitioner {
  /** The name(s) associated with the practitioner (1..*); must support */
  name: [fhir.HumanName, ...fhir.HumanName[]];
}

/**
 * LHCR PractitionerRole: A professional's role at an organisation: both the practitioner and the organisation are required.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-PractitionerRole|1.0.0` on {@link fhir.PractitionerRole}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-PractitionerRole`.
 *
 * Must support: active, period, practitioner, organization, code, specialty, location, telecom.
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-PractitionerRole
 */
export interface LhcrPractitionerRole extends fhir.PractitionerRole {
  /** Practitioner that is able to provide the defined services for the organization (1..1); must support */
  practitioner: fhir.Reference;
  /** Organization where the roles are available (1..1); must support */
  organization: fhir.Reference;
}

/**
 * LHCR Procedure: A procedure carried out on the patient: coded with SNOMED CT and dated.
 *
 * Profile `https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Procedure|1.0.0` on {@link fhir.Procedure}, built on `https://fhir.hl7.org.uk/StructureDefinition/UKCore-Procedure`.
 *
 * Must support: status, code, subject, performed[x].
 *
 * Not checked by this type: `lhcr-pro-1`: The code has a SNOMED CT coding.
 *
 * `performed[x]` (1..1): When the procedure was performed; one of `performedDateTime`, `performedPeriod`, `performedString`, `performedAge`, `performedRange`.
 *
 * Exactly one form of `performed[x]` is present (see {@link LhcrProcedureElements}).
 *
 * @see https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Procedure
 */
export type LhcrProcedure = LhcrProcedureElements & OneOf<{ performedDateTime: fhir.FhirDateTime; performedPeriod: fhir.Period; performedString: fhir.FhirString; performedAge: fhir.Age; performedRange: fhir.Range }>;

/** The elements of {@link LhcrProcedure}, without its rule that one form of `performed[x]` is present. */
export interface LhcrProcedureElements extends fhir.Procedure {
  /** A code identifying the procedure performed (1..1); must support */
  code: fhir.CodeableConcept;
}

/**
 * Extension UK Core Observation Body Structure: An extension to support adding a BodyStructure on an Observation.
 *
 * Profile `http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.bodyStructure|1.0.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueReference`.
 *
 * @see http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.bodyStructure
 */
export interface ExtensionUkCoreObservationBodyStructure extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueReference">> {
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.bodyStructure";
  /** Value of extension (1..1) */
  valueReference: fhir.Reference;
}

/**
 * Extension UK Core Observation Triggered By: This extension supports the sharing of the observation(s) that triggered the performance of the main observation.
 *
 * Profile `http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy|1.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: removed by the profile.
 *
 * @see http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy
 */
export interface ExtensionUkCoreObservationTriggeredBy extends Without<fhir.Extension, ExtensionValueForms> {
  /**
   * Additional content defined by implementations (2..*)
   * Slices (open, by value of url): `observation` 1..1 {@link ExtensionUkCoreObservationTriggeredByExtensionObservation}, `type` 1..1 {@link ExtensionUkCoreObservationTriggeredByExtensionType}, `reason` 0..1 {@link ExtensionUkCoreObservationTriggeredByExtensionReason}.
   * Required slices come first, in this order; then any other items.
   */
  extension: [ExtensionUkCoreObservationTriggeredByExtensionObservation, ExtensionUkCoreObservationTriggeredByExtensionType, ...fhir.Extension[]];
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy";
}

/**
 * Slice `observation` (`Extension.extension:observation`) in Extension UK Core Observation Triggered By (`http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy|1.1.0`): Triggering observation
 *
 * `value[x]`: only `valueReference`.
 */
export interface ExtensionUkCoreObservationTriggeredByExtensionObservation extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueReference">> {
  /** Additional content defined by implementations (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "observation";
  /** Value of extension (1..1) */
  valueReference: fhir.Reference;
}

/**
 * Slice `type` (`Extension.extension:type`) in Extension UK Core Observation Triggered By (`http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy|1.1.0`): reflex | repeat | re-run
 *
 * `value[x]`: only `valueCode`.
 */
export interface ExtensionUkCoreObservationTriggeredByExtensionType extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCode" | "_valueCode">> {
  /** Additional content defined by implementations (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "type";
  /** Value of extension (1..1) */
  valueCode: NonNullable<fhir.Extension["valueCode"]>;
}

/**
 * Slice `reason` (`Extension.extension:reason`) in Extension UK Core Observation Triggered By (`http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.triggeredBy|1.1.0`): Reason that the observation was triggered
 *
 * `value[x]`: only `valueString`.
 */
export interface ExtensionUkCoreObservationTriggeredByExtensionReason extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueString" | "_valueString">> {
  /** Additional content defined by implementations (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "reason";
  /** Value of extension (1..1) */
  valueString: fhir.FhirString;
}

/**
 * Extension UK Core Condition Body Structure: An extension to replicate the changes within R6 to support adding a reference to the body part affected by the diagnosed condition.
 *
 * Profile `http://hl7.org/fhir/6.0/StructureDefinition/extension-Condition.bodyStructure|0.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueReference`.
 *
 * @see http://hl7.org/fhir/6.0/StructureDefinition/extension-Condition.bodyStructure
 */
export interface ExtensionUkCoreConditionBodyStructure extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueReference">> {
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/6.0/StructureDefinition/extension-Condition.bodyStructure";
  /** Value of extension (1..1) */
  valueReference: fhir.Reference;
}

/**
 * Extension UK Core Patient Fetal Status: An extension to replicate the changes within R5 to record the born status of fetus (Patient)
 *
 * Profile `http://hl7.org/fhir/6.0/StructureDefinition/extension-Patient.fetalStatus|0.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCode`.
 *
 * @see http://hl7.org/fhir/6.0/StructureDefinition/extension-Patient.fetalStatus
 */
export interface ExtensionUkCorePatientFetalStatus extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCode" | "_valueCode">> {
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/6.0/StructureDefinition/extension-Patient.fetalStatus";
  /** Value of extension (1..1) */
  valueCode: NonNullable<fhir.Extension["valueCode"]>;
}

/**
 * bodyPosition
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/observation-bodyPosition|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/observation-bodyPosition
 */
export interface ExtensionObservationBodyPosition extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/observation-bodyPosition";
  /** Value of extension (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Period
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/organization-period|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valuePeriod`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/organization-period
 */
export interface ExtensionOrganizationPeriod extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valuePeriod">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/organization-period";
  /** Value of extension (1..1) */
  valuePeriod: fhir.Period;
}

/**
 * Birth Place
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/patient-birthPlace|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueAddress`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/patient-birthPlace
 */
export interface ExtensionPatientBirthPlace extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueAddress">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";
  /** Value of extension (1..1) */
  valueAddress: fhir.Address;
}

/**
 * Birth Time
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/patient-birthTime|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueDateTime`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/patient-birthTime
 */
export interface ExtensionPatientBirthTime extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueDateTime" | "_valueDateTime">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
  /** Value of extension (1..1) */
  valueDateTime: fhir.FhirDateTime;
}

/**
 * cadavericDonor
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/patient-cadavericDonor|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueBoolean`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/patient-cadavericDonor
 */
export interface ExtensionPatientCadavericDonor extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueBoolean" | "_valueBoolean">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/patient-cadavericDonor";
  /** Value of extension (1..1) */
  valueBoolean: fhir.FhirBoolean;
}

/**
 * interpreterRequired
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueBoolean`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired
 */
export interface ExtensionPatientInterpreterRequired extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueBoolean" | "_valueBoolean">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";
  /** Value of extension (1..1) */
  valueBoolean: fhir.FhirBoolean;
}

/**
 * proficiency
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/patient-proficiency|4.0.1` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `extension`: Slices (open, by value of url): `level` 0..1 {@link ExtensionPatientProficiencyExtensionLevel}, `type` 0..* {@link ExtensionPatientProficiencyExtensionType}.
 *
 * `value[x]`: removed by the profile.
 *
 * @see http://hl7.org/fhir/StructureDefinition/patient-proficiency
 */
export interface ExtensionPatientProficiency extends Without<fhir.Extension, ExtensionValueForms> {
  /** identifies the meaning of the extension (1..1) */
  url: "http://hl7.org/fhir/StructureDefinition/patient-proficiency";
}

/**
 * Slice `level` (`Extension.extension:level`) in proficiency (`http://hl7.org/fhir/StructureDefinition/patient-proficiency|4.0.1`): The proficiency level of the communication
 *
 * `value[x]`: only `valueCoding`.
 */
export interface ExtensionPatientProficiencyExtensionLevel extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCoding">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "level";
  /** Value of extension (1..1) */
  valueCoding: fhir.Coding;
}

/**
 * Slice `type` (`Extension.extension:type`) in proficiency (`http://hl7.org/fhir/StructureDefinition/patient-proficiency|4.0.1`): The proficiency type of the communication
 *
 * `value[x]`: only `valueCoding`.
 */
export interface ExtensionPatientProficiencyExtensionType extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCoding">> {
  /** Extension (0..0) */
  extension?: never;
  /** identifies the meaning of the extension (1..1) */
  url: "type";
  /** Value of extension (1..1) */
  valueCoding: fhir.Coding;
}

/**
 * SimpleQuantity
 *
 * Profile `http://hl7.org/fhir/StructureDefinition/SimpleQuantity|4.0.1` on {@link fhir.Quantity}, built on `http://hl7.org/fhir/StructureDefinition/Quantity`.
 *
 * @see http://hl7.org/fhir/StructureDefinition/SimpleQuantity
 */
export interface SimpleQuantity extends fhir.Quantity {
  /** < | <= | >= | > - how to understand the value (0..0) */
  comparator?: never;
  _comparator?: never;
}

/**
 * Extension UK Core Address Key: This carries an address identifier which will be included in an address.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey|3.0.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey
 */
export interface ExtensionUkCoreAddressKey extends Without<fhir.Extension, ExtensionValueForms> {
  /**
   * Additional content defined by implementations (2..*)
   * Slices (open, by value of url): `type` 1..1 {@link ExtensionUkCoreAddressKeyExtensionType}, `value` 1..1 {@link ExtensionUkCoreAddressKeyExtensionValue}.
   * Required slices come first, in this order; then any other items.
   */
  extension: [ExtensionUkCoreAddressKeyExtensionType, ExtensionUkCoreAddressKeyExtensionValue, ...fhir.Extension[]];
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey";
}

/**
 * Slice `type` (`Extension.extension:type`) in Extension UK Core Address Key (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey|3.0.0`): Address Key Type
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreAddressKeyExtensionType extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "type";
  /** Address Key Type (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Slice `value` (`Extension.extension:value`) in Extension UK Core Address Key (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey|3.0.0`): Address key value
 *
 * `value[x]`: only `valueString`.
 */
export interface ExtensionUkCoreAddressKeyExtensionValue extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueString" | "_valueString">> {
  /** identifies the meaning of the extension (1..1) */
  url: "value";
  /** Address key value (1..1) */
  valueString: fhir.FhirString;
}

/**
 * Extension UK Core Admission Method: An extension to support the method by which an individual was admitted into hospital.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod|2.3.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod
 */
export interface ExtensionUkCoreAdmissionMethod extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AdmissionMethod";
  /** The method by which a patient was admitted to hospital (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Allergy Intolerance End: Supports the date when the allergy or intolerance was no longer valid, and/or, the reason why the allergy or intolerance is no longer valid.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd|2.3.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `extension`: Slices (open, by value of url): `endDate` 0..1 {@link ExtensionUkCoreAllergyIntoleranceEndExtensionEndDate}, `reasonEnded` 0..1 {@link ExtensionUkCoreAllergyIntoleranceEndExtensionReasonEnded}.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd
 */
export interface ExtensionUkCoreAllergyIntoleranceEnd extends Without<fhir.Extension, ExtensionValueForms> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd";
}

/**
 * Slice `endDate` (`Extension.extension:endDate`) in Extension UK Core Allergy Intolerance End (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd|2.3.0`): The date the allergy or intolerance was recorded as no longer valid
 *
 * `value[x]`: only `valueDateTime`.
 */
export interface ExtensionUkCoreAllergyIntoleranceEndExtensionEndDate extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueDateTime" | "_valueDateTime">> {
  /** identifies the meaning of the extension (1..1) */
  url: "endDate";
  /** The date the allergy was recorded as no longer valid (1..1) */
  valueDateTime: fhir.FhirDateTime;
}

/**
 * Slice `reasonEnded` (`Extension.extension:reasonEnded`) in Extension UK Core Allergy Intolerance End (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AllergyIntoleranceEnd|2.3.0`): The reason why the allergy or intolerance has been resolved
 *
 * `value[x]`: only `valueString`.
 */
export interface ExtensionUkCoreAllergyIntoleranceEndExtensionReasonEnded extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueString" | "_valueString">> {
  /** identifies the meaning of the extension (1..1) */
  url: "reasonEnded";
  /** The reason why the allergy or intolerance has been resolved (1..1) */
  valueString: fhir.FhirString;
}

/**
 * Extension UK Core Birth Sex: An extension to support the patient's phenotypic sex at birth.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-BirthSex|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-BirthSex
 */
export interface ExtensionUkCoreBirthSex extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-BirthSex";
  /** A code that defines a patient's phenotypic sex at birth (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Condition Episode: This supports the episodicity status of a condition.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ConditionEpisode|3.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ConditionEpisode
 */
export interface ExtensionUkCoreConditionEpisode extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ConditionEpisode";
  /** The episodicity value of the condition (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Contact Preference: The preferred method of contact, contact times and written communication format given by a Patient or Related Person.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference|2.3.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `extension`: Slices (open, by value of url): `PreferredContactMethod` 0..1 {@link ExtensionUkCoreContactPreferenceExtensionPreferredContactMethod}, `PreferredContactTimes` 0..1 {@link ExtensionUkCoreContactPreferenceExtensionPreferredContactTimes}, `PreferredWrittenCommunicationFormat` 0..1 {@link ExtensionUkCoreContactPreferenceExtensionPreferredWrittenCommunicationFormat}.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference
 */
export interface ExtensionUkCoreContactPreference extends Without<fhir.Extension, ExtensionValueForms> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference";
}

/**
 * Slice `PreferredContactMethod` (`Extension.extension:PreferredContactMethod`) in Extension UK Core Contact Preference (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference|2.3.0`): Preferred Contact Method
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreContactPreferenceExtensionPreferredContactMethod extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "PreferredContactMethod";
  /** Preferred Contact Method (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Slice `PreferredContactTimes` (`Extension.extension:PreferredContactTimes`) in Extension UK Core Contact Preference (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference|2.3.0`): Preferred Contact Times
 *
 * `value[x]` (1..1): Preferred Contact Times; one of `valueString`, `valueTiming`.
 *
 * Exactly one form of `value[x]` is present (see {@link ExtensionUkCoreContactPreferenceExtensionPreferredContactTimesElements}).
 */
export type ExtensionUkCoreContactPreferenceExtensionPreferredContactTimes = ExtensionUkCoreContactPreferenceExtensionPreferredContactTimesElements & OneOf<{ valueString: fhir.FhirString; valueTiming: fhir.Timing }>;

/** The elements of {@link ExtensionUkCoreContactPreferenceExtensionPreferredContactTimes}, without its rule that one form of `value[x]` is present. */
export interface ExtensionUkCoreContactPreferenceExtensionPreferredContactTimesElements extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueString" | "_valueString" | "valueTiming">> {
  /** identifies the meaning of the extension (1..1) */
  url: "PreferredContactTimes";
}

/**
 * Slice `PreferredWrittenCommunicationFormat` (`Extension.extension:PreferredWrittenCommunicationFormat`) in Extension UK Core Contact Preference (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference|2.3.0`): Preferred Written Communication Format
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreContactPreferenceExtensionPreferredWrittenCommunicationFormat extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "PreferredWrittenCommunicationFormat";
  /** Preferred Written Communication Format (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Contact Rank: The preferred ranking or order of contact applied to a contact on a Patient's contact list.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valuePositiveInt`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank
 */
export interface ExtensionUkCoreContactRank extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valuePositiveInt" | "_valuePositiveInt">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactRank";
  /** The preferred ranking or order of contact applied to a contact on a patient's contact list (1..1) */
  valuePositiveInt: fhir.FhirPositiveInt;
}

/**
 * Extension UK Core Copy Correspondence Indicator: Indicates that a Patient contact or RelatedPerson SHALL be copied in to Patient correspondence.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CopyCorrespondenceIndicator|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueBoolean`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CopyCorrespondenceIndicator
 */
export interface ExtensionUkCoreCopyCorrespondenceIndicator extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueBoolean" | "_valueBoolean">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CopyCorrespondenceIndicator";
  /** Copy Correspondence Indicator (1..1) */
  valueBoolean: fhir.FhirBoolean;
}

/**
 * Extension UK Core Death Notification Status: The patient's death notification status.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus
 */
export interface ExtensionUkCoreDeathNotificationStatus extends Without<fhir.Extension, ExtensionValueForms> {
  /**
   * Additional content defined by implementations (1..*)
   * Slices (open, by value of url): `deathNotificationStatus` 1..1 {@link ExtensionUkCoreDeathNotificationStatusExtensionDeathNotificationStatus}, `systemEffectiveDate` 0..1 {@link ExtensionUkCoreDeathNotificationStatusExtensionSystemEffectiveDate}.
   * Required slices come first, in this order; then any other items.
   */
  extension: [ExtensionUkCoreDeathNotificationStatusExtensionDeathNotificationStatus, ...fhir.Extension[]];
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus";
}

/**
 * Slice `deathNotificationStatus` (`Extension.extension:deathNotificationStatus`) in Extension UK Core Death Notification Status (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus|2.2.0`): The patient's death notification status.
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreDeathNotificationStatusExtensionDeathNotificationStatus extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "deathNotificationStatus";
  /** The patient's death notification status (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Slice `systemEffectiveDate` (`Extension.extension:systemEffectiveDate`) in Extension UK Core Death Notification Status (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus|2.2.0`): System effective date for patient's death notification status.
 *
 * `value[x]`: only `valueDateTime`.
 */
export interface ExtensionUkCoreDeathNotificationStatusExtensionSystemEffectiveDate extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueDateTime" | "_valueDateTime">> {
  /** identifies the meaning of the extension (1..1) */
  url: "systemEffectiveDate";
  /** System effective date for patient's death notification status (1..1) */
  valueDateTime: fhir.FhirDateTime;
}

/**
 * Extension UK Core Discharge Method: An extension to support the method of discharge from a hospital.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod
 */
export interface ExtensionUkCoreDischargeMethod extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod";
  /** The method by which a patient was discharged from hospital (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Emergency Care Discharge Status: An extension to support the status of an individual on discharge from an Emergency Care Department.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EmergencyCareDischargeStatus|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EmergencyCareDischargeStatus
 */
export interface ExtensionUkCoreEmergencyCareDischargeStatus extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EmergencyCareDischargeStatus";
  /** The status of a patient on discharge from an Emergency Care Department (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Ethnic Category: Information that describes the patient's ethnic category.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory|2.3.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory
 */
export interface ExtensionUkCoreEthnicCategory extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
  /** A code classifying the person's ethnicity (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Evidence: A reference to results of investigations that confirmed the certainty of the diagnosis.  Examples might include results of skin prick allergy tests.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-Evidence|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueReference`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-Evidence
 */
export interface ExtensionUkCoreEvidence extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueReference">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-Evidence";
  /** A reference to results of investigations that confirmed the certainty of the diagnosis (1..1) */
  valueReference: fhir.Reference;
}

/**
 * Extension UK Core Legal Status: Information relating to a patient's legal status on admission or discharge.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus|1.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus
 */
export interface ExtensionUkCoreLegalStatus extends Without<fhir.Extension, ExtensionValueForms> {
  /**
   * Additional content defined by implementations (2..*)
   * Slices (open, by value of url): `legalStatusContext` 1..1 {@link ExtensionUkCoreLegalStatusExtensionLegalStatusContext}, `legalStatusClassification` 1..1 {@link ExtensionUkCoreLegalStatusExtensionLegalStatusClassification}.
   * Required slices come first, in this order; then any other items.
   */
  extension: [ExtensionUkCoreLegalStatusExtensionLegalStatusContext, ExtensionUkCoreLegalStatusExtensionLegalStatusClassification, ...fhir.Extension[]];
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus";
}

/**
 * Slice `legalStatusContext` (`Extension.extension:legalStatusContext`) in Extension UK Core Legal Status (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus|1.2.0`): The context of the legal status.
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreLegalStatusExtensionLegalStatusContext extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "legalStatusContext";
  /** The context in which a mental health legal status is being used (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Slice `legalStatusClassification` (`Extension.extension:legalStatusClassification`) in Extension UK Core Legal Status (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus|1.2.0`): The classification of a patient's legal status.
 *
 * `value[x]`: only `valueCodeableConcept`.
 */
export interface ExtensionUkCoreLegalStatusExtensionLegalStatusClassification extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "legalStatusClassification";
  /** Codes that define the classification of a patient's legal status (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Main Location: Information describing the main location of the organisation.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MainLocation|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueReference`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MainLocation
 */
export interface ExtensionUkCoreMainLocation extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueReference">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MainLocation";
  /** Reference to the main location of an organization (1..1) */
  valueReference: fhir.Reference;
}

/**
 * Extension UK Core Medication Prescribing Organization Type: This describes the type of organisation or setting responsible for authorising and issuing a medication, but not the organisation or setting delivering the patient care.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationPrescribingOrganizationType|1.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationPrescribingOrganizationType
 */
export interface ExtensionUkCoreMedicationPrescribingOrganizationType extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationPrescribingOrganizationType";
  /** The type of organisation or setting responsible for authorising and issuing a medication (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Medication Repeat Information: The specific repeat information of a medication item.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation|2.3.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `extension`: Slices (open, by value of url): `numberOfPrescriptionsIssued` 0..1 {@link ExtensionUkCoreMedicationRepeatInformationExtensionNumberOfPrescriptionsIssued}, `authorisationExpiryDate` 0..1 {@link ExtensionUkCoreMedicationRepeatInformationExtensionAuthorisationExpiryDate}.
 *
 * `value[x]`: removed by the profile.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation
 */
export interface ExtensionUkCoreMedicationRepeatInformation extends Without<fhir.Extension, ExtensionValueForms> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation";
}

/**
 * Slice `numberOfPrescriptionsIssued` (`Extension.extension:numberOfPrescriptionsIssued`) in Extension UK Core Medication Repeat Information (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation|2.3.0`): The specific number of times a repeat prescription has been issued
 *
 * `value[x]`: only `valueUnsignedInt`.
 */
export interface ExtensionUkCoreMedicationRepeatInformationExtensionNumberOfPrescriptionsIssued extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueUnsignedInt" | "_valueUnsignedInt">> {
  /** identifies the meaning of the extension (1..1) */
  url: "numberOfPrescriptionsIssued";
  /** The specific number of times a repeat prescription has been issued (1..1) */
  valueUnsignedInt: fhir.FhirUnsignedInt;
}

/**
 * Slice `authorisationExpiryDate` (`Extension.extension:authorisationExpiryDate`) in Extension UK Core Medication Repeat Information (`https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationRepeatInformation|2.3.0`): Repeat prescription review date
 *
 * `value[x]`: only `valueDateTime`.
 */
export interface ExtensionUkCoreMedicationRepeatInformationExtensionAuthorisationExpiryDate extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueDateTime" | "_valueDateTime">> {
  /** identifies the meaning of the extension (1..1) */
  url: "authorisationExpiryDate";
  /** Repeat prescription review date (1..1) */
  valueDateTime: fhir.FhirDateTime;
}

/**
 * Extension UK Core Medication Statement Last Issue Date: This describes the date when a prescription was last issued.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueDateTime`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate
 */
export interface ExtensionUkCoreMedicationStatementLastIssueDate extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueDateTime" | "_valueDateTime">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate";
  /** The date when a prescription was last issued (1..1) */
  valueDateTime: fhir.FhirDateTime;
}

/**
 * Extension UK Core NHS Number Unavailable Reason: This extends the Patient resource to support the exchange of information about the reason why a patient does not have an NHS Number.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason|1.0.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason
 */
export interface ExtensionUkCoreNhsNumberUnavailableReason extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason";
  /** The reason why a patient does not have an NHS Number (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core NHS Number Verification Status: Information describing the verification and tracing status of a patient's NHS Number.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus
 */
export interface ExtensionUkCoreNhsNumberVerificationStatus extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
  /** Verification status of the NHS number (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Other Contact System: Information about other contact methods.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OtherContactSystem|3.0.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OtherContactSystem
 */
export interface ExtensionUkCoreOtherContactSystem extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OtherContactSystem";
  /** Value for other contact system (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Outcome Of Attendance: An extension to support the outcome of an Outpatient attendance.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OutcomeOfAttendance|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OutcomeOfAttendance
 */
export interface ExtensionUkCoreOutcomeOfAttendance extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-OutcomeOfAttendance";
  /** The outcome of an outpatient attendance (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Parent Present: This describes whether a parent was present at the immunisation of a child.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ParentPresent|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueBoolean`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ParentPresent
 */
export interface ExtensionUkCoreParentPresent extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueBoolean" | "_valueBoolean">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ParentPresent";
  /** Was a parent of the patient present at an immunisation? (1..1) */
  valueBoolean: fhir.FhirBoolean;
}

/**
 * Extension UK Core Pharmacist Verified Indicator: This Extension is used to indicate whether a pharmacist verified a medication.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-PharmacistVerifiedIndicator|1.0.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueBoolean`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-PharmacistVerifiedIndicator
 */
export interface ExtensionUkCorePharmacistVerifiedIndicator extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueBoolean" | "_valueBoolean">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-PharmacistVerifiedIndicator";
  /** Pharmacist Verified Indicator (1..1) */
  valueBoolean: fhir.FhirBoolean;
}

/**
 * Extension UK Core Recording Setting: An extension to record the care setting in which an observation was taken.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-RecordingSetting|1.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-RecordingSetting
 */
export interface ExtensionUkCoreRecordingSetting extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-RecordingSetting";
  /** A set of codes to record the care setting (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Residential Status: Information about a patient's residential status.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ResidentialStatus|2.1.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ResidentialStatus
 */
export interface ExtensionUkCoreResidentialStatus extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ResidentialStatus";
  /** The residential status of the patient (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

/**
 * Extension UK Core Vaccination Procedure: This describes the immunization procedure code.
 *
 * Profile `https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure|2.2.0` on {@link fhir.Extension}, built on `http://hl7.org/fhir/StructureDefinition/Extension`.
 *
 * `value[x]`: only `valueCodeableConcept`.
 *
 * @see https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure
 */
export interface ExtensionUkCoreVaccinationProcedure extends Without<fhir.Extension, Exclude<ExtensionValueForms, "valueCodeableConcept">> {
  /** identifies the meaning of the extension (1..1) */
  url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-VaccinationProcedure";
  /** A code from the SNOMED Clinical Terminology UK coding system to record a vaccination procedure (1..1) */
  valueCodeableConcept: fhir.CodeableConcept;
}

// Keeps the helper types above private when this module is used as a declaration file.
export {};
