import type { ElementDefinition } from '@lhcr/models';
import type { Schema } from '../engine/json-schemas';
import { NATIVE_CONSTRAINTS } from '../engine/native-constraint-keys';
import type { CompactModel, ConstraintModel, ElementModel } from '../model/r4-model-types';
import { fixedOrPattern } from './fixed-pattern';
import type { ProfileNode } from './profile-tree';
import { valueRangeOf } from './value-range';

/** One child element's cardinality where a profile tightens it. */
export interface CardinalityRule {
  /** The FHIRPath name (`identifier`, `value[x]`). */
  readonly element: string;
  /** Its JSON names (one, or one per allowed type of a choice). */
  readonly names: readonly string[];
  readonly min: number;
  /** -1 for `*`. */
  readonly max: number;
  /** The names of primitive forms: a `_name` extension alone makes them present. */
  readonly primitives: readonly string[];
}

/** A slicing to check at run time; the schema refers to it by its key in the table. */
export interface SlicingRule {
  readonly profile: string;
  readonly element: string;
  readonly slicing: NonNullable<ElementDefinition['slicing']>;
  readonly slices: readonly {
    readonly node: ProfileNode;
    readonly itemSchema: Schema | undefined;
  }[];
  /** The schema every item of the element is checked against, sliced or not. */
  readonly itemSchema: Schema | undefined;
}

/** What compiling needs from around it. */
export interface ProfileCompileContext {
  readonly model: CompactModel;
  /** The snapshot tree of a type profile or extension definition, for discriminators. */
  typeProfileRoot(url: string): ProfileNode | undefined;
  /** Adds a slicing to the run-time table and returns its key. */
  registerSlicing(rule: SlicingRule): string;
}

const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * Compiles a profile's snapshot tree into an overlay JSON Schema: it checks only what the
 * profile adds to the base type (which the base schemas already check), with the `fhir*`
 * profile keywords: tighter cardinality, forbidden elements and choice types, fixed and pattern
 * values, bindings, added invariants, type and target profiles, and slicing.
 *
 * @example
 * const schema = compileProfileSchema(tree, 'Patient', 'UKCore-Patient', context);
 * const validate = profileAjv.compile(schema);
 */
export function compileProfileSchema(
  root: ProfileNode,
  typeKey: string,
  profile: string,
  context: ProfileCompileContext,
): Schema {
  const base = context.model.types[typeKey];
  const rootConstraints = new Set((base?.constraints ?? []).map((c) => c.key));
  return nodeSchema(root, typeKey, profile, context, rootConstraints, true) ?? {};
}

