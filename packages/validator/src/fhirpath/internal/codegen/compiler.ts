import type {
  FhirPathChild,
  FhirPathChildForm,
  FhirPathContext,
  FhirPathModel,
} from '../../fhirpath-model';
import type { Expr } from '../ast';
import { isTemporalType } from '../runtime/datetime';
import type { TypeSpecifier } from '../runtime/functions';
import { parseTypeSpecifier, typeConvertibleTo, typeIs } from '../runtime/functions';
import { ChoiceForms } from '../runtime/navigation';
import { FpDec, isPrimitiveTypeName } from '../runtime/values';
import type { TypeRef } from '../runtime/values';
import { Emitter, js } from './emitter';
import type { Cursor } from './raw';
import { RawEmitter, nodeArgs } from './raw';
import type { BoolV, ItemsV, NodeT, RawV, Root, Scope, Step, V, ValueV } from './values';
import { DYNAMIC, Unsupported } from './values';

const TYPE_INDEPENDENT_CALLS: ReadonlySet<string> = new Set([
  'hasValue',
  'exists',
  'empty',
  'count',
  'not',
  'children',
]);
const TYPE_INDEPENDENT_OPERATORS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'xor',
  'implies',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
]);

/**
 * For the abstract context `Element`, the node's type is not known here: only expressions whose
 * answer does not depend on it compile (ele-1: `hasValue()`, `children().count()`, `id`).
 */
function assertTypeIndependent(x: Expr): void {
  switch (x.k) {
    case 'member':
      if (x.name !== 'id' && x.name !== 'extension')
        throw new Unsupported(`${x.name} of an Element of unknown type`);
      if (x.input !== null) assertTypeIndependent(x.input);
      return;
    case 'call':
      if (!TYPE_INDEPENDENT_CALLS.has(x.name) || x.args.length > 0) {
        throw new Unsupported(`${x.name}() on an Element of unknown type`);
      }
      if (x.input !== null) assertTypeIndependent(x.input);
      return;
    case 'binary':
      if (!TYPE_INDEPENDENT_OPERATORS.has(x.op))
        throw new Unsupported(`${x.op} on an Element of unknown type`);
      assertTypeIndependent(x.left);
      assertTypeIndependent(x.right);
      return;
    case 'number':
    case 'boolean':
    case 'null':
      return;
    case 'this':
    case 'string':
    case 'var':
    case 'index':
    case 'total':
    case 'type-op':
    case 'polarity':
    case 'indexer':
    case 'unsupported':
      throw new Unsupported(`${x.k} with an Element of unknown type`);
  }
}

function sameForm(a: FhirPathChildForm, b: FhirPathChildForm | undefined): boolean {
  return (
    b !== undefined && a.json === b.json && a.nodePath === b.nodePath && a.dataType === b.dataType
  );
}

const TEMPORAL_OR_QUANTITY = (model: FhirPathModel, t: NodeT): boolean =>
  isTemporalType(t.path) || model.isType(t.path, 'Quantity');

/**
 * Compiles a typed FHIRPath expression to the body of a JavaScript function
 * `(node, env) => true | false | undefined`, with the `fhirpath` package's semantics. Throws
 * {@link Unsupported} for what it does not compile exactly.
 */
export class Compiler {
  e = new Emitter();
  private raw: RawEmitter;
  private focus!: V;
  private resource: V | undefined;
  private rootResource: V | undefined;
  private ucum: string | undefined;
  private readonly abstractChildren = new Map<
    string,
    { child: FhirPathChild; types: string } | null
  >();
  private readonly constTrue: string;
  private readonly constFalse: string;

  constructor(
    private readonly model: FhirPathModel,
    private readonly context: FhirPathContext,
  ) {
    this.raw = this.rawEmitter();
    this.constTrue = this.e.constant(Object.freeze([true]));
    this.constFalse = this.e.constant(Object.freeze([false]));
  }

  private rawEmitter(): RawEmitter {
    return new RawEmitter(this.e, (step, item) =>
      this.keepJs(this.compile(step.criterion, { self: this.cursorV(item) })),
    );
  }

  /** Compiles the whole expression; returns the function body. */
  compileInvariant(expr: Expr): string {
    if (this.context.kind === 'abstract-element') assertTypeIndependent(expr);
    this.focus = this.prologue();
    const result = this.compile(expr, { self: this.focus });
    const value = this.boolOf(result);
    this.e.line(`return ${value.js};`);
    return this.e.source();
  }

  // ---------------------------------------------------------------- prologue and variables

  private nodeT(path: string, type: string | null): NodeT {
    return { path, type, kind: this.model.node(path).kind };
  }

  private prologue(): V {
    const c = this.context;
    const t: NodeT = { path: c.path, type: c.dataType, kind: c.kind };
    switch (c.kind) {
      case 'resource':
        this.e.line(`if (!rt.isObject(node) || node.resourceType !== ${js(c.path)}) rt.bail();`);
        return this.rawRoot({ data: 'node', ext: 'null', exists: null, t });
      case 'abstract-resource':
        this.e.line(`if (!rt.isObject(node) || !rt.isResourceType(node.resourceType)) rt.bail();`);
        return this.rawRoot({ data: 'node', ext: 'null', exists: null, t });
      case 'complex':
      case 'backbone':
        this.e.line(`if (!rt.isObject(node) || node.resourceType !== undefined) rt.bail();`);
        return this.rawRoot({ data: 'node', ext: 'null', exists: null, t });
      case 'primitive':
      case 'system': {
        this.e.line('let d0 = node, x0 = null;');
        this.e.line(
          'if (node instanceof rt.PrimitiveNode) { d0 = node.value; x0 = node.element || null; }',
        );
        this.e.line(
          `if (typeof d0 === 'object' && d0 !== null || x0 !== null && (typeof x0 !== 'object' || Array.isArray(x0))) rt.bail();`,
        );
        return this.rawRoot({ data: 'd0', ext: 'x0', exists: '(d0 != null || x0 !== null)', t });
      }
      case 'abstract-element': {
        this.e.line('let d0 = node, x0 = null, P0 = true, T0 = null;');
        this.e.line(
          'if (node instanceof rt.PrimitiveNode) { d0 = node.value; x0 = node.element || null; T0 = node.type === undefined ? null : node.type; }',
        );
        this.e.line(
          `else if (rt.isObject(node)) { P0 = false; if (node.resourceType !== undefined) rt.bail(); }`,
        );
        this.e.line(`else if (typeof node === 'object' && node !== null) rt.bail();`);
        this.e.line(
          `if (P0 && T0 === null) T0 = typeof d0 === 'string' ? 'string' : typeof d0 === 'number' ? 'decimal' : typeof d0 === 'boolean' ? 'boolean' : null;`,
        );
        this.e.line(
          `if (P0 && (typeof d0 === 'object' && d0 !== null || x0 !== null && (typeof x0 !== 'object' || Array.isArray(x0)))) rt.bail();`,
        );
        this.e.line('let F0 = null;');
        return this.rawRoot({
          data: 'd0',
          ext: 'x0',
          exists: '(!P0 || d0 != null || x0 !== null)',
          t,
          node: '(F0 || (F0 = new rt.Node(d0, x0, P0 ? T0 : null, P0 ? T0 : null)))',
        });
      }
      case 'untyped':
        throw new Unsupported(`context ${c.contextType}`);
    }
  }

