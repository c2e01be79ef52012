import type { Arg, BinaryOperator, Expr } from './ast';
import { fhirpathApi } from './fhirpath-package';

/** A node of the `fhirpath` package's parse tree, as far as it is read here. */
interface RawNode {
  readonly type: string;
  readonly text: string | undefined;
  readonly children: readonly RawNode[];
  readonly atRoot: number | undefined;
  readonly delimitedText: string | undefined;
}

function toRawNode(value: unknown): RawNode {
  if (typeof value !== 'object' || value === null) return unknownNode;
  const record = value as Record<string, unknown>;
  const children = Array.isArray(record.children) ? (record.children as unknown[]) : [];
  return {
    type: typeof record.type === 'string' ? record.type : 'Unknown',
    text: typeof record.text === 'string' ? record.text : undefined,
    children: children.map(toRawNode),
    atRoot: typeof record.atRoot === 'number' ? record.atRoot : undefined,
    delimitedText: typeof record.delimitedText === 'string' ? record.delimitedText : undefined,
  };
}

const unknownNode: RawNode = {
  type: 'Unknown',
  text: undefined,
  children: [],
  atRoot: undefined,
  delimitedText: undefined,
};

/** String escapes as the `fhirpath` package reads them (`\n`, `\uXXXX`, `\'` …). */
function unescape(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (match: string, sub: string) => {
    switch (match) {
      case '\\r':
        return '\r';
      case '\\n':
        return '\n';
      case '\\t':
        return '\t';
      case '\\f':
        return '\f';
      default:
        return sub.length > 1 ? String.fromCharCode(parseInt(sub.slice(1), 16)) : sub;
    }
  });
}

function identifier(text: string): string {
  return text.length >= 2 && text.startsWith('`') && text.endsWith('`')
    ? unescape(text.slice(1, -1))
    : text;
}

function stringLiteral(text: string): string {
  return text.length >= 2 && text.startsWith("'") && text.endsWith("'")
    ? unescape(text.slice(1, -1))
    : text;
}

const unsupported = (what: string): Expr => ({ k: 'unsupported', what });

const OPERATOR_NODES: ReadonlySet<string> = new Set([
  'EqualityExpression',
  'InequalityExpression',
  'AdditiveExpression',
  'MultiplicativeExpression',
  'UnionExpression',
  'OrExpression',
  'AndExpression',
  'XorExpression',
  'ImpliesExpression',
  'MembershipExpression',
]);

const OPERATORS: ReadonlySet<string> = new Set<BinaryOperator>([
  '=',
  '!=',
  '~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '&',
  '*',
  '/',
  'div',
  'mod',
  '|',
  'and',
  'or',
  'xor',
  'implies',
  'in',
  'contains',
]);

function isOperator(text: string): text is BinaryOperator {
  return OPERATORS.has(text);
}

/** An invocation (member, function, `$this` …) applied to `input`. */
function invocation(node: RawNode, input: Expr | null): Expr {
  switch (node.type) {
    case 'MemberInvocation': {
      const name = identifier(node.text ?? '');
      const atRoot = input === null && (node.atRoot === 1 || node.atRoot === 2) ? node.atRoot : 0;
      return { k: 'member', input, name, atRoot };
    }
    case 'FunctionInvocation': {
      const functn = node.children[0];
      if (functn === undefined) return unsupported('function without a name');
      const name = identifier(functn.children[0]?.text ?? functn.text ?? '');
      const params = functn.children[1];
      const args: Arg[] =
        params?.type === 'ParamList'
          ? params.children.map((param) => ({ expr: convert(param), text: param.text }))
          : [];
      return { k: 'call', input, name, args };
    }
    case 'ThisInvocation':
      return input === null ? { k: 'this' } : unsupported('$this after a dot');
    case 'IndexInvocation':
      return input === null ? { k: 'index' } : unsupported('$index after a dot');
    case 'TotalInvocation':
      return input === null ? { k: 'total' } : unsupported('$total after a dot');
    default:
      return unsupported(node.type);
  }
}

function literal(node: RawNode): Expr {
  switch (node.type) {
    case 'StringLiteral':
      return { k: 'string', value: stringLiteral(node.text ?? '') };
    case 'NumberLiteral': {
      const text = node.text ?? '';
      return { k: 'number', text, value: Number(text) };
    }
    case 'BooleanLiteral':
      return { k: 'boolean', value: node.text === 'true' };
    case 'NullLiteral':
      return { k: 'null' };
    default:
      return unsupported(node.type);
  }
}

function convert(node: RawNode): Expr {
  const first = node.children[0];
  switch (node.type) {
    case 'EntireExpression':
    case 'TermExpression':
    case 'InvocationTerm':
    case 'ParenthesizedTerm':
      return first === undefined ? unsupported(`empty ${node.type}`) : convert(first);
    case 'LiteralTerm':
      return first === undefined ? unsupported('empty literal') : literal(first);
    case 'ExternalConstantTerm':
      if (node.delimitedText !== undefined) return unsupported('delimited variable name');
      return { k: 'var', name: node.text ?? '' };
    case 'MemberInvocation':
    case 'FunctionInvocation':
    case 'ThisInvocation':
    case 'IndexInvocation':
    case 'TotalInvocation':
      return invocation(node, null);
    case 'InvocationExpression': {
      const [inputNode, invocationNode] = node.children;
      if (inputNode === undefined || invocationNode === undefined) {
        return unsupported('incomplete invocation');
      }
      return invocation(invocationNode, convert(inputNode));
    }
    case 'TypeExpression': {
      const [left, type] = node.children;
      const op = node.text;
      if (left === undefined || type === undefined || (op !== 'is' && op !== 'as')) {
        return unsupported('type expression');
      }
      return { k: 'type-op', op, left: convert(left), type: type.text ?? '' };
    }
    case 'PolarityExpression': {
      const sign = node.text;
      if (first === undefined || (sign !== '+' && sign !== '-')) return unsupported('polarity');
      return { k: 'polarity', sign, operand: convert(first) };
    }
    case 'IndexerExpression': {
      const [coll, index] = node.children;
      if (coll === undefined || index === undefined) return unsupported('indexer');
      return { k: 'indexer', input: convert(coll), index: convert(index) };
    }
    default: {
      if (OPERATOR_NODES.has(node.type)) {
        const [left, right] = node.children;
        const op = node.text ?? '';
        if (left === undefined || right === undefined || !isOperator(op)) {
          return unsupported(`operator ${op}`);
        }
        return { k: 'binary', op, left: convert(left), right: convert(right) };
      }
      return unsupported(node.type);
    }
  }
}

/**
 * Parses an expression with the `fhirpath` package's own parser (so that what compiles here is
 * exactly what the package accepts) and converts its tree to {@link Expr}. Constructs not
 * handled here become `unsupported` nodes; the compiler falls back for them.
 *
 * @throws whatever the package's parser throws for an invalid expression.
 */
export function parseExpression(expression: string): Expr {
  const tree = toRawNode(fhirpathApi().parse(expression));
  return convert(tree);
}
