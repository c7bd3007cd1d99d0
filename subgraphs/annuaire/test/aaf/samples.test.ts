import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as OpenDatabase } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import {
  childrenOf,
  classesOf,
  directorySnapshot,
  profilesOf,
  removeDir,
  resetDatabase,
  runImport,
  SAMPLES,
  tableCounts,
  tempDir,
  userByExternalId,
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

function samplesDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  for (const name of readdirSync(SAMPLES)) copyFileSync(join(SAMPLES, name), join(dir, name));
  return dir;
}

/**
 * The 2020 pupil sample names structures 1000 (attachment) and 3000 (its class) that the 2020
 * establishment sample does not declare (it declares structure 1), and a relative (3000000) whose record
 * is not among the samples. These two crafted files complete them into a consistent feed.
 */
function completeSamples(dir: string): void {
  writeFeed(dir, 'ENT_Complet_20200101_EtabEducNat_0001.xml', [
    {
      operation: 'add',
      category: 'EtabEducNat',
      id: '1000',
      attributes: { ENTStructureJointure: '1000', ENTStructureUAI: '0000001W', ENTStructureNomCourant: 'LYCEE$PROFESSIONNEL$TEST', ENTStructureTypeStruct: 'LP', l: 'LINARS' },
    },
    {
      operation: 'add',
      category: 'EtabEducNat',
      id: '3000',
      attributes: { ENTStructureJointure: '3000', ENTStructureUAI: '0000003X', ENTStructureNomCourant: 'LYCEE$DES$METIERS', ENTStructureTypeStruct: 'LYC', l: 'ANGOULEME' },
    },
  ]);
  writeFeed(dir, 'ENT_Complet_20200101_PersRelEleve_0000.xml', [
    {
      operation: 'add',
      category: 'PersRelEleve',
      id: '3000000',
      attributes: {
        ENTPersonJointure: '3000000',
        ENTPersonDateNaissance: '02/02/1970',
        sn: 'NOM',
        givenName: 'Parent',
        personalTitle: 'M.',
        ENTPersonAdresse: '1 rue de Test$$$',
        ENTPersonCodePostal: '16730',
        ENTPersonVille: 'LINARS',
      },
    },
  ]);
}

describe('the published AAF samples', () => {
  it('as published: establishments and staff import; the pupil file is rejected, whole, with file, line and identifier', async () => {
    const result = await runImport(db, samplesDir());
    expect(result.status).toBe('PARTIAL');
    const pupils = result.files.find((file) => file.type === 'Eleve');
    expect(pupils?.status).toBe('REJECTED');
    expect(pupils?.errors).toEqual([
      {
        file: 'ENT_Complet_20200101_Eleve_0000.xml',
        line: 4,
        identifier: '2000000',
        code: 'UNKNOWN_ESTABLISHMENT',
        message: 'établissement de rattachement inconnu (structure 1000)',
      },
    ]);
    expect(await userByExternalId(db, '2000000')).toBeUndefined();

    const establishment = await db.selectFrom('establishments').selectAll().executeTakeFirstOrThrow();
    expect(establishment).toMatchObject({ uai: '0000000V', name: 'NOM STRUCTURE COURANT', type: 'ECOLE_ELEMENTAIRE', city: 'Douai', external_id: '1' });

    const teacher = await userByExternalId(db, '2397002');
    expect(teacher).toMatchObject({ first_name: 'Florence', last_name: 'Cuveiller', birth_date: '1975-11-24', status: 'ACTIVE', password_hash: null });
    expect(teacher?.login).toBe('florence.cuveiller');
    expect(await profilesOf(db, teacher?.id as string)).toEqual(['ENSEIGNANT 0000000V Enseignement — sciences physiques et chimiques']);

    // sn (the usual name) wins over ENTPersonNomPatro; functions in structures outside the directory are set aside.
    const counsellor = await userByExternalId(db, '2397004');
    expect(counsellor).toMatchObject({ first_name: 'Laurette', last_name: 'Cougard', birth_date: '1968-05-08' });
    expect(await profilesOf(db, counsellor?.id as string)).toEqual(['PERSONNEL 0000000V Orientation']);
    const staffFile = result.files.find((file) => file.type === 'PersEducNat');
    expect(staffFile?.warnings.map((warning) => [warning.identifier, warning.code])).toEqual([['2397004', 'OUTSIDE_ESTABLISHMENT']]);
    expect(staffFile?.warnings[0]?.message).toContain('18 établissement(s) hors de l’annuaire');
  });

  it('completed with the structures and the relative they name: pupil, class, parent, link and staff', async () => {
    const dir = samplesDir();
    completeSamples(dir);
    const result = await runImport(db, dir);
    expect(result.status).toBe('SUCCEEDED');

    const pupil = await userByExternalId(db, '2000000');
    expect(pupil).toMatchObject({ first_name: 'Prenom', last_name: 'Nom', birth_date: '2000-01-01', ine: '100000000AA', status: 'ACTIVE' });
    // Attached to structure 1000, in class 1AQUA of structure 3000: a pupil of both establishments.
    expect(await profilesOf(db, pupil?.id as string)).toEqual(['ELEVE 0000001W', 'ELEVE 0000003X']);
    expect(await classesOf(db, pupil?.id as string)).toEqual(['1AQUA 2026-2027']);
    const schoolClass = await db.selectFrom('classes').selectAll().where('name', '=', '1AQUA').executeTakeFirstOrThrow();
    // « 1E » (ENTEleveLibelleMEF) reads as première.
    expect(schoolClass).toMatchObject({ level: 'PREMIERE', external_id: '3000$1AQUA', academic_year: '2026-2027', active: true });

    // The pupil names itself as a relative (code 10) and 3000000 as legal guardian (code 20).
    const eleveFile = result.files.find((file) => file.type === 'Eleve');
    expect(eleveFile?.warnings.map((warning) => warning.code)).toContain('SELF_RELATION');
    const parent = await userByExternalId(db, '3000000');
    expect(parent).toMatchObject({ first_name: 'Parent', last_name: 'Nom', status: 'ACTIVE', password_hash: null });
    expect(await childrenOf(db, parent?.id as string)).toEqual(['2000000 Père']);
    expect(await profilesOf(db, parent?.id as string)).toEqual(['PARENT 0000001W', 'PARENT 0000003X']);

    expect(await profilesOf(db, (await userByExternalId(db, '2397002'))?.id as string)).toEqual([
      'ENSEIGNANT 0000000V Enseignement — sciences physiques et chimiques',
    ]);
    expect(result.summary).toMatchObject({ created: 4, filesApplied: 5, filesRejected: 0 });
  });

  it('importing the same files again changes nothing', async () => {
    const dir = samplesDir();
    completeSamples(dir);
    await runImport(db, dir);
    const before = { counts: await tableCounts(db), people: await directorySnapshot(db) };
    const again = await runImport(db, dir);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, moved: 0, deactivated: 0, reactivated: 0, structuresChanged: 0 });
    expect(await tableCounts(db)).toEqual(before.counts);
    expect(await directorySnapshot(db)).toEqual(before.people);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from directory_import_runs where status = 'SUCCEEDED'`.execute(db);
    expect(rows[0]?.n).toBe(2);
  });
});
