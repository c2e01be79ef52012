import type { CompactModel } from '../model/r4-model-types';
import { ABSOLUTE_URI } from './primitive-values';
import type { ValueFinding } from './primitive-values';
import type { BundleScope, JsonObject } from './run';
import { isJsonObject } from './run';

/** A finding about a resource, located by a JSON pointer relative to the resource. */
export interface ResourceFinding extends ValueFinding {
  readonly pointer: string;
}

const RESTFUL_FULL_URL = /^https?:\/\/\S+\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

/**
 * The resource-level rules checked natively: the DomainResource invariants dom-2 to dom-6 (same
 * answers as their FHIRPath, see the tests) and the Bundle rules on `fullUrl`.
 *
 * @see https://hl7.org/fhir/R4/domainresource.html#invs
 * @see https://hl7.org/fhir/R4/bundle.html#bundle-unique
 * @example
 * checkResourceRules('Patient', { resourceType: 'Patient' }, R4_MODEL)[0]?.ruleId; // 'dom-6'
 */
export function checkResourceRules(
  type: string,
  resource: JsonObject,
  model: CompactModel,
  contained = false,
): ResourceFinding[] {
  const findings: ResourceFinding[] = [];
  const elements = model.types[type]?.elements;
  if (elements?.some((e) => e.name === 'contained') === true) {
    checkContained(resource, model, findings);
    // dom-6 as the reference validator corrects it: `(%rootResource != $this) or text.div.exists()`.
    if (!contained && (!isJsonObject(resource.text) || resource.text.div === undefined)) {
      findings.push({
        pointer: '',
        severity: 'warning',
        code: 'invariant',
        ruleId: 'dom-6',
        diagnostics:
          "Constraint failed: dom-6: 'A resource should have narrative for robust management' (best practice)",
      });
    }
  }
  if (type === 'Bundle') {
    checkBundleEntries(resource, findings);
    if (resource.type === 'searchset') checkSearchEntries(resource, model, findings);
  }
  // The canonical URL of a definition (a `url` of type uri at the root, as on ValueSet) is how
  // others refer to it, so it is absolute, as the element says.
  if (
    typeof resource.url === 'string' &&
    !ABSOLUTE_URI.test(resource.url) &&
    elements?.some((e) => e.name === 'url' && e.type === 'uri') === true
  ) {
    findings.push({
      pointer: '/url',
      severity: 'error',
      code: 'value',
      diagnostics: `The canonical URL of a ${type} must be an absolute URI (such as http://… or urn:…)`,
    });
  }
  return findings;
}

function checkContained(
  resource: JsonObject,
  model: CompactModel,
  findings: ResourceFinding[],
): void {
  const contained = resource.contained;
  if (!Array.isArray(contained)) return;
  const references = collectLocalReferences(resource, model);
  contained.forEach((item: unknown, i) => {
    if (!isJsonObject(item)) return;
    // Like the reference validator, the contained-resource rules are reported on the container.
    const which = `contained[${String(i)}]`;
    if (item.contained !== undefined) {
      findings.push(
        invariant(
          which,
          'dom-2',
          'If the resource is contained in another resource, it SHALL NOT contain nested Resources',
        ),
      );
    }
    const meta = item.meta;
    if (isJsonObject(meta) && (meta.versionId !== undefined || meta.lastUpdated !== undefined)) {
      findings.push(
        invariant(
          which,
          'dom-4',
          'If a resource is contained in another resource, it SHALL NOT have a meta.versionId or a meta.lastUpdated',
        ),
      );
    }
    if (isJsonObject(meta) && meta.security !== undefined) {
      findings.push(
        invariant(
          which,
          'dom-5',
          'If a resource is contained in another resource, it SHALL NOT have a security label',
        ),
      );
    }
    const id = item.id;
    const referenced =
      (typeof id === 'string' && references.all.has(`#${id}`)) || references.toContainer.has(i);
    if (!referenced) {
      findings.push(
        invariant(
          which,
          'dom-3',
          'If the resource is contained in another resource, it SHALL be referred to from elsewhere in the resource or SHALL refer to the containing resource',
        ),
      );
    }
  });
}

function invariant(which: string, key: string, human: string): ResourceFinding {
  return {
    pointer: '',
    severity: 'error',
    code: 'invariant',
    ruleId: key,
    diagnostics: `Constraint failed: ${key}: '${human}' (${which})`,
  };
}

const URI_TYPES = new Set(['uri', 'canonical', 'url']);

interface LocalReferences {
  /** Every Reference.reference and uri/canonical/url value in the resource. */
  readonly all: Set<string>;
  /** Indexes of contained resources that refer to their container (`#`). */
  readonly toContainer: Set<number>;
}

/**
 * Walks the resource with its types, as FHIRPath's `descendants()` does, collecting the values
 * dom-3 looks at: `Reference.reference` and values of type uri, canonical and url.
 */
