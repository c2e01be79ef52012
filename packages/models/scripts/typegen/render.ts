import type { PropertyDecl, TypeDecl, TypeModel } from './model';

const BANNER = [
  '// This file is generated from the FHIR R4 StructureDefinitions. Do not edit it by hand:',
  '// run `npm run generate --workspace=@lhcr/models` (packages/models/scripts/generate-fhir-types.ts).',
  '/* eslint-disable */',
];

/** Renders the type model as one TypeScript module: primitives, data types, resources, guards. */
export function renderTypeScript(model: TypeModel): string {
  const out: string[] = [...BANNER, ''];
  out.push(`/** The FHIR version these types were generated from. */`);
  out.push(`export const FHIR_VERSION = ${JSON.stringify(model.fhirVersion)};`, '');

  for (const p of model.primitives) {
    out.push(docBlock([p.doc, `FHIR \`${p.fhirType}\`, a JSON ${p.jsonType}.`], ''));
    out.push(`export type ${p.name} = ${p.jsonType};`, '');
  }

  const resourceUnion = model.resourceTypes.map((t) => JSON.stringify(t)).join('\n  | ');
  out.push(
    docBlock(['The name of every concrete FHIR R4 resource type.'], ''),
    `export type ResourceType =\n  | ${resourceUnion};`,
    '',
    docBlock(['Every concrete resource type, for checks at run time.'], ''),
    `export const RESOURCE_TYPES: readonly ResourceType[] = [\n${model.resourceTypes
      .map((t) => `  ${JSON.stringify(t)},`)
      .join('\n')}\n];`,
    '',
    docBlock(['Any FHIR R4 resource: a union discriminated on `resourceType`.'], ''),
    `export type AnyResource =\n  | ${model.resourceTypes.join('\n  | ')};`,
    '',
    docBlock(['Maps each `resourceType` to its interface.'], ''),
    `export interface ResourceTypeMap {\n${model.resourceTypes
      .map((t) => `  ${t}: ${t};`)
      .join('\n')}\n}`,
    '',
  );

  for (const type of model.types) out.push(renderInterface(type), '');

  for (const t of model.resourceTypes) {
    out.push(
      docBlock([`True when \`value\` is an object whose \`resourceType\` is \`${t}\`.`], '', [
        `@example`,
        `if (is${t}(resource)) resource.resourceType; // '${t}'`,
      ]),
      `export function is${t}(value: unknown): value is ${t} {`,
      `  return hasResourceType(value, ${JSON.stringify(t)});`,
      '}',
      '',
    );
  }
  out.push(
    `function hasResourceType(value: unknown, type: ResourceType): boolean {`,
    `  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;`,
    '}',
    '',
  );
  return out.join('\n');
}

function renderInterface(type: TypeDecl): string {
  const lines: string[] = [];
  const see = type.url === undefined ? [] : [`@see ${specLink(type)}`];
  lines.push(docBlock([type.doc], '', see));
  lines.push(`export interface ${type.name} {`);
  if (type.kind === 'resource') {
    lines.push(
      `  /** The type of this resource. */`,
      `  resourceType: ${JSON.stringify(type.name)};`,
    );
  } else if (type.kind === 'abstract-resource') {
    lines.push(`  /** The type of the resource. */`, `  resourceType: ResourceType;`);
  }
  for (const property of type.properties) lines.push(...renderProperty(property));
  lines.push('}');
  return lines.join('\n');
}

function renderProperty(p: PropertyDecl): string[] {
  const optional = p.required ? '' : '?';
  const valueType = p.array ? arrayOf(p.type) : p.type;
  const lines = [
    docBlock([`${p.doc} (${p.cardinality})`], '  '),
    `  ${p.name}${optional}: ${valueType};`,
  ];
  if (p.primitive) {
    const siblingType = p.array ? '(Element | null)[]' : 'Element';
    lines.push(`  /** Id and extensions of \`${p.name}\`. */`, `  _${p.name}?: ${siblingType};`);
  }
  return lines;
}

function arrayOf(type: string): string {
  return type.includes(' | ') ? `(${type})[]` : `${type}[]`;
}

function specLink(type: TypeDecl): string {
  if (type.kind === 'resource' || type.kind === 'abstract-resource') {
    return `https://hl7.org/fhir/R4/${type.name.toLowerCase()}.html`;
  }
  return `https://hl7.org/fhir/R4/datatypes.html#${type.name}`;
}

function docBlock(paragraphs: string[], indent: string, tags: string[] = []): string {
  const text = [...paragraphs.filter((p) => p.length > 0), ...tags].map((line) =>
    line.replaceAll('*/', '*\\/'),
  );
  if (text.length === 1) return `${indent}/** ${text[0]} */`;
  return [`${indent}/**`, ...text.map((line) => `${indent} * ${line}`), `${indent} */`].join('\n');
}
