import type { CompactModel } from '../model/r4-model-types';
import { FhirPathError } from './fhirpath-error';
import { nodePathOf, r4FhirpathTables } from './fhirpath-tables';
import type { FhirpathModelTables } from './fhirpath-tables';

/**
 * What a node of the resource tree is, for FHIRPath:
 *
 * - `resource`: a concrete resource type (`Patient`);
 * - `abstract-resource`: `Resource` or `DomainResource` (the concrete type is the `resourceType`);
 * - `complex`: a complex data type (`Period`, `Extension`);
 * - `backbone`: a backbone element (`Patient.contact`);
 * - `abstract-element`: `Element` or `BackboneElement` (any element);
 * - `primitive`: a FHIR primitive type (`dateTime`, `xhtml`);
 * - `system`: a FHIRPath system type given to element ids and extension urls (`System.String`);
 * - `untyped`: a path the model does not describe (properties unknown to FHIR).
 *
 * @example
 * ```ts
 * const kind: FhirPathNodeKind = model.node('Period').kind; // 'complex'
 * ```
 */
export type FhirPathNodeKind =
  | 'resource'
  | 'abstract-resource'
  | 'complex'
  | 'backbone'
  | 'abstract-element'
  | 'primitive'
  | 'system'
  | 'untyped';

/**
 * One JSON form of a child element: the property name and the FHIRPath type the `fhirpath`
 * package gives the child node (its node path and data type).
 *
 * @example
 * ```ts
 * const form: FhirPathChildForm = { json: 'valueQuantity', nodePath: 'Quantity', dataType: 'Quantity', primitive: false };
 * ```
 */
export interface FhirPathChildForm {
  /** The JSON property name (`valueQuantity`, `start`). */
  readonly json: string;
  /** The path of the child node (a type name, a backbone path or an element path). */
  readonly nodePath: string;
  /** The FHIR data type of the child node (`Quantity`, `BackboneElement`, `System.String`), if any. */
  readonly dataType: string | null;
  /** Whether the child is a primitive (a `_json` sibling may carry its id and extensions). */
  readonly primitive: boolean;
}

/**
 * A child element of a node type, by FHIRPath name: one form, or one per type for a choice
 * element in the order the `fhirpath` package tries them.
 *
 * @example
 * ```ts
 * const child = model.node('Observation').children.get('value'); // choice: valueQuantity, …
 * ```
 */
export interface FhirPathChild {
  /** The FHIRPath name (`value` for `value[x]`). */
  readonly name: string;
  /** Whether the JSON form is an array. */
  readonly array: boolean;
  /** Whether this is a choice element (`value[x]`). */
  readonly choice: boolean;
  readonly forms: readonly FhirPathChildForm[];
}

/**
 * A node type: what FHIRPath knows about nodes whose path is `path`.
 *
 * @example
 * ```ts
 * model.node('Patient.contact').kind; // 'backbone'
 * ```
 */
export interface FhirPathNodeType {
  /** The node path (`Period`, `Patient.contact`, `dateTime`, `System.String`). */
  readonly path: string;
  readonly kind: FhirPathNodeKind;
  /** Children by FHIRPath name; empty for primitives and untyped paths. */
  readonly children: ReadonlyMap<string, FhirPathChild>;
  /** Children by JSON property name. */
  readonly childrenByJson: ReadonlyMap<string, { child: FhirPathChild; form: FhirPathChildForm }>;
}

/**
 * The node an invariant is evaluated on, as resolved from its context type.
 *
 * @example
 * ```ts
 * model.context('Bundle.entry'); // { path: 'Bundle.entry', dataType: 'BackboneElement', … }
 * ```
 */
export interface FhirPathContext {
  /** The context type as given. */
  readonly contextType: string;
  /** The node path of the context node. */
  readonly path: string;
  /** The FHIR data type of the context node. */
  readonly dataType: string | null;
  readonly kind: FhirPathNodeKind;
  /**
   * The resource type `%resource` necessarily has for this context (a resource or one of its
   * backbone elements), or undefined when any resource may contain the node (data types).
   */
  readonly resourceType: string | undefined;
  /**
   * For a primitive context: an element that has this type, as `parent` type and JSON `name`,
   * so that the `fhirpath` package can be given the node with its `_name` sibling.
   */
  readonly primitiveHost: { readonly parent: string; readonly json: string } | undefined;
}

