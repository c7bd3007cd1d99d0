import { createLogger, guardProcess, shutdownOnSignals } from '@ent/kit';
import { createRouter } from './createRouter.js';
import { readRouterConfig } from './readRouterConfig.js';

const logger = createLogger('router');
guardProcess(logger);
const { port, host, ...options } = readRouterConfig();
const router = await createRouter({ ...options, logger });
const { url } = await router.listen(port, host);
logger.info({ url, supergraph: options.supergraphPath, staticDir: options.staticDir ?? null }, 'router listening');
shutdownOnSignals(logger, [router.stop]);
