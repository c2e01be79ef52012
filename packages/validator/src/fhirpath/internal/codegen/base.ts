import type { FhirPathContext, FhirPathModel } from '../../fhirpath-model';
import type { Expr } from '../ast';
import type { TypeRef } from '../runtime/values';
import { Emitter } from './emitter';
import type { Cursor } from './raw';
import { RawEmitter, nodeArgs } from './raw';
import type { BoolV, ItemsV, NodeT, RawV, Root, Scope, V } from './values';
import { DYNAMIC } from './values';

/**
 * The compiler's state and the conversions between the forms a compiled value takes (booleans,
 * values, items, lazy navigations): what every part of the compiler builds on.
 */
export abstract class CompilerBase {
  /** The source being built (and its constants). */
  e = new Emitter();
  protected raw: RawEmitter;
  /** The context node (`%context`, the top `$this`). */
  protected focus!: V;
  /** `%resource`, `%rootResource` and `%ucum`, declared when first used. */
  protected resource: V | undefined;
  protected rootResource: V | undefined;
  protected ucum: string | undefined;
  /** Constants `[true]` and `[false]`. */
  protected readonly constTrue: string;
  protected readonly constFalse: string;

  constructor(
    protected readonly model: FhirPathModel,
    protected readonly context: FhirPathContext,
  ) {
    this.raw = this.rawEmitter();
    this.constTrue = this.e.constant(Object.freeze([true]));
    this.constFalse = this.e.constant(Object.freeze([false]));
  }

  /** Compiles a sub-expression in a scope. */
  abstract compile(x: Expr, s: Scope): V;

  protected rawEmitter(): RawEmitter {
    return new RawEmitter(this.e, (step, item) =>
      this.keepJs(this.compile(step.criterion, { self: this.cursorV(item) })),
    );
  }

  protected nodeT(path: string, type: string | null): NodeT {
    return { path, type, kind: this.model.node(path).kind };
  }

  protected rawRoot(root: Root): RawV {
    return { r: 'raw', src: { k: 'root', root }, steps: [], t: root.t, single: true, thr: false };
  }

  /** Compiles into a scratch emitter: what `x` compiles to, without emitting it. */
  protected probe(x: Expr, s: Scope): V {
    const saved = this.e;
    const savedRaw = this.raw;
    const savedResource = this.resource;
    const savedRoot = this.rootResource;
    const savedUcum = this.ucum;
    this.e = saved.scratch();
    this.raw = this.rawEmitter();
    try {
      return this.compile(x, s);
    } finally {
      this.e = saved;
      this.raw = savedRaw;
      this.resource = savedResource;
      this.rootResource = savedRoot;
      this.ucum = savedUcum;
    }
  }

  /** The scope value of one item inside a loop over a navigation. */
  protected cursorV(item: Cursor): V {
    if (item.t === DYNAMIC) {
      return { r: 'item', js: item.node ?? 'undefined', exists: 'true', thr: false };
    }
    const root: Root =
      item.node === undefined
        ? { data: item.data, ext: item.ext, exists: null, t: item.t }
        : { data: item.data, ext: item.ext, exists: null, t: item.t, node: item.node };
    return this.rawRoot(root);
  }

  /** Emits code for the collection `v` as an array of runtime items. */
  items(v: V): ItemsV {
    switch (v.r) {
      case 'items':
        return v;
      case 'bool':
        return {
          r: 'items',
          js: this.e.let(
            `${v.js} === undefined ? rt.EMPTY : ${v.js} ? ${this.constTrue} : ${this.constFalse}`,
            'a',
          ),
          t: null,
          many: false,
          thr: v.thr,
        };
      case 'value': {
        const item =
          v.literal !== undefined ? null : v.fp ? `new rt.Dec(${v.js}, String(${v.js}))` : v.js;
        const arr =
          item === null
            ? (v.literal ?? 'rt.EMPTY')
            : `${v.js} === undefined ? rt.EMPTY : [${item}]`;
        return { r: 'items', js: this.e.let(arr, 'a'), t: null, many: false, thr: v.thr };
      }
      case 'item':
        return {
          r: 'items',
          js: this.e.let(`${v.exists} ? [${v.js}] : rt.EMPTY`, 'a'),
          t: null,
          many: false,
          thr: v.thr,
        };
      case 'raw':
        return this.materialize(v);
    }
  }

  protected newNode(item: Cursor): string {
    return item.node ?? `new rt.Node(${item.data}, ${item.ext}, ${nodeArgs(item.t)})`;
  }

  protected materialize(v: RawV): ItemsV {
    const t = v.t === DYNAMIC ? null : v.t;
    if (v.src.k === 'array' && v.steps.length === 0) {
      return { r: 'items', js: v.src.js, t, many: !v.single, thr: v.thr };
    }
    if (v.single && v.src.k === 'root' && v.steps.length === 0) {
      const root = v.src.root;
      const node = root.node ?? `new rt.Node(${root.data}, ${root.ext}, ${nodeArgs(root.t)})`;
      const js0 = root.exists === null ? `[${node}]` : `${root.exists} ? [${node}] : rt.EMPTY`;
      return { r: 'items', js: this.e.let(js0, 'a'), t, many: false, thr: v.thr };
    }
    const arr = this.e.let('[]', 'a');
    this.raw.walk(v, (item) => {
      this.e.line(`${arr}.push(${this.newNode(item)});`);
    });
    return { r: 'items', js: arr, t, many: !v.single, thr: v.thr };
  }

