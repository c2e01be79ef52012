import type { ValueSetExpansion } from '../model/r4-model-types';
import { hasCodeIn } from '../terminology/check-binding';
import { expandValueSet } from '../terminology/expand-value-set';
import { resolveCanonical } from './references';
import type { ResourceFinding } from './resource-rules';
import type { JsonObject, ValidationRun } from './run';
import { isJsonObject } from './run';

/** The answer value types each item type takes (R4 Questionnaire.item.type). */
const ANSWER_TYPES: Readonly<Record<string, readonly string[]>> = {
  boolean: ['Boolean'],
  decimal: ['Decimal'],
  integer: ['Integer'],
  date: ['Date'],
  dateTime: ['DateTime'],
  time: ['Time'],
  string: ['String'],
  text: ['String'],
  url: ['Uri'],
  choice: ['Coding'],
  'open-choice': ['Coding', 'String'],
  attachment: ['Attachment'],
  reference: ['Reference'],
  quantity: ['Quantity'],
};

/** Statuses of a response its author says is finished: required answers must be there. */
const FINISHED = new Set(['completed', 'amended']);

interface Context {
  readonly run: ValidationRun;
  readonly response: JsonObject;
  readonly questionnaire: JsonObject;
  readonly finished: boolean;
  readonly findings: ResourceFinding[];
}

/**
 * Checks a QuestionnaireResponse against its Questionnaire, when the Questionnaire can be found
 * here (contained, or in the loaded definitions): every item's linkId is an item of the
 * Questionnaire at that place, in the Questionnaire's order; answers have the item's type, are
 * single unless the item repeats, come from the item's options or required value set, and keep
 * to its maxLength; groups and display items have no answers; and, once the response is
 * completed, required items that are enabled are answered and items that are not enabled are
 * not. A Questionnaire that cannot be found is noted (information): nothing is checked then.
 *
 * @see https://hl7.org/fhir/R4/questionnaireresponse.html
 * @example
 * checkQuestionnaireResponse(response, run)[0]?.diagnostics; // "The item linkId '1.1' is not an item of the questionnaire …"
 */
export function checkQuestionnaireResponse(
  response: JsonObject,
  run: ValidationRun,
): ResourceFinding[] {
  const canonical = response.questionnaire;
  if (typeof canonical !== 'string') return [];
  const questionnaire = resolveCanonical(canonical, run, 'Questionnaire');
  if (questionnaire === undefined) {
    return [
      {
        pointer: '/questionnaire',
        severity: 'information',
        code: 'not-found',
        diagnostics: `The questionnaire ${canonical} is not known here, so the answers were not checked against it`,
      },
    ];
  }
  const context: Context = {
    run,
    response,
    questionnaire,
    finished: typeof response.status === 'string' && FINISHED.has(response.status),
    findings: [],
  };
  checkItems(context, objects(response.item), objects(questionnaire.item), '');
  return context.findings;
}

/** Checks the response items of one level against the questionnaire items of that level. */
function checkItems(
  context: Context,
  items: readonly JsonObject[],
  definitions: readonly JsonObject[],
  pointer: string,
): void {
  let lastPosition = -1;
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const where = `${pointer}/item/${String(i)}`;
    const linkId = item.linkId;
    if (typeof linkId !== 'string') return;
    const position = definitions.findIndex((d) => d.linkId === linkId);
    const definition = definitions[position];
    if (definition === undefined) {
      context.findings.push(
        finding(
          `${where}/linkId`,
          'error',
          'structure',
          `The item linkId '${linkId}' is not an item of the questionnaire at this place`,
        ),
      );
      return;
    }
    if (position < lastPosition) {
      context.findings.push(
        finding(
          `${where}/linkId`,
          'error',
          'structure',
          `The item '${linkId}' is out of order: items follow the questionnaire's order`,
        ),
      );
    }
    lastPosition = Math.max(lastPosition, position);
    const count = (seen.get(linkId) ?? 0) + 1;
    seen.set(linkId, count);
    if (count === 2 && !(definition.type === 'group' && definition.repeats === true)) {
      context.findings.push(
        finding(
          `${where}/linkId`,
          'error',
          'structure',
          `The item '${linkId}' appears more than once: only a repeating group may (repeated answers go in one item's answer list)`,
        ),
      );
    }
    checkItem(context, item, definition, where);
  });
  for (const definition of definitions) checkPresence(context, items, definition, pointer);
}

