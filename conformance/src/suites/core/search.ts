import type { ResourceType, Resource } from '@lhcr/models';
import type { FhirClient, SearchParams } from '@lhcr/client';
import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { declaredResources } from './capability';
import { CAPABILITY, PATIENTS, RECORDS } from './facts';
import { resourceMatchesDate, dateValuesOf, searchValueOf } from './internal/dates';
import type { DatePrefix } from './internal/dates';
import { isFhirServerError } from './internal/errors';
import {
  asArray,
  field,
  hasNextLink,
  listed,
  matchesOf,
  strings,
  patientReferenceOf,
  refOf,
  referenceTarget,
  stringField,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import {
  NHS_SYSTEM,
  ODS_SYSTEM,
  SDS_USER_SYSTEM,
  allPages,
  followableId,
  isSameRecord,
  patientSearchTypes,
  purposeFor,
  searchAll,
  serverPatient,
} from './internal/suite-helpers';
import { isKnownToken, resourceMatchesToken, tokenValueOf } from './internal/tokens';

const json = (resource: Resource): Json => resource as unknown as Json;

/** Sorted by id, so that the values a test picks are the same on every run. */
function byId(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
}

/** The direct-care client and the baseline patient's server id. */
function baselineContext(context: TestContext): { client: FhirClient; patientId: string } {
  const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
  const client = context.fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') });
  return { client, patientId: patient.id };
}

/** The baseline's records of a type (from the records fact). */
function recordsOf(context: TestContext, type: string): readonly Resource[] {
  return context.need(RECORDS).get(type) ?? [];
}

/**
 * Compares what a search returned with what it should have, from the patient's records: `expect`
 * gives `true` (must be returned), `false` (must not) or `undefined` (cannot tell, for example
 * when it depends on the server's timezone).
 */
function compare(
  context: TestContext,
  what: string,
  returned: readonly Resource[],
  records: readonly Resource[],
  expect: (resource: Resource) => boolean | undefined,
): void {
  const returnedRefs = new Set(returned.map((resource) => refOf(resource)));
  const recordRefs = new Set(records.map((resource) => refOf(resource)));
  const missing = records.filter(
    (record) => expect(record) === true && !returnedRefs.has(refOf(record)),
  );
  const unexpected = returned.filter(
    (resource) =>
      !recordRefs.has(refOf(resource)) ||
      expect(records.find((r) => refOf(r) === refOf(resource)) ?? resource) === false,
  );
  const ok = missing.length === 0 && unexpected.length === 0;
  context.check(
    ok,
    ok
      ? `${what}: returned the ${String(returned.length)} expected resource(s)`
      : `${what}: ${missing.length > 0 ? `missing ${listed(missing.map(refOf))}` : ''}${missing.length > 0 && unexpected.length > 0 ? '; ' : ''}${unexpected.length > 0 ? `should not have returned ${listed([...new Set(unexpected.map(refOf))])}` : ''}`,
  );
}

const patientRecords: ConformanceTest = {
  id: 'search.patient-records',
  title: "Searches by patient return that patient's records, and only theirs",
  requirements: ['LHCR-SRCH-02'],
  inputs:
    'GET [type]?patient=Patient/<baseline id> for every clinical type with a MUST patient parameter, every page',
  needs: [PATIENTS],
  provides: [RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const { fixture } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const records = new Map<string, readonly Resource[]>();
    for (const type of patientSearchTypes(context.blueprint)) {
      const result = await searchAll(client, type as ResourceType, {
        patient: `Patient/${patientId}`,
      });
      const others = result.matches.filter(
        (resource) =>
          resource.resourceType !== type ||
          referenceTarget(patientReferenceOf(resource)) !== `Patient/${patientId}`,
      );
      context.check(
        others.length === 0,
        others.length === 0
          ? `${type}?patient=…: ${String(result.matches.length)} record(s), all the baseline patient's`
          : `${type}?patient=… returned ${listed(others.map(refOf))}, which are not the baseline patient's ${type} records`,
      );
      const expected = fixture.resources.filter((resource) => resource.resourceType === type);
      const absent = expected.filter(
        (record) => !result.matches.some((found) => isSameRecord(found, record, patientId)),
      );
      context.check(
        absent.length === 0,
        absent.length === 0
          ? `${type}?patient=… found every ${type} of the baseline fixture`
          : `${type}?patient=… did not return the baseline fixture's ${listed(absent.map(refOf))}`,
      );
      records.set(
        type,
        result.matches.filter((resource) => !others.includes(resource)),
      );
    }
    context.provide(RECORDS, records);
  },
};

const DATE_PREFIXES: readonly DatePrefix[] = ['eq', 'ge', 'le', 'gt', 'lt'];

const dates: ConformanceTest = {
  id: 'search.date-prefixes',
  title:
    'Date parameters honour eq, ge, le, gt and lt and partial dates, with FHIR range semantics',
  requirements: ['LHCR-SRCH-03'],
  inputs:
    "For each MUST date parameter: a date taken from one of the baseline patient's records, with each prefix, and as a year and a year-month",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    let searched = 0;
    for (const resource of context.blueprint.capability?.resources ?? []) {
      if (resource.type === 'AuditEvent') continue;
      for (const param of resource.searchParams ?? []) {
        if (param.type !== 'date' || param.level !== 'MUST') continue;
        const records = recordsOf(context, resource.type);
        const source = byId(records).find((record) =>
          (dateValuesOf(json(record), param.name) ?? []).some(
            (v) => searchValueOf(v) !== undefined,
          ),
        );
        const value =
          source === undefined
            ? undefined
            : (dateValuesOf(json(source), param.name) ?? [])
                .map(searchValueOf)
                .find((v) => v !== undefined);
        if (value === undefined) {
          context.note(
            `${resource.type} ${param.name}: no baseline record has a value to search with`,
          );
          continue;
        }
        const prefixes = DATE_PREFIXES.filter((prefix) =>
          (param.comparators ?? DATE_PREFIXES).includes(prefix),
        );
        const searches: [DatePrefix, string][] = prefixes.map((prefix) => [prefix, value]);
        if (value.length > 7) searches.push(['eq', value.slice(0, 7)]);
        if (value.length > 4) searches.push(['eq', value.slice(0, 4)]);
        for (const [prefix, searchValue] of searches) {
          const result = await searchAll(client, resource.type as ResourceType, {
            patient: `Patient/${patientId}`,
            [param.name]: `${prefix}${searchValue}`,
          });
          searched += 1;
          compare(
            context,
            `${resource.type}?${param.name}=${prefix}${searchValue}`,
            result.matches,
            records,
            (record) => resourceMatchesDate(json(record), param.name, prefix, searchValue),
          );
        }
      }
    }
    if (searched === 0) context.skip('no baseline record has a value for any MUST date parameter');
  },
};

