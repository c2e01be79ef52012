import { UK_CORE_EXTENSIONS } from '@lhcr/models';
import { DeidError } from '../errors';
import {
  ETHNIC_CATEGORY_SYSTEM,
  ETHNIC_GROUP_SYSTEM,
  ethnicGroupOf,
} from '../generalise/ethnic-category';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { resolveQuasiIdentifiers } from '../risk/quasi-identifiers';
import { parseElementPath } from '../transform/element-path';
import type { DeidPolicy, DeidPolicyIssue } from './deid-policy';

/**
 * Generalises the value of a policy element (`quasiIdentifiers.other[].method: generalise`): it
 * receives one de-identified value the element path selects (an Extension for
 * `Patient.extension.<name>`) and returns its generalised form, or `undefined` to remove it.
 *
 * @example
 * ```ts
 * const maritalStatus: ElementGeneraliser = (value) => value; // keep as is
 * ```
 */
export type ElementGeneraliser = (value: unknown) => unknown;

/**
 * The generalisers lhcr has built in, by policy element path:
 * `Patient.extension.ethnicCategory` maps the England ethnic category to its broad group (code
 * system {@link ETHNIC_GROUP_SYSTEM}).
 *
 * @example
 * ```ts
 * Object.keys(BUILT_IN_GENERALISERS); // ['Patient.extension.ethnicCategory']
 * ```
 */
export const BUILT_IN_GENERALISERS: Readonly<Record<string, ElementGeneraliser>> = {
  'Patient.extension.ethnicCategory': (value) => {
    if (!isRecord(value)) return undefined;
    const concept = value['valueCodeableConcept'];
    const codings = isRecord(concept) && Array.isArray(concept['coding']) ? concept['coding'] : [];
    for (const coding of codings as unknown[]) {
      if (!isRecord(coding) || typeof coding['code'] !== 'string') continue;
      if (coding['system'] !== undefined && coding['system'] !== ETHNIC_CATEGORY_SYSTEM) continue;
      const group = ethnicGroupOf(coding['code']);
      if (group === undefined) continue;
      const out: JsonObject = {
        url: UK_CORE_EXTENSIONS.ethnicCategory,
        valueCodeableConcept: { coding: [{ system: ETHNIC_GROUP_SYSTEM, code: group }] },
      };
      return out;
    }
    return undefined;
  },
};

/**
 * What {@link checkDeidPolicy} needs to know besides the policy: whether a postcode lookup is
 * given, and the names of any extra generalisers.
 *
 * @example
 * ```ts
 * const context: DeidPolicyContext = { postcodeLookup: true, generalisers: ['Patient.maritalStatus'] };
 * ```
 */
export interface DeidPolicyContext {
  readonly postcodeLookup?: boolean;
  readonly generalisers?: readonly string[];
}

/**
 * Checks that lhcr can apply a policy as written (the blueprint loader has already checked it
 * against the JSON Schema): the key length, the pseudonym encoding, what each method needs (a
 * lookup for `lsoa`, `bandYears` for `age-band`, `maxShiftDays` for `keyed-shift`, a generaliser
 * for each element to `generalise`), element paths, the small-number rule, and quasi-identifiers
 * that can be measured on Patient records. Returns every issue; errors stop a run.
 *
 * @see NHS-STANDARDS.md §5
 * @example
 * ```ts
 * const issues = checkDeidPolicy(policy, { postcodeLookup: false });
 * if (issues.some((issue) => issue.severity === 'error')) throw new Error(issues[0]!.diagnostics);
 * ```
 */
