import { startCahierDeTextes } from './cahierDeTextes.js';
import { startDevoirs } from './devoirs.js';
import { startFormulaires } from './formulaires.js';
import { startMessagerie } from './messagerie.js';
import { startRessourcesGar } from './ressourcesGar.js';
import type { SubgraphStarter } from './types.js';

export type { StartedSubgraph, SubgraphStartContext, SubgraphStarter } from './types.js';

/**
 * The subgraphs the harness can start besides the annuaire, by their name in schema/subgraphs.json.
 * A new subgraph adds its starter file here (one line): then `startEnt({ subgraphs: ['<name>'] })`
 * and the browser tests' `usePortalBrowser({ subgraphs: [...] })` run it behind the router.
 */
export const SUBGRAPH_STARTERS = {
  'cahier-de-textes': startCahierDeTextes,
  devoirs: startDevoirs,
  formulaires: startFormulaires,
  messagerie: startMessagerie,
  'ressources-gar': startRessourcesGar,
} satisfies Record<string, SubgraphStarter>;

export type SubgraphName = keyof typeof SUBGRAPH_STARTERS;

export const ALL_SUBGRAPHS = Object.keys(SUBGRAPH_STARTERS) as SubgraphName[];