/** The checks of one element on its item value, and of its children. Undefined when none. */
function nodeSchema(
  node: ProfileNode,
  typeKey: string,
  profile: string,
  context: ProfileCompileContext,
  baseConstraints: ReadonlySet<string>,
  isRoot: boolean,
  baseElement?: ElementModel,
): Schema | undefined {
  const schema: Schema = {};
  const definition = node.definition;
  const { model } = context;
  const primitive = model.primitives[typeKey] !== undefined;

  if (!isRoot) {
    const value = fixedOrPattern(definition);
    if (value !== undefined) {
      schema[value.kind === 'fixed' ? 'fhirFixed' : 'fhirPattern'] = {
        profile,
        value: value.value,
      };
    }
    const binding = definition.binding;
    if (
      binding?.valueSet !== undefined &&
      (baseElement?.binding?.valueSet !== stripVersion(binding.valueSet) ||
        baseElement.binding.strength !== binding.strength)
    ) {
      schema.fhirProfileBinding = {
        profile,
        strength: binding.strength,
        valueSet: stripVersion(binding.valueSet),
        type: typeKey,
      };
    }
    const range = valueRangeOf(definition, profile);
    if (range !== undefined) schema.fhirValueRange = range;
    if (
      definition.maxLength !== undefined &&
      primitive &&
      (baseElement?.maxLength === undefined || definition.maxLength < baseElement.maxLength)
    ) {
      schema.maxLength = definition.maxLength;
    }
    // A value need conform to only one of its type's profiles: one that is the type's own base
    // definition (au-address or Address) asks for nothing the base schemas do not check.
    const typeProfiles = (definition.type ?? [])
      .filter((t) => t.code !== 'Extension')
      .map((t) => t.profile ?? [])
      .filter((urls) => !urls.some((p) => p.startsWith(CORE_PREFIX) && isCoreTypeUrl(p, model)))
      .flat();
    if (typeProfiles.length > 0) schema.fhirTypeProfiles = { profile, urls: typeProfiles };
    const targets = (definition.type ?? []).flatMap((t) => t.targetProfile ?? []);
    if (targets.length > 0 && !sameTargets(targets, baseElement?.targets)) {
      schema.fhirTargetProfiles = { profile, urls: targets };
    }
  }

  const added = (definition.constraint ?? []).filter(
    (c) =>
      c.expression !== undefined &&
      !NATIVE_CONSTRAINTS.has(c.key) &&
      !baseConstraints.has(c.key) &&
      !(baseElement?.constraints ?? []).some((b) => b.key === c.key),
  );
  if (added.length > 0) {
    schema.fhirProfileInvariants = {
      profile,
      context: typeKey,
      ...(primitive ? { primitive: true } : {}),
      constraints: added.map((c): ConstraintModel => ({
        key: c.key,
        severity: c.severity,
        human: c.human,
        expression: c.expression ?? '',
        ...(c.source === undefined ? {} : { source: c.source }),
      })),
    };
  }

  if (!primitive) addChildren(schema, node, typeKey, profile, context);
  return Object.keys(schema).length === 0 ? undefined : schema;
}

