import { UK_CORE_EXTENSIONS } from '@lhcr/models';
import { isRecord } from '../internal/json';
import type { JsonObject } from '../internal/json';
import { elementsOf, isPrimitiveType, isResourceTypeName } from './element-model';

/**
 * One step of an element path: an element (a choice element `value[x]` matches every
 * `valueXxx`), or the extensions with one url.
 */
export type PathStep =
  | { readonly kind: 'element'; readonly name: string; readonly choice: boolean }
  | { readonly kind: 'extension'; readonly url: string };

/** An element path of a policy (`Patient.address.line`, `Patient.extension.ethnicCategory`). */
export interface ElementPath {
  readonly text: string;
  readonly resourceType: string;
  readonly steps: readonly PathStep[];
}

const NAMED_EXTENSIONS: Readonly<Record<string, string>> = UK_CORE_EXTENSIONS;
const EXTENSION_CALL = /^extension\('([^']+)'\)$/;

/**
 * Parses a policy element path: `Type.element.element...`, where `value[x]` stands for any
 * choice type, `extension.<name>` names a UK Core extension (`ethnicCategory`, `birthSex`, ...)
 * and `extension('<url>')` any extension. Returns a message when the path cannot be read.
 */
export function parseElementPath(
  text: string,
): { ok: true; path: ElementPath } | { ok: false; message: string } {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  const [resourceType, ...rest] = parts;
  if (!isResourceTypeName(resourceType)) {
    return {
      ok: false,
      message: `${JSON.stringify(text)} does not start with a FHIR R4 resource type`,
    };
  }
  if (rest.length === 0) {
    return { ok: false, message: `${JSON.stringify(text)} names no element` };
  }
  const steps: PathStep[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const part = rest[index] ?? '';
    const call = EXTENSION_CALL.exec(part);
    if (call !== null) {
      steps.push({ kind: 'extension', url: call[1] ?? '' });
      continue;
    }
    if (part === 'extension' && index + 1 < rest.length) {
      const name = rest[index + 1] ?? '';
      const url = Object.hasOwn(NAMED_EXTENSIONS, name) ? NAMED_EXTENSIONS[name] : undefined;
      if (url !== undefined) {
        steps.push({ kind: 'extension', url });
        index += 1;
        continue;
      }
      return {
        ok: false,
        message: `${JSON.stringify(text)}: extension ${JSON.stringify(name)} is not a known UK Core extension (${Object.keys(NAMED_EXTENSIONS).join(', ')}); write extension('<url>')`,
      };
    }
    if (!/^[a-z][A-Za-z0-9]*(\[x\])?$/.test(part)) {
      return {
        ok: false,
        message: `${JSON.stringify(text)}: ${JSON.stringify(part)} is not an element name`,
      };
    }
    const choice = part.endsWith('[x]');
    steps.push({ kind: 'element', name: choice ? part.slice(0, -3) : part, choice });
  }
  return { ok: true, path: { text, resourceType, steps } };
}

function matchingKeys(object: JsonObject, step: PathStep & { kind: 'element' }): string[] {
  if (!step.choice) return Object.hasOwn(object, step.name) ? [step.name] : [];
  return Object.keys(object).filter(
    (key) =>
      key.startsWith(step.name) &&
      key.length > step.name.length &&
      /[A-Z]/.test(key.charAt(step.name.length)),
  );
}

/** Every value the path selects in a resource (arrays flattened). */
export function valuesAt(resource: JsonObject, path: ElementPath): unknown[] {
  let current: unknown[] = [resource];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if (!isRecord(item)) continue;
      if (step.kind === 'extension') {
        const extensions = item['extension'];
        if (!Array.isArray(extensions)) continue;
        for (const extension of extensions) {
          if (isRecord(extension) && extension['url'] === step.url) next.push(extension);
        }
        continue;
      }
      for (const key of matchingKeys(item, step)) {
        const value = item[key];
        if (Array.isArray(value)) next.push(...(value as unknown[]));
        else if (value !== undefined) next.push(value);
      }
    }
    current = next;
  }
  return current;
}

