import { basename } from 'node:path';
import { createValidator } from '@lhcr/validator';
import { r4CoreDefinitions } from '@lhcr/validator/node';
import { DeidError } from '../errors';
import { DeidPipeline } from '../pipeline/deid-pipeline';
import type { DeidOptions, OutputValidator } from '../pipeline/deid-pipeline';
import type { DeidReport } from '../pipeline/report';
import { RiskMeter } from '../risk/risk-meter';
import type { RiskPolicy, RiskReport } from '../risk/risk-meter';
import { LineSplitter } from '../internal/lines';
import { openOutput, textChunks } from './files';
import { nodeHmacSha256 } from './node-hmac';

/**
 * Options of {@link deidentifyFile}: those of the pipeline, plus `validate` (`true` checks every
 * output resource against base FHIR R4 with `@lhcr/validator`) and `keepOnFailure` (write the
 * output even when the report is not ok; by default a failing extract is not written).
 *
 * @example
 * ```ts
 * const options: DeidFileOptions = { policy, key, extractDate: '2025-03-01', optOut, validate: true };
 * ```
 */
export interface DeidFileOptions extends Omit<DeidOptions, 'validate' | 'source'> {
  readonly validate?: boolean | OutputValidator;
  readonly keepOnFailure?: boolean;
}

/**
 * What {@link deidentifyFile} did: the report, and whether the output was written.
 *
 * @example
 * ```ts
 * const { report, written } = await deidentifyFile(['Patient.ndjson'], 'extract.ndjson', options);
 * ```
 */
export interface DeidFileResult {
  readonly report: DeidReport;
  readonly written: boolean;
}

/**
 * A validator of de-identified resources against base FHIR R4 (`@lhcr/validator` with the R4
 * core definitions; SNOMED CT and dm+d codes are not looked up).
 *
 * @example
 * ```ts
 * const { report } = deidentifyNdjson(text, { ...options, validate: r4OutputValidator() });
 * ```
 */
export function r4OutputValidator(): OutputValidator {
  const validator = createValidator({
    definitions: r4CoreDefinitions(),
    reportUnverifiedCodes: false,
  });
  return (resource) => validator.validate(resource);
}

/** Patient files first, so the risk measure meets Patients before their other resources. */
function patientsFirst(inputs: readonly string[]): string[] {
  const rank = (path: string): number => (/^patient/i.test(basename(path)) ? 0 : 1);
  return [...inputs].sort((a, b) => rank(a) - rank(b));
}

/**
 * De-identifies FHIR Bulk Data NDJSON files (any resource types; Patient files are read first)
 * into one NDJSON file, streaming, in two passes over the input (more when restricted code
 * lists need linking passes), with memory bounded by the patients and equivalence classes. The
 * output goes to `<output>.partial` and is renamed to `output` only when the report is ok (or
 * `keepOnFailure`). HMACs use node:crypto unless `hmac` says otherwise.
 *
 * @throws {DeidError} `key`, `policy`, `config` for bad options; `io` when a file cannot be read or written; `limit` for an over-long line.
 * @example
 * ```ts
 * const { key } = await readPseudonymKey({ file: 'deid.key' });
 * const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
 * if (!loaded.ok) throw new Error('policy');
 * const { report, written } = await deidentifyFile(['Patient.ndjson', 'Observation.ndjson'], 'extract.ndjson', {
 *   policy: loaded.policy,
 *   key,
 *   extractDate: '2025-03-01',
 *   optOut: { request: { purpose: 'planning', identifiability: 'pseudonymised', date: '2025-03-01' }, registers },
 * });
 * ```
 */
export async function deidentifyFile(
  inputs: string | readonly string[],
  output: string | ((text: string) => void | Promise<void>),
  options: DeidFileOptions,
): Promise<DeidFileResult> {
  const files = patientsFirst(typeof inputs === 'string' ? [inputs] : inputs);
  if (files.length === 0) throw new DeidError('config', 'no input files');
  const { validate: validateOption, keepOnFailure, ...pipelineOptions } = options;
  const validate =
    validateOption === true
      ? r4OutputValidator()
      : validateOption === false
        ? undefined
        : validateOption;
  const pipeline = new DeidPipeline({
    ...pipelineOptions,
    hmac: options.hmac ?? nodeHmacSha256,
    ...(validate === undefined ? {} : { validate }),
    source: basename(files[0] ?? ''),
  });
  for (const file of files) {
    const index = pipeline.indexer(basename(file));
    for await (const chunk of textChunks(file)) index.push(chunk);
    index.push('\n');
    index.end();
  }
  for (let pass = 0; pipeline.needsLinkPass && pass < 20; pass += 1) {
    for (const file of files) {
      const link = pipeline.linker();
      for await (const chunk of textChunks(file)) link.push(chunk);
      link.push('\n');
      link.end();
    }
  }
  const sink = typeof output === 'string' ? await openOutput(output) : undefined;
  const write = async (text: string): Promise<void> => {
    if (text === '') return;
    if (sink !== undefined) await sink.write(text);
    else if (typeof output !== 'string') await output(text);
  };
  try {
    for (const file of files) {
      const writer = pipeline.writer(basename(file));
      for await (const chunk of textChunks(file)) await write(writer.push(chunk));
      await write(writer.push('\n'));
      await write(writer.end());
    }
  } catch (error) {
    await sink?.abort();
    throw error;
  }
  const report = pipeline.report();
  const keep = report.ok || keepOnFailure === true;
  if (sink !== undefined) {
    if (keep) await sink.commit();
    else await sink.abort();
  }
  return { report, written: keep };
}

/**
 * Measures k-anonymity and l-diversity over an NDJSON extract file (one pass, streaming); lines
 * that are not JSON are skipped.
 *
 * @example
 * ```ts
 * const risk = await measureRiskFile('extract.ndjson', policy);
 * if (!risk.ok) console.error(`k = ${String(risk.kAnonymity.k)}`);
 * ```
 */
export async function measureRiskFile(path: string, policy: RiskPolicy): Promise<RiskReport> {
  const meter = new RiskMeter(policy);
  const lines = new LineSplitter(64 * 1024 * 1024, basename(path));
  const onLine = (line: { text: string }): void => {
    if (line.text.trim() === '') return;
    try {
      meter.observe(JSON.parse(line.text));
    } catch {
      // Not JSON: not a record to measure.
    }
  };
  for await (const chunk of textChunks(path)) lines.push(chunk, onLine);
  lines.end(onLine);
  return meter.result();
}
