/** Binary operators, as the `fhirpath` package names them. */
export type BinaryOperator =
  | '='
  | '!='
  | '~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '&'
  | '*'
  | '/'
  | 'div'
  | 'mod'
  | '|'
  | 'and'
  | 'or'
  | 'xor'
  | 'implies'
  | 'in'
  | 'contains';

/**
 * A FHIRPath expression, typed. `input` is the expression before the dot (`a` in `a.b`), or
 * null for an invocation on the focus (`$this`).
 */
export type Expr =
  | {
      readonly k: 'member';
      readonly input: Expr | null;
      readonly name: string;
      readonly atRoot: 0 | 1 | 2;
    }
  | {
      readonly k: 'call';
      readonly input: Expr | null;
      readonly name: string;
      readonly args: readonly Arg[];
    }
  | { readonly k: 'this' }
  | { readonly k: 'index' }
  | { readonly k: 'total' }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'string'; readonly value: string }
  | { readonly k: 'number'; readonly text: string; readonly value: number }
  | { readonly k: 'boolean'; readonly value: boolean }
  | { readonly k: 'null' }
  | { readonly k: 'binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'type-op'; readonly op: 'is' | 'as'; readonly left: Expr; readonly type: string }
  | { readonly k: 'polarity'; readonly sign: '+' | '-'; readonly operand: Expr }
  | { readonly k: 'indexer'; readonly input: Expr; readonly index: Expr }
  | { readonly k: 'unsupported'; readonly what: string };

/**
 * A function argument: the expression, and its source text when it is a plain term (a type
 * specifier such as `ofType(Practitioner)` is read from the text).
 */
export interface Arg {
  readonly expr: Expr;
  readonly text: string | undefined;
}
