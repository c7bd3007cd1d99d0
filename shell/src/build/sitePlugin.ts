import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Plugin, Rolldown } from 'vite';
import { type ManifestEntry, ManifestError, parseModuleDeclaration } from '../manifest/manifest.js';
import { IMPORT_MAP } from './importMap.js';

/** A micro-frontend package found among the shell's dependencies. */
export interface ModulePackage {
  packageName: string;
  dir: string;
  entry: ManifestEntry;
}

/** Where a workspace package lives (node_modules/@ent/x is a link to it), searching up from `from`. */
export function findPackageDir(packageName: string, from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The micro-frontends the shell ships: every `@ent/*` dependency of the shell whose package has an
 * `ent-module.json`. Being a dependency is also what makes Turborepo build it before the shell.
 */
export function findModulePackages(shellDir: string): ModulePackage[] {
  const pkg = JSON.parse(readFileSync(join(shellDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name.startsWith('@ent/')).sort();
  const modules: ModulePackage[] = [];
  for (const packageName of names) {
    const dir = findPackageDir(packageName, shellDir);
    if (!dir) throw new Error(`${packageName} is a dependency of the shell but is not installed (npm install)`);
    const declarationFile = join(dir, 'ent-module.json');
    if (!existsSync(declarationFile)) continue;
    const source = `${packageName}/ent-module.json`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(declarationFile, 'utf8'));
    } catch (error) {
      throw new ManifestError(source, [`not valid JSON: ${(error as Error).message}`]);
    }
    const declaration = parseModuleDeclaration(raw, source);
    const distDir = join(dir, 'dist');
    if (!existsSync(join(distDir, declaration.bundle))) {
      throw new ManifestError(source, [
        `dist/${declaration.bundle} is missing: build ${packageName} first (turbo run build does, the shell depends on it)`,
      ]);
    }
    const styles = declaration.styles ?? readdirSync(distDir).filter((file) => file.endsWith('.css'));
    for (const file of styles) {
      if (!existsSync(join(distDir, file))) throw new ManifestError(source, [`dist/${file} is missing`]);
    }
    const base = `/modules/${declaration.id}/`;
    modules.push({
      packageName,
      dir,
      entry: { ...declaration, bundle: `${base}${declaration.bundle}`, styles: styles.map((file) => `${base}${file}`) },
    });
  }
  const problems: string[] = [];
  for (const [index, module] of modules.entries()) {
    const clash = modules.slice(0, index).find((other) => other.entry.id === module.entry.id || other.entry.route === module.entry.route);
    if (clash) problems.push(`${module.packageName} and ${clash.packageName} declare the same id or route`);
  }
  if (problems.length > 0) throw new ManifestError('shell', problems);
  return modules;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface PageOptions {
  stylesheets: readonly string[];
  preloads: readonly string[];
  rootConfig: string;
}

/**
 * index.html: the import map (the only inline script; the router allows it by its hash), the
 * stylesheets, module preloads (no waterfall: React, the ui-kit and the portal load in parallel), the root
 * config, and the page's skeleton — the header, then <main id="contenu"> with the portal's element and
 * the modules' element.
 */
export function pageHtml(options: PageOptions): string {
  const importMap = JSON.stringify({ imports: IMPORT_MAP });
  const lines = [
    '<!doctype html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    '<title>ENT — Espace numérique de travail</title>',
    '<link rel="icon" href="data:,">',
    ...options.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    `<script type="importmap">${importMap}</script>`,
    ...options.preloads.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
    `<script type="module" src="${escapeHtml(options.rootConfig)}"></script>`,
    '</head>',
    '<body>',
    '<div id="ent-header"></div>',
    '<main id="contenu" tabindex="-1">',
    '<div id="ent-page"><p class="portal-boot" role="status">Chargement du portail…</p></div>',
    '<div id="ent-modules"></div>',
    '</main>',
    '<noscript><p class="portal-boot">L’ENT a besoin de JavaScript pour fonctionner : activez-le dans votre navigateur.</p></noscript>',
    '</body>',
    '</html>',
    '',
  ];
  return lines.join('\n');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The chunk files an entry needs at once (its static imports, transitively). */
function staticClosure(bundle: Rolldown.OutputBundle, fileName: string, seen = new Set<string>()): Set<string> {
  const chunk = bundle[fileName];
  // Externals (the import map's modules) are not files of this build.
  if (seen.has(fileName) || chunk?.type !== 'chunk') return seen;
  seen.add(fileName);
  for (const imported of chunk.imports) staticClosure(bundle, imported, seen);
  return seen;
}

/**
 * The shell build's last steps: copies the ui-kit and each micro-frontend's dist/, writes
 * /manifest.json from their ent-module.json, and writes index.html with the import map.
 */
export function portalSite(options: { shellDir: string }): Plugin {
  let outDir = '';
  let modules: ModulePackage[] = [];
  let uiKitDir = '';
  return {
    name: 'ent-portal-site',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      const found = findPackageDir('@ent/ui-kit', options.shellDir);
      if (!found || !existsSync(join(found, 'dist/ui-kit.js'))) throw new Error('@ent/ui-kit is not built (turbo run build builds it first)');
      uiKitDir = found;
      modules = findModulePackages(options.shellDir);
      this.addWatchFile(join(uiKitDir, 'dist/ui-kit.js'));
      for (const module of modules) this.addWatchFile(join(module.dir, 'ent-module.json'));
    },
    generateBundle(_outputOptions, bundle) {
      const entries = Object.values(bundle).filter((item): item is Rolldown.OutputChunk => item.type === 'chunk' && item.isEntry);
      const rootConfig = entries.find((chunk) => chunk.name === 'root-config');
      const portal = entries.find((chunk) => chunk.name === 'portal');
      if (!rootConfig || !portal) throw new Error('the shell build needs the root-config and portal entries');

      const css = new Set<string>();
      for (const file of [...staticClosure(bundle, rootConfig.fileName), ...staticClosure(bundle, portal.fileName)]) {
        const chunk = bundle[file];
        if (chunk?.type === 'chunk') for (const sheet of chunk.viteMetadata?.importedCss ?? []) css.add(`/${sheet}`);
      }
      const vendor = filesUnder(join(outDir, 'vendor'))
        .filter((file) => file.endsWith('.js'))
        .map((file) => `/${relative(outDir, file).split('\\').join('/')}`)
        .sort();
      const ownChunks = [...staticClosure(bundle, rootConfig.fileName), ...staticClosure(bundle, portal.fileName)]
        .filter((file) => file !== rootConfig.fileName)
        .map((file) => `/${file}`);
      const preloads = [...new Set([...vendor, IMPORT_MAP['@ent/ui-kit']!, ...ownChunks])];

      this.emitFile({
        type: 'asset',
        fileName: 'index.html',
        source: pageHtml({ stylesheets: ['/ui-kit/ui-kit.css', ...css], preloads, rootConfig: `/${rootConfig.fileName}` }),
      });
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.json',
        source: `${JSON.stringify(
          modules.map((module) => module.entry),
          null,
          2,
        )}\n`,
      });
    },
    writeBundle() {
      cpSync(join(uiKitDir, 'dist'), join(outDir, 'ui-kit'), {
        recursive: true,
        filter: (source) => !source.includes(`${join(uiKitDir, 'dist', 'types')}`),
      });
      for (const module of modules) {
        const distDir = join(module.dir, 'dist');
        cpSync(distDir, join(outDir, 'modules', module.entry.id), {
          recursive: true,
          filter: (source) => !source.startsWith(join(distDir, 'types')),
        });
      }
    },
  };
}
