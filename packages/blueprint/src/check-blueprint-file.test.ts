import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BLUEPRINT_FILE_KINDS, checkBlueprintFile } from './check-blueprint-file';

const MANIFEST = `id: demo
version: 1.0.0
title: Demo
status: draft
fhirVersion: 4.0.1
canonical: https://example.org/fhir
requirementPrefix: DEMO
categories:
  - id: identity
    title: Identity
requirements: [requirements.yaml]
`;

describe('checkBlueprintFile', () => {
  it('accepts a valid manifest', () => {
    expect(checkBlueprintFile(MANIFEST, 'blueprint.yaml', 'manifest')).toMatchObject({ ok: true });
  });

  it('reports a wrong enum value at its line and column with what was expected', () => {
    const text = MANIFEST.replace('status: draft', 'status: ready');
    const result = checkBlueprintFile(text, 'blueprint.yaml', 'manifest');
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'schema',
          file: 'blueprint.yaml',
          line: 4,
          column: 9,
          path: '/status',
          diagnostics: 'status: expected one of draft, active, retired; found "ready"',
        },
      ],
    });
  });

  it('reports a missing property at the object that lacks it, and an unknown one at its key', () => {
    const text = MANIFEST.replace('title: Demo\n', '').replace(
      '    title: Identity\n',
      '    titel: Identity\n',
    );
    const result = checkBlueprintFile(text, 'blueprint.yaml', 'manifest');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.line, issue.column, issue.diagnostics])).toEqual([
      [1, 1, '(top level): missing required property "title"'],
      [8, 5, 'categories[0]: missing required property "title"'],
      [9, 5, 'categories[0]: unknown property "titel"; expected one of id, title, description'],
    ]);
  });

  it('locates errors in JSON files too', () => {
    const text = JSON.stringify(
      {
        requirements: [
          {
            id: 'DEMO-PAT-01',
            level: 'MUTS',
            category: 'identity',
            title: 'Abc',
            text: 'Some requirement text.',
            rationale: 'Some rationale text.',
            verification: { method: 'server-test' },
          },
        ],
      },
      null,
      2,
    );
    const result = checkBlueprintFile(text, 'requirements.json', 'requirements');
    expect(result).toMatchObject({
      ok: false,
      issues: [
        {
          line: 5,
          column: 16,
          path: '/requirements/0/level',
          diagnostics: 'requirements[0].level: expected one of MUST, SHOULD, MAY; found "MUTS"',
        },
      ],
    });
  });

  it('explains a pattern with its description, and requires a reason for untestable requirements', () => {
    const text = `requirements:
  - id: pat-1
    level: MUST
    category: identity
    title: Abc
    text: Some requirement text.
    rationale: Some rationale text.
    verification: { method: untestable }
`;
    const result = checkBlueprintFile(text, 'r.yaml', 'requirements');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.issues.map(
        (issue) => `${String(issue.line)}:${String(issue.column)} ${issue.diagnostics}`,
      ),
    ).toEqual([
      '2:9 requirements[0].id: expected a stable id: prefix, area and number, such as LHCR-PAT-01; found "pat-1"',
      '8:19 requirements[0].verification: missing required property "reason"',
    ]);
  });

  it('reports YAML and JSON syntax errors with their position', () => {
    expect(checkBlueprintFile('id: a\nid: b\n', 'b.yaml', 'manifest')).toMatchObject({
      ok: false,
      issues: [{ code: 'parse', line: 2, column: 1 }],
    });
    expect(checkBlueprintFile('{\n  "id": "a",\n}', 'b.json', 'manifest')).toMatchObject({
      ok: false,
      issues: expect.arrayContaining([
        expect.objectContaining({
          code: 'parse',
          line: 3,
          column: 1,
          diagnostics: 'not valid JSON: PropertyNameExpected',
        }),
      ]) as unknown,
    });
    expect(checkBlueprintFile('', 'b.json', 'manifest')).toMatchObject({
      ok: false,
      issues: [{ code: 'parse' }],
    });
  });

  it('never echoes an NHS number found in a wrong place', () => {
    const result = checkBlueprintFile(
      MANIFEST.replace('status: draft', 'status: "943 476 5919"'),
      'blueprint.yaml',
      'manifest',
    );
    expect(JSON.stringify(result)).not.toContain('5919');
  });

  it('limits nesting depth and alias expansion', () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(checkBlueprintFile(deep, 'deep.json', 'manifest')).toMatchObject({
      ok: false,
      issues: [{ code: 'limit' }],
    });
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(checkBlueprintFile(bomb, 'bomb.yaml', 'manifest')).toMatchObject({
      ok: false,
      issues: [{ code: 'parse' }],
    });
  });

  test.prop([
    fc.string({ maxLength: 300 }),
    fc.constantFrom(...BLUEPRINT_FILE_KINDS),
    fc.constantFrom('x.yaml', 'x.json'),
  ])('never throws on arbitrary text, and every issue is located', (text, kind, file) => {
    const result = checkBlueprintFile(text, file, kind);
    if (!result.ok) {
      for (const issue of result.issues) {
        expect(issue.file).toBe(file);
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(issue.column).toBeGreaterThanOrEqual(1);
      }
    }
  });
});
