import type { CompactModel } from '../model/r4-model-types';
import { correctedExpression } from './invariant-fixes';

/**
 * Every invariant of a model as the engine compiles it: the corrected expression and its context
 * (the type, or the element's type for an element's own constraints), each pair once.
 *
 * @example
 * modelInvariants(R4_MODEL).find(([, context]) => context === 'Period'); // ['start.hasValue().not() or …', 'Period']
 */
export function modelInvariants(model: CompactModel): readonly (readonly [string, string])[] {
  const pairs = new Map<string, readonly [string, string]>();
  const add = (expression: string, context: string): void => {
    const corrected = correctedExpression(expression);
    pairs.set(`${context}\u0000${corrected}`, [corrected, context]);
  };
  for (const [key, type] of Object.entries(model.types)) {
    for (const c of type.constraints) add(c.expression, key);
    for (const element of type.elements) {
      for (const c of element.constraints ?? []) add(c.expression, element.type);
    }
  }
  return [...pairs.values()];
}
