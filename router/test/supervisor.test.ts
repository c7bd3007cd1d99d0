import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../src/supervisor/logFormat.js';
import { localServices } from '../src/supervisor/services.js';
import { Supervisor } from '../src/supervisor/supervise.js';

describe('localServices', () => {
  it('starts the listed subgraphs that live in the repository, on their routing port, and leaves vendors’ alone', () => {
    const root = mkdtempSync(join(tmpdir(), 'ent-services-'));
    mkdirSync(join(root, 'schema'));
    mkdirSync(join(root, 'subgraphs/annuaire'), { recursive: true });
    writeFileSync(join(root, 'subgraphs/annuaire/package.json'), '{}');
    writeFileSync(
      join(root, 'schema/subgraphs.json'),
      JSON.stringify([
        { name: 'annuaire', url: 'http://127.0.0.1:4001/graphql', sdl: '../subgraphs/annuaire/schema.graphql' },
        { name: 'vie-scolaire', url: 'https://vendor.example/graphql', sdl: 'vendor.graphql' },
      ]),
    );
    const { subgraphs, router } = localServices(root, 4000);
    expect(subgraphs).toEqual([
      { name: 'annuaire', entry: 'subgraphs/annuaire/dist/main.js', port: 4001, readyUrl: 'http://127.0.0.1:4001/ready' },
    ]);
    expect(router).toMatchObject({ entry: 'router/dist/main.js', port: 4000 });
  });
});

describe('formatLogLine', () => {
  it('shows a pino line as one short line with the service name, and passes other lines through', () => {
    const line = JSON.stringify({ level: 30, time: '2026-11-30T23:40:57.123Z', pid: 1, service: 'annuaire', msg: 'listening', port: 4001 });
    expect(formatLogLine('annuaire', line)).toBe(`${'[annuaire]'.padEnd(20)} 23:40:57 info  listening {"port":4001}`);
    expect(formatLogLine('router', 'plain text')).toBe(`${'[router]'.padEnd(20)} plain text`);
  });
});

describe('Supervisor', () => {
  it('restarts a service that dies, gives up when it keeps dying, and gives up at once on a configuration error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ent-supervise-'));
    writeFileSync(join(root, 'dies.mjs'), 'process.exit(1);');
    writeFileSync(join(root, 'misconfigured.mjs'), 'console.error("La base est déjà ouverte"); process.exit(78);');
    const lines: string[] = [];
    const fatal = (supervisor: Supervisor) => new Promise<string>((resolve) => supervisor.onFatal(resolve));

    const flaky = new Supervisor({ root, env: {}, out: (line) => lines.push(line), maxRestartsPerMinute: 2 });
    const flakyGaveUp = fatal(flaky);
    flaky.start({ name: 'flaky', entry: 'dies.mjs', port: 0, readyUrl: 'http://127.0.0.1:1/ready' });
    expect(await flakyGaveUp).toMatch(/flaky s'est arrêté 3 fois en une minute/);
    expect(lines.filter((line) => line.includes('restarting'))).toHaveLength(2);

    const broken = new Supervisor({ root, env: {}, out: (line) => lines.push(line) });
    const brokenGaveUp = fatal(broken);
    broken.start({ name: 'broken', entry: 'misconfigured.mjs', port: 0, readyUrl: 'http://127.0.0.1:1/ready' });
    expect(await brokenGaveUp).toMatch(/broken ne peut pas démarrer/);
    expect(lines.some((line) => line.includes('La base est déjà ouverte'))).toBe(true);
  });
});
