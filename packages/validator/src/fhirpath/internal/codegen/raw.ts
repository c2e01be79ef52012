import type { Emitter } from './emitter';
import { js } from './emitter';
import type { NodeT, RawV, Root, Step } from './values';
import { DYNAMIC } from './values';

/** One item inside an emitted navigation loop: variables for its JSON value and `_name` sibling. */
export interface Cursor {
  readonly data: string;
  readonly ext: string;
  readonly t: NodeT;
  /** When the item is already a runtime node (from an array of nodes, a choice element): it. */
  readonly node?: string;
}

/** Compiles a `where` criterion for one item and returns the JavaScript condition to keep it. */
export type WhereCompiler = (criterion: Step & { k: 'where' }, item: Cursor) => string;

function isComplexKind(t: NodeT): boolean {
  return t.kind === 'complex' || t.kind === 'backbone';
}

function isResourceKind(t: NodeT): boolean {
  return t.kind === 'resource' || t.kind === 'abstract-resource';
}

/** JavaScript for the node path and data type of a node of static type `t`. */
export function nodeArgs(t: NodeT): string {
  return `${js(t.path)}, ${t.type === null ? 'null' : js(t.type)}`;
}

/**
 * Emits the loops (or conditions, for single-valued steps) that walk a lazy navigation over
 * JSON, calling `body` for every item, with the checks that hand any unexpected JSON shape to
 * the `fhirpath` package. The navigation mirrors the package's `makeChildResNodes`.
 */
export class RawEmitter {
  constructor(
    private readonly e: Emitter,
    private readonly where: WhereCompiler,
  ) {}

  /** Walks every item of `v`. */
  walk(v: RawV, body: (item: Cursor) => void): void {
    const counters = this.declareCounters(v.steps);
    this.fromSource(v, (root) => {
      this.steps(v.steps, 0, root, counters, body);
    });
  }

  /**
   * Emits code counting the items of `v` into a new variable; stops above `limit`, unless a
   * `where` criterion on the way may raise an error (the package evaluates it on every item).
   */
  count(v: RawV, bound: number): string {
    const limit = v.thr ? Infinity : bound;
    const n = this.e.let('0', 'n');
    const last = v.steps[v.steps.length - 1];
    const label = this.e.name('L');
    const bounded = Number.isFinite(limit);
    const stop = bounded ? ` if (${n} > ${String(limit)}) break ${label};` : '';
    const run = (): void => {
      if (last !== undefined && (last.k === 'child' || last.k === 'choice')) {
        const head: RawV = { ...v, steps: v.steps.slice(0, -1) };
        const counters = this.declareCounters(head.steps);
        this.fromSource(head, (root) => {
          this.steps(head.steps, 0, root, counters, (item) => {
            this.e.line(`${n} += ${this.countStep(item, last)};${stop}`);
          });
        });
      } else {
        this.walk(v, () => {
          this.e.line(`${n} += 1;${stop}`);
        });
      }
    };
    if (bounded) this.e.block(`${label}:`, run);
    else run();
    return n;
  }

  /** The first item of `v` (or none), in new variables. */
  first(v: RawV): Root {
    const data = this.e.let('undefined', 'd');
    const ext = this.e.let('null', 'x');
    const ok = this.e.let('false', 'ok');
    const node = this.e.let('undefined', 'nd');
    const label = this.e.name('L');
    const seen = { nodes: false };
    const emitBody = (item: Cursor): void => {
      if (item.node !== undefined) seen.nodes = true;
      const assign = `${data} = ${item.data}; ${ext} = ${item.ext}; ${ok} = true;${item.node === undefined ? '' : ` ${node} = ${item.node};`}`;
      if (v.single) this.e.line(assign);
      else if (v.thr) this.e.line(`if (!${ok}) { ${assign} }`);
      else this.e.line(`${assign} break ${label};`);
    };
    if (v.single) this.walk(v, emitBody);
    else
      this.e.block(`${label}:`, () => {
        this.walk(v, emitBody);
      });
    return seen.nodes ? { data, ext, exists: ok, t: v.t, node } : { data, ext, exists: ok, t: v.t };
  }

