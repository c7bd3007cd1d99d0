import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database as KitDatabase, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../src/auth/index.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { seedDemo } from '../../src/seed/index.js';
import { type AnnuaireServer, createAnnuaireServer } from '../../src/server.js';

/** A vendor's module registered at run time (schema's registry file) is activated like ours. */
let database: KitDatabase<Database>;
let server: AnnuaireServer;
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'annuaire-registry-'));

async function graphql<T>(login: string, query: string, variables?: Record<string, unknown>) {
  const user = await database.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  const token = await server.auth.signAccessToken(await buildViewer(database.db, user.id, 'sid', ['pwd']));
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T; errors?: Array<{ extensions: { code: string; field?: string } }> };
}

beforeAll(async () => {
  const registryPath = join(dir, 'registry.json');
  writeFileSync(registryPath, JSON.stringify({ version: 1, subgraphs: [{ name: 'vie-scolaire', moduleId: 'vie-scolaire', label: 'Vie scolaire' }] }));
  process.env['ENT_REGISTRY_PATH'] = registryPath;
  database = await createTestDatabase<Database>('annuaire', migrations);
  await seedDemo(database.db, { logger: silentLogger });
  server = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: true });
  url = (await server.listen(0)).url;
});

afterAll(async () => {
  await server?.stop();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
  delete process.env['ENT_REGISTRY_PATH'];
});

const SET = 'mutation ($e: ID!, $m: String!) { setModuleActivation(establishmentId: $e, moduleId: $m, enabled: true) { moduleId label enabled } }';

describe('registered modules', () => {
  it('lists it, disabled until an administrator enables it, and still refuses an unknown id', async () => {
    const modules = await graphql<{ modules: Array<{ id: string }> }>('admin.eluard', '{ modules { id } }');
    expect(modules.data?.modules.map((m) => m.id)).toContain('vie-scolaire');
    const admin = await database.db.selectFrom('users').select('id').where('login', '=', 'admin.eluard').executeTakeFirstOrThrow();
    const grant = await database.db.selectFrom('user_profiles').select('establishment_id').where('user_id', '=', admin.id).executeTakeFirstOrThrow();
    const college = grant.establishment_id as string;

    const before = await graphql<{ establishment: { modules: Array<{ moduleId: string; enabled: boolean }> } }>(
      'admin.eluard',
      'query ($e: ID!) { establishment(id: $e) { modules { moduleId enabled } } }',
      { e: college },
    );
    expect(before.data?.establishment.modules.find((m) => m.moduleId === 'vie-scolaire')).toEqual({ moduleId: 'vie-scolaire', enabled: false });

    const enabled = await graphql<{ setModuleActivation: unknown }>('admin.eluard', SET, { e: college, m: 'vie-scolaire' });
    expect(enabled.data?.setModuleActivation).toEqual({ moduleId: 'vie-scolaire', label: 'Vie scolaire', enabled: true });

    const unknown = await graphql('admin.eluard', SET, { e: college, m: 'inconnu' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'moduleId' });
  });
});