function addChildren(
  schema: Schema,
  node: ProfileNode,
  typeKey: string,
  profile: string,
  context: ProfileCompileContext,
): void {
  const { model } = context;
  const elements = model.types[typeKey]?.elements ?? [];
  const properties: Record<string, Schema> = {};
  const cardinality: CardinalityRule[] = [];
  const forbidden: { name: string; reason: string; element?: string }[] = [];

  for (const child of node.children) {
    const isChoice = child.name.endsWith('[x]');
    const stem = isChoice ? child.name.slice(0, -3) : child.name;
    const bases = elements.filter((e) =>
      isChoice ? e.choice?.element === stem : e.name === child.name,
    );
    const first = bases[0];
    if (first === undefined) continue;
    const definition = child.definition;
    const allowed = new Set((definition.type ?? []).map((t) => t.code));
    const forms = isChoice
      ? bases.filter(
          (e) => allowed.size === 0 || allowed.has(e.type) || allowed.has(e.choice?.type ?? ''),
        )
      : bases;
    // An element occurs at least as often as its required slices together.
    const sliceMins = isChoice ? 0 : child.slices.reduce((n, s) => n + (s.definition.min ?? 0), 0);
    const min = Math.max(definition.min ?? first.min, sliceMins);
    const max = parseMax(definition.max, first.max);
    const formNames = forms.map((e) => e.name);

    if (isChoice) {
      for (const e of bases) {
        if (!forms.includes(e)) {
          forbidden.push({
            name: e.name,
            reason: `${stem}[x] may not be a ${e.choice?.type ?? e.type} here`,
          });
        }
      }
    }
    if (max === 0) {
      for (const name of formNames)
        forbidden.push({
          name,
          element: child.name,
          reason: 'maximum allowed = 0, but found 1 or more',
        });
      continue;
    }
    // Type slices of a choice (`value[x]:valueQuantity`) constrain one form each.
    const typeSlices = isChoice ? child.slices : [];
    for (const slice of typeSlices) {
      const code = slice.definition.type?.[0]?.code;
      const form = forms.find((e) => e.choice?.type === code);
      if (form === undefined) continue;
      if ((slice.definition.min ?? 0) >= 1) {
        cardinality.push({
          element: child.name,
          names: [form.name],
          min: 1,
          max: 1,
          primitives: model.primitives[form.type] === undefined ? [] : [form.name],
        });
      }
      if (slice.definition.max === '0')
        forbidden.push({
          name: form.name,
          reason: `${child.name} may not be a ${code ?? ''} here`,
        });
    }
    if (min > first.min || (max !== -1 && (first.max === -1 || max < first.max))) {
      const primitives = forms.filter((e) => model.primitives[e.type] !== undefined);
      cardinality.push({
        element: child.name,
        names: formNames,
        min,
        max,
        primitives: primitives.map((e) => e.name),
      });
    }

    for (const form of forms) {
      const itemTypeKey = form.type;
      const sliceForForm = typeSlices.find(
        (s) => s.definition.type?.[0]?.code === form.choice?.type,
      );
      const own = nodeSchema(child, itemTypeKey, profile, context, new Set(), false, form);
      const fromSlice =
        sliceForForm === undefined
          ? undefined
          : nodeSchema(sliceForForm, itemTypeKey, profile, context, new Set(), false, form);
      const itemSchema = merge(own, fromSlice);
      const sliced = !isChoice && child.slices.length > 0 && definition.slicing !== undefined;
      let property: Schema | undefined;
      if (sliced) {
        const key = context.registerSlicing({
          profile,
          element: child.name,
          slicing: definition.slicing as NonNullable<ElementDefinition['slicing']>,
          slices: child.slices.map((s) => ({
            node: s,
            itemSchema: nodeSchema(s, itemTypeKey, profile, context, new Set(), false, form),
          })),
          itemSchema,
        });
        property = { fhirSlicing: key };
      } else if (itemSchema !== undefined) {
        property = form.array ? { type: 'array', items: itemSchema } : itemSchema;
      }
      if (property !== undefined) properties[form.name] = property;
      // Constraints on a primitive's extensions live on its `_name` object.
      if (model.primitives[itemTypeKey] !== undefined && child.children.length > 0) {
        const extensions = nodeSchema(child, 'Element', profile, context, new Set(), false);
        const onElement = extensions === undefined ? undefined : stripItemChecks(extensions);
        if (onElement !== undefined) {
          properties[`_${form.name}`] = form.array
            ? { type: 'array', items: { if: { type: 'object' }, then: onElement } }
            : onElement;
        }
      }
    }
  }
  if (Object.keys(properties).length > 0) schema.properties = properties;
  if (cardinality.length > 0) schema.fhirCardinality = { profile, rules: cardinality };
  if (forbidden.length > 0) schema.fhirForbidden = { profile, names: forbidden };
}

/** Keeps the child checks of an element's schema, dropping those on the element's own value. */
function stripItemChecks(schema: Schema): Schema | undefined {
  const out: Schema = {};
  // A primitive's own invariants are evaluated on its value, which FHIRPath sees with `_name`.
  for (const key of ['properties', 'fhirCardinality', 'fhirForbidden']) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function merge(a: Schema | undefined, b: Schema | undefined): Schema | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { allOf: [a, b] };
}

function parseMax(max: string | undefined, base: number): number {
  if (max === undefined) return base;
  return max === '*' ? -1 : Number(max);
}

function stripVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

function isCoreTypeUrl(url: string, model: CompactModel): boolean {
  const name = url.slice(CORE_PREFIX.length);
  return model.types[name] !== undefined || model.primitives[name] !== undefined;
}

function sameTargets(targets: readonly string[], base: readonly string[] | undefined): boolean {
  const names = targets.map((t) => (t.startsWith(CORE_PREFIX) ? t.slice(CORE_PREFIX.length) : t));
  if (base === undefined) return names.every((n) => n === 'Resource');
  return names.length === base.length && names.every((n) => base.includes(n));
}
