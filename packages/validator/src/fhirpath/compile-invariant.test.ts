import { describe, expect, it } from 'vitest';
import { R4_MODEL } from '../generated/r4-model';
import type { Outcome } from './__fixtures__/oracle';
import { outcomeOf } from './__fixtures__/oracle';
import { compileInvariant } from './compile-invariant';
import type { CompiledInvariant } from './compile-invariant';
import { FhirPathError, isFhirPathError } from './fhirpath-error';
import { createFhirPathModel } from './fhirpath-model';
import type { InvariantEnv } from './invariant-env';
import { createPackageEvaluator } from './internal/fallback';
import { PrimitiveNode } from './primitive-node';

const model = createFhirPathModel(R4_MODEL);
const patient = {
  resourceType: 'Patient',
  id: 'p1',
  contained: [{ resourceType: 'Organization', id: 'o1' }],
};
const env: InvariantEnv = { resource: patient, rootResource: patient };

const PER_1 = 'start.hasValue().not() or end.hasValue().not() or (start <= end)';
const ELE_1 = 'hasValue() or (children().count() > id.count())';
const REF_1 =
  "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))";

function compiled(expression: string, context: string): CompiledInvariant {
  const invariant = compileInvariant(expression, context, model);
  expect(invariant.kind).toBe('compiled');
  return invariant;
}

/** The compiled answer, checked against the fhirpath package's answer on the same node. */
function both(expression: string, context: string, node: unknown, on: InvariantEnv = env): Outcome {
  const actual = outcomeOf(compiled(expression, context), node, on);
  const resolved = model.context(context);
  if (resolved === undefined) throw new Error(context);
  let expected: Outcome;
  try {
    expected = createPackageEvaluator(expression, resolved, model).evaluate(node, on);
  } catch {
    expected = 'error';
  }
  expect(actual).toBe(expected);
  return actual;
}

describe('the boolean contract', () => {
  it('holds when the expression is true and fails when it is false', () => {
    expect(both(PER_1, 'Period', { start: '2024-01-01', end: '2024-01-02' })).toBe(true);
    expect(both(PER_1, 'Period', { start: '2024-01-02', end: '2024-01-01' })).toBe(false);
  });

  it('fails when FHIRPath answers empty (dates of different precision that agree as far as both go), as the reference validator reads it', () => {
    expect(both('start <= end', 'Period', { start: '2024-01', end: '2024-01-15' })).toBe(false);
    expect(both('start = end', 'Period', { start: '2024', end: '2024-06' })).toBe(false);
    expect(
      both('start < end', 'Period', { start: '2024-01-15T10:00:00Z', end: '2024-01-15' }),
    ).toBe(false);
  });

  it('fails when dates of different precision differ at the shared precision', () => {
    expect(both('start <= end', 'Period', { start: '2024-02', end: '2024-01-15' })).toBe(false);
  });

  it('fails for an empty result (an absent operand): an invariant must evaluate to true', () => {
    expect(both('start <= end', 'Period', { start: '2024-01-01' })).toBe(false);
    expect(both('code.not()', 'Coding', {})).toBe(false);
  });

  it('counts a single non-boolean value as true, as FHIRPath singleton evaluation does', () => {
    expect(both('code', 'Coding', { code: 'x' })).toBe(true);
  });

  it('raises an evaluation error for several values', () => {
    expect(both('given', 'HumanName', { given: ['a', 'b'] })).toBe('error');
    const invariant = compiled('given', 'HumanName');
    expect(() => invariant.evaluate({ given: ['a', 'b'] }, env)).toThrow(FhirPathError);
  });
});

