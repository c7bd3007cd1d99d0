import type { Level, Profile } from '@ent/kit';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database, EstablishmentType } from '../db/database.js';
import {
  CITIES_92,
  className,
  CPE,
  DOCUMENTALISTE,
  ESTABLISHMENT_KINDS,
  establishmentName,
  POLYVALENT,
  SCHOOL_NAMESAKES,
  STUDY_SECRETARY,
} from '../seed/curriculum.js';
import { LoginAllocator } from '../seed/logins.js';
import type { PersonName } from '../seed/names.js';
import { establishmentMix } from '../seed/population.js';
import {
  type Family,
  type GroupState,
  type PersonRef,
  PopulationBuilder,
  type SchoolClassState,
  type SchoolState,
  SEED_EMAIL_DOMAIN,
} from '../seed/populationBuilder.js';
import { createRandom, type Random } from '../seed/random.js';
import { uaiOf } from '../seed/uai.js';
import type { FeedType } from './feedFiles.js';
import { FeedFileWriter, type FeedRequest } from './feedWriter.js';

export interface GenerateFeedOptions {
  directory: string;
  /** Stop adding establishments once this many people (pupils, legal guardians, staff) are in the feed. */
  people: number;
  seed?: number | string;
  pupilsPerClass?: number;
  /** Records per file part. */
  recordsPerPart?: number;
  /** yyyyMMdd in the file names. */
  date?: string;
}

export interface GeneratedFeed {
  establishments: number;
  pupils: number;
  guardians: number;
  /** Relatives who are not legal guardians (contacts): in the feed, without an account. */
  contacts: number;
  staff: number;
  /** Guardians with children in both a primary and a secondary school: two identifiers, one person. */
  guardiansInBothFeeds: number;
  files: string[];
  elapsedMs: number;
}

type Degree = '1D' | '2D';

/** Secondary MEF codes and labels for the levels the generator produces. */
const MEFS: Partial<Record<Level, [string, string]>> = {
  SIXIEME: ['10010012110', '6EME'],
  CINQUIEME: ['10110001110', '5EME'],
  QUATRIEME: ['10210001110', '4EME'],
  TROISIEME: ['10310019110', '3EME'],
  SECONDE: ['20010018110', '2NDE GENERALE ET TECHNO.'],
  PREMIERE: ['20112001110', '1ERE GENERALE'],
  TERMINALE: ['20212001110', 'TERMINALE GENERALE'],
};

const RELATIONSHIP_CODES: Record<string, string> = { Père: '1', Mère: '2', Tuteur: '3', Tutrice: '3' };

const STREETS = ['rue de la République', 'avenue du Général-Leclerc', 'rue Jean-Jaurès', 'boulevard Victor-Hugo', 'rue des Écoles', 'allée des Tilleuls', 'rue Pasteur', 'avenue de Paris'];

interface PupilFacts {
  person: PersonRef;
  school: SchoolState;
  schoolClass: SchoolClassState;
  groups: GroupState[];
  family: Family | undefined;
}

interface StaffFacts {
  person: PersonRef;
  school: SchoolState;
  functions: { profile: Profile; label: string | null }[];
  classes: { schoolClass: SchoolClassState; subject: string }[];
  groups: { group: GroupState; subject: string }[];
}

