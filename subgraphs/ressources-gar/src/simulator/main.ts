import { join } from 'node:path';
import { createLogger, guardProcess, integerFromEnv, shutdownOnSignals } from '@ent/kit';
import { createGarSimulator } from './simulator.js';

/**
 * `node dist/simulator/main.js` — the local GAR simulator (demo mode; never in production).
 * GAR_SIMULATOR_PORT (default 4090), GAR_SIMULATOR_PUBLIC_URL (default http://127.0.0.1:<port>),
 * GAR_ID_ENT (default ENT92DEMO), ENT_PUBLIC_URL (the portal, for the IdP metadata; default
 * http://127.0.0.1:4000), ENT_DATA_DIR (assignments persist in <dir>/gar-simulator.json).
 */
const logger = createLogger('gar-simulator');
guardProcess(logger);
// PORT when `npm start` supervises it (like every service); GAR_SIMULATOR_PORT when started by hand.
const port = integerFromEnv(process.env['GAR_SIMULATOR_PORT'] ?? process.env['PORT'], 4090, 'GAR_SIMULATOR_PORT');
const publicUrl = process.env['GAR_SIMULATOR_PUBLIC_URL'] || `http://127.0.0.1:${port}`;
const portal = (process.env['ENT_PUBLIC_URL'] || 'http://127.0.0.1:4000').replace(/\/$/, '');
const dataRoot = process.env['ENT_DATA_DIR'] || '.data';
const simulator = createGarSimulator({
  idEnt: process.env['GAR_ID_ENT'] || 'ENT92DEMO',
  publicUrl,
  idpMetadataUrl: `${portal}/ressources-gar/saml/metadata`,
  logger,
  dataFile: join(dataRoot, 'gar-simulator.json'),
  demo: process.env['ENT_DEMO'] !== '0',
});
const { url } = await simulator.listen(port, process.env['GAR_SIMULATOR_HOST'] || '127.0.0.1');
logger.info({ url }, 'GAR simulator listening');
shutdownOnSignals(logger, [simulator.stop]);
