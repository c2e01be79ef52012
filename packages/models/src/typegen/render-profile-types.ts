import { buildElementTree, descendants, groupChildren } from './internal/element-tree';
import type { ElementGroup, ElementNode } from './internal/element-tree';
import {
  arrayOf,
  arrayType,
  docBlock,
  propertyKey,
  propertyOf,
  unionOf,
  valueType,
} from './internal/type-text';
import { backboneName, pascalCase, primitiveAliasName, upperFirst } from './naming';
import { ProfileTypesError } from './profile-types-error';
import type {
  ProfileDefinitionInput,
  ProfileElementInput,
  RenderProfileTypesOptions,
} from './profile-types-input';

/**
 * How much {@link renderProfileTypes} takes on: profiles (and base definitions) per call,
 * snapshot elements per profile, element nesting, the items a tuple spells out before it falls
 * back to a rest element, and the nesting of fixed and pattern values.
 *
 * @example
 * ```ts
 * PROFILE_TYPES_LIMITS.maxTupleItems; // 8: a slice required 10 times is typed as 8 items, then the rest
 * ```
 */
export const PROFILE_TYPES_LIMITS = {
  maxProfiles: 1000,
  maxElements: 5000,
  maxDepth: 32,
  maxTupleItems: 8,
  maxValueDepth: 16,
} as const;

/** The namespace the base types are imported under in the generated module. */
const NS = 'fhir';
const SYSTEM_TYPE_PREFIX = 'http://hl7.org/fhirpath/System.';
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** Names the generated module declares besides the profile types. */
const HELPER_NAMES = ['Without', 'OneOf', 'ProfileTypeMap'] as const;

type TypeKind = 'primitive' | 'system' | 'xhtml' | 'complex' | 'backbone' | 'resource';

function invalid(message: string): ProfileTypesError {
  return new ProfileTypesError('invalid-input', message);
}

function kindOf(code: string, where: string): TypeKind {
  if (code.startsWith(SYSTEM_TYPE_PREFIX)) return 'system';
  if (code === 'xhtml') return 'xhtml';
  if (/^[a-z][A-Za-z0-9]*$/.test(code)) return 'primitive';
  if (code === 'BackboneElement' || code === 'Element') return 'backbone';
  if (code === 'Resource') return 'resource';
  if (TYPE_NAME.test(code)) return 'complex';
  throw invalid(
    `${where} has type "${code}"; expected a FHIR type code such as string or Identifier`,
  );
}

/** The element's fixed or pattern value, if it has one. */
function fixedValue(element: ProfileElementInput): { value: unknown; exact: boolean } | undefined {
  for (const [key, value] of Object.entries(element)) {
    if (/^(fixed|pattern)[A-Z]/.test(key) && value !== undefined) {
      return { value, exact: key.startsWith('fixed') };
    }
  }
  return undefined;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split(/\r?\n/)[0]?.trim() ?? '';
}

/** A short text to put before a cardinality: its first line without a closing full stop. */
function shortText(element: ProfileElementInput): string {
  return firstLine(element.short).replace(/\.$/, '');
}

function cardinality(element: ProfileElementInput): string {
  return `${element.min ?? 0}..${element.max ?? '1'}`;
}

/**
 * The TypeScript name of a profile's type: `typeName` when given; else its `name` in
 * PascalCase (`LHCRPatient` → `LhcrPatient`, `ExtensionUKCoreBirthSex` →
 * `ExtensionUkCoreBirthSex`); names that are not type-like (core extensions are named
 * `birthPlace`) are replaced by the type and the last segment of the URL
 * (`ExtensionPatientBirthPlace`).
 *
 * @throws {ProfileTypesError} `invalid-input` when no usable name can be made.
 *
 * @example
 * ```ts
 * profileTypeName({ name: 'LHCRPatient', type: 'Patient', url: 'https://lhcr.github.io/fhir/core/StructureDefinition/LHCR-Patient' }); // 'LhcrPatient'
 * profileTypeName({ name: 'birthPlace', type: 'Extension', url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace' }); // 'ExtensionPatientBirthPlace'
 * ```
 */
