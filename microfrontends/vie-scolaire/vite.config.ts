import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Provided by the page's import map (shell/): never bundled here, so the page keeps one React. Keep in sync with the ui-kit's list. */
const EXTERNALS = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'single-spa', '@ent/ui-kit'];

// The micro-frontend contract: one ES module, dist/vie-scolaire.js, exporting the single-spa lifecycles, and its
// stylesheet dist/vie-scolaire.css (ent-module.json's `styles`, loaded by the shell before mounting). The lazy
// root stays in the same file (codeSplitting: false): the shell fetches one bundle per module. Library mode
// leaves whitespace in ES output (for bundlers downstream); browsers load this file as is, so the output is
// minified fully (about 12 % less gzip). tsc only checks types; Vite builds.
export default defineConfig({
  plugins: [react()],
  build: {
    lib: { entry: 'src/vie-scolaire.ts', formats: ['es'], fileName: () => 'vie-scolaire.js', cssFileName: 'vie-scolaire' },
    rolldownOptions: { external: EXTERNALS, output: { codeSplitting: false, minify: true } },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    target: 'es2022',
  },
});
