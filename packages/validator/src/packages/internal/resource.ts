import type { LoadedResource } from '../fhir-package';

/** A resource read from a file, or what is wrong with the file (to follow its name). */
export type ResourceOutcome =
  | { readonly ok: true; readonly value: LoadedResource }
  | { readonly ok: false; readonly problem: string };

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the JSON type of a value without showing the value. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Wraps parsed JSON as a {@link LoadedResource}, or says why it is not a resource. */
export function summarise(fileName: string, json: unknown): ResourceOutcome {
  if (!isRecord(json)) {
    return { ok: false, problem: `is ${describe(json)}, not a JSON object with a resourceType` };
  }
  const { resourceType, id, url, version } = json;
  if (typeof resourceType !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(resourceType)) {
    return { ok: false, problem: 'has no resourceType (expected a name such as "ValueSet")' };
  }
  return {
    ok: true,
    value: {
      resourceType,
      ...(typeof id === 'string' ? { id } : {}),
      ...(typeof url === 'string' ? { url } : {}),
      ...(typeof version === 'string' ? { version } : {}),
      fileName,
      resource: json,
    },
  };
}

/** Parses a resource file's text. */
export function toLoadedResource(fileName: string, text: string): ResourceOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `is not valid JSON (${(error as Error).message})` };
  }
  return summarise(fileName, json);
}
