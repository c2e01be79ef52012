import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  LHCR_FHIR_PACKAGES_ENV,
  defaultFhirPackageCache,
  fhirPackageSearchFolders,
} from './fhir-package-search-folders';

describe('fhirPackageSearchFolders', () => {
  it('defaults to ~/.fhir/packages', () => {
    expect(defaultFhirPackageCache()).toBe(join(homedir(), '.fhir', 'packages'));
    expect(fhirPackageSearchFolders({ env: {} })).toEqual([join(homedir(), '.fhir', 'packages')]);
  });

  it('lists the option folders, then LHCR_FHIR_PACKAGES, then the cache, as absolute paths without repeats', () => {
    const folders = fhirPackageSearchFolders({
      searchFolders: ['a', '/abs/b'],
      env: { [LHCR_FHIR_PACKAGES_ENV]: ['/env/one', '', '/abs/b', '/env/two'].join(delimiter) },
      packageCache: '/cache',
    });
    expect(folders).toEqual([resolve('a'), '/abs/b', '/env/one', '/env/two', '/cache']);
  });

  it('leaves the cache out when packageCache is false', () => {
    expect(fhirPackageSearchFolders({ env: {}, packageCache: false })).toEqual([]);
  });

  it('reads process.env when no env is given', () => {
    vi.stubEnv(LHCR_FHIR_PACKAGES_ENV, '/from/process/env');
    try {
      expect(fhirPackageSearchFolders({ packageCache: false })).toEqual(['/from/process/env']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
