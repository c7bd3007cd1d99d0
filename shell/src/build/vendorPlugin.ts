import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { VENDOR_ENTRIES } from './importMap.js';

const require = createRequire(import.meta.url);
const PREFIX = 'virtual:ent-vendor/';

/** React's CommonJS production files, whose exports the ES wrappers re-export by name. */
const COMMONJS_FILES: Readonly<Record<string, [pkg: string, file: string]>> = {
  react: ['react', 'cjs/react.production.js'],
  'react/jsx-runtime': ['react', 'cjs/react-jsx-runtime.production.js'],
  'react-dom': ['react-dom', 'cjs/react-dom.production.js'],
  'react-dom/client': ['react-dom', 'cjs/react-dom-client.production.js'],
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The names a CommonJS production build of a React package exports. */
export function commonJsExportNames(specifier: string): string[] {
  const [pkg, file] = COMMONJS_FILES[specifier]!;
  const packageDir = dirname(require.resolve(`${pkg}/package.json`));
  const exported = require(join(packageDir, file)) as Record<string, unknown>;
  return Object.keys(exported)
    .filter((name) => IDENTIFIER.test(name) && name !== 'default')
    .sort();
}

/**
 * An ES wrapper around a CommonJS package. Under Vite 8 `export * from 'react'` gives a module without
 * named exports (React is CommonJS), so each name is re-exported explicitly; every wrapper imports the
 * package itself, so the build puts React in one shared chunk: one instance in the page.
 */
export function wrapperSource(specifier: string): string {
  if (!(specifier in COMMONJS_FILES)) return `export * from '${specifier}';\n`;
  const names = commonJsExportNames(specifier);
  return [
    `import pkg from '${specifier}';`,
    'export default pkg;',
    `export const { ${names.join(', ')} } = pkg;`,
    '',
  ].join('\n');
}

/** Virtual entries `virtual:ent-vendor/<file>` for the vendor build (shell/vite.vendor.config.ts). */
export function vendorEntries(): Plugin {
  return {
    name: 'ent-vendor-entries',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const file = id.slice(PREFIX.length + 1);
      const specifier = VENDOR_ENTRIES[file];
      if (!specifier) throw new Error(`unknown vendor entry ${file}`);
      return wrapperSource(specifier);
    },
  };
}

/** The single-spa version bundled, for the build's report. */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}
