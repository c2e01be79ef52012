import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { BlueprintIssue } from './issue';

/**
 * The manifest file names looked for in a blueprint folder, in order.
 *
 * @example
 * ```ts
 * MANIFEST_FILE_NAMES[0]; // 'blueprint.yaml'
 * ```
 */
export const MANIFEST_FILE_NAMES = ['blueprint.yaml', 'blueprint.yml', 'blueprint.json'] as const;

/**
 * Where a blueprint lives: its folder, its manifest, and its npm identity when it is a package.
 *
 * @example
 * ```ts
 * const location: BlueprintLocation = { root: '/repo/node_modules/@lhcr/blueprint-core', manifestFile: 'blueprint.yaml', packageName: '@lhcr/blueprint-core', packageVersion: '1.0.0' };
 * ```
 */
export interface BlueprintLocation {
  readonly root: string;
  readonly manifestFile: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

/**
 * The outcome of {@link resolveBlueprint}.
 *
 * @example
 * ```ts
 * const resolved: BlueprintResolution = resolveBlueprint('./my-blueprint');
 * ```
 */
export type BlueprintResolution =
  | { readonly ok: true; readonly location: BlueprintLocation }
  | { readonly ok: false; readonly issues: readonly BlueprintIssue[] };

function looksLikePath(ref: string): boolean {
  return (
    isAbsolute(ref) ||
    ref.startsWith('.') ||
    ref.endsWith('.yaml') ||
    ref.endsWith('.yml') ||
    ref.endsWith('.json') ||
    (ref.includes('/') && !ref.startsWith('@')) ||
    ref.includes('\\')
  );
}

function readPackageJson(dir: string): { name?: string; version?: string; manifest?: string } {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return {};
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      name?: unknown;
      version?: unknown;
      lhcr?: { blueprint?: unknown };
    };
    return {
      ...(typeof json.name === 'string' ? { name: json.name } : {}),
      ...(typeof json.version === 'string' ? { version: json.version } : {}),
      ...(typeof json.lhcr?.blueprint === 'string' ? { manifest: json.lhcr.blueprint } : {}),
    };
  } catch {
    return {};
  }
}

function notFound(diagnostics: string): BlueprintResolution {
  return { ok: false, issues: [{ severity: 'error', code: 'not-found', diagnostics }] };
}

function inFolder(root: string, manifestOverride?: string): BlueprintResolution {
  const pkg = readPackageJson(root);
  const candidates =
    manifestOverride !== undefined
      ? [manifestOverride]
      : pkg.manifest !== undefined
        ? [pkg.manifest]
        : MANIFEST_FILE_NAMES;
  const manifestFile = candidates.find((name) => existsSync(join(root, name)));
  if (manifestFile === undefined) {
    return notFound(
      `no blueprint manifest in ${root}: expected one of ${candidates.join(', ')} (or a package.json "lhcr.blueprint" field naming it)`,
    );
  }
  return {
    ok: true,
    location: {
      root,
      manifestFile,
      ...(pkg.name !== undefined ? { packageName: pkg.name } : {}),
      ...(pkg.version !== undefined ? { packageVersion: pkg.version } : {}),
    },
  };
}

/**
 * Finds a blueprint by path (a folder or a manifest file, relative to `from`) or by npm package
 * name (looked up in the `node_modules` folders from `from` upwards, as Node resolves packages).
 * In a folder the manifest is `blueprint.yaml`, `blueprint.yml` or `blueprint.json`, or the file
 * a package.json `"lhcr": { "blueprint": "..." }` field names.
 *
 * @example
 * ```ts
 * const byName = resolveBlueprint('@lhcr/blueprint-core');
 * const byPath = resolveBlueprint('./blueprints/regional', '/work/region');
 * if (byName.ok) console.log(byName.location.root);
 * ```
 */
export function resolveBlueprint(ref: string, from: string = process.cwd()): BlueprintResolution {
  if (ref.trim() === '')
    return notFound('no blueprint given: expected a folder, a manifest file or a package name');
  if (looksLikePath(ref) || existsSync(resolve(from, ref))) {
    const target = resolve(from, ref);
    if (!existsSync(target)) return notFound(`blueprint not found: ${target} does not exist`);
    if (statSync(target).isDirectory()) return inFolder(target);
    return inFolder(dirname(target), target.slice(dirname(target).length + 1));
  }
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', ref);
    if (existsSync(join(candidate, 'package.json'))) return inFolder(candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return notFound(
    `blueprint package ${JSON.stringify(ref)} not found in any node_modules folder from ${resolve(from)} upwards; install it or give a path`,
  );
}
