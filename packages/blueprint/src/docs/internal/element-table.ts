import type { ElementDefinition, StructureDefinition } from '@lhcr/models';
import { escapeHtml, inline, table } from './html';

function lastSegment(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

function typeCell(element: ElementDefinition): string {
  return (element.type ?? [])
    .map((type) => {
      const profiles = [...(type.profile ?? []), ...(type.targetProfile ?? [])];
      const suffix =
        profiles.length === 0
          ? ''
          : ` (${profiles.map((url) => `<span title="${escapeHtml(url)}">${escapeHtml(lastSegment(url))}</span>`).join(' | ')})`;
      return `${escapeHtml(type.code.startsWith('http') ? lastSegment(type.code) : type.code)}${suffix}`;
    })
    .join(', ');
}

function bindingCell(element: ElementDefinition): string {
  const binding = element.binding;
  if (binding === undefined) return '';
  const valueSet =
    binding.valueSet === undefined
      ? ''
      : ` <span title="${escapeHtml(binding.valueSet)}">${escapeHtml(lastSegment(binding.valueSet))}</span>`;
  return `${escapeHtml(binding.strength)}${valueSet}`;
}

function fixedCell(element: ElementDefinition): string {
  return Object.entries(element)
    .filter(([key]) => /^(fixed|pattern)[A-Z]/.test(key))
    .map(([key, value]) => {
      const text = JSON.stringify(value);
      return `<span class="muted">${escapeHtml(key.startsWith('fixed') ? 'fixed' : 'pattern')}:</span> <code>${escapeHtml(text.length > 120 ? `${text.slice(0, 117)}...` : text)}</code>`;
    })
    .join('<br>');
}

function cardinality(element: ElementDefinition, fromSnapshot: boolean): string {
  if (fromSnapshot) return `${String(element.min ?? 0)}..${element.max ?? '*'}`;
  if (element.min === undefined && element.max === undefined)
    return '<span class="muted">inherited</span>';
  return `${element.min === undefined ? '<span class="muted">-</span>' : String(element.min)}..${element.max ?? '<span class="muted">-</span>'}`;
}

/** The element path as shown: the element id (with `:slice` names), indented by depth. */
function pathCell(element: ElementDefinition, constrained: boolean): string {
  const id = element.id ?? element.path;
  const depth = Math.min(4, id.split('.').length - 1);
  const code = `<code class="indent-${String(depth)}">${escapeHtml(id)}</code>`;
  return constrained ? `<strong>${code}</strong>` : code;
}

/**
 * The element table of a profile: from its snapshot when there is one, else from its
 * differential (which lists only what the profile changes; cardinality not stated there is
 * shown as inherited).
 */
export function elementTable(
  differential: StructureDefinition,
  snapshot: StructureDefinition | undefined,
): string {
  const snapshotElements = snapshot?.snapshot?.element;
  const fromSnapshot = snapshotElements !== undefined;
  const elements = snapshotElements ?? differential.differential?.element ?? [];
  const note = fromSnapshot
    ? '<p>All elements, from the snapshot generated against the base definitions. Paths in bold are the ones this profile constrains.</p>'
    : '<p class="notice">This table lists the <strong>differential</strong>: only the elements this profile constrains. A full table from the snapshot appears when the docs are built with a FHIR context (the validator and the profile\'s FHIR dependencies installed).</p>';
  const constrained = new Set(
    (differential.differential?.element ?? []).map((element) => element.id ?? element.path),
  );
  const rows = elements.map((element) => [
    pathCell(element, fromSnapshot && constrained.has(element.id ?? element.path)),
    cardinality(element, fromSnapshot),
    typeCell(element),
    bindingCell(element),
    element.mustSupport === true
      ? '<span aria-hidden="true">&#10003;</span><span class="visually-hidden">must support</span>'
      : '',
    fixedCell(element),
    element.short === undefined ? '' : inline(element.short),
  ]);
  return `${note}\n${table(
    `Elements of ${differential.title ?? differential.name}${fromSnapshot ? '' : ' (differential)'}`,
    [
      'Path',
      'Cardinality',
      'Type',
      'Binding',
      'Must support',
      'Fixed or pattern value',
      'Description',
    ],
    rows,
  )}`;
}
