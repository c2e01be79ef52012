/**
 * The compact, precompiled form of the FHIR definitions the validator runs on: one entry per
 * data type, resource and backbone element, with only what validation needs. Generated from the
 * StructureDefinition snapshots (`scripts/generate-r4-model.ts`), so start-up parses a few
 * hundred kilobytes instead of the 40 MB definition bundles.
 */
export interface CompactModel {
  fhirVersion: string;
  /** Complex types and resources by name; backbone elements by path (`Patient.contact`). */
  types: Record<string, TypeModel>;
  /** Primitive types by name. */
  primitives: Record<string, PrimitiveModel>;
  /** Expansions of the value sets bound with `required` strength, where exact locally. */
  valueSets: Record<string, ValueSetExpansion>;
  /** The codes of the code systems defined with complete content, by canonical URL. */
  codeSystems: Record<string, CodeSystemCodes>;
  /** Names of the concrete resource types. */
  resourceTypes: string[];
}

/** Every code of a code system (children included). */
export interface CodeSystemCodes {
  codes: string[];
  /** Codes compare without regard to case (`caseSensitive: false`). */
  caseInsensitive?: true;
}

/** A complex type, resource or backbone element. */
export interface TypeModel {
  kind: 'resource' | 'abstract-resource' | 'datatype' | 'backbone';
  /** The FHIR path of the root (`Patient`, `Patient.contact`). */
  path: string;
  elements: ElementModel[];
  /** Constraints on the type's root (dom-*, per-1…), other than those checked natively. */
  constraints: ConstraintModel[];
}

/** One JSON property of a type. Choice elements have one entry per allowed type. */
export interface ElementModel {
  /** The JSON property name (`deceasedBoolean`). */
  name: string;
  /** The element's path in its definition (`Patient.deceased[x]`). */
  path: string;
  /** For a choice form: the FHIRPath name of the element (`deceased`) and the type. */
  choice?: { element: string; type: string };
  /** A key of `types` or `primitives`. */
  type: string;
  min: number;
  /** -1 for `*`. */
  max: number;
  /** Whether the JSON form is an array (max > 1). */
  array: boolean;
  binding?: BindingModel;
  /** Element-level constraints other than those of its type's root and those checked natively. */
  constraints?: ConstraintModel[];
  maxLength?: number;
  /**
   * For Reference and canonical elements: the resource types a target may have, from
   * `type.targetProfile` (`['Organization', 'Practitioner']`); absent when any type is allowed.
   */
  targets?: string[];
  /**
   * True for element ids and extension urls: XML attributes, typed as FHIRPath system types, so
   * they take no `_name` sibling in JSON.
   */
  attribute?: true;
}

/** A terminology binding. */
export interface BindingModel {
  strength: 'required' | 'extensible' | 'preferred' | 'example';
  /** Canonical URL, without version. */
  valueSet: string;
}

/** A FHIRPath invariant. */
export interface ConstraintModel {
  key: string;
  /** The canonical URL of the definition the constraint comes from, for the report. */
  source?: string;
  severity: 'error' | 'warning';
  human: string;
  expression: string;
}

/** A primitive type's JSON representation and lexical rule. */
export interface PrimitiveModel {
  json: 'string' | 'number' | 'integer' | 'boolean';
  /** The anchored regular expression from the definition, for string forms. */
  regex?: string;
  maxLength?: number;
}

/**
 * A local expansion: codes by code system. `complete: false` means the value set also draws on
 * content that could not be expanded here (a filter, an external code system), so a code absent
 * from the expansion cannot be called wrong.
 */
export interface ValueSetExpansion {
  complete: boolean;
  codes: Record<string, string[]>;
  /**
   * Code systems the value set includes whole: a code of one of these that is not in the
   * expansion does not exist at all.
   */
  wholeSystems?: string[];
  /**
   * Every code system the value set draws on, when they are all known (even if the expansion
   * is not complete): a code of any other system is not in the value set.
   */
  drawsOn?: string[];
}