export function profileTypeName(
  profile: Pick<ProfileDefinitionInput, 'name' | 'type' | 'url' | 'typeName'>,
): string {
  if (profile.typeName !== undefined) {
    if (!TYPE_NAME.test(profile.typeName)) {
      throw invalid(
        `${profile.url}: typeName "${profile.typeName}" is not a TypeScript type name; expected a capital letter, then letters and digits`,
      );
    }
    return profile.typeName;
  }
  let name = /^[A-Z]/.test(profile.name) ? pascalCase(profile.name) : '';
  if (name === '') {
    const segment = pascalCase(profile.url.slice(profile.url.lastIndexOf('/') + 1));
    const type = pascalCase(profile.type);
    name = segment.startsWith(type) ? segment : `${type}${segment}`;
  }
  if (!TYPE_NAME.test(name)) {
    throw invalid(
      `${profile.url}: no type name can be made from name "${profile.name}"; give the profile a typeName`,
    );
  }
  return name;
}

interface ProfileEntry {
  readonly input: ProfileDefinitionInput;
  readonly typeName: string;
  readonly tree: ElementNode;
}

/** One thing a node's body declares or records while its children are rendered. */
interface NodeBody {
  readonly props: string[];
  /** Keys of the base type that become `?: never` (through `Without`). */
  readonly never: string[];
  /** Required choice elements with several forms: exactly one of each group is present. */
  readonly oneOf: { stem: string; forms: { form: string; type: string }[] }[];
  readonly notes: string[];
}

/** State shared by every profile of one call: names, base definitions, helpers used. */
class RenderContext {
  readonly entries: ProfileEntry[] = [];
  readonly byUrl = new Map<string, ProfileEntry>();
  readonly formAliases = new Map<string, readonly string[]>();
  usesWithout = false;
  usesOneOf = false;
  private readonly baseElements = new Map<string, ProfileElementInput>();
  private readonly names = new Map<string, string>();

  constructor(options: RenderProfileTypesOptions) {
    for (const name of HELPER_NAMES) this.names.set(name, 'a helper of the generated module');
    for (const base of options.baseDefinitions ?? []) {
      for (const element of base.snapshot) {
        if (element.sliceName === undefined && element.id?.includes(':') !== true) {
          this.baseElements.set(element.path, element);
        }
      }
    }
    for (const input of options.profiles) {
      if (!TYPE_NAME.test(input.type)) {
        throw invalid(
          `${input.url}: type "${input.type}" is not a FHIR resource or data type name`,
        );
      }
      if (this.byUrl.has(input.url)) {
        throw invalid(`${input.url} is given twice; expected each profile once`);
      }
      const tree = buildElementTree(
        {
          url: input.url,
          type: input.type,
          maxElements: PROFILE_TYPES_LIMITS.maxElements,
          maxDepth: PROFILE_TYPES_LIMITS.maxDepth,
        },
        input.snapshot,
      );
      const entry: ProfileEntry = { input, typeName: profileTypeName(input), tree };
      this.entries.push(entry);
      this.byUrl.set(input.url, entry);
    }
  }

  /** Records that `name` is declared for `origin`; two declarations may not share a name. */
  claim(name: string, origin: string): void {
    const other = this.names.get(name);
    if (other !== undefined) {
      throw new ProfileTypesError(
        'name-collision',
        `${name} would name both ${other} and ${origin}; give one of the profiles a typeName`,
      );
    }
    this.names.set(name, origin);
  }

  /** The type codes of a choice element in its base definition, when that definition was given. */
  baseChoiceCodes(basePath: string): string[] | undefined {
    return this.baseElements.get(basePath)?.type?.map((type) => type.code);
  }

  /** A local alias for every property of a base choice element (`ExtensionValueForms`). */
  formsAlias(basePath: string, names: readonly string[]): string {
    const alias = `${backboneName(basePath)}Forms`;
    if (!this.formAliases.has(alias)) {
      this.claim(alias, `the forms of ${basePath}`);
      this.formAliases.set(alias, names);
    }
    return alias;
  }
}

