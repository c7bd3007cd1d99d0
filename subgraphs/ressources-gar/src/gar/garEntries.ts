import type { DirectoryEstablishment, DirectoryStaff, GarVariant } from './directory.js';
import { garProfileOf, MEF_BY_LEVEL, MEFSTAT4_BY_LEVEL, subjectCode } from './nomenclature.js';

/** The five files of a variant, in GAR's naming. */
export const GAR_FILE_KINDS = ['Etab', 'Eleve', 'Enseignant', 'Groupe', 'RespAff'] as const;
export type GarFileKind = (typeof GAR_FILE_KINDS)[number];

/** One top-level XML element of a file, and who it is about (to name the culprit of a validation error). */
export interface GarEntry {
  xml: string;
  subject: string;
}

export interface ExportProblem {
  /** « élève Lucas Martin (id …) », « classe (id …) de Collège Paul Éluard »… */
  subject: string;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
}

/** An affectation manager as this subgraph records them (RespAff). */
export interface AffectationManager {
  userId: string;
  establishmentId: string;
}

export interface BuildOptions {
  /** Demo mode: a missing e-mail of an affectation manager is derived (documented); otherwise it is a problem. */
  demo: boolean;
}

export type GarEntries = Record<GarFileKind, GarEntry[]>;

const NS: Record<GarVariant, string> = {
  '2D': 'http://data.education.fr/ns/gar',
  '1D': 'http://data.education.fr/ns/gar/1d',
};
/** The schema versions the XSDs declare (GAR-ENT.xsd 1.7, GAR-ENT-1D.xsd 1.4). */
export const GAR_VERSION: Record<GarVariant, string> = { '2D': '1.7', '1D': '1.4' };
export const namespaceOf = (variant: GarVariant) => NS[variant];

