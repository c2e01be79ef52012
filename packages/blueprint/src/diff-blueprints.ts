import type { ElementDefinition } from '@lhcr/models';
import { REQUIREMENT_LEVELS } from './model/types';
import type { Blueprint, BlueprintProfile, Requirement } from './model/types';

/**
 * The requirement fields a diff compares.
 *
 * @example
 * ```ts
 * const field: RequirementField = 'level';
 * ```
 */
export type RequirementField =
  'level' | 'category' | 'title' | 'text' | 'rationale' | 'verification' | 'links' | 'appliesTo';

/**
 * How one requirement differs between two blueprint versions.
 *
 * @example
 * ```ts
 * const change: RequirementChange = { id: 'LHCR-SRCH-05', kind: 'changed', fields: ['level'], tightened: true, loosened: false };
 * ```
 */
export interface RequirementChange {
  readonly id: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly fields: readonly RequirementField[];
  readonly before?: Requirement;
  readonly after?: Requirement;
  /** The change asks more of a server: a new MUST, a level raised, a changed MUST text. */
  readonly tightened: boolean;
  /** The change asks less: a level lowered, a requirement removed. */
  readonly loosened: boolean;
}

/**
 * One changed property of an element.
 *
 * @example
 * ```ts
 * const change: ElementPropertyChange = { property: 'min', before: '0', after: '1' };
 * ```
 */
export interface ElementPropertyChange {
  readonly property: string;
  readonly before?: string;
  readonly after?: string;
}

/**
 * How one element of a profile's differential differs between two versions.
 *
 * @example
 * ```ts
 * const change: ElementChange = { elementId: 'Patient.birthDate', kind: 'changed', changes: [{ property: 'min', before: '0', after: '1' }], tightened: true };
 * ```
 */
export interface ElementChange {
  readonly elementId: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly changes: readonly ElementPropertyChange[];
  readonly tightened: boolean;
}

/**
 * How one profile (or extension) differs between two versions.
 *
 * @example
 * ```ts
 * const change: ProfileChange = { url: 'https://example.org/fhir/StructureDefinition/X', kind: 'added', elements: [] };
 * ```
 */
export interface ProfileChange {
  readonly url: string;
  readonly name: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly elements: readonly ElementChange[];
}

/**
 * The semantic-version bump a set of changes calls for.
 *
 * @example
 * ```ts
 * const bump: VersionBump = 'major';
 * ```
 */
export type VersionBump = 'major' | 'minor' | 'patch' | 'none';

/**
 * The differences between two versions of a blueprint, and the bump they call for: tightening
 * (a new MUST, a SHOULD raised to MUST, a changed MUST text, a profile element made required or
 * must-support, a stronger binding, a new fixed value) or removing anything is `major`; new
 * SHOULD/MAY requirements, new profiles and loosening are `minor`; wording is `patch`.
 *
 * @example
 * ```ts
 * const diff: BlueprintDiff = diffBlueprints(previous, current);
 * console.log(diff.suggestedBump, diff.reasons);
 * ```
 */
export interface BlueprintDiff {
  readonly from: { readonly id: string; readonly version: string };
  readonly to: { readonly id: string; readonly version: string };
  readonly requirements: readonly RequirementChange[];
  readonly profiles: readonly ProfileChange[];
  readonly suggestedBump: VersionBump;
  readonly reasons: readonly string[];
}

const STRENGTH = ['example', 'preferred', 'extensible', 'required'];

