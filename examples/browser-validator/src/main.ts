import type { OperationOutcomeIssue } from '@lhcr/models';
import { createValidator } from '@lhcr/validator';

// Base FHIR R4 for every resource type, compiled in the page: no server, no Node built-ins.
const validator = createValidator({ reportUnverifiedCodes: false });

const LINE = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line';
const COLUMN = 'http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col';

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html has no ${type.name} with id "${id}"`);
  return found;
}

/** Where in the pasted text an issue is, from the OperationOutcome's standard extensions. */
function position(issue: OperationOutcomeIssue): string {
  const at = (url: string): number | undefined =>
    issue.extension?.find((extension) => extension.url === url)?.valueInteger;
  const line = at(LINE);
  const column = at(COLUMN);
  return line === undefined ? '' : `line ${String(line)}, column ${String(column ?? 1)}`;
}

function issueItem(issue: OperationOutcomeIssue): HTMLLIElement {
  const item = document.createElement('li');
  const severity = document.createElement('span');
  severity.className = `severity severity-${issue.severity}`;
  severity.textContent = issue.severity;
  item.append(severity);
  const expression = issue.expression?.join(', ') ?? '';
  if (expression !== '') {
    const code = document.createElement('code');
    code.className = 'expression';
    code.textContent = expression;
    item.append(code, ': ');
  }
  item.append(issue.diagnostics ?? issue.code);
  const where = position(issue);
  if (where !== '') {
    const small = document.createElement('small');
    small.textContent = ` (${where})`;
    item.append(small);
  }
  return item;
}

element('validate-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  const result = validator.validateText(element('resource', HTMLTextAreaElement).value);
  const issues = result.outcome.issue;
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').length;
  element('summary', HTMLParagraphElement).textContent = result.ok
    ? `Valid FHIR R4 (${String(result.issues.length)} note(s)).`
    : `Not valid: ${String(errors)} error(s).`;
  element('issues', HTMLOListElement).replaceChildren(...issues.map(issueItem));
  element('outcome-json', HTMLPreElement).textContent = JSON.stringify(result.outcome, null, 2);
});
