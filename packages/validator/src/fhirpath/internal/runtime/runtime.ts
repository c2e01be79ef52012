import type { FhirPathModel } from '../../fhirpath-model';
import type { InvariantEnv } from '../../invariant-env';
import { FhirPathError } from '../../fhirpath-error';
import { PrimitiveNode } from '../../primitive-node';
import * as collections from './collections';
import { isTemporalType, parseTemporal } from './datetime';
import * as functions from './functions';
import type { TypeSpecifier } from './functions';
import * as navigation from './navigation';
import * as values from './values';
import { FpDec, FpNode, bail, fail } from './values';
import type { Relation } from './values';

/**
 * The helpers compiled invariants call, bound to one model. Everything here mirrors the
 * `fhirpath` package's semantics on the runtime representation (JSON values, {@link FpNode}s for
 * nodes whose type is only known at run time, {@link FpDec}s for the package's decimals).
 */
export interface Runtime {
  readonly Node: typeof FpNode;
  readonly Dec: typeof FpDec;
  readonly PrimitiveNode: typeof PrimitiveNode;
  readonly EMPTY: readonly unknown[];
  bail(): never;
  fail(message: string): never;
  /** Throws the `environment` error for a missing callback. */
  missing(callback: string): never;
  isResourceType(name: unknown): boolean;
  isType(type: string, superType: string): boolean;
  // navigation
  navigate(items: readonly unknown[], name: string): FpNode[];
  children(items: readonly unknown[]): FpNode[];
  descendants(items: readonly unknown[]): FpNode[];
  countChildren(data: unknown, ext: unknown, path: string | null, limit: number): number;
  /** Names of choice elements and inherited properties: keys counted on the exact path. */
  readonly special: ReadonlySet<string>;
  /** What the key `name` of a JSON object adds to `children().count()`. */
  countKey(data: unknown, path: string | null, name: string): number;
  /** What the key `_name` of a JSON object adds to `children().count()`. */
  countUnderscoreKey(data: unknown, path: string | null, key: string): number;
  choiceNodes(data: unknown, forms: navigation.ChoiceForms): FpNode[];
  countChoice(data: unknown, forms: navigation.ChoiceForms): number;
  // values
  toBoolean(items: readonly unknown[]): boolean | undefined;
  toSingleString(items: readonly unknown[]): string | undefined;
  hasValue(items: readonly unknown[]): boolean;
  isTrue(items: readonly unknown[]): boolean;
  equal(a: readonly unknown[], b: readonly unknown[]): boolean | undefined;
  compare(relation: Relation, a: readonly unknown[], b: readonly unknown[]): boolean | undefined;
  /** `=` of one primitive value of a temporal type with a string literal. */
  temporalEqualsText(type: string, value: unknown, text: string): boolean;
  /** A date/time value of a node of a temporal type, or the raw value when it does not parse. */
  temporal(type: string, value: unknown): unknown;
  compareScalars(
    relation: Relation,
    a: unknown,
    aFp: boolean,
    b: unknown,
    bFp: boolean,
  ): boolean | undefined;
  // collections
  distinct(items: readonly unknown[]): unknown[];
  isDistinct(items: readonly unknown[]): boolean;
  union(a: readonly unknown[], b: readonly unknown[]): unknown[];
  intersect(a: readonly unknown[], b: readonly unknown[]): unknown[];
  membership(a: readonly unknown[], b: readonly unknown[]): boolean | undefined;
  containership(a: readonly unknown[], b: readonly unknown[]): boolean | undefined;
  // functions
  is(items: readonly unknown[], spec: TypeSpecifier): boolean | undefined;
  as(items: readonly unknown[], spec: TypeSpecifier): readonly unknown[];
  ofType(items: readonly unknown[], spec: TypeSpecifier): unknown[];
  toInteger(items: readonly unknown[]): unknown;
  toString(items: readonly unknown[]): string | undefined;
  matches(items: readonly unknown[], pattern: string | undefined): boolean | undefined;
  replaceMatches(
    items: readonly unknown[],
    pattern: string | undefined,
    by: string | undefined,
  ): string | undefined;
  startsWith(items: readonly unknown[], prefix: string | undefined): boolean | undefined;
  containsText(items: readonly unknown[], part: string | undefined): boolean | undefined;
  integerArgument(items: readonly unknown[]): number | undefined;
  substring(
    items: readonly unknown[],
    start: number | undefined,
    length: number | undefined,
    given: boolean,
  ): string | undefined;
  add(a: readonly unknown[], b: readonly unknown[]): unknown;
  extension(items: readonly unknown[], url: string | undefined): FpNode[];
  resolve(items: readonly unknown[], env: InvariantEnv): FpNode[];
  htmlChecks(items: readonly unknown[], env: InvariantEnv): boolean | undefined;
  /** The focus of an invariant compiled for an abstract context (`Element`), as a node. */
  abstractFocus(node: unknown): FpNode;
  /** Whether a value is a JSON object (not null, not an array). */
  isObject(value: unknown): boolean;
  isPrimitiveTypeName(name: string | null): boolean;
  /** Whether a node of data type `type` (FHIR, or `System.X`) is of the named type. */
  typeNameIs(type: string | null, name: string): boolean;
  /** `hasValue()` of one runtime item. */
  hasValueItem(item: unknown): boolean;
}

