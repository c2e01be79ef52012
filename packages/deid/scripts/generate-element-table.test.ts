import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, buildElementTable, renderElementTable } from './generate-element-table';

describe('the generated element table', { timeout: 60_000 }, () => {
  it('is up to date with the generator and the FHIR R4 definitions (run npm run generate)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === renderElementTable()).toBe(true);
  });

  it('expands choices, marks required and repeating elements, and names backbone elements by path', () => {
    const table = buildElementTable();
    const observation = table.get('Observation') ?? [];
    expect(observation).toContain('status:code+');
    expect(observation).toContain('valueQuantity:Quantity');
    expect(observation).toContain('component:Observation.component*');
    expect(observation).not.toContain('text:Narrative');
    expect(table.get('Questionnaire.item')).toContain('item:Questionnaire.item*');
    expect(table.get('Extension')).toContain('url:uri+');
    expect(table.has('Patient.contact')).toBe(true);
  });
});
