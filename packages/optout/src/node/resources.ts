import { extname } from 'node:path';
import { IssueCollector } from '../internal/issue-collector';
import { LineSplitter } from '../internal/lines';
import type { OptOutIssue } from '../issues';
import { MAX_NDJSON_LINE_CHARS } from '../bulk/ndjson';
import { readTextChunks, readTextFile } from './files';

/**
 * The largest single JSON document (a Bundle) the Node loaders read whole, in bytes (256 MiB).
 *
 * @example
 * ```ts
 * await filterFile('bundle.json', 'out.json', { ...options, maxDocumentBytes: MAX_DOCUMENT_BYTES });
 * ```
 */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/**
 * The shapes of FHIR file the Node helpers read: NDJSON (one resource per line) or one JSON
 * document (a Bundle or a single resource).
 *
 * @example
 * ```ts
 * const format: FhirFileFormat = fhirFileFormat('export/Patient.ndjson'); // 'ndjson'
 * ```
 */
export type FhirFileFormat = 'ndjson' | 'json';

/**
 * The format of a FHIR file from its extension: `.ndjson`, `.jsonl` and `.ndjson.gz`-less names
 * are NDJSON; `.json` is one document; anything else is NDJSON (Bulk Data's default).
 *
 * @example
 * ```ts
 * fhirFileFormat('bundle.json'); // 'json'
 * ```
 */
export function fhirFileFormat(path: string): FhirFileFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'ndjson';
}

/**
 * One resource read from a file, with its Bundle `fullUrl` or NDJSON line number.
 *
 * @example
 * ```ts
 * const item: FhirFileItem = { resource, line: 12 };
 * ```
 */
export interface FhirFileItem {
  readonly resource: Record<string, unknown>;
  readonly fullUrl?: string;
  readonly line?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the FHIR resources of an NDJSON file (streaming) or a JSON file (a Bundle's entry
 * resources, or one resource). Lines and entries that are not resources are reported in
 * `issues` by line or entry number and skipped.
 *
 * @example
 * ```ts
 * const issues: OptOutIssue[] = [];
 * for await (const { resource } of readFhirResources('consents.ndjson', issues)) builder.addConsent(resource, index);
 * ```
 */
export async function* readFhirResources(
  path: string,
  issues: OptOutIssue[],
  maxDocumentBytes = MAX_DOCUMENT_BYTES,
): AsyncGenerator<FhirFileItem> {
  const collector = new IssueCollector(path);
  try {
    if (fhirFileFormat(path) === 'json') {
      const text = await readTextFile(path, maxDocumentBytes);
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        collector.add('json', 'error', 'structure', 'the file is not JSON');
        return;
      }
      if (!isRecord(document) || typeof document['resourceType'] !== 'string') {
        collector.add('json', 'error', 'structure', 'the file is not a FHIR resource');
        return;
      }
      if (document['resourceType'] !== 'Bundle') {
        yield { resource: document };
        return;
      }
      const entries = Array.isArray(document['entry']) ? document['entry'] : [];
      for (const [index, entry] of entries.entries()) {
        const resource = isRecord(entry) ? entry['resource'] : undefined;
        if (!isRecord(resource) || typeof resource['resourceType'] !== 'string') {
          collector.add(
            'entry',
            'error',
            'structure',
            `Bundle entry ${String(index)} holds no FHIR resource`,
          );
          continue;
        }
        const fullUrl =
          isRecord(entry) && typeof entry['fullUrl'] === 'string' ? entry['fullUrl'] : undefined;
        yield fullUrl === undefined ? { resource } : { resource, fullUrl };
      }
      return;
    }
    const lines = new LineSplitter(MAX_NDJSON_LINE_CHARS, path);
    const parse = function* (line: { text: string; number: number }): Generator<FhirFileItem> {
      if (line.text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        collector.add('line', 'error', 'structure', 'line is not JSON', line.number);
        return;
      }
      if (!isRecord(value) || typeof value['resourceType'] !== 'string') {
        collector.add('line', 'error', 'structure', 'line is not a FHIR resource', line.number);
        return;
      }
      yield { resource: value, line: line.number };
    };
    for await (const chunk of readTextChunks(path)) {
      for (const line of lines.push(chunk)) yield* parse(line);
    }
    for (const line of lines.end()) yield* parse(line);
  } finally {
    issues.push(...collector.list());
  }
}