function rank(level: Requirement['level']): number {
  return REQUIREMENT_LEVELS.length - REQUIREMENT_LEVELS.indexOf(level);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function compareRequirement(
  before: Requirement,
  after: Requirement,
): RequirementChange | undefined {
  const fields = (
    [
      'level',
      'category',
      'title',
      'text',
      'rationale',
      'verification',
      'links',
      'appliesTo',
    ] as const
  ).filter((field) => !same(before[field], after[field]));
  if (fields.length === 0) return undefined;
  const raised = rank(after.level) > rank(before.level);
  const lowered = rank(after.level) < rank(before.level);
  const mustTextChanged =
    after.level === 'MUST' && (fields.includes('text') || fields.includes('appliesTo'));
  return {
    id: after.id,
    kind: 'changed',
    fields,
    before,
    after,
    tightened: raised || mustTextChanged,
    loosened: lowered,
  };
}

/** The element properties that matter for conformance, as display strings. */
function elementFacts(element: ElementDefinition): Map<string, string> {
  const facts = new Map<string, string>();
  if (element.min !== undefined) facts.set('min', String(element.min));
  if (element.max !== undefined) facts.set('max', element.max);
  if (element.type !== undefined) {
    facts.set(
      'type',
      element.type
        .map(
          (type) =>
            `${type.code}${type.profile === undefined ? '' : `(${type.profile.join(' | ')})`}${type.targetProfile === undefined ? '' : `->(${type.targetProfile.join(' | ')})`}`,
        )
        .join(', '),
    );
  }
  if (element.binding !== undefined) {
    facts.set('binding', `${element.binding.strength} ${element.binding.valueSet ?? ''}`.trim());
  }
  if (element.mustSupport !== undefined) facts.set('mustSupport', String(element.mustSupport));
  for (const [key, value] of Object.entries(element)) {
    if (/^(fixed|pattern)[A-Z]/.test(key)) facts.set(key, JSON.stringify(value));
  }
  if (element.slicing !== undefined) {
    facts.set(
      'slicing',
      `${(element.slicing.discriminator ?? []).map((d) => `${d.type}:${d.path}`).join(', ')} ${element.slicing.rules}`,
    );
  }
  return facts;
}

function maxValue(max: string | undefined): number {
  if (max === undefined || max === '*') return Number.POSITIVE_INFINITY;
  return Number(max);
}

function isTightening(
  property: string,
  before: string | undefined,
  after: string | undefined,
): boolean {
  switch (property) {
    case 'min':
      return Number(after ?? '0') > Number(before ?? '0');
    case 'max':
      return maxValue(after) < maxValue(before);
    case 'mustSupport':
      return after === 'true' && before !== 'true';
    case 'binding': {
      const strength = (text: string | undefined): number =>
        STRENGTH.indexOf(text?.split(' ')[0] ?? '');
      return (
        strength(after) > strength(before) ||
        (after !== undefined && before !== undefined && after !== before && strength(after) >= 2)
      );
    }
    case 'type':
      return after !== undefined;
    default:
      return /^(fixed|pattern)/.test(property) ? after !== undefined : property === 'slicing';
  }
}

function compareElements(
  before: readonly ElementDefinition[],
  after: readonly ElementDefinition[],
): ElementChange[] {
  const key = (element: ElementDefinition): string => element.id ?? element.path;
  const old = new Map(before.map((element) => [key(element), element]));
  const changes: ElementChange[] = [];
  for (const element of after) {
    const previous = old.get(key(element));
    old.delete(key(element));
    const newFacts = elementFacts(element);
    if (previous === undefined) {
      changes.push({
        elementId: key(element),
        kind: 'added',
        changes: [...newFacts].map(([property, value]) => ({ property, after: value })),
        tightened: [...newFacts].some(([property, value]) =>
          isTightening(property, undefined, value),
        ),
      });
      continue;
    }
    const oldFacts = elementFacts(previous);
    const properties = new Set([...oldFacts.keys(), ...newFacts.keys()]);
    const propertyChanges: ElementPropertyChange[] = [];
    for (const property of properties) {
      const was = oldFacts.get(property);
      const now = newFacts.get(property);
      if (was !== now) {
        propertyChanges.push({
          property,
          ...(was === undefined ? {} : { before: was }),
          ...(now === undefined ? {} : { after: now }),
        });
      }
    }
    if (propertyChanges.length > 0) {
      changes.push({
        elementId: key(element),
        kind: 'changed',
        changes: propertyChanges,
        tightened: propertyChanges.some((change) =>
          isTightening(change.property, change.before, change.after),
        ),
      });
    }
  }
  for (const [id, element] of old) {
    changes.push({
      elementId: id,
      kind: 'removed',
      changes: [...elementFacts(element)].map(([property, value]) => ({ property, before: value })),
      tightened: false,
    });
  }
  return changes;
}

function compareProfiles(
  before: readonly BlueprintProfile[],
  after: readonly BlueprintProfile[],
): ProfileChange[] {
  const old = new Map(before.map((profile) => [profile.url, profile]));
  const changes: ProfileChange[] = [];
  for (const profile of after) {
    const previous = old.get(profile.url);
    old.delete(profile.url);
    const name = profile.resource.title ?? profile.resource.name;
    if (previous === undefined) {
      changes.push({ url: profile.url, name, kind: 'added', elements: [] });
      continue;
    }
    const elements = compareElements(
      previous.resource.differential?.element ?? [],
      profile.resource.differential?.element ?? [],
    );
    const baseChanged = previous.resource.baseDefinition !== profile.resource.baseDefinition;
    if (elements.length > 0 || baseChanged) {
      changes.push({
        url: profile.url,
        name,
        kind: 'changed',
        elements: baseChanged
          ? [
              {
                elementId: profile.type,
                kind: 'changed',
                changes: [
                  {
                    property: 'baseDefinition',
                    ...(previous.resource.baseDefinition === undefined
                      ? {}
                      : { before: previous.resource.baseDefinition }),
                    ...(profile.resource.baseDefinition === undefined
                      ? {}
                      : { after: profile.resource.baseDefinition }),
                  },
                ],
                tightened: true,
              },
              ...elements,
            ]
          : elements,
      });
    }
  }
  for (const [url, profile] of old) {
    changes.push({
      url,
      name: profile.resource.title ?? profile.resource.name,
      kind: 'removed',
      elements: [],
    });
  }
  return changes;
}

/**
 * Compares two versions of a blueprint: requirements added, removed and changed (with the
 * fields that changed and whether the change tightens or loosens), profiles and extensions added,
 * removed and changed element by element (cardinality, types, bindings, must-support, fixed and
 * pattern values, slicing), and the semantic-version bump the changes call for. Tightening a
 * MUST is major.
 *
 * @example
 * ```ts
 * const diff = diffBlueprints(await assertBlueprint('./v1'), await assertBlueprint('./v2'));
 * for (const change of diff.requirements) console.log(change.kind, change.id, change.fields.join(', '));
 * console.log(`suggested bump: ${diff.suggestedBump}`);
 * ```
 */
export function diffBlueprints(older: Blueprint, newer: Blueprint): BlueprintDiff {
  const oldRequirements = new Map(
    older.requirements.map((requirement) => [requirement.id, requirement]),
  );
  const requirements: RequirementChange[] = [];
  for (const requirement of newer.requirements) {
    const previous = oldRequirements.get(requirement.id);
    oldRequirements.delete(requirement.id);
    if (previous === undefined) {
      requirements.push({
        id: requirement.id,
        kind: 'added',
        fields: [],
        after: requirement,
        tightened: requirement.level === 'MUST',
        loosened: false,
      });
    } else {
      const change = compareRequirement(previous, requirement);
      if (change !== undefined) requirements.push(change);
    }
  }
  for (const [id, requirement] of oldRequirements) {
    requirements.push({
      id,
      kind: 'removed',
      fields: [],
      before: requirement,
      tightened: false,
      loosened: true,
    });
  }
  const profiles = [
    ...compareProfiles(older.profiles, newer.profiles),
    ...compareProfiles(older.extensions, newer.extensions),
  ];

  const reasons: string[] = [];
  for (const change of requirements) {
    if (change.kind === 'added' && change.tightened)
      reasons.push(`major: new MUST requirement ${change.id}`);
    else if (change.kind === 'removed') reasons.push(`major: requirement ${change.id} removed`);
    else if (change.tightened)
      reasons.push(`major: ${change.id} tightened (${change.fields.join(', ')})`);
    else if (change.kind === 'added')
      reasons.push(`minor: new ${change.after?.level ?? ''} requirement ${change.id}`);
    else if (change.loosened) reasons.push(`minor: ${change.id} loosened (level lowered)`);
    else if (
      change.fields.some(
        (field) =>
          field === 'text' ||
          field === 'category' ||
          field === 'verification' ||
          field === 'appliesTo',
      )
    )
      reasons.push(`minor: ${change.id} changed (${change.fields.join(', ')})`);
    else reasons.push(`patch: ${change.id} reworded (${change.fields.join(', ')})`);
  }
  for (const change of profiles) {
    if (change.kind === 'removed') reasons.push(`major: profile ${change.url} removed`);
    else if (change.kind === 'added') reasons.push(`minor: profile ${change.url} added`);
    else if (change.elements.some((element) => element.tightened))
      reasons.push(`major: profile ${change.url} tightened`);
    else reasons.push(`minor: profile ${change.url} changed`);
  }
  const order: VersionBump[] = ['major', 'minor', 'patch'];
  const suggestedBump =
    order.find((bump) => reasons.some((reason) => reason.startsWith(`${bump}:`))) ?? 'none';
  return {
    from: { id: older.id, version: older.version },
    to: { id: newer.id, version: newer.version },
    requirements,
    profiles,
    suggestedBump,
    reasons,
  };
}
