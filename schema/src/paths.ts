import { fileURLToPath } from 'node:url';

// Resolved from this module (src/ under vitest, dist/ once built), never from the cwd: the root
// scripts run `node schema/dist/cli.js` from the repository root.
export const SCHEMA_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SUBGRAPH_LIST_PATH = fileURLToPath(new URL('../subgraphs.json', import.meta.url));
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
