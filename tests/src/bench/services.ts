import { createServer } from 'node:net';
import { type ServiceSpec, Supervisor } from '@ent/router/supervisor';
import { repositoryRoot } from '../harness.js';

/** A port free on loopback now (the kernel picks it; a process started right after takes it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
  });
}

export interface BenchServices {
  /** Base URL of each service by name (`router`, `annuaire`, subgraph names). */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The ENT as production runs it, for benchmarks: the annuaire, the subgraphs asked for and the router,
 * each its own process on a free loopback port, over the embedded databases under `dataRoot` (prepared
 * beforehand by the bench). Logs above `warn` only; errors are echoed.
 */
export async function startBenchServices(dataRoot: string, subgraphs: readonly string[] = []): Promise<BenchServices> {
  const ports: Record<string, number> = { annuaire: await freePort(), router: await freePort() };
  for (const name of subgraphs) ports[name] = await freePort();
  const urls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, `http://127.0.0.1:${port}`]));
  const annuaireUrl = urls['annuaire'] as string;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ENT_DEMO: '1',
    ENT_DATA_DIR: dataRoot,
    LOG_LEVEL: 'warn',
    ENT_ANNUAIRE_URL: annuaireUrl,
    ENT_JWKS_URL: `${annuaireUrl}/.well-known/jwks.json`,
    ENT_PUBLIC_URL: urls['router'],
  };
  for (const name of ['annuaire', ...subgraphs]) env[`ENT_SUBGRAPH_URL_${name.toUpperCase().replace(/-/g, '_')}`] = `${urls[name]}/graphql`;
  const spec = (name: string, entry: string): ServiceSpec => ({ name, entry, port: ports[name] as number, readyUrl: `${urls[name]}/ready` });
  const services = [
    spec('annuaire', 'subgraphs/annuaire/dist/main.js'),
    ...subgraphs.map((name) => spec(name, `subgraphs/${name}/dist/main.js`)),
    spec('router', 'router/dist/main.js'),
  ];
  const supervisor = new Supervisor({ root: repositoryRoot, env, out: (line) => line.includes('error') && console.error(line) });
  const stop = () => supervisor.stopAll(services.map((service) => service.name).reverse());
  try {
    for (const service of services) {
      supervisor.start(service);
      await supervisor.waitReady(service);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}

/** Signs in through the router and returns the access token. */
export async function benchToken(routerUrl: string, login: string, password = 'ent-demo-92'): Promise<string> {
  const response = await fetch(`${routerUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`login ${login} failed: ${response.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}
