import type { Database as OpenDatabase } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dismissDuplicateCandidate, listDuplicateCandidates, mergeUsers } from '../../src/aaf/duplicates.js';
import { importHistoryOfUser } from '../../src/aaf/importRuns.repository.js';
import { buildViewer } from '../../src/auth/buildViewer.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  childrenOf,
  clock,
  etab1d,
  profilesOf,
  pupil1d,
  relative,
  removeDir,
  resetDatabase,
  runImport,
  tableCounts,
  tempDir,
  userByExternalId,
  writeDepartement,
  writeFeed,
} from './helpers.js';

let database: OpenDatabase<Database>;
let db: Kysely<Database>;
const dirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  db = database.db;
});
afterAll(async () => {
  await database?.close();
  for (const dir of dirs) removeDir(dir);
});
beforeEach(() => resetDatabase(db));

function dir(): string {
  const path = tempDir();
  dirs.push(path);
  return path;
}

/** Another école's primary feed, where Léa's mother has a younger child under the primary feed's identifier `parentId`. */
function primaryFeed(parentId: string): string {
  const path = dir();
  writeFeed(path, 'ENT1D_Complet_20260901_EtabEducNat_0000.xml', [etab1d('6002', '0929002D', 'ECOLE MATERNELLE LES ACACIAS')]);
  writeFeed(path, 'ENT1D_Complet_20260901_Eleve_0000.xml', [
    pupil1d({ id: '6201', first: 'Zoé', last: 'MARTIN', birth: '03/04/2022', structure: '6002', classes: ['6002$MS'], relations: [parentId], mefLabel: 'MOYENNE SECTION' }),
  ]);
  writeFeed(path, 'ENT1D_Complet_20260901_PersRelEleve_0000.xml', [
    relative(parentId, 'NATHALIE', 'MARTIN', '04/05/1982', { degree: '1D', email: 'Nathalie.Martin@example.org' }),
  ]);
  return path;
}

