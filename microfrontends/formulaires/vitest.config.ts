import { defineConfig } from 'vitest/config';

// Unit tests of the screens' pure logic run in Node; the screens themselves are tested in a real browser (tests/e2e).
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
