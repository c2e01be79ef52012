import type { ScopeRule } from '../blueprint-rules';

/** A SMART permission letter (v2): create, read, update, delete, search. */
type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** A system scope the server understands (SMART v1 `.read`/`.write`/`.*` or v2 `.cruds`). */
export interface ParsedScope {
  readonly text: string;
  /** A resource type or `*`. */
  readonly type: string;
  readonly permissions: ReadonlySet<Permission>;
}

const V1: Readonly<Record<string, readonly Permission[]>> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/**
 * Parses `system/<Type|*>.<read|write|*>` or `system/<Type|*>.<cruds letters>`; `undefined` for
 * anything else (patient and user scopes, granular v2 scopes with a query).
 */
export function parseScope(text: string): ParsedScope | undefined {
  const match = /^system\/([A-Z][A-Za-z]+|\*)\.([a-z*]+)$/.exec(text);
  if (match === null) return undefined;
  const [, type, access] = match as unknown as [string, string, string];
  const v1 = V1[access];
  if (v1 !== undefined) return { text, type, permissions: new Set(v1) };
  if (!/^c?r?u?d?s?$/.test(access) || access === '') return undefined;
  return { text, type, permissions: new Set(access.split('') as Permission[]) };
}

/** Whether a registered scope covers a requested one. */
export function scopeCovers(registered: ParsedScope, requested: ParsedScope): boolean {
  if (registered.type !== '*' && registered.type !== requested.type) return false;
  for (const permission of requested.permissions) {
    if (!registered.permissions.has(permission)) return false;
  }
  return true;
}

/** What a request does, in the vocabulary of scopes. */
export type Interaction =
  | 'read'
  | 'vread'
  | 'history'
  | 'search'
  | 'create'
  | 'update'
  | 'delete'
  | 'everything'
  | 'export';

const NEEDS: Readonly<Record<Interaction, readonly Permission[]>> = {
  read: ['r'],
  vread: ['r'],
  history: ['r'],
  search: ['s'],
  create: ['c'],
  update: ['u'],
  delete: ['d'],
  everything: ['r', 's'],
  export: ['r', 's'],
};

/** The interaction names the blueprint's scope rules use. */
function ruleInteraction(interaction: Interaction): string | undefined {
  switch (interaction) {
    case 'read':
    case 'vread':
    case 'history':
      return 'read';
    case 'search':
      return 'search';
    case 'everything':
      return 'everything';
    case 'export':
      return 'export';
    case 'create':
    case 'update':
    case 'delete':
      return undefined;
  }
}

/**
 * Whether the granted scopes allow `interaction` on `type` for `purpose` (LHCR-SEC-04,
 * LHCR-SEC-06). A read-side scope is also held to the blueprint's rule for its `.read` form:
 * the interactions it lists and the purposes it allows (`system/Patient.read` for TREAT and
 * ETREAT, `system/*.read` for secondary purposes and `$export` only). Exports need a scope on
 * every type (`*`). Write scopes have no purpose rule.
 */
export function scopesAllow(
  granted: readonly ParsedScope[],
  rules: readonly ScopeRule[],
  type: string,
  interaction: Interaction,
  purpose: string,
): boolean {
  const needs = NEEDS[interaction];
  const ruleName = ruleInteraction(interaction);
  return granted.some((scope) => {
    if (interaction === 'export' ? scope.type !== '*' : scope.type !== '*' && scope.type !== type) {
      return false;
    }
    if (!needs.every((permission) => scope.permissions.has(permission))) return false;
    if (ruleName === undefined) return true;
    const rule = rules.find((candidate) => candidate.scope === `system/${scope.type}.read`);
    if (rule === undefined) return ruleName === 'read' || ruleName === 'search';
    if (!rule.interactions.includes(ruleName)) return false;
    if (!rule.resourceTypes.includes('*') && !rule.resourceTypes.includes(type)) return false;
    return rule.purposes === undefined || rule.purposes.includes(purpose);
  });
}
