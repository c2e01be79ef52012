import type { Resource } from '@lhcr/models';
import { DeidPipeline } from './deid-pipeline';
import type { DeidOptions } from './deid-pipeline';
import type { DeidReport } from './report';

/**
 * De-identifies FHIR Bulk Data NDJSON held in memory (both passes over the text). For files and
 * streams use `deidentifyFile` from `@lhcr/deid/node`, or {@link DeidPipeline}.
 *
 * @example
 * ```ts
 * const { output, report } = deidentifyNdjson(text, { policy, key, extractDate: '2025-03-01', optOut });
 * if (!report.ok) throw new Error(`k = ${String(report.risk.kAnonymity.k)}`);
 * ```
 */
export function deidentifyNdjson(
  text: string,
  options: DeidOptions,
): { readonly output: string; readonly report: DeidReport } {
  const pipeline = new DeidPipeline(options);
  const index = pipeline.indexer();
  index.push(text);
  index.end();
  for (let pass = 0; pipeline.needsLinkPass && pass < 20; pass += 1) {
    const link = pipeline.linker();
    link.push(text);
    link.end();
  }
  const writer = pipeline.writer();
  const output = writer.push(text) + writer.end();
  return { output, report: pipeline.report() };
}

/**
 * De-identifies FHIR resources held in memory (any types, Bundles included; the inputs are not
 * changed). This is the call for a server building a planning extract from resources it holds.
 *
 * @example
 * ```ts
 * const { resources, report } = deidentifyResources(patientsAndObservations, {
 *   policy: blueprint.anonymisationPolicy!,
 *   key,
 *   extractDate: '2025-03-01',
 *   optOut: { request, registers, policy: blueprint.optOutPolicy?.policy },
 * });
 * ```
 */
export function deidentifyResources(
  resources: readonly unknown[],
  options: DeidOptions,
): { readonly resources: Resource[]; readonly report: DeidReport } {
  if (options.optOut.restricted !== undefined && options.optOut.restricted.lists.length > 0) {
    // Withholding restricted data needs the NDJSON filter's linking passes.
    const text = resources.map((resource) => JSON.stringify(resource)).join('\n');
    const { output, report } = deidentifyNdjson(text, options);
    const out = output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Resource);
    return { resources: out, report };
  }
  const pipeline = new DeidPipeline(options);
  for (const resource of resources) pipeline.indexResource(resource);
  const out: Resource[] = [];
  resources.forEach((resource, index) => {
    const next = pipeline.processResource(resource, index + 1);
    if (next !== undefined) out.push(next);
  });
  return { resources: out, report: pipeline.report() };
}
