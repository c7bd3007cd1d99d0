import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServiceSpec, Supervisor } from '@ent/router/supervisor';
import { composeFromList, writeSupergraph } from '@ent/schema';
import { TOTP } from 'otpauth';

/**
 * npm run bench:vendor — hot reload under load. The annuaire, the vendor example (vie-scolaire,
 * Fastify + Mercurius) and the router run as separate processes; clients query the router without
 * pause while the département administrator registers the vendor and removes it again, CYCLES times,
 * through the router's API. Prints the reload time (the gateway swapping schema and query planner),
 * the whole registration time (SDL fetch, composition, breaking-change check, writes, reload) and the
 * number of failed requests. Asserts nothing.
 *
 * ENT_BENCH_CONNECTIONS (default 16), ENT_BENCH_CYCLES (default 5).
 */
// Standalone (not through the test harness, which loads every subgraph package).
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const connections = Number(process.env['ENT_BENCH_CONNECTIONS'] ?? 16);
const cycles = Number(process.env['ENT_BENCH_CYCLES'] ?? 5);
const API = '/api/registry/subgraphs';

const dir = mkdtempSync(join(tmpdir(), 'ent-bench-vendor-'));
const listPath = join(dir, 'subgraphs.json');
const supergraphPath = join(dir, 'supergraph.graphql');
// The committed list may carry modules under construction; the built-in set here is the annuaire and
// the cahier de textes, from their SDL files.
writeFileSync(
  listPath,
  JSON.stringify([
    { name: 'annuaire', url: 'http://127.0.0.1:4001/graphql', sdl: join(repositoryRoot, 'subgraphs/annuaire/schema.graphql') },
    { name: 'cahier-de-textes', url: 'http://127.0.0.1:4002/graphql', sdl: join(repositoryRoot, 'subgraphs/cahier-de-textes/schema.graphql') },
  ]),
);
const composed = await composeFromList(listPath);
if (!composed.ok) throw new Error(composed.report);
await writeSupergraph(composed.supergraphSdl, supergraphPath);
// Read by the router process (and the annuaire's module list): never the committed files.
process.env['ENT_SUPERGRAPH_PATH'] = supergraphPath;
process.env['ENT_SUBGRAPHS_PATH'] = listPath;
process.env['ENT_REGISTRY_PATH'] = join(dir, 'registry.json');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
  });
}

/** The annuaire, the vendor and the router as separate processes, as `npm start` runs them. */
async function startServices() {
  const names = ['annuaire', 'vie-scolaire', 'router'] as const;
  const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const))) as Record<(typeof names)[number], number>;
  const urls = Object.fromEntries(names.map((name) => [name, `http://127.0.0.1:${ports[name]}`])) as Record<(typeof names)[number], string>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENT_DEMO: '1',
    ENT_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'warn',
    ENT_ANNUAIRE_URL: urls.annuaire,
    ENT_JWKS_URL: `${urls.annuaire}/.well-known/jwks.json`,
    ENT_SUBGRAPH_URL_ANNUAIRE: `${urls.annuaire}/graphql`,
  };
  const entries = { annuaire: 'subgraphs/annuaire/dist/main.js', 'vie-scolaire': 'subgraphs/vie-scolaire/dist/main.js', router: 'router/dist/main.js' };
  const specs: ServiceSpec[] = names.map((name) => ({ name, entry: entries[name], port: ports[name], readyUrl: `${urls[name]}/ready` }));
  const supervisor = new Supervisor({ root: repositoryRoot, env, out: (line) => line.includes('error') && console.error(line) });
  const stop = () => supervisor.stopAll([...names].reverse());
  try {
    for (const spec of specs) {
      supervisor.start(spec);
      await supervisor.waitReady(spec);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}

async function benchToken(routerUrl: string, login: string): Promise<string> {
  const response = await fetch(`${routerUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: 'ent-demo-92' }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`login ${login} failed: ${response.status}`);
  return body.accessToken;
}

const services = await startServices();
const routerUrl = services.urls.router;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

try {
  const teacher = await benchToken(routerUrl, 'prof.durand');
  const login = await fetch(`${routerUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin.departement', password: 'ent-demo-92' }),
  });
  const { mfaToken } = (await login.json()) as { mfaToken: string };
  const mfa = await fetch(`${routerUrl}/auth/mfa`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mfaToken, code: new TOTP({ secret: 'JBSWY3DPEHPK3PXP' }).generate() }),
  });
  const { accessToken: admin } = (await mfa.json()) as { accessToken: string };

  let stop = false;
  let requests = 0;
  let failed = 0;
  const examples = new Set<string>();
  const client = async () => {
    while (!stop) {
      try {
        const response = await fetch(`${routerUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${teacher}` },
          body: JSON.stringify({ query: '{ me { id displayName } }' }),
        });
        const body = (await response.json()) as { data?: { me?: { id: string } }; errors?: unknown[] };
        requests++;
        if (response.status !== 200 || body.errors || !body.data?.me?.id) {
          failed++;
          examples.add(`${response.status} ${JSON.stringify(body.errors)}`.slice(0, 200));
        }
      } catch (error) {
        requests++;
        failed++;
        examples.add((error as Error).message);
      }
    }
  };
  const started = performance.now();
  const clients = Array.from({ length: connections }, client);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 500));
  await pause();

  const reloads: number[] = [];
  const registrations: number[] = [];
  const removals: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    let t0 = performance.now();
    const added = await fetch(`${routerUrl}${API}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name: 'vie-scolaire', url: `${services.urls['vie-scolaire']}/graphql`, moduleId: 'vie-scolaire' }),
    });
    const addBody = (await added.json()) as { reload?: { durationMs: number }; report?: string };
    if (added.status !== 201) throw new Error(`registration refused: ${addBody.report ?? added.status}`);
    registrations.push(performance.now() - t0);
    reloads.push(addBody.reload?.durationMs ?? 0);
    await pause();
    t0 = performance.now();
    const removed = await fetch(`${routerUrl}${API}/vie-scolaire`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}`, 'x-ent-csrf': '1' } });
    const removeBody = (await removed.json()) as { reload?: { durationMs: number } };
    if (removed.status !== 200) throw new Error(`removal refused: ${removed.status}`);
    removals.push(performance.now() - t0);
    reloads.push(removeBody.reload?.durationMs ?? 0);
    await pause();
  }
  stop = true;
  await Promise.all(clients);
  const elapsed = (performance.now() - started) / 1000;

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    [
      '',
      `Rechargement à chaud sous charge — ${cycles} inscriptions + ${cycles} retraits du module vie-scolaire, ${connections} clients en continu`,
      `  requêtes pendant le test      : ${requests} (${(requests / elapsed).toFixed(0)} req/s sur ${elapsed.toFixed(1)} s)`,
      `  requêtes en échec             : ${failed}`,
      `  rechargement du supergraphe   : médiane ${ms(median(reloads))}, max ${ms(Math.max(...reloads))} (${reloads.length} rechargements)`,
      `  inscription complète (API)    : médiane ${ms(median(registrations))}, max ${ms(Math.max(...registrations))}`,
      `  retrait complet (API)         : médiane ${ms(median(removals))}, max ${ms(Math.max(...removals))}`,
      ...(examples.size > 0 ? ['  exemples d’échecs :', ...[...examples].slice(0, 5).map((e) => `    ${e}`)] : []),
      '',
    ].join('\n'),
  );
} finally {
  await services.stop();
  rmSync(dir, { recursive: true, force: true });
}
