import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  hasVersionPrefix,
  isLabel,
  isRelease,
  isVersionPattern,
  matchesVersion,
  selectVersion,
} from './version';

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.0.10', '1.0.9', 1],
    ['1.0', '1.0.0', -1],
    ['2.0.0-ballot', '2.0.0', -1],
    ['2.0.0-ballot.2', '2.0.0-ballot.10', -1],
    ['2.0.0+build.1', '2.0.0', 0],
    ['10.0.0', '9.9.9', 1],
    ['1.0.0', 'current', -1],
    ['123456789012345678901234567890', '123456789012345678901234567891', -1],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
    expect(Math.sign(compareVersions(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  test.prop([
    fc.array(fc.stringMatching(/^\d{1,3}(\.\d{1,3}){0,3}(-[a-z0-9]{1,5})?$/), {
      minLength: 1,
      maxLength: 8,
    }),
  ])('sorts consistently (antisymmetric and transitive)', (versions) => {
    const sorted = [...versions].sort(compareVersions);
    for (let i = 1; i < sorted.length; i++) {
      expect(compareVersions(sorted[i - 1] ?? '', sorted[i] ?? '')).toBeLessThanOrEqual(0);
    }
  });
});

describe('version kinds', () => {
  it('tells releases, labels and patterns apart', () => {
    expect(isRelease('4.0.1')).toBe(true);
    expect(isRelease('4.0.1-ballot')).toBe(false);
    expect(isRelease('current')).toBe(false);
    expect(isLabel('current')).toBe(true);
    expect(isLabel('1.0.0-dev')).toBe(false);
    expect(isVersionPattern('2.0.x')).toBe(true);
    expect(isVersionPattern('2.*')).toBe(true);
    expect(isVersionPattern('2.0.0')).toBe(false);
  });

  it('matches patterns segment by segment', () => {
    expect(matchesVersion('2.0.13', '2.0.x')).toBe(true);
    expect(matchesVersion('2.1.0', '2.0.x')).toBe(false);
    expect(matchesVersion('2.0', '2.0.x')).toBe(true);
    expect(matchesVersion('2', '2.0.x')).toBe(false);
    expect(matchesVersion('2.0.0-ballot', '2.0.x')).toBe(false);
    expect(matchesVersion('2.0.0-ballot', '2.0.x', true)).toBe(true);
    expect(matchesVersion('current', '*')).toBe(false);
    expect(matchesVersion('current', 'current')).toBe(true);
  });

  it('knows a major.minor prefix from a longer number', () => {
    expect(hasVersionPrefix('2.6.1', '2.6')).toBe(true);
    expect(hasVersionPrefix('2.61.0', '2.6')).toBe(false);
    expect(hasVersionPrefix('2.6', '2.6')).toBe(false);
  });
});

describe('selectVersion', () => {
  const available = ['1.0.0', '1.0.2', '1.1.0', '2.0.0-ballot', 'current'];
  it.each([
    [undefined, '1.1.0'],
    ['latest', '1.1.0'],
    ['1.0.x', '1.0.2'],
    ['1.x', '1.1.0'],
    ['2.0.x', '2.0.0-ballot'],
    ['1.0.0', '1.0.0'],
    ['current', 'current'],
    ['3.0.0', undefined],
    ['3.x', undefined],
  ])('picks %s → %s', (wanted, expected) => {
    expect(selectVersion(available, wanted)).toBe(expected);
  });

  it('takes the latest pre-release when there is no release, and never a label', () => {
    expect(selectVersion(['0.1.0-a', '0.2.0-b', 'dev'], undefined)).toBe('0.2.0-b');
    expect(selectVersion(['dev'], undefined)).toBeUndefined();
  });
});
