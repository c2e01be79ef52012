import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidator } from './index';
import { r4CoreDefinitions } from './node';

// Every example of the FHIR R4 specification (the hl7.fhir.r4.examples package, 5,306 resources of
// every type) validated against base R4. Some 60 are wrong by R4's own rules; each error they
// have is listed here with the reason, and must be reported exactly so many times. Any other
// error fails the test, as does a listed one that is no longer reported.
const KNOWN_WRONG: Record<string, readonly (readonly [because: string, count: number])[]> = {
  // The narrative div is empty (txt-2).
  'ActivityDefinition-blood-tubes-supply.json': [['txt-2', 1]],
  'ActivityDefinition-heart-valve-replacement.json': [['txt-2', 1]],
  'EventDefinition-example.json': [['txt-2', 1]],
  'Questionnaire-zika-virus-exposure-assessment.json': [['txt-2', 1]],
  // Modifier extensions with no definition: the resource cannot be processed safely.
  'Basic-referral.json': [['Unknown modifier extension', 3]],
  // A RESTful fullUrl whose id is not the resource's (pat12 for Patient pat2, lri-gramstain1…).
  'Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json': [['must end with the resource', 1]],
  'Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json': [['must end with the resource', 1]],
  'Bundle-lri-example.json': [['must end with the resource', 16]],
  // The same fullUrl in several entries (the de-Quantity.* data elements), bdl-7.
  'Bundle-dataelements.json': [
    ['bdl-7', 1],
    ['processpriority refers to a CodeSystem, which is not allowed here', 1],
  ],
  // A binding's value set named by the URL of a code system (processpriority, in R4's own
  // ExplanationOfBenefit), where ElementDefinition.binding.valueSet is canonical(ValueSet).
  'StructureDefinition-ExplanationOfBenefit.json': [
    ['processpriority refers to a CodeSystem, which is not allowed here', 2],
  ],
  // Search parameters declared with another type than their definitions' (_source is a uri,
  // the *-version parameters tokens, ConceptMap source and target references).
  'Bundle-resources.json': [
    ['Resource-source is of type uri', 3],
    ['processpriority refers to a CodeSystem, which is not allowed here', 2],
  ],
  'CapabilityStatement-base.json': [['Resource-source is of type uri', 3]],
  'CapabilityStatement-knowledge-repository.json': [['-version is of type token', 5]],
  'CapabilityStatement-measure-processor.json': [['Measure-version is of type token', 1]],
  'CapabilityStatement-terminology-server.json': [
    ['ValueSet-reference is of type uri', 1],
    ['is of type reference', 2],
  ],
  // v2 table 0550 codes with a trailing no-break space ("CHEST\u00a0") or that are only spaces.
  'Bundle-v2-valuesets.json': [
    ['only single spaces may appear inside a code', 4],
    ['no leading, trailing or repeated whitespace', 4],
  ],
  'CodeSystem-v2-0550.json': [
    ['only single spaces may appear inside a code', 4],
    ['no leading, trailing or repeated whitespace', 4],
  ],
  // The translation extension is for string, code and markdown elements, not for
  // ValueSet.expansion.contains; and an OID with zero-width spaces in it.
  'Bundle-valueset-expansions.json': [
    ['translation is not allowed on ValueSet.expansion.contains', 3139],
    ['must be urn:oid: followed by a dotted OID', 1],
  ],
  'Library-zika-virus-intervention-logic.json': [['must be urn:oid: followed by a dotted OID', 2]],
  // valueset-concept-comments is for ValueSet.compose.include.concept, not CodeSystem.concept.
  'Bundle-valuesets.json': [['valueset-concept-comments is not allowed on CodeSystem.concept', 14]],
  'CodeSystem-dicom-dcim.json': [
    ['valueset-concept-comments is not allowed on CodeSystem.concept', 14],
  ],
  // A upper-case UUID in urn:uuid:.
  'CapabilityStatement-example.json': [['lower-case UUID', 1]],
  'TerminologyCapabilities-example.json': [['lower-case UUID', 1]],
  // References to a type the element does not allow (DeviceDefinition for Device, …); Network
  // is not an R4 resource.
  'DeviceMetric-example.json': [['points at a DeviceDefinition', 1]],
  'DeviceUseStatement-example.json': [['points at a Procedure', 1]],
  'MedicationRequest-medrx0301.json': [['points at a Practitioner', 1]],
  'Observation-clinical-gender.json': [['points at a Encounter', 1]],
  'OrganizationAffiliation-orgrole1.json': [
    ['points at a Network', 1],
    ["'Network' is not a FHIR R4 resource type", 1],
  ],
  // SNOMED CT codes that are not concept ids: T-15460 (SNOMED RT), "look up value", and
  // 6547210000124112, whose check digit is wrong.
  'ImagingStudy-example-xr.json': [['SNOMED CT identifier may contain only digits', 1]],
  'PlanDefinition-example-cardiology-os.json': [
    ['SNOMED CT identifier may contain only digits', 1],
  ],
  'NutritionOrder-enteralcontinuous.json': [['Verhoeff check', 1]],
  // ImplementationGuides without the required name and status.
  'ImplementationGuide-fhir.json': [
    ['ImplementationGuide.name: minimum required = 1', 1],
    ['ImplementationGuide.status: minimum required = 1', 1],
  ],
  'ig-r4.json': [
    ['ImplementationGuide.name: minimum required = 1', 1],
    ['ImplementationGuide.status: minimum required = 1', 1],
  ],
  // Nested questionnaire items without the required linkId.
  'Questionnaire-qs1.json': [['linkId: minimum required = 1', 32]],
  // SearchParameters without the required base.
  ...Object.fromEntries(
    [
      'codesystem-extensions-CodeSystem-author',
      'codesystem-extensions-CodeSystem-effective',
      'codesystem-extensions-CodeSystem-end',
      'codesystem-extensions-CodeSystem-keyword',
      'codesystem-extensions-CodeSystem-workflow',
      'valueset-extensions-ValueSet-author',
      'valueset-extensions-ValueSet-effective',
      'valueset-extensions-ValueSet-end',
      'valueset-extensions-ValueSet-keyword',
      'valueset-extensions-ValueSet-workflow',
    ].map((name) => [
      `SearchParameter-${name}.json`,
      [['SearchParameter.base: minimum required = 1', 1]] as const,
    ]),
  ),
  // An id of 67 characters (at most 64).
  'SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json': [
    ['not a valid FHIR id', 1],
  ],
  // Quantities that say they are UCUM with codes UCUM does not have: 'ea', 'TAB', 'tbl', 'mcg'
  // (UCUM: ug), 'mEq' (meq), 'drop' ([drp]), 'ml/hr' (mL/h), 'month' (mo).
  ...Object.fromEntries(
    (
      [
        ['Bundle-father.json', 1],
        ['Claim-760151.json', 1],
        ['Claim-760152.json', 1],
        ['MedicationDispense-meddisp0309.json', 1],
        ['MedicationDispense-meddisp0313.json', 2],
        ['MedicationDispense-meddisp0318.json', 1],
        ['MedicationDispense-meddisp0324.json', 1],
        ['MedicationDispense-meddisp0327.json', 1],
        ['MedicationDispense-meddisp0328.json', 1],
        ['MedicationDispense-meddisp0329.json', 1],
        ['MedicationRequest-medrx0304.json', 1],
        ['MedicationRequest-medrx0314.json', 1],
        ['MedicationRequest-medrx0319.json', 1],
        ['MedicationRequest-medrx0322.json', 2],
        ['MedicationRequest-medrx0325.json', 1],
        ['MedicationRequest-medrx0326.json', 1],
        ['MedicationRequest-medrx0328.json', 1],
        ['MedicationRequest-medrx0329.json', 1],
        ['MedicationRequest-medrx0334.json', 1],
        ['MedicationRequest-medrx0335.json', 1],
        ['VisionPrescription-33124.json', 2],
      ] as const
    ).map(([file, count]) => [file, [['is not a valid UCUM unit code', count]] as const]),
  ),
  // Logical models that are not abstract and have no baseDefinition (sdf-4).
  'StructureDefinition-Definition.json': [['sdf-4', 1]],
  'StructureDefinition-Event.json': [['sdf-4', 1]],
  'StructureDefinition-FiveWs.json': [['sdf-4', 1]],
  'StructureDefinition-Request.json': [['sdf-4', 1]],
};