/**
 * The FHIR data-absent-reason extension, which lhcr writes (with code `masked`) on a required
 * element it had to empty, so the output stays valid.
 *
 * @see http://hl7.org/fhir/R4/extension-data-absent-reason.html
 * @example
 * ```ts
 * observation._issued?.extension?.[0]?.url === DATA_ABSENT_REASON_URL; // the instant was masked
 * ```
 */
export const DATA_ABSENT_REASON_URL = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

/** A `masked` data-absent-reason, for required elements removed for privacy. */
export function maskedElement(): JsonObject {
  return { extension: [{ url: DATA_ABSENT_REASON_URL, valueCode: 'masked' }] };
}

/**
 * A masked value of a complex type: the data-absent-reason extension, and its own required
 * elements masked in turn (so cardinality holds all the way down).
 */
export function maskedValue(type: string, depth = 0): JsonObject {
  const out = maskedElement();
  if (depth > 16) return out;
  for (const [name, info] of elementsOf(type) ?? []) {
    if (info.required) setMasked(out, name, info.type, info.array, depth + 1);
  }
  return out;
}

/**
 * Writes a masked value for a required element `name` of `owner` (type `type`): primitives get
 * an extension-only `_name`; complex elements a {@link maskedValue}.
 */
export function setMasked(
  owner: JsonObject,
  name: string,
  type: string,
  array: boolean,
  depth = 0,
): void {
  if (isPrimitiveType(type)) {
    if (array) {
      owner[name] = [null];
      owner[`_${name}`] = [maskedElement()];
    } else {
      Reflect.deleteProperty(owner, name);
      owner[`_${name}`] = maskedElement();
    }
  } else {
    const masked = maskedValue(type, depth);
    owner[name] = array ? [masked] : masked;
  }
}

/**
 * Applies `change` to every value the path selects (in place): it returns the new value, or
 * `undefined` to remove it. A required element left with nothing is masked. Returns how many
 * values were changed or removed.
 */
export function updateAt(
  resource: JsonObject,
  path: ElementPath,
  change: (value: unknown) => unknown,
): number {
  let changed = 0;
  const visit = (owner: JsonObject, typeName: string, stepIndex: number): void => {
    const step = path.steps[stepIndex];
    if (step === undefined) return;
    const last = stepIndex === path.steps.length - 1;
    if (step.kind === 'extension') {
      const extensions = owner['extension'];
      if (!Array.isArray(extensions)) return;
      const kept: unknown[] = [];
      for (const extension of extensions as unknown[]) {
        if (!isRecord(extension) || extension['url'] !== step.url) {
          kept.push(extension);
          continue;
        }
        if (last) {
          const next = change(extension);
          changed += 1;
          if (next !== undefined) kept.push(next);
        } else {
          visit(extension, 'Extension', stepIndex + 1);
          kept.push(extension);
        }
      }
      if (kept.length === 0) delete owner['extension'];
      else owner['extension'] = kept;
      return;
    }
    const elements = elementsOf(typeName);
    for (const key of matchingKeys(owner, step)) {
      const info = elements?.get(key);
      const value = owner[key];
      if (!last) {
        const childType = info?.type ?? '';
        for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
          if (isRecord(item)) visit(item, childType, stepIndex + 1);
        }
        continue;
      }
      if (Array.isArray(value)) {
        const next = (value as unknown[])
          .map((item) => change(item))
          .filter((item) => item !== undefined);
        changed += value.length;
        if (next.length > 0) owner[key] = next;
        else Reflect.deleteProperty(owner, key);
      } else {
        const next = change(value);
        changed += 1;
        if (next === undefined) Reflect.deleteProperty(owner, key);
        else owner[key] = next;
      }
      if (!Object.hasOwn(owner, key)) {
        Reflect.deleteProperty(owner, `_${key}`);
        if (info?.required === true) setMasked(owner, key, info.type, info.array);
      }
    }
  };
  visit(resource, path.resourceType, 0);
  return changed;
}