  /** The single node of a navigation that has at most one, in variables. */
  single(v: RawV): Root {
    if (v.src.k === 'root' && v.steps.length === 0) return v.src.root;
    return this.raw.first(v);
  }

  /** Whether the package may see several items where one is expected (bad JSON included). */
  protected manyRisk(v: V): boolean {
    switch (v.r) {
      case 'bool':
      case 'value':
      case 'item':
        return false;
      case 'items':
        return v.many;
      case 'raw':
        return !(v.src.k === 'root' && v.steps.length === 0);
    }
  }

  /** Singleton evaluation as Boolean: true, false or undefined (empty). */
  boolOf(v: V): BoolV {
    const thr = v.thr || this.manyRisk(v);
    switch (v.r) {
      case 'bool':
        return v;
      case 'value':
        if (v.sys === 'Boolean') return { r: 'bool', js: v.js, thr };
        return {
          r: 'bool',
          js: this.e.let(
            `${v.js} === undefined ? undefined : typeof ${v.js} === 'boolean' ? ${v.js} : true`,
            'b',
          ),
          thr,
        };
      case 'item': {
        const value = this.e.let(`${v.js} instanceof rt.Node ? ${v.js}.data : ${v.js}`, 'w');
        return {
          r: 'bool',
          js: this.e.let(
            `!(${v.exists}) || ${value} == null ? undefined : typeof ${value} === 'boolean' ? ${value} : true`,
            'b',
          ),
          thr,
        };
      }
      case 'raw':
        if (v.single && v.t !== DYNAMIC) {
          const root = this.single(v);
          const exists = root.exists === null ? '' : `!(${root.exists}) || `;
          return {
            r: 'bool',
            js: this.e.let(
              `${exists}${root.data} == null ? undefined : typeof ${root.data} === 'boolean' ? ${root.data} : true`,
              'b',
            ),
            thr,
          };
        }
        return { r: 'bool', js: this.e.let(`rt.toBoolean(${this.items(v).js})`, 'b'), thr };
      case 'items':
        return { r: 'bool', js: this.e.let(`rt.toBoolean(${v.js})`, 'b'), thr };
    }
  }

  /** The number of items, as JavaScript; counting stops once above `limit`. */
  count(v: V, limit = Infinity): string {
    switch (v.r) {
      case 'bool':
      case 'value':
        return `(${v.js} === undefined ? 0 : 1)`;
      case 'item':
        return `(${v.exists} ? 1 : 0)`;
      case 'items':
        return `${v.js}.length`;
      case 'raw':
        if (v.src.k === 'root' && v.steps.length === 0) {
          return v.src.root.exists === null ? '1' : `(${v.src.root.exists} ? 1 : 0)`;
        }
        return this.raw.count(v, limit);
    }
  }

  /** Singleton evaluation as String: the string or undefined; an error for other values. */
  strOf(v: V): string {
    switch (v.r) {
      case 'value':
        if (v.sys === 'String') return v.js;
        this.e.line(
          `if (${v.js} !== undefined) rt.fail("a value that is not a string where a string is expected");`,
        );
        return 'undefined';
      case 'bool':
        this.e.line(`if (${v.js} !== undefined) rt.fail("a boolean where a string is expected");`);
        return 'undefined';
      case 'raw':
        if (v.single && v.t !== DYNAMIC) {
          const root = this.single(v);
          const exists = root.exists === null ? '' : `!(${root.exists}) || `;
          return this.e.let(
            `${exists}${root.data} == null ? undefined : typeof ${root.data} === 'string' ? ${root.data} : rt.fail("a value that is not a string where a string is expected")`,
            's',
          );
        }
        return this.e.let(`rt.toSingleString(${this.items(v).js})`, 's');
      case 'item':
      case 'items':
        return this.e.let(`rt.toSingleString(${this.items(v).js})`, 's');
    }
  }

  /** `util.isTrue`: exactly one item, whose value is true. */
  protected isTrueJs(v: V): string {
    switch (v.r) {
      case 'bool':
      case 'value':
        return `${v.js} === true`;
      case 'item':
        return `(${v.exists} && (${v.js} instanceof rt.Node ? ${v.js}.data : ${v.js}) === true)`;
      case 'raw':
        if (v.single && v.t !== DYNAMIC) {
          const root = this.single(v);
          return root.exists === null
            ? `${root.data} === true`
            : `(${root.exists} && ${root.data} === true)`;
        }
        return `rt.isTrue(${this.items(v).js})`;
      case 'items':
        return `rt.isTrue(${v.js})`;
    }
  }

  /** The `where` test: the first item of the criterion's result is truthy. */
  keepJs(v: V): string {
    switch (v.r) {
      case 'bool':
        return `${v.js} === true`;
      case 'value':
        return v.fp ? `${v.js} !== undefined` : `!!${v.js}`;
      case 'item':
        return `(${v.exists} && !!${v.js})`;
      case 'raw':
        return `${this.count(v, 0)} > 0`;
      case 'items':
        return `!!${v.js}[0]`;
    }
  }

  protected boolResult(js0: string, thr: boolean): BoolV {
    return { r: 'bool', js: this.e.let(js0, 'b'), thr };
  }

  protected typeRef(t: NodeT): TypeRef {
    const type = t.type ?? '';
    return type.startsWith('System.')
      ? { namespace: 'System', name: type.slice(7) }
      : { namespace: 'FHIR', name: type };
  }
}
