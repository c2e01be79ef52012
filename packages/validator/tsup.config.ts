import { defineConfig } from 'tsup';
import { lhcrPackage } from '../../tsup.preset';

// Splitting for CJS too, so `./node` and `.` share one copy of the error classes (instanceof works).
// `browser` is `.` for bundlers targeting browsers.
export default defineConfig(
  lhcrPackage(
    { index: 'src/index.ts', node: 'src/node.ts', browser: 'src/browser.ts' },
    { splitting: true },
  ),
);
