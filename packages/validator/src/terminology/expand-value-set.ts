import type { ValueSetExpansion } from '../model/r4-model-types';

/** The parts of a CodeSystem that local expansion reads. */
export interface CodeSystemLike {
  url?: string;
  content?: string;
  /** For a supplement (`content` 'supplement'): the code system it adds to. */
  supplements?: string;
  caseSensitive?: boolean;
  concept?: ConceptLike[];
  /** The concept properties the code system defines (those naming parents and children). */
  property?: { code: string; uri?: string }[];
}

/** A CodeSystem concept, possibly with children, nested or named by properties. */
export interface ConceptLike {
  code: string;
  display?: string;
  designation?: { value?: string }[];
  concept?: ConceptLike[];
  property?: { code: string; valueCode?: string }[];
}

/** The parts of a ValueSet that local expansion reads. */
export interface ValueSetLike {
  url?: string;
  compose?: { include?: ComposeRule[]; exclude?: ComposeRule[] };
  expansion?: { contains?: ExpansionContains[] };
}

interface ComposeRule {
  system?: string;
  concept?: { code: string }[];
  filter?: { property?: string; op?: string; value?: string }[];
  valueSet?: string[];
}

interface ExpansionContains {
  system?: string;
  code?: string;
  contains?: ExpansionContains[];
}

/** Finds terminology resources by canonical URL (version suffix already removed). */
export interface TerminologySource {
  valueSet(url: string): ValueSetLike | undefined;
  codeSystem(url: string): CodeSystemLike | undefined;
}

/** Limits nested value-set imports, so a cycle cannot hang expansion. */
const MAX_IMPORT_DEPTH = 10;

/**
 * Expands a value set from local CodeSystems and ValueSets: enumerated concepts, whole code
 * systems, `is-a`/`descendent-of`/`is-not-a` filters over hierarchical code systems, imports and
 * exclusions. Anything that cannot be expanded exactly here (an external code system, another
 * filter) makes the result `complete: false` rather than wrong. Returns undefined when the value
 * set itself is unknown.
 *
 * @example
 * const expansion = expandValueSet('http://hl7.org/fhir/ValueSet/administrative-gender', source);
 * expansion?.codes['http://hl7.org/fhir/administrative-gender']; // ['male', 'female', 'other', 'unknown']
 */
export function expandValueSet(
  url: string,
  source: TerminologySource,
  depth = 0,
): ValueSetExpansion | undefined {
  const valueSet = source.valueSet(stripVersion(url));
  if (valueSet === undefined || depth > MAX_IMPORT_DEPTH) return undefined;
  const result = new Expansion();

  const compose = valueSet.compose;
  if (compose === undefined) {
    if (valueSet.expansion?.contains) addContains(valueSet.expansion.contains, result);
    else result.complete = false;
    return result.toJSON();
  }
  for (const rule of compose.include ?? []) result.addAll(expandRule(rule, source, depth));
  for (const rule of compose.exclude ?? []) {
    const excluded = expandRule(rule, source, depth);
    // An exclusion we cannot expand exactly leaves codes we cannot vouch for.
    if (!excluded.complete) result.complete = false;
    result.removeAll(excluded);
  }
  return result.toJSON();
}

function expandRule(rule: ComposeRule, source: TerminologySource, depth: number): Expansion {
  const out = new Expansion();
  let fromSystem: Expansion | undefined;
  if (rule.system !== undefined) {
    fromSystem = new Expansion();
    fromSystem.systems?.add(rule.system);
    if (rule.concept && rule.concept.length > 0) {
      for (const c of rule.concept) fromSystem.add(rule.system, c.code);
    } else {
      const system = source.codeSystem(stripVersion(rule.system));
      if (system?.content !== 'complete' || system.concept === undefined) {
        fromSystem.complete = false;
      } else if (rule.filter && rule.filter.length > 0) {
        applyFilters(rule.system, system, rule.filter, fromSystem);
      } else {
        walkConcepts(system.concept, (code) => fromSystem?.add(rule.system ?? '', code));
        fromSystem.whole.add(rule.system);
      }
    }
  }
  // Imported value sets intersect with each other and with the system part.
  const imports = (rule.valueSet ?? []).map((vs) => {
    const expansion = expandValueSet(vs, source, depth + 1);
    const e = new Expansion();
    if (expansion === undefined) {
      e.complete = false;
      e.systems = undefined;
    } else e.load(expansion);
    return e;
  });
  const parts = fromSystem ? [fromSystem, ...imports] : imports;
  const [first, ...rest] = parts;
  if (first === undefined) {
    out.complete = false;
    out.systems = undefined;
    return out;
  }
  out.addAll(first);
  for (const part of rest) out.intersect(part);
  return out;
}

function applyFilters(
  system: string,
  codeSystem: CodeSystemLike,
  filters: NonNullable<ComposeRule['filter']>,
  into: Expansion,
): void {
  let selected: Set<string> | undefined;
  let hierarchy: Hierarchy | undefined;
  for (const filter of filters) {
    hierarchy ??= hierarchyOf(codeSystem);
    const matches = filterCodes(hierarchy, filter);
    if (matches === undefined) {
      into.complete = false;
      return;
    }
    selected =
      selected === undefined ? matches : new Set([...selected].filter((c) => matches.has(c)));
  }
  for (const code of selected ?? []) into.add(system, code);
}

function filterCodes(
  hierarchy: Hierarchy,
  filter: NonNullable<ComposeRule['filter']>[number],
): Set<string> | undefined {
  if (filter.property !== 'concept' || filter.value === undefined) return undefined;
  const root = filter.value;
  if (!hierarchy.all.has(root)) return new Set();
  const below = descendants(hierarchy, root);
  if (filter.op === 'is-a') return new Set([root, ...below]);
  if (filter.op === 'descendent-of') return below;
  if (filter.op === 'is-not-a') {
    below.add(root);
    return new Set([...hierarchy.all].filter((c) => !below.has(c)));
  }
  return undefined;
}

