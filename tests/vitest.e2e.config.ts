import { defineConfig } from 'vitest/config';

// Browser tests (e2e/*.e2e.test.ts): each file starts its own stack (PGlite, annuaire, router serving the
// built shell) and its own Chromium, so files run one at a time — two would fight over two cores and
// make timings meaningless. Run after `npm run build` (the root `npm run test:e2e` does).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
