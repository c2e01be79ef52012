import { describe, expectTypeOf, it } from 'vitest';
import type { TestContext } from './conformance-test';
import { defineFact } from './fact';
import type { Fact } from './fact';
import type { Outcome } from './outcome';
import { rollUpOutcomes } from './outcome';

describe('facts carry their type', () => {
  it('gives back what was provided', () => {
    const count = defineFact<number>('count', 'a count');
    expectTypeOf(count).toEqualTypeOf<Fact<number>>();
    expectTypeOf<TestContext['need']>().toBeFunction();
    const need = (context: TestContext): number => context.need(count);
    expectTypeOf(need).returns.toEqualTypeOf<number>();
    const asString = (context: TestContext): string =>
      // @ts-expect-error a number fact does not hold a string
      context.need(count);
    expectTypeOf(asString).toBeFunction();
  });

  it('rolls up to an outcome', () => {
    expectTypeOf(rollUpOutcomes(['pass'])).toEqualTypeOf<Outcome>();
    // @ts-expect-error only the five outcomes
    rollUpOutcomes(['passed']);
  });
});
