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
export {
  addSubgraph,
  apiSchemaOf,
  type AddOptions,
  composeRunningSupergraph,
  EMPTY_REGISTRY,
  fetchSubgraphSdl,
  formatRegistrationReport,
  planRegistration,
  planRemoval,
  readModuleDeclaration,
  readRegistry,
  type Registry,
  type RegistryEntry,
  type RegistryFiles,
  type RegistrationOutcome,
  type RegistrationProblem,
  registryPathFromEnv,
  removeSubgraph,
  RESERVED_MODULE_IDS,
  withRegistryLock,
  writeRegistry,
} from './registry.js';
