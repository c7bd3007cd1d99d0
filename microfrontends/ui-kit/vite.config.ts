import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Provided by the page's import map (see shell/): never bundled here. Keep in sync with shell/build/importMap.ts. */
const EXTERNALS = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'single-spa', '@ent/ui-kit'];

// Library mode: one ES module (dist/ui-kit.js) and one stylesheet (dist/ui-kit.css). tsc only checks
// types and writes the declarations (dist/types); Vite builds.
export default defineConfig({
  plugins: [react()],
  build: {
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'ui-kit.js',
      cssFileName: 'ui-kit',
    },
    // Served as is to browsers (no bundler downstream): minify whitespace too, which library mode skips.
    rolldownOptions: { external: EXTERNALS, output: { minify: true } },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    target: 'es2022',
  },
});
