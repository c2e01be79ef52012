import fc from 'fast-check';
import type { FhirPathChild, FhirPathChildForm, FhirPathModel } from '../fhirpath-model';
import type { Expr } from '../internal/ast';

type Json = Record<string, unknown>;

/** Names and string literals an expression mentions: generated nodes favour them. */
export interface ExpressionHints {
  readonly names: ReadonlySet<string>;
  readonly strings: readonly string[];
}

/** Collects the member names and string literals of an expression. */
export function hintsOf(expr: Expr): ExpressionHints {
  const names = new Set<string>();
  const strings: string[] = [];
  const walk = (x: Expr): void => {
    switch (x.k) {
      case 'member':
        names.add(x.name);
        if (x.input !== null) walk(x.input);
        return;
      case 'call':
        if (x.input !== null) walk(x.input);
        for (const arg of x.args) walk(arg.expr);
        return;
      case 'string':
        strings.push(x.value);
        return;
      case 'binary':
        walk(x.left);
        walk(x.right);
        return;
      case 'type-op':
        walk(x.left);
        return;
      case 'polarity':
        walk(x.operand);
        return;
      case 'indexer':
        walk(x.input);
        walk(x.index);
        return;
      case 'this':
      case 'index':
      case 'total':
      case 'var':
      case 'number':
      case 'boolean':
      case 'null':
      case 'unsupported':
        return;
    }
  };
  walk(expr);
  return { names, strings };
}

const IDS = ['o1', 'p1', 'x'] as const;

const GENERIC_STRINGS = [
  '',
  'a',
  'A b',
  '#',
  '#o1',
  '#p1',
  '#nope',
  'o1',
  'Patient/p1',
  'http://example.org/fhir/x',
  'urn:uuid:0',
  '*',
  '0',
  '1',
  '2',
  '-1',
  '1.5',
  'a.b',
  'Aa_1',
  '%',
  'http://unitsofmeasure.org',
];

const DATES = ['2020', '2020-01', '2020-01-01', '2020-01-02', '2019-12-31', '2020-02-30', '20'];
const DATE_TIMES = [
  ...DATES,
  '2020-01-01T10:00:00Z',
  '2020-01-01T10:00:00+01:00',
  '2020-01-01T09:00:00Z',
  '2020-01-01T10:00:00.5Z',
  '2020-01-01T10:00:59.999-05:00',
  '2020-01-01T10:00',
  '2020-13-01',
];
const INSTANTS = [
  '2020-01-01T10:00:00Z',
  '2020-01-01T10:00:00.000+01:00',
  '2020-01-01T09:00:00Z',
  '2020-01-01',
];
const TIMES = ['10:00:00', '10:00', '09:59:59.999', '24:00:00'];
const DECIMALS = [0, 1, -1, 0.5, 1.5, 100, 100.5, 99.999999999, 1e-9, 3];
const INTEGERS = [0, 1, 2, -1, 100, 3];

/** A value of the wrong JSON kind (bad input the compiled code must still answer exactly). */
const WRONG = fc.constantFrom<unknown>(null, 7, 'x', true, {}, [], ['a'], [{}], { a: 1 });

function primitiveValue(
  type: string,
  strings: readonly string[],
  hinted: boolean,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'unsignedInt':
    case 'positiveInt':
      return fc.constantFrom(...INTEGERS);
    case 'decimal':
      return fc.constantFrom(...DECIMALS);
    case 'date':
      return fc.constantFrom(...DATES);
    case 'dateTime':
      return fc.constantFrom(...DATE_TIMES);
    case 'instant':
      return fc.constantFrom(...INSTANTS);
    case 'time':
      return fc.constantFrom(...TIMES);
    case 'xhtml':
      return fc.constantFrom('<div xmlns="http://www.w3.org/1999/xhtml">a</div>', '<div>ab</div>');
    default:
      if (hinted && strings.length > 0) {
        return fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...strings) },
          { weight: 1, arbitrary: fc.constantFrom(...GENERIC_STRINGS) },
        );
      }
      return fc.constantFrom(...strings, ...GENERIC_STRINGS);
  }
}

/** Options for generated nodes. */
export interface NodeOptions {
  readonly hints: ExpressionHints;
  /** How deep complex values nest. */
  readonly depth: number;
  /** Whether to sometimes put values of the wrong JSON kind. */
  readonly malformed: boolean;
}

const RESOURCE_TYPES = [
  'Patient',
  'Organization',
  'Practitioner',
  'Observation',
  'Composition',
  'MessageHeader',
];

/**
 * Generates JSON nodes of a node type from the model: a few children (favouring those the
 * expression names), primitives with and without `_name` siblings, choice forms, arrays with
 * `null` gaps, nested resources with ids that references may or may not match, and (when
 * `malformed`) values of the wrong JSON kind.
 */
export class NodeArbitraries {
  constructor(private readonly model: FhirPathModel) {}

