import { describe, expect, it } from 'vitest';
import { modelInvariants } from '../../../engine/model-invariants';
import { R4_MODEL } from '../../../generated/r4-model';
import { createFhirPathModel } from '../../fhirpath-model';
import { parseExpression } from '../parse';
import { ChoiceForms } from '../runtime/navigation';
import { FpDec } from '../runtime/values';
import { Compiler } from './compiler';
import { decodeConstants, encodeConstants } from './constants-codec';
import { Unsupported } from './values';

/** A value's shape with its classes and frozenness, for comparing a copy with the original. */
function shape(value: unknown): unknown {
  if (value instanceof RegExp) return { regexp: value.toString() };
  if (value instanceof FpDec) return { dec: [value.value, value.text] };
  if (value instanceof ChoiceForms) return { forms: value.forms, extNames: value.extNames };
  if (value instanceof Set)
    return { set: [...(value as Set<unknown>)].map(shape), frozen: Object.isFrozen(value) };
  if (Array.isArray(value)) return { array: value.map(shape), frozen: Object.isFrozen(value) };
  if (typeof value === 'object' && value !== null) {
    return {
      object: Object.entries(value).map(([key, item]) => [key, shape(item)]),
      frozen: Object.isFrozen(value),
    };
  }
  return { value };
}

describe('the constants codec', () => {
  it('round-trips the constants of every R4 invariant the compiler handles, classes and frozenness included', () => {
    const model = createFhirPathModel(R4_MODEL);
    let checked = 0;
    for (const [expression, context] of modelInvariants(R4_MODEL)) {
      const node = model.context(context);
      if (node === undefined) throw new Error(`${context} is not in the model`);
      const compiler = new Compiler(model, node);
      try {
        compiler.compileInvariant(parseExpression(expression));
      } catch (error) {
        if (error instanceof Unsupported) continue;
        throw error;
      }
      const constants = compiler.e.constants;
      expect(decodeConstants(encodeConstants(constants)).map(shape)).toEqual(constants.map(shape));
      checked += constants.length;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('keeps keys whose value is undefined, and refuses a kind it does not know', () => {
    const [spec] = decodeConstants(
      encodeConstants([Object.freeze({ name: 'Patient', namespace: undefined })]),
    );
    expect(Object.keys(spec as object)).toEqual(['name', 'namespace']);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(() => encodeConstants([new Map()])).toThrow(/cannot be encoded: a Map/);
    expect(() => encodeConstants([Number.NaN])).toThrow(/cannot be encoded/);
  });
});
