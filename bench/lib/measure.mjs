// Timing helpers shared by the suites: warm up, then run for a fixed wall-clock budget and report
// operations per second. Budgets are small so the whole bench stays bounded.

/** Runs `fn(i)` repeatedly for about `ms` milliseconds after a warm-up; returns ops/s. */
export function opsPerSecond(fn, { ms = 1000, batch = 1000 } = {}) {
  for (let i = 0; i < batch * 5; i++) fn(i);
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < batch; i++) fn(ops + i);
    ops += batch;
    elapsed = process.hrtime.bigint() - start;
  }
  return ops / (Number(elapsed) / 1e9);
}

/** Formats a rate with thousands separators. */
export function formatRate(value) {
  return `${Math.round(value).toLocaleString('en-GB')}/s`;
}

/** Prints one suite's table: each row names the case, the peer's figure and ours. */
export function printTable(title, rows) {
  const header = ['case', 'peer', 'peer figure', 'lhcr figure', 'lhcr / peer'];
  const body = rows.map((r) => [r.case, r.peer, r.peerFigure, r.ours, r.ratio ?? '']);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((row) => String(row[i]).length)),
  );
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${title}\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}
