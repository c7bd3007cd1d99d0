import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** One file the browser downloaded during the first visit. */
export interface WebAsset {
  /** Path on the portal's origin (`/ui-kit/ui-kit.js`). */
  path: string;
  kind: 'document' | 'script' | 'stylesheet' | 'font' | 'image' | 'data';
  /** The step of the visit that first needed it. */
  step: string;
  body: Buffer;
}

export interface SizedAsset extends Omit<WebAsset, 'body'> {
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * Compressed sizes as a static server would send precompressed files: gzip -9 and brotli quality 11
 * (text mode). What goes over the wire also depends on the server or proxy in front of the router.
 */
export function sizeOf(asset: WebAsset): SizedAsset {
  const { body, ...rest } = asset;
  return {
    ...rest,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length,
  };
}

/**
 * `react` defines its `Component` class once per copy (`Component.prototype.isReactComponent = {}`);
 * react-dom and the JSX runtime only read that flag. Counting the definitions counts React copies,
 * however a bundler renames the class.
 */
const REACT_COMPONENT_DEFINITION = /\.prototype\.isReactComponent\s*=\s*\{\s*\}/g;
/** The element type every copy of React, react-dom and react/jsx-runtime carries (React 19; 18 and before: react.element). */
const REACT_ELEMENT_SYMBOL = /Symbol\.for\(\s*["'`]react\.(?:transitional\.)?element["'`]\s*\)/;
/** `exports.version = "19.3.1"` in react and react-dom, however minified (`t.version=\`19.3.1\``). */
const REACT_VERSION = /\.version\s*=\s*["'`](\d+\.\d+\.\d+[^"'`]*)["'`]/g;

export interface ReactCopies {
  /** Number of `react` package copies across all scripts (the budget wants exactly one). */
  copies: number;
  /** Scripts that carry React code (react, react-dom or the JSX runtime). */
  filesWithReactCode: string[];
  /** Distinct React version strings seen. */
  versions: string[];
}

export function findReactCopies(scripts: ReadonlyArray<{ path: string; text: string }>): ReactCopies {
  let copies = 0;
  const files: string[] = [];
  const versions = new Set<string>();
  for (const { path, text } of scripts) {
    copies += text.match(REACT_COMPONENT_DEFINITION)?.length ?? 0;
    if (REACT_ELEMENT_SYMBOL.test(text)) files.push(path);
    for (const match of text.matchAll(REACT_VERSION)) versions.add(match[1]!);
  }
  return { copies, filesWithReactCode: files, versions: [...versions].sort() };
}

/** Sizes in kB of 1000 bytes, the unit the budget is stated in. */
export function kilobytes(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

export function formatAssetTable(assets: readonly SizedAsset[]): string {
  const header = ['file', 'kind', 'first needed by', 'raw kB', 'gzip kB', 'brotli kB'];
  const rows = assets.map((asset) => [asset.path, asset.kind, asset.step, kilobytes(asset.raw), kilobytes(asset.gzip), kilobytes(asset.brotli)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column >= 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export interface Totals {
  raw: number;
  gzip: number;
  brotli: number;
}

export function totalOf(assets: readonly SizedAsset[], kinds?: readonly SizedAsset['kind'][]): Totals {
  return assets
    .filter((asset) => !kinds || kinds.includes(asset.kind))
    .reduce((sum, asset) => ({ raw: sum.raw + asset.raw, gzip: sum.gzip + asset.gzip, brotli: sum.brotli + asset.brotli }), {
      raw: 0,
      gzip: 0,
      brotli: 0,
    });
}
