import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '@ent/kit';
import { createRouter } from '@ent/router';
import { repositoryRoot, type RunningEnt, startEnt, subgraphRoutesFor, supergraphPath } from '../harness.js';
import type { SubgraphName } from '../subgraphs/index.js';
import { stageShellWithFixtures } from './fixtureModules.js';

export const shellDist = join(repositoryRoot, 'shell/dist');

export interface RunningPortal extends RunningEnt {
  /** The router serving the built shell at `/` (and /graphql, /auth/* like the harness's). */
  portalUrl: string;
  /** Modules served as stand-ins (fixtureModules.ts), empty without `fixtureModules`. */
  fixtureModules: string[];
}

export interface PortalOptions {
  /** The built shell (default shell/dist). */
  staticDir?: string;
  /** Serve a copy of the shell with stand-ins for the modules not built yet (default false). */
  fixtureModules?: boolean;
  /** Real subgraphs to run behind both routers (tests/src/subgraphs/index.ts). */
  subgraphs?: readonly SubgraphName[];
}

/**
 * The harness's stack (annuaire on a fresh seeded database, router) plus a second router over the same
 * annuaire that serves the built shell, as `npm start` does with ENT_STATIC_DIR. `url`, `login` and
 * `graphql` keep talking to the harness's router; pages are opened on `portalUrl`.
 */
export async function startPortal(options: PortalOptions = {}): Promise<RunningPortal> {
  const builtDir = options.staticDir ?? shellDist;
  if (!existsSync(join(builtDir, 'index.html'))) {
    throw new Error(`the shell is not built (${join(builtDir, 'index.html')} is missing): run npm run build first`);
  }
  const staged = options.fixtureModules ? stageShellWithFixtures(builtDir) : undefined;
  const staticDir = staged?.dir ?? builtDir;
  const ent = await startEnt({ subgraphs: options.subgraphs ?? [] }).catch((error: unknown) => {
    staged?.remove();
    throw error;
  });
  try {
    const router = await createRouter({
      supergraphPath,
      annuaireUrl: ent.annuaireUrl,
      subgraphUrls: ent.subgraphUrls,
      subgraphRoutes: subgraphRoutesFor(ent.subgraphUrls),
      staticDir,
      logger: silentLogger,
      watchSupergraph: false,
    });
    const { url: portalUrl } = await router.listen(0);
    return {
      ...ent,
      portalUrl,
      fixtureModules: staged?.added ?? [],
      stop: async () => {
        try {
          await router.stop();
          await ent.stop();
        } finally {
          staged?.remove();
        }
      },
    };
  } catch (error) {
    await ent.stop();
    staged?.remove();
    throw error;
  }
}
