import type { JsonObject, ValidationRun } from '../engine/run';
import { escapePointer, isJsonObject } from '../engine/run';
import type { ProfileNode } from './profile-tree';

/**
 * Reports, as information, the must-support elements of a profile that the instance leaves out:
 * what a sender should populate when it has the data. Children of must-support elements are
 * looked at only where their parent is present.
 *
 * @see https://hl7.org/fhir/R4/profiling.html#mustsupport
 * @example
 * reportMissingMustSupport(ukCorePatientTree, patient, run, 'UKCore-Patient');
 */
export function reportMissingMustSupport(
  root: ProfileNode,
  resource: JsonObject,
  run: ValidationRun,
  label: string,
): void {
  visit(root, resource, run.pointer, root.definition.path, run, label);
}

function visit(
  node: ProfileNode,
  data: JsonObject,
  pointer: string,
  path: string,
  run: ValidationRun,
  label: string,
): void {
  for (const child of node.children) {
    const isChoice = child.name.endsWith('[x]');
    const stem = isChoice ? child.name.slice(0, -3) : child.name;
    const keys = Object.keys(data).filter((k) =>
      isChoice
        ? k.startsWith(stem) && /^[A-Z]/.test(k.slice(stem.length))
        : k === child.name || k === `_${child.name}`,
    );
    const childPath = `${path}.${stem}`;
    if (keys.length === 0) {
      if (child.definition.mustSupport === true) {
        run.issues.push({
          severity: 'information',
          code: 'informational',
          pointer: `${pointer}/${escapePointer(stem)}`,
          diagnostics: `Must-support element ${childPath} is absent: populate it when the data exists (from ${label})`,
        });
      }
      continue;
    }
    if (child.children.length === 0) continue;
    for (const key of keys) {
      if (key.startsWith('_')) continue;
      const value = data[key];
      const items: unknown[] = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        if (!isJsonObject(item)) return;
        const at = `${pointer}/${escapePointer(key)}${Array.isArray(value) ? `/${String(i)}` : ''}`;
        visit(child, item, at, childPath, run, label);
      });
    }
  }
}
