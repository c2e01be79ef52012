import { createRequire } from 'node:module';
import { version as ownVersion } from '../package.json';

const requireFromHere = createRequire(import.meta.url);

/** The version of an installed package (read from its package.json), or `unknown`. */
export function installedVersion(name: string): string {
  try {
    const manifest = requireFromHere(`${name}/package.json`) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** This package's version. */
export const CONFORMANCE_VERSION: string = ownVersion;

/** The lhcr packages a run depends on, with their installed versions. */
export function packageVersions(): readonly { readonly name: string; readonly version: string }[] {
  return [
    { name: '@lhcr/conformance', version: CONFORMANCE_VERSION },
    ...['@lhcr/client', '@lhcr/validator', '@lhcr/blueprint', '@lhcr/models'].map((name) => ({
      name,
      version: installedVersion(name),
    })),
  ];
}