function collectLocalReferences(resource: JsonObject, model: CompactModel): LocalReferences {
  const all = new Set<string>();
  const toContainer = new Set<number>();
  const type = typeof resource.resourceType === 'string' ? resource.resourceType : undefined;
  if (type === undefined) return { all, toContainer };
  const visit = (node: JsonObject, typeKey: string, sink: Set<string>): void => {
    const info = model.types[typeKey];
    if (info === undefined) return;
    for (const element of info.elements) {
      const value = node[element.name];
      const extension = node[`_${element.name}`];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item === undefined || item === null) continue;
        if (typeof item === 'string') {
          if (URI_TYPES.has(element.type)) sink.add(item);
          continue;
        }
        if (!isJsonObject(item)) continue;
        if (
          element.type === 'Resource' ||
          model.types[element.type]?.kind === 'abstract-resource'
        ) {
          const nested = typeof item.resourceType === 'string' ? item.resourceType : undefined;
          if (nested !== undefined) visit(item, nested, sink);
          continue;
        }
        if (element.type === 'Reference' && typeof item.reference === 'string')
          sink.add(item.reference);
        visit(item, element.type, sink);
      }
      for (const item of Array.isArray(extension) ? extension : [extension]) {
        if (isJsonObject(item)) visit(item, 'Element', sink);
      }
    }
  };
  const contained = Array.isArray(resource.contained) ? resource.contained : [];
  visit({ ...resource, contained: undefined }, type, all);
  contained.forEach((item: unknown, i) => {
    if (!isJsonObject(item) || typeof item.resourceType !== 'string') return;
    const own = new Set<string>();
    visit(item, item.resourceType, own);
    if (own.has('#')) toContainer.add(i);
    for (const value of own) all.add(value);
  });
  return { all, toContainer };
}

function checkBundleEntries(bundle: JsonObject, findings: ResourceFinding[]): void {
  const entries = bundle.entry;
  if (!Array.isArray(entries)) return;
  entries.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry) || typeof entry.fullUrl !== 'string') return;
    const at = `/entry/${String(i)}/fullUrl`;
    const fullUrl = entry.fullUrl;
    if (!ABSOLUTE_URI.test(fullUrl)) {
      findings.push({
        pointer: at,
        severity: 'error',
        code: 'invalid',
        diagnostics: 'Bundle.entry.fullUrl must be an absolute URI',
      });
      return;
    }
    const restful = RESTFUL_FULL_URL.exec(fullUrl);
    const resource = entry.resource;
    if (restful === null || !isJsonObject(resource)) return;
    const [, type, id] = restful;
    if (resource.resourceType !== type || (resource.id !== undefined && resource.id !== id)) {
      findings.push({
        pointer: at,
        severity: 'error',
        code: 'invalid',
        diagnostics: `The fullUrl is a RESTful URL, so it must end with the resource's type and id (${String(resource.resourceType)}/${typeof resource.id === 'string' ? resource.id : '(no id)'})`,
      });
    }
  });
}

/**
 * Search results: each resource comes from the server, so it has an id; an entry whose
 * `search.mode` is `outcome` holds an OperationOutcome (R4 search-entry-mode); and a `match` is
 * of the type the `self` link searched (`…/Patient?name=x`), others coming in as `include`.
 */
function checkSearchEntries(
  bundle: JsonObject,
  model: CompactModel,
  findings: ResourceFinding[],
): void {
  const entries = bundle.entry;
  if (!Array.isArray(entries)) return;
  const searched = searchedType(bundle, model);
  const fail = (pointer: string, diagnostics: string): void => {
    findings.push({ pointer, severity: 'error', code: 'invalid', diagnostics });
  };
  entries.forEach((entry: unknown, i) => {
    if (!isJsonObject(entry) || !isJsonObject(entry.resource)) return;
    const { resource } = entry;
    const type = String(resource.resourceType);
    const at = `/entry/${String(i)}`;
    const mode = isJsonObject(entry.search) ? entry.search.mode : undefined;
    if (mode === 'outcome' && type !== 'OperationOutcome') {
      fail(
        `${at}/search/mode`,
        `An entry with search mode 'outcome' must hold an OperationOutcome (this one holds ${type})`,
      );
    }
    if (mode === 'match' && searched !== undefined && type !== searched) {
      fail(
        `${at}/resource`,
        `A ${type} cannot match the search in the self link, which is for ${searched} resources (other resources come in with search mode 'include')`,
      );
    }
    if (resource.id === undefined && type !== 'OperationOutcome') {
      fail(
        `${at}/resource`,
        'Search results must have ids: the resources of a searchset Bundle are held by the server',
      );
    }
  });
}

/** The resource type a searchset's `self` link searches, when its path ends with one. */
function searchedType(bundle: JsonObject, model: CompactModel): string | undefined {
  const links: unknown[] = Array.isArray(bundle.link) ? bundle.link : [];
  const self = links.find((l) => isJsonObject(l) && l.relation === 'self');
  if (!isJsonObject(self) || typeof self.url !== 'string') return undefined;
  const [path = '', query = ''] = self.url.split('?', 2);
  if (/(^|&)_type=/.test(query)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  const last = segments.at(-1) === '_search' ? segments.at(-2) : segments.at(-1);
  return last !== undefined && model.resourceTypes.includes(last) ? last : undefined;
}

/**
 * The entries of a Bundle that references can resolve to, by `fullUrl` and by `Type/id`.
 *
 * @example
 * bundleScope(bundle).targets.get('urn:uuid:…'); // 'Patient'
 */
export function bundleScope(bundle: JsonObject): BundleScope {
  const targets = new Map<string, string>();
  const resources = new Map<string, JsonObject>();
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  for (const entry of entries) {
    if (!isJsonObject(entry) || !isJsonObject(entry.resource)) continue;
    const type = entry.resource.resourceType;
    if (typeof type !== 'string') continue;
    const keys: string[] = [];
    if (typeof entry.fullUrl === 'string') {
      keys.push(entry.fullUrl);
      const restful = RESTFUL_FULL_URL.exec(entry.fullUrl);
      if (restful !== null) keys.push(`${restful[1] ?? ''}/${restful[2] ?? ''}`);
    }
    if (typeof entry.resource.id === 'string') keys.push(`${type}/${entry.resource.id}`);
    for (const key of keys) {
      targets.set(key, type);
      resources.set(key, entry.resource);
    }
  }
  return { targets, resources, type: typeof bundle.type === 'string' ? bundle.type : undefined };
}
