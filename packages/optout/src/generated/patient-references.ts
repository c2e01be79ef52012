// This file is generated from the FHIR R4 4.0.1 definitions (http://hl7.org/fhir/CompartmentDefinition/patient, search-parameters.json).
// Do not edit it by hand: run `npm run generate --workspace=@lhcr/optout`
// (packages/optout/scripts/generate-tables.ts). A test fails when it is out of date.
/* eslint-disable */

/**
 * For each resource type in the FHIR R4 Patient compartment, the element paths (from the
 * compartment's search parameters) whose references may point at a Patient. A path is a list
 * of element names; arrays are walked at every step.
 */
export const PATIENT_REFERENCE_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  // search parameters: subject
  Account: [["subject"]],
  // search parameters: subject
  AdverseEvent: [["subject"]],
  // search parameters: patient, recorder, asserter
  AllergyIntolerance: [["patient"], ["recorder"], ["asserter"]],
  // search parameters: actor
  Appointment: [["participant", "actor"]],
  // search parameters: actor
  AppointmentResponse: [["actor"]],
  // search parameters: patient, patient
  AuditEvent: [["agent", "who"], ["entity", "what"]],
  // search parameters: patient, author
  Basic: [["subject"], ["author"]],
  // search parameters: patient
  BodyStructure: [["patient"]],
  // search parameters: patient, performer
  CarePlan: [["subject"], ["activity", "detail", "performer"]],
  // search parameters: patient, participant
  CareTeam: [["subject"], ["participant", "member"]],
  // search parameters: subject
  ChargeItem: [["subject"]],
  // search parameters: patient, payee
  Claim: [["patient"], ["payee", "party"]],
  // search parameters: patient
  ClaimResponse: [["patient"]],
  // search parameters: subject
  ClinicalImpression: [["subject"]],
  // search parameters: subject, sender, recipient
  Communication: [["subject"], ["sender"], ["recipient"]],
  // search parameters: subject, sender, recipient, requester
  CommunicationRequest: [["subject"], ["sender"], ["recipient"], ["requester"]],
  // search parameters: subject, author, attester
  Composition: [["subject"], ["author"], ["attester", "party"]],
  // search parameters: patient, asserter
  Condition: [["subject"], ["asserter"]],
  // search parameters: patient
  Consent: [["patient"]],
  // search parameters: policy-holder, subscriber, beneficiary, payor
  Coverage: [["policyHolder"], ["subscriber"], ["beneficiary"], ["payor"]],
  // search parameters: patient
  CoverageEligibilityRequest: [["patient"]],
  // search parameters: patient
  CoverageEligibilityResponse: [["patient"]],
  // search parameters: patient
  DetectedIssue: [["patient"]],
  // search parameters: subject, performer
  DeviceRequest: [["subject"], ["performer"]],
  // search parameters: subject
  DeviceUseStatement: [["subject"]],
  // search parameters: subject
  DiagnosticReport: [["subject"]],
  // search parameters: subject, author, recipient
  DocumentManifest: [["subject"], ["author"], ["recipient"]],
  // search parameters: subject, author
  DocumentReference: [["subject"], ["author"]],
  // search parameters: patient
  Encounter: [["subject"]],
  // search parameters: subject
  EnrollmentRequest: [["candidate"]],
  // search parameters: patient
  EpisodeOfCare: [["patient"]],
  // search parameters: patient, payee
  ExplanationOfBenefit: [["patient"], ["payee", "party"]],
  // search parameters: patient
  FamilyMemberHistory: [["patient"]],
  // search parameters: patient
  Flag: [["subject"]],
  // search parameters: patient
  Goal: [["subject"]],
  // search parameters: member
  Group: [["member", "entity"]],
  // search parameters: patient
  ImagingStudy: [["subject"]],
  // search parameters: patient
  Immunization: [["patient"]],
  // search parameters: patient
  ImmunizationEvaluation: [["patient"]],
  // search parameters: patient
  ImmunizationRecommendation: [["patient"]],
  // search parameters: subject, recipient
  Invoice: [["subject"], ["recipient"]],
  // search parameters: subject, source
  List: [["subject"], ["source"]],
  // search parameters: patient
  MeasureReport: [["subject"]],
  // search parameters: subject
  Media: [["subject"]],
  // search parameters: patient, performer
  MedicationAdministration: [["subject"], ["performer", "actor"]],
  // search parameters: subject, receiver
  MedicationDispense: [["subject"], ["receiver"]],
  // search parameters: subject
  MedicationRequest: [["subject"]],
  // search parameters: subject
  MedicationStatement: [["subject"]],
  // search parameters: patient
  MolecularSequence: [["patient"]],
  // search parameters: patient
  NutritionOrder: [["patient"]],
  // search parameters: subject, performer
  Observation: [["subject"], ["performer"]],
  // search parameters: link
  Patient: [["link", "other"]],
  // search parameters: patient
  Person: [["link", "target"]],
  // search parameters: patient, performer
  Procedure: [["subject"], ["performer", "actor"]],
  // search parameters: patient
  Provenance: [["target"]],
  // search parameters: subject, author
  QuestionnaireResponse: [["subject"], ["author"]],
  // search parameters: patient
  RelatedPerson: [["patient"]],
  // search parameters: subject, participant
  RequestGroup: [["subject"], ["action", "participant"]],
  // search parameters: individual
  ResearchSubject: [["individual"]],
  // search parameters: subject
  RiskAssessment: [["subject"]],
  // search parameters: actor
  Schedule: [["actor"]],
  // search parameters: subject, performer
  ServiceRequest: [["subject"], ["performer"]],
  // search parameters: subject
  Specimen: [["subject"]],
  // search parameters: patient
  SupplyDelivery: [["patient"]],
  // search parameters: subject
  SupplyRequest: [["deliverTo"]],
  // search parameters: patient
  VisionPrescription: [["patient"]],
};