  private rawRoot(root: Root): RawV {
    return { r: 'raw', src: { k: 'root', root }, steps: [], t: root.t, single: true, thr: false };
  }

  private variable(name: string): V {
    switch (name) {
      case 'context':
        return this.focus;
      case 'ucum':
        if (this.ucum === undefined) {
          this.ucum = 'U0';
          this.e.hoist(
            `const U0 = env.ucum === undefined ? "http://unitsofmeasure.org" : env.ucum;`,
          );
        }
        return { r: 'value', js: this.ucum, sys: 'String', fp: false, thr: false };
      case 'resource':
        this.resource ??= this.resourceVariable('R0', 'resource', this.context.resourceType);
        return this.resource;
      case 'rootResource':
        this.rootResource ??= this.resourceVariable('R1', 'rootResource', undefined);
        return this.rootResource;
      default:
        this.e.line(`rt.fail(${js(`undefined environment variable %${name}`)});`);
        return { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: true };
    }
  }

  private resourceVariable(variable: string, field: string, type: string | undefined): V {
    // Declared at the top of the function so that every branch can read it.
    this.e.hoist(`const ${variable} = env.${field};`);
    if (type === undefined) {
      this.e.hoist(
        `if (${variable} != null && (!rt.isObject(${variable}) || !rt.isResourceType(${variable}.resourceType))) rt.bail();`,
      );
    } else {
      this.e.hoist(
        `if (${variable} != null && (!rt.isObject(${variable}) || ${variable}.resourceType !== ${js(type)})) rt.bail();`,
      );
    }
    const t = type === undefined ? this.nodeT('Resource', 'Resource') : this.nodeT(type, type);
    return this.rawRoot({ data: variable, ext: 'null', exists: `${variable} != null`, t });
  }

  // ---------------------------------------------------------------- dispatch

  compile(x: Expr, s: Scope): V {
    switch (x.k) {
      case 'member':
        return this.member(x, s);
      case 'call':
        return this.call(x, s);
      case 'this':
        return s.self;
      case 'var':
        return this.variable(x.name);
      case 'string':
        return { r: 'value', js: js(x.value), sys: 'String', fp: false, thr: false };
      case 'number':
        return this.numberLiteral(x.text, x.value);
      case 'boolean':
        return { r: 'bool', js: String(x.value), thr: false };
      case 'null':
        return { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: false };
      case 'binary':
        return this.binary(x.op, x.left, x.right, s);
      case 'type-op':
        return this.typeOperation(x.op, this.compile(x.left, s), x.type);
      case 'polarity':
        if (x.operand.k === 'number' && x.sign === '-') {
          return this.numberLiteral(`-${x.operand.text}`, -x.operand.value);
        }
        throw new Unsupported('unary sign');
      case 'index':
      case 'total':
      case 'indexer':
        throw new Unsupported(x.k);
      case 'unsupported':
        throw new Unsupported(x.what);
    }
  }

  private numberLiteral(text: string, value: number): ValueV {
    if (!Number.isFinite(value) || String(value) !== text) throw new Unsupported(`number ${text}`);
    const literal = this.e.constant(Object.freeze([new FpDec(value, text)]));
    return {
      r: 'value',
      js: String(value),
      sys: Number.isInteger(value) ? 'Integer' : 'Decimal',
      fp: true,
      thr: false,
      literal,
    };
  }

