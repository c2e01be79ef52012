// De-identification throughput of @lhcr/deid over a generated population of more than a million
// FHIR resources, streamed as NDJSON text made on the fly (never held whole), with the core
// blueprint's anonymisation policy: opt-outs, pseudonyms, generalisation, k-anonymity
// suppression and l-diversity measured on the output. The baseline is the floor any NDJSON
// transform pays: parsing every line and serialising it again, over the same generated text in
// the same run. Peak memory is the largest process RSS sampled during each run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NHS_NUMBER_SYSTEM, UK_CORE_EXTENSIONS, generateTestNhsNumber } from '@lhcr/models';
import { NhsNumberSet, createNationalOptOutRegister } from '@lhcr/optout';
import { DeidPipeline, createPseudonymKey } from '@lhcr/deid';
import { loadDeidPolicy, nodeHmacSha256 } from '@lhcr/deid/node';
import { formatRate } from '../lib/measure.mjs';

export const title = 'De-identification of streamed NDJSON (1 thread)';

// A full garbage collection on demand, to tell the heap the pipeline keeps from garbage not yet
// collected (which is most of the peak RSS of an allocation-heavy run).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

// Each patient has 10 resources (1 Patient, 4 Observations, 3 Conditions, 2 Encounters), so
// 100,000 patients make 1,000,000 resources; LHCR_BENCH_DEID_PATIENTS changes it for profiling.
const PATIENTS = Number(process.env.LHCR_BENCH_DEID_PATIENTS ?? 100_000);
const LINES_PER_CHUNK = 2_000;
const POSTCODES = ['LS1 4AP', 'LS2 9JT', 'LS6 2AB', 'BD7 1DP', 'HX1 2LN', 'WF1 2EB', 'HD1 2TA'];
const ETHNIC = ['A', 'A', 'A', 'B', 'H', 'J', 'M', 'R'];
const CONDITIONS = ['44054006', '38341003', '195967001', '13645005', '49436004'];

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

function population() {
  const random = seeded(17);
  const numbers = new Set();
  while (numbers.size < PATIENTS) numbers.add(generateTestNhsNumber(random));
  return [...numbers];
}

/**
 * The NDJSON text, as chunks of lines, made afresh (and identically) on every call. Lines are
 * written as text (their values hold no characters JSON would escape), so making them costs
 * little beside the work measured.
 */
