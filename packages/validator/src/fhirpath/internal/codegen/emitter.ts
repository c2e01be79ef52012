/**
 * Builds the JavaScript source of a compiled invariant: statements in nested blocks, fresh
 * variable names, and constants passed to the generated function by index (so no value is
 * ever spliced into source text except JSON-encoded strings and numbers).
 */
export class Emitter {
  private readonly prelude: string[] = [];
  private readonly lines: string[] = [];
  private depth = 1;
  private counter = 0;

  /** @param constants - shared with scratch emitters, so constant references stay valid. */
  constructor(readonly constants: unknown[] = []) {}

  /** A fresh variable name. */
  name(prefix = 't'): string {
    this.counter += 1;
    return `${prefix}${String(this.counter)}`;
  }

  /** Declares `let name = init;` and returns the name. */
  let(init: string, prefix = 't'): string {
    const name = this.name(prefix);
    this.line(`let ${name} = ${init};`);
    return name;
  }

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${text}`);
  }

  /** Emits a statement at the top of the function, before everything else. */
  hoist(text: string): void {
    this.prelude.push(`  ${text}`);
  }

  /** Emits `header {`, the body, and `}`. */
  block(header: string, body: () => void): void {
    this.line(`${header} {`);
    this.depth += 1;
    body();
    this.depth -= 1;
    this.line('}');
  }

  /** Emits `if (cond) { then } else { otherwise }`. */
  ifElse(cond: string, then: () => void, otherwise: () => void): void {
    this.line(`if (${cond}) {`);
    this.depth += 1;
    then();
    this.depth -= 1;
    this.line('} else {');
    this.depth += 1;
    otherwise();
    this.depth -= 1;
    this.line('}');
  }

  /** A reference to a constant: `K[i]`. */
  constant(value: unknown): string {
    let index = this.constants.indexOf(value);
    if (index < 0) {
      index = this.constants.length;
      this.constants.push(value);
    }
    return `K[${String(index)}]`;
  }

  /** The source so far. */
  source(): string {
    return [...this.prelude, ...this.lines].join('\n');
  }

  /** Compiles into a scratch emitter (to learn about an expression without emitting it). */
  scratch(): Emitter {
    const copy = new Emitter(this.constants);
    copy.counter = this.counter + 100000;
    return copy;
  }
}

/** A JavaScript string literal for `text`. */
export function js(text: string): string {
  return JSON.stringify(text);
}