function checkItem(
  context: Context,
  item: JsonObject,
  definition: JsonObject,
  where: string,
): void {
  const type = typeof definition.type === 'string' ? definition.type : undefined;
  const answers = objects(item.answer);
  const linkId = String(item.linkId);
  if ((type === 'group' || type === 'display') && answers.length > 0) {
    context.findings.push(
      finding(
        `${where}/answer`,
        'error',
        'structure',
        `The ${type} item '${linkId}' cannot have answers`,
      ),
    );
  } else if (answers.length > 1 && definition.repeats !== true) {
    context.findings.push(
      finding(
        `${where}/answer/1`,
        'error',
        'structure',
        `The item '${linkId}' does not repeat, so it takes one answer, not ${String(answers.length)}`,
      ),
    );
  }
  if (type === 'display' && item.item !== undefined) {
    context.findings.push(
      finding(
        `${where}/item`,
        'error',
        'structure',
        `The display item '${linkId}' cannot have items`,
      ),
    );
  }
  if (context.finished && enabled(context, definition) === false && answers.length > 0) {
    context.findings.push(
      finding(
        `${where}/answer`,
        'error',
        'business-rule',
        `The item '${linkId}' is answered, but its enableWhen conditions leave it disabled`,
      ),
    );
  }
  const children = objects(definition.item);
  answers.forEach((answer, a) => {
    const at = `${where}/answer/${String(a)}`;
    if (type !== undefined && type !== 'group' && type !== 'display') {
      checkAnswer(context, answer, definition, type, at);
    }
    if (answer.item !== undefined) checkItems(context, objects(answer.item), children, at);
  });
  if (item.item !== undefined) checkItems(context, objects(item.item), children, where);
}

function checkAnswer(
  context: Context,
  answer: JsonObject,
  definition: JsonObject,
  type: string,
  at: string,
): void {
  const key = Object.keys(answer).find((k) => k.startsWith('value'));
  if (key === undefined) return;
  const valueType = key.slice('value'.length);
  const options = objects(definition.answerOption);
  const optionTypes = options.flatMap((o) =>
    Object.keys(o)
      .filter((k) => k.startsWith('value'))
      .map((k) => k.slice('value'.length)),
  );
  const allowed = new Set([...(ANSWER_TYPES[type] ?? []), ...optionTypes]);
  if (ANSWER_TYPES[type] !== undefined && !allowed.has(valueType)) {
    context.findings.push(
      finding(
        `${at}/${key}`,
        'error',
        'structure',
        `The answer to the ${type} item '${String(definition.linkId)}' must be of type ${[...allowed].join(' or ')}, not ${valueType}`,
      ),
    );
    return;
  }
  const value = answer[key];
  if (type === 'choice' && options.length > 0 && !options.some((o) => sameAnswer(o[key], value))) {
    context.findings.push(
      finding(
        `${at}/${key}`,
        'error',
        'code-invalid',
        `The answer is not one of the answer options of the item '${String(definition.linkId)}'`,
      ),
    );
  }
  const valueSet = definition.answerValueSet;
  if (type === 'choice' && valueType === 'Coding' && typeof valueSet === 'string') {
    const expansion = answerExpansion(context, valueSet);
    // A code without its system means nothing, so it is in no value set (as the reference
    // validator reads answers).
    const systemless = isJsonObject(value) && value.system === undefined;
    if (
      (expansion?.complete === true && systemless) ||
      hasCodeIn('Coding', value, expansion) === false
    ) {
      context.findings.push(
        finding(
          `${at}/${key}`,
          'error',
          'code-invalid',
          `The answer is not in the value set ${valueSet} of the item '${String(definition.linkId)}'`,
        ),
      );
    }
  }
  const maxLength = definition.maxLength;
  if (typeof value === 'string' && typeof maxLength === 'number' && value.length > maxLength) {
    context.findings.push(
      finding(
        `${at}/${key}`,
        'error',
        'too-long',
        `The answer is ${String(value.length)} characters long; the item '${String(definition.linkId)}' allows ${String(maxLength)}`,
      ),
    );
  }
}

/**
 * The expansion of an item's answer value set: one of the loaded definitions, or a contained one
 * (`#vs`, in the Questionnaire or, for a contained Questionnaire, in the response beside it)
 * expanded here from the code systems it can find, contained or loaded.
 */
