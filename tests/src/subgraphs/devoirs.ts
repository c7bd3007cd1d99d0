import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArchiveLinks, createDevoirsServer, type Database, FILES_PATH, migrations } from '@ent/devoirs';
import { createDownloadLinks, createLocalBlobStore } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { SubgraphStarter } from './types.js';

export const startDevoirs: SubgraphStarter = async ({ annuaireUrl, clock, logger }) => {
  const database = await createTestDatabase<Database>('devoirs', migrations);
  const blobs = mkdtempSync(join(tmpdir(), 'ent-devoirs-blobs-'));
  const secret = randomBytes(32).toString('hex');
  const server = await createDevoirsServer({
    db: database.db,
    logger,
    clock,
    annuaireUrl,
    ready: database.ping,
    storage: {
      store: createLocalBlobStore({ root: blobs, clock }),
      links: createDownloadLinks({ secret, clock, basePath: FILES_PATH }),
      archives: createArchiveLinks({ secret, clock }),
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