const byCode: ConformanceTest = {
  id: 'search.by-code',
  title:
    'Observation, Condition and Procedure can be searched by code (system|code), and Observation by category',
  requirements: ['LHCR-SRCH-04'],
  inputs:
    "A system|code taken from one of the baseline patient's records of each type (never a placeholder such as UNK)",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client } = baselineContext(context);
    const wanted: [string, string][] = [
      ['Observation', 'code'],
      ['Condition', 'code'],
      ['Procedure', 'code'],
      ['Observation', 'category'],
    ];
    let searched = 0;
    for (const [type, param] of wanted) {
      const declared = context.blueprint.capability?.resources
        .find((resource) => resource.type === type)
        ?.searchParams?.some((candidate) => candidate.name === param && candidate.level === 'MUST');
      if (declared !== true) continue;
      const records = byId(recordsOf(context, type));
      const source = records.find((record) => tokenValueOf(json(record), param) !== undefined);
      const value = source === undefined ? undefined : tokenValueOf(json(source), param);
      if (source === undefined || value === undefined) {
        context.note(`${type} ${param}: no baseline record has a code to search with`);
        continue;
      }
      const first = await client.search(type as ResourceType, { [param]: value, _count: 100 });
      searched += 1;
      const matches = matchesOf(first).filter((resource) => resource.resourceType === type);
      const wrong = matches.filter(
        (resource) => resourceMatchesToken(json(resource), param, value) !== true,
      );
      context.check(
        wrong.length === 0,
        wrong.length === 0
          ? `${type}?${param}=<a ${type} code>: ${String(matches.length)} match(es), each with that code`
          : `${type}?${param}=${value} returned ${listed(wrong.map(refOf))}, which lack that code`,
      );
      const complete = !hasNextLink(first);
      if (complete) {
        context.check(
          matches.some((resource) => refOf(resource) === refOf(source)),
          `${type}?${param}=${value} includes ${refOf(source)}, whose code it is`,
        );
      }
    }
    if (searched === 0) context.skip('no baseline record has a code to search with');
  },
};

