/**
 * A planning extract for an ICB's planners: a Bulk Data export of the region for a planning
 * purpose, opt-out filtered and de-identified with the blueprint's anonymisation policy, with
 * its re-identification risk report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBlueprintIssue } from '@lhcr/blueprint';
import { FhirClient, signedJwtClientCredentials } from '@lhcr/client';
import { createPseudonymKey } from '@lhcr/deid';
import type { DeidReport } from '@lhcr/deid';
import { deidentifyFile, loadDeidPolicy, nodeHmacSha256 } from '@lhcr/deid/node';
import type { OptOutPolicy } from '@lhcr/optout';
import { startReferenceServer } from '@lhcr/reference-server';
import { useFhirPackages } from './fhir-packages';

const here = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(here, 'dist');
const today = new Date().toISOString().slice(0, 10);
const REGION_REPORT = 'https://lhcr.github.io/fhir/core/StructureDefinition/deid-report';

const missing = useFhirPackages();
if (missing !== undefined) {
  console.error(missing);
  process.exit(2);
}

// The blueprint's anonymisation policy (pseudonyms, generalisation, k-anonymity, l-diversity)
// and its opt-out policy.
const loaded = await loadDeidPolicy('@lhcr/blueprint-core');
if (!loaded.ok) {
  console.error(loaded.issues.map(formatBlueprintIssue).join('\n'));
  process.exit(2);
}
const { policy } = loaded;
const blueprintOptOuts = loaded.optOutPolicy;
if (blueprintOptOuts === undefined) throw new Error('the blueprint has no opt-out policy');

// The region. In production: its FHIR base URL, its token URL and the client id and key it
// registered for the planning team. Here: the bundled reference region, seeded with fixtures.
const region = await startReferenceServer({ seed: true });
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'export'), { recursive: true });
const files: string[] = [];
try {
  const client = new FhirClient({
    baseUrl: region.url,
    auth: signedJwtClientCredentials({
      tokenUrl: region.tokenUrl,
      clientId: region.testClient.clientId,
      privateKey: region.testClient.privateKey,
      keyId: region.testClient.kid,
      algorithm: region.testClient.algorithm,
      scope: 'system/*.read',
    }),
    purposeOfUse: { code: 'HOPERAT' }, // health care operations: planning
  });
  console.log(`Region ${region.url}: ${String(region.seeded?.patients ?? 0)} patients`);
  const job = await client.startBulkExport({ level: 'system' });
  const manifest = await job.waitForCompletion({
    onProgress: (progress) => {
      console.log(`  export in progress: ${progress.progress ?? 'working'}`);
    },
  });
  for (const file of manifest.output) {
    const lines: string[] = [];
    for await (const resource of job.download(manifest, file)) lines.push(JSON.stringify(resource));
    const path = join(outDir, 'export', `${file.type}.ndjson`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    files.push(path);
  }
  const total = manifest.output.reduce((sum, file) => sum + (file.count ?? 0), 0);
  const patients = manifest.output.find((file) => file.type === 'Patient')?.count ?? 0;
  console.log(
    `$export for HOPERAT: ${String(total)} resources of ${String(patients)} patients in ${String(files.length)} NDJSON files (dist/export)`,
  );
  console.log(
    '  the region left out opted-out patients and restricted records, and pseudonymised the rest',
  );
  // The region's own de-identification and risk report comes in the manifest's extension.
  const regionReport = manifest.extension?.[REGION_REPORT];
  if (regionReport !== undefined) {
    writeFileSync(join(outDir, 'region-report.json'), `${JSON.stringify(regionReport, null, 2)}\n`);
    console.log("  the region's de-identification report: dist/region-report.json");
  }
} finally {
  await region.close();
}

// The region left out patients with a national data opt-out, GP records of Type 1 objectors
// and restricted records before it pseudonymised the export (LHCR-PLN-02): the extract carries
// no NHS numbers, so the registers cannot be consulted again here. That is stated as a rule in
// front of the blueprint's own: a record that still carried an NHS number would be decided by
// them, and with no registers at hand, left out.
const optOutPolicy: OptOutPolicy = {
  ...blueprintOptOuts,
  id: 'planning-extract',
  rules: [
    {
      id: 'filtered-at-source',
      when: { purposeCategory: ['secondary'], nhsNumber: ['absent'] },
      effect: 'permit',
      reasons: ['No NHS number: the region applied opt-outs before it pseudonymised the export.'],
    },
    ...blueprintOptOuts.rules,
  ],
};

// One key per recipient and project, held apart from analysts: in production from a KMS, read
// with readPseudonymKey from @lhcr/deid/node; here a fresh one per run.
const key = createPseudonymKey(randomBytes(32), {
  minimumBytes: policy.pseudonymisation.key.minimumBytes,
});
const { report, written } = await deidentifyFile(files, join(outDir, 'planning-extract.ndjson'), {
  policy,
  key,
  project: 'example-icb-planning',
  extractDate: today,
  hmac: nodeHmacSha256,
  optOut: {
    request: { purpose: 'planning', origin: 'non-gp', date: today },
    registers: {},
    policy: optOutPolicy,
  },
});
writeFileSync(join(outDir, 'deid-report.json'), `${JSON.stringify(report, null, 2)}\n`);
printReport(report);
console.log(
  written
    ? '\nExtract written to dist/planning-extract.ndjson'
    : '\nNo extract written: k or l is below the policy threshold, or input was unreadable (dist/deid-report.json)',
);
process.exitCode = written ? 0 : 1;

function printReport(r: DeidReport): void {
  const rules = Object.entries(r.optOut.byRule).map(
    ([rule, { effect, count }]) => `${rule} ${effect} ${String(count)}`,
  );
  console.log(
    `\nPlanning extract (policy ${r.policy.id}, project ${r.project}, key fingerprint ${r.keyFingerprint})`,
  );
  console.log(
    `  opt-outs (${r.optOut.policy.id}): ${String(r.optOut.counts.kept)} kept, ${String(r.optOut.counts.removed)} removed; ${rules.join(', ')}`,
  );
  console.log(
    `  resources: ${String(r.counts.read)} read, ${String(r.counts.written)} written, ${String(r.counts.suppressed)} suppressed`,
  );
  const dropped = Object.entries(r.suppression.rareValues).filter(([, count]) => count > 0);
  console.log(
    `  suppression for k = ${String(r.suppression.k)}: rare values dropped ${dropped.map(([element, count]) => `${element} ${String(count)}`).join(', ') || 'none'}; ${String(r.suppression.patientsSuppressed)} patients left out`,
  );
  const { kAnonymity: k, lDiversity: l } = r.risk;
  console.log('Risk report');
  console.log(
    `  k-anonymity over ${r.risk.quasiIdentifiers.join(', ')}: k = ${String(k.k)} (threshold ${String(k.threshold)}), ${String(r.risk.records)} patients in ${String(k.classes)} classes ${k.ok ? '✓' : '✗'}`,
  );
  if (l !== undefined) {
    console.log(
      `  l-diversity of ${l.sensitiveAttributes.join(', ')}: l = ${String(l.l)} (threshold ${String(l.threshold)}) over ${String(l.classesMeasured)} classes ${l.ok ? '✓' : '✗'}`,
    );
  }
}
