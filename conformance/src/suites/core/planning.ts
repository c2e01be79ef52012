import type { Fixture, FixtureExpectation } from '@lhcr/blueprint';
import { FhirResponseError } from '@lhcr/client';
import type { CapabilityStatement, Resource } from '@lhcr/models';
import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { checkContents } from './expectations';
import { ACCESS, CAPABILITY, exportFact, extractFact } from './facts';
import type { ExportResult } from './facts';
import {
  asArray,
  field,
  isObject,
  listed,
  objects,
  refOf,
  stringField,
  withoutKeys,
} from './internal/fhir-values';
import { serverRest } from './capability';
import type { Json } from './internal/fhir-values';
import { NHS_SYSTEM, fingerprint, patientFixtures } from './internal/suite-helpers';

const json = (resource: Resource): Json => resource as unknown as Json;

/** The purpose the planning tests export for (the blueprint's first planning purpose in LHCR Core). */
const PLANNING = 'HOPERAT';

type ExportRun = ExportResult & {
  readonly fileTypes: readonly string[];
  readonly contentTypes: readonly string[];
};

/** The planning-extract operation the server declares at system level, if any. */
export function planningExtractOperation(capability: CapabilityStatement): string | undefined {
  const operation = objects(serverRest(capability)?.['operation']).find(
    (candidate) =>
      String(candidate['name']).replace(/^\$/, '') === 'planning-extract' ||
      String(candidate['definition']).endsWith('/OperationDefinition/planning-extract'),
  );
  return operation === undefined ? undefined : String(operation['name']).replace(/^\$/, '');
}

/**
 * Runs one export for a purpose to the end: kick-off (Prefer: respond-async), polling, every
 * file. `operation` is `$export` (system, or a Group's) or the server's planning-extract operation.
 */
async function runExport(
  context: TestContext,
  purpose: string,
  options: {
    readonly types?: readonly string[];
    readonly since?: string;
    readonly group?: string;
    readonly operation?: string;
  } = {},
): Promise<ExportRun> {
  const client = context.fhir({ purpose });
  const operation = options.operation ?? 'export';
  let job;
  if (operation === 'export') {
    job = await client.startBulkExport({
      level: options.group === undefined ? 'system' : { group: options.group },
      ...(options.types === undefined ? {} : { types: options.types as never }),
      ...(options.since === undefined ? {} : { since: options.since }),
    });
  } else {
    const kickOff = await client.raw(
      { method: 'GET', path: `$${operation}` },
      { headers: { prefer: 'respond-async' } },
    );
    const location = kickOff.headers['content-location'];
    if (kickOff.status !== 202 || location === undefined) {
      throw new FhirResponseError(
        `GET [base]/$${operation} answered ${String(kickOff.status)}${location === undefined ? ' without Content-Location' : ''}; expected 202 with a status URL`,
      );
    }
    job = client.bulkExportJob(new URL(location, `${context.baseUrl}/`).href);
  }
  const manifest = await job.waitForCompletion({
    pollIntervalMs: 100,
    maxPollIntervalMs: 2000,
    maxWaitMs: Math.max(30_000, 6 * context.timeoutMs),
    signal: context.signal,
  });
  const resources: Resource[] = [];
  for (const file of manifest.output) {
    for await (const resource of job.download(manifest, file, { checkType: true })) {
      resources.push(resource);
    }
  }
  const contentTypes = context
    .seenExchanges()
    .filter(({ testId, exchange }) => testId === context.testId && exchange.kind === 'bulk-file')
    .map(({ exchange }) => exchange.responseHeaders?.['content-type'] ?? '');
  return {
    purpose,
    operation: `$${operation}`,
    transactionTime: manifest.transactionTime,
    resources,
    text: resources.map((resource) => JSON.stringify(resource)).join('\n'),
    fileTypes: manifest.output.map((file) => file.type),
    contentTypes,
  };
}

