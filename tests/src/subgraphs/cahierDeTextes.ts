import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, createCahierServer, FILES_PATH, migrations } from '@ent/cahier-de-textes';
import { createDownloadLinks, createLocalBlobStore } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { SubgraphStarter } from './types.js';

export const startCahierDeTextes: SubgraphStarter = async ({ annuaireUrl, clock, logger }) => {
  const database = await createTestDatabase<Database>('cahier-de-textes', migrations);
  const blobs = mkdtempSync(join(tmpdir(), 'ent-blobs-'));
  const server = await createCahierServer({
    db: database.db,
    logger,
    clock,
    annuaireUrl,
    ready: database.ping,
    storage: {
      store: createLocalBlobStore({ root: blobs, clock }),
      links: createDownloadLinks({ secret: randomBytes(32).toString('hex'), clock, basePath: FILES_PATH }),
    },
  });
  const { url } = await server.listen(0);
  return {
    url,
    stop: async () => {
      await server.stop();
      await database.close();
      rmSync(blobs, { recursive: true, force: true });
    },
  };
};
