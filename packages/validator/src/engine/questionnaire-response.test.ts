import { describe, expect, it } from 'vitest';
import { createValidator } from '../index';
import type { ValidationIssue } from '../index';
import { r4CoreDefinitions } from '../node';
import type { DefinitionSource } from '../profiles/profile-engine';

const QUESTIONNAIRE_URL = 'http://example.org/fhir/Questionnaire/intake';
const OPTIONS_SYSTEM = 'http://example.org/fhir/CodeSystem/smoking';

const questionnaire = {
  resourceType: 'Questionnaire',
  id: 'intake',
  url: QUESTIONNAIRE_URL,
  status: 'active',
  item: [
    {
      linkId: '1',
      type: 'group',
      required: true,
      item: [
        { linkId: '1.1', text: 'Preferred name', type: 'string', required: true, maxLength: 10 },
        {
          linkId: '1.2',
          text: 'Smoking',
          type: 'choice',
          answerOption: [
            { valueCoding: { system: OPTIONS_SYSTEM, code: 'never' } },
            { valueCoding: { system: OPTIONS_SYSTEM, code: 'current' } },
          ],
        },
      ],
    },
    { linkId: '2', text: 'Any allergies?', type: 'boolean', required: true },
    {
      linkId: '3',
      text: 'How many?',
      type: 'integer',
      required: true,
      enableWhen: [{ question: '2', operator: '=', answerBoolean: true }],
    },
    { linkId: '4', text: 'Thank you', type: 'display' },
    {
      linkId: '5',
      text: 'Gender of carers',
      type: 'choice',
      repeats: true,
      answerValueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender',
    },
  ],
};

const definitions: DefinitionSource = {
  ...r4CoreDefinitions(),
  canonicalResource: (url, type) =>
    url === QUESTIONNAIRE_URL && (type === undefined || type === 'Questionnaire')
      ? questionnaire
      : r4CoreDefinitions().canonicalResource?.(url, type),
};
const validator = createValidator({ definitions, reportUnverifiedCodes: false });

/** A completed response that answers every enabled item correctly. */
function response(): Record<string, unknown> & { item: Record<string, unknown>[] } {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: QUESTIONNAIRE_URL,
    status: 'completed',
    item: [
      {
        linkId: '1',
        item: [
          { linkId: '1.1', answer: [{ valueString: 'Sam' }] },
          { linkId: '1.2', answer: [{ valueCoding: { system: OPTIONS_SYSTEM, code: 'never' } }] },
        ],
      },
      { linkId: '2', answer: [{ valueBoolean: true }] },
      { linkId: '3', answer: [{ valueInteger: 2 }] },
      {
        linkId: '5',
        answer: [
          { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female' } },
          { valueCoding: { system: 'http://hl7.org/fhir/administrative-gender', code: 'male' } },
        ],
      },
    ],
  };
}

function errors(resource: unknown): Pick<ValidationIssue, 'expression' | 'diagnostics'>[] {
  return validator
    .validate(resource)
    .issues.filter((i) => i.severity === 'error')
    .map(({ expression, diagnostics }) => ({ expression, diagnostics }));
}

function errorAt(expression: string, includes: string): unknown {
  return expect.objectContaining({
    expression,
    diagnostics: expect.stringContaining(includes) as unknown,
  });
}

