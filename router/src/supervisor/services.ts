import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceSpec {
  name: string;
  /** Entry module, relative to the repository root. */
  entry: string;
  port: number;
  /** Polled until it answers 200 before the next wave starts. */
  readyUrl: string;
}

interface SubgraphEntry {
  name: string;
  url: string;
}

/**
 * The services `npm start` runs: every subgraph of schema/subgraphs.json that lives in this repository
 * (subgraphs/<name>/, built to dist/main.js, on the port of its routing URL), then the router.
 * Vendor subgraphs registered with an outside URL run elsewhere and are not started here.
 */
export function localServices(root: string, routerPort: number): { subgraphs: ServiceSpec[]; router: ServiceSpec } {
  const list = JSON.parse(readFileSync(join(root, 'schema/subgraphs.json'), 'utf8')) as SubgraphEntry[];
  const subgraphs = list
    .filter((entry) => existsSync(join(root, 'subgraphs', entry.name, 'package.json')))
    .map((entry) => {
      const url = new URL(entry.url);
      const port = Number(url.port);
      return {
        name: entry.name,
        entry: join('subgraphs', entry.name, 'dist/main.js'),
        port,
        readyUrl: `http://127.0.0.1:${port}/ready`,
      };
    });
  return {
    subgraphs,
    router: {
      name: 'router',
      entry: 'router/dist/main.js',
      port: routerPort,
      readyUrl: `http://127.0.0.1:${routerPort}/ready`,
    },
  };
}

/**
 * Stand-ins for outside services that the demo needs on this machine: today the GAR simulator
 * (docs of ressources-gar), when that subgraph is here. Never started outside demo mode.
 */
export function demoCompanions(root: string): ServiceSpec[] {
  const simulator = join('subgraphs', 'ressources-gar', 'dist', 'simulator', 'main.js');
  if (!existsSync(join(root, 'subgraphs', 'ressources-gar', 'package.json'))) return [];
  const port = 4090;
  return [{ name: 'gar-simulator', entry: simulator, port, readyUrl: `http://127.0.0.1:${port}/ready` }];
}