/** Renders the declarations of one profile. */
class ProfileWriter {
  private readonly declarations: (string | undefined)[] = [];
  private readonly input: ProfileDefinitionInput;
  private readonly label: string;

  constructor(
    private readonly context: RenderContext,
    private readonly entry: ProfileEntry,
  ) {
    this.input = entry.input;
    const version = this.input.version === undefined ? '' : `|${this.input.version}`;
    this.label = `${this.input.title ?? this.input.name} (\`${this.input.url}${version}\`)`;
  }

  write(): string[] {
    this.declareNode(this.entry.tree, this.entry.typeName, `${NS}.${this.input.type}`, 'root');
    return this.declarations.filter((text) => text !== undefined);
  }

  private where(node: ElementNode): string {
    return `${this.input.url}: element ${node.id}`;
  }

  /**
   * Declares the type of a node from its children, unless nothing in them narrows `base`
   * (the root is always declared). Returns the declared name, or undefined.
   */
  private declareNode(
    node: ElementNode,
    name: string,
    base: string,
    mode: 'root' | 'element' | 'sibling',
  ): string | undefined {
    const slot = this.declarations.push(undefined) - 1;
    const body = this.body(node, name, base, mode === 'sibling');
    if (
      mode !== 'root' &&
      body.props.length === 0 &&
      body.never.length === 0 &&
      body.oneOf.length === 0
    ) {
      return undefined;
    }
    this.context.claim(name, `${node.id} of ${this.input.url}`);
    if (body.never.length > 0) this.context.usesWithout = true;
    const extendsClause =
      body.never.length === 0 ? base : `Without<${base}, ${body.never.join(' | ')}>`;
    const members = body.props.length === 0 ? '' : `\n${body.props.join('\n')}\n`;
    const docs = [...this.nodeDoc(node, mode), ...body.notes];
    const see = mode === 'root' ? ['', `@see ${this.input.url}`] : [];
    if (body.oneOf.length === 0) {
      this.declarations[slot] =
        `${docBlock([...docs, ...see], '')}\nexport interface ${name} extends ${extendsClause} {${members}}`;
      return name;
    }
    const elementsName = `${name}Elements`;
    this.context.claim(elementsName, `${node.id} of ${this.input.url}`);
    this.context.usesOneOf = true;
    const choices = body.oneOf.map(
      ({ forms }) =>
        `OneOf<{ ${forms.map(({ form, type }) => `${propertyKey(form)}: ${type}`).join('; ')} }>`,
    );
    const stems = body.oneOf.map(({ stem }) => `\`${stem}[x]\``).join(', ');
    this.declarations[slot] = [
      docBlock(
        [
          ...docs,
          '',
          `Exactly one form of ${stems} is present (see {@link ${elementsName}}).`,
          ...see,
        ],
        '',
      ),
      `export type ${name} = ${[elementsName, ...choices].join(' & ')};`,
      '',
      docBlock(
        [`The elements of {@link ${name}}, without its rule that one form of ${stems} is present.`],
        '',
      ),
      `export interface ${elementsName} extends ${extendsClause} {${members}}`,
    ].join('\n');
    return name;
  }

  private nodeDoc(node: ElementNode, mode: 'root' | 'element' | 'sibling'): string[] {
    const short = firstLine(node.element.short);
    if (mode === 'root') {
      const title = this.input.title ?? this.input.name;
      const description = firstLine(this.input.description);
      const built =
        this.input.baseDefinition === undefined
          ? ''
          : `, built on \`${this.input.baseDefinition}\``;
      const version = this.input.version === undefined ? '' : `|${this.input.version}`;
      return [
        description === '' ? title : `${title}: ${description}`,
        '',
        `Profile \`${this.input.url}${version}\` on {@link ${NS}.${this.input.type}}${built}.`,
        ...this.mustSupport(node),
        ...this.rules(node),
      ];
    }
    const what =
      mode === 'sibling'
        ? `Id and extensions of \`${node.id}\``
        : node.sliceName === undefined
          ? `Element \`${node.id}\``
          : `Slice \`${node.sliceName}\` (\`${node.id}\`)`;
    return [
      `${what} in ${this.label}${short === '' ? '' : `: ${short}`}`,
      ...this.mustSupport(node),
      ...this.rules(node),
    ];
  }