/** C0 controls other than tab, LF, CR, and U+FFFE/U+FFFF (built from code points: no control character in the source). */
const XML_FORBIDDEN = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}${String.fromCharCode(0xfffe)}${String.fromCharCode(0xffff)}]`, 'g');

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 forbids would make the whole file unreadable: drop them.
    .replace(XML_FORBIDDEN, '');
}

const el = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;

interface Person {
  id: string;
  lastName: string;
  firstName: string;
  email: string | null;
  /** [uai, GAR profile] pairs, unique. */
  profiles: [string, string][];
  uais: string[];
}

function personLabel(kind: string, person: { id: string; firstName: string; lastName: string }): string {
  return `${kind} ${person.firstName} ${person.lastName} (id ${person.id})`.replace(/\s+/g, ' ');
}

function addUnique<T>(list: T[], value: T, same: (a: T, b: T) => boolean = (a, b) => a === b): void {
  if (!list.some((item) => same(item, value))) list.push(value);
}

/**
 * Builds every entry of one variant's five files from the establishments of that variant. A person in
 * several establishments is one element with several GARPersonEtab/GARPersonProfils (the XSD keys
 * GARPersonIdentifiant). Problems (missing UAI, class without a name, empty names, manager without
 * e-mail…) are returned, naming the person or group; the caller exports nothing when there is one.
 */
export function buildGarEntries(
  variant: GarVariant,
  establishments: readonly DirectoryEstablishment[],
  managers: readonly AffectationManager[],
  options: BuildOptions,
): { entries: GarEntries; problems: ExportProblem[]; counts: Record<string, number> } {
  const problems: ExportProblem[] = [];
  const entries: GarEntries = { Etab: [], Eleve: [], Enseignant: [], Groupe: [], RespAff: [] };
  const pupils = new Map<string, Person>();
  const teachers = new Map<string, Person>();
  const staffById = new Map<string, { staff: DirectoryStaff; uais: string[] }>();
  const etab: GarEntry[] = [];
  const mefs: GarEntry[] = [];
  const matieres: GarEntry[] = [];
  const personMef: GarEntry[] = [];
  const teacherMef: GarEntry[] = [];
  const eleveEnseignement: GarEntry[] = [];
  const groupes: GarEntry[] = [];
  const personGroupes: GarEntry[] = [];
  const ensGroupeMatiere: GarEntry[] = [];
  const ensClasseMatiere: GarEntry[] = [];

  for (const school of establishments) {
    const uai = school.uai.trim();
    const schoolLabel = `établissement ${school.name} (id ${school.id})`;
    if (!uai) {
      problems.push({ subject: schoolLabel, message: 'établissement sans code UAI : ses personnes ne peuvent pas être exportées' });
      for (const pupil of school.pupils.slice(0, 5)) {
        problems.push({ subject: personLabel('élève', pupil), message: 'personne sans code d’établissement (UAI)' });
      }
      continue;
    }
    etab.push({ subject: schoolLabel, xml: `<GAREtab>${el('GARStructureUAI', uai)}${el('GARStructureNomCourant', school.name)}</GAREtab>` });

    const classById = new Map(school.classes.map((schoolClass) => [schoolClass.id, schoolClass]));
    const groupById = new Map(school.groups.map((group) => [group.id, group]));
    const codeOfClass = new Map<string, string>();
    for (const schoolClass of school.classes) {
      const name = schoolClass.name.trim();
      if (!name) {
        problems.push({ subject: `classe (id ${schoolClass.id}) de ${school.name}`, message: 'classe sans nom : pas de code de groupe GAR' });
        continue;
      }
      codeOfClass.set(schoolClass.id, name);
      groupes.push({
        subject: `classe ${name} de ${school.name} (id ${schoolClass.id})`,
        xml: `<GARGroupe>${el('GARGroupeCode', name)}${el('GARStructureUAI', uai)}${el('GARGroupeLibelle', name)}${el('GARGroupeStatut', 'DIVISION')}</GARGroupe>`,
      });
    }
    // A group belongs to the divisions its pupils come from (GARGroupeDivAppartenance, 2D only).
    const divisionsOfGroup = new Map<string, Set<string>>();
    for (const pupil of school.pupils) {
      for (const groupId of pupil.groupIds) {
        const set = divisionsOfGroup.get(groupId) ?? new Set<string>();
        for (const classId of pupil.classIds) {
          const code = codeOfClass.get(classId);
          if (code) set.add(code);
        }
        divisionsOfGroup.set(groupId, set);
      }
    }
    const codeOfGroup = new Map<string, string>();
    for (const group of school.groups) {
      const name = group.name.trim();
      if (!name) {
        problems.push({ subject: `groupe (id ${group.id}) de ${school.name}`, message: 'groupe sans nom : pas de code de groupe GAR' });
        continue;
      }
      codeOfGroup.set(group.id, name);
      const divisions = variant === '2D' ? [...(divisionsOfGroup.get(group.id) ?? [])].sort() : [];
      groupes.push({
        subject: `groupe ${name} de ${school.name} (id ${group.id})`,
        xml: `<GARGroupe>${el('GARGroupeCode', name)}${el('GARStructureUAI', uai)}${el('GARGroupeLibelle', name)}${el('GARGroupeStatut', 'GROUPE')}${divisions.map((code) => el('GARGroupeDivAppartenance', code)).join('')}</GARGroupe>`,
      });
    }

    // Subjects taught to each class and group (pupils follow what is taught to their classes and groups).
    const subjectsOfClass = new Map<string, Set<string>>();
    const subjectsOfGroup = new Map<string, Set<string>>();
    const schoolSubjects = new Map<string, string>();
    const schoolMefs = new Map<string, string>();
    for (const staff of school.staff) {
      for (const teaching of staff.teaching) {
        const code = subjectCode(teaching.subject);
        if (!code) continue;
        schoolSubjects.set(code, teaching.subject);
        const [map, id] = teaching.classId ? [subjectsOfClass, teaching.classId] : [subjectsOfGroup, teaching.groupId];
        if (!id) continue;
        const set = map.get(id) ?? new Set<string>();
        set.add(code);
        map.set(id, set);
      }
    }

    for (const pupil of school.pupils) {
      const label = personLabel('élève', pupil);
      if (!pupil.lastName.trim() || !pupil.firstName.trim()) {
        problems.push({ subject: label, message: 'nom ou prénom vide' });
        continue;
      }
      const person = pupils.get(pupil.id) ?? { id: pupil.id, lastName: pupil.lastName, firstName: pupil.firstName, email: null, profiles: [], uais: [] };
      addUnique(person.profiles, [uai, 'National_elv'], (a, b) => a[0] === b[0] && a[1] === b[1]);
      addUnique(person.uais, uai);
      pupils.set(pupil.id, person);
      const subjects = new Set<string>();
      for (const classId of pupil.classIds) {
        const schoolClass = classById.get(classId);
        const code = codeOfClass.get(classId);
        if (!schoolClass || !code) continue;
        personGroupes.push({ subject: label, xml: personGroupe(uai, pupil.id, code) });
        if (variant === '2D') {
          const mef = MEF_BY_LEVEL[schoolClass.level];
          if (mef) {
            schoolMefs.set(mef.code, mef.label);
            personMef.push({ subject: label, xml: `<GARPersonMEF>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', pupil.id)}${el('GARMEFCode', mef.code)}</GARPersonMEF>` });
          }
        } else {
          const stat4 = MEFSTAT4_BY_LEVEL[schoolClass.level];
          if (stat4) personMef.push({ subject: label, xml: mefStat4(uai, pupil.id, stat4) });
        }
        for (const code of subjectsOfClass.get(classId) ?? []) subjects.add(code);
      }
      for (const groupId of pupil.groupIds) {
        const code = codeOfGroup.get(groupId);
        if (!groupById.has(groupId) || !code) continue;
        personGroupes.push({ subject: label, xml: personGroupe(uai, pupil.id, code) });
        for (const subject of subjectsOfGroup.get(groupId) ?? []) subjects.add(subject);
      }
      if (variant === '2D') {
        for (const code of [...subjects].sort()) {
          eleveEnseignement.push({
            subject: label,
            xml: `<GAREleveEnseignement>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', pupil.id)}${el('GARMatiereCode', code)}</GAREleveEnseignement>`,
          });
        }
      }
    }

    for (const staff of school.staff) {
      const label = personLabel('personnel', staff);
      const garProfiles = staff.functions.map((f) => garProfileOf(f.profile, f.label)).filter((p): p is string => p !== null);
      if (garProfiles.length === 0) continue;
      if (!staff.lastName.trim() || !staff.firstName.trim()) {
        problems.push({ subject: label, message: 'nom ou prénom vide' });
        continue;
      }
      const known = staffById.get(staff.id) ?? { staff, uais: [] };
      known.uais.push(uai);
      staffById.set(staff.id, known);
      const person = teachers.get(staff.id) ?? { id: staff.id, lastName: staff.lastName, firstName: staff.firstName, email: staff.email, profiles: [], uais: [] };
      for (const profile of garProfiles) addUnique(person.profiles, [uai, profile], (a, b) => a[0] === b[0] && a[1] === b[1]);
      addUnique(person.uais, uai);
      teachers.set(staff.id, person);

      const classSubjects = new Map<string, Set<string>>();
      const groupSubjects = new Map<string, Set<string>>();
      const levels = new Set<string>();
      for (const teaching of staff.teaching) {
        const code = subjectCode(teaching.subject);
        if (teaching.classId && codeOfClass.has(teaching.classId)) {
          const set = classSubjects.get(teaching.classId) ?? new Set<string>();
          if (code) set.add(code);
          classSubjects.set(teaching.classId, set);
          const level = classById.get(teaching.classId)?.level;
          if (level) levels.add(level);
        } else if (teaching.groupId && codeOfGroup.has(teaching.groupId)) {
          const set = groupSubjects.get(teaching.groupId) ?? new Set<string>();
          if (code) set.add(code);
          groupSubjects.set(teaching.groupId, set);
        }
      }
      if (variant === '2D') {
        for (const [classId, codes] of classSubjects) {
          if (codes.size === 0) continue;
          ensClasseMatiere.push({
            subject: label,
            xml: `<GAREnsClasseMatiere>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', staff.id)}${el('GARGroupeCode', codeOfClass.get(classId)!)}${[...codes].sort().map((code) => el('GARMatiereCode', code)).join('')}</GAREnsClasseMatiere>`,
          });
        }
        for (const [groupId, codes] of groupSubjects) {
          if (codes.size === 0) continue;
          ensGroupeMatiere.push({
            subject: label,
            xml: `<GAREnsGroupeMatiere>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', staff.id)}${el('GARGroupeCode', codeOfGroup.get(groupId)!)}${[...codes].sort().map((code) => el('GARMatiereCode', code)).join('')}</GAREnsGroupeMatiere>`,
          });
        }
        for (const level of [...levels].sort()) {
          const mef = MEF_BY_LEVEL[level];
          if (!mef) continue;
          schoolMefs.set(mef.code, mef.label);
          teacherMef.push({ subject: label, xml: `<GARPersonMEF>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', staff.id)}${el('GARMEFCode', mef.code)}</GARPersonMEF>` });
        }
      } else {
        // 1D: teachers belong to their classes' groups, and carry their classes' MEFSTAT4.
        for (const classId of classSubjects.keys()) personGroupes.push({ subject: label, xml: personGroupe(uai, staff.id, codeOfClass.get(classId)!) });
        const stat4s = new Set([...levels].map((level) => MEFSTAT4_BY_LEVEL[level]).filter((code): code is string => !!code));
        for (const code of [...stat4s].sort()) teacherMef.push({ subject: label, xml: mefStat4(uai, staff.id, code) });
      }
    }

    if (variant === '2D') {
      for (const [code, label] of [...schoolMefs].sort()) {
        mefs.push({ subject: `MEF ${code} de ${school.name}`, xml: `<GARMEF>${el('GARStructureUAI', uai)}${el('GARMEFCode', code)}${el('GARMEFLibelle', label)}</GARMEF>` });
      }
      for (const [code, label] of [...schoolSubjects].sort()) {
        matieres.push({ subject: `matière ${label} de ${school.name}`, xml: `<GARMatiere>${el('GARStructureUAI', uai)}${el('GARMatiereCode', code)}${el('GARMatiereLibelle', label)}</GARMatiere>` });
      }
    }
  }

  for (const person of pupils.values()) entries.Eleve.push({ subject: personLabel('élève', person), xml: `<GAREleve>${identity(person)}</GAREleve>` });
  // concat, not push(...spread): a spread of 100,000 entries overflows the call stack.
  entries.Eleve = entries.Eleve.concat(personMef, eleveEnseignement);
  for (const person of teachers.values()) entries.Enseignant.push({ subject: personLabel('personnel', person), xml: `<GAREnseignant>${identity(person)}</GAREnseignant>` });
  entries.Enseignant = entries.Enseignant.concat(teacherMef);
  entries.Etab = etab.concat(mefs, matieres);
  entries.Groupe = groupes.concat(personGroupes, ensGroupeMatiere, ensClasseMatiere);

  // RespAff: the affectation managers recorded here, as they are in the directory today.
  const uaiOfEstablishment = new Map(establishments.map((school) => [school.id, school.uai.trim()]));
  const managerUais = new Map<string, string[]>();
  for (const manager of managers) {
    const uai = uaiOfEstablishment.get(manager.establishmentId);
    if (!uai) continue;
    const known = staffById.get(manager.userId);
    if (!known?.uais.includes(uai)) continue; // no longer staff there: not exported (reported by the caller)
    const list = managerUais.get(manager.userId) ?? [];
    addUnique(list, uai);
    managerUais.set(manager.userId, list);
  }
  for (const [userId, uais] of managerUais) {
    const { staff } = staffById.get(userId)!;
    const label = personLabel('responsable d’affectation', staff);
    let email = staff.email?.trim() || null;
    if (!email) {
      if (!options.demo) {
        problems.push({ subject: label, message: 'responsable d’affectation sans adresse électronique (obligatoire pour GAR)' });
        continue;
      }
      email = derivedEmail(staff, uais[0]!);
    }
    entries.RespAff.push({
      subject: label,
      xml: `<GARRespAff>${el('GARPersonIdentifiant', staff.id)}${el('GARPersonNom', staff.lastName)}${el('GARPersonPrenom', staff.firstName)}${el('GARPersonMail', email)}${uais.map((uai) => el('GARRespAffEtab', uai)).join('')}</GARRespAff>`,
    });
  }

  return {
    entries,
    problems,
    counts: { establishments: etab.length, pupils: pupils.size, staff: teachers.size, groups: groupes.length, managers: entries.RespAff.length },
  };
}

