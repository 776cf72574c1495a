import { defineConfig } from 'vitest/config'

/**
 * One vitest run for every package: unit tests sit beside the code (`*.test.ts`),
 * cross-package integration tests live in tests/integration, fault and fuzz tests in tests/fault.
 */
export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'templates/src/**/*.test.ts',
      'server/src/**/*.test.ts',
      'client/src/**/*.test.ts',
      'client/buildPlugins/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/fault/**/*.test.ts',
      // The benchmark's own arithmetic (medians, targets, GC trace); the benchmark itself is `pnpm bench`.
      'tests/bench/**/*.test.ts',
      // The repository's own checks (the import check that `pnpm lint` runs).
      'scripts/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
