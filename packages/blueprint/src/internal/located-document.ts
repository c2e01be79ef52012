import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { BlueprintIssue } from '../issue';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML or JSON file that can say where any value in it was written. */
export interface LocatedDocument {
  readonly file: string;
  /** The text the document was parsed from. */
  readonly text: string;
  readonly value: unknown;
  /**
   * Where the value at `path` starts; with `key`, where its property name starts. A path that
   * does not exist resolves to its deepest existing ancestor.
   */
  readonly locate: (path: readonly (string | number)[], key?: boolean) => Position;
}

/** Deepest nesting accepted in a blueprint file; deeper data is reported, not recursed into. */
export const MAX_DEPTH = 64;

/** The outcome of {@link parseLocated}. */
export type LocatedResult =
  | { readonly ok: true; readonly document: LocatedDocument }
  | { readonly ok: false; readonly issues: readonly BlueprintIssue[] };

/** Whether `file` is read as YAML (`.yaml`, `.yml`) rather than JSON. */
export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

function parseError(file: string, position: Position, diagnostics: string): BlueprintIssue {
  return { severity: 'error', code: 'parse', file, ...position, diagnostics };
}

function depthIssue(file: string, position: Position): BlueprintIssue {
  return {
    severity: 'error',
    code: 'limit',
    file,
    ...position,
    diagnostics: `data is nested more than ${String(MAX_DEPTH)} levels deep; expected a flatter document`,
  };
}

// ---- JSON -------------------------------------------------------------------------------------

function jsonValue(node: JsonNode, depth: number): { value: unknown; tooDeep?: JsonNode } {
  if (depth > MAX_DEPTH) return { value: null, tooDeep: node };
  switch (node.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        const inner = jsonValue(valueNode, depth + 1);
        if (inner.tooDeep !== undefined) return inner;
        // defineProperty, so that a "__proto__" key is data, not a prototype.
        Object.defineProperty(value, String(keyNode.value), {
          value: inner.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { value };
    }
    case 'array': {
      const value: unknown[] = [];
      for (const child of node.children ?? []) {
        const inner = jsonValue(child, depth + 1);
        if (inner.tooDeep !== undefined) return inner;
        value.push(inner.value);
      }
      return { value };
    }
    case 'property':
      return { value: null };
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { value: node.value as unknown };
  }
}

function jsonChild(node: JsonNode, segment: string | number): JsonNode | undefined {
  if (node.type === 'object') {
    const property = node.children?.find((child) => child.children?.[0]?.value === String(segment));
    return property;
  }
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  return undefined;
}

function parseJson(text: string, file: string): LocatedResult {
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (tree === undefined && errors.length === 0) {
    return {
      ok: false,
      issues: [parseError(file, { line: 1, column: 1 }, 'not valid JSON: the file is empty')],
    };
  }
  if (errors.length > 0 || tree === undefined) {
    return {
      ok: false,
      issues: errors
        .slice(0, 10)
        .map((error) =>
          parseError(
            file,
            positionAt(starts, error.offset),
            `not valid JSON: ${printParseErrorCode(error.error)}`,
          ),
        ),
    };
  }
  const converted = jsonValue(tree, 0);
  if (converted.tooDeep !== undefined) {
    return { ok: false, issues: [depthIssue(file, positionAt(starts, converted.tooDeep.offset))] };
  }
  const locate = (path: readonly (string | number)[], key = false): Position => {
    let node: JsonNode = tree;
    for (const segment of path) {
      const next = jsonChild(node, segment);
      if (next === undefined) break;
      if (next.type === 'property') {
        const valueNode = next.children?.[1];
        if (segment === path[path.length - 1] && key) {
          return positionAt(starts, next.children?.[0]?.offset ?? next.offset);
        }
        if (valueNode === undefined) break;
        node = valueNode;
      } else {
        node = next;
      }
    }
    return positionAt(starts, node.offset);
  };
  return { ok: true, document: { file, text, value: converted.value, locate } };
}

// ---- YAML -------------------------------------------------------------------------------------

function yamlDepth(node: unknown, depth: number): YamlNode | undefined {
  if (depth > MAX_DEPTH) return node as YamlNode;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const inner = isPair(item) ? item.value : item;
      const deep = yamlDepth(inner, depth + 1);
      if (deep !== undefined) return deep;
    }
  }
  return undefined;
}

function yamlLocate(
  document: Document,
  counter: LineCounter,
  path: readonly (string | number)[],
  key: boolean,
): Position {
  const at = (offset: number): Position => {
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
  let node: unknown = document.contents;
  let offset = 0;
  if (isMap(node) || isSeq(node) || isScalar(node)) offset = node.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      if (key && i === path.length - 1 && isScalar(pair.key)) {
        return at(pair.key.range?.[0] ?? offset);
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
    if (isMap(node) || isSeq(node) || isScalar(node)) offset = node.range?.[0] ?? offset;
    else break;
  }
  return at(offset);
}

function parseYaml(text: string, file: string): LocatedResult {
  const counter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const problems = [...document.errors, ...document.warnings];
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: problems.slice(0, 10).map((problem) => {
        const position = counter.linePos(problem.pos[0]);
        return parseError(
          file,
          { line: position.line, column: position.col },
          `not valid YAML: ${problem.message.split('\n')[0] ?? problem.code}`,
        );
      }),
    };
  }
  const deep = yamlDepth(document.contents, 0);
  if (deep !== undefined) {
    const { line, col } = counter.linePos(deep.range?.[0] ?? 0);
    return { ok: false, issues: [depthIssue(file, { line, column: col })] };
  }
  let value: unknown;
  try {
    // Aliases are expanded at most this many times, so a "billion laughs" file cannot exhaust memory.
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      issues: [
        parseError(
          file,
          { line: 1, column: 1 },
          `not usable YAML: ${error instanceof Error ? error.message : 'unknown error'}`,
        ),
      ],
    };
  }
  return {
    ok: true,
    document: {
      file,
      text,
      value: value ?? null,
      locate: (path, key = false) => yamlLocate(document, counter, path, key),
    },
  };
}

/**
 * Parses `text` as YAML or JSON (by the file's extension) and keeps the source positions, so
 * that later checks can say where a value was written. YAML duplicate keys, JSON comments and
 * trailing commas are errors; nesting is limited to {@link MAX_DEPTH}.
 */
export function parseLocated(text: string, file: string): LocatedResult {
  return isYamlFile(file) ? parseYaml(text, file) : parseJson(text, file);
}
