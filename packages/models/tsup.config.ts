import { defineConfig } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';

export default defineConfig(
  lhcrPackage({ index: 'src/index.ts', typegen: 'src/typegen/index.ts' }),
);
