import type { Clock, Logger } from '@ent/kit';

/** What the harness gives every subgraph it starts: the annuaire (JWKS, module activations, GraphQL) and time. */
export interface SubgraphStartContext {
  annuaireUrl: string;
  clock: Clock;
  logger: Logger;
}

/** A subgraph started in-process on a free port, on its own fresh database (PGlite, or a throwaway PG schema). */
export interface StartedSubgraph {
  /** Base URL (GraphQL at /graphql). */
  url: string;
  stop(): Promise<void>;
}

export type SubgraphStarter = (context: SubgraphStartContext) => Promise<StartedSubgraph>;
