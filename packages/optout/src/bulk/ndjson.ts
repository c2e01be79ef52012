import type { Reference } from '@lhcr/models';
import { LineSplitter } from '../internal/lines';
import type { Line } from '../internal/lines';
import {
  RestrictionAuditBuilder,
  findRestrictedCode,
  linkedWithheld,
  patientKeyOf,
  patientReferenceOf,
  stripWithheldReferences,
  withheldItemsList,
} from '../restricted/withhold';
import type { WithheldKeyInfo, WithheldItem } from '../restricted/withhold';
import { filterBundle } from './bundle';
import { FILTER_RULE_IDS, OptOutFilter } from './opt-out-filter';
import type { OptOutAuditSummary, OptOutFilterOptions } from './opt-out-filter';

/**
 * The longest NDJSON line the filters accept by default, in characters (64 MiB).
 *
 * @example
 * ```ts
 * new NdjsonOptOutFilter(filter, { maxLineChars: MAX_NDJSON_LINE_CHARS });
 * ```
 */
export const MAX_NDJSON_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Options for {@link NdjsonOptOutFilter}: a source name for issues and the line-length limit.
 *
 * @example
 * ```ts
 * const options: NdjsonFilterOptions = { source: 'Observation.ndjson' };
 * ```
 */
export interface NdjsonFilterOptions {
  readonly source?: string;
  readonly maxLineChars?: number;
}

/**
 * Something that takes text in chunks.
 *
 * @example
 * ```ts
 * const sink: ChunkSink<void> = filter.indexer();
 * sink.push(chunk);
 * sink.end();
 * ```
 */
export interface ChunkSink<T> {
  push(chunk: string): T;
  end(): T;
}

/** Matches a line that may hold a Patient resource (a cheap test before parsing). */
const PATIENT_LINE = /"resourceType"\s*:\s*"Patient"/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Filters FHIR Bulk Data NDJSON (one resource per line, any resource types, Bundles included)
 * in streaming passes with memory bounded by the patients indexed, never by the resources:
 *
 * 1. `indexer()` (optional, recommended): reads Patient lines into the patient index and, with
 *    restricted code lists, finds resources whose codes are restricted;
 * 2. `linker()` (only when `needsLinkPass`): finds resources linked to withheld ones; repeat
 *    while it reports a change;
 * 3. `writer()`: writes kept lines unchanged (changed ones re-serialised), drops the rest, and
 *    at the end appends one `confidential-items` List per permitted patient with withheld items.
 *
 * Without the first pass, Patients are indexed as they stream by, so a resource that comes
 * before its Patient is decided as unresolved (denied for secondary uses). Lines that are not
 * JSON resources are removed and reported by line number; blank lines are counted.
 *
 * @example
 * ```ts
 * const ndjson = new NdjsonOptOutFilter(new OptOutFilter(options), { source: 'export.ndjson' });
 * const index = ndjson.indexer();
 * for (const chunk of chunks) index.push(chunk);
 * index.end();
 * const writer = ndjson.writer();
 * for (const chunk of chunks) output(writer.push(chunk));
 * output(writer.end());
 * ```
 */
export class NdjsonOptOutFilter {
  readonly filter: OptOutFilter;
  private readonly source: string;
  private readonly maxLineChars: number;
  private readonly withheld = new Map<string, WithheldKeyInfo>();
  private readonly withheldLines = new Set<number>();
  private readonly markers = new Map<string, Reference>();
  private readonly audit: RestrictionAuditBuilder | undefined;
  private indexed = false;
  private pendingLinks = false;

  constructor(filter: OptOutFilter, options: NdjsonFilterOptions = {}) {
    this.filter = filter;
    this.source = options.source ?? '<ndjson>';
    this.maxLineChars = options.maxLineChars ?? MAX_NDJSON_LINE_CHARS;
    this.audit =
      filter.restrictedLists.length === 0
        ? undefined
        : new RestrictionAuditBuilder({
            lists: filter.restrictedLists,
            date: filter.request.resolved.date,
          });
  }

