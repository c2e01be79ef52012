import { cloneJson } from '../internal/clone';
import { NHS_NUMBER_SYSTEM, UK_CORE_CODE_SYSTEMS, UK_CORE_EXTENSIONS } from '@lhcr/models';
import type { Bundle, BundleEntry, List, Reference } from '@lhcr/models';
import { patientReferencesOf } from '../bulk/patient-references';
import { stableUuid } from '../internal/hash';
import { referenceKey } from '../registers/patient-identity';
import { RESTRICTED_CATEGORIES } from './code-lists';
import type { RestrictedCategory, RestrictedCodeList } from './code-lists';

/**
 * The note that goes with the `confidential-items` list warning code.
 *
 * @see NHS-STANDARDS.md §4; UK Core CodeSystem UKCore-ListWarningCode
 * @example
 * ```ts
 * list.note = [{ text: CONFIDENTIAL_ITEMS_NOTE }];
 * ```
 */
export const CONFIDENTIAL_ITEMS_NOTE =
  'Items excluded due to confidentiality and/or patient preferences.';

/**
 * The UK Core List profile URL (the profile of the Lists lhcr adds).
 *
 * @example
 * ```ts
 * list.meta = { profile: [UK_CORE_LIST_PROFILE] };
 * ```
 */
export const UK_CORE_LIST_PROFILE = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-List';

const LIST_EMPTY_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';

/**
 * Options for withholding restricted data: the code lists, and the date to stamp on the Lists
 * added and the audit record (no implicit "now", so output is reproducible).
 *
 * @example
 * ```ts
 * const options: RestrictedDataOptions = { lists: refset.lists, date: '2025-03-01' };
 * ```
 */
export interface RestrictedDataOptions {
  readonly lists: readonly RestrictedCodeList[];
  readonly date: string;
}

/**
 * A coding that put a resource on a restricted list.
 *
 * @example
 * ```ts
 * const match: RestrictedMatch = { list, system: 'http://snomed.info/sct', code: '15628003' };
 * ```
 */
export interface RestrictedMatch {
  readonly list: RestrictedCodeList;
  readonly system: string;
  readonly code: string;
}

/**
 * One withheld resource, for the audit record: which, why (`code`: its own code is restricted;
 * `linked`: it points at a withheld item, `via`), and the list and category. Never holds NHS
 * numbers.
 *
 * @example
 * ```ts
 * const item: WithheldItem = { reference: 'MedicationStatement/m1', resourceType: 'MedicationStatement', category: 'sexually-transmitted-infection', listId: 'illustrative-sti', reason: 'linked', via: 'Condition/c1' };
 * ```
 */
export interface WithheldItem {
  readonly reference: string;
  readonly resourceType: string;
  readonly category: RestrictedCategory;
  readonly listId: string;
  readonly reason: 'code' | 'linked';
  readonly code?: { readonly system: string; readonly code: string };
  readonly via?: string;
}

/**
 * The audit record of one withholding run: the lists used, counts by category and resource
 * type, each item withheld, and how many Lists were marked or added.
 *
 * @example
 * ```ts
 * const { audit } = filterRestrictedBundle(bundle, options);
 * console.log(audit.withheld.total, audit.withheld.byCategory);
 * ```
 */
export interface RestrictionAudit {
  readonly type: 'restricted-data-withheld';
  readonly date: string;
  readonly lists: readonly {
    readonly id: string;
    readonly title: string;
    readonly category: RestrictedCategory;
    readonly size: number;
    readonly illustrative: boolean;
    readonly source?: string;
  }[];
  readonly withheld: {
    readonly total: number;
    readonly direct: number;
    readonly linked: number;
    readonly byCategory: Readonly<Record<RestrictedCategory, number>>;
    readonly byResourceType: Readonly<Record<string, number>>;
  };
  readonly items: readonly WithheldItem[];
  /** Lists and Compositions in the input that had entries removed (and were marked). */
  readonly listsMarked: number;
  /** `confidential-items` Lists added, one per patient with withheld items. */
  readonly markersAdded: number;
}