/**
 * The FHIR model as FHIRPath sees it: the CompactModel's JSON shapes (property names, arrays,
 * choice forms) joined with the type tables of the `fhirpath` package (how it types each node,
 * which it uses for `is`, `as`, `ofType`, date conversion and `hasValue()`). Compiled invariants
 * type nodes exactly as the package does, so that they give the same answers.
 *
 * @example
 * ```ts
 * const model = createFhirPathModel(R4_MODEL);
 * model.node('Period').children.get('start')?.forms[0]?.nodePath; // 'dateTime'
 * ```
 */
export interface FhirPathModel {
  readonly fhirVersion: string;
  /** The node type of a node path; `untyped` for paths the model does not describe. */
  readonly node: (path: string) => FhirPathNodeType;
  /** The `fhirpath` package's resolution of the child `name` of a node at `path`. */
  readonly childForms: (path: string, name: string) => readonly FhirPathChildForm[];
  /** Whether `type` is `superType` or derives from it (`Age` is a `Quantity`, `code` a `string`). */
  readonly isType: (type: string, superType: string) => boolean;
  /** Whether `name` is a type FHIRPath knows without a namespace (a FHIR or a system type). */
  readonly isTypeName: (name: string) => boolean;
  /** Whether `name` is a FHIR type of the model (namespace `FHIR`). */
  readonly isFhirType: (name: string) => boolean;
  /** The concrete resource types. */
  readonly resourceTypes: ReadonlySet<string>;
  /** Resolves a context type, or returns undefined when the model has no such type or path. */
  readonly context: (contextType: string) => FhirPathContext | undefined;
  /** The `fhirpath` package's model tables, for the runtime's dynamic navigation. */
  readonly tables: FhirpathModelTables;
}

const SYSTEM_TYPES: ReadonlySet<string> = new Set([
  'Boolean',
  'String',
  'Integer',
  'Long',
  'Decimal',
  'Date',
  'DateTime',
  'Time',
  'Quantity',
]);

const ABSTRACT_ELEMENTS: ReadonlySet<string> = new Set(['Element', 'BackboneElement']);
const ABSTRACT_RESOURCES: ReadonlySet<string> = new Set(['Resource', 'DomainResource']);

/**
 * Builds the {@link FhirPathModel} from a CompactModel (R4 4.0.1) and the R4 tables of the
 * `fhirpath` package.
 *
 * @throws {@link FhirPathError} with code `context` for a model of another FHIR version.
 *
 * @example
 * ```ts
 * const model = createFhirPathModel(R4_MODEL);
 * model.isType('Age', 'Quantity'); // true
 * ```
 */