  /**
   * Whether another linking pass should run (restricted items were found and links may remain).
   *
   * @example
   * ```ts
   * while (ndjson.needsLinkPass) runPass(ndjson.linker());
   * ```
   */
  get needsLinkPass(): boolean {
    return this.pendingLinks;
  }

  private parse(line: Line, report: boolean): Record<string, unknown> | undefined {
    if (line.text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      if (report) {
        const reason =
          error instanceof Error
            ? error.message
                .replace(/".*"/s, '"…"')
                .replace(/\d{6,}/g, '[digits]')
                .slice(0, 120)
            : 'syntax error';
        this.filter.invalidInput(`line is not JSON (${reason})`, this.source, line.number);
      }
      return undefined;
    }
    if (!isRecord(value) || typeof value['resourceType'] !== 'string') {
      if (report) {
        this.filter.invalidInput(
          'line is not a FHIR resource (no resourceType)',
          this.source,
          line.number,
        );
      }
      return undefined;
    }
    return value;
  }

  private withhold(
    line: number,
    resource: Record<string, unknown>,
    item: Omit<WithheldItem, 'reference' | 'resourceType'>,
    info: WithheldKeyInfo,
  ): void {
    this.withheldLines.add(line);
    const type = String(resource['resourceType']);
    const reference =
      typeof resource['id'] === 'string'
        ? `${type}/${resource['id']}`
        : `${type} on line ${String(line)}`;
    if (typeof resource['id'] === 'string')
      this.withheld.set(reference, { list: info.list, reference });
    this.audit?.add({ reference, resourceType: type, ...item });
    const subject = patientReferenceOf(resource);
    if (subject !== undefined) this.markers.set(patientKeyOf(subject), subject);
    this.pendingLinks = true;
  }

  private restrictedCheck(line: number, resource: Record<string, unknown>): boolean {
    if (this.audit === undefined) return false;
    if (this.withheldLines.has(line)) return true;
    const match = findRestrictedCode(resource, this.filter.restrictedLists);
    if (match) {
      this.withhold(
        line,
        resource,
        {
          category: match.list.category,
          listId: match.list.id,
          reason: 'code',
          code: { system: match.system, code: match.code },
        },
        { list: match.list, reference: '' },
      );
      return true;
    }
    const link = linkedWithheld(resource, this.withheld);
    if (link) {
      this.withhold(
        line,
        resource,
        {
          category: link.info.list.category,
          listId: link.info.list.id,
          reason: 'linked',
          via: link.info.reference === '' ? link.via : link.info.reference,
        },
        link.info,
      );
      return true;
    }
    return false;
  }

  private sink<T>(
    onLine: (line: Line) => void,
    finish: () => T,
    chunkResult: () => T,
  ): ChunkSink<T> {
    const lines = new LineSplitter(this.maxLineChars, this.source);
    return {
      push: (chunk) => {
        for (const line of lines.push(chunk)) onLine(line);
        return chunkResult();
      },
      end: () => {
        for (const line of lines.end()) onLine(line);
        return finish();
      },
    };
  }

  /**
   * The first pass: indexes Patients and finds restricted resources. Outputs nothing.
   *
   * @example
   * ```ts
   * const index = ndjson.indexer();
   * index.push(text);
   * index.end();
   * ```
   */
  indexer(): ChunkSink<undefined> {
    this.indexed = true;
    return this.sink(
      (line) => {
        // Without restricted lists only Patients matter here: skip the parse for other lines.
        if (this.audit === undefined && !PATIENT_LINE.test(line.text)) return;
        const resource = this.parse(line, false);
        if (!resource) return;
        this.filter.indexPatient(resource);
        if (
          this.audit !== undefined &&
          findRestrictedCode(resource, this.filter.restrictedLists) !== undefined
        ) {
          this.restrictedCheck(line.number, resource);
        }
      },
      () => undefined,
      () => undefined,
    );
  }