  private declareCounters(steps: readonly Step[]): Map<number, string> {
    const counters = new Map<number, string>();
    steps.forEach((step, i) => {
      if (step.k === 'skip-first') counters.set(i, this.e.let('0', 's'));
    });
    return counters;
  }

  private fromSource(v: RawV, body: (root: Cursor) => void): void {
    const src = v.src;
    if (src.k === 'root') {
      const cursor: Cursor =
        src.root.node === undefined
          ? { data: src.root.data, ext: src.root.ext, t: src.root.t }
          : { data: src.root.data, ext: src.root.ext, t: src.root.t, node: src.root.node };
      if (src.root.exists === null) body(cursor);
      else
        this.e.block(`if (${src.root.exists})`, () => {
          body(cursor);
        });
      return;
    }
    const item = this.e.name('it');
    this.e.block(`for (const ${item} of ${src.js})`, () => {
      body({ data: `${item}.data`, ext: `${item}.ext`, t: src.t, node: item });
    });
  }

  private steps(
    steps: readonly Step[],
    index: number,
    cur: Cursor,
    counters: Map<number, string>,
    body: (item: Cursor) => void,
  ): void {
    const step = steps[index];
    if (step === undefined) {
      body(cur);
      return;
    }
    const next = (item: Cursor): void => {
      this.steps(steps, index + 1, item, counters, body);
    };
    switch (step.k) {
      case 'child':
        this.child(cur, step, next);
        return;
      case 'choice': {
        const node = this.e.name('c');
        this.e.block(
          `for (const ${node} of rt.choiceNodes(${cur.data}, ${step.formsConst}))`,
          () => {
            next({ data: `${node}.data`, ext: `${node}.ext`, t: DYNAMIC, node });
          },
        );
        return;
      }
      case 'where': {
        const keep = this.where(step, cur);
        this.e.block(`if (${keep})`, () => {
          next(cur);
        });
        return;
      }
      case 'skip-first': {
        const counter = counters.get(index) ?? '0';
        this.e.block(`if (${counter}++ > 0)`, () => {
          next(cur);
        });
        return;
      }
    }
  }

  /** The JSON holder of a child: the object, or the `_name` sibling of a primitive parent. */
  private holder(cur: Cursor, step: Step & { k: 'child' }): string {
    if (step.holder === 'data') return cur.data;
    if (step.holder === 'ext') return cur.ext;
    return this.e.let(`${step.holder.primitive} ? ${cur.ext} : ${cur.data}`, 'h');
  }

  private readChild(cur: Cursor, step: Step & { k: 'child' }): { value: string; ext: string } {
    const holder = this.holder(cur, step);
    const json = step.form.json;
    const value = this.e.let(`${holder} == null ? undefined : ${holder}[${js(json)}]`, 'v');
    let ext = 'undefined';
    if (step.holder !== 'ext') {
      const objectOnly = step.holder === 'data' ? '' : `!${step.holder.primitive} && `;
      if (step.to.kind === 'primitive' || step.to.kind === 'system') {
        ext = this.e.let(
          `${objectOnly}${holder} != null ? ${holder}[${js(`_${json}`)}] : undefined`,
          'e',
        );
      } else {
        this.e.line(
          `if (${objectOnly}${holder} != null && ${holder}[${js(`_${json}`)}] !== undefined) rt.bail();`,
        );
      }
    }
    if (step.typesConst !== null) {
      this.e.line(
        `if ((${value} !== undefined${ext === 'undefined' ? '' : ` || ${ext} !== undefined`}) && !${step.typesConst}.has(${cur.data}.resourceType)) rt.bail();`,
      );
    }
    return { value, ext };
  }

  private guardItem(item: string, t: NodeT): void {
    if (isResourceKind(t)) {
      this.e.line(
        `if (${item} !== null && (typeof ${item} !== 'object' || Array.isArray(${item}) || !rt.isResourceType(${item}.resourceType))) rt.bail();`,
      );
    } else if (isComplexKind(t)) {
      this.e.line(
        `if (${item} !== null && (typeof ${item} !== 'object' || Array.isArray(${item}) || ${item}.resourceType !== undefined)) rt.bail();`,
      );
    }
  }

