import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { checkBlueprintFile, loadBlueprint } from '@lhcr/blueprint';
import type { BlueprintIssue } from '@lhcr/blueprint';
import type { OptOutPolicy } from '@lhcr/optout';
import type { DeidPolicy } from '../policy/deid-policy';

/** The largest policy file read. */
const MAX_POLICY_BYTES = 1024 * 1024;

/**
 * A policy loaded by {@link loadDeidPolicy}: the anonymisation policy, where it came from, and,
 * for a blueprint, the blueprint's opt-out policy (to decide opt-outs by the same blueprint).
 *
 * @example
 * ```ts
 * const loaded: LoadedDeidPolicy = await loadDeidPolicy('@lhcr/blueprint-core');
 * if (loaded.ok) loaded.policy.kAnonymity.k; // 5
 * ```
 */
export type LoadedDeidPolicy =
  | {
      readonly ok: true;
      readonly policy: DeidPolicy;
      readonly source:
        | { readonly kind: 'file'; readonly file: string }
        | {
            readonly kind: 'blueprint';
            readonly id: string;
            readonly version: string;
            readonly file: string;
          };
      readonly optOutPolicy?: OptOutPolicy;
      readonly issues: readonly BlueprintIssue[];
    }
  | { readonly ok: false; readonly notFound: boolean; readonly issues: readonly BlueprintIssue[] };

const POLICY_SHAPE = /(^|\n)\s*"?pseudonymisation"?\s*:/;

/**
 * Loads an anonymisation policy in the blueprint format: a policy file (YAML or JSON, checked
 * against `@lhcr/blueprint/schema/anonymisation-policy.schema.json`), or a blueprint (its
 * folder, its manifest, or its npm package name such as `@lhcr/blueprint-core`) whose
 * `anonymisationPolicy` is taken. Every problem comes back as a located issue.
 *
 * @example
 * ```ts
 * const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
 * const loadedFile = await loadDeidPolicy('policies/planning.yaml');
 * ```
 */
export async function loadDeidPolicy(
  ref: string,
  options: { readonly from?: string } = {},
): Promise<LoadedDeidPolicy> {
  const from = options.from ?? process.cwd();
  const path = resolve(from, ref);
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    isFile = false;
  }
  if (isFile) {
    const info = await stat(path);
    if (info.size > MAX_POLICY_BYTES) {
      return {
        ok: false,
        notFound: false,
        issues: [
          {
            severity: 'error',
            code: 'policy',
            file: basename(path),
            diagnostics: `the policy file is larger than ${String(MAX_POLICY_BYTES)} bytes`,
          },
        ],
      };
    }
    const text = await readFile(path, 'utf8');
    if (POLICY_SHAPE.test(text)) {
      const checked = checkBlueprintFile(text, basename(path), 'anonymisation-policy');
      if (!checked.ok) return { ok: false, notFound: false, issues: checked.issues };
      return {
        ok: true,
        policy: { ...(checked.value as Omit<DeidPolicy, 'file'>), file: path },
        source: { kind: 'file', file: path },
        issues: [],
      };
    }
  }
  const loaded = await loadBlueprint(ref, { from });
  if (!loaded.ok) {
    return {
      ok: false,
      notFound: loaded.issues.some(
        (issue) => issue.code === 'not-found' && issue.file === undefined,
      ),
      issues: loaded.issues,
    };
  }
  const blueprint = loaded.blueprint;
  const policy = blueprint.anonymisationPolicy;
  if (policy === undefined) {
    return {
      ok: false,
      notFound: false,
      issues: [
        {
          severity: 'error',
          code: 'policy',
          file: blueprint.manifestFile,
          diagnostics: `the blueprint ${blueprint.id} ${blueprint.version} has no anonymisationPolicy`,
        },
      ],
    };
  }
  return {
    ok: true,
    policy,
    source: {
      kind: 'blueprint',
      id: blueprint.id,
      version: blueprint.version,
      file: policy.file,
    },
    ...(blueprint.optOutPolicy?.policy === undefined
      ? {}
      : { optOutPolicy: blueprint.optOutPolicy.policy }),
    issues: loaded.issues,
  };
}