  /**
   * A linking pass: finds resources linked to withheld ones. Check {@link needsLinkPass}
   * afterwards and repeat while it is true.
   *
   * @example
   * ```ts
   * while (ndjson.needsLinkPass) { const link = ndjson.linker(); link.push(text); link.end(); }
   * ```
   */
  linker(): ChunkSink<undefined> {
    this.pendingLinks = false;
    return this.sink(
      (line) => {
        if (this.withheldLines.has(line.number)) return;
        const resource = this.parse(line, false);
        if (!resource) return;
        const link = linkedWithheld(resource, this.withheld);
        if (link) {
          this.withhold(
            line.number,
            resource,
            {
              category: link.info.list.category,
              listId: link.info.list.id,
              reason: 'linked',
              via: link.info.reference === '' ? link.via : link.info.reference,
            },
            link.info,
          );
        }
      },
      () => undefined,
      () => undefined,
    );
  }

  /**
   * The output pass: returns the NDJSON to write for each chunk, and at the end the last line
   * plus any `confidential-items` Lists.
   *
   * @example
   * ```ts
   * const writer = ndjson.writer();
   * let output = writer.push(text);
   * output += writer.end();
   * ```
   */
  writer(): ChunkSink<string> {
    let out: string[] = [];
    const take = (): string => {
      const text = out.join('');
      out = [];
      return text;
    };
    return this.sink(
      (line) => {
        if (line.text.trim() === '') {
          this.filter.blankLine();
          return;
        }
        const resource = this.parse(line, true);
        if (!resource) return;
        if (!this.indexed) this.filter.indexPatient(resource);
        const type = resource['resourceType'] as string;
        if (type === 'Bundle') {
          const result = filterBundle(resource, this.filter);
          if (result.keep) out.push(`${JSON.stringify(result.bundle)}\n`);
          return;
        }
        const outcome = this.filter.decide(resource);
        if (!outcome.keep) {
          this.filter.count(type, outcome, outcome.nhsNumber);
          return;
        }
        if (this.restrictedCheck(line.number, resource)) {
          this.filter.count(type, {
            keep: false,
            effect: 'deny',
            ruleId: FILTER_RULE_IDS.restrictedData,
          });
          return;
        }
        this.filter.count(type, outcome);
        const stripped =
          this.audit === undefined ? undefined : stripWithheldReferences(resource, this.withheld);
        if (stripped) {
          if (this.audit) this.audit.listsMarked += 1;
          out.push(`${JSON.stringify(stripped.resource)}\n`);
        } else {
          out.push(line.text, '\n');
        }
      },
      () => {
        if (this.audit !== undefined) {
          for (const subject of this.markers.values()) {
            const list = withheldItemsList(subject, this.filter.request.resolved.date);
            if (!this.filter.decide(list).keep) continue;
            out.push(`${JSON.stringify(list)}\n`);
            this.audit.markersAdded += 1;
          }
          this.filter.addedRecords(this.audit.markersAdded);
          this.filter.addRestrictedAudit(this.audit.build());
        }
        return take();
      },
      take,
    );
  }
}

/**
 * Filters complete NDJSON text in memory: index pass, linking passes, output pass. For files and
 * streams use `filterNdjsonFile` from `@lhcr/optout/node`, or {@link NdjsonOptOutFilter}.
 *
 * @example
 * ```ts
 * const { output, summary } = filterNdjson(text, {
 *   request: { purpose: 'research', origin: 'non-gp', date: '2025-03-01' },
 *   registers: { nationalOptOut: register },
 * });
 * ```
 */
export function filterNdjson(
  text: string,
  options: OptOutFilterOptions & NdjsonFilterOptions,
): { readonly output: string; readonly summary: OptOutAuditSummary } {
  const ndjson = new NdjsonOptOutFilter(new OptOutFilter(options), options);
  const index = ndjson.indexer();
  index.push(text);
  index.end();
  for (let pass = 0; ndjson.needsLinkPass && pass < 20; pass += 1) {
    const link = ndjson.linker();
    link.push(text);
    link.end();
  }
  const writer = ndjson.writer();
  const output = writer.push(text) + writer.end();
  return { output, summary: ndjson.filter.summary() };
}
