import { isTestRangeNhsNumber, parseNhsNumber } from '@lhcr/models';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli';
import { EXIT } from '../exit-codes';
import {
  MAX_GENERATE,
  checkNhsNumber,
  generateDistinctTestNhsNumbers,
  parseGenerateCount,
} from './nhs-number';

const INVALID_CHECK_DIGIT =
  'NHS number fails the modulus 11 check: the last digit does not match the first nine';

describe('lhcr nhs-number <numbers...>', () => {
  it('accepts valid numbers in any spacing and exits 0', async () => {
    const { code, stdout, stderr } = await runCli([
      'nhs-number',
      '9434765919',
      '943 476 5919',
      '943-476-5919',
      ' 900 000 0009 ',
    ]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe('✓ 943 476 5919  valid\n'.repeat(3) + '✓ 900 000 0009  valid\n');
    expect(stderr).toBe('');
  });

  it('reports each invalid number as typed, with its reason, and exits 1', async () => {
    const { code, stdout, stderr } = await runCli([
      'nhs-number',
      '9434765919',
      '943 476 5918',
      '12345',
      '1111111111',
    ]);
    expect(code).toBe(EXIT.failed);
    expect(stdout.split('\n')).toEqual([
      '✓ 943 476 5919  valid',
      `✗ 943 476 5918  invalid: ${INVALID_CHECK_DIGIT}`,
      '✗ 12345  invalid: NHS number must have 10 digits; found 5',
      '✗ 1111111111  invalid: NHS number must not be one digit repeated ten times',
      '',
    ]);
    expect(stderr).toBe('');
  });

  it('shows empty input visibly and escapes control characters', async () => {
    const { code, stdout } = await runCli(['nhs-number', '', '943\u001b[31m']);
    expect(code).toBe(EXIT.failed);
    expect(stdout).toContain('✗ ""  invalid: NHS number is empty');
    expect(stdout).toContain('✗ 943\\u001b[31m  invalid: ');
    // eslint-disable-next-line no-control-regex -- checking no raw escape reaches the terminal
    expect(stdout).not.toMatch(/\u001b/);
  });

  it('prints a JSON array of checks with --format json', async () => {
    const { code, stdout, stderr } = await runCli([
      'nhs-number',
      '--format',
      'json',
      '943-476-5919',
      '9990000018',
      '9434765918',
    ]);
    expect(code).toBe(EXIT.failed);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual([
      { input: '943-476-5919', valid: true, formatted: '943 476 5919', testRange: false },
      { input: '9990000018', valid: true, formatted: '999 000 0018', testRange: true },
      {
        input: '9434765918',
        valid: false,
        code: 'check-digit',
        message: INVALID_CHECK_DIGIT,
        testRange: false,
      },
    ]);
  });

  it('exits 0 with --format json when every number is valid', async () => {
    const { code, stdout } = await runCli(['nhs-number', '9434765919', '--format', 'json']);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });

  it('rejects an unknown --format', async () => {
    const { code, stderr } = await runCli(['nhs-number', '--format', 'xml', '9434765919']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain('Allowed choices are text, json');
  });

  it('requires numbers or --generate', async () => {
    const { code, stdout, stderr } = await runCli(['nhs-number']);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: give one or more NHS numbers to check, or --generate <count>');
    expect(stderr).toContain('Usage: lhcr nhs-number [options] [numbers...]');
  });

  it('warns that --display does nothing without --generate', async () => {
    const { code, stderr } = await runCli(['nhs-number', '--display', '9434765919']);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toContain('lhcr: --display only applies with --generate');
  });
});

describe('lhcr nhs-number --generate <count>', () => {
  function expectValidTestNumbers(lines: readonly string[]): void {
    for (const line of lines) {
      const result = parseNhsNumber(line);
      expect(result).toMatchObject({ ok: true });
      if (result.ok) expect(isTestRangeNhsNumber(result.value)).toBe(true);
    }
    expect(new Set(lines.map((line) => line.replaceAll(' ', ''))).size).toBe(lines.length);
  }

  it('prints that many distinct valid test-range numbers, ten digits each', async () => {
    const { code, stdout, stderr } = await runCli(['nhs-number', '--generate', '25']);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(25);
    for (const line of lines) expect(line).toMatch(/^999\d{7}$/);
    expectValidTestNumbers(lines);
  });

  it('formats them as 999 123 4567 with --display', async () => {
    const { code, stdout } = await runCli(['nhs-number', '--generate', '3', '--display']);
    expect(code).toBe(EXIT.ok);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^999 \d{3} \d{4}$/);
    expectValidTestNumbers(lines);
  });

  it('prints a JSON array of strings with --format json', async () => {
    const { code, stdout } = await runCli(['nhs-number', '--generate', '4', '--format', 'json']);
    expect(code).toBe(EXIT.ok);
    const numbers: unknown = JSON.parse(stdout);
    expect(Array.isArray(numbers) && numbers.length === 4).toBe(true);
    expectValidTestNumbers(numbers as string[]);
  });

  it(`allows the maximum, ${String(MAX_GENERATE)}`, async () => {
    const { code, stdout } = await runCli(['nhs-number', '--generate', String(MAX_GENERATE)]);
    expect(code).toBe(EXIT.ok);
    expect(stdout.trimEnd().split('\n')).toHaveLength(MAX_GENERATE);
  });

  it.each(['0', '10001', 'abc', '1.5', '-1', '1e3', '+5', '', ' 5'])(
    'rejects --generate=%j as a usage error',
    async (count) => {
      const { code, stdout, stderr } = await runCli(['nhs-number', `--generate=${count}`]);
      expect(code).toBe(EXIT.usage);
      expect(stdout).toBe('');
      expect(stderr).toContain(
        `error: --generate expects a whole number from 1 to 10000; found ${JSON.stringify(count)}`,
      );
      expect(stderr).toContain('Usage: lhcr nhs-number');
    },
  );

  it('rejects --generate without a count', async () => {
    const { code, stderr } = await runCli(['nhs-number', '--generate']);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("error: option '--generate <count>' argument missing");
  });

  it('rejects numbers and --generate together', async () => {
    const { code, stdout, stderr } = await runCli(['nhs-number', '--generate', '2', '9434765919']);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: give NHS numbers to check or --generate <count>, not both');
    expect(stderr).toContain('Usage: lhcr nhs-number');
  });
});

describe('nhs-number helpers', () => {
  it('checkNhsNumber leaves out formatted for invalid numbers and code for valid ones', () => {
    expect(checkNhsNumber('9434765919')).toEqual({
      input: '9434765919',
      valid: true,
      formatted: '943 476 5919',
      testRange: false,
    });
    expect(checkNhsNumber('abc')).toEqual({
      input: 'abc',
      valid: false,
      code: 'format',
      message: 'NHS number may contain only digits, with spaces or dashes between them',
      testRange: false,
    });
  });

  it('parseGenerateCount accepts only whole numbers from 1 to the maximum', () => {
    expect(parseGenerateCount('1')).toBe(1);
    expect(parseGenerateCount('010')).toBe(10);
    expect(parseGenerateCount(String(MAX_GENERATE))).toBe(MAX_GENERATE);
    expect(parseGenerateCount(String(MAX_GENERATE + 1))).toBeUndefined();
    expect(parseGenerateCount('0x10')).toBeUndefined();
  });

  it('generateDistinctTestNhsNumbers gives up on a random source that keeps repeating', () => {
    expect(() => generateDistinctTestNhsNumbers(2, () => 0)).toThrow(/repeated itself/);
    expect(generateDistinctTestNhsNumbers(1, () => 0)).toEqual(['9990000018']);
  });
});