describe('evaluation errors, where FHIRPath signals them', () => {
  it('for a collection where one value is expected', () => {
    expect(both("given = 'a'", 'HumanName', { given: ['a', 'b'] })).toBe(false);
    expect(both("given.startsWith('a')", 'HumanName', { given: ['a', 'b'] })).toBe('error');
    expect(both('given < family', 'HumanName', { given: ['a', 'b'], family: 'c' })).toBe('error');
  });

  it('for a comparison of values of different types', () => {
    expect(both('start <= end', 'Period', { start: 'not a date', end: '2024-01-01' })).toBe(
      'error',
    );
  });

  it('for an invalid regular expression', () => {
    // No `name` to match: empty, so not an error, but not true either.
    expect(both("name.matches('[a-')", 'HumanName', { text: 'x' })).toBe(false);
    expect(both("text.matches('[a-')", 'HumanName', { text: 'x' })).toBe('error');
    expect(both("text.matches('(')", 'HumanName', { text: 'x' })).toBe('error');
  });

  it('not for a pattern that is valid outside Unicode mode, which the package rejects', () => {
    // eld-20 and eld-19 of R4: `\\[x]` leaves a `]` unescaped, `\\'` escapes what needs none.
    const eld20 = "path.matches('[A-Za-z][A-Za-z0-9]*(\\\\.[a-z][A-Za-z0-9]*(\\\\[x])?)*')";
    const eld19 = "path.matches('^[^\\\\s\\\\.,:;\\\\\\'\"\\\\/|?!@#$%&*()\\\\[\\\\]{}]{1,64}$')";
    const ok = { path: 'Observation.value[x]' };
    expect(outcomeOf(compiled(eld20, 'ElementDefinition'), ok, env)).toBe(true);
    expect(outcomeOf(compiled(eld19, 'ElementDefinition'), { path: 'Observation' }, env)).toBe(
      true,
    );
    expect(outcomeOf(compiled(eld19, 'ElementDefinition'), { path: "a'b" }, env)).toBe(false);
    expect(outcomeOf(compiled("text.matches('[\\\\@]+')", 'HumanName'), { text: '@' }, env)).toBe(
      true,
    );
    const definition = model.context('ElementDefinition');
    if (definition === undefined) throw new Error('ElementDefinition');
    expect(() => createPackageEvaluator(eld20, definition, model).evaluate(ok, env)).toThrow();
  });

  it('for an undefined environment variable, only when evaluated', () => {
    expect(both('%nope.exists()', 'Coding', {})).toBe('error');
    expect(both('code.exists() or %nope.exists()', 'Coding', { code: 'x' })).toBe('error');
  });

  it('names the expression, never the data', () => {
    let thrown: unknown;
    try {
      compiled("given.startsWith('a')", 'HumanName').evaluate({ given: ['Secret', 'Name'] }, env);
    } catch (error) {
      thrown = error;
    }
    expect(isFhirPathError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'evaluation', expression: "given.startsWith('a')" });
    expect((thrown as Error).message).not.toMatch(/Secret/);
  });
});

