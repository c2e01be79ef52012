import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OptOutError } from '../errors';
import { decideOptOut } from '../decision/decide';
import { formatIssue } from '../issues';
import { NATIONAL_DEFAULT_POLICY } from './national-default';
import { MAX_POLICY_CHARS, assertOptOutPolicy, parseOptOutPolicy } from './parse-policy';

const regionYaml = readFileSync(
  new URL('./__fixtures__/region-policy.yaml', import.meta.url),
  'utf8',
);

function errors(text: unknown, source = 'policy.yaml'): string[] {
  const result = parseOptOutPolicy(text, source);
  return result.issues.filter((issue) => issue.severity === 'error').map(formatIssue);
}

describe('parseOptOutPolicy', () => {
  it('accepts the default national policy with no issues', () => {
    expect(parseOptOutPolicy(NATIONAL_DEFAULT_POLICY, 'default')).toMatchObject({
      ok: true,
      issues: [],
    });
  });

  it('reads a YAML policy and the decisions follow it', () => {
    const result = parseOptOutPolicy(regionYaml, 'region-policy.yaml');
    expect(result).toMatchObject({ ok: true, issues: [] });
    if (!result.ok) return;
    expect(result.policy.id).toBe('region-example');
    const dissent = {
      nhsNumber: 'present' as const,
      localDissent: { state: 'dissent' as const, registerId: 'c', asOf: '2025-03-01' },
    };
    expect(
      decideOptOut(
        { purpose: { purpose: 'emergency-care', purposeOfUse: 'BTG' }, date: '2025-03-01' },
        dissent,
        result.policy,
      ).ruleId,
    ).toBe('break-glass');
    expect(
      decideOptOut({ purpose: 'direct-care', date: '2025-03-01' }, dissent, result.policy).ruleId,
    ).toBe('local-dissent');
    expect(
      decideOptOut(
        { purpose: 'research', basis: 'legal-requirement', date: '2025-03-01' },
        dissent,
        result.policy,
      ).ruleId,
    ).toBe('exemptions');
  });

  it('reads the same policy written as JSON text', () => {
    const result = parseOptOutPolicy(
      JSON.stringify(NATIONAL_DEFAULT_POLICY, null, 2),
      'national.json',
    );
    expect(result.ok && result.policy).toEqual(NATIONAL_DEFAULT_POLICY);
  });

  it('returns a deeply frozen copy', () => {
    const input = JSON.parse(JSON.stringify(NATIONAL_DEFAULT_POLICY)) as unknown;
    const result = parseOptOutPolicy(input);
    if (!result.ok) throw new Error('expected ok');
    expect(result.policy).not.toBe(input);
    expect(Object.isFrozen(result.policy.rules[0])).toBe(true);
  });

  it('locates schema errors by line, column and expression', () => {
    const text = [
      'id: x',
      'version: 1.0.0',
      'rules:',
      '  - id: a',
      '    when: { purpose: [treatment] }',
      '    effect: allow',
      '    reasons: [ok]',
      '',
    ].join('\n');
    expect(errors(text)).toEqual([
      'policy.yaml:5:23: error: must be one of direct-care, emergency-care, research, planning, commissioning, invoice-validation, public-health, population-health, clinical-audit; found "treatment" (at rules[0].when.purpose[0])',
      'policy.yaml:6:13: error: must be one of permit, deny; found "allow" (at rules[0].effect)',
    ]);
  });

  it('reports unknown and missing properties where they are', () => {
    const text = [
      'id: x',
      'version: 1.0.0',
      'rules:',
      '  - id: a',
      '    effect: deny',
      '    reason: [typo]',
      '',
    ].join('\n');
    expect(errors(text)).toEqual([
      "policy.yaml:4:5: error: missing required property 'reasons' (at rules[0])",
      "policy.yaml:6:5: error: unknown property 'reason' (at rules[0].reason)",
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(errors('id: x\nid: y\nversion: 1.0.0\nrules: []\n')[0]).toMatch(
      /^policy\.yaml:2:1: error: duplicate key/,
    );
    expect(errors('id: [unclosed\n')[0]).toMatch(/^policy\.yaml:\d+:\d+: error: cannot parse/);
  });

  it('checks the id, version and that there is at least one rule', () => {
    expect(errors({ id: 'Bad Id', version: 'one', rules: [] }, 'object')).toEqual([
      'object: error: must match ^[a-z0-9][a-z0-9.-]{0,99}$; found "Bad Id" (at id)',
      'object: error: must match ^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?$; found "one" (at version)',
      'object: error: must NOT have fewer than 1 items (at rules)',
    ]);
    expect(errors(null, 'empty')).toEqual([
      'empty: error: must be object; found null (at (document))',
    ]);
  });

  it('rejects duplicate rule ids and unknown reason placeholders', () => {
    const policy = {
      id: 'x',
      version: '1.0.0',
      rules: [
        {
          id: 'a',
          when: { purposeCategory: ['direct-care'] },
          effect: 'permit',
          reasons: ['{purpose} {nhsNumber.value}'],
        },
        { id: 'a', effect: 'deny', reasons: ['no'] },
      ],
    };
    const messages = errors(policy, 'object');
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('unknown placeholder {nhsNumber.value}');
    expect(messages[0]).toContain('(at rules[0].reasons[0])');
    expect(messages[1]).toContain(
      "rule id 'a' is already used by rules[0]; rule ids must be unique (at rules[1].id)",
    );
  });

  it('rejects impossible dates in date conditions', () => {
    const policy = {
      id: 'x',
      version: '1.0.0',
      rules: [
        { id: 'a', when: { date: { before: '2019-02-30' } }, effect: 'deny', reasons: ['x'] },
      ],
    };
    expect(errors(policy, 'object')[0]).toContain('date.before must be a calendar date');
  });

  it('warns about unreachable rules, a missing catch-all and conditions that cannot apply to direct care', () => {
    const unreachable = parseOptOutPolicy({
      id: 'x',
      version: '1.0.0',
      rules: [
        { id: 'all', effect: 'deny', reasons: ['x'] },
        { id: 'never', effect: 'permit', reasons: ['y'] },
      ],
    });
    expect(unreachable.ok).toBe(true);
    expect(unreachable.issues.map((issue) => issue.diagnostics)).toEqual([
      "rule 'never' can never match: rule 'all' before it matches every request",
    ]);
    const gap = parseOptOutPolicy({
      id: 'x',
      version: '1.0.0',
      rules: [
        { id: 'optouts', when: { nationalOptOut: ['opted-out'] }, effect: 'deny', reasons: ['x'] },
      ],
    });
    expect(gap.issues.map((issue) => issue.diagnostics)).toEqual([
      expect.stringContaining(
        "rule 'optouts' tests the national data opt-out or Type 1 without excluding direct care",
      ),
      expect.stringContaining(
        "no rule matches every request; a request no rule matches is denied with rule id 'no-rule-matched'",
      ),
    ]);
  });

  it('refuses documents over the size limit', () => {
    const result = parseOptOutPolicy(' '.repeat(MAX_POLICY_CHARS + 1));
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'too-long' }] });
  });

  it('never throws on arbitrary input', () => {
    const circular: Record<string, unknown> = { id: 'x', version: '1.0.0' };
    circular['rules'] = [circular];
    for (const input of [
      undefined,
      42,
      'plain text',
      '- a\n- b\n',
      '{',
      [],
      { rules: 'x' },
      '&a [*a]',
      circular,
    ]) {
      expect(parseOptOutPolicy(input).ok).toBe(false);
    }
    expect(parseOptOutPolicy('&a [*a]').issues[0]?.diagnostics).toContain('refers to itself');
  });
});

describe('assertOptOutPolicy', () => {
  it('returns the policy or throws a config OptOutError with the issues', () => {
    expect(assertOptOutPolicy(regionYaml).id).toBe('region-example');
    let thrown: unknown;
    try {
      assertOptOutPolicy('id: x\n', 'broken.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OptOutError);
    expect(thrown).toMatchObject({ code: 'config' });
    expect((thrown as OptOutError).message).toContain(
      "opt-out policy broken.yaml is not valid: 2 issue(s), first: missing required property 'version'",
    );
    expect((thrown as OptOutError).issues.length).toBe(2);
  });
});
