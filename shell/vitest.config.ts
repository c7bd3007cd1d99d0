import { defineConfig } from 'vitest/config';

// Pure logic (tile selection, manifest, home query, availability) and the build's helpers: Node, no DOM.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
