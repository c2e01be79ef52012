import { describe, expect, it } from 'vitest';
import { invariantKey } from '../fhirpath/compile-invariant';
import { R4_INVARIANTS } from '../generated/r4-invariants';
import { R4_MODEL } from '../generated/r4-model';
import { correctedExpression } from './invariant-fixes';

// R4's invariants ship compiled, so validating base R4 never loads the `fhirpath` package (a
// fifth of a cold start). Corrections must compile too, or they would bring it back.
const ON_THE_PACKAGE = new Set(['rng-2']); // Quantity comparison needs UCUM conversion

describe('the invariants R4 ships compiled', () => {
  it('include every R4 invariant as the engine evaluates it, corrections applied', () => {
    const missing: string[] = [];
    for (const [key, type] of Object.entries(R4_MODEL.types)) {
      const uses = [
        ...type.constraints.map((c) => ({ c, context: key })),
        ...type.elements.flatMap((e) => (e.constraints ?? []).map((c) => ({ c, context: e.type }))),
      ];
      for (const { c, context } of uses) {
        const shipped = R4_INVARIANTS[invariantKey(context, correctedExpression(c.expression))];
        if (shipped === undefined && !ON_THE_PACKAGE.has(c.key))
          missing.push(`${c.key} on ${context}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
