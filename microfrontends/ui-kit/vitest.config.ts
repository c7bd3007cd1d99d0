import { defineConfig } from 'vitest/config';

// Pure logic only (session, errors, i18n, contrast): Node, no DOM.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