describe('a QuestionnaireResponse against its Questionnaire', () => {
  it('accepts a completed response that answers every enabled item', () => {
    expect(errors(response())).toEqual([]);
  });

  it('finds the Questionnaire contained in the response too', () => {
    const qr = response();
    qr.questionnaire = '#q';
    qr.contained = [{ ...questionnaire, id: 'q' }];
    const wrong = response();
    wrong.questionnaire = '#q';
    wrong.contained = [{ ...questionnaire, id: 'q' }];
    wrong.item[0] = { linkId: '1', item: [{ linkId: '1.1', answer: [{ valueInteger: 1 }] }] };
    const plain = createValidator({ reportUnverifiedCodes: false });
    expect(plain.validate(qr).issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(plain.validate(wrong).issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        expression: 'QuestionnaireResponse.item[0].item[0].answer[0].value.ofType(integer)',
      }),
    ]);
  });

  it('checks answers against a contained value set', () => {
    const system = 'http://example.org/fhir/CodeSystem/yes-no';
    const withAnswer = (code: string, coded: object = { system, code }) => ({
      resourceType: 'QuestionnaireResponse',
      status: 'in-progress',
      questionnaire: '#q',
      contained: [
        {
          resourceType: 'Questionnaire',
          id: 'q',
          status: 'active',
          item: [{ linkId: 'a', text: 'Agree?', type: 'choice', answerValueSet: '#yn' }],
        },
        {
          resourceType: 'ValueSet',
          id: 'yn',
          status: 'active',
          compose: { include: [{ system, concept: [{ code: 'y' }, { code: 'n' }] }] },
        },
      ],
      item: [{ linkId: 'a', answer: [{ valueCoding: coded }] }],
    });
    expect(errors(withAnswer('y'))).toEqual([]);
    expect(errors(withAnswer('y', { code: 'y' }))).toEqual([
      errorAt(
        'QuestionnaireResponse.item[0].answer[0].value.ofType(Coding)',
        'not in the value set #yn',
      ),
    ]);
    expect(errors(withAnswer('maybe'))).toEqual([
      errorAt(
        'QuestionnaireResponse.item[0].answer[0].value.ofType(Coding)',
        'not in the value set #yn',
      ),
    ]);
  });

  it('reports a linkId the Questionnaire does not have at that place', () => {
    const qr = response();
    qr.item[0] = {
      linkId: '1',
      item: [{ linkId: '1.1', answer: [{ valueString: 'Sam' }] }, { linkId: '2' }],
    };
    expect(errors(qr)).toEqual([
      errorAt('QuestionnaireResponse.item[0].item[1].linkId', "linkId '2' is not an item"),
    ]);
  });

  it('reports answers of the wrong type, and several answers to an item that does not repeat', () => {
    const qr = response();
    qr.item[1] = { linkId: '2', answer: [{ valueBoolean: true }, { valueBoolean: false }] };
    qr.item[2] = { linkId: '3', answer: [{ valueDecimal: 2.5 }] };
    expect(errors(qr)).toEqual([
      errorAt('QuestionnaireResponse.item[1].answer[1]', 'takes one answer, not 2'),
      errorAt(
        'QuestionnaireResponse.item[2].answer[0].value.ofType(decimal)',
        'must be of type Integer',
      ),
    ]);
  });

  it('reports a choice outside the options or the value set, and an answer over maxLength', () => {
    const qr = response();
    qr.item[0] = {
      linkId: '1',
      item: [
        { linkId: '1.1', answer: [{ valueString: 'Samantha Jane' }] },
        { linkId: '1.2', answer: [{ valueCoding: { system: OPTIONS_SYSTEM, code: 'former' } }] },
      ],
    };
    qr.item[3] = {
      linkId: '5',
      answer: [{ valueCoding: { system: 'http://example.org/fhir/CodeSystem/other', code: 'f' } }],
    };
    expect(errors(qr)).toEqual([
      errorAt('QuestionnaireResponse.item[0].item[0].answer[0].value.ofType(string)', 'allows 10'),
      errorAt(
        'QuestionnaireResponse.item[0].item[1].answer[0].value.ofType(Coding)',
        'not one of the answer options',
      ),
      errorAt(
        'QuestionnaireResponse.item[3].answer[0].value.ofType(Coding)',
        'not in the value set',
      ),
    ]);
  });

  it('reports items out of the Questionnaire order, repeated, or answering a display item', () => {
    const qr = response();
    const [first, second, third] = qr.item;
    qr.item = [second, first, third, { linkId: '4', answer: [{ valueString: 'x' }] }].filter(
      (item) => item !== undefined,
    );
    expect(errors(qr)).toEqual([
      errorAt('QuestionnaireResponse.item[1].linkId', "'1' is out of order"),
      errorAt('QuestionnaireResponse.item[3].answer', "display item '4' cannot have answers"),
    ]);
    const twice = response();
    twice.item.splice(2, 0, { linkId: '2' });
    expect(errors(twice)).toEqual(
      expect.arrayContaining([errorAt('QuestionnaireResponse.item[2].linkId', 'more than once')]),
    );
  });

  it('requires the enabled required items of a completed response, and only those', () => {
    const missing = response();
    missing.item.splice(2, 1); // item 3, enabled because item 2 is true
    missing.item[0] = {
      linkId: '1',
      item: [
        { linkId: '1.2', answer: [{ valueCoding: { system: OPTIONS_SYSTEM, code: 'never' } }] },
      ],
    };
    expect(errors(missing)).toEqual([
      errorAt('QuestionnaireResponse.item[0]', "required item '1.1' has no answer"),
      errorAt('QuestionnaireResponse', "required item '3' has no answer"),
    ]);
    const disabled = response();
    disabled.item[1] = { linkId: '2', answer: [{ valueBoolean: false }] };
    disabled.item.splice(2, 1);
    expect(errors(disabled)).toEqual([]);
    const inProgress = { ...missing, status: 'in-progress' };
    expect(errors(inProgress)).toEqual([]);
  });

  it('reports an answer to an item its enableWhen leaves disabled', () => {
    const qr = response();
    qr.item[1] = { linkId: '2', answer: [{ valueBoolean: false }] };
    expect(errors(qr)).toEqual([
      errorAt('QuestionnaireResponse.item[2].answer', 'leave it disabled'),
    ]);
  });

  it('notes a Questionnaire it cannot find, and checks nothing against it', () => {
    const qr = { ...response(), questionnaire: 'http://example.org/fhir/Questionnaire/unknown' };
    const result = validator.validate(qr);
    expect(result.ok).toBe(true);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        severity: 'information',
        expression: 'QuestionnaireResponse.questionnaire',
        diagnostics: expect.stringContaining('not known here') as unknown,
      }),
    );
  });
});
