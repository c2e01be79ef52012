import { describe, expect, it } from 'vitest';
import type { StructureDefinitionInput, TerminologyInput } from './definitions';
import { buildTypeModel, MAX_CODE_UNION } from './model';
import { renderTypeScript } from './render';

function sd(
  partial: Partial<StructureDefinitionInput> & Pick<StructureDefinitionInput, 'type' | 'kind'>,
): StructureDefinitionInput {
  return {
    resourceType: 'StructureDefinition',
    url: `http://hl7.org/fhir/StructureDefinition/${partial.type}`,
    name: partial.type,
    abstract: false,
    derivation: 'specialization',
    ...partial,
  };
}

const STRING = sd({
  type: 'string',
  kind: 'primitive-type',
  snapshot: { element: [{ path: 'string' }] },
});
const CODE = sd({
  type: 'code',
  kind: 'primitive-type',
  snapshot: { element: [{ path: 'code' }] },
});
const INTEGER = sd({
  type: 'integer',
  kind: 'primitive-type',
  snapshot: { element: [{ path: 'integer' }] },
});

const WIDGET = sd({
  type: 'Widget',
  kind: 'resource',
  snapshot: {
    element: [
      { path: 'Widget', short: 'A widget' },
      {
        path: 'Widget.status',
        min: 1,
        max: '1',
        type: [{ code: 'code' }],
        binding: { strength: 'required', valueSet: 'http://example.org/vs|1' },
      },
      { path: 'Widget.label', min: 0, max: '*', type: [{ code: 'string' }] },
      { path: 'Widget.size[x]', min: 0, max: '1', type: [{ code: 'integer' }, { code: 'string' }] },
      { path: 'Widget.part', min: 0, max: '*', type: [{ code: 'BackboneElement' }] },
      { path: 'Widget.part.name', min: 1, max: '1', type: [{ code: 'string' }] },
      { path: 'Widget.part.part', min: 0, max: '*', contentReference: '#Widget.part' },
    ],
  },
});

const TERMINOLOGY: TerminologyInput[] = [
  {
    resourceType: 'ValueSet',
    url: 'http://example.org/vs',
    compose: { include: [{ system: 'http://example.org/cs' }] },
  },
  {
    resourceType: 'CodeSystem',
    url: 'http://example.org/cs',
    content: 'complete',
    concept: [{ code: 'on', concept: [{ code: 'on-high' }] }, { code: 'off' }],
  },
];

function model(terminology = TERMINOLOGY, extra: StructureDefinitionInput[] = []) {
  return buildTypeModel({
    fhirVersion: '4.0.1',
    structureDefinitions: [STRING, CODE, INTEGER, WIDGET, ...extra],
    terminology,
  });
}

describe('buildTypeModel', () => {
  it('maps primitives to their JSON types and names', () => {
    expect(model().primitives).toEqual([
      expect.objectContaining({ name: 'FhirCode', jsonType: 'string' }),
      expect.objectContaining({ name: 'FhirInteger', jsonType: 'number' }),
      expect.objectContaining({ name: 'FhirString', jsonType: 'string' }),
    ]);
  });

  it('expands a required binding over a complete code system, nested codes included', () => {
    const widget = model().types.find((t) => t.name === 'Widget');
    expect(widget?.properties.find((p) => p.name === 'status')).toMatchObject({
      type: '"on" | "on-high" | "off"',
      required: true,
      primitive: true,
    });
  });

  it('falls back to the primitive alias when a value set cannot be expanded exactly', () => {
    const filtered: TerminologyInput[] = [
      {
        resourceType: 'ValueSet',
        url: 'http://example.org/vs',
        compose: { include: [{ system: 'http://example.org/cs', filter: [{}] }] },
      },
    ];
    const widget = model(filtered).types.find((t) => t.name === 'Widget');
    expect(widget?.properties.find((p) => p.name === 'status')?.type).toBe('FhirCode');
    const huge: TerminologyInput[] = [
      {
        resourceType: 'ValueSet',
        url: 'http://example.org/vs',
        compose: {
          include: [
            { concept: Array.from({ length: MAX_CODE_UNION + 1 }, (_, i) => ({ code: `c${i}` })) },
          ],
        },
      },
    ];
    expect(model(huge).types.find((t) => t.name === 'Widget')?.properties[0]?.type).toBe(
      'FhirCode',
    );
  });

  it('expands choice elements into one optional property per type', () => {
    const names = model()
      .types.find((t) => t.name === 'Widget')
      ?.properties.map((p) => p.name);
    expect(names).toEqual(['status', 'label', 'sizeInteger', 'sizeString', 'part']);
  });

  it('names backbone elements from their path and resolves contentReference', () => {
    const part = model().types.find((t) => t.name === 'WidgetPart');
    expect(part?.kind).toBe('backbone');
    expect(part?.properties).toEqual([
      expect.objectContaining({ name: 'name', type: 'FhirString', required: true }),
      expect.objectContaining({ name: 'part', type: 'WidgetPart', array: true }),
    ]);
  });

  it('refuses a definition without a snapshot, and colliding type names', () => {
    expect(() => model(TERMINOLOGY, [sd({ type: 'Gadget', kind: 'resource' })])).toThrow(
      /no snapshot/,
    );
    const clash = sd({
      type: 'WidgetPart',
      kind: 'complex-type',
      snapshot: { element: [{ path: 'WidgetPart' }] },
    });
    expect(() => model(TERMINOLOGY, [clash])).toThrow(/WidgetPart is used by both/);
  });

  it('skips constraint profiles (they narrow types, they do not define them)', () => {
    const profile = sd({
      type: 'Widget',
      name: 'NarrowWidget',
      kind: 'resource',
      derivation: 'constraint',
      url: 'http://example.org/NarrowWidget',
      snapshot: { element: [{ path: 'Widget' }] },
    });
    expect(model(TERMINOLOGY, [profile]).types.filter((t) => t.name === 'Widget')).toHaveLength(1);
  });
});

describe('renderTypeScript', () => {
  const text = renderTypeScript(model());

  it('starts with a do-not-edit banner', () => {
    expect(text.split('\n')[0]).toMatch(/generated.*Do not edit/);
  });

  it('writes primitives with their _element siblings, arrays of siblings allowing null', () => {
    expect(text).toContain('  status: "on" | "on-high" | "off";\n');
    expect(text).toContain('  _status?: Element;');
    expect(text).toContain('  label?: FhirString[];');
    expect(text).toContain('  _label?: (Element | null)[];');
  });

  it('writes the resource union, the type list and a guard per resource', () => {
    expect(text).toContain('export type AnyResource =\n  | Widget;');
    expect(text).toContain('resourceType: "Widget";');
    expect(text).toContain('export function isWidget(value: unknown): value is Widget {');
  });
});
