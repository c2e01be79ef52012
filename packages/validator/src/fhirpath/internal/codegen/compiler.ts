import type { Expr } from '../ast';
import { fhirPathRegex } from '../runtime/functions';
import { FpDec, isPrimitiveTypeName } from '../runtime/values';
import { js } from './emitter';
import { OperatorCompiler } from './operators';
import type { BoolV, ItemsV, NodeT, Root, Scope, V, ValueV } from './values';
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

/**
 * Compiles a typed FHIRPath expression to the body of a JavaScript function
 * `(node, env) => true | false | undefined`, with the `fhirpath` package's semantics. Throws
 * {@link Unsupported} for what it does not compile exactly.
 */
export class Compiler extends OperatorCompiler {
  /** Compiles the whole expression; returns the function body. */
  compileInvariant(expr: Expr): string {
    if (this.context.kind === 'abstract-element') assertTypeIndependent(expr);
    this.focus = this.prologue();
    const result = this.compile(expr, { self: this.focus });
    const value = this.boolOf(result);
    this.e.line(`return ${value.js};`);
    return this.e.source();
  }

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

  protected numberLiteral(text: string, value: number): ValueV {
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

  protected arity(x: Expr & { k: 'call' }, ...allowed: number[]): void {
    if (!allowed.includes(x.args.length)) {
      throw new Unsupported(`${x.name}() with ${String(x.args.length)} arguments`);
    }
  }

  protected arg(x: Expr & { k: 'call' }, index: number): Expr {
    const arg = x.args[index];
    if (arg === undefined) throw new Unsupported(`${x.name}() argument ${String(index)}`);
    return arg.expr;
  }

  protected call(x: Expr & { k: 'call' }, s: Scope): V {
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

  /**
   * `children().count() > n` (ele-1): `n` first (neither side can raise an error, so the order
   * does not matter), then the children are counted only until there are more than `n`.
   */
  protected childrenCountAbove(left: Expr, right: Expr, s: Scope): BoolV | undefined {
    if (left.k !== 'call' || left.name !== 'count' || left.args.length !== 0) return undefined;
    const probed = this.probe(right, s);
    if (
      probed.thr ||
      probed.r !== 'value' ||
      (probed.sys !== 'Integer' && probed.sys !== 'Decimal')
    )
      return undefined;
    if (this.probe(left, s).r !== 'value') return undefined;
    const bound = this.compile(right, s);
    if (bound.r !== 'value') return undefined;
    const limit = this.e.let(`${bound.js} === undefined ? Infinity : ${bound.js}`, 'k');
    const count = this.countChildren(left, s, limit);
    if (count === undefined) return undefined;
    // Two plain numbers (counts) compare as numbers; a decimal literal compares as the package does.
    const compare = bound.fp
      ? `rt.compareScalars(">", ${count.js}, false, ${bound.js}, true)`
      : `${count.js} > ${bound.js}`;
    return this.boolResult(`${bound.js} === undefined ? undefined : ${compare}`, count.thr);
  }

  /** `x.children().count()` for one node, counted without building the children. */
  protected countChildren(
    x: Expr & { k: 'call' },
    s: Scope,
    limit = 'Infinity',
  ): ValueV | undefined {
    const inner = x.input;
    if (inner?.k !== 'call' || inner.name !== 'children' || inner.args.length !== 0)
      return undefined;
    const of = inner.input === null ? s.self : this.probe(inner.input, s);
    if (of.r !== 'raw' || !of.single || of.t === DYNAMIC) return undefined;
    const v = inner.input === null ? s.self : this.compile(inner.input, s);
    if (v.r !== 'raw') return undefined;
    const root = this.single(v);
    const t = v.t;
    if (t.kind === 'complex' || t.kind === 'backbone' || t.kind === 'resource') {
      return {
        r: 'value',
        js: this.inlineCountChildren(root, js(t.path), limit),
        sys: 'Integer',
        fp: false,
        thr: v.thr,
      };
    }
    const path = t.kind === 'abstract-element' ? '(P0 ? T0 : null)' : js(t.path);
    const count = `rt.countChildren(${root.data}, ${root.ext}, ${path}, ${limit})`;
    return {
      r: 'value',
      js: this.e.let(root.exists === null ? count : `${root.exists} ? ${count} : 0`, 'v'),
      sys: 'Integer',
      fp: false,
      thr: v.thr,
    };
  }
  /**
   * `children().count()` of a JSON object, counted in the generated code (so that property
   * access stays specialised to the type): each key adds the nodes the package makes of it, keys
   * that need the package's full navigation (choice names, inherited names, `_name` keys) are
   * counted by the runtime.
   */
  private inlineCountChildren(root: Root, path: string, limit: string): string {
    const count = this.e.let('0', 'n');
    const key = this.e.name('k');
    const data = root.data;
    const body = (): void => {
      this.e.block(`for (const ${key} in ${data})`, () => {
        this.e.line(
          `if (${key}.charCodeAt(0) === 95) ${count} += rt.countUnderscoreKey(${data}, ${path}, ${key});`,
        );
        this.e.line(`else if (${key} === 'resourceType') continue;`);
        this.e.line(
          `else if (rt.special.has(${key})) ${count} += rt.countKey(${data}, ${path}, ${key});`,
        );
        this.e.line(
          `else { const w = ${data}[${key}]; ${count} += w === null || w === undefined ? 0 : Array.isArray(w) ? w.length : 1; }`,
        );
        this.e.line(`if (${count} > ${limit}) break;`);
      });
    };
    const guard = root.exists === null ? `${data} != null` : `(${root.exists}) && ${data} != null`;
    this.e.block(`if (${guard})`, body);
    return count;
  }

  protected hasValue(input: V): BoolV {
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

  protected first(input: V): V {
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

  protected tail(input: V): V {
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

  protected itemScope(t: NodeT | null, item: string): Scope {
    if (t === null) return { self: { r: 'item', js: item, exists: 'true', thr: false } };
    return { self: this.cursorV({ data: `${item}.data`, ext: `${item}.ext`, t, node: item }) };
  }

  /** Emits a loop over the items of `v`, calling `body` with each item's scope. */
  protected forEach(v: V, label: string | null, body: (scope: Scope) => void): void {
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

  protected where(input: V, criterion: Expr): V {
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

  protected whereItems(arr: ItemsV, criterion: Expr, thr0: boolean): ItemsV {
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

  protected all(input: V, criterion: Expr): BoolV {
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
  protected isMemberPath(x: Expr): boolean {
    if (x.k === 'member') return x.input === null ? true : this.isMemberPath(x.input);
    return x.k === 'this';
  }

  protected select(input: V, projection: Expr): V {
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

  protected stringTest(
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
        regex = fhirPathRegex(pattern, 'us');
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

  protected integerArg(x: Expr, s: Scope): string {
    const v = this.compile(x, s);
    if (v.r === 'value' && (v.sys === 'Integer' || v.sys === 'Decimal')) {
      return this.e.let(
        `${v.js} === undefined ? undefined : Number.isInteger(${v.js}) ? ${v.js} : rt.fail("an integer is expected")`,
        'n',
      );
    }
    return this.e.let(`rt.integerArgument(${this.items(v).js})`, 'n');
  }

  protected substring(input: V, x: Expr & { k: 'call' }, s: Scope): V {
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

  protected iif(input: V, x: Expr & { k: 'call' }): V {
    const scope: Scope = { self: input };
    const condition = this.compile(this.arg(x, 0), scope);
    const test = this.e.let(this.isTrueJs(condition), 'c');
    const whenTrue = this.arg(x, 1);
    const whenFalse = x.args.length === 3 ? this.arg(x, 2) : undefined;
    const probeTrue = this.probe(whenTrue, scope);
    const probeFalse = whenFalse === undefined ? undefined : this.probe(whenFalse, scope);
    const thr = condition.thr || probeTrue.thr || (probeFalse?.thr ?? false);
    if (probeTrue.r === 'bool' && (probeFalse === undefined || probeFalse.r === 'bool')) {
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
