import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'blueprint-core',
    include: ['src/**/*.test.ts'],
  },
});
