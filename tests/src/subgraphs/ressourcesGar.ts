import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDirectoryClient,
  createExportService,
  createGarClient,
  createGarServer,
  createGarSimulator,
  createResourceService,
  DEMO_SERVICE_SECRET,
  type Database,
  type GarSimulator,
  httpDelivery,
  migrations,
  seedGarDemo,
} from '@ent/ressources-gar';
import { createTestDatabase } from '@ent/kit/testing';
import type { SubgraphStarter } from './types.js';

export const RESSOURCES_GAR_ID_ENT = 'ENT92TEST';

/**
 * Browser tests need two things the starter context does not give: the portal's address (SAML and
 * LTI URLs go through the router, which starts after the subgraphs) and a handle on the GAR simulator
 * (to stop it). The test sets the first and reads the second here.
 */
export const ressourcesGarControl: { portalUrl: string; simulator: GarSimulator | null; simulatorUrl: string } = {
  portalUrl: 'http://127.0.0.1:4000',
  simulator: null,
  simulatorUrl: '',
};

export const startRessourcesGar: SubgraphStarter = async ({ annuaireUrl, clock, logger }) => {
  const database = await createTestDatabase<Database>('ressources-gar', migrations);
  const exportDir = mkdtempSync(join(tmpdir(), 'ent-gar-exports-'));
  // The harness's annuaire runs in demo mode with no ENT_SERVICE_SECRET: the demo secret.
  const serviceSecret = process.env['ENT_SERVICE_SECRET'] || DEMO_SERVICE_SECRET;
  const simulator = createGarSimulator({
    idEnt: RESSOURCES_GAR_ID_ENT,
    idpMetadataUrl: () => `${ressourcesGarControl.portalUrl}/ressources-gar/saml/metadata`,
    logger,
    demo: true,
  });
  const simulatorUrl = (await simulator.listen(0)).url;
  ressourcesGarControl.simulator = simulator;
  ressourcesGarControl.simulatorUrl = simulatorUrl;
  const exports = createExportService({
    db: database.db,
    directory: createDirectoryClient({ annuaireUrl, serviceSecret, now: () => clock.now() }),
    clock,
    logger,
    outDir: exportDir,
    idEnt: RESSOURCES_GAR_ID_ENT,
    demo: true,
    deliver: httpDelivery(`${simulatorUrl}/depot`),
  });
  const server = await createGarServer({
    db: database.db,
    logger,
    clock,
    annuaireUrl,
    idEnt: RESSOURCES_GAR_ID_ENT,
    exports,
    resources: createResourceService({
      db: database.db,
      gar: createGarClient({ baseUrl: simulatorUrl, idEnt: RESSOURCES_GAR_ID_ENT, timeoutMs: 1500 }),
      clock,
      logger,
      // Always ask GAR: the browser test stops the simulator and expects the list marked stale at once.
      cacheSeconds: 0,
    }),
    spMetadata: async () => (await fetch(`${simulatorUrl}/saml/metadata`)).text(),
    publicUrl: () => ressourcesGarControl.portalUrl,
    ready: database.ping,
    serviceSecret,
  });
  const { url } = await server.listen(0);
  await seedGarDemo({ db: database.db, annuaireUrl, simulatorUrl, exports, clock, logger });
  return {
    url,
    stop: async () => {
      await server.stop();
      await simulator.stop();
      await database.close();
      rmSync(exportDir, { recursive: true, force: true });
      ressourcesGarControl.simulator = null;
    },
  };
};
