import { defineConfig } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';

// Splitting for CJS too, so `./node` and `.` share one copy of the error classes (instanceof works).
export default defineConfig(
  lhcrPackage({ index: 'src/index.ts', node: 'src/node.ts' }, { splitting: true }),
);
