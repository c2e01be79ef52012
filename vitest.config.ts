import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'docs', 'conformance', 'examples/test'],
    clearMocks: true,
    restoreMocks: true,
    // FHIR packages for tests (UK Core): third-party data kept beside the repository, never in it.
    env: {
      LHCR_FHIR_PACKAGES:
        process.env.LHCR_FHIR_PACKAGES ?? resolve(import.meta.dirname, '../shared/fhir-packages'),
      // Generated snapshots are cached here during tests, not in the user's cache folder.
      LHCR_CACHE_DIR: process.env.LHCR_CACHE_DIR ?? join(tmpdir(), 'lhcr-test-cache'),
    },
  },
});
