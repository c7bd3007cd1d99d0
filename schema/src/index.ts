export {
  type CompositionOutcome,
  type CompositionProblem,
  composeFromList,
  composeSupergraph,
  formatCompositionReport,
  normalizeSdl,
} from './compose.js';
export {
  loadSubgraphList,
  type SubgraphListEntry,
  SubgraphListError,
  type SubgraphSource,
} from './loadSubgraphList.js';
export { SCHEMA_DIR, SUBGRAPH_LIST_PATH, SUPERGRAPH_PATH } from './paths.js';
export { type CliOutput, runCli } from './runCli.js';
export { type CheckOutcome, checkSupergraph, writeSupergraph } from './supergraphFile.js';
