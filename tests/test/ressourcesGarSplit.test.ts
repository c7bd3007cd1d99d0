import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createAnnuaireServer, type Database, generatePopulation, hashPassword, migrations } from '@ent/annuaire';
import { type Database as KitDatabase, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createDirectoryClient, type ExportReport, runGarExport } from '@ent/ressources-gar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The GAR export's splitting on a generated population of at least 30,000 pupils (the annuaire's
 * generatePopulation, read through its internal interface): every part holds at most 10,000
 * elements, parts are numbered without gaps, only the last part of a kind is short, every pupil is in
 * exactly one GAREleve, and every part passed the official XSD (else the export would have failed).
 */
const SECRET = 'split-test-service-secret-0123456789-abcd';
let database: KitDatabase<Database>;
let report: ExportReport;
let pupils = 0;
const out = mkdtempSync(join(tmpdir(), 'gar-split-'));

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  const passwordHash = await hashPassword('ent-demo-92');
  for (let round = 0; pupils < 30_000; round++) {
    pupils += (await generatePopulation(database.db, { establishments: 20, passwordHash, seed: `gar-split-${round}` })).counts.profiles.ELEVE;
  }
  const annuaire = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: false, serviceSecret: SECRET });
  const { url } = await annuaire.listen(0);
  const schools = await database.db.selectFrom('establishments').select('id').execute();
  try {
    report = await runGarExport({
      directory: createDirectoryClient({ annuaireUrl: url, serviceSecret: SECRET }),
      outDir: out,
      idEnt: 'ENT92SPLIT',
      managers: [],
      demo: false,
      logger: silentLogger,
      now: () => new Date('2026-12-01T01:00:00Z'),
      establishmentIds: schools.map((school) => school.id),
    });
  } finally {
    await annuaire.stop();
  }
}, 600_000);
afterAll(async () => {
  await database?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('GAR export of 30,000 generated pupils', () => {
  it('splits every kind at 10,000 elements, numbered without gaps, all valid', () => {
    expect(report.problems).toEqual([]);
    expect(report.status).toBe('SUCCEEDED');
    const byKind = new Map<string, { index: number; elements: number }[]>();
    for (const file of report.files) {
      const match = file.name.match(/_(1D|2D)_(\w+)_(\d{4})\.xml$/);
      expect(match).not.toBeNull();
      const key = `${match![1]} ${match![2]}`;
      byKind.set(key, [...(byKind.get(key) ?? []), { index: Number(match![3]), elements: file.elements }]);
    }
    expect([...byKind.keys()].sort()).toEqual(
      ['1D', '2D'].flatMap((variant) => ['Eleve', 'Enseignant', 'Etab', 'Groupe', 'RespAff'].map((kind) => `${variant} ${kind}`)).sort(),
    );
    for (const [kind, parts] of byKind) {
      expect(parts.map((part) => part.index), kind).toEqual(parts.map((_, index) => index));
      for (const part of parts.slice(0, -1)) expect(part.elements, kind).toBe(10_000);
      expect(parts.at(-1)!.elements, kind).toBeLessThanOrEqual(10_000);
    }
    // Pupils alone are well over 10,000 per variant here: the Eleve files are split.
    expect(byKind.get('2D Eleve')!.length).toBeGreaterThan(1);
    expect(byKind.get('1D Eleve')!.length).toBeGreaterThan(1);
  });

  it('puts every generated pupil of the écoles, collèges and lycées in exactly one GAREleve', async () => {
    execFileSync('tar', ['-xzf', join(out, report.archive!), '-C', out]);
    const ids = readdirSync(out)
      .filter((name) => /_Eleve_\d{4}\.xml$/.test(name))
      .flatMap((name) => [...readFileSync(join(out, name), 'utf8').matchAll(/^<GAREleve><GARPersonIdentifiant>([^<]+)</gm)].map((match) => match[1]));
    expect(new Set(ids).size).toBe(ids.length);
    // Pupils of higher education (IUT) are not in GAR; every other generated pupil is, once.
    const expected = await database.db
      .selectFrom('user_profiles')
      .innerJoin('establishments', 'establishments.id', 'user_profiles.establishment_id')
      .select((eb) => eb.fn.count<string>('user_profiles.user_id').distinct().as('n'))
      .where('user_profiles.profile', '=', 'ELEVE')
      .where('establishments.type', 'in', ['ECOLE_MATERNELLE', 'ECOLE_ELEMENTAIRE', 'COLLEGE', 'LYCEE'])
      .executeTakeFirstOrThrow();
    expect(ids.length).toBe(Number(expected.n));
    expect(ids.length).toBeGreaterThanOrEqual(Math.min(pupils, 30_000) * 0.9);
  });
});