  node(typePath: string, options: NodeOptions): fc.Arbitrary<Json> {
    const type = this.model.node(typePath);
    if (type.kind === 'resource') return this.resource(typePath, options);
    return this.chooseChildren([...type.children.values()], options, options.depth > 1 ? 2 : 1);
  }

  resource(resourceType: string, options: NodeOptions): fc.Arbitrary<Json> {
    const type = this.model.node(resourceType);
    const children = [...type.children.values()].filter(
      (c) => c.name !== 'contained' || options.depth > 1,
    );
    return this.chooseChildren(children, options, 2, ['id']).map((json) => ({
      resourceType,
      ...json,
    }));
  }

  /** Each child the expression names is present with probability 3/4; a few others too. */
  private chooseChildren(
    children: FhirPathChild[],
    options: NodeOptions,
    extra: number,
    always: string[] = [],
  ): fc.Arbitrary<Json> {
    const hinted = children.filter(
      (c) => options.hints.names.has(c.name) || always.includes(c.name),
    );
    const others = children.filter((c) => !hinted.includes(c));
    const pick = hinted.map((child) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([child]) },
        { weight: 1, arbitrary: fc.constant([]) },
      ),
    );
    return fc
      .tuple(fc.tuple(...pick), fc.subarray(others, { maxLength: Math.min(others.length, extra) }))
      .chain(([a, b]) => this.entries([...a.flat(), ...b], options));
  }

  private entries(children: FhirPathChild[], options: NodeOptions): fc.Arbitrary<Json> {
    if (children.length === 0) return fc.constant({});
    return fc
      .tuple(...children.map((child) => this.child(child, options)))
      .map((parts) => Object.assign({}, ...parts) as Json);
  }

  private child(child: FhirPathChild, options: NodeOptions): fc.Arbitrary<Json> {
    return fc.constantFrom(...child.forms).chain((form) => {
      const single = this.formValue(form, child, options);
      if (!child.array) return single;
      return fc.array(single, { maxLength: 3 }).map((items) => this.mergeArray(form, items));
    });
  }

  /** Joins generated items of a repeating element into `name` and `_name` arrays. */
  private mergeArray(form: FhirPathChildForm, items: Json[]): Json {
    const values = items.map((item) => (form.json in item ? item[form.json] : null));
    const exts = items.map((item) => item[`_${form.json}`] ?? null);
    const out: Json = {};
    if (values.some((v) => v !== null) || items.length === 0) out[form.json] = values;
    if (exts.some((e) => e !== null)) out[`_${form.json}`] = exts;
    return out;
  }

  private formValue(
    form: FhirPathChildForm,
    child: FhirPathChild,
    options: NodeOptions,
  ): fc.Arbitrary<Json> {
    const wrong = options.malformed
      ? [{ weight: 1, arbitrary: WRONG.map((value) => ({ [form.json]: value })) }]
      : [];
    if (form.primitive) {
      const value =
        form.nodePath === 'System.String' && child.name === 'id'
          ? fc.constantFrom(...IDS)
          : primitiveValue(
              form.nodePath,
              options.hints.strings,
              options.hints.names.has(child.name),
            );
      const ext = fc.record(
        {
          id: fc.constantFrom(...IDS),
          extension: fc.constant([{ url: 'http://example.org/e', valueString: 'v' }]),
        },
        { requiredKeys: [] },
      );
      return fc.oneof(
        { weight: 6, arbitrary: value.map((v) => ({ [form.json]: v })) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(value, ext)
            .map(([v, e]) => ({ [form.json]: v, [`_${form.json}`]: e })),
        },
        { weight: 1, arbitrary: ext.map((e) => ({ [`_${form.json}`]: e })) },
        ...wrong,
      );
    }
    const kind = this.model.node(form.nodePath).kind;
    if (kind === 'abstract-resource') {
      if (options.depth <= 0) return fc.constant({});
      return fc
        .constantFrom(...RESOURCE_TYPES)
        .chain((type) => this.resource(type, { ...options, depth: options.depth - 1 }))
        .map((resource) => ({ [form.json]: resource }));
    }
    if (form.nodePath === 'Extension') return this.extension(form, options);
    if (options.depth <= 0) return fc.constant({ [form.json]: { id: 'x' } });
    return fc.oneof(
      {
        weight: 8,
        arbitrary: this.node(form.nodePath, { ...options, depth: options.depth - 1 }).map((v) => ({
          [form.json]: v,
        })),
      },
      ...wrong,
    );
  }

  private extension(form: FhirPathChildForm, options: NodeOptions): fc.Arbitrary<Json> {
    const url = fc.constantFrom(
      'http://example.org/e',
      ...options.hints.strings.filter((s) => s.startsWith('http')),
    );
    const value = fc.constantFrom<Json>(
      {},
      { valueString: 'v' },
      { valueBoolean: true },
      { valueCode: '1' },
    );
    const nested = fc.constantFrom<Json>(
      {},
      { extension: [{ url: 'http://example.org/n', valueString: 'n' }] },
    );
    return fc
      .tuple(url, value, nested)
      .map(([u, v, n]) => ({ [form.json]: { url: u, ...v, ...n } }));
  }
}