/** Types that hold demographics or administration, never withheld themselves. */
const NEVER_WITHHELD = new Set([
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
  'RelatedPerson',
  'Person',
  'Group',
  'Device',
  'Medication',
  'Substance',
  'HealthcareService',
  'Endpoint',
  'List',
  'Composition',
  'Bundle',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit` for every object inside `value` (not `value.meta`), iteratively. */
function eachObject(
  value: Record<string, unknown>,
  visit: (object: Record<string, unknown>) => void,
): void {
  const stack: unknown[] = [];
  for (const [key, inner] of Object.entries(value)) if (key !== 'meta') stack.push(inner);
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (const item of current) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isRecord(current)) {
      visit(current);
      for (const inner of Object.values(current)) {
        if (typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
}

/**
 * The first coding anywhere in a resource (outside `meta`) whose system and code are on one of
 * the lists. Demographic and administrative resources (Patient, Practitioner, Organization, ...)
 * and containers (List, Composition, Bundle) are never matched: they are not withheld, though
 * containers have their entries removed.
 *
 * @example
 * ```ts
 * findRestrictedCode(condition, ILLUSTRATIVE_RESTRICTED_CODE_LISTS)?.list.category; // 'sexually-transmitted-infection'
 * ```
 */
export function findRestrictedCode(
  resource: unknown,
  lists: readonly RestrictedCodeList[],
): RestrictedMatch | undefined {
  if (!isRecord(resource) || lists.length === 0) return undefined;
  const type = resource['resourceType'];
  if (typeof type !== 'string' || NEVER_WITHHELD.has(type)) return undefined;
  let found: RestrictedMatch | undefined;
  eachObject(resource, (object) => {
    if (found !== undefined) return;
    const system = object['system'];
    const code = object['code'];
    if (typeof system !== 'string' || typeof code !== 'string') return;
    for (const list of lists) {
      if (list.codes.get(system)?.has(code) === true) {
        found = { list, system, code };
        return;
      }
    }
  });
  return found;
}

/** Every literal reference key inside a resource (outside `meta`). */
function referenceKeysIn(resource: Record<string, unknown>): string[] {
  const keys: string[] = [];
  eachObject(resource, (object) => {
    const reference = object['reference'];
    if (typeof reference !== 'string') return;
    const key = referenceKey(reference);
    if (key) keys.push(key.key);
  });
  return keys;
}

function referenceKeyOf(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value['reference'] !== 'string') return undefined;
  return referenceKey(value['reference'])?.key;
}

/** The diagnosis and reason references of an Encounter. */
function encounterClinicalReferences(encounter: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const diagnoses = encounter['diagnosis'];
  if (Array.isArray(diagnoses)) {
    for (const diagnosis of diagnoses) {
      const key = isRecord(diagnosis) ? referenceKeyOf(diagnosis['condition']) : undefined;
      if (key) keys.push(key);
    }
  }
  const reasons = encounter['reasonReference'];
  if (Array.isArray(reasons)) {
    for (const reason of reasons) {
      const key = referenceKeyOf(reason);
      if (key) keys.push(key);
    }
  }
  return keys;
}

/**
 * What one withheld key stands for, as the filters track it.
 *
 * @example
 * ```ts
 * const info: WithheldKeyInfo = { list, reference: 'Condition/c1' };
 * ```
 */
export interface WithheldKeyInfo {
  readonly list: RestrictedCodeList;
  readonly reference: string;
}

/**
 * Whether a resource is withheld because it points at a withheld item, and through which.
 * An Encounter is withheld only when every diagnosis and reason it has is withheld (its other
 * links are removed instead, see {@link stripWithheldReferences}); Lists and Compositions are
 * never withheld; any other clinical resource is withheld when any reference in it points at a
 * withheld item (a MedicationStatement whose reason is a withheld Condition, an Observation in
 * a withheld Encounter, a Provenance of a withheld item).
 *
 * @example
 * ```ts
 * linkedWithheld(medicationStatement, withheld); // { via: 'Condition/c1', info }
 * ```
 */
export function linkedWithheld(
  resource: unknown,
  withheld: ReadonlyMap<string, WithheldKeyInfo>,
): { readonly via: string; readonly info: WithheldKeyInfo } | undefined {
  if (!isRecord(resource) || withheld.size === 0) return undefined;
  const type = resource['resourceType'];
  if (typeof type !== 'string' || NEVER_WITHHELD.has(type)) return undefined;
  if (type === 'Encounter') {
    const keys = encounterClinicalReferences(resource);
    if (keys.length === 0 || !keys.every((key) => withheld.has(key))) return undefined;
    const via = keys[0] as string;
    return { via, info: withheld.get(via) as WithheldKeyInfo };
  }
  for (const key of referenceKeysIn(resource)) {
    const info = withheld.get(key);
    if (info) return { via: key, info };
  }
  return undefined;
}

function hasWarning(list: Record<string, unknown>): boolean {
  const extensions = list['extension'];
  return (
    Array.isArray(extensions) &&
    extensions.some(
      (extension) =>
        isRecord(extension) &&
        extension['url'] === UK_CORE_EXTENSIONS.listWarningCode &&
        JSON.stringify(extension['valueCodeableConcept'] ?? null).includes('"confidential-items"'),
    )
  );
}

function warningExtension(): Record<string, unknown> {
  return {
    url: UK_CORE_EXTENSIONS.listWarningCode,
    valueCodeableConcept: {
      coding: [
        {
          system: UK_CORE_CODE_SYSTEMS.listWarningCode,
          code: 'confidential-items',
          display: 'Confidential Items',
        },
      ],
    },
  };
}

function withheldEmptyReason(): Record<string, unknown> {
  return {
    coding: [
      { system: LIST_EMPTY_REASON_SYSTEM, code: 'withheld', display: 'Information Withheld' },
    ],
  };
}

function markList(list: Record<string, unknown>): void {
  if (!hasWarning(list)) {
    const extensions: readonly unknown[] = Array.isArray(list['extension'])
      ? list['extension']
      : [];
    list['extension'] = [...extensions, warningExtension()];
  }
  const notes: readonly unknown[] = Array.isArray(list['note']) ? list['note'] : [];
  if (!notes.some((note) => isRecord(note) && note['text'] === CONFIDENTIAL_ITEMS_NOTE)) {
    list['note'] = [...notes, { text: CONFIDENTIAL_ITEMS_NOTE }];
  }
}

function stripSections(sections: unknown, withheld: ReadonlyMap<string, WithheldKeyInfo>): number {
  if (!Array.isArray(sections)) return 0;
  let removed = 0;
  for (const section of sections) {
    if (!isRecord(section)) continue;
    const entries = section['entry'];
    if (Array.isArray(entries)) {
      const kept = entries.filter((entry) => {
        const key = referenceKeyOf(entry);
        return key === undefined || !withheld.has(key);
      });
      if (kept.length !== entries.length) {
        removed += entries.length - kept.length;
        if (kept.length === 0) {
          delete section['entry'];
          section['emptyReason'] ??= withheldEmptyReason();
        } else {
          section['entry'] = kept;
        }
      }
    }
    removed += stripSections(section['section'], withheld);
  }
  return removed;
}

/**
 * Removes references to withheld items from a resource that stays: List entries (the List is
 * then marked with the UK Core `confidential-items` warning code and note, and an emptied List
 * gets empty reason `withheld`), Composition section entries, and an Encounter's withheld
 * diagnoses and reasons. Returns a changed copy and how many references went, or `undefined`
 * when nothing changed.
 *
 * @see NHS-STANDARDS.md §4; UK Core Extension-UKCore-ListWarningCode
 * @example
 * ```ts
 * const stripped = stripWithheldReferences(problemList, withheld);
 * if (stripped) output(stripped.resource); // entries removed, list marked confidential-items
 * ```
 */
export function stripWithheldReferences(
  resource: unknown,
  withheld: ReadonlyMap<string, WithheldKeyInfo>,
): { readonly resource: Record<string, unknown>; readonly removed: number } | undefined {
  if (!isRecord(resource) || withheld.size === 0) return undefined;
  const type = resource['resourceType'];
  if (type === 'List') {
    const entries = resource['entry'];
    if (!Array.isArray(entries)) return undefined;
    const kept = entries.filter((entry) => {
      const key = isRecord(entry) ? referenceKeyOf(entry['item']) : undefined;
      return key === undefined || !withheld.has(key);
    });
    if (kept.length === entries.length) return undefined;
    const copy = cloneJson(resource);
    if (kept.length === 0) {
      delete copy['entry'];
      copy['emptyReason'] ??= withheldEmptyReason();
    } else {
      copy['entry'] = cloneJson(kept);
    }
    markList(copy);
    return { resource: copy, removed: entries.length - kept.length };
  }
  if (type === 'Composition') {
    const copy = cloneJson(resource);
    const removed = stripSections(copy['section'], withheld);
    return removed === 0 ? undefined : { resource: copy, removed };
  }
  if (type === 'Encounter') {
    const keys = encounterClinicalReferences(resource);
    if (!keys.some((key) => withheld.has(key))) return undefined;
    const copy = cloneJson(resource);
    let removed = 0;
    const keep = (value: unknown): boolean => {
      const key = referenceKeyOf(value);
      const drop = key !== undefined && withheld.has(key);
      if (drop) removed += 1;
      return !drop;
    };
    if (Array.isArray(copy['diagnosis'])) {
      copy['diagnosis'] = copy['diagnosis'].filter(
        (diagnosis) => !isRecord(diagnosis) || keep(diagnosis['condition']),
      );
      if ((copy['diagnosis'] as unknown[]).length === 0) delete copy['diagnosis'];
    }
    if (Array.isArray(copy['reasonReference'])) {
      copy['reasonReference'] = copy['reasonReference'].filter(keep);
      if ((copy['reasonReference'] as unknown[]).length === 0) delete copy['reasonReference'];
    }
    return { resource: copy, removed };
  }
  return undefined;
}

/**
 * The first patient reference of a resource (its `subject`, `patient`, ...), for the marker
 * List, or `undefined`.
 *
 * @example
 * ```ts
 * patientReferenceOf(condition); // { reference: 'Patient/p1' }
 * ```
 */
export function patientReferenceOf(resource: Record<string, unknown>): Reference | undefined {
  let fallback: Reference | undefined;
  for (const reference of patientReferencesOf(resource)) {
    if (!isRecord(reference)) continue;
    const literal = typeof reference['reference'] === 'string' ? reference['reference'] : undefined;
    const key = literal === undefined ? undefined : referenceKey(literal);
    if (key?.type !== undefined && key.type !== 'Patient') continue;
    const identifier = reference['identifier'];
    const nhsIdentifier =
      isRecord(identifier) &&
      identifier['system'] === NHS_NUMBER_SYSTEM &&
      typeof identifier['value'] === 'string'
        ? { system: NHS_NUMBER_SYSTEM, value: identifier['value'] }
        : undefined;
    const copy: Reference = {};
    if (literal !== undefined && key !== undefined) copy.reference = literal;
    if (reference['type'] === 'Patient') copy.type = 'Patient';
    if (nhsIdentifier) copy.identifier = nhsIdentifier;
    if (copy.reference === undefined && copy.identifier === undefined) continue;
    if (key?.type === 'Patient' || copy.type === 'Patient' || nhsIdentifier) return copy;
    fallback ??= copy;
  }
  return fallback;
}

/** A stable key for a patient reference (marker Lists are one per key). */
export function patientKeyOf(reference: Reference | undefined): string {
  if (reference === undefined) return '(no patient)';
  if (reference.reference !== undefined)
    return referenceKey(reference.reference)?.key ?? reference.reference;
  return `${reference.identifier?.system ?? ''}|${reference.identifier?.value ?? ''}`;
}

/**
 * The List that marks, for one patient, that items were withheld: UK Core List with the
 * `confidential-items` warning code, the note from NHS-STANDARDS.md §4, empty reason `withheld`
 * and no entries (listing withheld items would disclose them). Its id is derived from the
 * patient reference, so re-running a filter gives the same List.
 *
 * @see NHS-STANDARDS.md §4; UK Core UKCore-List, Extension-UKCore-ListWarningCode
 * @example
 * ```ts
 * const marker = withheldItemsList({ reference: 'Patient/p1' }, '2025-03-01');
 * marker.extension?.[0]?.valueCodeableConcept?.coding?.[0]?.code; // 'confidential-items'
 * ```
 */
export function withheldItemsList(subject: Reference | undefined, date: string): List {
  const id = `withheld-${stableUuid(patientKeyOf(subject)).slice(0, 8)}${stableUuid(`list:${patientKeyOf(subject)}`).slice(0, 8)}`;
  const list: List = {
    resourceType: 'List',
    id,
    meta: { profile: [UK_CORE_LIST_PROFILE] },
    extension: [
      {
        url: UK_CORE_EXTENSIONS.listWarningCode,
        valueCodeableConcept: {
          coding: [
            {
              system: UK_CORE_CODE_SYSTEMS.listWarningCode,
              code: 'confidential-items',
              display: 'Confidential Items',
            },
          ],
        },
      },
    ],
    status: 'current',
    mode: 'snapshot',
    title: 'Items withheld',
    date,
    emptyReason: {
      coding: [
        { system: LIST_EMPTY_REASON_SYSTEM, code: 'withheld', display: 'Information Withheld' },
      ],
    },
    note: [{ text: CONFIDENTIAL_ITEMS_NOTE }],
  };
  if (subject !== undefined) list.subject = subject;
  return list;
}

/** Collects withheld items into a {@link RestrictionAudit}. */
export class RestrictionAuditBuilder {
  private readonly items: WithheldItem[] = [];
  private direct = 0;
  private linked = 0;
  private readonly byCategory: Record<RestrictedCategory, number> = Object.fromEntries(
    RESTRICTED_CATEGORIES.map((category) => [category, 0]),
  ) as Record<RestrictedCategory, number>;
  private readonly byResourceType: Record<string, number> = {};
  listsMarked = 0;
  markersAdded = 0;

  constructor(
    private readonly options: RestrictedDataOptions,
    private readonly maxItems = 100_000,
  ) {}

  add(item: WithheldItem): void {
    if (item.reason === 'code') this.direct += 1;
    else this.linked += 1;
    this.byCategory[item.category] += 1;
    this.byResourceType[item.resourceType] = (this.byResourceType[item.resourceType] ?? 0) + 1;
    if (this.items.length < this.maxItems) this.items.push(item);
  }

  build(): RestrictionAudit {
    return {
      type: 'restricted-data-withheld',
      date: this.options.date,
      lists: this.options.lists.map((list) => ({
        id: list.id,
        title: list.title,
        category: list.category,
        size: list.size,
        illustrative: list.illustrative,
        ...(list.source === undefined ? {} : { source: list.source }),
      })),
      withheld: {
        total: this.direct + this.linked,
        direct: this.direct,
        linked: this.linked,
        byCategory: { ...this.byCategory },
        byResourceType: { ...this.byResourceType },
      },
      items: [...this.items],
      listsMarked: this.listsMarked,
      markersAdded: this.markersAdded,
    };
  }
}

function resourceKeys(resource: Record<string, unknown>, fullUrl?: string): string[] {
  const keys: string[] = [];
  if (typeof resource['resourceType'] === 'string' && typeof resource['id'] === 'string') {
    keys.push(`${resource['resourceType']}/${resource['id']}`);
  }
  if (fullUrl !== undefined) {
    const key = referenceKey(fullUrl);
    if (key && !keys.includes(key.key)) keys.push(key.key);
  }
  return keys;
}

/**
 * What {@link withholdRestrictedResources} returns.
 *
 * @example
 * ```ts
 * const { kept, added, audit }: RestrictedFilterResult = withholdRestrictedResources(items, options);
 * ```
 */
export interface RestrictedFilterResult {
  /** The input items that stay, in order, by their index in the input; changed ones are copies. */
  readonly kept: readonly {
    readonly index: number;
    readonly resource: Record<string, unknown>;
    readonly changed: boolean;
  }[];
  /** The marker Lists added, one per patient with withheld items. */
  readonly added: readonly List[];
  readonly audit: RestrictionAudit;
}

/**
 * Withholds restricted data from a set of resources held in memory (a patient's record, a
 * Bundle's entries): resources whose codes are on the lists, then, repeatedly until nothing
 * changes, resources linked to withheld ones ({@link linkedWithheld}); removes references to
 * withheld items from Lists, Compositions and Encounters that stay; adds one
 * `confidential-items` List per patient; and returns the audit record.
 *
 * @see NHS-STANDARDS.md §4
 * @example
 * ```ts
 * const result = withholdRestrictedResources(
 *   resources.map((resource) => ({ resource })),
 *   { lists: ILLUSTRATIVE_RESTRICTED_CODE_LISTS, date: '2025-03-01' },
 * );
 * ```
 */
export function withholdRestrictedResources(
  items: readonly { readonly resource: unknown; readonly fullUrl?: string }[],
  options: RestrictedDataOptions,
): RestrictedFilterResult {
  const audit = new RestrictionAuditBuilder(options);
  const withheld = new Map<string, WithheldKeyInfo>();
  const withheldIndex = new Set<number>();
  const patients = new Map<string, Reference>();
  const records = items.map((item) => ({
    resource: isRecord(item.resource) ? item.resource : undefined,
    fullUrl: item.fullUrl,
  }));
  const withhold = (
    index: number,
    info: WithheldKeyInfo,
    item: Omit<WithheldItem, 'reference' | 'resourceType'>,
  ): void => {
    const record = records[index];
    if (!record?.resource) return;
    withheldIndex.add(index);
    const keys = resourceKeys(record.resource, record.fullUrl);
    const reference = keys[0] ?? `#${String(index)}`;
    for (const key of keys) withheld.set(key, { list: info.list, reference });
    audit.add({ reference, resourceType: String(record.resource['resourceType']), ...item });
    const subject = patientReferenceOf(record.resource);
    if (subject !== undefined) patients.set(patientKeyOf(subject), subject);
  };
  records.forEach((record, index) => {
    const match = findRestrictedCode(record.resource, options.lists);
    if (match) {
      withhold(
        index,
        { list: match.list, reference: '' },
        {
          category: match.list.category,
          listId: match.list.id,
          reason: 'code',
          code: { system: match.system, code: match.code },
        },
      );
    }
  });
  for (let changed = withheld.size > 0; changed;) {
    changed = false;
    records.forEach((record, index) => {
      if (withheldIndex.has(index)) return;
      const link = linkedWithheld(record.resource, withheld);
      if (link) {
        withhold(index, link.info, {
          category: link.info.list.category,
          listId: link.info.list.id,
          reason: 'linked',
          via: link.info.reference === '' ? link.via : link.info.reference,
        });
        changed = true;
      }
    });
  }
  const kept: { index: number; resource: Record<string, unknown>; changed: boolean }[] = [];
  records.forEach((record, index) => {
    if (withheldIndex.has(index) || !record.resource) return;
    const stripped = stripWithheldReferences(record.resource, withheld);
    if (stripped) audit.listsMarked += 1;
    kept.push({
      index,
      resource: stripped?.resource ?? record.resource,
      changed: stripped !== undefined,
    });
  });
  const added = [...patients.values()].map((subject) => withheldItemsList(subject, options.date));
  audit.markersAdded = added.length;
  return { kept, added, audit: audit.build() };
}