const lastUpdated: ConformanceTest = {
  id: 'search.last-updated',
  title: '_lastUpdated honours ge, gt, le and lt',
  requirements: ['LHCR-SRCH-05'],
  inputs:
    'For each type with baseline records, and for Patient: a meta.lastUpdated taken from a returned resource, with each prefix',
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const prefixes: DatePrefix[] = ['ge', 'gt', 'le', 'lt'];
    const groups: [string, Record<string, string>, readonly Resource[]][] = [
      ...context.need(RECORDS),
    ]
      .filter(([, records]) => records.length > 0)
      .map(([type, records]) => [type, { patient: `Patient/${patientId}` }, records]);
    if (patient.resource !== undefined) {
      groups.unshift([
        'Patient',
        { identifier: `${NHS_SYSTEM}|${patient.nhsNumber}` },
        [patient.resource],
      ]);
    }
    let searched = 0;
    for (const [type, params, records] of groups) {
      const value = byId(records)
        .map((record) => stringField(field(json(record), 'meta'), 'lastUpdated'))
        .find((candidate) => candidate !== undefined);
      if (value === undefined) continue;
      for (const prefix of prefixes) {
        const result = await searchAll(client, type as ResourceType, {
          ...params,
          _lastUpdated: `${prefix}${value}`,
        });
        searched += 1;
        compare(
          context,
          `${type}?_lastUpdated=${prefix}${value}`,
          result.matches,
          records,
          (record) => resourceMatchesDate(json(record), '_lastUpdated', prefix, value),
        );
      }
    }
    if (searched === 0) context.skip('no returned resource has meta.lastUpdated to search with');
  },
};

const paging: ConformanceTest = {
  id: 'search.paging',
  title: 'Paging with _count returns every match once, and _count=100 is honoured',
  requirements: ['LHCR-SRCH-06'],
  inputs:
    "The baseline patient's most numerous record type, with _count=1 (every page followed) and with _count=100",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const [type, records] = [...context.need(RECORDS)].sort(
      (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
    )[0] ?? ['', []];
    if (records.length < 2)
      context.skip('no record type of the baseline patient has two or more records');
    const paged = await searchAll(client, type as ResourceType, {
      patient: `Patient/${patientId}`,
      _count: 1,
    });
    const tooBig = paged.pages.filter((page) => matchesOf(page).length > 1);
    context.check(
      tooBig.length === 0,
      `${type}?_count=1: ${String(paged.pages.length)} page(s), none with more than one match`,
    );
    const refs = paged.matches.map(refOf);
    const duplicates = refs.filter((ref, index) => refs.indexOf(ref) !== index);
    context.check(
      duplicates.length === 0,
      duplicates.length === 0
        ? `${type}?_count=1: no match appears twice`
        : `${type}?_count=1 returned ${listed([...new Set(duplicates)])} more than once`,
    );
    const expected = records.map(refOf);
    const missing = expected.filter((ref) => !refs.includes(ref));
    context.check(
      missing.length === 0,
      missing.length === 0
        ? `${type}?_count=1: following next to the end returned all ${String(expected.length)} records`
        : `${type}?_count=1: following next to the end missed ${listed(missing)} (${String(refs.length)} of ${String(expected.length)} returned)`,
    );
    if (records.length <= 100) {
      const first = await client.search(type as ResourceType, {
        patient: `Patient/${patientId}`,
        _count: 100,
      });
      const count = matchesOf(first).length;
      context.check(
        count === records.length,
        `${type}?_count=100: the first page holds ${String(count)} of the ${String(records.length)} records; expected all of them`,
      );
    }
  },
};

/** The refs of a search's matches, sorted. */
function sortedRefs(resources: readonly Resource[]): string[] {
  return resources.map(refOf).sort();
}

const postSearch: ConformanceTest = {
  id: 'search.post',
  title: 'POST [type]/_search returns what the same GET search returns',
  requirements: ['LHCR-SRCH-07'],
  inputs:
    'A Patient search by NHS number and a search by patient, as GET and as POST _search with a form body',
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const type = [...context.need(RECORDS)].find(([, records]) => records.length > 0)?.[0];
    const searches: [string, SearchParams][] = [
      ['Patient', { identifier: `${NHS_SYSTEM}|${patient.nhsNumber}` }],
    ];
    if (type !== undefined) searches.push([type, { patient: `Patient/${patientId}` }]);
    for (const [searchType, params] of searches) {
      const get = await searchAll(client, searchType as ResourceType, params);
      try {
        const post = await searchAll(client, searchType as ResourceType, params, { usePost: true });
        const a = sortedRefs(get.matches);
        const b = sortedRefs(post.matches);
        context.check(
          JSON.stringify(a) === JSON.stringify(b),
          JSON.stringify(a) === JSON.stringify(b)
            ? `POST ${searchType}/_search returned the same ${String(a.length)} resource(s) as GET`
            : `POST ${searchType}/_search returned ${listed(b)}; GET returned ${listed(a)}`,
        );
      } catch (thrown) {
        if (!isFhirServerError(thrown)) throw thrown;
        context.fail(
          `POST ${searchType}/_search answered ${String(thrown.status)}; GET answered 200`,
        );
      }
    }
  },
};

