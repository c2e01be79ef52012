import type { CodeableConcept, Coding } from '@lhcr/models';
import type { DeferredCodeCheck, RawIssue } from '../../engine/run';
import type { TerminologyClient } from './terminology-client';
import { isTerminologyError } from './terminology-error';
import type { TerminologyServerInfo, TerminologyValidateCodeResult } from './terminology-results';

/** How many requests to the terminology server may be in flight at once. */
const CONCURRENCY = 8;

/**
 * Asks a terminology server about the codes validation could not check locally, and folds the
 * answers into the issues: a note that a code was not verified is removed when the server
 * confirms it, and becomes an error (or a warning or information, by binding strength) when the
 * server rejects it. One information issue records the server and the code system versions
 * used; one warning says so when the server could not answer, and the notes then stay.
 *
 * @example
 * ```ts
 * await checkDeferredCodes(deferred, issues, createTerminologyClient({ baseUrl }));
 * ```
 */
export async function checkDeferredCodes(
  deferred: readonly DeferredCodeCheck[],
  issues: RawIssue[],
  client: TerminologyClient,
): Promise<void> {
  if (deferred.length === 0) return;
  const answers = new Map<string, Promise<TerminologyValidateCodeResult>>();
  const ask = (check: DeferredCodeCheck): Promise<TerminologyValidateCodeResult> => {
    const key = JSON.stringify([check.valueSet, check.type, check.value]);
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = askServer(check, client);
      answers.set(key, answer);
    }
    return answer;
  };

  const results: {
    check: DeferredCodeCheck;
    result?: TerminologyValidateCodeResult;
    error?: unknown;
  }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < deferred.length) {
      const check = deferred[next++];
      if (check === undefined) break;
      try {
        results.push({ check, result: await ask(check) });
      } catch (error) {
        results.push({ check, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, deferred.length) }, worker));

  const versions = new Map<string, string>();
  let server: TerminologyServerInfo | undefined;
  let failure: unknown;
  let unanswered = 0;
  for (const { check, result, error } of results) {
    if (result === undefined) {
      failure ??= error;
      unanswered++;
      continue;
    }
    server ??= result.server;
    if (result.system !== undefined && result.codeSystemVersion !== undefined) {
      versions.set(result.system, result.codeSystemVersion);
    }
    if (check.placeholder !== undefined) remove(issues, check.placeholder);
    if (!result.valid) issues.push(rejection(check, result));
  }
  if (server !== undefined) {
    const systems = [...versions].map(([system, version]) => `${system} ${version}`).join(', ');
    issues.push({
      severity: 'information',
      code: 'informational',
      pointer: '',
      whole: true,
      diagnostics: `Codes checked with the terminology server ${server.url}${server.software === undefined ? '' : ` (${server.software}${server.softwareVersion === undefined ? '' : ` ${server.softwareVersion}`})`}${systems === '' ? '' : `; code system versions: ${systems}`}`,
    });
  }
  if (unanswered > 0) {
    const why = isTerminologyError(failure)
      ? failure.message
      : failure instanceof Error
        ? failure.message
        : 'no answer';
    issues.push({
      severity: 'warning',
      code: 'exception',
      pointer: '',
      whole: true,
      diagnostics: `The terminology server ${client.baseUrl} could not check ${String(unanswered)} code(s), which were not verified: ${why}`,
    });
  }
}

function askServer(
  check: DeferredCodeCheck,
  client: TerminologyClient,
): Promise<TerminologyValidateCodeResult> {
  const value = check.value;
  const coded = codedInput(check.type, value);
  if (check.valueSet !== undefined)
    return client.validateCodeInValueSet({ url: check.valueSet, ...coded });
  const coding = value as Coding;
  return client.validateCodeInCodeSystem({
    system: coding.system ?? '',
    code: coding.code ?? '',
    ...(coding.version === undefined ? {} : { version: coding.version }),
    ...(coding.display === undefined ? {} : { display: coding.display }),
  });
}

function codedInput(
  type: string,
  value: unknown,
): { code?: string; coding?: Coding; codeableConcept?: CodeableConcept } {
  if (typeof value === 'string') return { code: value };
  if (type === 'CodeableConcept') return { codeableConcept: value as CodeableConcept };
  return { coding: value as Coding };
}

function rejection(check: DeferredCodeCheck, result: TerminologyValidateCodeResult): RawIssue {
  const why = result.message === undefined ? '' : `: ${result.message}`;
  const from = check.profile === undefined ? '' : ` (from ${check.profile})`;
  if (check.valueSet === undefined) {
    return {
      severity: 'error',
      code: 'code-invalid',
      pointer: `${check.pointer}/code`,
      diagnostics: `The terminology server does not know this code in its code system${why}`,
    };
  }
  const severity =
    check.strength === 'required'
      ? 'error'
      : check.strength === 'extensible'
        ? 'warning'
        : 'information';
  return {
    severity,
    code: 'code-invalid',
    pointer: check.pointer,
    diagnostics: `The code is not in the ${check.strength ?? ''} value set ${check.valueSet}, says the terminology server${why}${from}`,
  };
}

function remove(issues: RawIssue[], issue: RawIssue): void {
  const at = issues.indexOf(issue);
  if (at !== -1) issues.splice(at, 1);
}