  private mustSupport(node: ElementNode): string[] {
    const names = node.children
      .filter((child) => child.element.mustSupport === true)
      .map((child) =>
        child.sliceName === undefined ? child.name : `${child.name}:${child.sliceName}`,
      );
    return names.length === 0 ? [] : ['', `Must support: ${names.join(', ')}.`];
  }

  /** The profile's own invariants on the node and its children, which no type can check. */
  private rules(node: ElementNode): string[] {
    const rules = [node, ...node.children].flatMap((n) =>
      (n.element.constraint ?? [])
        .filter((c) => c.source === this.input.url)
        .map((c) => `\`${c.key}\`${n === node ? '' : ` on ${n.name}`}: ${firstLine(c.human)}`),
    );
    return rules.length === 0 ? [] : ['', `Not checked by this type: ${rules.join('; ')}.`];
  }

  private body(node: ElementNode, ownerName: string, base: string, sibling: boolean): NodeBody {
    const body: NodeBody = { props: [], never: [], oneOf: [], notes: [] };
    for (const group of groupChildren(node)) {
      if (sibling && group.name === 'value') continue;
      if (group.name.endsWith('[x]')) this.choice(group, ownerName, base, body);
      else this.element(group, ownerName, base, body);
    }
    return body;
  }

  private baseOf(node: ElementNode): { path: string; min: number; max: string } {
    const base = node.element.base;
    if (base === undefined) {
      throw invalid(
        `${this.where(node)} has no base; expected a snapshot, whose elements say where they come from`,
      );
    }
    return base;
  }

  private typeOf(node: ElementNode): { code: string; profile?: readonly string[] | undefined } {
    const types = node.element.type ?? [];
    const [first] = types;
    if (first === undefined || types.length > 1) {
      throw invalid(
        `${this.where(node)} has ${types.length} types; expected one (only choice elements, named [x], have several)`,
      );
    }
    return first;
  }

  /** The base type of one item of a non-choice element. */
  private baseItem(node: ElementNode, owner: string, repeating: boolean): string {
    const reference = node.element.contentReference;
    if (reference !== undefined) {
      return `${NS}.${backboneName(reference.slice(reference.indexOf('#') + 1))}`;
    }
    const { code } = this.typeOf(node);
    switch (kindOf(code, this.where(node))) {
      case 'primitive':
        return code === 'code'
          ? propertyOf(owner, node.name, repeating)
          : `${NS}.${primitiveAliasName(code)}`;
      case 'xhtml':
        return `${NS}.${primitiveAliasName(code)}`;
      case 'system':
        return propertyOf(owner, node.name, repeating);
      case 'complex':
        return `${NS}.${code}`;
      case 'backbone':
        return `${NS}.${backboneName(this.baseOf(node).path)}`;
      case 'resource':
        return `${NS}.AnyResource`;
    }
  }

  /** The base type of one form of a choice element. */
  private formItem(code: string, form: string, owner: string, where: string): string {
    switch (kindOf(code, where)) {
      case 'primitive':
        return code === 'code'
          ? propertyOf(owner, form, false)
          : `${NS}.${primitiveAliasName(code)}`;
      case 'xhtml':
        return `${NS}.${primitiveAliasName(code)}`;
      case 'system':
        return propertyOf(owner, form, false);
      case 'complex':
        return `${NS}.${code}`;
      case 'backbone':
      case 'resource':
        throw invalid(`${where} offers ${code} as a choice; FHIR choice elements take data types`);
    }
  }

