import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'blueprint-core',
    include: ['src/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
