import type { FhirPathModel } from '../../fhirpath-model';
import type { Expr } from '../ast';
import { isTemporalType } from '../runtime/datetime';
import type { TypeSpecifier } from '../runtime/functions';
import { parseTypeSpecifier, typeConvertibleTo, typeIs } from '../runtime/functions';
import { js } from './emitter';
import { MemberCompiler } from './members';
import type { BoolV, NodeT, Root, Scope, V, ValueV } from './values';
import { DYNAMIC, Unsupported } from './values';

const TEMPORAL_OR_QUANTITY = (model: FhirPathModel, t: NodeT): boolean =>
  isTemporalType(t.path) || model.isType(t.path, 'Quantity');

/** Operators (logic, equality, comparison, membership, union, concatenation, addition) and type tests. */
export abstract class OperatorCompiler extends MemberCompiler {
  /** `children().count() > n`, counted only as far as needed; undefined when not that shape. */
  protected abstract childrenCountAbove(left: Expr, right: Expr, s: Scope): BoolV | undefined;

  protected binary(op: string, left: Expr, right: Expr, s: Scope): V {
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
      case '>=': {
        if (op === '>') {
          const bounded = this.childrenCountAbove(left, right, s);
          if (bounded !== undefined) return bounded;
        }
        return this.comparison(op, this.compile(left, s), this.compile(right, s));
      }
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

  protected logic(op: 'and' | 'or' | 'xor' | 'implies', left: Expr, right: Expr, s: Scope): BoolV {
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

  protected staticNodeT(v: V): NodeT | null | undefined {
    if (v.r === 'raw') return v.t === DYNAMIC ? null : v.t;
    if (v.r === 'items') return v.t;
    if (v.r === 'item') return null;
    return undefined;
  }

  protected rejectQuantity(...vs: V[]): void {
    for (const v of vs) {
      const t = this.staticNodeT(v);
      if (t !== undefined && t !== null && this.model.isType(t.path, 'Quantity')) {
        throw new Unsupported('Quantity comparison (needs UCUM)');
      }
    }
  }

  /** Whether converting the items of `v` for a comparison may raise an error. */
  protected conversionRisk(v: V): boolean {
    const t = this.staticNodeT(v);
    if (t === undefined) return false;
    return t === null || TEMPORAL_OR_QUANTITY(this.model, t);
  }

  /** One primitive node held in variables (for fast paths), or undefined. */
  protected primitiveRoot(v: V): Root | undefined {
    if (v.r !== 'raw' || !v.single || v.t === DYNAMIC) return undefined;
    if (v.t.kind !== 'primitive' && v.t.kind !== 'system') return undefined;
    return this.single(v);
  }

  protected equality(op: '=' | '!=', a: V, b: V): BoolV {
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
  protected equalityFast(a: V, b: V): string | undefined {
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
  protected scalar(v: V): { value: string; fp: string; present: string } | undefined {
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

  protected comparison(op: '<' | '<=' | '>' | '>=', a: V, b: V): BoolV {
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

  protected membership(a: V, b: V): BoolV {
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
  protected plainString(v: V): string | undefined {
    return v.r === 'value' && v.sys === 'String' ? v.js : undefined;
  }

  /** The strings of a constant collection of string literals, or undefined. */
  protected constantStrings(v: V): string[] | undefined {
    if (v.r !== 'items') return undefined;
    const known = this.constantCollections.get(v.js);
    return known;
  }

  protected readonly constantCollections = new Map<string, string[]>();

  protected literalStrings(v: V): string[] | undefined {
    if (v.r === 'value' && v.sys === 'String' && v.js.startsWith('"'))
      return [JSON.parse(v.js) as string];
    if (v.r === 'items') return this.constantCollections.get(v.js);
    return undefined;
  }

  protected union(a: V, b: V): V {
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

  protected add(a: V, b: V): V {
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

  protected typeSpec(text: string | undefined): TypeSpecifier | undefined {
    if (text === undefined) return undefined;
    return parseTypeSpecifier(text, this.model.isTypeName, this.model.isFhirType);
  }

  protected typeOperation(op: 'is' | 'as', input: V, text: string | undefined): V {
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

  protected ofType(input: V, text: string | undefined): V {
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
}