/**
 * Withholds restricted data from a Bundle ({@link withholdRestrictedResources}): withheld
 * entries are removed, changed entries replaced, one `confidential-items` List per patient
 * appended (with a `urn:uuid` fullUrl derived from the patient, and a `POST` request for
 * transaction and batch Bundles), and `total` reduced for search sets. The input is not changed.
 *
 * @see NHS-STANDARDS.md §4
 * @example
 * ```ts
 * const { bundle: filtered, audit } = filterRestrictedBundle(bundle, { lists, date: '2025-03-01' });
 * ```
 */
export function filterRestrictedBundle(
  bundle: Bundle,
  options: RestrictedDataOptions,
): { readonly bundle: Bundle; readonly audit: RestrictionAudit } {
  const entries = bundle.entry ?? [];
  const items = entries.map((entry) =>
    entry.fullUrl === undefined
      ? { resource: entry.resource }
      : { resource: entry.resource, fullUrl: entry.fullUrl },
  );
  const result = withholdRestrictedResources(items, options);
  if (result.audit.withheld.total === 0 && result.audit.listsMarked === 0) {
    return { bundle, audit: result.audit };
  }
  const changed = new Map(result.kept.map((item) => [item.index, item]));
  const keptEntries: BundleEntry[] = [];
  let removedMatches = 0;
  entries.forEach((entry, index) => {
    const item = changed.get(index);
    if (item !== undefined) {
      // `item.resource` is the entry's own resource, or a structured clone of it with references removed.
      keptEntries.push(
        item.changed ? { ...entry, resource: item.resource as unknown as List } : entry,
      );
    } else if (entry.resource === undefined) {
      keptEntries.push(entry);
    } else if (entry.search?.mode === undefined || entry.search.mode === 'match') {
      removedMatches += 1;
    }
  });
  const transactional = bundle.type === 'transaction' || bundle.type === 'batch';
  for (const list of result.added) {
    const entry: BundleEntry = {
      fullUrl: `urn:uuid:${stableUuid(`bundle-list:${list.id ?? ''}`)}`,
      resource: list,
    };
    if (transactional) entry.request = { method: 'POST', url: 'List' };
    keptEntries.push(entry);
  }
  const filtered: Bundle = { ...bundle, entry: keptEntries };
  if (bundle.type === 'searchset' && typeof bundle.total === 'number') {
    filtered.total = Math.max(0, bundle.total - removedMatches);
  }
  return { bundle: filtered, audit: result.audit };
}