/** Kysely that runs nothing: the builder's own row buffers are drained into it, the recorder keeps what the feed needs. */
function nowhere(): Kysely<Database> {
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/**
 * Watches the seed's PopulationBuilder build a département and remembers, per establishment, what the
 * AAF feed must say; the builder's decisions (families, siblings across schools, teachers, head teachers,
 * groups) are the seed's own, so the feed and the demo directory look alike.
 */
class FeedRecorder extends PopulationBuilder {
  readonly pupils = new Map<string, PupilFacts>();
  readonly staff = new Map<string, StaffFacts>();
  readonly families = new WeakMap<Family, { street: string; number: number; city: string }>();

  override addProfile(person: PersonRef, profile: Profile, school: SchoolState | null, functionLabel: string | null): void {
    super.addProfile(person, profile, school, functionLabel);
    if (!school || profile === 'PARENT' || profile === 'ELEVE' || profile === 'ADMIN_LOCAL' || profile === 'ADMIN_DEPARTEMENT') return;
    const facts = this.staff.get(person.id) ?? { person, school, functions: [], classes: [], groups: [] };
    facts.functions.push({ profile, label: functionLabel });
    this.staff.set(person.id, facts);
  }

  override enrol(pupil: PersonRef, schoolClass: SchoolClassState): void {
    super.enrol(pupil, schoolClass);
    const school = this.#schoolOfClass.get(schoolClass.id) as SchoolState;
    this.pupils.set(pupil.id, { person: pupil, school, schoolClass, groups: [], family: undefined });
  }

  readonly #schoolOfClass = new Map<string, SchoolState>();
  override addClass(school: SchoolState, name: string, level: Level): SchoolClassState {
    const schoolClass = super.addClass(school, name, level);
    this.#schoolOfClass.set(schoolClass.id, school);
    return schoolClass;
  }

  override addGroupMember(group: GroupState, person: PersonRef): void {
    super.addGroupMember(group, person);
    this.pupils.get(person.id)?.groups.push(group);
  }

  override teach(
    school: SchoolState,
    teacher: PersonRef,
    target: { schoolClass: SchoolClassState } | { group: GroupState },
    subject: string,
    headTeacher = false,
  ): void {
    super.teach(school, teacher, target, subject, headTeacher);
    const facts = this.staff.get(teacher.id) ?? { person: teacher, school, functions: [], classes: [], groups: [] };
    if ('schoolClass' in target) facts.classes.push({ schoolClass: target.schoolClass, subject });
    else facts.groups.push({ group: target.group, subject });
    this.staff.set(teacher.id, facts);
  }

  override addChild(family: Family, child: PersonRef, school: SchoolState, schoolClass: SchoolClassState): void {
    super.addChild(family, child, school, schoolClass);
    const facts = this.pupils.get(child.id);
    if (facts) facts.family = family;
  }

  /** A family's home: drawn once, in the commune of the school where its first child was placed. */
  addressOf(family: Family, city: string): { street: string; number: number; city: string } {
    let address = this.families.get(family);
    if (!address) {
      address = { street: STREETS[this.random.int(0, STREETS.length - 1)] as string, number: this.random.int(1, 180), city };
      this.families.set(family, address);
    }
    return address;
  }
}

function dateOf(year: number, random: Random): string {
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/**
 * Writes a whole département's AAF feed (primary `ENT1D_…` and secondary `ENT2D_…` files, complete) into
 * `directory`, for benchmarks and demos: écoles, collèges and lycées populated like the seed's. Files are
 * streamed, so memory does not grow with the feed. A guardian with children in both a primary and a
 * secondary school appears in both feeds under two identifiers, as in real feeds (the import reports
 * them as likely duplicates).
 */
export async function generateFeed(options: GenerateFeedOptions): Promise<GeneratedFeed> {
  const started = performance.now();
  const random = createRandom(options.seed ?? 'aaf-92');
  const extra = createRandom(`${options.seed ?? 'aaf-92'}-facts`);
  const recorder = new FeedRecorder({
    random,
    logins: new LoginAllocator(),
    passwordHash: '',
    now: new Date('2026-09-01T08:00:00Z'),
    academicYear: '2026-2027',
  });
  const sink = nowhere();
  const writerOptions = (degree: Degree) => ({ prefix: `ENT${degree}`, date: options.date ?? '20260901', recordsPerPart: options.recordsPerPart ?? 50_000 });
  const writers = new Map<string, FeedFileWriter>();
  const writer = (degree: Degree, type: FeedType) => {
    const key = `${degree}|${type}`;
    let found = writers.get(key);
    if (!found) {
      found = new FeedFileWriter(options.directory, type, writerOptions(degree));
      writers.set(key, found);
    }
    return found;
  };

  // Subjects and MEFs: one file each, for the secondary feed.
  const subjectCodes = new Map<string, string>();
  const subjectCode = (subject: string) => {
    let code = subjectCodes.get(subject);
    if (!code) {
      code = String(10000 + subjectCodes.size * 10).padStart(6, '0');
      subjectCodes.set(subject, code);
    }
    return code;
  };
  for (const [code, label] of Object.values(MEFS) as [string, string][]) {
    await writer('2D', 'MefEducNat').write({ operation: 'add', category: 'MefEducNat', id: code, attributes: { ENTMefJointure: code, ENTLibelleMef: label, ENTMEFSTAT11: code.slice(0, 4) } });
  }

  const counts = { establishments: 0, pupils: 0, guardians: 0, contacts: 0, staff: 0, guardiansInBothFeeds: 0 };
  const ids = { person: 0, ine: 0 };
  const parentIds = new Map<string, string>();
  const parentDegrees = new Map<string, Degree>();
  const pupilsPerClass = options.pupilsPerClass ?? 25;
  const people = () => counts.pupils + counts.guardians + counts.staff;
  // Real feeds carry only the people of primary and secondary education: no IUT.
  const types = establishmentMix(Math.max(1, Math.ceil(options.people / 150))).filter((type) => type !== 'SUPERIEUR');
  let uaiDigits = 920_001;

  for (const type of types) {
    if (people() >= options.people) break;
    const degree: Degree = ESTABLISHMENT_KINDS[type].primary ? '1D' : '2D';
    const city = random.pick(CITIES_92);
    const jointure = String(10_000 + counts.establishments);
    const school = recorder.addEstablishment({
      uai: uaiOf(String(uaiDigits++).padStart(7, '0')),
      name: establishmentName(type, random.pick(SCHOOL_NAMESAKES), city),
      type,
      city,
    });
    addClasses(recorder, school, ESTABLISHMENT_KINDS[type].defaultClasses);
    recorder.completeSchool(school, { pupilsPerClass });
    await recorder.flush(sink);
    counts.establishments++;

    const classCode = (schoolClass: SchoolClassState) => schoolClass.name.replace(/\s+/g, '');
    const groupCode = (group: GroupState) => `G${group.id.slice(0, 8).toUpperCase()}`;
    const schoolGroups = new Map<string, GroupState>();
    for (const facts of recorder.pupils.values()) if (facts.school === school) for (const group of facts.groups) schoolGroups.set(group.id, group);

    await writer(degree, 'EtabEducNat').write(
      establishmentRequest(degree, jointure, school, type, degree === '2D' ? school.classes.map((c) => `${classCode(c)}$${c.name}$${MEFS[c.level]?.[0] ?? ''}`) : [], [
        ...[...schoolGroups.values()].map((group) => `${groupCode(group)}$${group.name}`),
      ]),
    );

    // Guardians are written once per feed, the first time a child names them.
    const parentId = async (person: PersonRef, family: Family): Promise<string> => {
      const key = `${degree}|${person.id}`;
      let id = parentIds.get(key);
      if (id) return id;
      id = String((degree === '1D' ? 8_000_000 : 3_000_000) + ids.person++);
      parentIds.set(key, id);
      const other = parentDegrees.get(person.id);
      if (other && other !== degree) counts.guardiansInBothFeeds++;
      else if (!other) counts.guardians++;
      parentDegrees.set(person.id, degree);
      // A person's facts are drawn from their login (unique, and the same for a given seed), so both feeds that name them agree.
      const own = createRandom(person.login);
      const birth = dateOf(own.int(1965, 1995), own);
      const email = own.chance(0.6) ? `${person.login}@${SEED_EMAIL_DOMAIN}` : null;
      await writer(degree, 'PersRelEleve').write(relativeRequest(degree, id, person, recorder.addressOf(family, school.city), birth, email));
      return id;
    };

    for (const [pupilId, facts] of recorder.pupils) {
      if (facts.school !== school) continue;
      recorder.pupils.delete(pupilId);
      const id = String((degree === '1D' ? 6_000_000 : 1_000_000) + ids.person++);
      const relations: string[] = [];
      for (const { person, relationship } of facts.family?.parents ?? []) {
        const pid = await parentId(person, facts.family as Family);
        relations.push(degree === '2D' ? `${pid}$${RELATIONSHIP_CODES[relationship] ?? '4'}$1$1$1$0` : pid);
      }
      if (degree === '2D' && extra.chance(0.1)) {
        // A grandparent or neighbour to call: in the feed, not a legal guardian, no account.
        const contactId = String(5_000_000 + ids.person++);
        counts.contacts++;
        relations.push(`${contactId}$4$0$0$1$0`);
        await writer(degree, 'PersRelEleve').write(
          relativeRequest(degree, contactId, { id: contactId, login: '', firstName: 'Contact', lastName: facts.person.lastName, gender: 'F' }, { street: 'rue des Lilas', number: 3, city: school.city }, dateOf(1955, extra), null),
        );
      }
      const address = facts.family ? recorder.addressOf(facts.family, school.city) : { street: 'rue des Écoles', number: 1, city: school.city };
      await writer(degree, 'Eleve').write(pupilRequest(degree, id, jointure, facts, classCode(facts.schoolClass), facts.groups.map(groupCode), relations, address, extra, ids.ine++));
      counts.pupils++;
    }

    for (const [staffId, facts] of recorder.staff) {
      if (facts.school !== school) continue;
      recorder.staff.delete(staffId);
      const id = String((degree === '1D' ? 7_000_000 : 2_000_000) + ids.person++);
      await writer(degree, 'PersEducNat').write(staffRequest(degree, id, jointure, facts, classCode, groupCode, subjectCode, extra));
      counts.staff++;
    }
  }

  for (const [subject, code] of subjectCodes) {
    await writer('2D', 'MatiereEducNat').write({ operation: 'add', category: 'MatiereEducNat', id: code, attributes: { ENTMatJointure: code, ENTLibelleMatiere: subject.toUpperCase() } });
  }
  const files: string[] = [];
  for (const found of writers.values()) {
    await found.close();
    files.push(...found.paths);
  }
  return { ...counts, files: files.sort(), elapsedMs: Math.round(performance.now() - started) };
}

function addClasses(builder: PopulationBuilder, school: SchoolState, count: number): void {
  const { levels } = ESTABLISHMENT_KINDS[school.type];
  levels.forEach((level, levelIndex) => {
    const ofLevel = Math.floor(count / levels.length) + (levelIndex < count % levels.length ? 1 : 0);
    for (let index = 0; index < ofLevel; index++) builder.addClass(school, className(school.type, level, index, ofLevel), level);
  });
}

const TYPE_TEXTS: Record<EstablishmentType, string> = {
  ECOLE_MATERNELLE: 'ECOLE MATERNELLE',
  ECOLE_ELEMENTAIRE: 'ECOLE ELEMENTAIRE',
  COLLEGE: 'CLG',
  LYCEE: 'LYC',
  SUPERIEUR: 'IUT',
};

function establishmentRequest(degree: Degree, jointure: string, school: SchoolState, type: EstablishmentType, classes: string[], groups: string[]): FeedRequest {
  const common = { ENTStructureJointure: jointure, ENTStructureUAI: school.uai, ENTStructureNomCourant: school.name.toUpperCase(), ENTStructureTypeStruct: TYPE_TEXTS[type], ENTServAcAcademie: 'VERSAILLES' };
  const attributes =
    degree === '1D'
      ? { ...common, ENTStructureSIREN: '', ENTStructureAdresse: '1 place de la Mairie', ENTStructureCodePostal: '92000', ENTStructureVille: school.city.toUpperCase(), ENTEcoleCommune: school.city.toUpperCase() }
      : {
          ...common,
          ENTEtablissementUAI: school.uai,
          ENTStructureSIREN: '19920000000000',
          ENTEtablissementMinistereTutelle: 'MINISTERE DE L’EDUCATION NATIONALE',
          ENTEtablissementContrat: 'PU',
          street: '1 place de la Mairie',
          postalCode: '92000',
          l: school.city.toUpperCase(),
          telephoneNumber: '+33 1 00 00 00 00',
          ENTStructureClasses: classes,
          ENTStructureGroupes: groups,
        };
  return { operation: 'add', category: 'EtabEducNat', id: jointure, attributes };
}

function nameAttributes(degree: Degree, person: PersonName | PersonRef): Record<string, string> {
  const title = person.gender === 'F' ? 'Mme' : 'M.';
  return degree === '1D'
    ? { ENTPersonNom: person.lastName.toUpperCase(), ENTPersonPrenom: person.firstName, ENTPersonNomPatro: person.lastName.toUpperCase(), ENTPersonCivilite: title }
    : { sn: person.lastName.toUpperCase(), givenName: person.firstName, ENTPersonNomPatro: person.lastName.toUpperCase(), personalTitle: title };
}

function relativeRequest(
  degree: Degree,
  id: string,
  person: PersonRef,
  address: { street: string; number: number; city: string },
  birthDate: string,
  email: string | null,
): FeedRequest {
  return {
    operation: 'add',
    category: 'PersRelEleve',
    id,
    attributes: {
      ENTPersonJointure: id,
      ENTPersonDateNaissance: birthDate,
      ...nameAttributes(degree, person),
      [degree === '1D' ? 'ENTPersonMail' : 'mail']: email,
      homePhone: '0100000000',
      mobile: '0600000000',
      ENTPersonAdresse: `${address.number} ${address.street}$$$`,
      ENTPersonCodePostal: '92000',
      ENTPersonVille: address.city.toUpperCase(),
      ENTPersonPays: 'FRANCE',
    },
  };
}

const LEVEL_AGES: Record<string, number> = { PS: 3, MS: 4, GS: 5, CP: 6, CE1: 7, CE2: 8, CM1: 9, CM2: 10, SIXIEME: 11, CINQUIEME: 12, QUATRIEME: 13, TROISIEME: 14, SECONDE: 15, PREMIERE: 16, TERMINALE: 17 };

function pupilRequest(
  degree: Degree,
  id: string,
  structure: string,
  facts: PupilFacts,
  classCode: string,
  groupCodes: string[],
  relations: string[],
  address: { street: string; number: number; city: string },
  random: Random,
  ine: number,
): FeedRequest {
  const level = facts.schoolClass.level;
  const birth = dateOf(2026 - (LEVEL_AGES[level] ?? 10), random);
  const common = {
    ENTPersonJointure: id,
    ENTEleveINE: `${String(100_000_000 + ine).padStart(10, '0')}${'ABCDEFGHJK'[ine % 10]}`,
    ENTPersonDateNaissance: birth,
    ...nameAttributes(degree, facts.person),
    ENTPersonStructRattach: structure,
    ENTPersonAdresse: `${address.number} ${address.street}$$$`,
    ENTPersonCodePostal: '92000',
    ENTPersonVille: address.city.toUpperCase(),
    ENTPersonPays: 'FRANCE',
  };
  if (degree === '1D') {
    return {
      operation: 'add',
      category: 'Eleve',
      id,
      attributes: {
        ...common,
        ENTEleveAutoriteParentale: relations,
        ENTPersonClasses: `${structure}$${classCode}`,
        ENTPersonGroupes: [],
        ENTEleveNiveau: level,
        ENTEleveCycle: '',
        ENTEleveRestaurantScolaire: random.chance(0.7) ? 'O' : 'N',
      },
    };
  }
  const [mef, mefLabel] = MEFS[level] ?? ['', ''];
  return {
    operation: 'add',
    category: 'Eleve',
    id,
    attributes: {
      ...common,
      ENTEleveStructRattachId: String(400_000 + ine),
      ENTPersonAutresPrenoms: facts.person.firstName,
      ENTElevePersRelEleve: relations,
      ENTEleveBoursier: random.chance(0.2) ? 'O' : 'N',
      ENTEleveRegime: random.chance(0.6) ? 'DP DAN' : 'EXTERNE LIBRE',
      ENTEleveTransport: 'N',
      ENTEleveAdresseRel: id,
      ENTEleveStatutEleve: 'SCOLAIRE',
      ENTEleveMEF: mef,
      ENTEleveLibelleMEF: mefLabel,
      ENTEleveNivFormation: mefLabel,
      ENTEleveFiliere: 'GENERALE',
      ENTEleveEnseignements: ['ANGLAIS LV1', 'ESPAGNOL LV2'],
      ENTEleveCodeEnseignements: ['030201', '031202'],
      ENTEleveDateEntreeClasses: `${structure}$01/09/2026$${classCode}`,
      ENTEleveDateSortieClasses: [],
      ENTEleveClasses: `${structure}$${classCode}`,
      ENTEleveGroupes: groupCodes.map((code) => `${structure}$${code}`),
    },
  };
}

const FUNCTION_CODES: [RegExp, string, string][] = [
  [/^(Directeur|Directrice|Principal|Proviseur)/, 'DIR', 'DIRECTION'],
  [new RegExp(`^${CPE}$`), 'EDU', 'EDUCATION'],
  [new RegExp(`^${DOCUMENTALISTE}$`), 'DOC', 'DOCUMENTATION'],
  [/^Assistant/, 'AED', 'ASSISTANT D’EDUCATION'],
  [new RegExp(`^${STUDY_SECRETARY}$`), 'ADF', 'ADMINISTRATION'],
];

function staffRequest(
  degree: Degree,
  id: string,
  structure: string,
  facts: StaffFacts,
  classCode: (schoolClass: SchoolClassState) => string,
  groupCode: (group: GroupState) => string,
  subjectCode: (subject: string) => string,
  random: Random,
): FeedRequest {
  const functions: string[] = [];
  for (const { profile, label } of facts.functions) {
    if (profile === 'ENSEIGNANT') {
      const subject = facts.classes[0]?.subject ?? facts.groups[0]?.subject ?? POLYVALENT;
      functions.push(degree === '1D' ? `${structure}$ENS$ENSEIGNEMENT$$` : `${structure}$ENS$ENSEIGNEMENT$L${subjectCode(subject)}$${subject.toUpperCase()}`);
    } else {
      const [, code, text] = FUNCTION_CODES.find(([pattern]) => pattern.test(label ?? '')) ?? [null, 'ADF', 'ADMINISTRATION'];
      functions.push(`${structure}$${code}$${text}$$`);
    }
  }
  const attributes: Record<string, string | string[] | null> = {
    ENTPersonJointure: id,
    ENTPersonDateNaissance: dateOf(random.int(1960, 1998), random),
    ...nameAttributes(degree, facts.person),
    [degree === '1D' ? 'ENTPersonMail' : 'mail']: `${facts.person.login}@ac-versailles.example`,
    ENTPersonStructRattach: structure,
    ENTPersonFonctions: functions,
  };
  if (degree === '1D') {
    attributes['ENTPersonClasses'] = facts.classes.map(({ schoolClass }) => `${structure}$${classCode(schoolClass)}`);
  } else {
    attributes['ENTAuxEnsClassesMatieres'] = facts.classes.map(({ schoolClass, subject }) => `${structure}$${classCode(schoolClass)}$${subjectCode(subject)}`);
    attributes['ENTAuxEnsGroupesMatieres'] = facts.groups.map(({ group, subject }) => `${structure}$${groupCode(group)}$${subjectCode(subject)}`);
    attributes['ENTAuxEnsClassesPrincipal'] = facts.classes
      .filter(({ schoolClass, subject }) => schoolClass.lessons.get(subject)?.row.head_teacher && schoolClass.lessons.get(subject)?.teacher.id === facts.person.id)
      .map(({ schoolClass }) => `${structure}$${classCode(schoolClass)}`);
    attributes['PersEducNatPresenceDevantEleves'] = facts.classes.length + facts.groups.length > 0 ? 'O' : 'N';
  }
  return { operation: 'add', category: 'PersEducNat', id, attributes };
}