/** A code system's codes and each one's children. */
interface Hierarchy {
  readonly all: Set<string>;
  readonly children: Map<string, Set<string>>;
}

const PARENT_PROPERTY = 'http://hl7.org/fhir/concept-properties#parent';

/**
 * The subsumption hierarchy of a code system: concepts nested in concepts, and concepts whose
 * property names a parent (a property defined with the standard `parent` URI, such as
 * `subsumedBy` in the code systems of terminology.hl7.org, whose concepts are listed flat).
 * `child` properties are not followed: R4's own v3 code systems use them for links that its
 * published expansions leave out.
 */
function hierarchyOf(system: CodeSystemLike): Hierarchy {
  const parentProperties = new Set<string>();
  for (const { code, uri } of system.property ?? []) {
    if (uri === PARENT_PROPERTY || (uri === undefined && code === 'parent'))
      parentProperties.add(code);
  }
  const all = new Set<string>();
  const children = new Map<string, Set<string>>();
  const link = (parent: string, child: string): void => {
    let set = children.get(parent);
    if (set === undefined) children.set(parent, (set = new Set()));
    set.add(child);
  };
  const visit = (concepts: ConceptLike[], parent: string | undefined): void => {
    for (const concept of concepts) {
      all.add(concept.code);
      if (parent !== undefined) link(parent, concept.code);
      for (const property of concept.property ?? []) {
        if (parentProperties.has(property.code) && typeof property.valueCode === 'string')
          link(property.valueCode, concept.code);
      }
      if (concept.concept) visit(concept.concept, concept.code);
    }
  };
  visit(system.concept ?? [], undefined);
  return { all, children };
}

/** Every code below `root`, depth first (a hierarchy with a cycle ends where it comes round). */
function descendants(hierarchy: Hierarchy, root: string): Set<string> {
  const below = new Set<string>();
  const stack = [(hierarchy.children.get(root) ?? new Set<string>()).values()];
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const next = top.next();
    if (next.done === true) {
      stack.pop();
      continue;
    }
    if (next.value === root || below.has(next.value)) continue;
    below.add(next.value);
    const children = hierarchy.children.get(next.value);
    if (children !== undefined) stack.push(children.values());
  }
  return below;
}

function walkConcepts(concepts: ConceptLike[], visit: (code: string) => void): void {
  for (const c of concepts) {
    visit(c.code);
    if (c.concept) walkConcepts(c.concept, visit);
  }
}

function addContains(contains: ExpansionContains[], into: Expansion): void {
  for (const c of contains) {
    if (c.system !== undefined && c.code !== undefined) into.add(c.system, c.code);
    if (c.contains) addContains(c.contains, into);
  }
}

function stripVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

/** A mutable set of (system, code) pairs with a completeness flag. */
class Expansion {
  complete = true;
  /** Systems included in full, with no concept list or filter. */
  readonly whole = new Set<string>();
  /** The systems drawn on; undefined once one of them cannot be known. */
  systems: Set<string> | undefined = new Set<string>();
  private readonly bySystem = new Map<string, Set<string>>();

  add(system: string, code: string): void {
    this.systems?.add(system);
    let codes = this.bySystem.get(system);
    if (codes === undefined) this.bySystem.set(system, (codes = new Set()));
    codes.add(code);
  }

  load(expansion: ValueSetExpansion): void {
    this.complete &&= expansion.complete;
    for (const system of expansion.wholeSystems ?? []) this.whole.add(system);
    if (expansion.drawsOn === undefined) this.systems = undefined;
    else for (const system of expansion.drawsOn) this.systems?.add(system);
    for (const [system, codes] of Object.entries(expansion.codes)) {
      for (const code of codes) this.add(system, code);
    }
  }

  addAll(other: Expansion): void {
    this.complete &&= other.complete;
    for (const system of other.whole) this.whole.add(system);
    if (other.systems === undefined) this.systems = undefined;
    else for (const system of other.systems) this.systems?.add(system);
    for (const [system, codes] of other.bySystem) for (const code of codes) this.add(system, code);
  }

  removeAll(other: Expansion): void {
    for (const [system, codes] of other.bySystem) {
      if (codes.size > 0) this.whole.delete(system);
      const mine = this.bySystem.get(system);
      if (mine) for (const code of codes) mine.delete(code);
    }
  }

  intersect(other: Expansion): void {
    this.complete &&= other.complete;
    for (const system of this.whole) if (!other.whole.has(system)) this.whole.delete(system);
    if (this.systems === undefined) {
      this.systems = other.systems === undefined ? undefined : new Set(other.systems);
    } else if (other.systems !== undefined) {
      for (const system of this.systems)
        if (!other.systems.has(system)) this.systems.delete(system);
    }
    for (const [system, codes] of this.bySystem) {
      const theirs = other.bySystem.get(system);
      for (const code of codes) if (!theirs?.has(code)) codes.delete(code);
    }
  }

  toJSON(): ValueSetExpansion {
    const codes: Record<string, string[]> = {};
    for (const [system, set] of this.bySystem) if (set.size > 0) codes[system] = [...set];
    const whole = [...this.whole].filter((s) => codes[s] !== undefined);
    const out: ValueSetExpansion = { complete: this.complete, codes };
    if (whole.length > 0) out.wholeSystems = whole;
    if (this.systems !== undefined) out.drawsOn = [...this.systems].sort();
    return out;
  }
}