describe('the fhirpath package’s semantics, kept exactly', () => {
  it('and/or/xor/implies are three-valued (an empty answer fails the invariant)', () => {
    const table: [string, boolean][] = [
      ['true or {}', true],
      ['false or {}', false],
      ['false and {}', false],
      ['true and {}', false],
      ['{} implies false', false],
      ['{} implies true', true],
      ['false implies {}', true],
      ['true implies false', false],
      ['true xor true', false],
      ['{} xor true', false],
    ];
    for (const [expression, expected] of table)
      expect(both(expression, 'Coding', {})).toBe(expected);
  });

  it('equality of a primitive compares its extensions too', () => {
    const node = { start: '2024-01-01', end: '2024-01-01', _end: { id: 'e' } };
    expect(both('start = end', 'Period', node)).toBe(false);
    expect(both('start = end', 'Period', { start: '2024-01-01', end: '2024-01-01' })).toBe(true);
  });

  it('a date never equals a string literal, and a dateTime compares with its time zone', () => {
    expect(both("start = '2024-01-01'", 'Period', { start: '2024-01-01' })).toBe(false);
    expect(
      both('start = end', 'Period', {
        start: '2024-01-01T10:00:00+01:00',
        end: '2024-01-01T09:00:00Z',
      }),
    ).toBe(true);
  });

  it('decimals are equal to 8 places', () => {
    expect(both('value = 1', 'Quantity', { value: 1.000000001 })).toBe(true);
    expect(both('value = 1', 'Quantity', { value: 1.0001 })).toBe(false);
    expect(both('value > 0', 'Quantity', { value: 0.000000001 })).toBe(false);
  });

  it('strings compare by code unit', () => {
    expect(both('family < given.first()', 'HumanName', { family: 'B', given: ['a'] })).toBe(true);
  });

  it('`is Boolean` is false for a FHIR boolean (FHIR types are lower case)', () => {
    const node = { question: 'q', operator: 'exists', answerBoolean: true };
    expect(
      both(
        "operator = 'exists' implies (answer is Boolean)",
        'Questionnaire.item.enableWhen',
        node,
      ),
    ).toBe(false);
    expect(both('answer is boolean', 'Questionnaire.item.enableWhen', node)).toBe(true);
  });

  it('`as` on several items is an error (so dom-3 fails wherever there are contained resources)', () => {
    expect(
      both('extension.as(Extension).exists()', 'Coding', {
        extension: [{ url: 'a' }, { url: 'b' }],
      }),
    ).toBe('error');
  });

  it('ele-1 is false on narrative XHTML: the package does not count xhtml as a primitive', () => {
    expect(both(ELE_1, 'Narrative.div', '<div xmlns="http://www.w3.org/1999/xhtml">x</div>')).toBe(
      false,
    );
    expect(both(ELE_1, 'string', 'x')).toBe(true);
  });

  it('ele-1 on a primitive with only extensions, and with only an id', () => {
    const extension = [{ url: 'http://example.org/e', valueString: 'v' }];
    expect(both(ELE_1, 'date', new PrimitiveNode(null, { extension }))).toBe(true);
    expect(both(ELE_1, 'date', new PrimitiveNode(null, { id: 'x' }))).toBe(false);
    // `id` is also a type name: for an id-typed primitive, `id` is the node itself.
    expect(both(ELE_1, 'id', new PrimitiveNode(null, { extension }))).toBe(false);
  });

  it('ele-1 for the abstract context Element, given primitives with their type', () => {
    const invariant = compiled(ELE_1, 'Element');
    const extension = [{ url: 'http://example.org/e', valueString: 'v' }];
    expect(invariant.evaluate({ id: 'x' }, env)).toBe(false);
    expect(invariant.evaluate({ family: 'x' }, env)).toBe(true);
    expect(invariant.evaluate(new PrimitiveNode('2024', undefined, 'date'), env)).toBe(true);
    expect(invariant.evaluate(new PrimitiveNode('<div/>', undefined, 'xhtml'), env)).toBe(false);
    expect(invariant.evaluate(new PrimitiveNode(null, { extension }, 'id'), env)).toBe(false);
    expect(invariant.evaluate(new PrimitiveNode(null, { extension }, 'date'), env)).toBe(true);
  });

  it('navigates choice elements and primitives’ extensions', () => {
    expect(
      both('value.exists()', 'Observation', {
        resourceType: 'Observation',
        valueQuantity: { value: 1 },
      }),
    ).toBe(true);
    expect(
      both('value.exists()', 'Observation', {
        resourceType: 'Observation',
        _valueString: { id: 'x' },
      }),
    ).toBe(true);
    expect(both('value.exists()', 'Observation', { resourceType: 'Observation' })).toBe(false);
    expect(
      both('start.extension.exists()', 'Period', { _start: { extension: [{ url: 'u' }] } }),
    ).toBe(true);
  });

  it('counts null items of repeating elements, and `_name` entries beyond the values', () => {
    expect(
      both('given.count() = 3', 'HumanName', {
        given: ['a', null],
        _given: [null, null, { id: 'x' }],
      }),
    ).toBe(true);
    expect(both('given.count() = 2', 'HumanName', { given: ['a', null] })).toBe(true);
  });

  it('the root type name selects the focus (Appointment.status)', () => {
    expect(
      both("Appointment.status = 'booked'", 'Appointment', {
        resourceType: 'Appointment',
        status: 'booked',
      }),
    ).toBe(true);
  });
});

