import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, DirectoryLockedError, openDatabase, readSubgraphConfig, systemClock } from '@ent/kit';
import type { Database } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { createDirectoryClient, DEMO_SERVICE_SECRET } from './directoryClient.js';
import type { AffectationManager } from './garEntries.js';
import { runGarExport } from './runExport.js';
import { MANAGERS_PATH, signManagersToken } from './serviceRoutes.js';

/**
 * npm run gar:export -- --out DIR [--establishment ID]…
 *
 * Reads the directory from the annuaire's internal interface (ENT_ANNUAIRE_URL, ENT_SERVICE_SECRET),
 * the affectation managers from the running ressources-gar service (ENT_RESSOURCES_GAR_URL, default
 * http://127.0.0.1:4006) or, when it is not running, from its database (taking its lock), writes
 * `{GAR_ID_ENT}_GAR-ENT_Complet_{stamp}.tar.gz` and `.md5` into DIR, prints the report (JSON) and exits
 * 0 on success, 1 when the export failed validation (nothing is written then), 2 on a usage error.
 * The report is the last line of the output (JSON).
 */
const { values } = parseArgs({
  options: { out: { type: 'string' }, establishment: { type: 'string', multiple: true }, help: { type: 'boolean' } },
  strict: true,
});
if (values.help || !values.out) {
  console.error('usage: npm run gar:export -- --out DIR [--establishment ID]…');
  process.exit(values.help ? 0 : 2);
}
const logger = createLogger('gar-export');
const demo = process.env['ENT_DEMO'] !== '0';
const secret = process.env['ENT_SERVICE_SECRET'] || (demo ? DEMO_SERVICE_SECRET : '');
if (!secret) {
  console.error('ENT_SERVICE_SECRET must be set (the secret shared with the annuaire)');
  process.exit(2);
}
const annuaireUrl = process.env['ENT_ANNUAIRE_URL'] || 'http://127.0.0.1:4001';
const serviceUrl = (process.env['ENT_RESSOURCES_GAR_URL'] || 'http://127.0.0.1:4006').replace(/\/$/, '');

async function managers(): Promise<AffectationManager[]> {
  try {
    const response = await fetch(`${serviceUrl}${MANAGERS_PATH}`, {
      headers: { authorization: `Bearer ${await signManagersToken(secret, new Date())}` },
    });
    if (response.ok) return ((await response.json()) as { managers: AffectationManager[] }).managers;
    throw new Error(`ressources-gar answered HTTP ${response.status}`);
  } catch (error) {
    logger.info({ reason: (error as Error).message }, 'service not reachable: reading the managers from the database');
  }
  const config = readSubgraphConfig('ressources-gar', 4006);
  const database = await openDatabase<Database>({
    subgraph: 'ressources-gar',
    migrations,
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataRoot, 'ressources-gar'),
    poolSize: 1,
    logger,
  });
  try {
    return await database.db.selectFrom('affectation_managers').select(['user_id as userId', 'establishment_id as establishmentId']).execute();
  } finally {
    await database.close();
  }
}

try {
  const report = await runGarExport({
    directory: createDirectoryClient({ annuaireUrl, serviceSecret: secret }),
    outDir: values.out,
    idEnt: process.env['GAR_ID_ENT'] || 'ENT92DEMO',
    managers: await managers(),
    demo,
    logger,
    now: () => systemClock.now(),
    establishmentIds: values.establishment,
  });
  // One line, last: the log lines before it are JSON too (pino on stdout).
  console.log(JSON.stringify(report));
  process.exit(report.status === 'SUCCEEDED' ? 0 : 1);
} catch (error) {
  console.error(error instanceof DirectoryLockedError ? error.message : (error as Error).stack);
  process.exit(1);
}