function answerExpansion(context: Context, valueSet: string): ValueSetExpansion | undefined {
  const { host } = context.run;
  if (!valueSet.startsWith('#')) return host.expansion(valueSet.split('|')[0] ?? valueSet);
  const contained = [
    ...objects(context.questionnaire.contained),
    ...objects(context.response.contained),
  ];
  const local = (url: string, resourceType: string): JsonObject | undefined =>
    contained.find(
      (r) => r.resourceType === resourceType && (url === `#${String(r.id)}` || r.url === url),
    );
  return expandValueSet(valueSet, {
    valueSet: (url) => local(url, 'ValueSet') ?? host.canonicalResource(url, 'ValueSet'),
    codeSystem: (url) => local(url, 'CodeSystem') ?? host.canonicalResource(url, 'CodeSystem'),
  });
}

/** Reports a required item missing, or answered by nothing, from a finished response. */
function checkPresence(
  context: Context,
  items: readonly JsonObject[],
  definition: JsonObject,
  pointer: string,
): void {
  if (!context.finished || definition.required !== true) return;
  if (enabled(context, definition) !== true) return;
  const present = items.filter((i) => i.linkId === definition.linkId);
  const answered =
    definition.type === 'group' || definition.type === 'display'
      ? present.length > 0
      : present.some((i) => objects(i.answer).length > 0);
  if (!answered) {
    context.findings.push(
      finding(
        pointer,
        'error',
        'required',
        `The required item '${String(definition.linkId)}' has no ${definition.type === 'group' ? 'response' : 'answer'} in this completed response`,
      ),
    );
  }
}

/**
 * Whether a questionnaire item is enabled, by its enableWhen conditions and the answers of the
 * response: undefined where the conditions cannot be decided here.
 */
function enabled(context: Context, definition: JsonObject): boolean | undefined {
  const conditions = objects(definition.enableWhen);
  if (conditions.length === 0) return true;
  const results = conditions.map((c) => condition(context, c));
  const any = definition.enableBehavior === 'any';
  if (any ? results.includes(true) : results.every((r) => r === true)) return true;
  if (any ? results.every((r) => r === false) : results.includes(false)) return false;
  return undefined;
}

function condition(context: Context, when: JsonObject): boolean | undefined {
  if (typeof when.question !== 'string') return undefined;
  const answers = answersTo(context.response, when.question);
  const key = Object.keys(when).find((k) => k.startsWith('answer'));
  if (key === undefined) return undefined;
  const expected = when[key];
  if (when.operator === 'exists') {
    return typeof expected === 'boolean' ? answers.length > 0 === expected : undefined;
  }
  const valueKey = `value${key.slice('answer'.length)}`;
  const values = answers.map((a) => a[valueKey]).filter((v) => v !== undefined);
  switch (when.operator) {
    case '=':
      return values.some((v) => sameAnswer(expected, v));
    case '!=':
      // With no answer the reading of '!=' differs between implementations: left undecided.
      return values.length === 0 ? undefined : values.some((v) => !sameAnswer(expected, v));
    case '>':
    case '<':
    case '>=':
    case '<=':
      return compareAny(values, expected, when.operator);
    default:
      return undefined;
  }
}

/** Every answer given anywhere in the response to the item `linkId`. */
function answersTo(response: JsonObject, linkId: string): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (items: unknown): void => {
    for (const item of objects(items)) {
      const answers = objects(item.answer);
      if (item.linkId === linkId) found.push(...answers);
      for (const answer of answers) visit(answer.item);
      visit(item.item);
    }
  };
  visit(response.item);
  return found;
}

function sameAnswer(expected: unknown, actual: unknown): boolean {
  if (isJsonObject(expected) && isJsonObject(actual)) {
    if (expected.code !== undefined || actual.code !== undefined) {
      return expected.code === actual.code && expected.system === actual.system;
    }
    if (expected.reference !== undefined) return expected.reference === actual.reference;
    return expected.value === actual.value && expected.unit === actual.unit;
  }
  return expected === actual;
}

function compareAny(
  values: readonly unknown[],
  expected: unknown,
  operator: string,
): boolean | undefined {
  const comparable = (v: unknown): number | string | undefined =>
    typeof v === 'number' || typeof v === 'string'
      ? v
      : isJsonObject(v) && typeof v.value === 'number'
        ? v.value
        : undefined;
  const target = comparable(expected);
  if (target === undefined) return undefined;
  return values.some((v) => {
    const actual = comparable(v);
    if (actual === undefined || typeof actual !== typeof target) return false;
    switch (operator) {
      case '>':
        return actual > target;
      case '<':
        return actual < target;
      case '>=':
        return actual >= target;
      default:
        return actual <= target;
    }
  });
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function finding(
  pointer: string,
  severity: ResourceFinding['severity'],
  code: ResourceFinding['code'],
  diagnostics: string,
): ResourceFinding {
  return { pointer, severity, code, diagnostics };
}
