import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { EXTERNALS } from './src/build/importMap.js';
import { portalSite } from './src/build/sitePlugin.js';

const shellDir = fileURLToPath(new URL('.', import.meta.url));

// The shell: root-config.js (no UI framework) and portal.js (the frame, login and home, React), with
// the import map's modules left external; then the site around them (index.html, manifest.json,
// ui-kit/ and modules/<id>/ copied from their packages). Runs after vite.vendor.config.ts, which
// empties dist/ and writes dist/vendor/. tsc only checks types; Vite builds.
export default defineConfig({
  plugins: [react(), portalSite({ shellDir })],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { 'root-config': 'src/root-config.ts', portal: 'src/portal/portal.tsx' },
      external: [...EXTERNALS],
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
