import type { FhirPathChildForm, FhirPathNodeKind } from '../../fhirpath-model';
import type { Expr } from '../ast';

/** The static type of a node: its node path, data type and kind, as the package types it. */
export interface NodeT {
  readonly path: string;
  readonly type: string | null;
  readonly kind: FhirPathNodeKind;
}

/** One node held in variables: its JSON value, its `_name` sibling, and whether it exists. */
export interface Root {
  readonly data: string;
  readonly ext: string;
  /** A JavaScript condition for the node to exist, or null when it always does. */
  readonly exists: string | null;
  readonly t: NodeT;
  /** When the node is held as a runtime node (its type known only at run time): it. */
  readonly node?: string;
}

/** Where a lazy navigation starts. */
export type Source =
  | { readonly k: 'root'; readonly root: Root }
  | { readonly k: 'array'; readonly js: string; readonly t: NodeT };

/** One step of a lazy navigation. */
export type Step =
  | {
      readonly k: 'child';
      readonly form: FhirPathChildForm;
      readonly array: boolean;
      readonly to: NodeT;
      /** For a step from an abstract resource: the constant holding the types that have it. */
      readonly typesConst: string | null;
      /**
       * Where the child is read: the parent's JSON object (`data`), the `_name` sibling of a
       * primitive parent (`ext`), or either, by a JavaScript condition that is true when the
       * parent is a primitive (the focus of an `Element` context).
       */
      readonly holder: 'data' | 'ext' | { readonly primitive: string };
    }
  | { readonly k: 'choice'; readonly formsConst: string }
  | { readonly k: 'where'; readonly criterion: Expr }
  | { readonly k: 'skip-first' };

/**
 * A compiled sub-expression. `thr` says whether the `fhirpath` package may raise an error while
 * evaluating it on some data (so that it must not be skipped by short-circuiting).
 *
 * - `bool`: a JavaScript expression that is true, false or undefined (empty);
 * - `value`: one system value (string, number, boolean) or undefined; numbers the package holds
 *   as `FP_Decimal` have `fp` set;
 * - `item`: one runtime item (node or system value) when `exists` holds;
 * - `items`: an array of runtime items; `t` is the static type of every item when known;
 * - `raw`: a lazy navigation over JSON, not yet evaluated.
 */
export type V =
  | { readonly r: 'bool'; readonly js: string; readonly thr: boolean }
  | {
      readonly r: 'value';
      readonly js: string;
      readonly sys: 'String' | 'Integer' | 'Decimal' | 'Boolean';
      readonly fp: boolean;
      readonly thr: boolean;
      /** For a number literal: a constant holding its decimal. */
      readonly literal?: string;
    }
  | { readonly r: 'item'; readonly js: string; readonly exists: string; readonly thr: boolean }
  | {
      readonly r: 'items';
      readonly js: string;
      readonly t: NodeT | null;
      readonly many: boolean;
      readonly thr: boolean;
    }
  | {
      readonly r: 'raw';
      readonly src: Source;
      readonly steps: readonly Step[];
      readonly t: NodeT;
      readonly single: boolean;
      readonly thr: boolean;
    };

export type BoolV = Extract<V, { r: 'bool' }>;
export type ValueV = Extract<V, { r: 'value' }>;
export type ItemsV = Extract<V, { r: 'items' }>;
export type RawV = Extract<V, { r: 'raw' }>;

/** Thrown while compiling when the expression needs the `fhirpath` package. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/** The scope of an expression: `$this`. */
export interface Scope {
  readonly self: V;
}

/** The node type of items whose type is only known at run time. */
export const DYNAMIC: NodeT = { path: '', type: null, kind: 'untyped' };