describe('environment', () => {
  it('ref-1 looks for the id among %rootResource’s contained resources', () => {
    expect(both(REF_1, 'Reference', { reference: '#o1' })).toBe(true);
    expect(both(REF_1, 'Reference', { reference: '#o2' })).toBe(false);
    expect(both(REF_1, 'Reference', { reference: 'Patient/p1' })).toBe(true);
    const organization = patient.contained[0];
    expect(
      both(
        REF_1,
        'Reference',
        { reference: '#o1' },
        { resource: organization, rootResource: patient },
      ),
    ).toBe(true);
  });

  it('%ucum defaults to the UCUM system and can be set', () => {
    const age = 'system.empty() or system = %ucum';
    expect(both(age, 'Age', { system: 'http://unitsofmeasure.org' })).toBe(true);
    expect(both(age, 'Age', { system: 'urn:x' }, { ...env, ucum: 'urn:x' })).toBe(true);
  });

  it('resolve() uses env.resolve, and finds nothing without it', () => {
    const expression = 'member.resolve().iif(empty(), true, ofType(Practitioner).exists())';
    const practitioner = { resourceType: 'Practitioner', id: 'x' };
    const organization = { resourceType: 'Organization', id: 'y' };
    const resolve = (reference: string): unknown =>
      reference === 'Practitioner/x'
        ? practitioner
        : reference === 'Organization/y'
          ? organization
          : undefined;
    expect(
      both(
        expression,
        'CareTeam.participant',
        { member: { reference: 'Practitioner/x' } },
        { ...env, resolve },
      ),
    ).toBe(true);
    expect(
      both(
        expression,
        'CareTeam.participant',
        { member: { reference: 'Organization/y' } },
        { ...env, resolve },
      ),
    ).toBe(false);
    expect(
      both(expression, 'CareTeam.participant', { member: { reference: 'Organization/y' } }),
    ).toBe(true);
  });

  it('htmlChecks() delegates to env.htmlChecks, and needs it', () => {
    const div = '<div xmlns="http://www.w3.org/1999/xhtml">x</div>';
    expect(both('htmlChecks()', 'Narrative.div', div, { ...env, htmlChecks: () => true })).toBe(
      true,
    );
    expect(both('htmlChecks()', 'Narrative.div', div, { ...env, htmlChecks: () => false })).toBe(
      false,
    );
    const invariant = compiled('htmlChecks()', 'Narrative.div');
    expect(() => invariant.evaluate(div, env)).toThrow(
      expect.objectContaining({ code: 'environment' }) as Error,
    );
  });

  it('memberOf() asks env.memberOf with the coded value and its type, and needs an answer', () => {
    const vs = 'http://example.org/ValueSet/genders';
    const asked: unknown[][] = [];
    const on: InvariantEnv = {
      ...env,
      memberOf: (value, type, valueSet) => {
        asked.push([value, type, valueSet]);
        return type === 'code' ? value === 'female' : undefined;
      },
    };
    const expression = `gender.all(memberOf('${vs}'))`;
    const invariant = compileInvariant(expression, 'Patient', model);
    expect(invariant.evaluate({ resourceType: 'Patient', gender: 'female' }, on)).toBe(true);
    expect(invariant.evaluate({ resourceType: 'Patient', gender: 'male' }, on)).toBe(false);
    expect(invariant.evaluate({ resourceType: 'Patient' }, on)).toBe(true);
    expect(asked).toEqual([
      ['female', 'code', vs],
      ['male', 'code', vs],
    ]);
    const concept = { coding: [{ system: 'http://x', code: 'y' }] };
    const coded = compileInvariant(`maritalStatus.memberOf('${vs}')`, 'Patient', model);
    expect(() => coded.evaluate({ resourceType: 'Patient', maritalStatus: concept }, on)).toThrow(
      expect.objectContaining({
        code: 'evaluation',
        message: expect.stringContaining(`memberOf('${vs}') cannot be answered here`) as string,
      }) as Error,
    );
    expect(asked.at(-1)).toEqual([concept, 'CodeableConcept', vs]);
    expect(() => invariant.evaluate({ resourceType: 'Patient', gender: 'male' }, env)).toThrow(
      expect.objectContaining({ code: 'environment' }) as Error,
    );
  });
});

