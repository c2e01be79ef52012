import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'examples',
    include: ['*.test.ts'],
    // Each test runs an example end to end (a server, a conformance run, a browser).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
