import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, generatePopulation, hashPassword, migrations, type PopulationSummary, seedDemo } from '@ent/annuaire';
import { openDatabase, silentLogger } from '@ent/kit';
import { type ServiceSpec, Supervisor } from '@ent/router/supervisor';
import { repositoryRoot } from '../harness.js';
import { formatResults, type LoadResult, runLoad } from './load.js';
import { freePort } from './services.js';

/**
 * npm run bench — the ENT backbone as production runs it (annuaire and router as separate processes on
 * loopback), under a bounded closed-loop load: the same authenticated `me` query through the router and
 * directly against the annuaire, then the login rate. Prints figures; asserts nothing.
 *
 * ENT_BENCH_SECONDS (default 15), ENT_BENCH_CONNECTIONS (default 32), ENT_BENCH_ESTABLISHMENTS
 * (extra generated establishments around the demo, default 20).
 */
const seconds = Number(process.env['ENT_BENCH_SECONDS'] ?? 15);
const connections = Number(process.env['ENT_BENCH_CONNECTIONS'] ?? 32);
const extraEstablishments = Number(process.env['ENT_BENCH_ESTABLISHMENTS'] ?? 20);
const ME = '{ me { id displayName profiles { profile establishment { id name } } } }';

async function prepareData(dataRoot: string) {
  const started = Date.now();
  const database = await openDatabase<Database>({ subgraph: 'annuaire', migrations, dataDir: join(dataRoot, 'annuaire'), logger: silentLogger });
  await seedDemo(database.db, { logger: silentLogger });
  let population: PopulationSummary | undefined;
  if (extraEstablishments > 0) {
    population = await generatePopulation(database.db, {
      establishments: extraEstablishments,
      passwordHash: await hashPassword('ent-demo-92'),
      seed: 92,
    });
  }
  const users = await database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  await database.close();
  return { users: Number(users.n), seconds: (Date.now() - started) / 1000, population };
}

/** A few generated pupils, parents and teachers, so logins are spread over many accounts. */
function sampleLogins(population: PopulationSummary | undefined): string[] {
  if (!population) return [];
  const { ELEVE = [], PARENT = [], ENSEIGNANT = [] } = population.samples;
  return [...ELEVE, ...PARENT, ...ENSEIGNANT];
}

async function main(): Promise<void> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'ent-bench-'));
  let running: Supervisor | undefined;
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    const data = await prepareData(dataRoot);
    console.log(`Data: ${data.users} accounts (demo + ${extraEstablishments} generated establishments) in ${data.seconds.toFixed(1)} s`);

    const annuairePort = await freePort();
    const routerPort = await freePort();
    const annuaireUrl = `http://127.0.0.1:${annuairePort}`;
    const routerUrl = `http://127.0.0.1:${routerPort}`;
    const env = {
      ...process.env,
      ENT_DEMO: '1',
      ENT_DATA_DIR: dataRoot,
      LOG_LEVEL: 'warn',
      ENT_ANNUAIRE_URL: annuaireUrl,
      ENT_JWKS_URL: `${annuaireUrl}/.well-known/jwks.json`,
      ENT_SUBGRAPH_URL_ANNUAIRE: `${annuaireUrl}/graphql`,
    };
    const annuaire: ServiceSpec = { name: 'annuaire', entry: 'subgraphs/annuaire/dist/main.js', port: annuairePort, readyUrl: `${annuaireUrl}/ready` };
    const router: ServiceSpec = { name: 'router', entry: 'router/dist/main.js', port: routerPort, readyUrl: `${routerUrl}/ready` };
    running = new Supervisor({ root: repositoryRoot, env, out: (line) => line.includes('error') && console.error(line) });
    running.start(annuaire);
    await running.waitReady(annuaire);
    running.start(router);
    await running.waitReady(router);

    const login = await fetch(`${routerUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'prof.durand', password: 'ent-demo-92' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const body = JSON.stringify({ query: ME });
    const check = await fetch(`${routerUrl}/graphql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    console.log(`Query: ${ME}\nAnswer: ${(await check.text()).slice(0, 160)}…\n`);

    const results: LoadResult[] = [];
    // Warm both paths (JIT, query plan cache, connection pools) before measuring.
    await runLoad({ label: 'warm-up', url: `${routerUrl}/graphql`, connections, durationSeconds: 3, headers, bodies: [body] });
    results.push(await runLoad({ label: 'annuaire direct', url: `${annuaireUrl}/graphql`, connections, durationSeconds: seconds, headers, bodies: [body] }));
    results.push(await runLoad({ label: 'through router', url: `${routerUrl}/graphql`, connections, durationSeconds: seconds, headers, bodies: [body] }));

    // Logins of 50 different accounts in turn: what la rentrée's 8 o'clock looks like.
    const named = ['eleve.lucas', 'eleve.noah', 'eleve.ines', 'eleve.lea', 'eleve.hugo', 'parent.bernard', 'parent.garcia', 'prof.petit', 'prof.leroy'];
    const logins = [...named, ...sampleLogins(data.population)].slice(0, 50);
    const loginBodies = logins.map((name) => JSON.stringify({ login: name, password: 'ent-demo-92' }));
    results.push(
      await runLoad({ label: 'login (router)', url: `${routerUrl}/auth/login`, connections: 16, durationSeconds: seconds, bodies: loginBodies }),
    );

    const [direct, routed, logs] = results as [LoadResult, LoadResult, LoadResult];
    console.log(formatResults(results));
    console.log(`\nRouter / direct throughput ratio: ${(routed.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}`);
    console.log(`Router added latency at p50: ${(routed.p50 - direct.p50).toFixed(1)} ms, at p95: ${(routed.p95 - direct.p95).toFixed(1)} ms`);
    console.log(`Logins per second: ${logs.requestsPerSecond.toFixed(1)} (p95 ${logs.p95.toFixed(0)} ms, ${logins.length} accounts, argon2id m=19456 t=2 p=1)`);
    mkdirSync(join(repositoryRoot, '.bench'), { recursive: true });
    writeFileSync(join(repositoryRoot, '.bench/results.json'), `${JSON.stringify({ at: new Date().toISOString(), seconds, connections, data, results }, null, 2)}\n`);
  } finally {
    await running?.stopAll(['router', 'annuaire']);
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();
