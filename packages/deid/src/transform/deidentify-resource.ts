import { NHS_NUMBER_SYSTEM, parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { patientReferencesOf, referenceKey } from '@lhcr/optout';
import { generaliseBirthDate } from '../generalise/birth-date';
import type { BirthDateRule } from '../generalise/birth-date';
import { shiftDate, truncateDate } from '../generalise/dates';
import { generalisePostcode } from '../generalise/postcode';
import type { PostcodeLookup, PostcodeRule } from '../generalise/postcode';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import type { Pseudonymiser } from '../pseudonym/pseudonymiser';
import { elementsOf, isPrimitiveType, isResourceTypeName } from './element-model';
import type { ElementInfo } from './element-model';
import { maskedElement, setMasked, updateAt } from './element-path';
import type { ElementPath } from './element-path';

/**
 * The extension lhcr writes on `_birthDate` when a birth date is generalised to an age band:
 * a `valueRange` in years (UCUM `a`) at the extract date; the top band has no `high`.
 *
 * @example
 * ```ts
 * patient._birthDate?.extension?.[0]?.url === AGE_BAND_EXTENSION_URL;
 * ```
 */
export const AGE_BAND_EXTENSION_URL =
  'https://lhcr.github.io/fhir/deid/StructureDefinition/age-band';

/**
 * The extension lhcr writes on an Address when its postcode is generalised to a Lower Layer
 * Super Output Area (`valueCode`, the ONS area code) in place of `postalCode`.
 *
 * @example
 * ```ts
 * address.extension?.find((e) => e.url === LSOA_EXTENSION_URL)?.valueCode; // 'E01033015'
 * ```
 */
export const LSOA_EXTENSION_URL = 'https://lhcr.github.io/fhir/deid/StructureDefinition/lsoa';

/** How event dates are handled (the policy's `quasiIdentifiers.dates`). */
export interface DateRule {
  readonly method: 'month' | 'year' | 'keyed-shift' | 'remove';
  readonly maxShiftDays?: number;
}

/** A rule from the policy's `quasiIdentifiers.other`, resolved. */
export interface OtherElementRule {
  readonly path: ElementPath;
  readonly method: 'keep' | 'generalise' | 'remove';
  readonly generalise?: (value: unknown) => unknown;
}

/** Everything the resource transform needs, resolved once from the policy and options. */
export interface TransformSettings {
  readonly pseudonyms: Pseudonymiser;
  readonly pseudonymSystem: string;
  readonly extractDate: string;
  readonly birthDate: BirthDateRule;
  readonly postcode: PostcodeRule;
  readonly postcodeLookup?: PostcodeLookup;
  readonly dates: DateRule;
  readonly freeText: 'remove' | 'keep';
  readonly otherIdentifiers: 'remove' | 'pseudonymise';
  /** `directIdentifiers.remove`, by resource type. */
  readonly removePaths: ReadonlyMap<string, readonly ElementPath[]>;
  /** `quasiIdentifiers.other` rules that remove or generalise, by resource type. */
  readonly otherRules: ReadonlyMap<string, readonly OtherElementRule[]>;
  /** The pseudonymous id of the patient a `Patient/<id>` or `urn:` key points at, when known. */
  readonly patientIdOfKey: (key: string) => string | undefined;
  readonly maxDepth: number;
}

/**
 * Counts of what the transform removed and generalised, by category (for the report).
 */
export type TransformCounts = Record<string, number>;

const NEEDS_MASK = Symbol('needs-mask');
type Transformed = unknown;

const REMOVED_TYPES: Readonly<Record<string, string>> = {
  HumanName: 'names',
  ContactPoint: 'telecoms',
  Attachment: 'attachments',
  Signature: 'signatures',
  Narrative: 'narratives',
};

const RESOURCE_TYPE_NAME = /^[A-Z][A-Za-z]{1,63}$/;

/** A relative (`Type/id`) or absolute (`http(s)://base/Type/id`) literal reference, history allowed. */
const LITERAL_REFERENCE =
  /^(?:https?:\/\/[^\s]+\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** `uri` elements other than `system` that name policies or definitions, not people. */
const KEPT_URIS: ReadonlySet<string> = new Set(['Consent.policy.uri']);

function count(counts: TransformCounts, category: string, by = 1): void {
  counts[category] = (counts[category] ?? 0) + by;
}

/** Per-resource state: the contained id map, the date shift, the depth limit. */
interface ResourceState {
  readonly resourceType: string;
  readonly contained: ReadonlyMap<string, string>;
  readonly shiftDays: number;
}

/**
 * The de-identifying transform of one resource. It builds a new object (the input is never
 * changed) holding only what the rules below let through:
 *
 * - elements FHIR R4 does not define for the type are dropped;
 * - `string`, `markdown`, `xhtml` and `base64Binary` elements are dropped (free text, with
 *   `freeText: keep` the first two are kept), as are HumanName, ContactPoint, Attachment,
 *   Signature, Narrative and (free text) Annotation wherever they occur, element ids, and `uri`,
 *   `url`, `oid`, `uuid` values except a `system`;
 * - codes, numbers, booleans, canonicals and `system` URIs are kept;
 * - identifiers: an NHS number becomes the pseudonym (`use: old` numbers are dropped), others are
 *   dropped or pseudonymised by the policy;
 * - references are rewritten to pseudonymous ids (`Type/<hex>`, `urn:uuid:<uuid v8>`, `#cN`),
 *   their `display` dropped;
 * - birth dates, postcodes and other dates are generalised by the policy; addresses keep only
 *   the generalised postcode (a Patient keeps only its current home address); `meta` keeps only
 *   `security` and `tag` (not `profile`: the output no longer meets identifiable profiles);
 * - a required element left with nothing is written as a `masked` data-absent-reason, and an
 *   optional element whose required part had to go is dropped whole, so the output stays valid.
 */
export class ResourceTransformer {
  readonly counts: TransformCounts = {};

  constructor(private readonly settings: TransformSettings) {}

  /** The pseudonymous id of a Patient resource: from its NHS number, else from its id. */
  patientIdOf(patient: JsonObject): string | undefined {
    const nhsNumber = nhsNumberOf(patient);
    if (nhsNumber !== undefined) return this.settings.pseudonyms.patientId(nhsNumber);
    const id = patient['id'];
    return typeof id === 'string' ? this.settings.pseudonyms.resourceId('Patient', id) : undefined;
  }

  /**
   * The pseudonymous ids of the patients a resource is about (its Patient-compartment
   * references; for a Patient, itself), resolved as the output will write them.
   */
  patientsOf(resource: JsonObject): string[] {
    if (resource['resourceType'] === 'Patient') {
      const id = this.patientIdOf(resource);
      return id === undefined ? [] : [id];
    }
    const out: string[] = [];
    for (const reference of patientReferencesOf(resource)) {
      const id = this.patientIdOfReference(reference, resource);
      if (id !== undefined && !out.includes(id)) out.push(id);
    }
    return out;
  }

  private patientIdOfReference(reference: unknown, resource: JsonObject): string | undefined {
    if (!isRecord(reference)) return undefined;
    const identifier = reference['identifier'];
    if (isRecord(identifier) && identifier['system'] === NHS_NUMBER_SYSTEM) {
      const parsed =
        typeof identifier['value'] === 'string' ? parseNhsNumber(identifier['value']) : undefined;
      if (parsed?.ok === true) return this.settings.pseudonyms.patientId(parsed.value);
    }
    const literal = reference['reference'];
    if (typeof literal !== 'string') return undefined;
    if (literal.startsWith('#')) {
      const contained = resource['contained'];
      if (!Array.isArray(contained)) return undefined;
      const target = (contained as unknown[]).find(
        (item) => isRecord(item) && item['id'] === literal.slice(1),
      );
      return isRecord(target) && target['resourceType'] === 'Patient'
        ? this.patientIdOf(target)
        : undefined;
    }
    const key = referenceKey(literal);
    if (key === undefined) return undefined;
    if (key.type !== undefined && key.type !== 'Patient') return undefined;
    const known = this.settings.patientIdOfKey(key.key);
    if (known !== undefined) return known;
    if (key.type === 'Patient') {
      return this.settings.pseudonyms.resourceId('Patient', key.key.slice('Patient/'.length));
    }
    return undefined;
  }

  /**
   * De-identifies one top-level resource; `undefined` when nothing of it can be kept (not a
   * FHIR R4 resource).
   */
  transform(resource: JsonObject): JsonObject | undefined {
    return this.resource(resource, this.shiftOf(resource), 'top', undefined, 0);
  }

  /**
   * The keyed date shift of a resource (0 unless the policy shifts dates): its patient's, or
   * for a resource about no patient its own.
   */
  private shiftOf(resource: JsonObject): number {
    const settings = this.settings;
    if (settings.dates.method !== 'keyed-shift') return 0;
    const patients = this.patientsOf(resource);
    const own =
      typeof resource['id'] === 'string' && isResourceTypeName(resource['resourceType'])
        ? settings.pseudonyms.resourceId(resource['resourceType'], resource['id'])
        : '';
    return settings.pseudonyms.dateShiftDays(patients[0] ?? own, settings.dates.maxShiftDays ?? 1);
  }

  private resource(
    resource: JsonObject,
    shiftDays: number,
    where: 'top' | 'contained' | 'nested',
    containedId: string | undefined,
    depth: number,
  ): JsonObject | undefined {
    const type = resource['resourceType'];
    if (!isResourceTypeName(type) || depth > this.settings.maxDepth) {
      count(this.counts, 'unknown-resources');
      return undefined;
    }
    const elements = elementsOf(type);
    if (elements === undefined) return undefined;
    const contained = new Map<string, string>();
    const containedInput = resource['contained'];
    if (where !== 'contained' && Array.isArray(containedInput)) {
      (containedInput as unknown[]).forEach((item, index) => {
        if (isRecord(item) && typeof item['id'] === 'string') {
          contained.set(item['id'], `c${String(index)}`);
        }
      });
    }
    const state: ResourceState = { resourceType: type, contained, shiftDays };
    const out: JsonObject = { resourceType: type };
    // The id: a patient's from its NHS number, a contained resource's from the local map.
    if (where === 'contained') {
      if (containedId !== undefined) out['id'] = containedId;
    } else if (type === 'Patient') {
      const id = this.patientIdOf(resource);
      if (id !== undefined) out['id'] = id;
    } else if (typeof resource['id'] === 'string') {
      out['id'] = this.settings.pseudonyms.resourceId(type, resource['id']);
    }
    const masks: [string, ElementInfo][] = [];
    for (const key of Object.keys(resource)) {
      const value = resource[key];
      switch (key) {
        case 'resourceType':
        case 'id':
        case 'implicitRules':
          continue;
        case 'text':
          count(this.counts, 'narratives');
          continue;
        case 'language':
          if (typeof value === 'string') out['language'] = value;
          continue;
        case 'meta': {
          const meta = this.meta(value, state, depth + 1);
          if (meta !== undefined) out['meta'] = meta;
          continue;
        }
        case 'contained': {
          if (where === 'contained' || !Array.isArray(value)) continue;
          const kept: JsonObject[] = [];
          (value as unknown[]).forEach((item, index) => {
            if (!isRecord(item)) return;
            const next = this.resource(
              item,
              shiftDays,
              'contained',
              `c${String(index)}`,
              depth + 1,
            );
            if (next !== undefined) kept.push(next);
          });
          if (kept.length > 0) out['contained'] = kept;
          continue;
        }
        case 'extension':
        case 'modifierExtension': {
          const next = this.array(value, 'Extension', key, 'Element', false, state, depth + 1);
          if (next !== undefined && next !== NEEDS_MASK) out[key] = next;
          continue;
        }
        default:
          break;
      }
      if (key.startsWith('_')) continue;
      const info = elements.get(key);
      if (info === undefined) {
        count(this.counts, 'unknown-elements');
        continue;
      }
      if (type === 'Patient' && key === 'address') {
        const next = this.patientAddress(value, state, depth + 1);
        if (next !== undefined) out['address'] = [next];
        continue;
      }
      if (type === 'Patient' && key === 'contact') {
        count(this.counts, 'contacts');
        continue;
      }
      this.element(out, key, info, type, value, resource[`_${key}`], state, depth + 1);
      if (!Object.hasOwn(out, key) && !Object.hasOwn(out, `_${key}`) && info.required) {
        masks.push([key, info]);
      }
    }
    for (const [key, info] of masks) {
      setMasked(out, key, info.type, info.array);
      count(this.counts, 'masked');
    }
    if (type === 'Composition') keepSectionsWithContent(out);
    if (where === 'top' || where === 'nested') {
      this.applyPolicyPaths(out, type);
      if (type === 'Patient') this.ensurePseudonym(out, resource);
      pruneContained(out);
    }
    return out;
  }

  private applyPolicyPaths(out: JsonObject, type: string): void {
    for (const path of this.settings.removePaths.get(type) ?? []) {
      count(
        this.counts,
        'policy-removed',
        updateAt(out, path, () => undefined),
      );
    }
    for (const rule of this.settings.otherRules.get(type) ?? []) {
      if (rule.method === 'remove') {
        count(
          this.counts,
          'policy-removed',
          updateAt(out, rule.path, () => undefined),
        );
      } else if (rule.method === 'generalise' && rule.generalise !== undefined) {
        count(this.counts, 'policy-generalised', updateAt(out, rule.path, rule.generalise));
      }
    }
  }

  private ensurePseudonym(out: JsonObject, input: JsonObject): void {
    const nhsNumber = nhsNumberOf(input);
    if (nhsNumber === undefined) return;
    const pseudonym = {
      system: this.settings.pseudonymSystem,
      value: this.settings.pseudonyms.nhsNumber(nhsNumber),
    };
    const current = Array.isArray(out['identifier']) ? (out['identifier'] as unknown[]) : [];
    const others = current.filter(
      (identifier) => !(isRecord(identifier) && identifier['value'] === pseudonym.value),
    );
    out['identifier'] = [pseudonym, ...others];
    delete out['_identifier'];
  }

  /** Writes the transformed `key` (and `_key`) of one element into `out`. */
  private element(
    out: JsonObject,
    key: string,
    info: ElementInfo,
    owner: string,
    value: unknown,
    primitiveExtension: unknown,
    state: ResourceState,
    depth: number,
  ): void {
    if (key === 'birthDate' && info.type === 'date') {
      this.birthDate(out, value);
      return;
    }
    if (info.type === 'instant' && !info.array && typeof value === 'string') {
      if (this.settings.dates.method !== 'keyed-shift') {
        // An instant must carry a full time, so it cannot hold a month: it is masked (which
        // also keeps rules such as app-3, "booked appointments have a start", satisfied).
        out[`_${key}`] = maskedElement();
        count(this.counts, 'dates-masked');
        return;
      }
    }
    const next = info.array
      ? this.array(value, info.type, key, owner, info.required, state, depth)
      : this.value(value, info.type, key, owner, info.required, state, depth);
    if (next === undefined || next === NEEDS_MASK) return;
    out[key] = next;
    if (isPrimitiveType(info.type) && primitiveExtension !== undefined) {
      const extension = this.primitiveExtension(
        primitiveExtension,
        info.array,
        value,
        next,
        state,
        depth,
      );
      if (extension !== undefined) out[`_${key}`] = extension;
    }
  }

  private primitiveExtension(
    input: unknown,
    array: boolean,
    before: unknown,
    after: unknown,
    state: ResourceState,
    depth: number,
  ): unknown {
    const one = (item: unknown): JsonObject | undefined => {
      if (!isRecord(item)) return undefined;
      const extension = this.array(
        item['extension'],
        'Extension',
        'extension',
        'Element',
        false,
        state,
        depth + 1,
      );
      return extension === undefined || extension === NEEDS_MASK ? undefined : { extension };
    };
    if (!array) return one(input);
    // Kept only when every item of the primitive array was kept, so the two stay aligned.
    if (!Array.isArray(input) || !Array.isArray(before) || !Array.isArray(after)) return undefined;
    if (before.length !== after.length) return undefined;
    const items = (input as unknown[]).map((item) => one(item) ?? null);
    return items.some((item) => item !== null) ? items : undefined;
  }

  private array(
    value: unknown,
    type: string,
    name: string,
    owner: string,
    required: boolean,
    state: ResourceState,
    depth: number,
  ): Transformed {
    if (!Array.isArray(value)) return undefined;
    const out: unknown[] = [];
    for (const item of value as unknown[]) {
      const next = this.value(item, type, name, owner, required, state, depth);
      if (next !== undefined && next !== NEEDS_MASK) out.push(next);
    }
    return out.length === 0 ? undefined : out;
  }

  private value(
    value: unknown,
    type: string,
    name: string,
    owner: string,
    required: boolean,
    state: ResourceState,
    depth: number,
  ): Transformed {
    if (value === null || value === undefined) return undefined;
    if (depth > this.settings.maxDepth) {
      count(this.counts, 'too-deep');
      return undefined;
    }
    switch (type) {
      case 'string':
      case 'markdown':
        if (this.settings.freeText === 'keep' && typeof value === 'string') return value;
        count(this.counts, 'free-text');
        return undefined;
      case 'xhtml':
      case 'base64Binary':
        count(this.counts, 'free-text');
        return undefined;
      case 'code':
        return typeof value === 'string' ? value : undefined;
      case 'boolean':
        return typeof value === 'boolean' ? value : undefined;
      case 'integer':
      case 'unsignedInt':
      case 'positiveInt':
      case 'decimal':
        return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      case 'id':
        return undefined;
      case 'uri':
      case 'url':
      case 'oid':
      case 'uuid':
        if (typeof value === 'string' && (name === 'system' || KEPT_URIS.has(`${owner}.${name}`))) {
          return value;
        }
        count(this.counts, 'uris');
        return undefined;
      case 'canonical':
        return typeof value === 'string' ? value : undefined;
      case 'date':
      case 'dateTime':
      case 'instant':
        return typeof value === 'string' ? this.date(value, type, state) : undefined;
      case 'time':
        return this.settings.dates.method === 'keyed-shift' && typeof value === 'string'
          ? value
          : undefined;
      case 'Annotation':
        if (this.settings.freeText === 'remove') {
          count(this.counts, 'free-text');
          return undefined;
        }
        break;
      case 'Address':
        return this.address(value, state, depth);
      case 'Identifier':
        return this.identifier(value, state, depth);
      case 'Reference':
        return this.reference(value, state, depth);
      case 'Meta':
        return this.meta(value, state, depth);
      case 'Resource':
        return isRecord(value) ? this.nestedResource(value, depth) : undefined;
      default:
        break;
    }
    const removed = REMOVED_TYPES[type];
    if (removed !== undefined) {
      count(this.counts, removed);
      return undefined;
    }
    return isRecord(value) ? this.complex(value, type, required, state, depth) : undefined;
  }

  private nestedResource(value: JsonObject, depth: number): Transformed {
    return this.resource(value, this.shiftOf(value), 'nested', undefined, depth + 1);
  }

  /**
   * A complex or backbone element, by the element table; Extensions keep their url. When a
   * required part had to go, a required element keeps a masked part and an optional one is
   * dropped whole (`NEEDS_MASK`).
   */
  private complex(
    value: JsonObject,
    type: string,
    required: boolean,
    state: ResourceState,
    depth: number,
  ): Transformed {
    const elements = elementsOf(type);
    if (elements === undefined) return undefined;
    const out: JsonObject = {};
    let needsMask = false;
    for (const key of Object.keys(value)) {
      if (key === 'extension' || key === 'modifierExtension') {
        const next = this.array(value[key], 'Extension', key, type, false, state, depth + 1);
        if (next !== undefined && next !== NEEDS_MASK) out[key] = next;
        continue;
      }
      if (key === 'id' || key.startsWith('_')) continue;
      if (type === 'Extension' && key === 'url') {
        if (typeof value['url'] === 'string') out['url'] = value['url'];
        continue;
      }
      if (type === 'Bundle.entry' && key === 'fullUrl') {
        const fullUrl = value['fullUrl'];
        if (typeof fullUrl === 'string' && fullUrl.startsWith('urn:')) {
          out['fullUrl'] = this.settings.pseudonyms.urn(fullUrl);
        }
        continue;
      }
      if (type === 'Bundle.entry.request' && key === 'url') {
        const url = value['url'];
        const rewritten = typeof url === 'string' ? this.requestUrl(url) : undefined;
        if (rewritten !== undefined) out['url'] = rewritten;
      }
      const info = elements.get(key);
      if (info === undefined) {
        count(this.counts, 'unknown-elements');
        continue;
      }
      if (!Object.hasOwn(out, key)) {
        this.element(out, key, info, type, value[key], value[`_${key}`], state, depth + 1);
      }
      if (info.required && !Object.hasOwn(out, key) && !Object.hasOwn(out, `_${key}`)) {
        if (required) {
          setMasked(out, key, info.type, info.array);
          count(this.counts, 'masked');
        } else {
          needsMask = true;
        }
      }
    }
    if (needsMask) return NEEDS_MASK;
    if (type === 'Extension') {
      if (typeof out['url'] !== 'string') return undefined;
      const hasValue = Object.keys(out).some((key) => key.startsWith('value'));
      if (!hasValue && out['extension'] === undefined) return undefined;
      return out;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }

  /** A transaction or batch entry's request url: `Type`, or `Type/<pseudonymous id>`. */
  private requestUrl(url: string): string | undefined {
    const match = /^([A-Z][A-Za-z]+)(?:\/([A-Za-z0-9\-.]{1,64}))?(?:[/?].*)?$/.exec(url);
    const type = match?.[1];
    if (type === undefined || !isResourceTypeName(type)) return undefined;
    const id = match?.[2];
    return id === undefined ? type : `${type}/${this.settings.pseudonyms.resourceId(type, id)}`;
  }

  private date(value: string, type: string, state: ResourceState): string | undefined {
    const rule = this.settings.dates;
    switch (rule.method) {
      case 'remove':
        count(this.counts, 'dates-removed');
        return undefined;
      case 'keyed-shift': {
        const shifted = shiftDate(value, state.shiftDays);
        count(this.counts, shifted === undefined ? 'dates-removed' : 'dates-shifted');
        return shifted;
      }
      case 'month':
      case 'year': {
        // An instant must carry a full time, so it cannot hold a month: it is removed.
        if (type === 'instant') {
          count(this.counts, 'dates-removed');
          return undefined;
        }
        const truncated = truncateDate(value, rule.method);
        count(this.counts, truncated === undefined ? 'dates-removed' : 'dates-generalised');
        return truncated;
      }
    }
  }

  private birthDate(out: JsonObject, value: unknown): void {
    if (typeof value !== 'string') return;
    const result = generaliseBirthDate(value, this.settings.birthDate, this.settings.extractDate);
    switch (result.kind) {
      case 'removed':
        count(this.counts, 'birth-dates-removed');
        return;
      case 'year':
        out['birthDate'] = result.year;
        count(this.counts, 'birth-dates-generalised');
        return;
      case 'age-band': {
        const years = (n: number): JsonObject => ({
          value: n,
          unit: 'a',
          system: 'http://unitsofmeasure.org',
          code: 'a',
        });
        out['_birthDate'] = {
          extension: [
            {
              url: AGE_BAND_EXTENSION_URL,
              valueRange: {
                low: years(result.low),
                ...(result.high === undefined ? {} : { high: years(result.high) }),
              },
            },
          ],
        };
        count(this.counts, 'birth-dates-generalised');
        return;
      }
    }
  }

  private patientAddress(
    value: unknown,
    state: ResourceState,
    depth: number,
  ): JsonObject | undefined {
    if (!Array.isArray(value)) return undefined;
    const addresses = (value as unknown[]).filter(isRecord);
    const current = (address: JsonObject): boolean => {
      const period = address['period'];
      return !(isRecord(period) && typeof period['end'] === 'string');
    };
    const chosen =
      addresses.find((address) => address['use'] === 'home' && current(address)) ??
      addresses.find(
        (address) => address['use'] !== 'old' && address['use'] !== 'temp' && current(address),
      ) ??
      addresses[0];
    if (addresses.length > 1) count(this.counts, 'addresses', addresses.length - 1);
    if (chosen === undefined) return undefined;
    const next = this.address(chosen, state, depth);
    return isRecord(next) ? next : undefined;
  }

  private address(value: unknown, state: ResourceState, depth: number): Transformed {
    if (!isRecord(value)) return undefined;
    const out: JsonObject = {};
    if (typeof value['use'] === 'string') out['use'] = value['use'];
    if (typeof value['type'] === 'string') out['type'] = value['type'];
    const extensions: unknown[] = [];
    const postalCode = value['postalCode'];
    if (typeof postalCode === 'string') {
      const result = generalisePostcode(
        postalCode,
        this.settings.postcode,
        this.settings.postcodeLookup,
      );
      if (result.kind === 'postal-code') {
        out['postalCode'] = result.value;
        count(this.counts, 'postcodes-generalised');
      } else if (result.kind === 'area') {
        extensions.push({ url: LSOA_EXTENSION_URL, valueCode: result.value });
        count(this.counts, 'postcodes-generalised');
      } else {
        count(this.counts, `postcodes-removed-${result.reason}`);
      }
    }
    if (out['postalCode'] === undefined && extensions.length === 0) {
      count(this.counts, 'addresses');
      return undefined;
    }
    const own = this.array(
      value['extension'],
      'Extension',
      'extension',
      'Address',
      false,
      state,
      depth + 1,
    );
    if (Array.isArray(own)) extensions.push(...(own as unknown[]));
    if (extensions.length > 0) out['extension'] = extensions;
    const period = isRecord(value['period'])
      ? this.complex(value['period'], 'Period', false, state, depth + 1)
      : undefined;
    if (period !== undefined && period !== NEEDS_MASK) out['period'] = period;
    count(this.counts, 'address-lines');
    return out;
  }

  private identifier(value: unknown, state: ResourceState, depth: number): Transformed {
    if (!isRecord(value)) return undefined;
    const settings = this.settings;
    const system = value['system'];
    const raw = value['value'];
    if (system === NHS_NUMBER_SYSTEM) {
      const parsed = typeof raw === 'string' ? parseNhsNumber(raw) : undefined;
      if (value['use'] === 'old' || parsed?.ok !== true) {
        count(this.counts, 'identifiers');
        return undefined;
      }
      count(this.counts, 'nhs-numbers-pseudonymised');
      return {
        system: settings.pseudonymSystem,
        value: settings.pseudonyms.nhsNumber(parsed.value),
      };
    }
    // An Organization keeps pseudonymised identifiers: it must have a name or an identifier (org-1).
    const pseudonymise =
      settings.otherIdentifiers === 'pseudonymise' || state.resourceType === 'Organization';
    if (pseudonymise && typeof system === 'string' && typeof raw === 'string') {
      const out: JsonObject = {
        system: settings.pseudonymSystem,
        value: settings.pseudonyms.identifier(system, raw),
      };
      const identifierType = isRecord(value['type'])
        ? this.complex(value['type'], 'CodeableConcept', false, state, depth + 1)
        : undefined;
      if (identifierType !== undefined && identifierType !== NEEDS_MASK)
        out['type'] = identifierType;
      count(this.counts, 'identifiers-pseudonymised');
      return out;
    }
    count(this.counts, 'identifiers');
    return undefined;
  }

  private reference(value: unknown, state: ResourceState, depth: number): Transformed {
    if (!isRecord(value)) return undefined;
    const out: JsonObject = {};
    const literal = value['reference'];
    if (typeof literal === 'string') {
      const rewritten = this.rewriteReference(literal, state);
      if (rewritten !== undefined) out['reference'] = rewritten;
      else count(this.counts, 'references-dropped');
    }
    const type = value['type'];
    if (typeof type === 'string' && RESOURCE_TYPE_NAME.test(type)) out['type'] = type;
    if (value['identifier'] !== undefined) {
      const identifier = this.identifier(value['identifier'], state, depth + 1);
      if (identifier !== undefined) out['identifier'] = identifier;
    }
    if (value['display'] !== undefined) count(this.counts, 'reference-displays');
    const extension = this.array(
      value['extension'],
      'Extension',
      'extension',
      'Reference',
      false,
      state,
      depth + 1,
    );
    if (extension !== undefined && extension !== NEEDS_MASK) out['extension'] = extension;
    if (
      out['reference'] === undefined &&
      out['identifier'] === undefined &&
      out['extension'] === undefined
    ) {
      return undefined;
    }
    return out;
  }

  private rewriteReference(literal: string, state: ResourceState): string | undefined {
    const settings = this.settings;
    if (literal.startsWith('#')) {
      const mapped = state.contained.get(literal.slice(1));
      return mapped === undefined ? undefined : `#${mapped}`;
    }
    if (literal.startsWith('urn:uuid:') || literal.startsWith('urn:oid:')) {
      return settings.pseudonyms.urn(literal);
    }
    const match = LITERAL_REFERENCE.exec(literal);
    const type = match?.[1];
    const id = match?.[2];
    if (type === undefined || id === undefined || !isResourceTypeName(type)) return undefined;
    if (type === 'Patient') {
      return `Patient/${settings.patientIdOfKey(`Patient/${id}`) ?? settings.pseudonyms.resourceId('Patient', id)}`;
    }
    return `${type}/${settings.pseudonyms.resourceId(type, id)}`;
  }

  private meta(value: unknown, state: ResourceState, depth: number): JsonObject | undefined {
    if (!isRecord(value)) return undefined;
    const out: JsonObject = {};
    // `profile` goes: a de-identified record no longer meets the profiles of identifiable ones
    // (names, NHS number, birth date), so keeping the claim would make it fail them.
    for (const key of ['security', 'tag'] as const) {
      const next = this.array(value[key], 'Coding', key, 'Meta', false, state, depth + 1);
      if (next !== undefined && next !== NEEDS_MASK) out[key] = next;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
}

/** The first current NHS number of a Patient resource (not `use: old`), if valid. */
export function nhsNumberOf(patient: JsonObject): NhsNumber | undefined {
  const identifiers = patient['identifier'];
  if (!Array.isArray(identifiers)) return undefined;
  for (const identifier of identifiers as unknown[]) {
    if (!isRecord(identifier) || identifier['system'] !== NHS_NUMBER_SYSTEM) continue;
    if (identifier['use'] === 'old' || typeof identifier['value'] !== 'string') continue;
    const parsed = parseNhsNumber(identifier['value']);
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}

/**
 * Keeps only Composition sections that still hold entries or sub-sections (a section must hold
 * text, entries or sections, cmp-1; its narrative is gone).
 */
function keepSectionsWithContent(owner: JsonObject): void {
  const sections = owner['section'];
  if (!Array.isArray(sections)) return;
  const kept = (sections as unknown[]).filter((section): section is JsonObject => {
    if (!isRecord(section)) return false;
    keepSectionsWithContent(section);
    return section['entry'] !== undefined || section['section'] !== undefined;
  });
  if (kept.length > 0) owner['section'] = kept;
  else delete owner['section'];
}

function collectLocalReferences(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) collectLocalReferences(item, out);
    return;
  }
  if (!isRecord(value)) return;
  const reference = value['reference'];
  if (typeof reference === 'string' && reference.startsWith('#')) out.add(reference.slice(1));
  for (const key of Object.keys(value)) collectLocalReferences(value[key], out);
}

/**
 * Removes contained resources that nothing else in the resource refers to (FHIR invariant
 * dom-3), for instance when the only reference was in a note that was removed.
 */
function pruneContained(resource: JsonObject): void {
  const contained = resource['contained'];
  if (!Array.isArray(contained)) return;
  let kept = (contained as unknown[]).filter(isRecord);
  for (;;) {
    const referenced = new Set<string>();
    for (const key of Object.keys(resource)) {
      if (key !== 'contained') collectLocalReferences(resource[key], referenced);
    }
    for (const item of kept) {
      const own = new Set<string>();
      collectLocalReferences(item, own);
      const id = item['id'];
      if (typeof id === 'string') own.delete(id);
      for (const reference of own) referenced.add(reference);
    }
    const next = kept.filter((item) => {
      const id = item['id'];
      if (typeof id !== 'string') return false;
      if (referenced.has(id)) return true;
      // A contained resource may instead refer to its container ("#").
      const own = new Set<string>();
      collectLocalReferences(item, own);
      return own.has('');
    });
    if (next.length === kept.length) break;
    kept = next;
  }
  if (kept.length === 0) delete resource['contained'];
  else resource['contained'] = kept;
}

/** A masked element (exported for tests and the pipeline). */
export const MASKED_ELEMENT = maskedElement;
