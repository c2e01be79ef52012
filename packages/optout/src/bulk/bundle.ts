import type { Bundle, BundleEntry, NhsNumber } from '@lhcr/models';
import { stableUuid } from '../internal/hash';
import { withholdRestrictedResources } from '../restricted/withhold';
import { FILTER_RULE_IDS, OptOutFilter } from './opt-out-filter';
import type { OptOutAuditSummary, OptOutFilterOptions, ResourceOutcome } from './opt-out-filter';

const MAX_BUNDLE_DEPTH = 4;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Decided {
  readonly entry: Record<string, unknown>;
  readonly outcome: ResourceOutcome & { readonly nhsNumber?: NhsNumber };
  readonly type: string;
}

/**
 * Filters one Bundle (any JSON value; non-Bundles are returned unchanged) with an
 * {@link OptOutFilter}: indexes its Patient entries (by `fullUrl` and `Patient/<id>`), decides
 * every entry (nested Bundles too, four levels deep), withholds restricted data across the kept
 * entries with their links, appends `confidential-items` Lists, and reduces `total` for search
 * sets. A `document` or `message` Bundle whose first entry is removed is removed whole
 * (`keep: false`). Entries without a resource stay. The input is not changed.
 *
 * @example
 * ```ts
 * const filter = new OptOutFilter(options);
 * const { keep, bundle: filtered } = filterBundle(bundle, filter);
 * ```
 */
export function filterBundle(
  bundle: unknown,
  filter: OptOutFilter,
  depth = 0,
): { readonly keep: boolean; readonly bundle: Record<string, unknown> } {
  if (!isRecord(bundle) || bundle['resourceType'] !== 'Bundle') {
    return { keep: true, bundle: isRecord(bundle) ? bundle : {} };
  }
  const entries = Array.isArray(bundle['entry']) ? bundle['entry'] : [];
  for (const entry of entries) {
    if (isRecord(entry)) {
      filter.indexPatient(
        entry['resource'],
        typeof entry['fullUrl'] === 'string' ? entry['fullUrl'] : undefined,
      );
    }
  }
  const decided: (Decided | Record<string, unknown>)[] = [];
  let firstRemoved = false;
  for (const [index, entry] of entries.entries()) {
    if (!isRecord(entry)) {
      filter.invalidInput(`Bundle entry ${String(index)} is not an object`, 'Bundle');
      if (index === 0) firstRemoved = true;
      continue;
    }
    const resource = entry['resource'];
    if (resource === undefined) {
      decided.push(entry);
      continue;
    }
    if (!isRecord(resource) || typeof resource['resourceType'] !== 'string') {
      filter.invalidInput(`Bundle entry ${String(index)} holds no FHIR resource`, 'Bundle');
      if (index === 0) firstRemoved = true;
      continue;
    }
    if (resource['resourceType'] === 'Bundle' && depth < MAX_BUNDLE_DEPTH) {
      const inner = filterBundle(resource, filter, depth + 1);
      if (inner.keep) decided.push({ ...entry, resource: inner.bundle });
      else if (index === 0) firstRemoved = true;
      continue;
    }
    const outcome = filter.decide(resource);
    if (!outcome.keep && index === 0) firstRemoved = true;
    decided.push({ entry, outcome, type: resource['resourceType'] });
  }

  const isDecided = (item: Decided | Record<string, unknown>): item is Decided =>
    'outcome' in item && 'type' in item;
  const keptDecided = decided.filter(
    (item): item is Decided => isDecided(item) && item.outcome.keep,
  );
  const restricted =
    filter.restrictedLists.length === 0
      ? undefined
      : withholdRestrictedResources(
          keptDecided.map((item) => ({
            resource: item.entry['resource'],
            ...(typeof item.entry['fullUrl'] === 'string'
              ? { fullUrl: item.entry['fullUrl'] }
              : {}),
          })),
          { lists: filter.restrictedLists, date: filter.request.resolved.date },
        );
  const keptByIndex = new Map(restricted?.kept.map((item) => [item.index, item]));

  const output: Record<string, unknown>[] = [];
  let removedMatches = 0;
  let keptPosition = 0;
  for (const item of decided) {
    if (!isDecided(item)) {
      output.push(item);
      continue;
    }
    const search = item.entry['search'];
    const isMatch = !isRecord(search) || search['mode'] === undefined || search['mode'] === 'match';
    if (!item.outcome.keep) {
      filter.count(item.type, item.outcome, item.outcome.nhsNumber);
      if (isMatch) removedMatches += 1;
      continue;
    }
    const position = keptPosition;
    keptPosition += 1;
    if (restricted !== undefined) {
      const kept = keptByIndex.get(position);
      if (kept === undefined) {
        filter.count(item.type, {
          keep: false,
          effect: 'deny',
          ruleId: FILTER_RULE_IDS.restrictedData,
        });
        if (isMatch) removedMatches += 1;
        continue;
      }
      filter.count(item.type, item.outcome);
      output.push(kept.changed ? { ...item.entry, resource: kept.resource } : item.entry);
      continue;
    }
    filter.count(item.type, item.outcome);
    output.push(item.entry);
  }
  if (restricted !== undefined) {
    const transactional = bundle['type'] === 'transaction' || bundle['type'] === 'batch';
    let added = 0;
    for (const list of restricted.added) {
      if (!filter.decide(list).keep) continue;
      const entry: BundleEntry = {
        fullUrl: `urn:uuid:${stableUuid(`bundle-list:${list.id ?? ''}`)}`,
        resource: list,
      };
      if (transactional) entry.request = { method: 'POST', url: 'List' };
      output.push(entry as unknown as Record<string, unknown>);
      added += 1;
    }
    filter.addedRecords(added);
    filter.addRestrictedAudit({ ...restricted.audit, markersAdded: added });
  }
  const type = bundle['type'];
  if ((type === 'document' || type === 'message') && firstRemoved) {
    return { keep: false, bundle };
  }
  const filtered: Record<string, unknown> = { ...bundle, entry: output };
  if (output.length === 0) delete filtered['entry'];
  if (type === 'searchset' && typeof bundle['total'] === 'number') {
    filtered['total'] = Math.max(0, bundle['total'] - removedMatches);
  }
  return { keep: true, bundle: filtered };
}

/**
 * Filters one Bundle with a fresh {@link OptOutFilter} and returns it with the audit summary.
 * A `document` or `message` Bundle whose first entry is removed comes back as `undefined`.
 *
 * @example
 * ```ts
 * const { bundle: filtered, summary } = filterOptOutBundle(bundle, {
 *   request: { purpose: 'direct-care', date: '2025-03-01' },
 *   registers: { localDissent },
 *   restricted: { lists },
 * });
 * ```
 */
export function filterOptOutBundle(
  bundle: Bundle,
  options: OptOutFilterOptions,
): { readonly bundle: Bundle | undefined; readonly summary: OptOutAuditSummary } {
  const filter = new OptOutFilter(options);
  const result = filterBundle(bundle, filter);
  // `result.bundle` is `bundle` with some entries removed or replaced by filtered copies.
  return {
    bundle: result.keep ? (result.bundle as unknown as Bundle) : undefined,
    summary: filter.summary(),
  };
}
