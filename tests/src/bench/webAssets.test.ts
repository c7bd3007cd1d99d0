import { describe, expect, it } from 'vitest';
import { findReactCopies, formatAssetTable, sizeOf, totalOf } from './webAssets.js';

// What minified React 19 looks like in a Vite bundle (shapes copied from shell/dist/vendor).
const REACT = 'var T={H:null};function Z(e,t,n){this.props=e}Z.prototype.isReactComponent={};var s=Symbol.for(`react.transitional.element`);e.version=`19.3.1`';
const REACT_DOM = 'var q=Symbol.for(`react.transitional.element`);function Y(e){return e.prototype&&e.prototype.isReactComponent}e.version=`19.3.1`';
const MICRO_FRONTEND = 'import{jsx as k}from"react/jsx-runtime";import{useState as D}from"react";export const x=1;';

describe('findReactCopies', () => {
  it('counts one copy for react + react-dom + a micro-frontend importing React through the import map', () => {
    const found = findReactCopies([
      { path: '/vendor/shared.js', text: REACT },
      { path: '/vendor/react-dom-client.js', text: REACT_DOM },
      { path: '/modules/admin/admin.js', text: MICRO_FRONTEND },
    ]);
    expect(found).toEqual({ copies: 1, filesWithReactCode: ['/vendor/shared.js', '/vendor/react-dom-client.js'], versions: ['19.3.1'] });
  });

  it('sees a second copy bundled into a micro-frontend', () => {
    const found = findReactCopies([
      { path: '/vendor/shared.js', text: REACT },
      { path: '/modules/admin/admin.js', text: MICRO_FRONTEND + REACT.replace('19.3.1', '19.2.0') },
    ]);
    expect(found.copies).toBe(2);
    expect(found.filesWithReactCode).toContain('/modules/admin/admin.js');
    expect(found.versions).toEqual(['19.2.0', '19.3.1']);
  });
});

describe('sizes', () => {
  it('compresses, totals by kind and prints a table', () => {
    const body = Buffer.from('const a = "ENT";\n'.repeat(200));
    const script = sizeOf({ path: '/a.js', kind: 'script', step: 'login page', body });
    const style = sizeOf({ path: '/a.css', kind: 'stylesheet', step: 'login page', body: Buffer.from('a{color:red}') });
    expect(script.raw).toBe(body.length);
    expect(script.gzip).toBeLessThan(script.raw / 10);
    expect(script.brotli).toBeLessThanOrEqual(script.gzip);
    expect(totalOf([script, style], ['script'])).toEqual({ raw: script.raw, gzip: script.gzip, brotli: script.brotli });
    expect(formatAssetTable([script, style]).split('\n')).toHaveLength(4);
  });
});