describe('nodes', () => {
  it('takes a primitive as its value, or as a PrimitiveNode with its `_name` sibling', () => {
    const invariant = compiled(
      "empty() or ($this = '*') or (toInteger() >= 0)",
      'ElementDefinition.max',
    );
    expect(invariant.evaluate('*', env)).toBe(true);
    expect(invariant.evaluate('-1', env)).toBe(false);
    expect(invariant.evaluate(new PrimitiveNode('-1', { id: 'x' }), env)).toBe(false);
  });

  it('hands JSON of an unexpected shape to the fhirpath package, with the same answer', () => {
    const nodes = [
      { start: ['2024'], end: '2025' },
      { start: { x: 1 } },
      { start: 2024, end: '2025' },
      { _start: 'x' },
      [],
    ];
    expect(nodes.map((node) => both(PER_1, 'Period', node))).toEqual([
      true,
      true,
      'error',
      true,
      true,
    ]);
    expect(both('code.empty() or system.exists()', 'Quantity', { code: 7, system: null })).toBe(
      false,
    );
  });
});

describe('compiling', () => {
  it('falls back to the fhirpath package for Quantity comparisons, decided at compile time', () => {
    const rng2 = compileInvariant('low.empty() or high.empty() or (low <= high)', 'Range', model);
    expect(rng2.kind).toBe('fallback');
    expect(rng2.reason).toMatch(/Quantity/);
    const ucum = 'http://unitsofmeasure.org';
    const range = {
      low: { value: 1, system: ucum, code: 'g' },
      high: { value: 500, system: ucum, code: 'mg' },
    };
    expect(rng2.evaluate(range, env)).toBe(false);
  });

  it('uses the fhirpath package for the abstract context Element when the answer depends on the type', () => {
    expect(compileInvariant("$this = 'x'", 'Element', model).kind).toBe('fallback');
    expect(compileInvariant('value.exists()', 'Element', model).kind).toBe('fallback');
    expect(compileInvariant(ELE_1, 'Element', model).kind).toBe('compiled');
  });

  it('caches per model, context and expression', () => {
    expect(compileInvariant(PER_1, 'Period', model)).toBe(compileInvariant(PER_1, 'Period', model));
    expect(compileInvariant(PER_1, 'Period', model)).not.toBe(
      compileInvariant(PER_1, 'Period', createFhirPathModel(R4_MODEL)),
    );
  });

  it('rejects an invalid expression and an unknown context', () => {
    expect(() => compileInvariant('code.(', 'Coding', model)).toThrow(
      expect.objectContaining({ code: 'syntax' }) as Error,
    );
    expect(() => compileInvariant('code.exists()', 'NoSuchType', model)).toThrow(
      expect.objectContaining({ code: 'context' }) as Error,
    );
  });

  it('accepts type names, backbone paths and element paths as contexts', () => {
    for (const context of [
      'Period',
      'Patient.contact',
      'Narrative.div',
      'RiskAssessment.prediction.probabilityRange',
      'string.extension',
      'Element',
    ]) {
      expect(compileInvariant('exists()', context, model).kind).toBe('compiled');
    }
  });
});