  /**
   * The type of one item of an element (or slice) when the profile narrows it: a literal for a
   * fixed primitive, a declared type for narrowed children, the type of a profile given to the
   * renderer (`Extension(url)`), or a pattern on the base; undefined when the base type applies.
   */
  private narrowed(
    node: ElementNode,
    name: string,
    baseItem: string,
    type: { code: string; profile?: readonly string[] | undefined } | undefined,
  ): string | undefined {
    const fixed = fixedValue(node.element);
    const limits = { maxDepth: PROFILE_TYPES_LIMITS.maxValueDepth, where: this.where(node) };
    const kind =
      type === undefined || node.element.contentReference !== undefined
        ? 'resource'
        : kindOf(type.code, this.where(node));
    if (kind === 'primitive' || kind === 'system' || kind === 'xhtml') {
      return fixed === undefined
        ? undefined
        : valueType(baseItem, fixed.value, fixed.exact, limits);
    }
    if (kind === 'resource') return undefined;
    const profiles = type?.profile ?? [];
    const known = profiles.map((url) => this.context.byUrl.get(url));
    const knownNames = known.every((entry) => entry !== undefined)
      ? known.map((entry) => entry.typeName)
      : [];
    let result: string | undefined;
    if (node.children.length > 0) {
      const [single] = known;
      result =
        single !== undefined && known.length === 1 && sameConstraints(node, single.tree)
          ? single.typeName
          : (this.declareNode(node, name, baseItem, 'element') ??
            (knownNames.length > 0 ? unionOf(knownNames) : undefined));
    } else if (knownNames.length > 0) {
      result = unionOf(knownNames);
    } else if (type?.code === 'Extension' && profiles.length === 1) {
      result = `${baseItem} & { url: ${JSON.stringify(profiles[0])} }`;
    }
    if (fixed === undefined) return result;
    const on = result === undefined ? baseItem : /[|&]/.test(result) ? `(${result})` : result;
    return valueType(on, fixed.value, fixed.exact, limits);
  }

  private propertyDoc(node: ElementNode, extra: readonly string[] = []): string {
    const short = shortText(node.element);
    const support = node.element.mustSupport === true ? '; must support' : '';
    return docBlock(
      [`${short === '' ? node.name : short} (${cardinality(node.element)})${support}`, ...extra],
      '  ',
    );
  }

  private element(group: ElementGroup, owner: string, base: string, body: NodeBody): void {
    const main = group.main;
    const key = propertyKey(group.name);
    const reference = main.element.contentReference !== undefined;
    const type = reference ? undefined : this.typeOf(main);
    const kind = type === undefined ? 'backbone' : kindOf(type.code, this.where(main));
    const baseCard = this.baseOf(main);
    const repeating = baseCard.max === '*' || Number(baseCard.max) > 1;
    const hasSibling = kind === 'primitive';
    if (main.element.max === '0') {
      body.props.push(this.propertyDoc(main), `  ${key}?: never;`);
      if (hasSibling) body.props.push(`  _${group.name}?: never;`);
      return;
    }
    const prefix = `${owner}${pascalCase(group.name)}`;
    const baseItem = this.baseItem(main, base, repeating);
    const item = this.narrowed(main, prefix, baseItem, type) ?? baseItem;
    const slices = group.slices
      .filter((slice) => slice.element.max !== '0')
      .map((slice) => ({
        node: slice,
        type:
          this.narrowed(
            slice,
            `${prefix}${pascalCase(slice.sliceName ?? '')}`,
            baseItem,
            slice.element.type?.[0] ?? type,
          ) ?? item,
      }));
    let propertyType = item;
    let required = (main.element.min ?? 0) >= 1 || baseCard.min >= 1;
    let firstItems = 0;
    if (repeating) {
      const leading = slices.flatMap(({ node, type: sliceType }) =>
        Array.from(
          { length: Math.min(node.element.min ?? 0, PROFILE_TYPES_LIMITS.maxTupleItems) },
          () => sliceType,
        ),
      );
      firstItems = leading.length;
      const closed = main.element.slicing?.rules === 'closed' && slices.length > 0;
      const rest = closed ? unionOf(slices.map((slice) => slice.type)) : item;
      propertyType = arrayType(
        leading,
        rest,
        main.element.min ?? 0,
        main.element.max ?? baseCard.max,
        PROFILE_TYPES_LIMITS.maxTupleItems,
      );
      required ||= leading.length > 0;
    }
    const sliceNotes = this.sliceNotes(group, slices, firstItems > 0);
    const sibling =
      hasSibling && main.children.length > 0
        ? this.declareNode(main, prefix, `${NS}.Element`, 'sibling')
        : undefined;
    const baseType = repeating ? arrayOf(baseItem) : baseItem;
    if (propertyType !== baseType || required !== baseCard.min >= 1) {
      body.props.push(
        this.propertyDoc(main, sliceNotes),
        `  ${key}${required ? '' : '?'}: ${propertyType};`,
      );
    } else if (sliceNotes.length > 0) {
      body.notes.push('', `\`${group.name}\`: ${sliceNotes.join(' ')}`);
    }
    if (sibling !== undefined) {
      body.props.push(
        `  /** Id and extensions of \`${group.name}\`. */`,
        `  _${group.name}?: ${repeating ? `(${sibling} | null)[]` : sibling};`,
      );
    }
  }