/** The test that runs the export (and the planning extract, when offered) for a purpose and provides them. */
function exportTest(purpose: string): ConformanceTest {
  const exported = exportFact(purpose);
  const extracted = extractFact(purpose);
  return {
    id: `planning-extracts.export-${purpose.toLowerCase()}`,
    title: `System $export (and the planning extract) for ${purpose} run asynchronously and deliver NDJSON files`,
    requirements: ['LHCR-PLN-01'],
    inputs: `GET [base]/$export with Prefer: respond-async for ${purpose}, and the planning-extract operation when the CapabilityStatement declares one; each status URL polled to its manifest; every file downloaded`,
    needs: [ACCESS, CAPABILITY],
    provides: [exported, extracted],
    run: async (context) => {
      const operation = planningExtractOperation(context.need(CAPABILITY));
      const [result, extract] = await Promise.all([
        runExport(context, purpose),
        operation === undefined
          ? Promise.resolve(undefined)
          : runExport(context, purpose, { operation }),
      ]);
      context.note(
        `the $export for ${purpose} was accepted (202) and completed with ${String(result.fileTypes.length)} file(s), all read`,
      );
      const wrongType = [...result.contentTypes, ...(extract?.contentTypes ?? [])].filter(
        (type) =>
          !type.startsWith('application/fhir+ndjson') && !type.startsWith('application/ndjson'),
      );
      context.check(
        wrongType.length === 0,
        wrongType.length === 0
          ? 'every file is served as NDJSON'
          : `file(s) served as ${listed([...new Set(wrongType)])}; expected application/fhir+ndjson`,
      );
      context.provide(exported, result);
      if (extract === undefined) {
        context.note(
          'the server declares no planning-extract operation, so its $export is checked as the planning extract',
        );
        context.provide(extracted, result);
      } else {
        context.note(
          `the planning extract (${extract.operation}) for ${purpose} was accepted and completed with ${String(extract.fileTypes.length)} file(s), all read`,
        );
        context.provide(extracted, extract);
      }
    },
  };
}

const parameters: ConformanceTest = {
  id: 'planning-extracts.export-parameters',
  title: '$export honours _type and _since, and a Group can be exported',
  requirements: ['LHCR-PLN-01'],
  inputs:
    'An export with _type=Patient; one with _since set to the transactionTime of the first export; Group/[id]/$export for a Group found by searching',
  needs: [exportFact(PLANNING)],
  run: async (context) => {
    const full = context.need(exportFact(PLANNING));
    const purpose = full.purpose;
    const groups = await context
      .fhir({ purpose })
      .search('Group', { _count: 1 })
      .catch(() => undefined);
    const groupId = groups?.entry?.[0]?.resource?.id;
    const [patientsOnly, since, group] = await Promise.all([
      runExport(context, purpose, { types: ['Patient'] }),
      full.transactionTime === undefined
        ? Promise.resolve(undefined)
        : runExport(context, purpose, { since: full.transactionTime }),
      groupId === undefined
        ? Promise.resolve(undefined)
        : runExport(context, purpose, { group: groupId }),
    ]);
    const others = patientsOnly.resources.filter((resource) => resource.resourceType !== 'Patient');
    context.check(
      others.length === 0 && patientsOnly.fileTypes.every((type) => type === 'Patient'),
      others.length === 0
        ? `_type=Patient: ${String(patientsOnly.resources.length)} Patient(s) and nothing else`
        : `_type=Patient also exported ${listed([...new Set(others.map((resource) => resource.resourceType))])}`,
    );
    if (since === undefined) {
      context.note('the first export gave no transactionTime to use as _since');
    } else {
      const old = since.resources.filter((resource) => {
        const updated = resource.meta?.lastUpdated;
        return (
          updated !== undefined && Date.parse(updated) <= Date.parse(full.transactionTime ?? '')
        );
      });
      context.check(
        old.length === 0 && since.resources.length <= full.resources.length,
        old.length === 0
          ? `_since=<transactionTime>: ${String(since.resources.length)} resource(s), none updated before it`
          : `_since=<transactionTime> exported ${listed(old.map(refOf))}, last updated before it`,
      );
    }
    if (group === undefined) {
      context.note('no Group was found to export (Group/[id]/$export not tried)');
    } else {
      context.check(
        group.resources.length <= full.resources.length,
        `Group/${groupId ?? ''}/$export completed with ${String(group.resources.length)} resource(s)`,
      );
    }
  },
};