function* chunks(numbers) {
  const random = seeded(29);
  const ethnicUrl = UK_CORE_EXTENSIONS.ethnicCategory;
  let lines = [];
  for (let index = 0; index < numbers.length; index += 1) {
    const id = `p${index}`;
    const nhsNumber = numbers[index];
    const birthDate = `${1930 + Math.floor(random() * 90)}-0${1 + (index % 9)}-1${index % 10}`;
    const practice = `B8${String(index % 300).padStart(4, '0')}`;
    lines.push(
      `{"resourceType":"Patient","id":"${id}","meta":{"profile":["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},` +
        `"extension":[{"url":"${ethnicUrl}","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland","code":"${ETHNIC[index % ETHNIC.length]}"}]}}],` +
        `"identifier":[{"system":"${NHS_NUMBER_SYSTEM}","value":"${nhsNumber}"}],"name":[{"family":"Synthetic${index}","given":["Test"]}],` +
        `"telecom":[{"system":"phone","value":"0113 ${4960000 + index}"}],"gender":"${index % 2 === 0 ? 'female' : 'male'}","birthDate":"${birthDate}",` +
        `"address":[{"use":"home","line":["${index} Example Street"],"postalCode":"${POSTCODES[index % POSTCODES.length]}"}],` +
        `"generalPractitioner":[{"reference":"Organization/${practice}"}]}`,
    );
    for (let round = 0; round < 4; round += 1) {
      lines.push(
        `{"resourceType":"Observation","id":"o${index}-${round}","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},` +
          `"subject":{"reference":"Patient/${id}"},"effectiveDateTime":"2024-0${1 + round}-15T09:30:00Z",` +
          `"valueQuantity":{"value":${50 + (index % 40)},"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"},` +
          `"note":[{"text":"Weighed by the practice nurse; patient ${nhsNumber}"}]}`,
      );
    }
    for (let round = 0; round < 3; round += 1) {
      lines.push(
        `{"resourceType":"Condition","id":"c${index}-${round}","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},` +
          `"code":{"coding":[{"system":"http://snomed.info/sct","code":"${CONDITIONS[(index + round) % CONDITIONS.length]}"}]},` +
          `"subject":{"reference":"Patient/${id}"},"onsetDateTime":"2019-0${1 + round}-0${1 + (index % 8)}"}`,
      );
    }
    for (let round = 0; round < 2; round += 1) {
      lines.push(
        `{"resourceType":"Encounter","id":"e${index}-${round}","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},` +
          `"subject":{"reference":"Patient/${id}","display":"Synthetic${index}"},"period":{"start":"2024-02-03T10:00:00Z","end":"2024-02-03T10:30:00Z"},` +
          `"serviceProvider":{"reference":"Organization/RR8"}}`,
      );
    }
    if (lines.length >= LINES_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

function memory() {
  let peak = process.memoryUsage().rss;
  return {
    sample() {
      const rss = process.memoryUsage().rss;
      if (rss > peak) peak = rss;
    },
    get peak() {
      return peak;
    },
  };
}

function baseline(numbers) {
  const rss = memory();
  const start = process.hrtime.bigint();
  let resources = 0;
  let bytes = 0;
  for (const chunk of chunks(numbers)) {
    for (const line of chunk.split('\n')) {
      if (line === '') continue;
      bytes += JSON.stringify(JSON.parse(line)).length;
      resources += 1;
    }
    rss.sample();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { resources, seconds, peak: rss.peak, bytes };
}

async function deidentify(numbers) {
  const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
  if (!loaded.ok) throw new Error('the core blueprint policy did not load');
  const register = createNationalOptOutRegister({
    id: 'bench',
    asOf: '2025-02-28',
    checked: NhsNumberSet.from(numbers),
    cleared: NhsNumberSet.from(numbers.filter((_, index) => index % 20 !== 0)),
  });
  const random = seeded(5);
  const key = createPseudonymKey(Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
  const rss = memory();
  const start = process.hrtime.bigint();
  const pipeline = new DeidPipeline({
    policy: loaded.policy,
    key,
    extractDate: '2025-03-01',
    project: 'bench',
    optOut: {
      request: {
        purpose: 'planning',
        identifiability: 'pseudonymised',
        origin: 'non-gp',
        date: '2025-03-01',
      },
      registers: { nationalOptOut: register },
      ...(loaded.optOutPolicy === undefined ? {} : { policy: loaded.optOutPolicy }),
    },
    hmac: nodeHmacSha256,
  });
  const index = pipeline.indexer();
  for (const chunk of chunks(numbers)) {
    index.push(chunk);
    rss.sample();
  }
  index.end();
  const indexed = process.hrtime.bigint();
  const writer = pipeline.writer();
  let bytes = 0;
  for (const chunk of chunks(numbers)) {
    bytes += writer.push(chunk).length;
    rss.sample();
  }
  bytes += writer.end().length;
  const end = process.hrtime.bigint();
  const report = pipeline.report();
  collectGarbage();
  const retained = process.memoryUsage().heapUsed;
  return {
    resources: report.counts.read,
    written: report.counts.written,
    seconds: Number(end - start) / 1e9,
    indexSeconds: Number(indexed - start) / 1e9,
    peak: rss.peak,
    retained,
    bytes,
    report,
  };
}

const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;

export async function run() {
  const numbers = population();
  const floor = baseline(numbers);
  const ours = await deidentify(numbers);
  const k = ours.report.risk.kAnonymity;
  const l = ours.report.risk.lDiversity;
  return [
    {
      case: `${floor.resources.toLocaleString('en-GB')} resources, ${PATIENTS.toLocaleString('en-GB')} patients (2 passes; index pass ${ours.indexSeconds.toFixed(1)} s)`,
      peer: 'JSON.parse + JSON.stringify, 1 pass',
      peerFigure: `${formatRate(floor.resources / floor.seconds)} (${floor.seconds.toFixed(1)} s)`,
      ours: `${formatRate(ours.resources / ours.seconds)} (${ours.seconds.toFixed(1)} s)`,
      ratio: `${(floor.seconds / ours.seconds).toFixed(2)}x`,
    },
    {
      case: 'peak RSS (process, sampled per chunk)',
      peer: 'JSON.parse + JSON.stringify, 1 pass',
      peerFigure: mb(floor.peak),
      ours: mb(ours.peak),
      ratio: `${(ours.peak / floor.peak).toFixed(2)}x`,
    },
    {
      case: 'heap kept by the pipeline at the end (after a full GC)',
      peer: '',
      peerFigure: '',
      ours: `${mb(ours.retained)} (opt-out index, classes, per-patient l-diversity map, caches)`,
    },
    {
      case: 'output',
      peer: 'JSON.parse + JSON.stringify, 1 pass',
      peerFigure: mb(floor.bytes),
      ours: `${mb(ours.bytes)}; ${ours.written.toLocaleString('en-GB')} written, opted out ${ours.report.counts.optedOut.toLocaleString('en-GB')}, suppressed ${ours.report.counts.suppressed.toLocaleString('en-GB')}; k = ${k.k} (≥ ${k.threshold}), l = ${l?.l ?? 'n/a'}`,
    },
  ];
}