export function createFhirPathModel(compact: CompactModel): FhirPathModel {
  if (!compact.fhirVersion.startsWith('4.0.')) {
    throw new FhirPathError(
      'context',
      '',
      `The FHIRPath model is built on the fhirpath package's R4 tables, so it needs an R4 (4.0.x) model, not ${compact.fhirVersion}`,
    );
  }
  const tables = r4FhirpathTables();
  const resourceTypes: ReadonlySet<string> = new Set(compact.resourceTypes);
  const nodes = new Map<string, FhirPathNodeType>();

  const childForms = (path: string, name: string): readonly FhirPathChildForm[] => {
    let childPath = `${path}.${name}`;
    childPath = tables.pathsDefinedElsewhere[childPath] ?? childPath;
    const alternatives = tables.choiceTypePaths[childPath];
    if (alternatives !== undefined) {
      return alternatives.map((suffix) => form(`${name}${suffix}`, `${childPath}${suffix}`));
    }
    return [form(name, name === 'extension' ? 'Extension' : childPath)];
  };

  const isPrimitivePath = (nodePath: string): boolean =>
    nodePath.startsWith('System.') || compact.primitives[nodePath] !== undefined;

  function form(json: string, childPath: string): FhirPathChildForm {
    const nodePath = nodePathOf(tables, childPath);
    return {
      json,
      nodePath,
      dataType: tables.path2Type[childPath] ?? null,
      primitive: isPrimitivePath(nodePath),
    };
  }

  function kindOf(path: string): FhirPathNodeKind {
    if (ABSTRACT_RESOURCES.has(path)) return 'abstract-resource';
    if (ABSTRACT_ELEMENTS.has(path)) return 'abstract-element';
    const type = compact.types[path];
    if (type !== undefined) {
      switch (type.kind) {
        case 'resource':
          return 'resource';
        case 'abstract-resource':
          return 'abstract-resource';
        case 'datatype':
          return 'complex';
        case 'backbone':
          return 'backbone';
      }
    }
    if (compact.primitives[path] !== undefined) return 'primitive';
    if (path.startsWith('System.')) return 'system';
    return 'untyped';
  }

  function build(path: string): FhirPathNodeType {
    const kind = kindOf(path);
    const children = new Map<string, FhirPathChild>();
    const childrenByJson = new Map<string, { child: FhirPathChild; form: FhirPathChildForm }>();
    const type = compact.types[path];
    if (type !== undefined) {
      const seen = new Set<string>();
      for (const element of type.elements) {
        const name = element.choice?.element ?? element.name;
        if (seen.has(name)) continue;
        seen.add(name);
        const forms = childForms(path, name);
        const choice = element.choice !== undefined;
        const child: FhirPathChild = { name, array: !choice && element.array, choice, forms };
        children.set(name, child);
        for (const f of forms) childrenByJson.set(f.json, { child, form: f });
      }
    }
    return { path, kind, children, childrenByJson };
  }

  const node = (path: string): FhirPathNodeType => {
    let found = nodes.get(path);
    if (found === undefined) {
      found = build(path);
      nodes.set(path, found);
    }
    return found;
  };

  const isType = (type: string, superType: string): boolean => {
    let current: string | undefined = type;
    while (current !== undefined) {
      if (current === superType) return true;
      current = tables.type2Parent[current];
    }
    return false;
  };

  const primitiveHost = (type: string): { parent: string; json: string } | undefined => {
    if (type === 'xhtml') return { parent: 'Narrative', json: 'div' };
    if (type.startsWith('System.')) return { parent: 'Element', json: 'id' };
    const suffix = type.charAt(0).toUpperCase() + type.slice(1);
    if (tables.path2Type[`Extension.value${suffix}`] === type) {
      return { parent: 'Extension', json: `value${suffix}` };
    }
    return undefined;
  };

  const context = (contextType: string): FhirPathContext | undefined => {
    const direct = compact.types[contextType];
    if (direct !== undefined || ABSTRACT_ELEMENTS.has(contextType)) {
      const root = contextType.split('.')[0] ?? contextType;
      const backbone = direct?.kind === 'backbone';
      return {
        contextType,
        path: contextType,
        dataType: backbone ? (tables.path2Type[contextType] ?? null) : contextType,
        kind: kindOf(contextType),
        resourceType: resourceTypes.has(root) ? root : undefined,
        primitiveHost: undefined,
      };
    }
    if (compact.primitives[contextType] !== undefined || contextType === 'System.String') {
      return {
        contextType,
        path: contextType,
        dataType: contextType,
        kind: kindOf(contextType),
        resourceType: undefined,
        primitiveHost: primitiveHost(contextType),
      };
    }
    // An element path: `Narrative.div`, `RiskAssessment.prediction.probabilityRange`.
    const dot = contextType.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const parentPath = contextType.slice(0, dot);
    const name = contextType.slice(dot + 1);
    const parent = context(parentPath);
    if (parent === undefined) return undefined;
    if (parent.kind === 'primitive' || parent.kind === 'system') {
      // The id and extensions of a primitive (`string.extension`).
      if (name !== 'id' && name !== 'extension') return undefined;
      const [only] = childForms(parent.path, name);
      if (only === undefined) return undefined;
      return {
        contextType,
        path: only.nodePath,
        dataType: only.dataType,
        kind: kindOf(only.nodePath),
        resourceType: parent.resourceType,
        primitiveHost: only.primitive ? { parent: 'Element', json: name } : undefined,
      };
    }
    const parentNode = node(parent.path);
    const byJson = parentNode.childrenByJson.get(name);
    const byName = parentNode.children.get(name);
    const chosen =
      byJson?.form ??
      (byName !== undefined && byName.forms.length === 1 ? byName.forms[0] : undefined);
    if (chosen === undefined) return undefined;
    const kind = kindOf(chosen.nodePath);
    return {
      contextType,
      path: chosen.nodePath,
      dataType: chosen.dataType,
      kind,
      resourceType: kind === 'resource' ? chosen.nodePath : parent.resourceType,
      primitiveHost: chosen.primitive ? { parent: parent.path, json: chosen.json } : undefined,
    };
  };

  return {
    fhirVersion: compact.fhirVersion,
    node,
    childForms,
    isType,
    isTypeName: (name) => SYSTEM_TYPES.has(name) || tables.availableTypes.has(name),
    isFhirType: (name) => tables.availableTypes.has(name),
    resourceTypes,
    context,
    tables,
  };
}