  private sliceNotes(
    group: ElementGroup,
    slices: readonly { node: ElementNode; type: string }[],
    leading: boolean,
  ): string[] {
    if (slices.length === 0) return [];
    const slicing = group.main.element.slicing;
    const by = (slicing?.discriminator ?? []).map((d) => `${d.type} of ${d.path}`).join(', ');
    const list = slices.map(({ node, type }) => {
      const link = TYPE_NAME.test(type) || /^fhir\.[A-Z]\w*$/.test(type) ? `{@link ${type}}` : '';
      return `\`${node.sliceName ?? ''}\` ${cardinality(node.element)}${link === '' ? '' : ` ${link}`}`;
    });
    return [
      `Slices (${slicing?.rules ?? 'open'}${by === '' ? '' : `, by ${by}`}): ${list.join(', ')}.`,
      ...(leading ? ['Required slices come first, in this order; then any other items.'] : []),
    ];
  }

  private choice(group: ElementGroup, owner: string, base: string, body: NodeBody): void {
    const main = group.main;
    const where = this.where(main);
    const stem = group.name.slice(0, -'[x]'.length);
    const types = main.element.type ?? [];
    const codes = types.map((t) => t.code);
    const basePath = this.baseOf(main).path;
    const baseCodes = this.context.baseChoiceCodes(basePath) ?? codes;
    const formOf = (code: string): string => `${stem}${upperFirst(code)}`;
    const keysOf = (code: string): string[] =>
      kindOf(code, where) === 'primitive' ? [formOf(code), `_${formOf(code)}`] : [formOf(code)];
    const alias = (): string => this.context.formsAlias(basePath, baseCodes.flatMap(keysOf));
    if (main.element.max === '0') {
      body.never.push(alias());
      body.notes.push('', `\`${group.name}\`: removed by the profile.`);
      return;
    }
    const requiredSlice = group.slices.find(
      (slice) =>
        (slice.element.min ?? 0) >= 1 && codes.some((code) => formOf(code) === slice.sliceName),
    );
    const allowed =
      requiredSlice === undefined
        ? codes
        : codes.filter((code) => formOf(code) === requiredSlice.sliceName);
    const dropped = baseCodes.filter((code) => !allowed.includes(code));
    if (dropped.length > 0) {
      const kept = allowed.flatMap(keysOf).map((k) => JSON.stringify(k));
      body.never.push(kept.length === 0 ? alias() : `Exclude<${alias()}, ${kept.join(' | ')}>`);
    }
    const forms = allowed.map((code) => {
      const form = formOf(code);
      const baseItem = this.formItem(code, form, base, where);
      const slice = group.slices.find((s) => s.sliceName === form);
      const entry = types.find((t) => t.code === code);
      const node: ElementNode =
        slice ??
        (codes.length === 1
          ? main
          : {
              element: { id: main.id, path: main.element.path, type: entry ? [entry] : [] },
              id: main.id,
              name: group.name,
              sliceName: undefined,
              children: [],
            });
      const narrowed = this.narrowed(node, `${owner}${pascalCase(form)}`, baseItem, entry);
      return { form, type: narrowed ?? baseItem, narrowed: narrowed !== undefined };
    });
    const required = (main.element.min ?? 0) >= 1;
    const [only] = forms;
    if (required && only !== undefined && forms.length === 1) {
      body.props.push(this.propertyDoc(main), `  ${propertyKey(only.form)}: ${only.type};`);
    } else if (required && forms.length > 1) {
      body.oneOf.push({ stem, forms: forms.map(({ form, type }) => ({ form, type })) });
      const short = shortText(main.element);
      body.notes.push(
        '',
        `\`${group.name}\` (${cardinality(main.element)})${short === '' ? '' : `: ${short}`}; one of ${forms.map((f) => `\`${f.form}\``).join(', ')}.`,
      );
    } else {
      for (const form of forms.filter((f) => f.narrowed)) {
        body.props.push(this.propertyDoc(main), `  ${propertyKey(form.form)}?: ${form.type};`);
      }
    }
    if (dropped.length > 0 && !(required && forms.length > 1)) {
      body.notes.push(
        '',
        `\`${group.name}\`: only ${allowed.map((code) => `\`${formOf(code)}\``).join(', ')}.`,
      );
    }
  }
}

/** True when a slice's unfolded children constrain nothing beyond the profile it names. */
function sameConstraints(node: ElementNode, profile: ElementNode): boolean {
  const signature = (root: ElementNode, n: ElementNode): string =>
    JSON.stringify([
      n.id.slice(root.id.length),
      n.element.min ?? 0,
      n.element.max ?? '1',
      (n.element.type ?? []).map((t) => [t.code, t.profile ?? []]),
      fixedValue(n.element) ?? null,
      n.element.slicing?.rules ?? null,
      n.element.contentReference ?? null,
    ]);
  const mine = descendants(node).map((n) => signature(node, n));
  const theirs = descendants(profile).map((n) => signature(profile, n));
  return mine.length === theirs.length && mine.every((line, index) => line === theirs[index]);
}

const HELPERS = {
  Without: [
    '/** `T` with the keys `K` typed `never`: the choice forms a profile removes. */',
    'type Without<T, K extends keyof T> = Omit<T, K> & { [P in K]?: never };',
  ],
  OneOf: [
    '/** Exactly one of the properties of `T`: a required choice element with several forms. */',
    'type OneOf<T> = { [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never } }[keyof T];',
  ],
} as const;

const ENCODING_NOTE = [
  'How these types encode the profiles. Each type narrows the base type of what its profile',
  'constrains: elements the profile requires are required, elements it removes (max 0) are',
  '`?: never`, fixed and pattern values are literal types, and choice elements allow only the',
  'forms the profile keeps (exactly one when the element is required). A repeating element',
  'with required slices is a tuple: the required slices first, in the order the profile lists',
  'them, then any other items, e.g. `[NhsNumberSlice, ...Identifier[]]`. FHIR allows slices in',
  'any order unless the slicing is ordered, so data from elsewhere may need its items reordered',
  'to fit. Not expressed here: invariants, value set bindings, reference targets and the order',
  'of optional slices; validate resources against the profiles for those.',
];

function checkOptions(options: RenderProfileTypesOptions): void {
  if (options.baseImport.trim() === '' || /[\r\n]/.test(options.baseImport)) {
    throw invalid(
      `baseImport must name a module on one line, such as @lhcr/models; found "${options.baseImport}"`,
    );
  }
  const count = options.profiles.length + (options.baseDefinitions?.length ?? 0);
  if (count > PROFILE_TYPES_LIMITS.maxProfiles) {
    throw new ProfileTypesError(
      'too-large',
      `${count} definitions were given; at most ${PROFILE_TYPES_LIMITS.maxProfiles} are rendered at once`,
    );
  }
}

/**
 * Renders TypeScript types for FHIR profiles from their snapshots: one exported type per
 * profile, narrowing the `@lhcr/models` type of the resource or data type it constrains
 * (`LhcrPatient extends Patient`), and one per slice and constrained nested element
 * (`LhcrPatientIdentifierNhsNumber`). The module imports the base types from `baseImport` and
 * declares nothing at run time.
 *
 * How a profile becomes a type:
 *
 * - an element whose minimum the profile raises is required; one it removes (`max` 0) is
 *   `?: never`; fixed values are literal types (`system: "https://fhir.nhs.uk/Id/nhs-number"`);
 *   pattern values keep the base type and narrow the properties they name (a pattern
 *   CodeableConcept requires a coding with its system and code first in `coding`);
 * - a choice element allows only the forms the profile keeps (the others are `?: never` when the
 *   base definition is given) and, when required with several forms, exactly one of them;
 * - a repeating element with required slices is a tuple, the required slices first in the
 *   profile's order and then the other items (`[NhsNumber, ...Identifier[]]`); a closed
 *   slicing allows only its slices; a bounded array (`0..1` on a `0..*` base) is a tuple of at
 *   most that many items. Optional slices get their own types but leave the array as it is;
 * - slices that name a profile given in `profiles` (an extension, `SimpleQuantity`) are typed by
 *   it; an extension not given is `Extension & { url: "…" }`;
 * - each type's TSDoc gives the profile URL and version, and each property its cardinality and
 *   the profile's short text; invariants the profile adds are listed, not checked.
 *
 * Limits: FHIR allows slices in any order unless the slicing is ordered, so resources from
 * elsewhere may need reordering to fit the tuples; value set bindings (beyond the base types'
 * own code unions), reference target profiles and invariants are not expressed; a primitive
 * required by the profile must have its value (not only extensions). Validate resources against
 * the profiles (`@lhcr/validator`) before treating them as these types.
 *
 * @throws {ProfileTypesError} when a definition cannot be rendered (see its `code`).
 *
 * @example
 * ```ts
 * import { renderProfileTypes } from '@lhcr/models/typegen';
 *
 * const source = renderProfileTypes({
 *   profiles: [{ url, version: '1.0.0', name: 'ExamplePatient', type: 'Patient', snapshot }],
 *   baseDefinitions: [{ type: 'Patient', snapshot: basePatientSnapshot }],
 *   baseImport: '@lhcr/models',
 *   banner: ['Generated from the example profiles. Do not edit.'],
 * });
 * // source declares `export interface ExamplePatient extends fhir.Patient { … }`
 * ```
 */
export function renderProfileTypes(options: RenderProfileTypesOptions): string {
  checkOptions(options);
  const context = new RenderContext(options);
  const declarations = context.entries.flatMap((entry) =>
    new ProfileWriter(context, entry).write(),
  );
  const out: string[] = [
    ...(options.banner ?? []).flatMap((line) => line.split(/\r?\n/)).map((line) => `// ${line}`),
    '/* eslint-disable */',
    `import type * as ${NS} from ${JSON.stringify(options.baseImport)};`,
    '',
    ...ENCODING_NOTE.map((line) => `// ${line}`),
    '',
  ];
  if (context.usesWithout) out.push(...HELPERS.Without, '');
  if (context.usesOneOf) out.push(...HELPERS.OneOf, '');
  for (const [alias, names] of [...context.formAliases].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(
      `/** The properties of one choice element in its base type. */`,
      `type ${alias} =\n  | ${names.map((name) => JSON.stringify(name)).join('\n  | ')};`,
      '',
    );
  }
  out.push(
    docBlock(['Each profile type by the canonical URL of its profile.'], ''),
    `export interface ProfileTypeMap {${context.entries
      .map((entry) => `\n  ${JSON.stringify(entry.input.url)}: ${entry.typeName};`)
      .join('')}\n}`,
    '',
    ...declarations.flatMap((text) => [text, '']),
    '// Keeps the helper types above private when this module is used as a declaration file.',
    'export {};',
    '',
  );
  return out.join('\n');
}
