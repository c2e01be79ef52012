import type { FhirPathChild, FhirPathModel } from '../fhirpath-model';
import type { InvariantEnv } from '../invariant-env';
import { PrimitiveNode } from '../primitive-node';
import type { PackageNode } from './oracle';
import { packageChildren, packageRoot } from './oracle';

/** One node of a resource, as the validator and the `fhirpath` package each see it. */
export interface Visit {
  /** The JSON object, or a PrimitiveNode for a primitive. */
  readonly node: unknown;
  /** The `fhirpath` package's node for it. */
  readonly packageNode: PackageNode;
  /** The element definition path (`Patient.name`, `HumanName.period`, `Observation.value[x]`). */
  readonly elementPath: string;
  /** The element path as a context type (`Observation.valueQuantity`). */
  readonly contextPath: string;
  /** The node path: type name, backbone path or resource type. */
  readonly typePath: string;
  readonly env: InvariantEnv;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function childVisits(
  model: FhirPathModel,
  json: Json,
  pkg: PackageNode,
  typePath: string,
  env: InvariantEnv,
  out: Visit[],
): void {
  const type = model.node(typePath);
  const done = new Set<string>();
  for (const key of Object.keys(json)) {
    const plain = key.startsWith('_') ? key.slice(1) : key;
    const found = type.childrenByJson.get(plain);
    if (found === undefined || done.has(plain)) continue;
    done.add(plain);
    const { child, form } = found;
    const nodes = packageChildren(pkg, child.name);
    const elementPath = `${typePath}.${child.name}${child.choice ? '[x]' : ''}`;
    const contextPath = `${typePath}.${form.json}`;
    const value = json[form.json];
    const ext = json[`_${form.json}`];
    nodes.forEach((node, index) => {
      const itemValue: unknown = Array.isArray(value) ? value[index] : value;
      const itemExt: unknown = Array.isArray(ext) ? ext[index] : ext;
      visit(
        model,
        child,
        form.nodePath,
        form.primitive,
        itemValue,
        itemExt,
        node,
        elementPath,
        contextPath,
        env,
        out,
      );
    });
  }
}

function visit(
  model: FhirPathModel,
  child: FhirPathChild,
  nodePath: string,
  primitive: boolean,
  value: unknown,
  ext: unknown,
  pkg: PackageNode,
  elementPath: string,
  contextPath: string,
  env: InvariantEnv,
  out: Visit[],
): void {
  if (primitive) {
    out.push({
      node: new PrimitiveNode(value ?? null, ext ?? undefined, nodePath),
      packageNode: pkg,
      elementPath,
      contextPath,
      typePath: nodePath,
      env,
    });
    return;
  }
  if (!isObject(value)) return;
  const resourceType = value.resourceType;
  if (typeof resourceType === 'string') {
    // A nested resource: contained ones keep their container as %rootResource.
    const nested: InvariantEnv =
      child.name === 'contained'
        ? { ...env, resource: value, rootResource: env.resource }
        : { ...env, resource: value, rootResource: value };
    out.push({
      node: value,
      packageNode: pkg,
      elementPath,
      contextPath,
      typePath: resourceType,
      env: nested,
    });
    childVisits(model, value, pkg, resourceType, nested, out);
    return;
  }
  out.push({ node: value, packageNode: pkg, elementPath, contextPath, typePath: nodePath, env });
  childVisits(model, value, pkg, nodePath, env, out);
}

/** The callbacks the environment gives invariants in these tests. */
export type Services = Pick<InvariantEnv, 'resolve' | 'htmlChecks'>;

/**
 * Test services: `htmlChecks` accepts narrative whose length is even (so both answers occur);
 * `resolve` finds `#id` among the document's contained resources and `Type/id` among all of its
 * resources.
 */
export function testServices(document: Json): Services {
  const resources: Json[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value)) {
      if (typeof value.resourceType === 'string') resources.push(value);
      Object.values(value).forEach(collect);
    }
  };
  collect(document);
  return {
    htmlChecks: (xhtml) => xhtml.length % 2 === 0,
    resolve: (reference) => {
      if (reference.startsWith('#')) return resources.find((r) => r.id === reference.slice(1));
      const [type, id] = reference.split('/').slice(-2);
      return resources.find((r) => r.resourceType === type && r.id === id);
    },
  };
}

/** Every node of a resource (nested resources included), with its environment. */
export function walkResource(
  model: FhirPathModel,
  resource: Json,
  services: Services = testServices(resource),
): Visit[] {
  const out: Visit[] = [];
  const root = packageRoot(resource);
  const type = String(resource.resourceType);
  const env: InvariantEnv = { ...services, resource, rootResource: resource };
  out.push({
    node: resource,
    packageNode: root,
    elementPath: type,
    contextPath: type,
    typePath: type,
    env,
  });
  childVisits(model, resource, root, type, env, out);
  return out;
}
