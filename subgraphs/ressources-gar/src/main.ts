import { createJobQueue, runSubgraph, systemClock } from '@ent/kit';
import { cachedText, readGarConfig } from './config.js';
import type { Database } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { seedGarDemo } from './demo/seedDemo.js';
import { createDirectoryClient } from './gar/directoryClient.js';
import { createExportService, httpDelivery, scheduleNightlyExport } from './gar/exportService.js';
import { purgeTickets } from './launch/tickets.js';
import { createGarClient } from './resources/garClient.js';
import { createResourceService } from './resources/resourceService.js';
import { createGarServer } from './server.js';

/**
 * Production entry: `node dist/main.js`. Besides the kit's variables (PORT, DATABASE_URL, ENT_DATA_DIR…),
 * see docs/ressources-gar.md « Configuration »: GAR_ID_ENT, GAR_RESOURCES_URL, GAR_TLS_*_FILE,
 * GAR_SP_METADATA_URL, GAR_EXPORT_DIR, GAR_EXPORT_AT, GAR_DEPOT_URL, ENT_SERVICE_SECRET, GAR_SIMULATOR_URL (demo).
 */
await runSubgraph<Database>({
  name: 'ressources-gar',
  defaultPort: 4006,
  migrations,
  start: async ({ config, logger, database, annuaireUrl, publicUrl, onStop }) => {
    const demo = config.demo;
    const gar = readGarConfig(process.env, demo, config.dataRoot, config.production);
    if (!gar.serviceSecret) throw new Error('ENT_SERVICE_SECRET must be set (shared with the annuaire, at least 32 bytes)');
    const clock = systemClock;
    const exports = createExportService({
      db: database.db,
      directory: createDirectoryClient({ annuaireUrl, serviceSecret: gar.serviceSecret }),
      clock,
      logger,
      outDir: gar.exportDir,
      idEnt: gar.idEnt,
      demo,
      deliver: gar.depotUrl ? httpDelivery(gar.depotUrl) : undefined,
    });
    const resources = createResourceService({
      db: database.db,
      gar: createGarClient({ baseUrl: gar.garUrl, idEnt: gar.idEnt, tls: gar.tls, timeoutMs: gar.timeoutMs }),
      clock,
      logger,
      cacheSeconds: gar.cacheSeconds,
    });
    const server = await createGarServer({
      db: database.db,
      logger,
      annuaireUrl,
      resources,
      exports,
      idEnt: gar.idEnt,
      spMetadata: cachedText(gar.spMetadataUrl),
      publicUrl,
      secureCookies: config.production,
      ready: database.ping,
      serviceSecret: gar.serviceSecret,
    });
    const jobs = createJobQueue({ db: database.db, clock, logger, leaseMs: 30 * 60 * 1000 });
    await scheduleNightlyExport(jobs, exports, logger, gar.exportAt);
    jobs.register('gar-purge-tickets', () => purgeTickets(database.db, clock));
    await jobs.every('gar-purge-tickets', { intervalMs: 60 * 60 * 1000 });
    onStop(() => jobs.stop());
    return {
      server,
      listening: () => {
        jobs.start({ pollIntervalMs: 5000, concurrency: 1 });
        if (!demo) return;
        // In the background, never blocking readiness: the annuaire seeds its demo at first start.
        void (async () => {
          for (let attempt = 1; attempt <= 60; attempt++) {
            try {
              await seedGarDemo({ db: database.db, annuaireUrl, simulatorUrl: gar.simulatorUrl, exports, clock, logger });
              return;
            } catch (error) {
              logger.debug({ attempt, reason: (error as Error).message }, 'ressources-gar demo: annuaire or simulator not ready yet');
              await new Promise((resolve) => setTimeout(resolve, 5000));
            }
          }
          logger.warn('ressources-gar demo not seeded: annuaire or simulator unreachable');
        })();
      },
    };
  },
});