/** Creates the runtime for a model. */
export function createRuntime(model: FhirPathModel): Runtime {
  const isType = model.isType;
  const tables = model.tables;
  const choiceNames = new Set<string>();
  for (const path of Object.keys(tables.choiceTypePaths)) {
    choiceNames.add(path.slice(path.lastIndexOf('.') + 1));
  }

  const special = navigation.specialNames(choiceNames);
  const view = { data: null as unknown, ext: null as unknown, path: null as string | null };
  const countChildrenOf = (
    data: unknown,
    ext: unknown,
    path: string | null,
    limit: number,
  ): number => {
    if (path === null && typeof data === 'object' && data !== null) {
      for (const key in data) {
        if (choiceNames.has(key.charCodeAt(0) === 95 ? key.slice(1) : key)) bail();
      }
    }
    view.data = data;
    view.ext = ext === 0 || ext === '' || ext === false || ext === undefined ? null : ext;
    view.path = path;
    return navigation.countChildren(view, tables, limit, special);
  };

  return {
    Node: FpNode,
    Dec: FpDec,
    PrimitiveNode,
    EMPTY: Object.freeze([]),
    bail,
    fail,
    missing: (callback) => {
      throw new FhirPathError(
        'environment',
        '',
        `The invariant needs env.${callback}, which was not given`,
      );
    },
    isResourceType: (name) => typeof name === 'string' && model.resourceTypes.has(name),
    isType,
    navigate: (items, name) => navigation.navigate(items, name, tables),
    children: (items) => navigation.children(items, tables),
    descendants: (items) => navigation.descendants(items, tables),
    countChildren: (data, ext, path, limit) => countChildrenOf(data, ext, path, limit),
    special,
    countKey: (data, path, name) => navigation.countKey({ data, ext: null, path }, name, tables),
    countUnderscoreKey: (data, path, key) =>
      navigation.countUnderscoreKey({ data, ext: null, path }, key, tables, special),
    choiceNodes: navigation.choiceNodes,
    countChoice: navigation.countChoice,
    toBoolean: values.toBoolean,
    toSingleString: values.toSingleString,
    hasValue: values.hasValue,
    isTrue: (items) => items.length === 1 && values.valData(items[0]) === true,
    equal: (a, b) => values.collectionsEqual(a, b, isType),
    compare: (relation, a, b) => values.compareCollections(relation, a, b, isType),
    temporalEqualsText: (type, value, text) => {
      if (typeof value !== 'string') bail();
      if (!isTemporalType(type)) return value === text;
      return parseTemporal(type, value) === null && value === text;
    },
    temporal: (type, value) => {
      if (value === null || value === undefined || !isTemporalType(type)) return value;
      if (typeof value !== 'string') bail();
      return parseTemporal(type, value) ?? value;
    },
    compareScalars: values.compareConverted,
    distinct: (items) => collections.distinct(items, isType),
    isDistinct: (items) => collections.isDistinct(items, isType),
    union: (a, b) => collections.union(a, b, isType),
    intersect: (a, b) => collections.intersect(a, b, isType),
    membership: (a, b) => collections.membership(a, b, isType),
    containership: (a, b) => collections.containership(a, b, isType),
    is: (items, spec) => functions.isOfType(items, spec, isType),
    as: (items, spec) => functions.asType(items, spec, isType),
    ofType: (items, spec) => functions.ofType(items, spec, isType),
    toInteger: functions.toInteger,
    toString: (items) => functions.toStringValue(items, isType),
    matches: functions.matches,
    replaceMatches: functions.replaceMatches,
    startsWith: functions.startsWith,
    containsText: functions.containsText,
    integerArgument: functions.integerArgument,
    substring: functions.substring,
    add: (a, b) => functions.add(a, b, isType),
    extension: functions.extensionsWithUrl,
    resolve: (items, env) => functions.resolveReferences(items, env.resolve, isType),
    htmlChecks: (items, env) => {
      const xhtml = functions.htmlChecksInput(items, isType);
      if (xhtml === undefined) return undefined;
      const check = env.htmlChecks;
      if (check === undefined) {
        throw new FhirPathError(
          'environment',
          'htmlChecks()',
          'htmlChecks() needs env.htmlChecks, which was not given',
        );
      }
      return check(xhtml);
    },
    abstractFocus: (node) => {
      if (node instanceof PrimitiveNode) {
        const type = node.type ?? guessPrimitiveType(node.value);
        return new FpNode(node.value, node.element, type, type);
      }
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        if ('resourceType' in node) bail();
        return new FpNode(node, null, null, null);
      }
      const type = guessPrimitiveType(node);
      return new FpNode(node, null, type, type);
    },
    isObject: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    isPrimitiveTypeName: (name) =>
      name !== null &&
      values.isPrimitiveTypeName(name.startsWith('System.') ? name.slice(7) : name),
    typeNameIs: (type, name) => {
      if (type === null) return false;
      const ref: values.TypeRef = type.startsWith('System.')
        ? { namespace: 'System', name: type.slice(7) }
        : { namespace: 'FHIR', name: type };
      return functions.typeIs(ref, { namespace: undefined, name }, isType);
    },
    hasValueItem: (item) => {
      const value = values.valData(item);
      return value !== null && value !== undefined && values.isPrimitiveItem(item);
    },
  };
}

function guessPrimitiveType(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'decimal';
    case 'boolean':
      return 'boolean';
    case 'bigint':
    case 'function':
    case 'object':
    case 'symbol':
    case 'undefined':
      return null;
  }
}

/** Raises an evaluation error (re-exported for generated code). */
export { fail };
