import { describe, expect, it } from 'vitest';
import { ProfileTypesError } from '../profile-types-error';
import { arrayOf, arrayType, docBlock, propertyKey, unionOf, valueType } from './type-text';

const limits = { maxDepth: 4, where: 'https://example.org/P: element P.x' };

describe('arrayType', () => {
  it('keeps a plain array when nothing is required or bounded', () => {
    expect(arrayType([], 'T', 0, '*', 8)).toBe('T[]');
    expect(arrayType([], 'A | B', 0, '*', 8)).toBe('(A | B)[]');
  });

  it('puts required items first, then the rest', () => {
    expect(arrayType(['S'], 'T', 0, '*', 8)).toBe('[S, ...T[]]');
    expect(arrayType(['S'], 'T', 3, '*', 8)).toBe('[S, T, T, ...T[]]');
    expect(arrayType([], 'T', 1, '*', 8)).toBe('[T, ...T[]]');
  });

  it('spells out bounded arrays as one tuple per length, with at least one item', () => {
    expect(arrayType([], 'T', 0, '1', 8)).toBe('[T]');
    expect(arrayType([], 'T', 1, '2', 8)).toBe('[T] | [T, T]');
    expect(arrayType(['S'], 'T', 0, '2', 8)).toBe('[S] | [S, T]');
  });

  it('stops counting at the item limit', () => {
    expect(arrayType([], 'T', 3, '9', 2)).toBe('[T, T, ...T[]]');
    expect(arrayType(['S', 'S', 'S'], 'T', 0, '*', 2)).toBe('[S, S, ...T[]]');
  });
});

describe('valueType', () => {
  it('types primitives as literals', () => {
    expect(valueType('fhir.FhirUri', 'https://example.org', true, limits)).toBe(
      '"https://example.org"',
    );
    expect(valueType('fhir.FhirInteger', -2, true, limits)).toBe('-2');
    expect(valueType('fhir.FhirBoolean', false, false, limits)).toBe('false');
  });

  it('narrows the named properties of an object, replacing arrays with tuples', () => {
    expect(valueType('fhir.Coding', { system: 's', code: 'c' }, false, limits)).toBe(
      'fhir.Coding & { system: "s"; code: "c" }',
    );
    expect(valueType('fhir.CodeableConcept', { coding: [{ code: 'c' }] }, false, limits)).toBe(
      'Omit<fhir.CodeableConcept, "coding"> & { coding: [fhir.Coding & { code: "c" }, ...fhir.Coding[]] }',
    );
    expect(valueType('fhir.CodeableConcept', { coding: [{ code: 'c' }] }, true, limits)).toBe(
      'Omit<fhir.CodeableConcept, "coding"> & { coding: [fhir.Coding & { code: "c" }] }',
    );
    expect(
      valueType('fhir.Identifier', { type: { text: 't' }, 'odd-key': 'x' }, false, limits),
    ).toBe('fhir.Identifier & { type: { text: "t" }; "odd-key": "x" }');
    expect(
      valueType(
        'fhir.Reference',
        { identifier: { type: { coding: [{ code: 'c' }] } } },
        false,
        limits,
      ),
    ).toBe(
      'Omit<fhir.Reference, "identifier"> & { identifier: Omit<NonNullable<fhir.Reference["identifier"]>, "type"> & { type: Omit<NonNullable<NonNullable<fhir.Reference["identifier"]>["type"]>, "coding"> & { coding: [NonNullable<NonNullable<NonNullable<fhir.Reference["identifier"]>["type"]>["coding"]>[number] & { code: "c" }, ...NonNullable<NonNullable<NonNullable<fhir.Reference["identifier"]>["type"]>["coding"]>[number][]] } } }',
    );
    expect(valueType('fhir.HumanName', {}, false, limits)).toBe('fhir.HumanName');
  });

  it('refuses nulls, arrays at the top and values nested past the limit', () => {
    expect(() => valueType('fhir.Coding', { code: null }, false, limits)).toThrow(
      ProfileTypesError,
    );
    expect(() => valueType('fhir.Coding', ['a'], false, limits)).toThrow(/an array/);
    expect(() =>
      valueType('fhir.Coding', { a: { b: { c: { d: { e: { f: 'x' } } } } } }, false, limits),
    ).toThrow(/nested more than 4 deep/);
  });
});

describe('text helpers', () => {
  it('quotes keys that are not identifiers and brackets compound array items', () => {
    expect(propertyKey('system')).toBe('system');
    expect(propertyKey('odd-key')).toBe('"odd-key"');
    expect(arrayOf('A & B')).toBe('(A & B)[]');
    expect(unionOf(['A', 'B', 'A'])).toBe('A | B');
  });

  it('writes TSDoc that cannot be closed early by its text', () => {
    expect(docBlock(['one line'], '')).toBe('/** one line */');
    expect(docBlock(['a */ b', '', 'c\nd', ''], '  ')).toBe(
      ['  /**', '   * a *\\/ b', '   *', '   * c', '   * d', '   */'].join('\n'),
    );
    expect(docBlock([], '')).toBe('');
  });
});
