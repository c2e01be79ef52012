import type { AnonymisationPolicy } from '@lhcr/blueprint';

/**
 * An anonymisation policy in the blueprint format (`@lhcr/blueprint`'s `AnonymisationPolicy`,
 * schema `@lhcr/blueprint/schema/anonymisation-policy.schema.json`); `file` is optional so a
 * policy can be built in code. `blueprint.anonymisationPolicy` is one.
 *
 * @see NHS-STANDARDS.md §5
 * @example
 * ```ts
 * const policy: DeidPolicy = blueprint.anonymisationPolicy!;
 * policy.kAnonymity.k; // 5
 * ```
 */
export type DeidPolicy = Omit<AnonymisationPolicy, 'file'> & { readonly file?: string };

/**
 * A problem with applying a policy: `path` is the policy field (`quasiIdentifiers.postcode.method`),
 * `diagnostics` says what is wrong and what was expected.
 *
 * @example
 * ```ts
 * const issue: DeidPolicyIssue = {
 *   severity: 'error',
 *   path: 'quasiIdentifiers.postcode.method',
 *   diagnostics: 'lsoa needs a postcode lookup (postcodeLookup option, --postcode-lookup)',
 * };
 * ```
 */
export interface DeidPolicyIssue {
  readonly severity: 'error' | 'warning';
  readonly path: string;
  readonly diagnostics: string;
}