describe('one account per parent', () => {
  it('the same identifier in two feeds is one account', async () => {
    const secondary = dir();
    writeDepartement(secondary);
    await runImport(db, secondary);
    const result = await runImport(db, primaryFeed('3001'));
    expect(result.summary).toMatchObject({ created: 1, duplicatesReported: 0 });
    const mother = await userByExternalId(db, '3001');
    expect(await childrenOf(db, mother?.id as string)).toEqual(['1001 Mère', '1002 Mère', '6201 Responsable légal']);
    expect(await profilesOf(db, mother?.id as string)).toEqual(['PARENT 0921234A', 'PARENT 0925678B', 'PARENT 0929002D']);
  });

  it('a likely duplicate under another identifier is reported, not merged; a merge keeps both histories and holds across imports', async () => {
    const secondary = dir();
    writeDepartement(secondary);
    await runImport(db, secondary);
    const primary = primaryFeed('8001');
    const result = await runImport(db, primary);
    expect(result.summary).toMatchObject({ created: 2, duplicatesReported: 1 });

    const mother = await userByExternalId(db, '3001');
    const sameMother = await userByExternalId(db, '8001');
    expect(sameMother?.id).not.toBe(mother?.id);
    const [candidate, ...others] = await listDuplicateCandidates(db);
    expect(others).toEqual([]);
    expect(candidate?.reasons).toEqual(['SAME_BIRTH_DATE', 'SAME_ADDRESS', 'SAME_EMAIL']);
    expect([candidate?.user.externalIds, candidate?.otherUser.externalIds].sort()).toEqual([['3001'], ['8001']]);
    expect([...(candidate?.user.profiles ?? []), ...(candidate?.otherUser.profiles ?? [])].sort()).toEqual(['PARENT 0921234A', 'PARENT 0925678B', 'PARENT 0929002D']);

    const merge = await mergeUsers(db, { keepUserId: mother?.id as string, mergedUserId: sameMother?.id as string, actor: 'admin:test', clock: clock() });
    expect(merge.externalIds).toEqual(['3001', '8001']);
    expect((await userByExternalId(db, '8001'))?.id).toBe(mother?.id);
    expect(await childrenOf(db, mother?.id as string)).toEqual(['1001 Mère', '1002 Mère', '6201 Responsable légal']);
    expect(await profilesOf(db, mother?.id as string)).toEqual(['PARENT 0921234A', 'PARENT 0925678B', 'PARENT 0929002D']);
    const viewer = await buildViewer(db, mother?.id as string, 'session', ['pwd']);
    expect(viewer.childIds).toHaveLength(3);
    const merged = await db.selectFrom('users').selectAll().where('id', '=', sameMother?.id as string).executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ status: 'DEACTIVATED', merged_into: mother?.id, external_id: null });
    expect(await listDuplicateCandidates(db)).toEqual([]);
    expect((await listDuplicateCandidates(db, { status: 'MERGED' }))[0]).toMatchObject({ keptUserId: mother?.id, resolvedBy: 'admin:test' });

    // Both accounts' journals stay, read together from the kept account.
    const history = await importHistoryOfUser(db, mother?.id as string);
    expect(history.filter((entry) => entry.action === 'CREATE').map((entry) => entry.externalId).sort()).toEqual(['3001', '8001']);
    expect(history.filter((entry) => entry.action === 'MERGE')).toHaveLength(2);

    // Both feeds again: nothing changes, nobody is recreated or reported again.
    const before = await tableCounts(db);
    for (const feed of [secondary, primary]) {
      const again = await runImport(db, feed);
      expect(again.summary).toMatchObject({ created: 0, updated: 0, moved: 0, deactivated: 0, reactivated: 0, duplicatesReported: 0 });
    }
    const after = await tableCounts(db);
    expect({ ...after, directory_import_journal: 0 }).toEqual({ ...before, directory_import_journal: 0 });
  });

  it('a pair dismissed by an administrator is closed', async () => {
    const secondary = dir();
    writeDepartement(secondary);
    await runImport(db, secondary);
    await runImport(db, primaryFeed('8001'));
    const [candidate] = await listDuplicateCandidates(db);
    await dismissDuplicateCandidate(db, { candidateId: candidate?.id as string, actor: 'admin:test', clock: clock() });
    expect(await listDuplicateCandidates(db)).toEqual([]);
    expect((await listDuplicateCandidates(db, { status: 'DISMISSED' })).map((c) => c.id)).toEqual([candidate?.id]);
    await expect(dismissDuplicateCandidate(db, { candidateId: candidate?.id as string, actor: 'admin:test' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('homonyms born on different days are not reported', async () => {
    const secondary = dir();
    writeDepartement(secondary);
    await runImport(db, secondary);
    const primary = dir();
    writeFeed(primary, 'ENT1D_Complet_20260901_EtabEducNat_0000.xml', [etab1d('6002', '0929002D', 'ECOLE MATERNELLE LES ACACIAS')]);
    writeFeed(primary, 'ENT1D_Complet_20260901_Eleve_0000.xml', [
      pupil1d({ id: '6201', first: 'Zoé', last: 'MARTIN', birth: '03/04/2022', structure: '6002', classes: ['6002$MS'], relations: ['8001'] }),
    ]);
    writeFeed(primary, 'ENT1D_Complet_20260901_PersRelEleve_0000.xml', [
      relative('8001', 'Nathalie', 'MARTIN', '05/05/1990', { degree: '1D', email: 'nathalie.martin@example.org' }),
    ]);
    const result = await runImport(db, primary);
    expect(result.summary.duplicatesReported).toBe(0);
  });
});

describe('through GraphQL, for the département administrator', () => {
  it('lists the runs, the last report and the duplicates, merges, and refuses everyone else', async () => {
    const { createAnnuaireServer } = await import('../../src/server.js');
    const { silentLogger } = await import('@ent/kit');
    const { testViewer } = await import('@ent/kit/testing');
    const secondary = dir();
    writeDepartement(secondary);
    await runImport(db, secondary);
    await runImport(db, primaryFeed('8001'));

    const server = await createAnnuaireServer({ db, logger: silentLogger, demo: false });
    const { url } = await server.listen(0);
    try {
      const ask = async (profile: 'ADMIN_DEPARTEMENT' | 'ADMIN_LOCAL', query: string) => {
        const token = await server.auth.signAccessToken(
          testViewer({ userId: '00000000-0000-4000-8000-000000000001', profiles: [{ profile, establishmentId: profile === 'ADMIN_LOCAL' ? 'x' : null }] }),
        );
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        });
        return (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions: { code: string } }> };
      };

      const runs = await ask('ADMIN_DEPARTEMENT', '{ directoryImportRuns { status dryRun summary { created duplicatesReported } } }');
      expect(runs.errors).toBeUndefined();
      expect(runs.data?.['directoryImportRuns']).toHaveLength(2);
      const last = await ask(
        'ADMIN_DEPARTEMENT',
        '{ lastDirectoryImport { status summary { created } files { name status records } establishments { uai created } } }',
      );
      expect(last.data?.['lastDirectoryImport']).toMatchObject({ status: 'SUCCEEDED', summary: { created: 2 } });
      const duplicates = await ask('ADMIN_DEPARTEMENT', '{ directoryDuplicateCandidates { id reasons user { id externalIds } otherUser { id externalIds } } }');
      const [candidate] = (duplicates.data?.['directoryDuplicateCandidates'] ?? []) as Array<{ user: { id: string; externalIds: string[] }; otherUser: { id: string } }>;
      expect(candidate?.user.id).toBeDefined();

      const local = await ask('ADMIN_LOCAL', '{ directoryDuplicateCandidates { id } lastDirectoryImport { status } }');
      expect(local.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);

      const merged = await ask('ADMIN_DEPARTEMENT', `mutation { mergeUsers(keepUserId: "${candidate?.user.id}", mergedUserId: "${candidate?.otherUser.id}") { id status } }`);
      expect(merged.errors).toBeUndefined();
      expect(await listDuplicateCandidates(db)).toEqual([]);
      const self = await ask('ADMIN_DEPARTEMENT', `mutation { mergeUsers(keepUserId: "${candidate?.user.id}", mergedUserId: "${candidate?.user.id}") { id } }`);
      expect(self.errors?.[0]?.extensions.code).toBe('CONFLICT');
    } finally {
      await server.stop();
    }
  });
});
