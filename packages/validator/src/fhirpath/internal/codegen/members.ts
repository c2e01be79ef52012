import type { FhirPathChild, FhirPathChildForm } from '../../fhirpath-model';
import type { Expr } from '../ast';
import { typeIs } from '../runtime/functions';
import { ChoiceForms } from '../runtime/navigation';
import { CompilerBase } from './base';
import { js } from './emitter';
import type { NodeT, RawV, Scope, Step, V } from './values';
import { DYNAMIC, Unsupported } from './values';

function sameForm(a: FhirPathChildForm, b: FhirPathChildForm | undefined): boolean {
  return (
    b !== undefined && a.json === b.json && a.nodePath === b.nodePath && a.dataType === b.dataType
  );
}

/**
 * Navigation: the focus and the environment variables, member access through the model's
 * types (lazy over JSON), and the package's dynamic navigation where types are only known at run
 * time.
 */
export abstract class MemberCompiler extends CompilerBase {
  protected readonly abstractChildren = new Map<
    string,
    { child: FhirPathChild; types: string } | null
  >();

  protected prologue(): V {
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

  protected variable(name: string): V {
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

  protected resourceVariable(variable: string, field: string, type: string | undefined): V {
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

  protected member(x: Expr & { k: 'member' }, s: Scope): V {
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
  protected staticTypeMatch(v: V, name: string): boolean | undefined {
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

  protected childT(form: FhirPathChildForm): NodeT {
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

  protected extend(
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

  protected navigateDynamic(v: V, name: string): V {
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
  protected abstractChild(name: string): { child: FhirPathChild; types: string } | null {
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
}
