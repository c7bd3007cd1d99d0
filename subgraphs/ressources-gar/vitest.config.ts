import { defineConfig } from 'vitest/config';

// Real databases and servers start in hooks: PGlite takes seconds on a busy 2-core machine.
export default defineConfig({
  test: { include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 180_000 },
});
