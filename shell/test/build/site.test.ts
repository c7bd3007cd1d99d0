import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAP } from '../../src/build/importMap.js';
import { findModulePackages, pageHtml } from '../../src/build/sitePlugin.js';
import { commonJsExportNames, wrapperSource } from '../../src/build/vendorPlugin.js';

describe('vendor wrappers', () => {
  it('re-export React’s names explicitly (export * yields none for CommonJS)', () => {
    expect(commonJsExportNames('react')).toEqual(expect.arrayContaining(['useState', 'useEffect', 'Suspense', 'lazy', 'version']));
    expect(commonJsExportNames('react-dom/client')).toEqual(expect.arrayContaining(['createRoot', 'hydrateRoot']));
    expect(commonJsExportNames('react/jsx-runtime')).toEqual(expect.arrayContaining(['jsx', 'jsxs', 'Fragment']));
    expect(wrapperSource('react')).toMatch(/^import pkg from 'react';\nexport default pkg;\nexport const \{ .*useState.* \} = pkg;/);
    expect(wrapperSource('single-spa')).toBe("export * from 'single-spa';\n");
  });
});

describe('index.html', () => {
  it('carries the import map as its only inline script, before any module', () => {
    const html = pageHtml({ stylesheets: ['/ui-kit/ui-kit.css'], preloads: ['/vendor/react.js'], rootConfig: '/root-config.js' });
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((match) => !/src=/.test(match[1]!) && match[2]!.length > 0);
    expect(inline).toHaveLength(1);
    expect(JSON.parse(inline[0]![2]!)).toEqual({ imports: IMPORT_MAP });
    expect(html.indexOf('importmap')).toBeLessThan(html.indexOf('modulepreload'));
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<main id="contenu" tabindex="-1">');
  });
});

describe('module packages', () => {
  function workspace(declaration: object | null, files: string[]) {
    const root = mkdtempSync(join(tmpdir(), 'ent-shell-'));
    const shell = join(root, 'shell');
    const module = join(root, 'node_modules/@ent/cantine');
    mkdirSync(shell, { recursive: true });
    mkdirSync(join(module, 'dist'), { recursive: true });
    writeFileSync(join(shell, 'package.json'), JSON.stringify({ devDependencies: { '@ent/cantine': '0.1.0', react: '19.3.1' } }));
    writeFileSync(join(module, 'package.json'), JSON.stringify({ name: '@ent/cantine' }));
    if (declaration) writeFileSync(join(module, 'ent-module.json'), JSON.stringify(declaration));
    for (const file of files) writeFileSync(join(module, 'dist', file), '');
    return shell;
  }
  const declaration = {
    id: 'cantine',
    bundle: 'cantine.js',
    tile: { label: 'Cantine', description: 'Menus', pictogram: '🍽️', profiles: ['ELEVE'] },
  };

  it('finds the shell’s @ent dependencies that declare a module, with their stylesheets', () => {
    const [found] = findModulePackages(workspace(declaration, ['cantine.js', 'cantine.css']));
    expect(found?.entry).toMatchObject({ id: 'cantine', bundle: '/modules/cantine/cantine.js', styles: ['/modules/cantine/cantine.css'] });
  });

  it('skips a package without ent-module.json and refuses one not built', () => {
    expect(findModulePackages(workspace(null, []))).toEqual([]);
    expect(() => findModulePackages(workspace(declaration, []))).toThrow(/dist\/cantine.js is missing/);
  });
});
