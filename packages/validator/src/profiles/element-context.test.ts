import { describe, expect, it } from 'vitest';
import { R4_MODEL } from '../generated/r4-model';
import { elementContextAt, extensionAllowedAt } from './element-context';

const EXT = 'http://hl7.org/fhir/StructureDefinition/';
const on = (contexts: string[]) => contexts.map((expression) => ({ type: 'element', expression }));

const structureDefinition = {
  resourceType: 'StructureDefinition',
  snapshot: {
    element: [
      {
        path: 'Observation.code',
        type: [{ code: 'CodeableConcept' }],
        patternCodeableConcept: { coding: [{ code: 'x' }] },
        example: [{ label: 'e', valueString: 'v' }],
      },
    ],
  },
};

/** Whether the extension may sit on the element at `pointer` of `resource`. */
function allowed(url: string, contexts: string[], resource: object, pointer: string): boolean {
  const where = elementContextAt(R4_MODEL, resource as Record<string, unknown>, pointer);
  if (where === undefined) throw new Error(`no element at ${pointer}`);
  return extensionAllowedAt(url, on(contexts), where, R4_MODEL);
}

describe('extensionAllowedAt', () => {
  it('takes a context of Element to mean any element, resources included', () => {
    const patient = { resourceType: 'Patient', name: [{ family: 'x' }] };
    expect(allowed(`${EXT}a`, ['Element'], patient, '')).toBe(true);
    expect(allowed(`${EXT}a`, ['Element'], patient, '/name/0')).toBe(true);
  });

  it('takes Resource and DomainResource to mean resource roots only', () => {
    const patient = { resourceType: 'Patient', name: [{ family: 'x' }] };
    expect(allowed(`${EXT}a`, ['Resource'], patient, '')).toBe(true);
    expect(allowed(`${EXT}a`, ['DomainResource'], patient, '')).toBe(true);
    expect(allowed(`${EXT}a`, ['Resource'], patient, '/name/0')).toBe(false);
    expect(allowed(`${EXT}a`, ['DomainResource'], { resourceType: 'Bundle' }, '')).toBe(false);
  });

  it('matches an element by its path, its path within its type, or its type', () => {
    const patient = { resourceType: 'Patient', telecom: [{ system: 'phone' }] };
    expect(allowed(`${EXT}a`, ['Patient.telecom'], patient, '/telecom/0')).toBe(true);
    expect(allowed(`${EXT}a`, ['ContactPoint'], patient, '/telecom/0')).toBe(true);
    expect(allowed(`${EXT}a`, ['ContactPoint.system'], patient, '/telecom/0/_system')).toBe(true);
    expect(allowed(`${EXT}a`, ['Patient.name'], patient, '/telecom/0')).toBe(false);
  });

  it('corrects the R4 definitions whose stated context the specification itself does not keep', () => {
    const at = '/snapshot/element/0/type/0';
    // Stated for ElementDefinition.type.code, used on ElementDefinition.type.
    expect(
      allowed(
        `${EXT}structuredefinition-fhir-type`,
        ['ElementDefinition.type.code'],
        structureDefinition,
        at,
      ),
    ).toBe(true);
    // Stated for Questionnaire.item and ElementDefinition, used on ElementDefinition.type too.
    expect(
      allowed(`${EXT}regex`, ['Questionnaire.item', 'ElementDefinition'], structureDefinition, at),
    ).toBe(true);
    // Another extension with the same stated context is not corrected.
    expect(allowed(`${EXT}other`, ['ElementDefinition.type.code'], structureDefinition, at)).toBe(
      false,
    );
  });

  it('allows any extension on the example, fixed and pattern values of an ElementDefinition', () => {
    const element = '/snapshot/element/0';
    expect(
      allowed(`${EXT}a`, ['Patient'], structureDefinition, `${element}/patternCodeableConcept`),
    ).toBe(true);
    expect(
      allowed(`${EXT}a`, ['Patient'], structureDefinition, `${element}/example/0/valueString`),
    ).toBe(true);
    // Inside the value, an element is checked as itself: a Coding here.
    expect(
      allowed(
        `${EXT}a`,
        ['Patient'],
        structureDefinition,
        `${element}/patternCodeableConcept/coding/0`,
      ),
    ).toBe(false);
    expect(allowed(`${EXT}a`, ['Patient'], structureDefinition, element)).toBe(false);
  });
});
