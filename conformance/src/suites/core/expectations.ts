import type { Fixture, FixtureExpectation } from '@lhcr/blueprint';
import type { Bundle, Resource } from '@lhcr/models';
import { isResource } from '@lhcr/models';
import type { ConformanceTest, TestContext } from '../../engine/conformance-test';
import { PATIENTS } from './facts';
import type { ServerPatient } from './facts';
import {
  entriesOf,
  field,
  isObject,
  listed,
  matchesOf,
  outcomeCodes,
  refOf,
  referenceTarget,
  patientReferenceOf,
  stringField,
  asArray,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import {
  NHS_SYSTEM,
  WITHHELD_TEXT,
  checkedPage,
  fixtureResource,
  isSameRecord,
} from './internal/suite-helpers';
import { tokenValueOf } from './internal/tokens';

/** What one request of an expectation returned: the status and every entry of every page. */
interface Observed {
  readonly status: number;
  readonly body: unknown;
  readonly entries: readonly Resource[];
  readonly matches: readonly Resource[];
  readonly pages: readonly Bundle[];
}

async function observe(context: TestContext, purpose: string, path: string): Promise<Observed> {
  const client = context.fhir({ purpose });
  const reply = await client.raw({ method: 'GET', path });
  const body: unknown = reply.body;
  if (reply.status !== 200 || !isResource(body)) {
    return { status: reply.status, body, entries: [], matches: [], pages: [] };
  }
  if (body.resourceType !== 'Bundle')
    return { status: reply.status, body, entries: [body], matches: [body], pages: [] };
  const pages: Bundle[] = [];
  for await (const page of client.pages(checkedPage(body))) pages.push(checkedPage(page));
  return {
    status: reply.status,
    body,
    entries: pages.flatMap((page) => entriesOf(page)),
    matches: pages.flatMap((page) => matchesOf(page)),
    pages,
  };
}

/** The path of an expectation's request. */
function pathFor(expectation: FixtureExpectation, patient: ServerPatient): string {
  const type = expectation.resourceType ?? 'Patient';
  switch (expectation.access) {
    case 'read':
      return type === 'Patient' ? `Patient/${patient.id}` : `${type}?patient=Patient/${patient.id}`;
    case 'search':
      return type === 'Patient'
        ? `Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${patient.nhsNumber}`)}`
        : `${type}?patient=Patient/${patient.id}`;
    case 'everything':
    case 'export':
      return `Patient/${patient.id}/$everything`;
  }
}

/** Whether an element path such as `Patient.address.line` has a value in a resource. */
export function hasElement(resource: Resource, path: string): boolean {
  const [type, ...parts] = path.split('.');
  if (type !== resource.resourceType) return false;
  let values: readonly unknown[] = [resource];
  for (const part of parts) {
    values = values.flatMap((value) => asArray(field(value, part)));
    if (values.length === 0) return false;
  }
  return values.length > 0;
}

/** Checks the include, exclude and masked elements of an expectation against what was returned. */
export function checkContents(
  context: TestContext,
  what: string,
  fixture: Fixture,
  expectation: FixtureExpectation,
  returned: readonly Resource[],
  patientId: string | undefined,
): void {
  for (const ref of expectation.include ?? []) {
    const wanted = fixtureResource(fixture, ref);
    const found = returned.some((resource) =>
      wanted === undefined ? refOf(resource) === ref : isSameRecord(resource, wanted, patientId),
    );
    context.check(
      found,
      found ? `${what} holds ${ref}` : `${what} does not hold ${ref}; the blueprint expects it`,
    );
  }
  const excluded = (expectation.exclude ?? []).filter((ref) => {
    const unwanted = fixtureResource(fixture, ref);
    return returned.some((resource) =>
      unwanted === undefined
        ? refOf(resource) === ref
        : isSameRecord(resource, unwanted, patientId),
    );
  });
  if ((expectation.exclude ?? []).length > 0) {
    context.check(
      excluded.length === 0,
      excluded.length === 0
        ? `${what} holds none of ${listed(expectation.exclude ?? [])}`
        : `${what} holds ${listed(excluded)}, which the blueprint says must be left out`,
    );
  }
  const patients = returned.filter(
    (resource) =>
      resource.resourceType === 'Patient' && (patientId === undefined || resource.id === patientId),
  );
  for (const element of expectation.maskedElements ?? []) {
    if (!element.startsWith('Patient.')) continue;
    const showing = patients.filter((patient) => hasElement(patient, element));
    context.check(
      showing.length === 0,
      showing.length === 0
        ? `${what}: ${element} is not returned`
        : `${what}: ${element} is returned; the blueprint says it must be removed`,
    );
  }
}

/** Checks a refusal: the status, an OperationOutcome with the expected codes, and no record content. */
function checkDenied(
  context: TestContext,
  what: string,
  expectation: FixtureExpectation,
  observed: Observed,
): void {
  const wantedStatus = expectation.httpStatus ?? 403;
  context.check(
    observed.status === wantedStatus,
    `${what} answered ${String(observed.status)}; expected ${String(wantedStatus)}`,
  );
  const outcome = expectation.operationOutcome;
  const body = observed.body;
  const isOutcome = isObject(body) && body['resourceType'] === 'OperationOutcome';
  context.check(isOutcome, `${what}: the refusal is an OperationOutcome`);
  if (outcome !== undefined && isOutcome) {
    const { codes, details } = outcomeCodes(body);
    context.check(
      codes.includes(outcome.code),
      `${what}: issue codes [${listed(codes)}]; expected ${outcome.code}`,
    );
    if (outcome.detailsCode !== undefined) {
      context.check(
        details.includes(outcome.detailsCode),
        `${what}: details codes [${listed(details)}]; expected ${outcome.detailsCode}`,
      );
    }
  }
}

/** Checks that a Bundle's `total` (when given) counts only what was returned. */
function checkTotal(context: TestContext, what: string, observed: Observed): void {
  const first = observed.pages[0];
  if (first?.total === undefined) return;
  context.check(
    first.total === observed.matches.length,
    `${what}: Bundle.total is ${String(first.total)}, and ${String(observed.matches.length)} match(es) were returned`,
  );
}

/** Checks the withheld marker: an OperationOutcome entry with issue code `suppressed` and the blueprint's text. */
function checkWithheldMarker(
  context: TestContext,
  what: string,
  code: string,
  observed: Observed,
): void {
  const outcomes = observed.entries.filter(
    (resource) => resource.resourceType === 'OperationOutcome',
  );
  const marked = outcomes.filter((outcome) => outcomeCodes(outcome).codes.includes(code));
  context.check(
    marked.length > 0,
    marked.length > 0
      ? `${what} holds an OperationOutcome with issue code ${code}`
      : `${what} holds no OperationOutcome with issue code ${code}`,
  );
  if (code === 'suppressed' && marked.length > 0) {
    const texts = marked.flatMap((outcome) =>
      asArray(field(outcome, 'issue')).flatMap((issue) => [
        stringField(issue, 'diagnostics'),
        stringField(field(issue, 'details'), 'text'),
      ]),
    );
    context.check(
      texts.includes(WITHHELD_TEXT),
      `${what}: the suppressed issue says "${WITHHELD_TEXT}"`,
    );
  }
}

/** For a filtered search: each left-out record's own code finds nothing either. */
async function checkCodeSearches(
  context: TestContext,
  what: string,
  fixture: Fixture,
  expectation: FixtureExpectation,
  patient: ServerPatient,
): Promise<void> {
  const type = expectation.resourceType;
  if (type === undefined || type === 'Patient' || expectation.access !== 'search') return;
  for (const ref of expectation.exclude ?? []) {
    const unwanted = fixtureResource(fixture, ref);
    if (unwanted === undefined || unwanted.resourceType !== type) continue;
    const code = tokenValueOf(unwanted as unknown as Json, 'code');
    if (code === undefined) continue;
    const observed = await observe(
      context,
      expectation.purposeOfUse,
      `${type}?patient=Patient/${patient.id}&code=${encodeURIComponent(code)}`,
    );
    const leaked = observed.matches.filter((resource) =>
      isSameRecord(resource, unwanted, patient.id),
    );
    context.check(
      observed.status === 200 && leaked.length === 0,
      observed.status !== 200
        ? `${what}, searched by the code of ${ref}, answered ${String(observed.status)}; expected 200`
        : leaked.length === 0
          ? `${what}, searched by the code of ${ref}, finds nothing of it`
          : `${what}, searched by the code of ${ref}, returns it`,
    );
    checkTotal(context, `${what}, searched by the code of ${ref}`, observed);
  }
}

/**
 * A test of one fixture expectation: the request the blueprint describes (read, search or
 * `$everything`, with its purpose of use) and the behaviour it expects: permitted with given
 * records, filtered (records left out, a marker, masked elements) or refused.
 *
 * @example
 * ```ts
 * const test = expectationTest('opt-outs', fixture, fixture.expectations[0]!);
 * ```
 */
export function expectationTest(
  groupId: string,
  fixture: Fixture,
  expectation: FixtureExpectation,
): ConformanceTest {
  return {
    id: `${groupId}.${expectation.id}`,
    title:
      expectation.description ??
      `Fixture ${fixture.id}: ${expectation.access} for ${expectation.purposeOfUse} is ${expectation.outcome === 'deny' ? 'refused' : expectation.outcome === 'filter' ? 'filtered' : 'permitted'}`,
    description: `${fixture.title}. Fixture expectation ${expectation.id}.`,
    requirements: expectation.requirements,
    inputs: `The ${fixture.id} fixture patient's ${expectation.access}${expectation.resourceType === undefined ? '' : ` of ${expectation.resourceType}`}, purpose ${expectation.purposeOfUse}`,
    preconditions: [`the ${fixture.id} fixture is on the server`],
    needs: [PATIENTS],
    run: async (context) => {
      const patient = context.need(PATIENTS).get(fixture.id);
      if (patient === undefined)
        return context.skip(`the ${fixture.id} fixture's patient was not found on the server`);
      const path = pathFor(expectation, patient);
      const what = `${path.split('?')[0] ?? path} for ${expectation.purposeOfUse}`;
      const observed = await observe(context, expectation.purposeOfUse, path);
      if (expectation.outcome === 'deny') {
        checkDenied(context, what, expectation, observed);
        return;
      }
      const wantedStatus = expectation.httpStatus ?? 200;
      if (
        !context.check(
          observed.status === wantedStatus,
          `${what} answered ${String(observed.status)}; expected ${String(wantedStatus)}`,
        )
      ) {
        return;
      }
      checkContents(context, what, fixture, expectation, observed.entries, patient.id);
      if (expectation.access === 'search' && expectation.resourceType !== 'Patient') {
        const others = observed.matches.filter(
          (resource) => referenceTarget(patientReferenceOf(resource)) !== `Patient/${patient.id}`,
        );
        context.check(
          others.length === 0,
          others.length === 0
            ? `${what} returns only this patient's records`
            : `${what} returns ${listed(others.map(refOf))}, which are not this patient's`,
        );
        checkTotal(context, what, observed);
      }
      if (expectation.operationOutcome !== undefined) {
        checkWithheldMarker(context, what, expectation.operationOutcome.code, observed);
      }
      await checkCodeSearches(context, what, fixture, expectation, patient);
    },
  };
}