  /** Compiles into a scratch emitter: what `x` compiles to, without emitting it. */
  private probe(x: Expr, s: Scope): V {
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
  private cursorV(item: Cursor): V {
    if (item.t === DYNAMIC) {
      return { r: 'item', js: item.node ?? 'undefined', exists: 'true', thr: false };
    }
    const root: Root =
      item.node === undefined
        ? { data: item.data, ext: item.ext, exists: null, t: item.t }
        : { data: item.data, ext: item.ext, exists: null, t: item.t, node: item.node };
    return this.rawRoot(root);
  }

  // ---------------------------------------------------------------- conversions

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

  private newNode(item: Cursor): string {
    return item.node ?? `new rt.Node(${item.data}, ${item.ext}, ${nodeArgs(item.t)})`;
  }

  private materialize(v: RawV): ItemsV {
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
  private manyRisk(v: V): boolean {
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
  private isTrueJs(v: V): string {
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

  private boolResult(js0: string, thr: boolean): BoolV {
    return { r: 'bool', js: this.e.let(js0, 'b'), thr };
  }

  // ---------------------------------------------------------------- navigation

  private member(x: Expr & { k: 'member' }, s: Scope): V {
    const input = x.input === null ? s.self : this.compile(x.input, s);
    if (x.input === null && x.atRoot !== 0 && this.model.isTypeName(x.name)) {
      if (x.atRoot === 1 && input === this.focus && this.context.kind === 'abstract-element') {
        // The focus's type is only known at run time: the focus itself when it is of that type.
        const navigation = this.items(this.navigate(input, x.name));
        const focus = this.items(input);
        return {
          r: 'items',
          js: this.e.let(
            `P0 && rt.typeNameIs(T0, ${js(x.name)}) ? ${focus.js} : ${navigation.js}`,
            'a',
          ),
          t: null,
          many: true,
          thr: false,
        };
      }
      const matches = this.staticTypeMatch(input, x.name);
      if (matches === undefined || (matches && x.atRoot === 2)) {
        throw new Unsupported(`type name ${x.name} at the root`);
      }
      if (matches) return input;
    }
    return this.navigate(input, x.name);
  }

  /** Whether every item of `v` is of the named type (true/false), or undefined if unknown. */
  private staticTypeMatch(v: V, name: string): boolean | undefined {
    if (v.r !== 'raw' || v.t === DYNAMIC) return undefined;
    const t = v.t;
    if (t.kind === 'abstract-resource') {
      // A resource node's type is its resourceType, which the navigation checks is a resource type.
      const types = [...this.model.resourceTypes].filter((type) => this.model.isType(type, t.path));
      const matching = types.filter((type) => this.model.isType(type, name)).length;
      return matching === 0 ? false : matching === types.length ? true : undefined;
    }
    if (t.kind === 'abstract-element' || t.kind === 'untyped') return undefined;
    if (t.type === null) {
      // Typed by value, in the System namespace: `Object` for JSON objects, `String` … for values.
      const byValue = ['Object', 'String', 'Integer', 'Decimal', 'Boolean', 'Undefined'];
      if (t.kind === 'complex' || t.kind === 'backbone')
        return name === 'Object' ? undefined : false;
      return byValue.includes(name) ? undefined : false;
    }
    return typeIs(this.typeRef(t), { namespace: undefined, name }, this.model.isType);
  }

  private typeRef(t: NodeT): TypeRef {
    const type = t.type ?? '';
    return type.startsWith('System.')
      ? { namespace: 'System', name: type.slice(7) }
      : { namespace: 'FHIR', name: type };
  }

  private childT(form: FhirPathChildForm): NodeT {
    return this.nodeT(form.nodePath, form.dataType);
  }

  /** Member navigation `v.name`. */
  navigate(v: V, name: string): V {
    if (v.r === 'items' && v.t !== null) {
      return this.navigate(
        {
          r: 'raw',
          src: { k: 'array', js: v.js, t: v.t },
          steps: [],
          t: v.t,
          single: !v.many,
          thr: v.thr,
        },
        name,
      );
    }
    if (v.r !== 'raw' || v.t === DYNAMIC) return this.navigateDynamic(v, name);
    const t = v.t;
    switch (t.kind) {
      case 'resource':
      case 'complex':
      case 'backbone': {
        if (t.kind === 'resource' && name === t.path) return v;
        const child = this.model.node(t.path).children.get(name);
        if (child === undefined) return this.navigateDynamic(v, name);
        return this.extend(v, child, 'data', null);
      }
      case 'abstract-resource': {
        const found = this.abstractChild(name);
        if (found === null) return this.navigateDynamic(v, name);
        return this.extend(v, found.child, 'data', found.types);
      }
      case 'primitive':
      case 'system':
      case 'abstract-element': {
        if (name !== 'extension' && name !== 'id') return this.navigateDynamic(v, name);
        const forms = this.model.childForms(
          t.kind === 'abstract-element' ? 'Element' : t.path,
          name,
        );
        const form = forms[0];
        if (forms.length !== 1 || form === undefined) return this.navigateDynamic(v, name);
        const child: FhirPathChild = { name, array: name === 'extension', choice: false, forms };
        const holder = t.kind === 'abstract-element' ? { primitive: 'P0' } : 'ext';
        return this.extend(v, child, holder, null);
      }
      case 'untyped':
        return this.navigateDynamic(v, name);
    }
  }

  private extend(
    v: RawV,
    child: FhirPathChild,
    holder: 'data' | 'ext' | { primitive: string },
    typesConst: string | null,
  ): V {
    if (v.steps.some((step) => step.k === 'choice'))
      throw new Unsupported('navigation after a choice');
    if (child.choice) {
      const formsConst = this.e.constant(
        new ChoiceForms(
          child.forms.map((f) => ({ json: f.json, nodePath: f.nodePath, dataType: f.dataType })),
        ),
      );
      const step: Step = { k: 'choice', formsConst };
      return { ...v, steps: [...v.steps, step], t: DYNAMIC };
    }
    const form = child.forms[0];
    if (form === undefined) throw new Unsupported('child without forms');
    const to = this.childT(form);
    if (to.kind === 'untyped' || to.kind === 'abstract-element') {
      return this.navigateDynamic(v, child.name);
    }
    const step: Step = { k: 'child', form, array: child.array, to, typesConst, holder };
    return { ...v, steps: [...v.steps, step], t: to, single: v.single && !child.array };
  }

  private navigateDynamic(v: V, name: string): V {
    const arr = this.items(v);
    return {
      r: 'items',
      js: this.e.let(`rt.navigate(${arr.js}, ${js(name)})`, 'a'),
      t: null,
      many: true,
      thr: v.thr,
    };
  }

  /**
   * A child that every resource type having it declares alike (`id`, `meta`, `contained`,
   * `text`): the child and a constant with those types, or null.
   */
  private abstractChild(name: string): { child: FhirPathChild; types: string } | null {
    const cached = this.abstractChildren.get(name);
    if (cached !== undefined) return cached;
    let found: FhirPathChild | undefined;
    const types: string[] = [];
    let uniform = true;
    for (const type of this.model.resourceTypes) {
      const child = this.model.node(type).children.get(name);
      if (child === undefined) continue;
      types.push(type);
      if (found === undefined) {
        found = child;
        continue;
      }
      const other = child.forms;
      if (
        found.array !== child.array ||
        found.choice !== child.choice ||
        found.forms.length !== other.length ||
        !found.forms.every((f, i) => sameForm(f, other[i]))
      ) {
        uniform = false;
        break;
      }
    }
    const result =
      uniform && found !== undefined
        ? { child: found, types: this.e.constant(Object.freeze(new Set(types))) }
        : null;
    this.abstractChildren.set(name, result);
    return result;
  }

  // ---------------------------------------------------------------- operators

  private binary(op: string, left: Expr, right: Expr, s: Scope): V {
    switch (op) {
      case 'and':
      case 'or':
      case 'xor':
      case 'implies':
        return this.logic(op, left, right, s);
      case '=':
      case '!=':
        return this.equality(op, this.compile(left, s), this.compile(right, s));
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.comparison(op, this.compile(left, s), this.compile(right, s));
      case 'in':
        return this.membership(this.compile(left, s), this.compile(right, s));
      case 'contains': {
        const a = this.items(this.compile(left, s));
        const b = this.items(this.compile(right, s));
        this.rejectQuantity(a, b);
        return this.boolResult(`rt.containership(${a.js}, ${b.js})`, true);
      }
      case '|':
        return this.union(this.compile(left, s), this.compile(right, s));
      case '&': {
        const a = this.strOf(this.compile(left, s));
        const b = this.strOf(this.compile(right, s));
        return {
          r: 'value',
          js: this.e.let(
            `(${a} === undefined ? '' : ${a}) + (${b} === undefined ? '' : ${b})`,
            'v',
          ),
          sys: 'String',
          fp: false,
          thr: true,
        };
      }
      case '+':
        return this.add(this.compile(left, s), this.compile(right, s));
      default:
        throw new Unsupported(`operator ${op}`);
    }
  }

  private logic(op: 'and' | 'or' | 'xor' | 'implies', left: Expr, right: Expr, s: Scope): BoolV {
    const l = this.boolOf(this.compile(left, s));
    const probeRight = this.probe(right, s);
    const rightThrows = probeRight.thr || this.manyRisk(probeRight);
    const combine = (a: string, b: string): string => {
      switch (op) {
        case 'or':
          return `${a} === true || ${b} === true ? true : ${a} === false && ${b} === false ? false : undefined`;
        case 'and':
          return `${a} === false || ${b} === false ? false : ${a} === true && ${b} === true ? true : undefined`;
        case 'xor':
          return `${a} === undefined || ${b} === undefined ? undefined : ${a} !== ${b}`;
        case 'implies':
          return `${a} === false || ${b} === true ? true : ${a} === true && ${b} === false ? false : undefined`;
      }
    };
    const shortCircuit =
      op === 'or' ? 'true' : op === 'and' ? 'false' : op === 'implies' ? 'false' : null;
    const result = this.e.let('undefined', 'b');
    let thr = l.thr;
    if (shortCircuit !== null && !rightThrows) {
      const value = op === 'and' ? 'false' : 'true';
      this.e.ifElse(
        `${l.js} === ${shortCircuit}`,
        () => {
          this.e.line(`${result} = ${value};`);
        },
        () => {
          const r = this.boolOf(this.compile(right, s));
          thr ||= r.thr;
          this.e.line(`${result} = ${combine(l.js, r.js)};`);
        },
      );
    } else {
      const r = this.boolOf(this.compile(right, s));
      thr ||= r.thr;
      this.e.line(`${result} = ${combine(l.js, r.js)};`);
    }
    return { r: 'bool', js: result, thr };
  }

  private staticNodeT(v: V): NodeT | null | undefined {
    if (v.r === 'raw') return v.t === DYNAMIC ? null : v.t;
    if (v.r === 'items') return v.t;
    if (v.r === 'item') return null;
    return undefined;
  }

  private rejectQuantity(...vs: V[]): void {
    for (const v of vs) {
      const t = this.staticNodeT(v);
      if (t !== undefined && t !== null && this.model.isType(t.path, 'Quantity')) {
        throw new Unsupported('Quantity comparison (needs UCUM)');
      }
    }
  }

  /** Whether converting the items of `v` for a comparison may raise an error. */
  private conversionRisk(v: V): boolean {
    const t = this.staticNodeT(v);
    if (t === undefined) return false;
    return t === null || TEMPORAL_OR_QUANTITY(this.model, t);
  }

  /** One primitive node held in variables (for fast paths), or undefined. */
  private primitiveRoot(v: V): Root | undefined {
    if (v.r !== 'raw' || !v.single || v.t === DYNAMIC) return undefined;
    if (v.t.kind !== 'primitive' && v.t.kind !== 'system') return undefined;
    return this.single(v);
  }

  private isNumberType(t: NodeT): boolean {
    return ['decimal', 'integer', 'unsignedInt', 'positiveInt'].includes(t.path);
  }

  private equality(op: '=' | '!=', a: V, b: V): BoolV {
    this.rejectQuantity(a, b);
    const thr = a.thr || b.thr || this.conversionRisk(a) || this.conversionRisk(b);
    const negate = (eq: string): string =>
      op === '=' ? eq : `(${eq} === undefined ? undefined : !${eq})`;
    const fast = this.equalityFast(a, b) ?? this.equalityFast(b, a);
    if (fast !== undefined) {
      const eq = this.e.let(fast, 'q');
      return this.boolResult(negate(eq), thr);
    }
    const ia = this.items(a);
    const ib = this.items(b);
    const eq = this.e.let(
      `${ia.js}.length === 0 || ${ib.js}.length === 0 ? undefined : rt.equal(${ia.js}, ${ib.js})`,
      'q',
    );
    return this.boolResult(negate(eq), thr);
  }

  /** `a = b` without building collections, when `a` is one primitive node or a value. */
  private equalityFast(a: V, b: V): string | undefined {
    if (
      (a.r === 'bool' || (a.r === 'value' && a.sys === 'Boolean')) &&
      (b.r === 'bool' || (b.r === 'value' && b.sys === 'Boolean'))
    ) {
      return `${a.js} === undefined || ${b.js} === undefined ? undefined : ${a.js} === ${b.js}`;
    }
    if (a.r === 'value' && b.r === 'value') {
      if (a.sys === 'String' && b.sys === 'String') {
        return `${a.js} === undefined || ${b.js} === undefined ? undefined : ${a.js} === ${b.js}`;
      }
      const numeric = (v: ValueV): boolean => v.sys === 'Integer' || v.sys === 'Decimal';
      if (numeric(a) && numeric(b)) {
        return `${a.js} === undefined || ${b.js} === undefined ? undefined : Math.round(${a.js} / 1e-8) * 1e-8 === Math.round(${b.js} / 1e-8) * 1e-8`;
      }
      return undefined;
    }
    if (b.r !== 'value' && b.r !== 'bool') return undefined;
    if (a.r !== 'raw' || !a.single || a.t === DYNAMIC) return undefined;
    if (a.t.kind !== 'primitive' && a.t.kind !== 'system') return undefined;
    const root = this.single(a);
    const d = root.data;
    const bjs = b.js;
    let eq: string;
    const bSys = b.r === 'bool' ? 'Boolean' : b.sys;
    if (bSys === 'String') {
      eq = isTemporalType(a.t.path)
        ? `${d} == null ? false : rt.temporalEqualsText(${js(a.t.path)}, ${d}, ${bjs})`
        : `${d} === ${bjs}`;
    } else if (bSys === 'Boolean') {
      if (isTemporalType(a.t.path)) return undefined;
      eq = `${d} === ${bjs}`;
    } else {
      if (isTemporalType(a.t.path)) return undefined;
      eq = `typeof ${d} === 'number' ? Math.round(${d} / 1e-8) * 1e-8 === Math.round(${bjs} / 1e-8) * 1e-8 : false`;
    }
    const exists = root.exists === null ? '' : `!(${root.exists}) || `;
    return `${exists}${bjs} === undefined ? undefined : ${eq}`;
  }

  /** A comparable scalar for one side of `<`: [value, fp, present] in JavaScript, or undefined. */
  private scalar(v: V): { value: string; fp: string; present: string } | undefined {
    if (v.r === 'value')
      return { value: v.js, fp: v.fp ? 'true' : 'false', present: `${v.js} !== undefined` };
    if (v.r === 'bool') return { value: v.js, fp: 'false', present: `${v.js} !== undefined` };
    const root = this.primitiveRoot(v);
    if (root === undefined || v.r !== 'raw') return undefined;
    const value = isTemporalType(v.t.path)
      ? this.e.let(
          `${root.data} == null ? ${root.data} : rt.temporal(${js(v.t.path)}, ${root.data})`,
          'k',
        )
      : root.data;
    return { value, fp: 'true', present: root.exists ?? 'true' };
  }

  private comparison(op: '<' | '<=' | '>' | '>=', a: V, b: V): BoolV {
    this.rejectQuantity(a, b);
    const sa = this.scalar(a);
    const sb = sa === undefined ? undefined : this.scalar(b);
    if (sa !== undefined && sb !== undefined) {
      return this.boolResult(
        `!(${sa.present}) || !(${sb.present}) ? undefined : rt.compareScalars(${js(op)}, ${sa.value}, ${sa.fp}, ${sb.value}, ${sb.fp})`,
        true,
      );
    }
    const ia = this.items(a);
    const ib = this.items(b);
    return this.boolResult(
      `${ia.js}.length === 0 || ${ib.js}.length === 0 ? undefined : rt.compare(${js(op)}, ${ia.js}, ${ib.js})`,
      true,
    );
  }

  private membership(a: V, b: V): BoolV {
    this.rejectQuantity(a, b);
    const thr =
      a.thr || b.thr || this.manyRisk(a) || this.conversionRisk(a) || this.conversionRisk(b);
    const strings = this.constantStrings(b);
    const root = strings === undefined ? undefined : this.primitiveRoot(a);
    if (strings !== undefined && root !== undefined && a.r === 'raw') {
      if (strings.length === 0) {
        return this.boolResult(
          root.exists === null ? 'false' : `${root.exists} ? false : undefined`,
          thr,
        );
      }
      const set = this.e.constant(Object.freeze(new Set(strings)));
      const d = root.data;
      const value = isTemporalType(a.t.path)
        ? `typeof ${d} === 'string' && rt.temporal(${js(a.t.path)}, ${d}) === ${d} && ${set}.has(${d})`
        : `typeof ${d} === 'string' && ${set}.has(${d})`;
      return this.boolResult(
        root.exists === null ? value : `${root.exists} ? ${value} : undefined`,
        thr,
      );
    }
    const text = this.plainString(a);
    if (
      text !== undefined &&
      b.r === 'raw' &&
      !b.thr &&
      b.t !== DYNAMIC &&
      (b.t.kind === 'primitive' || b.t.kind === 'system') &&
      !isTemporalType(b.t.path)
    ) {
      // A string in nodes of a string type: found exactly when some node's value is that string.
      const found = this.e.let('false', 'f');
      const label = this.e.name('L');
      this.e.block(`${label}:`, () => {
        this.raw.walk(b, (item) => {
          this.e.line(`if (${item.data} === ${text}) { ${found} = true; break ${label}; }`);
        });
      });
      return this.boolResult(`${text} === undefined ? undefined : ${found}`, thr);
    }
    const ia = this.items(a);
    const ib = this.items(b);
    return this.boolResult(`rt.membership(${ia.js}, ${ib.js})`, thr);
  }

  /** A plain string value (not a node), as JavaScript, when `v` is one. */
  private plainString(v: V): string | undefined {
    return v.r === 'value' && v.sys === 'String' ? v.js : undefined;
  }

  /** The strings of a constant collection of string literals, or undefined. */
  private constantStrings(v: V): string[] | undefined {
    if (v.r !== 'items') return undefined;
    const known = this.constantCollections.get(v.js);
    return known;
  }

  private readonly constantCollections = new Map<string, string[]>();

  private literalStrings(v: V): string[] | undefined {
    if (v.r === 'value' && v.sys === 'String' && v.js.startsWith('"'))
      return [JSON.parse(v.js) as string];
    if (v.r === 'items') return this.constantCollections.get(v.js);
    return undefined;
  }

  private union(a: V, b: V): V {
    const la = this.literalStrings(a);
    const lb = this.literalStrings(b);
    if (la !== undefined && lb !== undefined) {
      const strings = [...new Set([...la, ...lb])];
      const constant = this.e.constant(Object.freeze(strings));
      this.constantCollections.set(constant, strings);
      return { r: 'items', js: constant, t: null, many: strings.length > 1, thr: false };
    }
    this.rejectQuantity(a, b);
    const ia = this.items(a);
    const ib = this.items(b);
    const t =
      ia.t !== null && ib.t !== null && ia.t.path === ib.t.path && ia.t.type === ib.t.type
        ? ia.t
        : null;
    return {
      r: 'items',
      js: this.e.let(`rt.union(${ia.js}, ${ib.js})`, 'a'),
      t,
      many: true,
      thr: a.thr || b.thr || this.conversionRisk(a) || this.conversionRisk(b),
    };
  }

  private add(a: V, b: V): V {
    if (a.r === 'value' && b.r === 'value') {
      const numeric = (v: ValueV): boolean => v.sys === 'Integer' || v.sys === 'Decimal';
      if (numeric(a) && numeric(b)) {
        const sum = this.e.let(
          `${a.js} === undefined || ${b.js} === undefined ? undefined : ${a.js} + ${b.js}`,
          'v',
        );
        return { r: 'value', js: sum, sys: 'Decimal', fp: true, thr: a.thr || b.thr };
      }
      if (a.sys === 'String' && b.sys === 'String') {
        const sum = this.e.let(
          `${a.js} === undefined || ${b.js} === undefined ? undefined : ${a.js} + ${b.js}`,
          'v',
        );
        return { r: 'value', js: sum, sys: 'String', fp: false, thr: a.thr || b.thr };
      }
    }
    const ia = this.items(a);
    const ib = this.items(b);
    const sum = this.e.let(
      `${ia.js}.length === 0 || ${ib.js}.length === 0 ? undefined : rt.add(${ia.js}, ${ib.js})`,
      'v',
    );
    return { r: 'item', js: sum, exists: `${sum} !== undefined`, thr: true };
  }

  // ---------------------------------------------------------------- type operations

  private typeSpec(text: string | undefined): TypeSpecifier | undefined {
    if (text === undefined) return undefined;
    return parseTypeSpecifier(text, this.model.isTypeName, this.model.isFhirType);
  }

  private typeOperation(op: 'is' | 'as', input: V, text: string | undefined): V {
    const spec = this.typeSpec(text);
    if (spec === undefined) {
      this.e.line(`rt.fail(${js(`"${text ?? ''}" is not a type`)});`);
      return { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: true };
    }
    const thr = input.thr || this.manyRisk(input);
    if (input.r === 'raw' && input.single && input.t !== DYNAMIC && input.t.type !== null) {
      const t = input.t;
      if (t.kind !== 'abstract-resource' && t.kind !== 'abstract-element' && t.kind !== 'untyped') {
        const root = this.single(input);
        const matches = typeIs(this.typeRef(t), spec, this.model.isType);
        if (op === 'is') {
          return this.boolResult(
            root.exists === null
              ? String(matches)
              : `${root.exists} ? ${String(matches)} : undefined`,
            thr,
          );
        }
        return matches ? input : { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr };
      }
    }
    const specConst = this.e.constant(Object.freeze(spec));
    const arr = this.items(input);
    if (op === 'is') return this.boolResult(`rt.is(${arr.js}, ${specConst})`, thr);
    return {
      r: 'items',
      js: this.e.let(`rt.as(${arr.js}, ${specConst})`, 'a'),
      t: arr.t,
      many: false,
      thr,
    };
  }

  private ofType(input: V, text: string | undefined): V {
    const spec = this.typeSpec(text);
    if (spec === undefined) {
      this.e.line(`rt.fail(${js(`"${text ?? ''}" is not a type`)});`);
      return { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: true };
    }
    if (input.r === 'raw' && input.single && input.t !== DYNAMIC && input.t.type !== null) {
      const t = input.t;
      if (t.kind !== 'abstract-resource' && t.kind !== 'abstract-element' && t.kind !== 'untyped') {
        return typeConvertibleTo(this.typeRef(t), spec, this.model.isType)
          ? input
          : { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: input.thr };
      }
    }
    const specConst = this.e.constant(Object.freeze(spec));
    const arr = this.items(input);
    return {
      r: 'items',
      js: this.e.let(`rt.ofType(${arr.js}, ${specConst})`, 'a'),
      t: null,
      many: true,
      thr: input.thr,
    };
  }

  // ---------------------------------------------------------------- functions

  private arity(x: Expr & { k: 'call' }, ...allowed: number[]): void {
    if (!allowed.includes(x.args.length)) {
      throw new Unsupported(`${x.name}() with ${String(x.args.length)} arguments`);
    }
  }

  private arg(x: Expr & { k: 'call' }, index: number): Expr {
    const arg = x.args[index];
    if (arg === undefined) throw new Unsupported(`${x.name}() argument ${String(index)}`);
    return arg.expr;
  }

  private call(x: Expr & { k: 'call' }, s: Scope): V {
    if (x.name === 'count' && x.args.length === 0) {
      const children = this.countChildren(x, s);
      if (children !== undefined) return children;
    }
    const input = x.input === null ? s.self : this.compile(x.input, s);
    switch (x.name) {
      case 'exists': {
        this.arity(x, 0, 1);
        const source = x.args.length === 0 ? input : this.where(input, this.arg(x, 0));
        return this.boolResult(`${this.count(source, 0)} > 0`, source.thr);
      }
      case 'empty':
        this.arity(x, 0);
        return this.boolResult(`${this.count(input, 0)} === 0`, input.thr);
      case 'count': {
        this.arity(x, 0);
        return {
          r: 'value',
          js: this.e.let(this.count(input), 'v'),
          sys: 'Integer',
          fp: false,
          thr: input.thr,
        };
      }
      case 'not': {
        this.arity(x, 0);
        const b = this.boolOf(input);
        return this.boolResult(`${b.js} === undefined ? undefined : !${b.js}`, b.thr);
      }
      case 'hasValue':
        this.arity(x, 0);
        return this.hasValue(input);
      case 'first':
        this.arity(x, 0);
        return this.first(input);
      case 'tail':
        this.arity(x, 0);
        return this.tail(input);
      case 'where':
        this.arity(x, 1);
        return this.where(input, this.arg(x, 0));
      case 'all':
        this.arity(x, 1);
        return this.all(input, this.arg(x, 0));
      case 'select':
        this.arity(x, 1);
        return this.select(input, this.arg(x, 0));
      case 'distinct': {
        this.arity(x, 0);
        this.rejectQuantity(input);
        const arr = this.items(input);
        return {
          r: 'items',
          js: this.e.let(`rt.distinct(${arr.js})`, 'a'),
          t: arr.t,
          many: arr.many,
          thr: input.thr || this.conversionRisk(input),
        };
      }
      case 'isDistinct': {
        this.arity(x, 0);
        this.rejectQuantity(input);
        const arr = this.items(input);
        return this.boolResult(`rt.isDistinct(${arr.js})`, input.thr || this.conversionRisk(input));
      }
      case 'combine': {
        this.arity(x, 1);
        const a = this.items(input);
        const b = this.items(this.compile(this.arg(x, 0), s));
        const t =
          a.t !== null && b.t !== null && a.t.path === b.t.path && a.t.type === b.t.type
            ? a.t
            : null;
        return {
          r: 'items',
          js: this.e.let(`${a.js}.concat(${b.js})`, 'a'),
          t,
          many: true,
          thr: a.thr || b.thr,
        };
      }
      case 'union':
        this.arity(x, 1);
        return this.union(input, this.compile(this.arg(x, 0), s));
      case 'intersect': {
        this.arity(x, 1);
        const other = this.compile(this.arg(x, 0), s);
        this.rejectQuantity(input, other);
        const a = this.items(input);
        const b = this.items(other);
        return {
          r: 'items',
          js: this.e.let(`rt.intersect(${a.js}, ${b.js})`, 'a'),
          t: a.t,
          many: true,
          thr: a.thr || b.thr || this.conversionRisk(a) || this.conversionRisk(b),
        };
      }
      case 'children':
      case 'descendants': {
        this.arity(x, 0);
        const arr = this.items(input);
        return {
          r: 'items',
          js: this.e.let(`rt.${x.name}(${arr.js})`, 'a'),
          t: null,
          many: true,
          thr: input.thr,
        };
      }
      case 'extension': {
        this.arity(x, 1);
        const url = this.strOf(this.compile(this.arg(x, 0), s));
        const arr = this.items(input);
        return {
          r: 'items',
          js: this.e.let(`rt.extension(${arr.js}, ${url})`, 'a'),
          t: this.nodeT('Extension', 'Extension'),
          many: true,
          thr: true,
        };
      }
      case 'trace': {
        this.arity(x, 1, 2);
        this.strOf(this.compile(this.arg(x, 0), s));
        if (x.args.length === 2) {
          const projection = this.compile(this.arg(x, 1), { self: input });
          return { ...input, thr: input.thr || projection.thr };
        }
        return input;
      }
      case 'ofType':
        this.arity(x, 1);
        return this.ofType(input, x.args[0]?.text);
      case 'is':
      case 'as':
        this.arity(x, 1);
        return this.typeOperation(x.name, input, x.args[0]?.text);
      case 'resolve': {
        this.arity(x, 0);
        const arr = this.items(input);
        return {
          r: 'items',
          js: this.e.let(`rt.resolve(${arr.js}, env)`, 'a'),
          t: null,
          many: true,
          thr: true,
        };
      }
      case 'htmlChecks': {
        this.arity(x, 0);
        const arr = this.items(input);
        return this.boolResult(`rt.htmlChecks(${arr.js}, env)`, true);
      }
      case 'matches':
        this.arity(x, 1);
        return this.stringTest(input, this.arg(x, 0), s, 'matches');
      case 'startsWith':
        this.arity(x, 1);
        return this.stringTest(input, this.arg(x, 0), s, 'startsWith');
      case 'contains':
        this.arity(x, 1);
        return this.stringTest(input, this.arg(x, 0), s, 'includes');
      case 'replaceMatches': {
        this.arity(x, 2);
        const str = this.strOf(input);
        const pattern = this.strOf(this.compile(this.arg(x, 0), s));
        const by = this.strOf(this.compile(this.arg(x, 1), s));
        return {
          r: 'value',
          js: this.e.let(
            `${str} === undefined ? undefined : rt.replaceMatches([${str}], ${pattern}, ${by})`,
            'v',
          ),
          sys: 'String',
          fp: false,
          thr: true,
        };
      }
      case 'substring':
        this.arity(x, 1, 2);
        return this.substring(input, x, s);
      case 'toInteger': {
        this.arity(x, 0);
        const arr = this.items(input);
        const value = this.e.let(`rt.toInteger(${arr.js})`, 'v');
        return {
          r: 'item',
          js: value,
          exists: `${value} !== undefined`,
          thr: input.thr || this.manyRisk(input),
        };
      }
      case 'toString': {
        this.arity(x, 0);
        const arr = this.items(input);
        return {
          r: 'value',
          js: this.e.let(`rt.toString(${arr.js})`, 'v'),
          sys: 'String',
          fp: false,
          thr: input.thr || this.manyRisk(input) || this.conversionRisk(input),
        };
      }
      case 'iif':
        this.arity(x, 2, 3);
        return this.iif(input, x);
      default:
        throw new Unsupported(`function ${x.name}()`);
    }
  }

  /** `x.children().count()` for one node, counted without building the children. */
  private countChildren(x: Expr & { k: 'call' }, s: Scope): ValueV | undefined {
    const inner = x.input;
    if (inner?.k !== 'call' || inner.name !== 'children' || inner.args.length !== 0)
      return undefined;
    const of = inner.input === null ? s.self : this.probe(inner.input, s);
    if (of.r !== 'raw' || !of.single || of.t === DYNAMIC) return undefined;
    const v = inner.input === null ? s.self : this.compile(inner.input, s);
    if (v.r !== 'raw') return undefined;
    const root = this.single(v);
    const path = v.t.kind === 'abstract-element' ? '(P0 ? T0 : null)' : js(v.t.path);
    const count = `rt.countChildren(${root.data}, ${root.ext}, ${path}, Infinity)`;
    return {
      r: 'value',
      js: this.e.let(root.exists === null ? count : `${root.exists} ? ${count} : 0`, 'v'),
      sys: 'Integer',
      fp: false,
      thr: v.thr,
    };
  }

  private hasValue(input: V): BoolV {
    switch (input.r) {
      case 'bool':
      case 'value':
        return this.boolResult(`${input.js} !== undefined`, input.thr);
      case 'item':
        return this.boolResult(`(${input.exists}) && rt.hasValueItem(${input.js})`, input.thr);
      case 'items':
        return this.boolResult(`rt.hasValue(${input.js})`, input.thr);
      case 'raw': {
        if (!input.single || input.t === DYNAMIC) {
          return this.boolResult(`rt.hasValue(${this.items(input).js})`, input.thr);
        }
        const root = this.single(input);
        const t = input.t;
        const exists = root.exists === null ? '' : `(${root.exists}) && `;
        let primitive: string;
        if (t.kind === 'abstract-element') primitive = `P0 && rt.isPrimitiveTypeName(T0)`;
        else if (t.type !== null) {
          primitive = String(
            isPrimitiveTypeName(t.type.startsWith('System.') ? t.type.slice(7) : t.type),
          );
        } else {
          primitive = `(typeof ${root.data} === 'string' || typeof ${root.data} === 'number')`;
        }
        return this.boolResult(`${exists}${root.data} != null && ${primitive}`, input.thr);
      }
    }
  }

  private first(input: V): V {
    switch (input.r) {
      case 'bool':
      case 'value':
      case 'item':
        return input;
      case 'items': {
        const item = this.e.let(`${input.js}[0]`, 'f');
        return { r: 'item', js: item, exists: `${input.js}.length > 0`, thr: input.thr };
      }
      case 'raw': {
        if (input.single) return input;
        const root = this.raw.first(input);
        if (input.t === DYNAMIC) {
          return {
            r: 'item',
            js: root.node ?? 'undefined',
            exists: root.exists ?? 'true',
            thr: input.thr,
          };
        }
        return { ...this.rawRoot(root), thr: input.thr };
      }
    }
  }

  private tail(input: V): V {
    switch (input.r) {
      case 'bool':
      case 'value':
      case 'item':
        return { r: 'items', js: 'rt.EMPTY', t: null, many: false, thr: input.thr };
      case 'items':
        return { ...input, js: this.e.let(`${input.js}.slice(1)`, 'a') };
      case 'raw':
        if (input.steps.some((step) => step.k === 'choice')) {
          const arr = this.items(input);
          return { ...arr, js: this.e.let(`${arr.js}.slice(1)`, 'a') };
        }
        return { ...input, steps: [...input.steps, { k: 'skip-first' }], single: false };
    }
  }

  private itemScope(t: NodeT | null, item: string): Scope {
    if (t === null) return { self: { r: 'item', js: item, exists: 'true', thr: false } };
    return { self: this.cursorV({ data: `${item}.data`, ext: `${item}.ext`, t, node: item }) };
  }

  /** Emits a loop over the items of `v`, calling `body` with each item's scope. */
  private forEach(v: V, label: string | null, body: (scope: Scope) => void): void {
    const run = (): void => {
      // With a label the body may stop early: the package evaluates the input's `where`
      // criteria on every item first, so an input whose criteria may raise errors is built first.
      if (
        v.r === 'raw' &&
        !(v.src.k === 'array' && v.steps.length === 0) &&
        !(label !== null && v.thr)
      ) {
        this.raw.walk(v, (item) => {
          body({ self: this.cursorV(item) });
        });
        return;
      }
      const arr = this.items(v);
      const item = this.e.name('it');
      this.e.block(`for (const ${item} of ${arr.js})`, () => {
        body(this.itemScope(arr.t, item));
      });
    };
    if (label === null) run();
    else this.e.block(`${label}:`, run);
  }

  private where(input: V, criterion: Expr): V {
    if (input.r === 'raw') {
      const itemT = input.t;
      const probeScope: Scope =
        itemT === DYNAMIC
          ? { self: { r: 'item', js: 'undefined', exists: 'true', thr: false } }
          : { self: this.rawRoot({ data: 'undefined', ext: 'null', exists: null, t: itemT }) };
      const probed = this.probe(criterion, probeScope);
      if (input.steps.some((step) => step.k === 'choice')) {
        return this.whereItems(this.items(input), criterion, input.thr || probed.thr);
      }
      return {
        ...input,
        steps: [...input.steps, { k: 'where', criterion }],
        single: input.single,
        thr: input.thr || probed.thr,
      };
    }
    return this.whereItems(this.items(input), criterion, input.thr);
  }

  private whereItems(arr: ItemsV, criterion: Expr, thr0: boolean): ItemsV {
    const out = this.e.let('[]', 'a');
    let thr = thr0;
    const item = this.e.name('it');
    this.e.block(`for (const ${item} of ${arr.js})`, () => {
      const c = this.compile(criterion, this.itemScope(arr.t, item));
      thr ||= c.thr;
      this.e.line(`if (${this.keepJs(c)}) ${out}.push(${item});`);
    });
    return { r: 'items', js: out, t: arr.t, many: arr.many, thr };
  }

  private all(input: V, criterion: Expr): BoolV {
    const result = this.e.let('true', 'b');
    const label = this.e.name('L');
    let thr = input.thr;
    this.forEach(input, label, (scope) => {
      const c = this.compile(criterion, scope);
      thr ||= c.thr;
      this.e.line(`if (!(${this.isTrueJs(c)})) { ${result} = false; break ${label}; }`);
    });
    return { r: 'bool', js: result, thr };
  }

  /** Whether an expression is a member path from `$this` (`code`, `type.code`). */
  private isMemberPath(x: Expr): boolean {
    if (x.k === 'member') return x.input === null ? true : this.isMemberPath(x.input);
    return x.k === 'this';
  }

  private select(input: V, projection: Expr): V {
    if (input.r === 'raw' && this.isMemberPath(projection)) {
      return this.compile(projection, { self: input });
    }
    const out = this.e.let('[]', 'a');
    let thr = input.thr;
    this.forEach(input, null, (scope) => {
      const v = this.compile(projection, scope);
      thr ||= v.thr;
      if (v.r === 'bool' || v.r === 'value') {
        const arr = this.items(v);
        this.e.line(`if (${arr.js}.length > 0) ${out}.push(${arr.js}[0]);`);
      } else {
        const arr = this.items(v);
        this.e.line(`for (const z of ${arr.js}) ${out}.push(z);`);
      }
    });
    return { r: 'items', js: out, t: null, many: true, thr };
  }

  private stringTest(
    input: V,
    argument: Expr,
    s: Scope,
    method: 'matches' | 'startsWith' | 'includes',
  ): BoolV {
    const str = this.strOf(input);
    const arg = this.compile(argument, s);
    const thr = true;
    if (
      method === 'matches' &&
      arg.r === 'value' &&
      arg.sys === 'String' &&
      arg.js.startsWith('"')
    ) {
      const pattern = JSON.parse(arg.js) as string;
      let regex: RegExp | undefined;
      try {
        regex = new RegExp(pattern, 'us');
      } catch {
        regex = undefined;
      }
      if (regex === undefined) {
        return this.boolResult(
          `${str} === undefined ? undefined : rt.fail("invalid regular expression")`,
          thr,
        );
      }
      const constant = this.e.constant(regex);
      return this.boolResult(`${str} === undefined ? undefined : ${constant}.test(${str})`, thr);
    }
    const param = this.strOf(arg);
    if (method === 'matches') {
      return this.boolResult(
        `${str} === undefined || ${param} === undefined ? undefined : rt.matches([${str}], ${param})`,
        thr,
      );
    }
    return this.boolResult(
      `${str} === undefined || ${param} === undefined ? undefined : ${str}.${method}(${param})`,
      thr,
    );
  }

  private integerArg(x: Expr, s: Scope): string {
    const v = this.compile(x, s);
    if (v.r === 'value' && (v.sys === 'Integer' || v.sys === 'Decimal')) {
      return this.e.let(
        `${v.js} === undefined ? undefined : Number.isInteger(${v.js}) ? ${v.js} : rt.fail("an integer is expected")`,
        'n',
      );
    }
    return this.e.let(`rt.integerArgument(${this.items(v).js})`, 'n');
  }

  private substring(input: V, x: Expr & { k: 'call' }, s: Scope): V {
    const str = this.strOf(input);
    const start = this.integerArg(this.arg(x, 0), s);
    const given = x.args.length === 2;
    const length = given ? this.integerArg(this.arg(x, 1), s) : 'undefined';
    return {
      r: 'value',
      js: this.e.let(
        `${str} === undefined || ${start} === undefined || ${start} < 0 || ${start} >= ${str}.length ? undefined : ${given ? `${length} === undefined ? ${str}.substring(${start}) : ${str}.substring(${start}, ${start} + ${length})` : `${str}.substring(${start})`}`,
        'v',
      ),
      sys: 'String',
      fp: false,
      thr: true,
    };
  }

  private iif(input: V, x: Expr & { k: 'call' }): V {
    const scope: Scope = { self: input };
    const condition = this.compile(this.arg(x, 0), scope);
    const test = this.e.let(this.isTrueJs(condition), 'c');
    const whenTrue = this.arg(x, 1);
    const whenFalse = x.args.length === 3 ? this.arg(x, 2) : undefined;
    const probeTrue = this.probe(whenTrue, scope);
    const probeFalse = whenFalse === undefined ? undefined : this.probe(whenFalse, scope);
    const thr = condition.thr || probeTrue.thr || (probeFalse?.thr ?? false);
    const bools =
      (probeTrue.r === 'bool' || probeTrue.r === 'value') &&
      (probeFalse === undefined || probeFalse.r === 'bool');
    if (bools && probeTrue.r === 'bool') {
      const result = this.e.let('undefined', 'b');
      this.e.ifElse(
        test,
        () => {
          this.e.line(`${result} = ${this.boolOf(this.compile(whenTrue, scope)).js};`);
        },
        () => {
          if (whenFalse !== undefined)
            this.e.line(`${result} = ${this.boolOf(this.compile(whenFalse, scope)).js};`);
        },
      );
      return { r: 'bool', js: result, thr };
    }
    const result = this.e.let('rt.EMPTY', 'a');
    this.e.ifElse(
      test,
      () => {
        this.e.line(`${result} = ${this.items(this.compile(whenTrue, scope)).js};`);
      },
      () => {
        if (whenFalse !== undefined)
          this.e.line(`${result} = ${this.items(this.compile(whenFalse, scope)).js};`);
      },
    );
    return { r: 'items', js: result, t: null, many: true, thr };
  }
}
