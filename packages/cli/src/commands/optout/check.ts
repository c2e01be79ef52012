import { formatNhsNumber, parseNhsNumber } from '@lhcr/models';
import { checkOptOut } from '@lhcr/optout';
import type { OptOutDecision } from '@lhcr/optout';
import { EXIT } from '../../exit-codes';
import type { ExitCode } from '../../exit-codes';
import type { CommandContext } from '../../internal/command-context';
import { loadSetup, requestFromOptions } from './shared';
import type { DecisionOptions } from './shared';

/**
 * The options of `lhcr optout check`.
 *
 * @example
 * ```ts
 * const options: OptOutCheckOptions = { purpose: 'research', register: [], format: 'json' };
 * ```
 */
export type OptOutCheckOptions = DecisionOptions;

function describeRegister(register: OptOutDecision['registers'][number]): string {
  const parts = [`${register.register}: ${register.state}`];
  if (register.state !== register.recordedState) parts.push(`(recorded ${register.recordedState})`);
  if (register.registerId !== undefined) parts.push(`register ${register.registerId}`);
  if (register.asOf !== undefined) {
    const age = register.ageDays === undefined ? '' : `, ${String(register.ageDays)} days old`;
    const limit = register.maxAgeDays === undefined ? '' : `, max ${String(register.maxAgeDays)}`;
    parts.push(`as of ${register.asOf}${age}${limit}`);
  }
  if (register.since !== undefined) parts.push(`since ${register.since}`);
  if (register.detail !== undefined) parts.push(`- ${register.detail}`);
  return parts.join(' ');
}

/**
 * Renders an explained decision as text.
 *
 * @example
 * ```ts
 * io.stdout(renderDecision('943 476 5919', decision, colour));
 * ```
 */
export function renderDecision(
  who: string,
  decision: OptOutDecision,
  colour: CommandContext['colour'],
): string {
  const mark = decision.effect === 'permit' ? colour.green('✓ permit') : colour.red('✗ deny');
  const request = decision.request;
  const lines = [
    `${mark}  ${who}${request ? `  ${request.purpose} (${request.purposeOfUse})` : ''}`,
    `  rule:      ${decision.ruleId} (policy ${decision.policy.id} ${decision.policy.version})`,
    ...decision.reasons.map(
      (reason, index) => `  ${index === 0 ? 'reasons:  ' : '          '} ${reason}`,
    ),
  ];
  if (decision.registers.length === 0) lines.push('  registers: none consulted');
  decision.registers.forEach((register, index) => {
    lines.push(`  ${index === 0 ? 'registers:' : '          '} ${describeRegister(register)}`);
  });
  if (request) {
    lines.push(
      `  request:   basis ${request.basis}, ${request.identifiability}, origin ${request.origin}, date ${request.date}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The body of `lhcr optout check <nhs-number>`: looks the patient up in the registers given and
 * prints the explained decision (text, or JSON with `--format json`). Exits 0 on permit, 1 on
 * deny, 2 for a bad NHS number, option or register file.
 *
 * @example
 * ```ts
 * // lhcr optout check 9434765919 --purpose research --register ndop-cleared@2025-02-28=response.dat
 * await runOptOutCheck('9434765919', options, context); // 1 when denied
 * ```
 */
export async function runOptOutCheck(
  nhsNumberText: string,
  options: OptOutCheckOptions,
  context: CommandContext,
): Promise<ExitCode> {
  const parsed = parseNhsNumber(nhsNumberText);
  if (!parsed.ok) context.usageError(`<nhs-number>: ${parsed.message}`);
  const request = requestFromOptions(options, context);
  const setup = await loadSetup(options, context);
  if ('exit' in setup) return setup.exit;
  const decision = checkOptOut(
    { ...request, nhsNumber: parsed.value },
    setup.registers,
    setup.policy,
  );
  if (options.format === 'json') {
    context.io.stdout(`${JSON.stringify({ nhsNumber: parsed.value, decision }, null, 2)}\n`);
  } else {
    context.io.stdout(renderDecision(formatNhsNumber(parsed.value), decision, context.colour));
  }
  return decision.effect === 'permit' ? EXIT.ok : EXIT.failed;
}
