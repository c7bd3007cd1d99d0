import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedFileError } from '../../src/aaf/feedProblem.js';
import { type AafRecord, readAafRecords } from '../../src/aaf/readAafRecords.js';
import { latin9, removeDir, SAMPLES, tempDir, writeFeed } from './helpers.js';

async function readAll(path: string, chunkSize?: number): Promise<AafRecord[]> {
  const records: AafRecord[] = [];
  for await (const record of readAafRecords(path, { chunkSize })) records.push(record);
  return records;
}

async function failure(path: string): Promise<FeedFileError> {
  try {
    await readAll(path);
  } catch (error) {
    if (error instanceof FeedFileError) return error;
    throw error;
  }
  throw new Error('expected a FeedFileError');
}

const dir = tempDir();
afterAll(() => removeDir(dir));

describe('readAafRecords on the published samples', () => {
  it('reads the pupil sample: identifier, category, line, multi-valued and $-separated attributes', async () => {
    const [pupil, ...rest] = await readAll(join(SAMPLES, 'ENT_Complet_20200101_Eleve_0000.xml'));
    expect(rest).toHaveLength(0);
    expect(pupil).toMatchObject({ operation: 'add', category: 'Eleve', id: '2000000', line: 4, file: 'ENT_Complet_20200101_Eleve_0000.xml' });
    expect(pupil?.attributes.get('ENTElevePersRelEleve')).toEqual(['2000000$10$1$1$1$1', '3000000$20$0$1$0$0']);
    expect(pupil?.attributes.get('ENTPersonAutresPrenoms')).toEqual(['Prenom', 'NOM']);
    expect(pupil?.attributes.get('ENTEleveClasses')).toEqual(['3000$1AQUA']);
    // <value/> is an empty list, not one empty string.
    expect(pupil?.attributes.get('ENTEleveGroupes')).toEqual([]);
  });

  it('reads the establishment sample declared ISO-8859-15, entities decoded', async () => {
    const [etab] = await readAll(join(SAMPLES, 'ENT_Complet_20200101_EtabEducNat_0000.xml'));
    expect(etab?.category).toBe('EtabEducNat');
    expect(etab?.attributes.get('ENTEtablissementMinistereTutelle')).toEqual(['MINISTERE DE L\'EDUCATION NATIONALE']);
    expect(etab?.attributes.get('ENTStructureNomCourant')).toEqual(['NOM$STRUCTURE$COURANT']);
  });

  it('reads the staff sample (no XML declaration, a comment, 19 functions)', async () => {
    const records = await readAll(join(SAMPLES, 'ENT_Complet_20250612_PersEducNat_0000.xml'));
    expect(records.map((record) => record.id)).toEqual(['2397002', '2397004']);
    expect(records[1]?.attributes.get('ENTPersonFonctions')).toHaveLength(19);
    expect(records[0]?.line).toBe(4);
    expect(records[1]?.line).toBe(30);
  });

  it('gives the same records whatever the chunk size (multi-byte characters split across reads)', async () => {
    const path = writeFeed(dir, 'ENT_Complet_20260901_Eleve_0000.xml', [
      { operation: 'add', category: 'Eleve', id: '1', attributes: { sn: 'NGUYỄN', givenName: 'Zoé', ENTPersonAutresPrenoms: ['Élodie', 'Maëlys'] } },
      { operation: 'add', category: 'Eleve', id: '2', attributes: { sn: 'N’DIAYE', givenName: 'Aïcha & Œdipe <x>' } },
    ]);
    const whole = await readAll(path);
    const bytewise = await readAll(path, 3);
    expect(bytewise).toEqual(whole);
    expect(whole[0]?.attributes.get('sn')).toEqual(['NGUYỄN']);
    expect(whole[1]?.attributes.get('givenName')).toEqual(['Aïcha & Œdipe <x>']);
  });

  it('decodes ISO-8859-15 (Latin-9) files, € and œ included', async () => {
    const path = writeFeed(
      dir,
      'ENT_Complet_20260901_PersRelEleve_0000.xml',
      [{ operation: 'add', category: 'PersRelEleve', id: '9', attributes: { sn: 'CŒUR', givenName: 'Chloé', ENTPersonAdresse: "3 rue de l'Œuvre 10 €$$$" } }],
      'ISO-8859-15',
    );
    expect(readFileSync(path).includes(0xbc)).toBe(true);
    const [record] = await readAll(path, 5);
    expect(record?.attributes.get('sn')).toEqual(['CŒUR']);
    expect(record?.attributes.get('givenName')).toEqual(['Chloé']);
    expect(record?.attributes.get('ENTPersonAdresse')).toEqual(['3 rue de l\'Œuvre 10 €$$$']);
  });

  it('reads modify and delete requests', async () => {
    const path = writeFeed(dir, 'ENT_Delta_20261005_Eleve_0000.xml', [
      { operation: 'modify', category: 'Eleve', id: '1001', attributes: { ENTEleveClasses: '5001$6B' } },
      { operation: 'delete', category: 'Eleve', id: '1004' },
    ]);
    const [modify, remove] = await readAll(path);
    expect(modify).toMatchObject({ operation: 'modify', id: '1001' });
    expect(modify?.attributes.get('ENTEleveClasses')).toEqual(['5001$6B']);
    expect(remove).toMatchObject({ operation: 'delete', id: '1004' });
    expect(remove?.attributes.size).toBe(0);
  });
});

