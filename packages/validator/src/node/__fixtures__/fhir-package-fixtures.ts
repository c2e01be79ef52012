import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import type { HeaderData } from 'tar';

/** The UK Core package the tests read, in the package cache's folder layout. */
export const UK_CORE_FOLDER_NAME = 'fhir.r4.ukcore.stu2#2.0.0';

/** The first folder in `LHCR_FHIR_PACKAGES`, or `shared/fhir-packages` beside the repository. */
export function fhirPackagesRoot(): string {
  const fromEnv = process.env.LHCR_FHIR_PACKAGES;
  if (fromEnv !== undefined && fromEnv !== '')
    return resolve(fromEnv.split(delimiter)[0] ?? fromEnv);
  // packages/validator/src/node/__fixtures__ → repository root → its sibling `shared/`.
  return resolve(import.meta.dirname, '../../../../../../shared/fhir-packages');
}

/**
 * The UK Core package folder. Throws with the fix when the third-party folder is absent, so
 * the tests that need it fail rather than pass on nothing.
 */
export function ukCoreFolder(): string {
  const folder = join(fhirPackagesRoot(), UK_CORE_FOLDER_NAME);
  if (!existsSync(join(folder, 'package', 'package.json'))) {
    throw new Error(
      `UK Core package not found at ${folder}. These tests need the FHIR package folder that sits ` +
        `beside the repository as shared/fhir-packages; set LHCR_FHIR_PACKAGES to another copy.`,
    );
  }
  return folder;
}

/** Makes a temporary folder and returns it with a function that removes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lhcr-fhir-packages-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A small package to write into a temporary cache. */
export interface PackageSpec {
  readonly id: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  /** Resources to write as `<resourceType>-<id>.json`. */
  readonly resources?: readonly Readonly<Record<string, unknown>>[];
  /** Extra files, by path relative to `package/`, as text. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Writes `<folder>/<id>#<folderVersion>/package/…` and returns the package folder. */
export async function writePackage(
  folder: string,
  spec: PackageSpec,
  folderVersion: string = spec.version,
): Promise<string> {
  const root = join(folder, `${spec.id}#${folderVersion}`);
  const pkg = join(root, 'package');
  await mkdir(pkg, { recursive: true });
  const manifest = {
    name: spec.id,
    version: spec.version,
    fhirVersions: ['4.0.1'],
    dependencies: spec.dependencies ?? {},
  };
  await writeFile(join(pkg, 'package.json'), JSON.stringify(manifest));
  for (const resource of spec.resources ?? []) {
    const name = `${String(resource.resourceType)}-${String(resource.id)}.json`;
    await writeFile(join(pkg, name), JSON.stringify(resource));
  }
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    await mkdir(dirname(join(pkg, path)), { recursive: true });
    await writeFile(join(pkg, path), text);
  }
  return root;
}

/** A value set with a canonical URL, as a minimal resource. */
export function valueSet(url: string, version: string, id = 'vs'): Record<string, unknown> {
  return { resourceType: 'ValueSet', id, url, version, status: 'active' };
}

/** One entry of a hand-made archive. */
export interface RawEntry extends HeaderData {
  readonly path: string;
  readonly body?: string | Buffer;
}

/**
 * A tar archive (uncompressed) built entry by entry with the tar library's header encoder,
 * so tests can make archives no well-behaved packer would: `..` paths, links, devices.
 */
export function rawTar(entries: readonly RawEntry[], options: { end?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const { body, ...data } of entries) {
    const content = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const header = new Header({
      type: 'File',
      mode: 0o644,
      mtime: new Date(0),
      size: data.type === undefined || data.type === 'File' ? content.length : 0,
      ...data,
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block);
    if (content.length > 0) {
      blocks.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
    }
  }
  if (options.end ?? true) blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** {@link rawTar}, gzip'd. */
export function rawTgz(entries: readonly RawEntry[], options: { end?: boolean } = {}): Buffer {
  return gzipSync(rawTar(entries, options));
}

/** A minimal valid manifest entry for hand-made archives. */
export function manifestEntry(id = 'example.fhir.pkg', version = '1.0.0'): RawEntry {
  return { path: 'package/package.json', body: JSON.stringify({ name: id, version }) };
}
