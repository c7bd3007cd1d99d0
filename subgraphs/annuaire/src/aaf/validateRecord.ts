import type { FeedProblem, FeedProblemCode } from './feedProblem.js';
import { CATEGORIES, type FeedType } from './feedFiles.js';
import { establishmentOf, pupilOf, staffOf } from './feedRecords.js';
import type { DirectoryCache } from './importContext.js';
import type { AafRecord } from './readAafRecords.js';
import { looksLikeUai } from './values.js';

const ignore = () => {};

/**
 * The checks that reject a file before anything of it is written: a record of the wrong kind, a missing
 * identifier or name, a person placed in an establishment the directory does not know, a pupil in a class
 * the establishment does not list. Warnings (unknown parent, unknown subject…) are left to the import.
 */
export function validateRecord(type: FeedType, record: AafRecord, cache: DirectoryCache): FeedProblem | undefined {
  const problem = (code: FeedProblemCode, message: string): FeedProblem => ({
    file: record.file,
    line: record.line,
    identifier: record.id,
    code,
    message,
  });
  if (!CATEGORIES[type].includes(record.category)) {
    return problem('WRONG_CATEGORY', `catégorie « ${record.category || '(aucune)'} » dans un fichier ${type}`);
  }
  const adding = record.operation === 'add';
  const missing = (...names: string[]) => adding && names.every((name) => !record.attributes.get(name)?.length);
  switch (type) {
    case 'EtabEducNat': {
      if (record.operation === 'delete') return undefined;
      const data = establishmentOf(record);
      if (missing('ENTStructureUAI', 'ENTEtablissementUAI')) return problem('MISSING_VALUE', 'établissement sans UAI');
      if (data.uai !== undefined && !looksLikeUai(data.uai)) return problem('INVALID_VALUE', `UAI « ${data.uai} » mal formé (7 chiffres et une lettre)`);
      if (missing('ENTStructureNomCourant')) return problem('MISSING_VALUE', 'établissement sans nom (ENTStructureNomCourant)');
      return undefined;
    }
    case 'MatiereEducNat':
    case 'MefEducNat':
      return undefined;
    case 'Eleve': {
      if (record.operation === 'delete') return undefined;
      if (missing('sn', 'ENTPersonNom', 'ENTPersonNomPatro') || missing('givenName', 'ENTPersonPrenom')) {
        return problem('MISSING_VALUE', 'élève sans nom ou sans prénom');
      }
      const data = pupilOf(record, ignore);
      if (adding && !data.attachment) return problem('MISSING_VALUE', 'élève sans établissement de rattachement (ENTPersonStructRattach)');
      if (data.attachment && !cache.establishment(data.attachment)) {
        return problem('UNKNOWN_ESTABLISHMENT', `établissement de rattachement inconnu (structure ${data.attachment})`);
      }
      for (const ref of data.classes ?? []) {
        const establishment = cache.establishment(ref.structure);
        if (!establishment) return problem('UNKNOWN_ESTABLISHMENT', `classe ${ref.code} d’un établissement inconnu (structure ${ref.structure})`);
        if (establishment.declaresClasses && !cache.classes.byCode(establishment.id, ref.code)) {
          return problem('UNKNOWN_CLASS', `classe ${ref.code} inexistante : absente de la liste des classes de ${establishment.uai} (${establishment.name})`);
        }
      }
      return undefined;
    }
    case 'PersRelEleve':
      if (missing('sn', 'ENTPersonNom', 'ENTPersonNomPatro') || missing('givenName', 'ENTPersonPrenom')) {
        return problem('MISSING_VALUE', 'responsable sans nom ou sans prénom');
      }
      return undefined;
    case 'PersEducNat': {
      if (record.operation === 'delete') return undefined;
      if (missing('sn', 'ENTPersonNom', 'ENTPersonNomPatro') || missing('givenName', 'ENTPersonPrenom')) {
        return problem('MISSING_VALUE', 'personnel sans nom ou sans prénom');
      }
      const data = staffOf(record, ignore);
      const structures = [...(data.functions ?? []).map((fn) => fn.structure), ...(data.directorOf ?? []), ...(data.attachments ?? [])];
      if (structures.length > 0 && !structures.some((structure) => cache.establishment(structure))) {
        const listed = [...new Set(structures)];
        return problem(
          'UNKNOWN_ESTABLISHMENT',
          `aucun établissement connu parmi ceux de ce personnel (structure${listed.length > 1 ? 's' : ''} ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? '…' : ''})`,
        );
      }
      if (adding && structures.length === 0) return problem('MISSING_VALUE', 'personnel sans établissement (ni fonction ni rattachement)');
      return undefined;
    }
  }
}
