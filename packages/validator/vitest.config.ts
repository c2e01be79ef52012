import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'validator',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    setupFiles: ['src/__fixtures__/fhirpath-loader.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
