import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, EMPTY_REGISTRY, planRegistration, planRemoval, readRegistry, runCli, type SubgraphSource } from '../src/index.js';

const FED2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
const USERS: SubgraphSource = {
  name: 'users',
  url: 'http://127.0.0.1:4001/graphql',
  typeDefs: `${FED2}\ntype Query { me: User! }\ntype User @key(fields: "id") { id: ID!  name: String! }`,
};
/** A vendor in Federation 1 (what Mercurius speaks). */
const VENDOR_V1 = `extend type Query { notes(first: Int = 10): [Note!]! }
type Note { id: ID!  text: String!  author: User! }
extend type User @key(fields: "id") { id: ID! @external  noteCount: Int! }`;

function current(): string {
  const composed = composeSupergraph([USERS]);
  if (!composed.ok) throw new Error(composed.report);
  return composed.supergraphSdl;
}

describe('planRegistration', () => {
  it('accepts a Federation 1 vendor and keeps its SDL in the registry entry', () => {
    const outcome = planRegistration(
      { name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', label: 'Notes', sdl: VENDOR_V1 },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    if (!outcome.ok) throw new Error(outcome.report);
    expect(outcome.supergraphSdl).toContain('noteCount');
    expect(outcome.registry.subgraphs).toMatchObject([{ name: 'notes', moduleId: 'notes', label: 'Notes', sdl: VENDOR_V1 }]);
  });

  it('refuses a built-in name, a module id of the ENT and one another vendor holds', () => {
    const taken = planRegistration(
      { name: 'users', url: 'http://vendor/graphql', moduleId: 'devoirs', sdl: VENDOR_V1 },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    expect(taken.ok).toBe(false);
    if (taken.ok) return;
    expect(taken.problems.map((p) => p.code)).toEqual(['NAME_TAKEN', 'MODULE_TAKEN']);
    const first = planRegistration(
      { name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1 },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    if (!first.ok) throw new Error(first.report);
    const second = planRegistration(
      { name: 'other-notes', url: 'http://other/graphql', moduleId: 'notes', sdl: 'extend type Query { other: String }' },
      { builtins: [USERS], registry: first.registry, currentSupergraphSdl: first.supergraphSdl },
    );
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.report).toMatch(/« notes » est déjà pris par le sous-graphe « notes »/);
  });

  it('names the field another subgraph owns when a vendor claims it without federation directives', () => {
    const outcome = planRegistration(
      { name: 'thief', url: 'http://vendor/graphql', moduleId: 'thief', sdl: 'type User @key(fields: "id") { id: ID!  name: String! }\nextend type Query { x: Int }' },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.some((p) => p.coordinate === 'User.name')).toBe(true);
    expect(outcome.report).toMatch(/appartient déjà à un autre sous-graphe/);
  });

  it('refuses a re-registration that removes a field or changes an argument, naming it', () => {
    const first = planRegistration(
      { name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1 },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    if (!first.ok) throw new Error(first.report);
    const context = { builtins: [USERS], registry: first.registry, currentSupergraphSdl: first.supergraphSdl };
    const removed = planRegistration({ name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1.replace('  text: String!', '') }, context);
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.problems).toContainEqual(expect.objectContaining({ code: 'BREAKING_CHANGE', coordinate: 'Note.text' }));
    const argument = planRegistration({ name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1.replace('first: Int = 10', 'first: String') }, context);
    expect(argument.ok).toBe(false);
    if (!argument.ok) expect(argument.report).toMatch(/Query\.notes/);
    // Adding is not breaking.
    const added = planRegistration({ name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1.replace('  text: String!', '  text: String!\n  pinned: Boolean') }, context);
    expect(added.ok).toBe(true);
  });

  it('removes a registered subgraph and refuses an unknown one', () => {
    const first = planRegistration(
      { name: 'notes', url: 'http://vendor/graphql', moduleId: 'notes', sdl: VENDOR_V1 },
      { builtins: [USERS], registry: EMPTY_REGISTRY, currentSupergraphSdl: current() },
    );
    if (!first.ok) throw new Error(first.report);
    const removal = planRemoval('notes', { builtins: [USERS], registry: first.registry, currentSupergraphSdl: first.supergraphSdl });
    if (!removal.ok) throw new Error(removal.report);
    expect(removal.supergraphSdl).toBe(current());
    expect(planRemoval('nobody', { builtins: [USERS], registry: first.registry, currentSupergraphSdl: null }).ok).toBe(false);
  });
});

describe('subgraph:add / subgraph:remove (the CLI)', () => {
  let dir: string;
  let server: Server;
  let vendorUrl: string;
  let sdl = VENDOR_V1;
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ent-registry-'));
    await writeFile(join(dir, 'users.graphql'), USERS.typeDefs);
    await writeFile(join(dir, 'subgraphs.json'), JSON.stringify([{ name: 'users', url: USERS.url, sdl: 'users.graphql' }]));
    await writeFile(join(dir, 'supergraph.graphql'), current());
    // The vendor: its GraphQL endpoint, and its built micro-frontend under /ui/.
    const files: Record<string, string> = {
      '/ui/ent-module.json': JSON.stringify({ id: 'notes', bundle: 'notes.js', styles: ['notes.css'], tile: { label: 'Notes' } }),
      '/ui/notes.js': 'export async function bootstrap() {}',
      '/ui/notes.css': '.notes {}',
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? ''];
      if (file !== undefined) res.end(file);
      else if (req.url?.startsWith('/ui/')) {
        res.statusCode = 404;
        res.end();
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { _service: { sdl } } }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    vendorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const files = () => ['--list', join(dir, 'subgraphs.json'), '--registry', join(dir, 'registry.json'), '--supergraph', join(dir, 'supergraph.graphql')];

  it('registers, refuses a breaking version leaving the file byte-identical, then removes', async () => {
    expect(await runCli(['add', '--name', 'notes', '--url', vendorUrl, '--module', 'notes', ...files()], output)).toBe(0);
    expect(await readFile(join(dir, 'supergraph.graphql'), 'utf8')).toContain('noteCount');
    expect((await readRegistry(join(dir, 'registry.json'))).subgraphs.map((s) => s.name)).toEqual(['notes']);

    const before = await readFile(join(dir, 'supergraph.graphql'));
    sdl = VENDOR_V1.replace('  noteCount: Int!', '  noteCount: String!');
    expect(await runCli(['add', '--name', 'notes', '--url', vendorUrl, '--module', 'notes', ...files()], output)).toBe(1);
    expect(err.join('\n')).toMatch(/User\.noteCount/);
    expect((await readFile(join(dir, 'supergraph.graphql'))).equals(before)).toBe(true);

    expect(await runCli(['add', '--name', 'ailleurs', '--url', 'http://127.0.0.1:1/graphql', '--module', 'ailleurs', ...files()], output)).toBe(1);
    expect(err.join('\n')).toMatch(/UNREACHABLE/);

    // A new version with its micro-frontend published by the vendor: copied next to the registry.
    sdl = VENDOR_V1.replace('  text: String!', '  text: String!\n  pinned: Boolean');
    const base = vendorUrl.replace('/graphql', '/ui/');
    expect(await runCli(['add', '--name', 'notes', '--url', vendorUrl, '--module', 'notes', '--bundle-url', base, ...files()], output), err.join('\n')).toBe(0);
    const [entry] = (await readRegistry(join(dir, 'registry.json'))).subgraphs;
    expect(entry?.bundleDir).toBe(join(dir, 'bundles', 'notes'));
    expect(await readFile(join(dir, 'bundles', 'notes', 'notes.js'), 'utf8')).toContain('bootstrap');
    expect(entry?.module).toMatchObject({ id: 'notes', styles: ['notes.css'] });
    expect(await runCli(['add', '--name', 'notes', '--url', vendorUrl, '--module', 'notes', '--bundle-url', vendorUrl.replace('/graphql', '/ui/missing/'), ...files()], output)).toBe(1);
    expect(err.join('\n')).toMatch(/INVALID_BUNDLE/);

    expect(await runCli(['remove', '--name', 'notes', ...files()], output)).toBe(0);
    expect(await readFile(join(dir, 'supergraph.graphql'), 'utf8')).toBe(current());
    expect((await readRegistry(join(dir, 'registry.json'))).subgraphs).toEqual([]);
  });
});
