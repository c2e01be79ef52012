// Interleaved timing for comparisons on a shared machine: each contender runs in short turns,
// alternating, so a burst of load elsewhere hits all of them alike. Reports ops/s per contender.

/** Runs each `fns[name](i)` in alternating turns of `turnMs` for `rounds` rounds. */
export function interleaved(fns, { rounds = 6, turnMs = 300, warmup = 300 } = {}) {
  const names = Object.keys(fns);
  const ops = Object.fromEntries(names.map((n) => [n, 0]));
  const nanos = Object.fromEntries(names.map((n) => [n, 0n]));
  for (const name of names) run(fns[name], warmup);
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const { count, elapsed } = run(fns[name], turnMs, ops[name]);
      ops[name] += count;
      nanos[name] += elapsed;
    }
  }
  return Object.fromEntries(names.map((n) => [n, ops[n] / (Number(nanos[n]) / 1e9)]));
}

function run(fn, ms, offset = 0) {
  const budget = BigInt(ms) * 1_000_000n;
  const start = process.hrtime.bigint();
  let count = 0;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 50; i++) fn(offset + count + i);
    count += 50;
    elapsed = process.hrtime.bigint() - start;
  }
  return { count, elapsed };
}