const ndjsonValid: ConformanceTest = {
  id: 'planning-extracts.ndjson-valid',
  title: 'Every exported line is one valid FHIR resource',
  requirements: ['LHCR-PLN-01'],
  inputs:
    'Every resource of the planning export, validated against base FHIR R4 (exports are de-identified, so not against the identifying profiles)',
  needs: [exportFact(PLANNING)],
  run: async (context) => {
    const result = context.need(exportFact(PLANNING));
    if (result.resources.length === 0) context.skip('the export held no resources');
    const problems: string[] = [];
    for (const resource of result.resources) {
      const body = json(resource);
      const meta = body['meta'];
      const otherMeta = isObject(meta) ? withoutKeys(meta, ['profile']) : {};
      const rest = withoutKeys(body, ['meta']);
      const withoutProfiles =
        Object.keys(otherMeta).length > 0 ? { ...rest, meta: otherMeta } : rest;
      const issues = (await context.validate(withoutProfiles as unknown as Resource, [])).filter(
        (issue) => issue.severity === 'error' || issue.severity === 'fatal',
      );
      if (issues.length > 0)
        problems.push(
          `${refOf(resource)}: ${issues[0]?.expression ?? ''} ${issues[0]?.diagnostics ?? ''}`,
        );
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(result.resources.length)} exported resource(s) are valid FHIR R4`
        : listed(problems, 3),
    );
  },
};

/** Whether an exported resource is a fixture resource: same id, or (for pseudonymised exports) a unique content match. */
function exportMatches(
  exported: Resource,
  wanted: Resource,
  all: readonly Resource[],
): boolean | undefined {
  if (exported.resourceType !== wanted.resourceType) return false;
  if (exported.id !== undefined && exported.id === wanted.id) return true;
  if (wanted.resourceType === 'Patient') {
    const key = (r: Resource): string =>
      `${String(json(r)['gender'])}#${String(json(r)['birthDate']).slice(0, 4)}`;
    const unique =
      all.filter((r) => r.resourceType === 'Patient' && key(r) === key(wanted)).length === 1;
    return unique ? key(exported) === key(wanted) : undefined;
  }
  for (const length of [0, 7]) {
    const key = (r: Resource): string => fingerprint(json(r), length);
    if (key(wanted).split('#')[1] === '') return undefined;
    if (all.filter((r) => key(r) === key(wanted)).length === 1)
      return key(exported) === key(wanted);
  }
  return undefined;
}

/** Whether an export holds any of a fixture's records (for exclude-patient): the refs present, and how many could be told. */
function fixtureRecordsIn(
  fixture: Fixture,
  result: ExportResult,
  all: readonly Resource[],
): { present: string[]; checkable: number } {
  const present: string[] = [];
  let checkable = 0;
  for (const wanted of fixture.resources) {
    const verdicts = result.resources.map((exported) => exportMatches(exported, wanted, all));
    if (result.resources.length > 0 && verdicts.every((verdict) => verdict === undefined)) continue;
    checkable += 1;
    if (verdicts.some((verdict) => verdict === true)) present.push(refOf(wanted));
  }
  return { present, checkable };
}

