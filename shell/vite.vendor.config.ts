import { defineConfig } from 'vite';
import { VENDOR_ENTRIES } from './src/build/importMap.js';
import { vendorEntries } from './src/build/vendorPlugin.js';

// The import map's shared modules, built once: React, ReactDOM (+ client) and the JSX runtime as ES
// wrappers sharing one chunk (one React instance), and single-spa. Output: dist/vendor/*.js.
export default defineConfig({
  plugins: [vendorEntries()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: true,
    rolldownOptions: {
      input: Object.fromEntries(Object.keys(VENDOR_ENTRIES).map((file) => [file, `virtual:ent-vendor/${file}`])),
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: 'vendor/[name].js',
        chunkFileNames: 'vendor/shared-[hash].js',
      },
    },
  },
});