/** The folder of the examples package, or undefined when it is not installed. */
function examplesFolder(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
  } catch {
    return undefined;
  }
}

const folder = examplesFolder();
const files =
  folder === undefined
    ? []
    : readdirSync(folder).filter(
        (f) => f.endsWith('.json') && !f.startsWith('.') && f !== 'package.json',
      );
// One test per first letter of the file names, so a failure points at a small group.
const groups = new Map<string, string[]>();
for (const file of files) {
  const letter = file[0]?.toUpperCase() ?? '';
  groups.set(letter, [...(groups.get(letter) ?? []), file]);
}

describe('the FHIR R4 specification examples against base R4', () => {
  const validator = createValidator({
    definitions: r4CoreDefinitions(),
    reportUnverifiedCodes: false,
  });

  it('has the examples package installed (a devDependency), with all its examples', () => {
    expect(folder).toBeDefined();
    expect(files).toHaveLength(5306);
  });

  it.each([...groups])('examples starting with %s', { timeout: 120_000 }, (_letter, names) => {
    const unexplained: string[] = [];
    const counts: string[] = [];
    const expected: string[] = [];
    for (const file of names) {
      const errors = validator
        .validateText(readFileSync(`${folder ?? ''}/${file}`, 'utf8'))
        .issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
      const known = KNOWN_WRONG[file] ?? [];
      for (const [because, count] of known) {
        expected.push(`${file}: ${String(count)} × ${because}`);
        const found = errors.filter((e) => e.diagnostics.includes(because)).length;
        counts.push(`${file}: ${String(found)} × ${because}`);
      }
      for (const error of errors) {
        if (!known.some(([because]) => error.diagnostics.includes(because)))
          unexplained.push(`${file} ${error.expression}: ${error.diagnostics}`);
      }
    }
    expect(unexplained).toEqual([]);
    expect(counts).toEqual(expected);
  });

  it('lists only examples that exist', () => {
    expect(Object.keys(KNOWN_WRONG).filter((file) => !files.includes(file))).toEqual([]);
  });
});
