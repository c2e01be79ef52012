// Version ordering and matching for package references and canonical versions. Pure: the
// browser build uses it through the canonical resolver.

/** Whether every character of `segment` is a decimal digit (and there is at least one). */
function isNumeric(segment: string): boolean {
  return /^\d+$/.test(segment);
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a[i];
    const right = b[i];
    if (left === right) continue;
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    if (isNumeric(left) && isNumeric(right)) {
      // Compare as integers without Number() so very long segments do not lose precision.
      const l = left.replace(/^0+(?=\d)/, '');
      const r = right.replace(/^0+(?=\d)/, '');
      if (l.length !== r.length) return l.length < r.length ? -1 : 1;
      if (l !== r) return l < r ? -1 : 1;
      continue;
    }
    // A numeric segment sorts before a word, as in semver pre-release identifiers.
    if (isNumeric(left) !== isNumeric(right)) return isNumeric(left) ? -1 : 1;
    return left < right ? -1 : 1;
  }
  return 0;
}

interface ParsedVersion {
  readonly core: readonly string[];
  /** Pre-release identifiers (after the first `-`), or undefined for a release. */
  readonly pre: readonly string[] | undefined;
}

function parseVersion(version: string): ParsedVersion {
  const withoutBuild = version.split('+', 1)[0] ?? '';
  const dash = withoutBuild.indexOf('-');
  const core = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash);
  const pre = dash === -1 ? undefined : withoutBuild.slice(dash + 1).split('.');
  return { core: core.split('.'), pre };
}

/**
 * Orders two versions "semver-ish": dot-separated segments compare numerically when both are
 * numbers and as strings otherwise (a number before a word); a missing segment sorts first
 * (`1.0` < `1.0.1`); a pre-release (`2.0.0-ballot`) sorts before its release; build metadata
 * (`+...`) is ignored. Returns a negative number, zero or a positive number.
 */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  const core = compareSegments(left.core, right.core);
  if (core !== 0) return core;
  if (left.pre === undefined || right.pre === undefined) {
    if (left.pre === right.pre) return 0;
    return left.pre === undefined ? 1 : -1;
  }
  return compareSegments(left.pre, right.pre);
}

/** Whether a version has no pre-release part and starts with a number (`2.0.0`, not `current`). */
export function isRelease(version: string): boolean {
  const parsed = parseVersion(version);
  return parsed.pre === undefined && isNumeric(parsed.core[0] ?? '');
}

/** Whether `pattern` contains a wildcard segment (`x`, `X` or `*`), as in `2.0.x`. */
export function isVersionPattern(pattern: string): boolean {
  return pattern
    .split('.')
    .some((segment) => segment === 'x' || segment === 'X' || segment === '*');
}

/**
 * Whether `version` matches `pattern`: equal strings match; otherwise the pattern's segments are
 * compared with the version's release segments, and a wildcard segment (`x`, `X`, `*`) matches
 * that segment and everything after it. `2.0.x` matches `2.0.0` and `2.0.13`, not `2.1.0`.
 * Pre-releases match a pattern only when `allowPre` is set; labels such as `current` never do.
 */
export function matchesVersion(version: string, pattern: string, allowPre = false): boolean {
  if (version === pattern) return true;
  if (!isVersionPattern(pattern)) return false;
  const parsed = parseVersion(version);
  // Labels such as `current` or `dev` match only themselves.
  if (!isNumeric(parsed.core[0] ?? '')) return false;
  if (parsed.pre !== undefined && !allowPre) return false;
  const wanted = pattern.split('.');
  for (let i = 0; i < wanted.length; i++) {
    const segment = wanted[i];
    if (segment === 'x' || segment === 'X' || segment === '*') return true;
    if (segment !== parsed.core[i]) return false;
  }
  return wanted.length === parsed.core.length;
}

/**
 * Whether `version`'s leading segments are `prefix`'s segments: `2.6.1` has prefix `2.6` and
 * `2`, not `2.61`. Used for FHIR's rule that a canonical reference to `major.minor` matches any
 * patch of it.
 */
export function hasVersionPrefix(version: string, prefix: string): boolean {
  const segments = version.split('.');
  const wanted = prefix.split('.');
  return wanted.length < segments.length && wanted.every((segment, i) => segment === segments[i]);
}

/** Whether a version is a label such as `current` or `dev` rather than a number. */
export function isLabel(version: string): boolean {
  return !isNumeric(parseVersion(version).core[0] ?? '');
}

function highest(versions: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const version of versions) {
    if (best === undefined || compareVersions(version, best) > 0) best = version;
  }
  return best;
}

/**
 * Picks the version of a package that `wanted` asks for among `available`:
 *
 * - no version (or `latest`): the highest release, or if there is none the highest pre-release;
 *   labels such as `current` are never picked;
 * - a pattern (`2.0.x`): the highest matching release, or else the highest matching pre-release;
 * - anything else (`2.0.0`, `current`): that exact version.
 *
 * Returns undefined when nothing fits.
 */
export function selectVersion(
  available: readonly string[],
  wanted: string | undefined,
): string | undefined {
  if (wanted === undefined || wanted === 'latest') {
    return highest(available.filter(isRelease)) ?? highest(available.filter((v) => !isLabel(v)));
  }
  if (isVersionPattern(wanted)) {
    return (
      highest(available.filter((v) => matchesVersion(v, wanted))) ??
      highest(available.filter((v) => matchesVersion(v, wanted, true)))
    );
  }
  return available.includes(wanted) ? wanted : undefined;
}