/** A test of one export expectation of a fixture, against the $export and the planning extract. */
function exportExpectationTest(fixture: Fixture, expectation: FixtureExpectation): ConformanceTest {
  const exported = exportFact(expectation.purposeOfUse);
  const extracted = extractFact(expectation.purposeOfUse);
  return {
    id: `planning-extracts.${expectation.id}`,
    title:
      expectation.description ??
      `Fixture ${fixture.id}: exports for ${expectation.purposeOfUse} ${expectation.outcome === 'exclude-patient' ? 'leave the patient out' : expectation.outcome === 'filter' ? 'leave records out' : 'hold the records, de-identified'}`,
    description: `${fixture.title}. Fixture expectation ${expectation.id}.`,
    requirements: expectation.requirements,
    inputs: `The ${expectation.purposeOfUse} system $export and planning extract`,
    preconditions: [`the ${fixture.id} fixture is on the server`],
    needs: [exported, extracted],
    run: (context) => {
      const all = context.blueprint.fixtures.flatMap((candidate) => candidate.resources);
      const results = [context.need(exported), context.need(extracted)].filter(
        (result, index, list) => list.findIndex((other) => other === result) === index,
      );
      const masked = (expectation.maskedElements ?? []).length > 0;
      for (const result of masked ? results.slice(-1) : results) {
        const what = `the ${expectation.purposeOfUse} ${result.operation}`;
        if (expectation.outcome === 'exclude-patient') {
          const { present, checkable } = fixtureRecordsIn(fixture, result, all);
          context.check(
            present.length === 0 && checkable > 0,
            present.length > 0
              ? `${what} holds ${listed(present)} of the ${fixture.id} fixture, whose patient must be left out`
              : `${what} holds none of the ${fixture.id} fixture's ${String(checkable)} recognisable record(s)`,
          );
          continue;
        }
        const excluded = (expectation.exclude ?? [])
          .map((ref) => fixture.resources.find((resource) => refOf(resource) === ref))
          .filter((resource): resource is Resource => resource !== undefined);
        const leaked = excluded.filter((wanted) =>
          result.resources.some((exported) => exportMatches(exported, wanted, all) === true),
        );
        if (excluded.length > 0) {
          context.check(
            leaked.length === 0,
            leaked.length === 0
              ? `${what} holds none of ${listed(excluded.map(refOf))}`
              : `${what} holds ${listed(leaked.map(refOf))}, which must be left out`,
          );
        }
        if (masked) {
          const patients = result.resources.filter(
            (resource) => resource.resourceType === 'Patient',
          );
          checkContents(
            context,
            `${what} (${String(patients.length)} Patient(s))`,
            fixture,
            { ...expectation, include: [], exclude: [] },
            patients,
            undefined,
          );
        }
        if (excluded.length === 0 && !masked)
          context.check(result.resources.length > 0, `${what} holds records`);
      }
      return Promise.resolve();
    },
  };
}

