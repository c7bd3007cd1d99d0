export { DEMO_PASSWORD, type GraphQLResponse, type RunningEnt, repositoryRoot, startEnt, type StartEntOptions, subgraphRoutesFor, supergraphPath } from './harness.js';
export { ALL_SUBGRAPHS, SUBGRAPH_STARTERS, type SubgraphName } from './subgraphs/index.js';
