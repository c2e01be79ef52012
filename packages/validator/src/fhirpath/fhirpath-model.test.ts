import { describe, expect, it } from 'vitest';
import { R4_MODEL } from '../generated/r4-model';
import { packageChildren, packageRoot } from './__fixtures__/oracle';
import type { PackageNode } from './__fixtures__/oracle';
import { createFhirPathModel } from './fhirpath-model';

const model = createFhirPathModel(R4_MODEL);

function primitiveValue(type: string): unknown {
  if (type === 'boolean') return true;
  if (['integer', 'decimal', 'unsignedInt', 'positiveInt'].includes(type)) return 1;
  return 'x';
}

describe('createFhirPathModel', () => {
  it('has every JSON property of every type of the CompactModel', () => {
    const missing: string[] = [];
    for (const [name, type] of Object.entries(R4_MODEL.types)) {
      const node = model.node(name);
      for (const element of type.elements) {
        const found = node.childrenByJson.get(element.name);
        if (found === undefined) missing.push(`${name}.${element.name}`);
        else if (element.choice === undefined && found.child.array !== element.array)
          missing.push(`${name}.${element.name} array`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('types every child as the fhirpath package does when it navigates to it', () => {
    const mismatches: string[] = [];
    for (const resourceType of [
      'Patient',
      'Observation',
      'Bundle',
      'Questionnaire',
      'StructureDefinition',
      'CapabilityStatement',
    ]) {
      const visit = (path: string, parent: PackageNode, depth: number): void => {
        for (const child of model.node(path).children.values()) {
          for (const form of child.forms) {
            const data: Record<string, unknown> = {
              [form.json]: form.primitive
                ? primitiveValue(form.nodePath)
                : form.nodePath === 'Resource'
                  ? { resourceType: 'Basic' }
                  : {},
            };
            const nodes = packageChildren({ ...parent, data }, child.name);
            const node = nodes[0] as unknown as
              { path: string | null; fhirNodeDataType: string | null } | undefined;
            const expected = form.nodePath === 'Resource' ? 'Basic' : form.nodePath;
            if (
              node?.path !== expected ||
              (form.nodePath !== 'Resource' && node.fhirNodeDataType !== form.dataType)
            ) {
              mismatches.push(
                `${path}.${form.json}: ${String(node?.path)} ${String(node?.fhirNodeDataType)}`,
              );
            }
            const childType = model.node(form.nodePath).kind;
            if (
              depth > 0 &&
              (childType === 'backbone' || childType === 'complex') &&
              nodes[0] !== undefined
            ) {
              visit(form.nodePath, nodes[0], depth - 1);
            }
          }
        }
      };
      visit(resourceType, packageRoot({ resourceType }), 2);
    }
    expect(mismatches).toEqual([]);
  });

  it('resolves type names, backbone paths, element paths and JSON choice names', () => {
    expect(model.context('Period')).toMatchObject({
      path: 'Period',
      dataType: 'Period',
      kind: 'complex',
    });
    expect(model.context('Patient')).toMatchObject({ kind: 'resource', resourceType: 'Patient' });
    expect(model.context('Bundle.entry')).toMatchObject({
      dataType: 'BackboneElement',
      resourceType: 'Bundle',
    });
    expect(model.context('Narrative.div')).toMatchObject({
      path: 'xhtml',
      primitiveHost: { parent: 'Narrative', json: 'div' },
    });
    expect(model.context('Patient.extension')).toMatchObject({ path: 'Extension', dataType: null });
    expect(model.context('RiskAssessment.prediction.probabilityRange')).toMatchObject({
      path: 'Range',
    });
    expect(model.context('string.extension')).toMatchObject({ path: 'Extension' });
    expect(model.context('Element')).toMatchObject({ kind: 'abstract-element' });
    expect(model.context('RiskAssessment.prediction.probability[x]')).toBeUndefined();
    expect(model.context('Nope')).toBeUndefined();
  });

  it('needs an R4 model', () => {
    expect(() => createFhirPathModel({ ...R4_MODEL, fhirVersion: '5.0.0' })).toThrow(/R4/);
  });

  it('knows the type hierarchy of the fhirpath package', () => {
    expect(model.isType('Age', 'Quantity')).toBe(true);
    expect(model.isType('code', 'string')).toBe(true);
    expect(model.isType('boolean', 'Boolean')).toBe(false);
    expect(model.isTypeName('Boolean')).toBe(true);
    expect(model.isFhirType('Boolean')).toBe(false);
  });
});