const pseudonymised: ConformanceTest = {
  id: 'planning-extracts.pseudonymised',
  title: 'Exported patients are identified only by a keyed pseudonym, and no NHS number appears',
  requirements: ['LHCR-PLN-02'],
  inputs:
    "The planning export, against the anonymisation policy's direct identifiers and pseudonym system",
  needs: [extractFact(PLANNING)],
  run: (context) => {
    const result = context.need(extractFact(PLANNING));
    const policy = context.blueprint.anonymisationPolicy;
    if (policy === undefined)
      return Promise.resolve(context.omit('the blueprint has no anonymisation policy'));
    if (result.resources.length === 0) context.skip('the planning extract held no resources');
    const patients = result.resources.filter((resource) => resource.resourceType === 'Patient');
    const pseudonymSystem = policy.pseudonymisation.output.system;
    const removed = policy.directIdentifiers.remove.filter(
      (path) => path.startsWith('Patient.') && path !== 'Patient.identifier',
    );
    const problems: string[] = [];
    for (const patient of patients) {
      const identifiers = asArray(json(patient)['identifier']);
      if (
        identifiers.length === 0 ||
        identifiers.some((identifier) => stringField(identifier, 'system') !== pseudonymSystem)
      ) {
        problems.push(
          `${refOf(patient)} is not identified only by a pseudonym under ${pseudonymSystem}`,
        );
      }
      for (const path of removed) {
        const parts = path.split('.').slice(1);
        let values: readonly unknown[] = [patient];
        for (const part of parts) values = values.flatMap((value) => asArray(field(value, part)));
        if (values.length > 0) problems.push(`${refOf(patient)} keeps ${path}`);
      }
    }
    const numbers = patientFixtures(context.blueprint).map((fixture) => fixture.patient.nhsNumber);
    if (
      numbers.some((number) => result.text.includes(number)) ||
      result.text.includes(NHS_SYSTEM)
    ) {
      problems.push('an NHS number appears in the export');
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(patients.length)} Patient(s) in the ${result.operation} carry only a pseudonym, and no NHS number appears in its ${String(result.resources.length)} resource(s)`
        : listed([...new Set(problems)], 4),
    );
    return Promise.resolve();
  },
};

const stable: ConformanceTest = {
  id: 'planning-extracts.pseudonyms-stable',
  title: 'Pseudonyms are the same in two exports',
  requirements: ['LHCR-PLN-02'],
  inputs: 'A second planning export, against the first',
  needs: [extractFact(PLANNING)],
  run: async (context) => {
    const first = context.need(extractFact(PLANNING));
    const second = await runExport(
      context,
      first.purpose,
      first.operation === '$export'
        ? { types: ['Patient'] }
        : { operation: first.operation.slice(1) },
    );
    const pseudonyms = (resources: readonly Resource[]): string[] =>
      resources
        .filter((resource) => resource.resourceType === 'Patient')
        .flatMap((resource) =>
          asArray(json(resource)['identifier']).map(
            (identifier) => stringField(identifier, 'value') ?? '',
          ),
        )
        .sort();
    const a = pseudonyms(first.resources);
    const b = pseudonyms(second.resources);
    if (a.length === 0) context.skip('the export held no Patient identifiers');
    context.check(
      JSON.stringify(a) === JSON.stringify(b),
      JSON.stringify(a) === JSON.stringify(b)
        ? `the ${String(a.length)} pseudonym(s) are the same in a second export`
        : `the second export's pseudonyms differ from the first's (${String(a.filter((value) => !b.includes(value)).length)} of ${String(a.length)} changed)`,
    );
  },
};

const FULL_DATE = /^\d{4}-\d{2}-\d{2}/;
const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** Every string under a key other than `meta`, with its path. */
function datedValues(
  value: unknown,
  path: string,
  out: [string, string][] = [],
): [string, string][] {
  if (Array.isArray(value)) value.forEach((item) => datedValues(item, path, out));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value))
      if (key !== 'meta') datedValues(item, `${path}.${key}`, out);
  } else if (typeof value === 'string' && FULL_DATE.test(value)) out.push([path, value]);
  return out;
}

const generalised: ConformanceTest = {
  id: 'planning-extracts.generalised',
  title: 'Exports generalise birth dates, postcodes and other dates as the policy says',
  requirements: ['LHCR-PLN-05'],
  inputs: "The planning export, against the anonymisation policy's quasi-identifier rules",
  needs: [extractFact(PLANNING)],
  run: (context) => {
    const result = context.need(extractFact(PLANNING));
    const policy = context.blueprint.anonymisationPolicy;
    if (policy === undefined)
      return Promise.resolve(context.omit('the blueprint has no anonymisation policy'));
    if (result.resources.length === 0) context.skip('the export held no resources');
    const problems: string[] = [];
    for (const resource of result.resources) {
      const body = json(resource);
      if (resource.resourceType === 'Patient') {
        const birthDate = stringField(body, 'birthDate');
        if (
          birthDate !== undefined &&
          policy.quasiIdentifiers.birthDate.method === 'year' &&
          !/^\d{4}$/.test(birthDate)
        ) {
          problems.push(`${refOf(resource)}.birthDate is more precise than a year`);
        }
        if (
          policy.quasiIdentifiers.postcode.method === 'district' ||
          policy.quasiIdentifiers.postcode.method === 'outward-code'
        ) {
          for (const address of asArray(body['address'])) {
            const postcode = stringField(address, 'postalCode');
            if (postcode !== undefined && !OUTWARD_CODE.test(postcode.trim())) {
              problems.push(
                `${refOf(resource)}.address.postalCode is more precise than the district`,
              );
            }
          }
        }
      }
      if (
        policy.quasiIdentifiers.dates.method === 'month' ||
        policy.quasiIdentifiers.dates.method === 'year'
      ) {
        const exact = datedValues(body, resource.resourceType).filter(
          ([path]) => !path.endsWith('.birthDate'),
        );
        for (const [path] of exact)
          problems.push(`${refOf(resource)}: ${path} is more precise than a month`);
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(result.resources.length)} exported resource(s) are generalised as the policy says`
        : listed([...new Set(problems)], 4),
    );
    const { k, quasiIdentifiers } = policy.kAnonymity;
    const classes = new Map<string, number>();
    for (const patient of result.resources.filter(
      (resource) => resource.resourceType === 'Patient',
    )) {
      const key = JSON.stringify(quasiIdentifiers.map((name) => quasiValue(json(patient), name)));
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    const smallest = Math.min(...classes.values());
    if (classes.size > 0) {
      const message = `k-anonymity over ${quasiIdentifiers.join(', ')}: ${String(classes.size)} class(es), the smallest of ${String(smallest)}; the policy's k is ${String(k)}, which the blueprint applies to statistics published from extracts (LHCR-PLN-06, not testable over the API)`;
      if (smallest < k) context.warn(message);
      else context.note(message);
    }
    return Promise.resolve();
  },
};

