import { defineConfig } from 'tsup';
import { lhcrPackage } from '../tsup.preset';

// The bundled reference region is a private workspace package, imported only when a run has no
// target: it stays external so it is never bundled.
export default defineConfig(
  lhcrPackage({ index: 'src/index.ts' }, { shims: true, external: ['@lhcr/reference-server'] }),
);
