import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { deidentifyResources } from './index';
import { nodeHmacSha256, r4OutputValidator } from './node/index';
import { testKey, testPolicy } from './__fixtures__/population';
it('examples', () => {
  const folder = join(process.env.LHCR_FHIR_PACKAGES ?? '', 'fhir.r4.ukcore.stu2#2.0.0', 'package', 'examples');
  const bp = join(__dirname, '../../blueprint-core/examples');
  const files = [...readdirSync(folder).map((f) => join(folder, f)), ...readdirSync(bp).map((f) => join(bp, f))];
  const resources = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
  const validate = r4OutputValidator();
  const failures: string[] = [];
  const { resources: out, report } = deidentifyResources(resources, { policy: testPolicy(), key: testKey(1), extractDate: '2025-03-01', optOut: { request: { purpose: 'direct-care', date: '2025-03-01' } }, hmac: nodeHmacSha256, suppress: false });
  for (const r of out) {
    const res = validate(r);
    if (!res.ok) failures.push(`${r.resourceType}: ${res.issues.filter((i) => i.severity === 'error').map((i) => `${i.expression ?? ''} ${i.diagnostics ?? ''}`).join(' | ')}`);
  }
  console.log(out.length, report.counts, failures.length);
  console.log(failures.slice(0, 40).join('\n'));
});
