import { PURPOSE_OF_USE_CODES } from '../generated/purpose-of-use';
import {
  DATA_ORIGINS,
  IDENTIFIABILITY_LEVELS,
  LEGAL_BASES,
  LOCAL_DISSENT_STATES,
  NATIONAL_OPT_OUT_STATES,
  NHS_NUMBER_PRESENCE,
  PURPOSE_CATEGORIES,
  PURPOSE_CODES,
  TYPE1_STATES,
} from '../vocabulary';

/**
 * The `$id` of the opt-out policy JSON Schema.
 *
 * @example
 * ```ts
 * const document = { $schema: OPTOUT_POLICY_SCHEMA_ID, id: 'x', version: '1.0.0', rules: [] };
 * ```
 */
export const OPTOUT_POLICY_SCHEMA_ID = 'urn:lhcr:schema:optout-policy:1';

function list(values: readonly string[], description: string): Record<string, unknown> {
  return {
    type: 'array',
    description,
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', enum: [...values] },
  };
}

const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * The JSON Schema (draft-07) of an opt-out policy document. `schema/optout-policy.schema.json`
 * in the published package is written from this object (`npm run generate`), so the two never
 * differ; {@link parseOptOutPolicy} validates against it, then checks what a schema cannot
 * (unique rule ids, known reason placeholders, direct care never denied on the national data
 * opt-out or Type 1).
 *
 * @example
 * ```ts
 * const ajv = new Ajv();
 * ajv.validate(OPTOUT_POLICY_SCHEMA, document);
 * ```
 */
export const OPTOUT_POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: OPTOUT_POLICY_SCHEMA_ID,
  title: 'lhcr opt-out policy',
  description:
    'A versioned first-match decision table for national data opt-out, Type 1 and local dissent decisions. See the @lhcr/optout README.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'rules'],
  properties: {
    $schema: { type: 'string' },
    id: {
      type: 'string',
      description: 'Stable identifier of the policy.',
      pattern: '^[a-z0-9][a-z0-9.-]{0,99}$',
    },
    version: {
      type: 'string',
      description: 'Semantic version of the policy.',
      pattern: '^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?$',
    },
    title: { type: 'string', maxLength: 200 },
    description: { type: 'string', maxLength: 10000 },
    registers: {
      type: 'object',
      additionalProperties: false,
      description: 'Maximum register ages, in days, after which register states count as stale.',
      properties: {
        nationalOptOut: { $ref: '#/definitions/ageLimit' },
        type1: { $ref: '#/definitions/ageLimit' },
        localDissent: { $ref: '#/definitions/ageLimit' },
      },
    },
    rules: {
      type: 'array',
      description: 'The decision table, first match wins.',
      minItems: 1,
      maxItems: 1000,
      items: { $ref: '#/definitions/rule' },
    },
  },
  definitions: {
    ageLimit: {
      type: 'object',
      additionalProperties: false,
      required: ['maxAgeDays'],
      properties: { maxAgeDays: { type: 'integer', minimum: 0, maximum: 36500 } },
    },
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'effect', 'reasons'],
      properties: {
        id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$' },
        description: { type: 'string', maxLength: 2000 },
        references: { type: 'array', items: { type: 'string', maxLength: 500 } },
        when: {
          type: ['object', 'array'],
          if: { type: 'array' },
          then: { minItems: 1, maxItems: 100, items: { $ref: '#/definitions/condition' } },
          else: { $ref: '#/definitions/condition' },
        },
        effect: { type: 'string', enum: ['permit', 'deny'] },
        reasons: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
    },
    condition: {
      type: 'object',
      additionalProperties: false,
      properties: {
        purpose: list(PURPOSE_CODES, 'lhcr purposes of use'),
        purposeCategory: list(PURPOSE_CATEGORIES, 'direct-care or secondary'),
        purposeOfUse: list(
          Object.keys(PURPOSE_OF_USE_CODES),
          'HL7 v3 PurposeOfUse codes; a request matches a listed code or any of its descendants',
        ),
        basis: list(LEGAL_BASES, 'legal bases or exemptions'),
        identifiability: list(IDENTIFIABILITY_LEVELS, 'identifiability of the data'),
        origin: list(DATA_ORIGINS, 'origin of the data'),
        nhsNumber: list(NHS_NUMBER_PRESENCE, 'whether the NHS number is known'),
        nationalOptOut: list(NATIONAL_OPT_OUT_STATES, 'national data opt-out states'),
        type1: list(TYPE1_STATES, 'Type 1 states'),
        localDissent: list(LOCAL_DISSENT_STATES, 'local dissent states'),
        date: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            onOrAfter: { type: 'string', pattern: ISO_DATE_PATTERN },
            before: { type: 'string', pattern: ISO_DATE_PATTERN },
          },
        },
      },
    },
  },
} as const;
