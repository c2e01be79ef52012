/**
 * A vendor's Node service sending patient records to a regional shared care record: build each
 * record with the UK Core builders, validate it against the blueprint's profiles, check opt-outs
 * for the purpose at hand, then send it with signed-JWT client credentials.
 */
import { randomUUID } from 'node:crypto';
import { createValidatorFhirContext, formatBlueprintIssue, loadBlueprint } from '@lhcr/blueprint';
import type { LhcrCondition, LhcrPatient, ProfileTypeMap } from '@lhcr/blueprint-core/types';
import { FhirClient, FhirServerError, signedJwtClientCredentials } from '@lhcr/client';
import {
  assertOdsCode,
  assertSnomedCtId,
  buildCondition,
  buildPatient,
  buildSharingObjection,
  generateTestNhsNumber,
} from '@lhcr/models';
import type { AnyResource, NhsNumber } from '@lhcr/models';
import { LocalDissentRegisterBuilder, checkOptOut } from '@lhcr/optout';
import { startReferenceServer } from '@lhcr/reference-server';
import { useFhirPackages } from './fhir-packages';

const LHCR_PATIENT = 'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient';
const LHCR_CONDITION = 'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Condition';
const today = new Date().toISOString().slice(0, 10);

const missing = useFhirPackages();
if (missing !== undefined) {
  console.error(missing);
  process.exit(2);
}

// The blueprint the region runs, its profiles compiled by @lhcr/validator.
const fhirContext = createValidatorFhirContext();
const loaded = await loadBlueprint('@lhcr/blueprint-core', { fhirContext });
if (!loaded.ok) {
  console.error(loaded.issues.map(formatBlueprintIssue).join('\n'));
  process.exit(2);
}
const { blueprint } = loaded;
console.log(`Blueprint: ${blueprint.title} ${blueprint.version}`);

/**
 * Validates a resource against a blueprint profile and prints what was found. A resource that
 * passes is what the profile's type describes, so it is returned as that type.
 */
async function validateAs<P extends keyof ProfileTypeMap>(
  resource: AnyResource,
  profile: P,
): Promise<ProfileTypeMap[P] | undefined> {
  const result = await fhirContext.validate(resource, [profile]);
  const title = blueprint.profiles.find((p) => p.url === profile)?.resource.title ?? profile;
  const errors = result.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  console.log(
    `  ${result.valid ? '✓' : '✗'} ${resource.resourceType} against ${title}: ${String(errors.length)} error(s)`,
  );
  for (const issue of errors) console.log(`      ${issue.expression ?? ''}: ${issue.diagnostics}`);
  return result.valid ? (resource as ProfileTypeMap[P]) : undefined;
}

// Patients in the practice system (synthetic, NHS numbers from the test range). The second
// asked the practice not to share their record through the shared care record, and the practice
// recorded that as a Consent; the third was registered without a date of birth.
const practice = { odsCode: assertOdsCode('Y99901'), name: 'Example GP Practice' };
const records = [
  { given: 'Robin', family: 'Ashdown', birthDate: '1984-07-12', objects: false },
  { given: 'Sam', family: 'Birchwood', birthDate: '1990-01-30', objects: true },
  { given: 'Alex', family: 'Carrow', birthDate: undefined, objects: false },
].map(({ given, family, birthDate, objects }) => {
  const nhsNumber = generateTestNhsNumber();
  const fullUrl = `urn:uuid:${randomUUID()}`;
  const patient = buildPatient({
    nhsNumber,
    nhsNumberVerificationStatus: '01',
    name: { family, given: [given] },
    gender: 'unknown',
    ...(birthDate === undefined ? {} : { birthDate }),
    gpPractice: practice,
  });
  const asthma = buildCondition({
    patient: { reference: fullUrl },
    code: { code: assertSnomedCtId('195967001'), display: 'Asthma' },
    recordedDate: `${today}T09:00:00Z`,
  });
  const objection = objects
    ? buildSharingObjection({
        patient: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
        decision: 'deny',
        dateTime: `${today}T08:00:00Z`,
        organization: {
          identifier: {
            system: 'https://fhir.nhs.uk/Id/ods-organization-code',
            value: practice.odsCode,
          },
        },
        policyUri: 'https://region.example.org/shared-care-record/sharing-policy',
      })
    : undefined;
  return { label: `${given} ${family}`, nhsNumber, fullUrl, patient, asthma, objection };
});

// The practice's recorded objections, as a local dissent register.
const dissent = new LocalDissentRegisterBuilder({ id: 'practice-consents', asOf: today });
for (const { objection } of records) {
  if (objection !== undefined) dissent.addConsent(objection, new Map());
}
const localDissent = dissent.build();

// The region. In production: its FHIR base URL, its token URL, and the client id and key it
// registered for you. Here: the bundled reference region, on a free loopback port.
const region = await startReferenceServer();
try {
  const client = new FhirClient({
    baseUrl: region.url,
    auth: signedJwtClientCredentials({
      tokenUrl: region.tokenUrl,
      clientId: region.testClient.clientId,
      privateKey: region.testClient.privateKey,
      keyId: region.testClient.kid,
      algorithm: region.testClient.algorithm,
      scope: 'system/*.write system/Patient.read',
    }),
    purposeOfUse: { code: 'TREAT' }, // direct care
  });
  console.log(
    `Region: ${region.url}, client ${region.testClient.clientId} (signed JWT, ${region.testClient.algorithm})`,
  );

  for (const record of records) {
    console.log(`\n${record.label}`);
    const patient = await validateAs(record.patient, LHCR_PATIENT);
    const condition = await validateAs(record.asthma, LHCR_CONDITION);
    if (patient === undefined || condition === undefined) {
      console.log('  not sent: fix the record first');
      continue;
    }
    const decision = checkOptOut(
      { nhsNumber: record.nhsNumber, purpose: 'direct-care', date: today },
      { localDissent },
      blueprint.optOutPolicy?.policy,
    );
    console.log(
      `  opt-outs for direct care: ${decision.effect} (rule ${decision.ruleId}): ${decision.reasons.join(' ')}`,
    );
    if (decision.effect === 'deny') {
      console.log('  not sent: the patient objected to sharing');
      continue;
    }
    await send(client, record.fullUrl, patient, condition, record.nhsNumber);
  }
} finally {
  await region.close();
}

/** Sends the patient and their condition in one transaction, then finds the patient again. */
async function send(
  client: FhirClient,
  fullUrl: string,
  patient: LhcrPatient,
  condition: LhcrCondition,
  nhsNumber: NhsNumber,
): Promise<void> {
  try {
    const response = await client.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl, resource: patient, request: { method: 'POST', url: 'Patient' } },
        { resource: condition, request: { method: 'POST', url: 'Condition' } },
      ],
    });
    for (const entry of response.entry ?? []) {
      console.log(`  sent: ${entry.response?.status ?? ''} ${entry.response?.location ?? ''}`);
    }
    const found = await client.findPatientsByNhsNumber(nhsNumber, { usePost: true });
    console.log(`  the region now finds ${String(found.length)} patient by this NHS number`);
  } catch (error) {
    if (!(error instanceof FhirServerError)) throw error;
    const reasons = error.outcome?.issue.map((issue) => issue.diagnostics ?? issue.code);
    console.log(`  refused: HTTP ${String(error.status)}: ${reasons?.join('; ') ?? ''}`);
  }
}
