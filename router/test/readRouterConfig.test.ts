import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRouterConfig } from '../src/index.js';

describe('readRouterConfig', () => {
  it('defaults to the local layout', () => {
    const config = readRouterConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      annuaireUrl: 'http://127.0.0.1:4001',
      jwksUrl: 'http://127.0.0.1:4001/.well-known/jwks.json',
      staticDir: undefined,
      production: false,
      trustProxy: false,
      trustedOrigins: [],
      subgraphUrls: {},
    });
    expect(config.supergraphPath).toBe(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)));
  });

  it('reads the environment', () => {
    const config = readRouterConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      NODE_ENV: 'production',
      ENT_ANNUAIRE_URL: 'http://annuaire:4001/',
      ENT_STATIC_DIR: 'shell/dist',
      ENT_SUPERGRAPH_PATH: '/etc/ent/supergraph.graphql',
      ENT_TRUST_PROXY: '1',
      ENT_TRUSTED_ORIGINS: 'http://localhost:5173, https://ent.example',
      ENT_SUBGRAPH_URL_CAHIER_DE_TEXTES: 'http://cdt:4002/graphql',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      production: true,
      annuaireUrl: 'http://annuaire:4001',
      jwksUrl: 'http://annuaire:4001/.well-known/jwks.json',
      staticDir: resolve('shell/dist'),
      supergraphPath: '/etc/ent/supergraph.graphql',
      trustProxy: 1,
      trustedOrigins: ['http://localhost:5173', 'https://ent.example'],
      subgraphUrls: { 'cahier-de-textes': 'http://cdt:4002/graphql' },
    });
    expect(readRouterConfig({ ENT_JWKS_URL: 'http://keys/jwks.json' }).jwksUrl).toBe('http://keys/jwks.json');
  });

  it('refuses a port that is not a number', () => {
    expect(() => readRouterConfig({ PORT: 'http' })).toThrow(/PORT/);
  });
});

describe('subgraphRoutesFrom', () => {
  it('sends each subgraph’s declared HTTP routes to its origin, or to the URL that overrides it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { subgraphRoutesFrom } = await import('../src/readRouterConfig.js');
    const list = join(mkdtempSync(join(tmpdir(), 'ent-routes-')), 'subgraphs.json');
    writeFileSync(
      list,
      JSON.stringify([
        { name: 'annuaire', url: 'http://127.0.0.1:4001/graphql', sdl: 'a.graphql' },
        { name: 'cahier-de-textes', url: 'http://127.0.0.1:4002/graphql', sdl: 'c.graphql', routes: ['/calendar', 'relative', 3] },
      ]),
    );
    expect(subgraphRoutesFrom(list, {})).toEqual([{ name: 'cahier-de-textes', prefixes: ['/calendar'], target: 'http://127.0.0.1:4002' }]);
    expect(subgraphRoutesFrom(list, { 'cahier-de-textes': 'http://cahier.internal:8080/graphql' })[0]?.target).toBe('http://cahier.internal:8080');
    expect(subgraphRoutesFrom(join(list, 'missing.json'), {})).toEqual([]);
  });
});
