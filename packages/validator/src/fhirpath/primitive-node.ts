/**
 * A primitive element as an invariant sees it: the JSON value of `name` together with its
 * `_name` sibling (the element's `id` and `extension`), and its FHIR type. FHIR JSON splits a
 * primitive element in two properties; FHIRPath sees one node, so `hasValue()`, `extension`,
 * `id`, `children()` and equality need both halves.
 *
 * For a repeating element, pass the item's halves: `given[i]` and `_given[i]`. A primitive with
 * only extensions has `value` `null` or `undefined`.
 *
 * The fields are mutable so that a caller walking many primitives can reuse one instance: an
 * evaluation never keeps a reference to the node after it returns.
 *
 * @example
 * ```ts
 * // Patient.birthDate with an extension on it
 * const node = new PrimitiveNode(patient.birthDate, patient._birthDate, 'date');
 * invariant.evaluate(node, { resource: patient, rootResource: patient });
 * ```
 */
export class PrimitiveNode {
  /** The JSON value of `name` (a string, number or boolean), or `null`/`undefined`. */
  value: unknown;
  /** The JSON value of `_name` (an object with `id` and/or `extension`), if any. */
  element: unknown;
  /**
   * The element's FHIR type (`date`, `string`, `xhtml`), used when the invariant is compiled for
   * the abstract context `Element`; otherwise the context type decides.
   */
  type: string | undefined;

  constructor(value: unknown, element?: unknown, type?: string) {
    this.value = value;
    this.element = element;
    this.type = type;
  }
}

/**
 * Whether `value` is a {@link PrimitiveNode}.
 *
 * @example
 * ```ts
 * isPrimitiveNode(new PrimitiveNode('2020-01-01', undefined, 'date')); // true
 * isPrimitiveNode('2020-01-01'); // false
 * ```
 */
export function isPrimitiveNode(value: unknown): value is PrimitiveNode {
  return value instanceof PrimitiveNode;
}
