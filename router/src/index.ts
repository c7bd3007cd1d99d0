export { annuaireProxy, type AnnuaireProxy, type AnnuaireProxyOptions } from './annuaireProxy.js';
export { CSRF_HEADERS, csrfGuard, type CsrfGuardOptions } from './csrfGuard.js';
export {
  createRouter,
  DEFAULT_QUERY_LIMITS,
  type EntRouter,
  type QueryLimits,
  type RouterOptions,
  type SubgraphRoutes,
} from './createRouter.js';
export { readRouterConfig, type RouterConfig, subgraphRoutesFrom } from './readRouterConfig.js';
export { routerMessages } from './messages.js';
export { keepAliveFetcher, type RouterContext, SubgraphDataSource } from './SubgraphDataSource.js';
export type { SupergraphReload } from './supergraphFile.js';
export { manifestEntryOf, type RegistryOptions, registeredModules, registryApi } from './registryApi.js';
