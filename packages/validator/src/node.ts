// The Node-only entry point. It loads `fhirpath` on first use, as the main entry point does on Node.
import { setFhirpathLoader } from './fhirpath/internal/fhirpath-package';
import { requireFhirpath } from './fhirpath/internal/require-fhirpath';

setFhirpathLoader(requireFhirpath);

export { loadDefinitions } from './node/load-definitions';
export type { LoadDefinitionsOptions, LoadedDefinitions } from './node/load-definitions';
export { defaultCacheFolder, LHCR_CACHE_DIR_ENV, snapshotPackages } from './node/snapshot-cache';
export { compiledCodeCache } from './node/compiled-code-cache';
export type { SnapshotCacheReport } from './node/snapshot-cache';
export { r4CoreDefinitions } from './node/r4-core-definitions';
export type { LoadFhirPackageOptions } from './node/load-fhir-package';
export { fhirPackageSources, loadFhirPackage, loadFhirPackages } from './node/load-fhir-package';
export { loadFhirPackageFromArchive } from './node/load-fhir-package-from-archive';
export { loadFhirPackageFromFolder } from './node/load-fhir-package-from-folder';
export type { ReadFhirPackageOptions } from './node/read-fhir-package-options';
export type { FhirPackageSearchOptions } from './node/fhir-package-search-folders';
export {
  LHCR_FHIR_PACKAGES_ENV,
  defaultFhirPackageCache,
  fhirPackageSearchFolders,
} from './node/fhir-package-search-folders';
export type { FolderPackageSourceOptions } from './node/folder-package-source';
export { createFolderPackageSource } from './node/folder-package-source';
export type { LoadR4CorePackageOptions, R4CoreBundleName } from './node/r4-core-package';
export {
  DEFAULT_R4_CORE_BUNDLES,
  R4_CORE_BUNDLES,
  R4_CORE_NPM_PACKAGE,
  R4_CORE_PACKAGE,
  createR4CorePackageSource,
  loadR4CorePackage,
  r4CoreDefinitionsFolder,
} from './node/r4-core-package';
