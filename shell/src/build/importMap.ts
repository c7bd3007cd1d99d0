/**
 * The import map: the shared modules every micro-frontend imports by name, one copy in the page.
 * Micro-frontends and the portal are built with EXTERNALS left as bare imports; the browser resolves them
 * here. Keep EXTERNALS in sync with the micro-frontends' vite configs (docs/micro-frontends.md).
 */
export const IMPORT_MAP: Readonly<Record<string, string>> = {
  react: '/vendor/react.js',
  'react/jsx-runtime': '/vendor/react-jsx-runtime.js',
  'react-dom': '/vendor/react-dom.js',
  'react-dom/client': '/vendor/react-dom-client.js',
  'single-spa': '/vendor/single-spa.js',
  '@ent/ui-kit': '/ui-kit/ui-kit.js',
};

export const EXTERNALS: readonly string[] = Object.keys(IMPORT_MAP);

/** The vendor build's entries: file name (under vendor/) → the package it stands for. */
export const VENDOR_ENTRIES: Readonly<Record<string, string>> = {
  react: 'react',
  'react-jsx-runtime': 'react/jsx-runtime',
  'react-dom': 'react-dom',
  'react-dom-client': 'react-dom/client',
  'single-spa': 'single-spa',
};