const everything: ConformanceTest = {
  id: 'search.everything',
  title: 'Patient $everything returns the patient and their whole record, paged',
  requirements: ['LHCR-SRCH-08'],
  inputs:
    'GET Patient/<baseline id>/$everything, every page, against the records found by patient searches',
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const result = await allPages(client, await client.everything(patientId));
    const refs = new Set(result.entries.map(refOf));
    context.check(refs.has(`Patient/${patientId}`), '$everything holds the Patient');
    const expected = [...context.need(RECORDS).values()].flat().map(refOf);
    const missing = expected.filter((ref) => !refs.has(ref));
    context.check(
      missing.length === 0,
      missing.length === 0
        ? `$everything holds all ${String(expected.length)} records the patient searches found (${String(result.pages.length)} page(s))`
        : `$everything lacks ${listed(missing)} (${String(missing.length)} of ${String(expected.length)} records the patient searches found)`,
    );
  },
};

const includes: ConformanceTest = {
  id: 'search.include',
  title: "The blueprint's _include values bring in the referenced resources",
  requirements: ['LHCR-SRCH-09'],
  inputs:
    'For each _include the server declares: a search of the baseline patient (or of a practitioner taken from the records) with it',
  needs: [CAPABILITY, PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    const declared = declaredResources(context.need(CAPABILITY));
    const allRecords = [...context.need(RECORDS).values()].flat();
    let tried = 0;
    for (const resource of context.blueprint.capability?.resources ?? []) {
      for (const include of resource.includes ?? []) {
        const offered = strings(declared.get(resource.type)?.['searchInclude']).includes(
          include.value,
        );
        if (!offered) {
          context.note(`${include.value} is not declared in searchInclude (${include.level})`);
          continue;
        }
        const element = include.value.split(':')[1] ?? '';
        let params: SearchParams;
        if (resource.searchParams?.some((param) => param.name === 'patient') === true) {
          params = { patient: `Patient/${patientId}` };
        } else {
          const practitioner = allRecords
            .flatMap((record) => [
              field(json(record), 'recorder'),
              ...asArray(field(json(record), 'performer')),
            ])
            .map((reference) => referenceTarget(reference))
            .find((ref) => ref?.startsWith('Practitioner/'));
          if (practitioner === undefined) {
            context.note(`${include.value}: no practitioner to search ${resource.type} by`);
            continue;
          }
          params = { practitioner };
        }
        const result = await searchAll(client, resource.type as ResourceType, {
          ...params,
          _include: include.value,
        });
        tried += 1;
        const targetField = element === 'service-provider' ? 'serviceProvider' : element;
        const wanted = new Set(
          result.matches
            .flatMap((match) => asArray(field(json(match), targetField)))
            .map((reference) => referenceTarget(reference))
            .filter((ref): ref is string => ref !== undefined),
        );
        const included = new Set(result.entries.map(refOf));
        const missing = [...wanted].filter((ref) => !included.has(ref));
        context.check(
          wanted.size > 0 && missing.length === 0,
          wanted.size === 0
            ? `${resource.type}?_include=${include.value}: no match references anything to include`
            : missing.length === 0
              ? `${resource.type}?_include=${include.value} brought in ${listed([...wanted])}`
              : `${resource.type}?_include=${include.value} did not include ${listed(missing)}`,
        );
      }
    }
    if (tried === 0)
      context.omit("the server declares none of the blueprint's _include values (optional)");
  },
};