describe('readAafRecords on bad files', () => {
  it('reports malformed XML with its line and the record being read', async () => {
    const path = join(dir, 'malformed.xml');
    writeFileSync(
      path,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ficAlimMENESR>\n<addRequest>\n<operationalAttributes><attr name="categoriePersonne"><value>Eleve</value></attr></operationalAttributes>\n<identifier><id>77</id></identifier>\n<attributes>\n<attr name="sn"><value>X</valeur></attr>\n</attributes>\n</addRequest>\n</ficAlimMENESR>\n',
    );
    const error = await failure(path);
    expect(error.problem).toMatchObject({ code: 'MALFORMED_XML', line: 7, identifier: '77', file: 'malformed.xml' });
    expect(error.message).toMatch(/^malformed\.xml, ligne 7, identifiant 77 : XML mal formé/);
  });

  it('reports a truncated file', async () => {
    const full = readFileSync(join(SAMPLES, 'ENT_Complet_20250612_PersEducNat_0000.xml'));
    const path = join(dir, 'truncated.xml');
    writeFileSync(path, full.subarray(0, 2000));
    const error = await failure(path);
    expect(error.problem.code).toBe('TRUNCATED_FILE');
    expect(error.problem.identifier).toBe('2397004');
    expect(error.problem.line).toBeGreaterThan(30);
  });

  it('reports an empty file, a wrong root and an unknown element', async () => {
    writeFileSync(join(dir, 'empty.xml'), '');
    expect((await failure(join(dir, 'empty.xml'))).problem.code).toBe('EMPTY_FILE');
    writeFileSync(join(dir, 'root.xml'), '<?xml version="1.0"?><annuaire/>');
    expect((await failure(join(dir, 'root.xml'))).problem.code).toBe('UNEXPECTED_ELEMENT');
    writeFileSync(join(dir, 'element.xml'), '<ficAlimMENESR><addRequest><identifier><id>1</id></identifier><extra/></addRequest></ficAlimMENESR>');
    expect((await failure(join(dir, 'element.xml'))).problem).toMatchObject({ code: 'UNEXPECTED_ELEMENT', identifier: '1' });
  });

  it('reports bytes that are not in the declared encoding', async () => {
    const path = join(dir, 'latin-as-utf8.xml');
    writeFileSync(path, Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><ficAlimMENESR><addRequest><identifier><id>1</id></identifier><attributes><attr name="sn"><value>'), latin9('Chloé'), Buffer.from('</value></attr></attributes></addRequest></ficAlimMENESR>')]));
    expect((await failure(path)).problem.code).toBe('INVALID_ENCODING');
  });
});
