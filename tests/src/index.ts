export { DEMO_PASSWORD, type GraphQLResponse, type RunningEnt, repositoryRoot, startEnt, supergraphPath } from './harness.js';