export function checkDeidPolicy(
  policy: DeidPolicy,
  context: DeidPolicyContext = {},
): DeidPolicyIssue[] {
  const issues: DeidPolicyIssue[] = [];
  const error = (path: string, diagnostics: string): void => {
    issues.push({ severity: 'error', path, diagnostics });
  };
  const warning = (path: string, diagnostics: string): void => {
    issues.push({ severity: 'warning', path, diagnostics });
  };
  const pseudonymisation = policy.pseudonymisation;
  // The schema allows only these values; a policy built in code may not have been checked.
  if ((pseudonymisation.algorithm as string) !== 'HMAC-SHA-256') {
    error('pseudonymisation.algorithm', 'expected HMAC-SHA-256');
  }
  if (pseudonymisation.key.minimumBytes < 32) {
    error('pseudonymisation.key.minimumBytes', 'expected at least 32 bytes');
  }
  const truncate = pseudonymisation.output.truncateToBytes;
  if (truncate !== undefined && (truncate < 16 || truncate > 32)) {
    error(
      'pseudonymisation.output.truncateToBytes',
      `expected 16 to 32; found ${String(truncate)}`,
    );
  }
  if (!/^https?:\/\/\S+$/.test(pseudonymisation.output.system)) {
    error('pseudonymisation.output.system', 'expected an http(s) URL');
  }
  for (const [index, text] of policy.directIdentifiers.remove.entries()) {
    const parsed = parseElementPath(text);
    if (!parsed.ok) error(`directIdentifiers.remove[${String(index)}]`, parsed.message);
  }
  if (policy.directIdentifiers.freeText === 'keep') {
    warning(
      'directIdentifiers.freeText',
      'free text is kept: string and markdown elements may hold names, addresses and NHS numbers',
    );
  }
  const quasi = policy.quasiIdentifiers;
  if (quasi.birthDate.method === 'age-band' && quasi.birthDate.bandYears === undefined) {
    error('quasiIdentifiers.birthDate.bandYears', 'age-band needs bandYears');
  }
  if (quasi.postcode.method === 'lsoa' && context.postcodeLookup !== true) {
    error(
      'quasiIdentifiers.postcode.method',
      'lsoa needs a postcode lookup (the postcodeLookup option; --postcode-lookup <csv>)',
    );
  }
  if (quasi.dates.method === 'keyed-shift' && quasi.dates.maxShiftDays === undefined) {
    error('quasiIdentifiers.dates.maxShiftDays', 'keyed-shift needs maxShiftDays');
  }
  const generalisers = new Set([
    ...Object.keys(BUILT_IN_GENERALISERS),
    ...(context.generalisers ?? []),
  ]);
  for (const [index, rule] of (quasi.other ?? []).entries()) {
    const parsed = parseElementPath(rule.element);
    if (!parsed.ok) {
      error(`quasiIdentifiers.other[${String(index)}].element`, parsed.message);
      continue;
    }
    if (rule.method === 'generalise' && !generalisers.has(rule.element)) {
      error(
        `quasiIdentifiers.other[${String(index)}].method`,
        `no generaliser for ${rule.element}: lhcr has them for ${Object.keys(BUILT_IN_GENERALISERS).join(', ')}; pass one in the generalisers option`,
      );
    }
  }
  const small = policy.smallNumbers;
  if (small.suppressTo < small.suppressFrom) {
    error(
      'smallNumbers.suppressTo',
      `expected a number >= suppressFrom (${String(small.suppressFrom)})`,
    );
  }
  if (!(small.secondarySuppression as boolean)) {
    error('smallNumbers.secondarySuppression', 'secondary suppression is always on');
  }
  if (small.rounding !== undefined && small.rounding.base < 2) {
    error('smallNumbers.rounding.base', 'expected 2 or more');
  }
  if (policy.kAnonymity.k < 2) error('kAnonymity.k', 'expected 2 or more');
  const qis = resolveQuasiIdentifiers(policy.kAnonymity.quasiIdentifiers);
  if (!qis.ok) for (const message of qis.messages) error('kAnonymity.quasiIdentifiers', message);
  for (const [index, name] of (policy.lDiversity?.sensitiveAttributes ?? []).entries()) {
    const parsed = parseElementPath(name);
    if (!parsed.ok) error(`lDiversity.sensitiveAttributes[${String(index)}]`, parsed.message);
  }
  return issues;
}

/**
 * Like {@link checkDeidPolicy}, but throws a {@link DeidError} `policy` listing the errors, and
 * returns the warnings.
 *
 * @throws {DeidError} `policy` when the policy cannot be applied.
 * @example
 * ```ts
 * const warnings = assertDeidPolicy(policy, { postcodeLookup: true });
 * ```
 */
export function assertDeidPolicy(
  policy: DeidPolicy,
  context: DeidPolicyContext = {},
): DeidPolicyIssue[] {
  const issues = checkDeidPolicy(policy, context);
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) {
    throw new DeidError(
      'policy',
      `the anonymisation policy ${policy.id} cannot be applied: ${errors.map((issue) => `${issue.path}: ${issue.diagnostics}`).join('; ')}`,
    );
  }
  return issues.filter((issue) => issue.severity === 'warning');
}
