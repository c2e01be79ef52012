// NHS number checking: @lhcr/models' parseNhsNumber against nhs-number-validator, the most used
// npm package for it, on the same inputs in the same run; plus the cases each gets right.
import { generateTestNhsNumber, parseNhsNumber } from '@lhcr/models';
import peer from 'nhs-number-validator';
import { formatRate, opsPerSecond } from '../lib/measure.mjs';

export const title = 'NHS number checks (1 thread)';

function seeded(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

export function run() {
  const random = seeded(42);
  const valid = Array.from({ length: 5000 }, () => generateTestNhsNumber(random));
  // Every other input has its last digit changed, so half are invalid.
  const inputs = valid.map((n, i) => (i % 2 === 0 ? n : n.slice(0, 9) + ((Number(n[9]) + 1) % 10)));
  const ours = opsPerSecond((i) => parseNhsNumber(inputs[i % inputs.length]));
  const theirs = opsPerSecond((i) => peer.validate(inputs[i % inputs.length]));

  const cases = [
    ['9434765919', true],
    ['943 476 5919', true],
    ['0000000000', false],
    ['9999999999', false],
    ['9434765918', false],
  ];
  const right = (check) => cases.filter(([input, expected]) => check(input) === expected).length;
  return [
    {
      case: 'check 10-digit numbers',
      peer: 'nhs-number-validator',
      peerFigure: formatRate(theirs),
      ours: formatRate(ours),
      ratio: `${(ours / theirs).toFixed(2)}x`,
    },
    {
      case: 'spec vectors right (spaces, repdigits)',
      peer: 'nhs-number-validator',
      peerFigure: `${right((s) => peer.validate(s))}/${cases.length}`,
      ours: `${right((s) => parseNhsNumber(s).ok)}/${cases.length}`,
    },
  ];
}
