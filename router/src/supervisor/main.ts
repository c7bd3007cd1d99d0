import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeRunningSupergraph, writeSupergraph } from '@ent/schema';
import { randomBytes } from 'node:crypto';
import { demoCompanions, localServices } from './services.js';
import { Supervisor } from './supervise.js';

/**
 * `npm start`: every subgraph and the router as separate, supervised processes on this machine, the
 * embedded database under .data/, demo data seeded on first run. Ctrl-C stops everything cleanly.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const routerPort = Number(process.env['PORT'] ?? 4000);
const demo = process.env['ENT_DEMO'] !== '0';
const { subgraphs: ownSubgraphs, router } = localServices(root, routerPort);
// The demo's stand-ins for outside services (the GAR simulator) start with the subgraphs.
const subgraphs = [...ownSubgraphs, ...(demo ? demoCompanions(root) : [])];
const annuaire = subgraphs.find((spec) => spec.name === 'annuaire');
if (!annuaire) throw new Error('schema/subgraphs.json must list the annuaire');

const dataDir = resolve(process.env['ENT_DATA_DIR'] ?? join(root, '.data'));
const registryPath = resolve(process.env['ENT_REGISTRY_PATH'] ?? join(dataDir, 'registry.json'));

/**
 * The running supergraph: the committed one plus the vendors registered on this machine
 * (docs/vendors.md), written under .data/ so that registrations never touch the committed file.
 */
async function runningSupergraph(): Promise<string> {
  if (process.env['ENT_SUPERGRAPH_PATH']) return process.env['ENT_SUPERGRAPH_PATH'];
  const path = join(dataDir, 'supergraph.graphql');
  const running = await composeRunningSupergraph({
    registryPath,
    supergraphPath: path,
    builtinListPath: join(root, 'schema/subgraphs.json'),
    committedSupergraphPath: join(root, 'schema/supergraph.graphql'),
  });
  if (running.warning) console.error(`Modules inscrits ignorés (la composition échoue) :\n${running.warning}`);
  await mkdir(dataDir, { recursive: true });
  await writeSupergraph(running.sdl, path);
  return path;
}

const env: NodeJS.ProcessEnv = {
  ...process.env,
  ENT_DEMO: demo ? '1' : '0',
  ENT_DATA_DIR: dataDir,
  ENT_REGISTRY_PATH: registryPath,
  ENT_JWKS_URL: process.env['ENT_JWKS_URL'] ?? `http://127.0.0.1:${annuaire.port}/.well-known/jwks.json`,
  ENT_ANNUAIRE_URL: process.env['ENT_ANNUAIRE_URL'] ?? `http://127.0.0.1:${annuaire.port}`,
  ENT_SUPERGRAPH_PATH: await runningSupergraph(),
  ENT_PUBLIC_URL: process.env['ENT_PUBLIC_URL'] ?? `http://localhost:${routerPort}`,
  // The annuaire's internal directory export (read by ressources-gar) is signed with it: one per run of
  // `npm start` unless given (in production, the same value on both, from a secret store).
  ENT_SERVICE_SECRET: process.env['ENT_SERVICE_SECRET'] ?? randomBytes(32).toString('hex'),
  // Download links stay valid across a restart of the service that signed them (for this run).
  FILES_LINK_SECRET: process.env['FILES_LINK_SECRET'] ?? randomBytes(32).toString('hex'),
  ...(existsSync(join(root, 'shell/dist/index.html')) && !process.env['ENT_STATIC_DIR']
    ? { ENT_STATIC_DIR: join(root, 'shell/dist') }
    : {}),
};

const supervisor = new Supervisor({ root, env });
const stopOrder = [router.name, ...subgraphs.map((spec) => spec.name).reverse()];
let stopping = false;

async function stop(code: number, reason?: string): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (reason) console.error(`\n${reason}`);
    console.log('\nArrêt des services…');
    await supervisor.stopAll(stopOrder);
    console.log('Tous les services sont arrêtés.');
  }
  process.exit(code);
}

supervisor.onFatal((reason) => void stop(1, `Échec : ${reason}. Consultez les journaux ci-dessus.`));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function printBanner(): Promise<void> {
  const url = `http://localhost:${routerPort}`;
  const lines = ['', `ENT démarré : ${url}`, `  API GraphQL : ${url}/graphql`, `  Connexion   : POST ${url}/auth/login`];
  if (demo) {
    try {
      const response = await fetch(`${env['ENT_ANNUAIRE_URL']}/demo/accounts`);
      const { password, accounts } = (await response.json()) as {
        password: string;
        accounts: Array<{ login: string; description: string }>;
      };
      lines.push('', `Comptes de démonstration (mot de passe : ${password}) :`);
      for (const account of accounts) lines.push(`  ${account.login.padEnd(20)} ${account.description}`);
    } catch {
      lines.push('', '(liste des comptes de démonstration indisponible)');
    }
  }
  lines.push('', 'Ctrl-C pour tout arrêter.', '');
  console.log(lines.join('\n'));
}

/** Another ENT (or anything else) on our ports would answer our readiness probes: refuse to start. */
async function portsInUse(ports: number[]): Promise<number[]> {
  const { createServer } = await import('node:net');
  const busy: number[] = [];
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) busy.push(port);
  }
  return busy;
}

try {
  const busy = await portsInUse([router.port, ...subgraphs.map((spec) => spec.port)]);
  if (busy.length > 0) {
    await stop(
      1,
      `Ports déjà utilisés : ${busy.join(', ')}. Un ENT tourne-t-il déjà ? Arrêtez-le (Ctrl-C dans son terminal) avant d’en lancer un autre.`,
    );
  }
  for (const spec of subgraphs) supervisor.start(spec);
  await Promise.all(subgraphs.map((spec) => supervisor.waitReady(spec)));
  supervisor.start(router);
  await supervisor.waitReady(router);
  await printBanner();
} catch (error) {
  await stop(1, `Échec du démarrage : ${(error as Error).message}`);
}
