import type { CodeableConcept, Coding, Parameters, ParametersParameter } from '@lhcr/models';

/** One input parameter of an operation, with its FHIR type. */
export type InParameter =
  | {
      readonly name: string;
      readonly type: 'Uri' | 'Code' | 'String' | 'Canonical';
      readonly value: string;
    }
  | { readonly name: string; readonly type: 'Boolean'; readonly value: boolean }
  | { readonly name: string; readonly type: 'Integer'; readonly value: number }
  | { readonly name: string; readonly type: 'Coding'; readonly value: Coding }
  | { readonly name: string; readonly type: 'CodeableConcept'; readonly value: CodeableConcept };

/** Whether every parameter can go in a query string. */
export function isQueryable(parameters: readonly InParameter[]): boolean {
  return parameters.every((p) => p.type !== 'Coding' && p.type !== 'CodeableConcept');
}

/** `?a=1&b=2` for primitive parameters. */
export function toQuery(parameters: readonly InParameter[]): string {
  const search = new URLSearchParams();
  for (const p of parameters) {
    if (p.type !== 'Coding' && p.type !== 'CodeableConcept') search.append(p.name, String(p.value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** A `Parameters` resource for a POST. */
export function toParameters(parameters: readonly InParameter[]): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: parameters.map((p): ParametersParameter => {
      switch (p.type) {
        case 'Uri':
          return { name: p.name, valueUri: p.value };
        case 'Canonical':
          return { name: p.name, valueCanonical: p.value };
        case 'Code':
          return { name: p.name, valueCode: p.value };
        case 'String':
          return { name: p.name, valueString: p.value };
        case 'Boolean':
          return { name: p.name, valueBoolean: p.value };
        case 'Integer':
          return { name: p.name, valueInteger: p.value };
        case 'Coding':
          return { name: p.name, valueCoding: p.value };
        case 'CodeableConcept':
          return { name: p.name, valueCodeableConcept: p.value };
      }
    }),
  };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The output parameters of a `Parameters` resource, by name (first of each), or undefined. */
export function readParameters(
  json: unknown,
): ReadonlyMap<string, Readonly<Record<string, unknown>>> | undefined {
  if (!isRecord(json) || json.resourceType !== 'Parameters') return undefined;
  const list = json.parameter ?? [];
  if (!Array.isArray(list)) return undefined;
  const byName = new Map<string, Readonly<Record<string, unknown>>>();
  for (const item of list) {
    if (isRecord(item) && typeof item.name === 'string' && !byName.has(item.name))
      byName.set(item.name, item);
  }
  return byName;
}

/** The first string-like `value[x]` of a parameter (string, uri, code, canonical, id). */
export function stringValue(
  parameter: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (parameter === undefined) return undefined;
  for (const key of [
    'valueString',
    'valueUri',
    'valueCode',
    'valueCanonical',
    'valueId',
    'valueUrl',
  ]) {
    const value = parameter[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
