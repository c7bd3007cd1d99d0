import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkSupergraph,
  composeFromList,
  composeSupergraph,
  loadSubgraphList,
  runCli,
  SUPERGRAPH_PATH,
  SubgraphListError,
} from '../src/index.js';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('composition of the registered subgraphs', () => {
  it('composes the real list into a supergraph that names every subgraph', async () => {
    const subgraphs = await loadSubgraphList();
    expect(subgraphs.map((s) => s.name)).toContain('annuaire');
    const outcome = await composeFromList();
    if (!outcome.ok) throw new Error(outcome.report);
    expect(outcome.supergraphSdl).toContain('@join__graph(name: "annuaire", url: "http://127.0.0.1:4001/graphql")');
    expect(outcome.supergraphSdl.endsWith('\n')).toBe(true);
  });

  it('the committed supergraph is up to date', async () => {
    expect(await checkSupergraph()).toEqual({ ok: true });
  });
});

describe('composition failures', () => {
  it('reports an SDL syntax error with the subgraph name, in a French sentence', () => {
    const outcome = composeSupergraph([
      { name: 'cassé', url: 'http://127.0.0.1:1/graphql', typeDefs: `${FEDERATION}\ntype Query { oops( }` },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.report).toMatch(/^La composition du supergraphe a échoué \(1 erreur\) :/);
    expect(outcome.problems[0]).toMatchObject({ subgraph: 'cassé', code: 'INVALID_GRAPHQL' });
    expect(outcome.report).toContain('ligne 2');
  });

  it('reports incompatible subgraphs with composition’s error codes', () => {
    const outcome = composeSupergraph([
      { name: 'alpha', url: 'http://127.0.0.1:1/graphql', typeDefs: `${FEDERATION}\ntype Query { count: Int }` },
      { name: 'beta', url: 'http://127.0.0.1:2/graphql', typeDefs: `${FEDERATION}\ntype Query { count: String }` },
    ]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => p.code)).toContain('INVALID_FIELD_SHARING');
    expect(outcome.report).toContain('count');
  });

  it('refuses an empty list', () => {
    const outcome = composeSupergraph([]);
    expect(outcome.ok).toBe(false);
  });
});

describe('compose and check commands', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ent-schema-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('check passes on a fresh copy and detects a stale one', async () => {
    const copy = join(dir, 'supergraph.graphql');
    await copyFile(SUPERGRAPH_PATH, copy);
    const fresh = captureOutput();
    expect(await runCli(['check', '--supergraph', copy], fresh.output)).toBe(0);

    await writeFile(copy, `${await readFile(copy, 'utf8')}\ntype Stale { id: ID }\n`);
    const stale = captureOutput();
    expect(await runCli(['check', '--supergraph', copy], stale.output)).toBe(1);
    expect(stale.err.join('\n')).toContain('stale: run npm run compose');
    expect(await checkSupergraph({ supergraphPath: copy })).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('check reports a missing supergraph', async () => {
    const outcome = await checkSupergraph({ supergraphPath: join(dir, 'absent.graphql') });
    expect(outcome).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('compose writes the supergraph of a list, and check fails when that list no longer composes', async () => {
    const sdlPath = join(dir, 'alpha.graphql');
    await writeFile(sdlPath, `${FEDERATION}\ntype Query { hello: String }\n`);
    const listPath = join(dir, 'subgraphs.json');
    await writeFile(listPath, JSON.stringify([{ name: 'alpha', url: 'http://127.0.0.1:4100/graphql', sdl: './alpha.graphql' }]));
    const supergraphPath = join(dir, 'supergraph.graphql');

    const composed = captureOutput();
    expect(await runCli(['compose', '--list', listPath, '--supergraph', supergraphPath], composed.output)).toBe(0);
    expect(await readFile(supergraphPath, 'utf8')).toContain('hello: String');
    expect(await runCli(['check', '--list', listPath, '--supergraph', supergraphPath], captureOutput().output)).toBe(0);

    await writeFile(sdlPath, `${FEDERATION}\ntype Query { hello: }\n`);
    const broken = captureOutput();
    expect(await runCli(['check', '--list', listPath, '--supergraph', supergraphPath], broken.output)).toBe(1);
    expect(broken.err.join('\n')).toContain('La composition du supergraphe a échoué');
    // A failed compose leaves the previous supergraph in place.
    expect(await runCli(['compose', '--list', listPath, '--supergraph', supergraphPath], captureOutput().output)).toBe(1);
    expect(await readFile(supergraphPath, 'utf8')).toContain('hello: String');
  });

  it('explains a malformed list', async () => {
    const listPath = join(dir, 'subgraphs.json');
    await writeFile(listPath, JSON.stringify([{ name: 'Alpha', url: 'ftp://x', sdl: 'a.graphql' }]));
    await expect(loadSubgraphList(listPath)).rejects.toBeInstanceOf(SubgraphListError);
    const output = captureOutput();
    expect(await runCli(['compose', '--list', listPath, '--supergraph', join(dir, 'out.graphql')], output.output)).toBe(1);
    expect(output.err.join('\n')).toContain('« name »');
  });

  it('prints usage for an unknown command', async () => {
    const output = captureOutput();
    expect(await runCli(['frobnicate'], output.output)).toBe(2);
    expect(output.err.join('\n')).toContain('Usage');
    expect(await runCli(['check', '--list'], captureOutput().output)).toBe(2);
    expect(await runCli(['check', 'extra'], captureOutput().output)).toBe(2);
  });
});