/** Demo only: « prenom.nom@<uai>.ent-demo.invalid » (a reserved top-level domain: nothing is ever sent there). */
export function derivedEmail(person: { firstName: string; lastName: string }, uai: string): string {
  const part = (value: string) => subjectCode(value).toLowerCase().replace(/_/g, '-');
  return `${part(person.firstName)}.${part(person.lastName)}@${uai.toLowerCase()}.ent-demo.invalid`;
}

function identity(person: Person): string {
  return [
    el('GARPersonIdentifiant', person.id),
    ...person.profiles.map(([uai, profile]) => `<GARPersonProfils>${el('GARStructureUAI', uai)}${el('GARPersonProfil', profile)}</GARPersonProfils>`),
    el('GARPersonNom', person.lastName),
    el('GARPersonPrenom', person.firstName),
    // Required by the XSD; the directory keeps one first name, which is also the list of first names.
    el('GARPersonAutresPrenoms', person.firstName),
    el('GARPersonStructRattach', person.uais[0]!),
    ...person.uais.map((uai) => el('GARPersonEtab', uai)),
  ].join('');
}

function personGroupe(uai: string, personId: string, code: string): string {
  return `<GARPersonGroupe>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', personId)}${el('GARGroupeCode', code)}</GARPersonGroupe>`;
}

function mefStat4(uai: string, personId: string, code: string): string {
  return `<GARPersonMEFSTAT4>${el('GARStructureUAI', uai)}${el('GARPersonIdentifiant', personId)}${el('GARMEFSTAT4Code', code)}</GARPersonMEFSTAT4>`;
}
