import type { Database as AnnuaireDatabase } from '@ent/annuaire';
import { graphqlAs, startTestAnnuaire } from '@ent/annuaire/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database as KitDatabase, createDownloadLinks, createLocalBlobStore, createModuleGate, ManualClock, silentLogger, type SubgraphServer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Database } from '../src/db/database.js';
import { migrations } from '../src/db/migrations/index.js';
import { FILES_PATH } from '../src/cahier/attachments.js';
import { createCahierServer } from '../src/server.js';

export type { GraphQLAnswer } from '@ent/annuaire/testing';

/**
 * The real annuaire (demo directory, real tokens, real /modules/activations) on port 0, and the cahier
 * de textes on port 0 talking to it, as in production. The cahier's clock is manual (scheduled
 * publication); the gate re-reads the activations on every request so a test can switch a module off.
 */
export async function startWorld() {
  const annuaire = await startTestAnnuaire();
  const { url: annuaireUrl, viewerOf, tokenOf } = annuaire;
  const annuaireDb: KitDatabase<AnnuaireDatabase> = annuaire.database;
  const database: KitDatabase<Database> = await createTestDatabase<Database>('cahier-de-textes', migrations);
  const clock = new ManualClock(new Date());
  const gate = createModuleGate({ moduleId: 'cahier-de-textes', activationsUrl: `${annuaireUrl}/modules/activations`, clock, ttlMs: 0 });
  const blobRoot = await mkdtemp(join(tmpdir(), 'cahier-blobs-'));
  const storage = {
    store: createLocalBlobStore({ root: blobRoot, clock }),
    links: createDownloadLinks({ secret: 'x'.repeat(32), clock, basePath: FILES_PATH }),
  };
  const server: SubgraphServer = await createCahierServer({ db: database.db, logger: silentLogger, annuaireUrl, clock, gate, publicUrl: '', storage });
  const { url: baseUrl } = await server.listen(0);
  const graphqlUrl = `${baseUrl}/graphql`;

  const graphql = graphqlAs(graphqlUrl, tokenOf);

  return {
    annuaireUrl,
    graphqlUrl,
    tokenOf,
    annuaireDb,
    database,
    clock,
    baseUrl,
    viewerOf,
    graphql,
    async stop() {
      await server.stop();
      await database.close();
      await annuaire.stop();
      await rm(blobRoot, { recursive: true, force: true });
    },
  };
}

export type World = Awaited<ReturnType<typeof startWorld>>;