/** The value of one of the policy's quasi-identifiers in an exported Patient. */
function quasiValue(patient: Json, name: string): string {
  switch (name) {
    case 'birthDate':
    case 'Patient.birthDate':
      return stringField(patient, 'birthDate') ?? '';
    case 'postcode':
    case 'Patient.address.postalCode':
      return asArray(patient['address'])
        .map((address) => stringField(address, 'postalCode') ?? '')
        .join(',');
    case 'Patient.gender':
    case 'gender':
      return stringField(patient, 'gender') ?? '';
    default: {
      const last = name.split('.').pop() ?? name;
      return JSON.stringify(
        asArray(patient['extension']).filter((extension) =>
          (stringField(extension, 'url') ?? '').toLowerCase().includes(last.toLowerCase()),
        ),
      );
    }
  }
}

/**
 * The planning-extracts group: Bulk Data export, its parameters and NDJSON, pseudonymisation,
 * generalisation, and the fixtures' export expectations (opted-out patients and restricted
 * records left out).
 *
 * @example
 * ```ts
 * planningGroup(blueprint.fixtures).tests.map((test) => test.id);
 * ```
 */
export function planningGroup(fixtures: readonly Fixture[]): TestGroup {
  const purposes = new Set([PLANNING]);
  const expectationTests: ConformanceTest[] = [];
  for (const fixture of fixtures) {
    for (const expectation of fixture.expectations) {
      if (expectation.access !== 'export') continue;
      purposes.add(expectation.purposeOfUse);
      expectationTests.push(exportExpectationTest(fixture, expectation));
    }
  }
  return {
    id: 'planning-extracts',
    title: 'Planning extracts',
    description: 'Bulk data for planning, pseudonymised and filtered.',
    tests: [
      ...[...purposes].map((purpose) => exportTest(purpose)),
      parameters,
      ndjsonValid,
      pseudonymised,
      stable,
      generalised,
      ...expectationTests,
    ],
  };
}
