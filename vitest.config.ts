import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast. Integration tests talk to real services that
// fixtures/with-services.mjs starts and describes in PATCHBAY_FIXTURES.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['electron/**/*.integration.test.ts', 'fixtures/**/*.integration.test.mjs'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
