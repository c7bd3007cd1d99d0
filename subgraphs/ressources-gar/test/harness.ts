import { buildViewer } from '@ent/annuaire';
import { type Database as KitDatabase, type ManualClock, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { seedGarDemo } from '../src/demo/seedDemo.js';
import { createDirectoryClient } from '../src/gar/directoryClient.js';
import { createExportService, type ExportService, httpDelivery } from '../src/gar/exportService.js';
import { createGarClient } from '../src/resources/garClient.js';
import { createResourceService } from '../src/resources/resourceService.js';
import { createGarServer } from '../src/server.js';
import { createGarSimulator, type GarSimulator } from '../src/simulator/simulator.js';
import { SERVICE_SECRET, startTestAnnuaire, type TestAnnuaire } from './helpers.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ID_ENT = 'ENT92TEST';

export interface GarTestWorld {
  annuaire: TestAnnuaire;
  database: KitDatabase<Database>;
  clock: ManualClock;
  url: string;
  simulator: GarSimulator;
  simulatorUrl: string;
  exports: ExportService;
  exportDir: string;
  token(login: string): Promise<string>;
  graphql<T = Record<string, unknown>>(login: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  stop(): Promise<void>;
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions: { code: string; field?: string } }>;
}

/** The annuaire (demo), the simulator, and the subgraph, all real, on loopback; the demo content seeded. */
export async function startWorld(): Promise<GarTestWorld> {
  // Real time: the simulator, like GAR, checks the assertion's validity window against its own clock.
  const annuaire = await startTestAnnuaire(new Date());
  const clock = annuaire.clock;
  const database = await createTestDatabase<Database>('ressources-gar', migrations);
  const exportDir = mkdtempSync(join(tmpdir(), 'gar-exports-'));
  let simulatorUrl = '';
  let serverUrl = '';
  const makeSimulator = () =>
    createGarSimulator({ idEnt: ID_ENT, idpMetadataUrl: () => `${serverUrl}/ressources-gar/saml/metadata`, logger: silentLogger, demo: true });
  const exports = createExportService({
    db: database.db,
    directory: createDirectoryClient({ annuaireUrl: annuaire.url, serviceSecret: SERVICE_SECRET, now: () => clock.now() }),
    clock,
    logger: silentLogger,
    outDir: exportDir,
    idEnt: ID_ENT,
    demo: true,
    deliver: (path, name) => httpDelivery(`${simulatorUrl}/depot`)(path, name),
  });
  const resources = createResourceService({
    db: database.db,
    gar: { listResources: (uai, userId) => createGarClient({ baseUrl: simulatorUrl, idEnt: ID_ENT, timeoutMs: 1000 }).listResources(uai, userId) },
    clock,
    logger: silentLogger,
    cacheSeconds: 0,
  });
  const server = await createGarServer({
    db: database.db,
    logger: silentLogger,
    annuaireUrl: annuaire.url,
    resources,
    exports,
    idEnt: ID_ENT,
    spMetadata: async () => (await fetch(`${simulatorUrl}/saml/metadata`)).text(),
    publicUrl: () => serverUrl,
    clock,
    serviceSecret: SERVICE_SECRET,
  });
  const listening = await server.listen(0);
  serverUrl = listening.url;
  const simulator = makeSimulator();
  simulatorUrl = (await simulator.listen(0)).url;

  await seedGarDemo({ db: database.db, annuaireUrl: annuaire.url, simulatorUrl, exports, clock, logger: silentLogger });

  const token = async (login: string) => {
    const id = await annuaire.idOf(login);
    const viewer = await buildViewer(annuaire.database.db, id, 'session-test', ['pwd', 'otp']);
    return annuaire.server.auth.signAccessToken(viewer);
  };
  const world: GarTestWorld = {
    annuaire,
    database,
    clock,
    url: serverUrl,
    simulator,
    simulatorUrl,
    exports,
    exportDir,
    token,
    async graphql<T>(login: string, query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${serverUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(login)}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLAnswer<T>;
    },
    async stop() {
      await simulator.stop();
      await server.stop();
      await database.close();
      await annuaire.stop();
      rmSync(exportDir, { recursive: true, force: true });
    },
  };
  return world;
}
