import { readFileSync } from 'node:fs';
import { parseTraceability } from '@lhcr/blueprint';
import { describe, expect, it } from 'vitest';
import { TRACEABILITY_FILE, traceabilityText } from './write-traceability';

describe('traceability.json', () => {
  it('is up to date with the suite (npm run traceability --workspace=@lhcr/conformance rewrites it)', async () => {
    const committed = readFileSync(TRACEABILITY_FILE, 'utf8');
    expect(
      committed,
      'conformance/traceability.json is stale: run npm run traceability --workspace=@lhcr/conformance',
    ).toBe(await traceabilityText());
  });

  it('is a traceability mapping the docs can read, naming blueprint requirements only', () => {
    const parsed = parseTraceability(JSON.parse(readFileSync(TRACEABILITY_FILE, 'utf8')));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.length).toBeGreaterThan(90);
    expect(
      parsed.value.every((entry) =>
        entry.requirementIds.every((id) => /^LHCR-[A-Z]+-\d\d$/.test(id)),
      ),
    ).toBe(true);
  });
});