const combinations: ConformanceTest = {
  id: 'search.combinations',
  title: 'The required parameter combinations return the intersection',
  requirements: ['LHCR-SRCH-10'],
  inputs:
    "Each MUST combination, with the patient first and the other values taken from one of the baseline patient's records",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client, patientId } = baselineContext(context);
    let searched = 0;
    for (const resource of context.blueprint.capability?.resources ?? []) {
      if (resource.type === 'AuditEvent') continue;
      for (const combination of resource.combinations ?? []) {
        if (combination.level !== 'MUST' || !combination.params.includes('patient')) continue;
        const others = combination.params.filter((param) => param !== 'patient');
        const paramTypes = new Map(
          (resource.searchParams ?? []).map((param) => [param.name, param.type]),
        );
        const records = byId(recordsOf(context, resource.type));
        const valueFor = (record: Resource, param: string): string | undefined => {
          if (paramTypes.get(param) === 'date') {
            const value = (dateValuesOf(json(record), param) ?? [])
              .map(searchValueOf)
              .find((v) => v !== undefined);
            return value === undefined ? undefined : `ge${value}`;
          }
          return isKnownToken(resource.type, param) ? tokenValueOf(json(record), param) : undefined;
        };
        const source = records.find((record) =>
          others.every((param) => valueFor(record, param) !== undefined),
        );
        if (source === undefined) {
          context.note(
            `${resource.type} ${combination.params.join('+')}: no baseline record has values for every parameter`,
          );
          continue;
        }
        const params: Record<string, string> = { patient: `Patient/${patientId}` };
        for (const param of others) params[param] = valueFor(source, param) ?? '';
        const result = await searchAll(client, resource.type as ResourceType, params);
        searched += 1;
        const label = `${resource.type}?${Object.keys(params).join('&')}`;
        compare(context, label, result.matches, records, (record) => {
          let verdict: boolean | undefined = true;
          for (const param of others) {
            const value = params[param] ?? '';
            const match =
              paramTypes.get(param) === 'date'
                ? resourceMatchesDate(json(record), param, 'ge', value.slice(2))
                : resourceMatchesToken(json(record), param, value);
            if (match === false) return false;
            if (match === undefined) verdict = undefined;
          }
          return verdict;
        });
      }
    }
    if (searched === 0)
      context.skip('no MUST combination could be given values from the baseline records');
  },
};

const identifiers: ConformanceTest = {
  id: 'search.identifiers',
  title: 'Organizations are found by ODS code and Practitioners by SDS user id',
  requirements: ['LHCR-SRCH-12'],
  inputs:
    'An ODS code and an SDS user id read from organisations and practitioners the records reference',
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const { client } = baselineContext(context);
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const allRecords = [...context.need(RECORDS).values()].flat();
    const references = [
      ...asArray(field(patient.resource, 'generalPractitioner')),
      ...allRecords.flatMap((record) => [
        field(json(record), 'serviceProvider'),
        field(json(record), 'custodian'),
        field(json(record), 'recorder'),
        ...asArray(field(json(record), 'performer')),
        ...asArray(field(json(record), 'participant')).map((participant) =>
          field(participant, 'individual'),
        ),
      ]),
    ]
      .map((reference) => referenceTarget(reference))
      .filter((ref): ref is string => ref !== undefined);
    let searched = 0;
    for (const [type, system] of [
      ['Organization', ODS_SYSTEM],
      ['Practitioner', SDS_USER_SYSTEM],
    ] as const) {
      const ref = [...new Set(references)]
        .sort()
        .find((candidate) => candidate.startsWith(`${type}/`));
      if (ref === undefined) {
        context.note(`no ${type} is referenced by the baseline records`);
        continue;
      }
      const id = followableId(context, ref.slice(type.length + 1), `the id in ${ref}`);
      const read = json(await client.read(type, id));
      const value = asArray(read['identifier']).find(
        (identifier) => stringField(identifier, 'system') === system,
      );
      const code = stringField(value, 'value');
      if (code === undefined) {
        context.note(`${ref} has no identifier under ${system} to search with`);
        continue;
      }
      const result = await searchAll(client, type, { identifier: `${system}|${code}` });
      searched += 1;
      const wrong = result.matches.filter(
        (match) =>
          !asArray(json(match)['identifier']).some(
            (identifier) =>
              stringField(identifier, 'system') === system &&
              stringField(identifier, 'value') === code,
          ),
      );
      context.check(
        wrong.length === 0 && result.matches.some((match) => refOf(match) === ref),
        wrong.length > 0
          ? `${type}?identifier=${system}|${code} returned ${listed(wrong.map(refOf))}, which do not carry it`
          : `${type}?identifier=${system}|${code} ${result.matches.some((match) => refOf(match) === ref) ? 'found' : 'did not find'} ${ref}`,
      );
    }
    if (searched === 0)
      context.skip('no referenced organisation or practitioner has an identifier to search with');
  },
};

/**
 * The search group: by patient, dates with prefixes, codes, last update, paging, POST, $everything,
 * _include, combinations and identifiers; every value from earlier responses.
 *
 * @example
 * ```ts
 * searchGroup().tests.map((test) => test.id);
 * ```
 */
export function searchGroup(): TestGroup {
  return {
    id: 'search',
    title: 'Search and retrieval',
    description:
      'How clients find and page through records; every search value comes from an earlier response.',
    tests: [
      patientRecords,
      dates,
      byCode,
      lastUpdated,
      paging,
      postSearch,
      everything,
      includes,
      combinations,
      identifiers,
    ],
  };
}
