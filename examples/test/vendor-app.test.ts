import { beforeAll, describe, expect, it } from 'vitest';
import type { Finished } from './run-example';
import { runCommand } from './run-example';

let run: Finished;

/** The lines printed for one patient, from its name to the next blank line. */
function section(name: string): string {
  const start = run.stdout.indexOf(`\n${name}\n`);
  if (start < 0) return '';
  const end = run.stdout.indexOf('\n\n', start + 1);
  return run.stdout.slice(start, end < 0 ? undefined : end);
}

beforeAll(async () => {
  run = await runCommand('npm', ['start', '-w', '@lhcr/example-vendor-app']);
});

describe('examples/vendor-app (npm start -w @lhcr/example-vendor-app)', () => {
  it('exits 0 after talking to the region it started', () => {
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Blueprint: LHCR Shared Care Record Core 1.0.0');
    expect(run.stdout).toMatch(
      /Region: http:\/\/127\.0\.0\.1:\d+\/fhir, client \S+ \(signed JWT, ES384\)/,
    );
  });

  it('validates, checks opt-outs for direct care, and sends a record that passes both', () => {
    const robin = section('Robin Ashdown');
    expect(robin).toContain('✓ Patient against LHCR Patient: 0 error(s)');
    expect(robin).toContain('✓ Condition against LHCR Condition: 0 error(s)');
    expect(robin).toContain('opt-outs for direct care: permit (rule direct-care)');
    expect(robin).toMatch(
      /sent: 201 Created http:\/\/127\.0\.0\.1:\d+\/fhir\/Patient\/[\w-]+\/_history\/1/,
    );
    expect(robin).toMatch(
      /sent: 201 Created http:\/\/127\.0\.0\.1:\d+\/fhir\/Condition\/[\w-]+\/_history\/1/,
    );
    expect(robin).toContain('the region now finds 1 patient by this NHS number');
  });

  it('does not send the record of a patient who objected to sharing', () => {
    const sam = section('Sam Birchwood');
    expect(sam).toContain('✓ Patient against LHCR Patient');
    expect(sam).toContain('opt-outs for direct care: deny (rule local-dissent)');
    expect(sam).toContain('not sent: the patient objected to sharing');
    expect(sam).not.toContain('201 Created');
  });

  it('does not send a record that fails the blueprint profile, and says where', () => {
    const alex = section('Alex Carrow');
    expect(alex).toContain('✗ Patient against LHCR Patient: 1 error(s)');
    expect(alex).toContain('Patient.birthDate: minimum required = 1');
    expect(alex).toContain('not sent: fix the record first');
    expect(alex).not.toContain('opt-outs for direct care');
  });

  it('prints no NHS number', () => {
    expect(run.stdout).not.toMatch(/\b999\d{7}\b/);
  });
});
