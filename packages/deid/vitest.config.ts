import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'deid',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
