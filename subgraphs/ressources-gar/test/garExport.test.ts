import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryClient } from '../src/gar/directoryClient.js';
import { createDirectoryClient } from '../src/gar/directoryClient.js';
import type { DirectoryEstablishment } from '../src/gar/directory.js';
import { buildGarEntries } from '../src/gar/garEntries.js';
import { writeGarFiles } from '../src/gar/garFiles.js';
import { runGarExport } from '../src/gar/runExport.js';
import { validateGarFiles, XSD_FILES } from '../src/gar/validateXsd.js';
import { SERVICE_SECRET, startTestAnnuaire, type TestAnnuaire } from './helpers.js';

let annuaire: TestAnnuaire;
let directory: DirectoryClient;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gar-export-test-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  annuaire = await startTestAnnuaire();
  directory = createDirectoryClient({ annuaireUrl: annuaire.url, serviceSecret: SERVICE_SECRET, now: () => annuaire.clock.now() });
});
afterAll(async () => {
  await annuaire?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function extract(outDir: string, archive: string): string {
  const into = join(outDir, 'extracted');
  execFileSync('mkdir', ['-p', into]);
  execFileSync('tar', ['-xzf', join(outDir, archive), '-C', into]);
  return into;
}

describe('GAR export of the demo directory', () => {
  it('produces 2D files for the collège and lycée, 1D files for the écoles, all valid against the official XSDs', async () => {
    const outDir = tempDir();
    const managers = [{ userId: await annuaire.idOf('direction.eluard'), establishmentId: await annuaire.establishmentId('Collège Paul Éluard') }];
    const report = await runGarExport({
      directory,
      outDir,
      idEnt: 'ENT92',
      managers,
      demo: true,
      logger: silentLogger,
      now: () => annuaire.clock.now(),
    });
    expect(report.problems).toEqual([]);
    expect(report.status).toBe('SUCCEEDED');
    // 2026-12-01T08:00Z is 09:00 in Paris.
    expect(report.archive).toBe('ENT92_GAR-ENT_Complet_20261201_090000.tar.gz');
    expect(readdirSync(outDir).sort()).toEqual([report.archive, `${report.archive}.md5`]);
    expect(readFileSync(join(outDir, `${report.archive}.md5`), 'utf8')).toBe(`${report.md5}  ${report.archive}\n`);
    const md5sum = spawnSync('md5sum', ['-c', `${report.archive}.md5`], { cwd: outDir, encoding: 'utf8' });
    expect(md5sum.status).toBe(0);

    const variants = new Map(report.establishments.map((school) => [school.name, school.variant]));
    expect(variants.get('Collège Paul Éluard')).toBe('2D');
    expect([...variants].filter(([name]) => name.startsWith('Lycée')).map(([, v]) => v)).toEqual(['2D']);
    expect(variants.get('École élémentaire Jules Ferry')).toBe('1D');
    expect(variants.get('École maternelle Les Tilleuls')).toBe('1D');
    expect([...variants.keys()].some((name) => name.includes('IUT'))).toBe(false);

    const extracted = extract(outDir, report.archive!);
    const names = readdirSync(extracted).sort();
    for (const variant of ['1D', '2D']) {
      for (const kind of ['Etab', 'Eleve', 'Enseignant', 'Groupe', 'RespAff']) {
        expect(names).toContain(`ENT92_GAR-ENT_Complet_20261201_090000_${variant}_${kind}_0000.xml`);
      }
    }
    expect(names).toHaveLength(10);

    // Lucas is a 2D pupil of 5e B, with his MEF; the RespAff file names the principal.
    const lucas = await annuaire.idOf('eleve.lucas');
    const eleve2d = readFileSync(join(extracted, 'ENT92_GAR-ENT_Complet_20261201_090000_2D_Eleve_0000.xml'), 'utf8');
    expect(eleve2d).toContain(`<GARPersonIdentifiant>${lucas}</GARPersonIdentifiant>`);
    expect(eleve2d).toContain(`<GARPersonMEF><GARStructureUAI>`);
    const groupe2d = readFileSync(join(extracted, 'ENT92_GAR-ENT_Complet_20261201_090000_2D_Groupe_0000.xml'), 'utf8');
    expect(groupe2d).toMatch(new RegExp(`<GARPersonGroupe><GARStructureUAI>[^<]+</GARStructureUAI><GARPersonIdentifiant>${lucas}</GARPersonIdentifiant><GARGroupeCode>5e B</GARGroupeCode>`));
    const respAff = readFileSync(join(extracted, 'ENT92_GAR-ENT_Complet_20261201_090000_2D_RespAff_0000.xml'), 'utf8');
    expect(respAff).toContain(`<GARPersonIdentifiant>${managers[0]!.userId}</GARPersonIdentifiant>`);
    // Data minimisation: no parent, no login, no birth date leaves.
    const parent = await annuaire.idOf('parent.bernard');
    const everything = names.map((name) => readFileSync(join(extracted, name), 'utf8')).join('\n');
    expect(everything).not.toContain(parent);
    expect(everything).not.toContain('eleve.lucas');
    expect(everything).not.toContain('GARPersonDateNaissance');
    const lea = await annuaire.idOf('eleve.lea');
    const eleve1d = readFileSync(join(extracted, 'ENT92_GAR-ENT_Complet_20261201_090000_1D_Eleve_0000.xml'), 'utf8');
    expect(eleve1d).toContain(`<GARPersonIdentifiant>${lea}</GARPersonIdentifiant>`);
    expect(eleve1d).toContain('xmlns:men="http://data.education.fr/ns/gar/1d"');

    // The system's libxml2 agrees, when it is installed (CI: apt-get install -y libxml2-utils).
    const xmllint = spawnSync('which', ['xmllint'], { encoding: 'utf8' });
    if (xmllint.status === 0) {
      for (const name of names) {
        const schema = name.includes('_2D_') ? XSD_FILES['2D'] : XSD_FILES['1D'];
        const result = spawnSync('xmllint', ['--noout', '--schema', schema.pathname, join(extracted, name)], { encoding: 'utf8' });
        expect(result.stderr).toContain('validates');
        expect(result.status, `${name}: ${result.stderr}`).toBe(0);
      }
    } else {
      console.warn('xmllint not installed: system validation skipped (the libxml2 WebAssembly validation ran)');
    }
  });

  it('fails naming the offending person and leaves nothing behind when a name breaks the XSD', async () => {
    const outDir = tempDir();
    const lucas = await annuaire.idOf('eleve.lucas');
    const broken: DirectoryClient = {
      enabledEstablishmentIds: (at) => directory.enabledEstablishmentIds(at),
      async establishment(id) {
        const school = await directory.establishment(id);
        return {
          ...school,
          pupils: school.pupils.map((pupil) => (pupil.id === lucas ? { ...pupil, lastName: 'M'.repeat(501) } : pupil)),
        };
      },
    };
    const report = await runGarExport({ directory: broken, outDir, idEnt: 'ENT92', managers: [], demo: true, logger: silentLogger, now: () => annuaire.clock.now() });
    expect(report.status).toBe('FAILED');
    expect(report.archive).toBeNull();
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems[0]).toMatchObject({ subject: expect.stringContaining(`id ${lucas}`), file: expect.stringContaining('_2D_Eleve_0000.xml') });
    expect(report.problems[0]!.message).toMatch(/GARPersonNom/);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('refuses a person without an establishment code and a class without a name, naming them, exporting nothing', async () => {
    const outDir = tempDir();
    const eluard = await annuaire.establishmentId('Collège Paul Éluard');
    const broken: DirectoryClient = {
      enabledEstablishmentIds: async () => [eluard, await annuaire.establishmentId('École élémentaire Jules Ferry')],
      async establishment(id) {
        const school = await directory.establishment(id);
        if (id === eluard) return { ...school, uai: ' ' };
        return { ...school, classes: school.classes.map((c, index) => (index === 0 ? { ...c, name: '' } : c)) };
      },
    };
    const report = await runGarExport({ directory: broken, outDir, idEnt: 'ENT92', managers: [], demo: true, logger: silentLogger, now: () => annuaire.clock.now() });
    expect(report.status).toBe('FAILED');
    const messages = report.problems.map((problem) => `${problem.subject} : ${problem.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^établissement Collège Paul Éluard .*sans code UAI/));
    expect(messages).toContainEqual(expect.stringMatching(/^élève .* : personne sans code d’établissement/));
    expect(messages).toContainEqual(expect.stringMatching(/^classe \(id .*\) de École élémentaire Jules Ferry : classe sans nom/));
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('refuses, outside demo mode, an affectation manager without an e-mail', async () => {
    const eluard = await directory.establishment(await annuaire.establishmentId('Collège Paul Éluard'));
    const principal = await annuaire.idOf('direction.eluard');
    const school: DirectoryEstablishment = { ...eluard, staff: eluard.staff.map((s) => (s.id === principal ? { ...s, email: null } : s)) };
    const managers = [{ userId: principal, establishmentId: eluard.id }];
    const strict = buildGarEntries('2D', [school], managers, { demo: false });
    expect(strict.problems).toEqual([{ subject: expect.stringContaining(`id ${principal}`), message: expect.stringContaining('sans adresse électronique') }]);
    const demo = buildGarEntries('2D', [school], managers, { demo: true });
    expect(demo.problems).toEqual([]);
    expect(demo.entries.RespAff[0]!.xml).toMatch(/<GARPersonMail>[a-z-]+\.[a-z-]+@[0-9a-z]+\.ent-demo\.invalid<\/GARPersonMail>/);
  });

  it('names a duplicated group code (two classes with the same name) from the XSD key', async () => {
    const eluard = await directory.establishment(await annuaire.establishmentId('Collège Paul Éluard'));
    const [first, second] = eluard.classes;
    const school = { ...eluard, classes: eluard.classes.map((c) => (c.id === second!.id ? { ...c, name: first!.name } : c)) };
    const built = buildGarEntries('2D', [school], [], { demo: true });
    const files = await writeGarFiles(tempDir(), 'ENT92', '20261201_090000', '2D', built.entries);
    const problems = await validateGarFiles(files);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.subject.includes(`classe ${first!.name}`) && /duplicate key/i.test(p.message))).toBe(true);
  });
});

describe('splitting', () => {
  it('splits at 10,000 elements per file, every part valid', async () => {
    // 30,000 synthetic pupils in three 2D establishments: 30,000 GAREleve + MEF + enseignements.
    const schools: DirectoryEstablishment[] = [0, 1, 2].map((s) => ({
      id: `00000000-0000-4000-8000-00000000000${s}`,
      uai: `092900${s}A`,
      name: `Collège ${s}`,
      kind: 'COLLEGE',
      classes: [{ id: `class-${s}`, name: '5e A', level: 'CINQUIEME' }],
      groups: [],
      pupils: Array.from({ length: 10_000 }, (_, i) => ({
        id: `pupil-${s}-${i}`,
        lastName: `Nom${i}`,
        firstName: `Prénom${i}`,
        classIds: [`class-${s}`],
        groupIds: [],
      })),
      staff: [
        {
          id: `teacher-${s}`,
          lastName: 'Durand',
          firstName: 'Claire',
          email: null,
          functions: [{ profile: 'ENSEIGNANT', label: 'Professeure' }],
          teaching: [{ classId: `class-${s}`, groupId: null, subject: 'Mathématiques' }],
        },
      ],
    }));
    const built = buildGarEntries('2D', schools, [], { demo: true });
    expect(built.problems).toEqual([]);
    const dir = tempDir();
    const files = await writeGarFiles(dir, 'ENT92', '20261201_090000', '2D', built.entries);
    const eleve = files.filter((file) => file.kind === 'Eleve');
    // 30,000 GAREleve + 30,000 GARPersonMEF + 30,000 GAREleveEnseignement = 90,000 → 9 files.
    expect(eleve.map((file) => file.elements)).toEqual(Array(9).fill(10_000));
    expect(eleve.map((file) => file.name.slice(-9))).toEqual(['0000.xml', '0001.xml', '0002.xml', '0003.xml', '0004.xml', '0005.xml', '0006.xml', '0007.xml', '0008.xml'].map((s) => `_${s}`.slice(-9)));
    const groupe = files.filter((file) => file.kind === 'Groupe');
    expect(groupe.map((file) => file.elements)).toEqual([10_000, 10_000, 10_000, 6]);
    for (const file of files) {
      const text = readFileSync(file.path, 'utf8');
      expect(text.split('\n').length - 4).toBe(file.elements);
    }
    expect(await validateGarFiles(files)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  }, 180_000);
});