  private guardPrimitive(value: string, ext: string): void {
    this.e.line(
      `if (typeof ${value} === 'object' && ${value} !== null || ${ext} != null && (typeof ${ext} !== 'object' || Array.isArray(${ext}))) rt.bail();`,
    );
  }

  private child(cur: Cursor, step: Step & { k: 'child' }, next: (item: Cursor) => void): void {
    const { value, ext } = this.readChild(cur, step);
    const primitive = step.to.kind === 'primitive' || step.to.kind === 'system';
    if (!primitive) {
      if (step.array) {
        this.e.block(`if (${value} !== undefined && ${value} !== null)`, () => {
          this.e.line(`if (!Array.isArray(${value})) rt.bail();`);
          const i = this.e.name('i');
          this.e.block(`for (let ${i} = 0; ${i} < ${value}.length; ${i}++)`, () => {
            const item = this.e.let(`${value}[${i}]`, 'c');
            this.guardItem(item, step.to);
            next({ data: item, ext: 'null', t: step.to });
          });
        });
      } else {
        this.e.block(`if (${value} !== undefined && ${value} !== null)`, () => {
          this.guardItem(value, step.to);
          next({ data: value, ext: 'null', t: step.to });
        });
      }
      return;
    }
    if (step.array) {
      this.e.block(`if (${value} != null || ${ext} != null)`, () => {
        this.e.line(
          `if (${value} != null && !Array.isArray(${value}) || ${ext} != null && !Array.isArray(${ext})) rt.bail();`,
        );
        const n = this.e.let(
          `Math.max(${value} == null ? 0 : ${value}.length, ${ext} == null ? 0 : ${ext}.length)`,
          'm',
        );
        const i = this.e.name('i');
        this.e.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
          const v = this.e.let(
            `${value} != null && ${i} < ${value}.length ? ${value}[${i}] : null`,
            'p',
          );
          const x = this.e.let(`${ext} == null ? null : ${ext}[${i}]`, 'q');
          this.guardPrimitive(v, x);
          next({ data: v, ext: `(${x} || null)`, t: step.to });
        });
      });
      return;
    }
    this.e.block(`if (${value} != null || ${ext} != null)`, () => {
      this.guardPrimitive(value, ext);
      next({ data: value, ext: ext === 'undefined' ? 'null' : `(${ext} || null)`, t: step.to });
    });
  }

  /** JavaScript for the number of items the last step adds for one parent item. */
  private countStep(cur: Cursor, step: Step): string {
    if (step.k === 'choice') return `rt.countChoice(${cur.data}, ${step.formsConst})`;
    if (step.k !== 'child') return '1';
    const { value, ext } = this.readChild(cur, step);
    const primitive = step.to.kind === 'primitive' || step.to.kind === 'system';
    if (!primitive) {
      if (step.array) {
        this.e.line(`if (${value} != null && !Array.isArray(${value})) rt.bail();`);
        return `(${value} == null ? 0 : ${value}.length)`;
      }
      this.e.line(
        `if (${value} != null && (typeof ${value} !== 'object' || Array.isArray(${value}))) rt.bail();`,
      );
      return `(${value} == null ? 0 : 1)`;
    }
    if (step.array) {
      this.e.line(
        `if (${value} != null && !Array.isArray(${value}) || ${ext} != null && !Array.isArray(${ext})) rt.bail();`,
      );
      return `Math.max(${value} == null ? 0 : ${value}.length, ${ext} == null ? 0 : ${ext}.length)`;
    }
    this.e.line(
      `if (${value} != null && typeof ${value} === 'object' || ${ext} != null && (typeof ${ext} !== 'object' || Array.isArray(${ext}))) rt.bail();`,
    );
    return `(${value} != null || ${ext} != null ? 1 : 0)`;
  }
}
