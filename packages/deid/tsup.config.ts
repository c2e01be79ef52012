import { defineConfig } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';

// Splitting for CJS too, so `./node` and `.` share one copy of the error class (instanceof works).
export default defineConfig(
  lhcrPackage({ index: 'src/index.ts', node: 'src/node/index.ts' }, { splitting: true }),
);
