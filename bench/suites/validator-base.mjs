// Base R4 validation throughput on the UK Core examples (pre-parsed, one thread): @lhcr/validator
// against @medplum/core's validateResource and the `fhir` package's validator, same run, same
// corpus; plus how many of the corpus each flags, and a cold `lhcr validate one.json`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValidator } from '@lhcr/validator';
import { r4CoreDefinitions } from '@lhcr/validator/node';
import { ukCoreExamples } from '../lib/corpus.mjs';
import { formatRate } from '../lib/measure.mjs';
import { interleaved } from '../lib/measure-interleaved.mjs';
import { loadFhirJs, loadMedplum } from '../lib/peers.mjs';

export const title = 'FHIR R4 base validation, UK Core examples (215, pre-parsed, 1 thread)';

export async function run() {
  const corpus = ukCoreExamples().map((e) => e.resource);
  const ours = createValidator({ definitions: r4CoreDefinitions() });
  const medplum = await loadMedplum();
  const fhirJs = await loadFhirJs();
  const n = corpus.length;
  // Steady state: one full pass each first, so compiling per resource type and loading
  // definitions on first use are not counted.
  const contenders = {
    lhcr: (i) => ours.validate(corpus[i % n]),
    medplum: (i) => {
      try {
        medplum.validateResource(corpus[i % n]);
      } catch {
        // invalid: medplum throws
      }
    },
    fhirjs: (i) => fhirJs.validate(corpus[i % n]),
  };
  for (const fn of Object.values(contenders)) for (let i = 0; i < n; i++) fn(i);
  const rates = interleaved(contenders);
  const flagged = {
    lhcr: corpus.filter((r) => !ours.validate(r).ok).length,
    medplum: corpus.filter((r) => {
      try {
        medplum.validateResource(r);
        return false;
      } catch {
        return true;
      }
    }).length,
    fhirjs: corpus.filter((r) => !fhirJs.validate(r).valid).length,
  };
  const fastest = Math.max(rates.medplum, rates.fhirjs);
  const rows = [
    {
      case: 'validations/s',
      peer: '@medplum/core 5.2.13',
      peerFigure: formatRate(rates.medplum),
      ours: formatRate(rates.lhcr),
      ratio: `${(rates.lhcr / rates.medplum).toFixed(1)}x`,
    },
    {
      case: 'validations/s',
      peer: 'fhir 4.12.0',
      peerFigure: formatRate(rates.fhirjs),
      ours: formatRate(rates.lhcr),
      ratio: `${(rates.lhcr / rates.fhirjs).toFixed(1)}x`,
    },
    {
      case: 'vs fastest peer (target 10x)',
      peer: 'fastest',
      peerFigure: formatRate(fastest),
      ours: formatRate(rates.lhcr),
      ratio: `${(rates.lhcr / fastest).toFixed(1)}x`,
    },
    {
      case: 'examples flagged invalid (2 truly are)',
      peer: 'medplum / fhir',
      peerFigure: `${flagged.medplum} / ${flagged.fhirjs}`,
      ours: String(flagged.lhcr),
    },
    coldStart(),
  ];
  return rows;
}

/** Median wall time of `lhcr validate <one example>` in a fresh process (target < 0.5 s). */
function coldStart() {
  const bin = fileURLToPath(new URL('../../packages/cli/bin.js', import.meta.url));
  const example = ukCoreExamples().find((e) => e.file.startsWith('UKCore-Patient-RichardSmith'));
  const file = join(
    process.env.LHCR_FHIR_PACKAGES ?? '',
    'fhir.r4.ukcore.stu2#2.0.0/package/examples',
    example.file,
  );
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, [bin, 'validate', file], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    case: 'cold `lhcr validate one.json` (target < 500 ms)',
    peer: '-',
    peerFigure: '-',
    ours: `${Math.round(times[2])} ms`,
  };
}
