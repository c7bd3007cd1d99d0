import { randomUUID } from 'node:crypto';
import { type Level, PROFILES, type Profile } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database, EstablishmentType } from '../db/database.js';
import { bulkInsert, type SeedRow, type SeedTable } from './bulkInsert.js';
import {
  CPE,
  classesPerTeacher,
  DOCUMENTALISTE,
  deputyHeadLabel,
  ESTABLISHMENT_KINDS,
  educationAssistantLabel,
  GROUP_MAX_SIZE,
  HEAD_TEACHER_PREFERENCE,
  headLabel,
  localAdminLabel,
  offersLatin,
  POLYVALENT,
  SPECIALITIES,
  STUDY_SECRETARY,
  shortLevel,
  specialitiesPerPupil,
  teacherLabel,
  timetableOf,
} from './curriculum.js';
import type { LoginAllocator } from './logins.js';
import { type Gender, LAST_NAMES, type PersonName, randomName } from './names.js';
import type { Random } from './random.js';

/** Adults get an address on a reserved, undeliverable domain (RFC 2606): the seed never mails anyone. */
export const SEED_EMAIL_DOMAIN = 'ent92.example';

export interface PersonRef {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  gender: Gender;
}

export interface SchoolState {
  id: string;
  uai: string;
  name: string;
  type: EstablishmentType;
  city: string;
  classes: SchoolClassState[];
  /** Profiles and function labels held in the establishment, so completion fills only what is missing. */
  profiles: Set<Profile>;
  functions: Set<string>;
  teachersBySubject: Map<string, PersonRef[]>;
  headTeacherIds: Set<string>;
  /** Round-robin position per subject when handing groups to the subject's teachers. */
  nextTeacher: Map<string, number>;
}

interface Lesson {
  teacher: PersonRef;
  row: SeedRow<'teaching_assignments'>;
}

export interface SchoolClassState {
  id: string;
  name: string;
  level: Level;
  pupils: PersonRef[];
  lessons: Map<string, Lesson>;
}

export interface GroupState {
  id: string;
  name: string;
  members: PersonRef[];
}

export interface FamilyParent {
  person: PersonRef;
  relationship: string;
}

/** The legal guardians of one or more pupils; siblings share theirs. */
export interface Family {
  lastName: string;
  parents: FamilyParent[];
  establishmentIds: Set<string>;
  classIds: Set<string>;
  children: number;
}

export interface PopulationCounts {
  establishments: number;
  classes: number;
  groups: number;
  users: number;
  /** user_profiles rows per profile (a parent of two establishments counts twice). */
  profiles: Record<Profile, number>;
  classMembers: number;
  groupMembers: number;
  familyLinks: number;
  teachingAssignments: number;
}

export function emptyCounts(): PopulationCounts {
  return {
    establishments: 0,
    classes: 0,
    groups: 0,
    users: 0,
    profiles: Object.fromEntries(PROFILES.map((profile) => [profile, 0])) as Record<Profile, number>,
    classMembers: 0,
    groupMembers: 0,
    familyLinks: 0,
    teachingAssignments: 0,
  };
}

export interface PopulationBuilderOptions {
  random: Random;
  logins: LoginAllocator;
  /** Shared by every account the builder creates (demo and benchmarks only). */
  passwordHash: string;
  now: Date;
  academicYear: string;
  samplesPerProfile?: number;
}

/** Chance that a new pupil is the brother or sister of a pupil already placed. */
const SIBLING_RATE = 0.3;
/** Siblings are mostly found in the same commune. */
const SAME_CITY_SIBLING_RATE = 0.85;
const MAX_CHILDREN = 4;
/** Families kept per commune as candidates for siblings; bounded so memory does not grow with the run. */
const FAMILY_POOL_PER_CITY = 300;
const LATIN_RATE = 0.2;

/** Insert order: referenced rows first. */
const TABLE_ORDER: readonly SeedTable[] = [
  'establishments',
  'classes',
  'groups',
  'users',
  'user_profiles',
  'class_members',
  'group_members',
  'family_links',
  'teaching_assignments',
];

type Buffers = { [T in SeedTable]: SeedRow<T>[] };

function emptyBuffers(): Buffers {
  return {
    establishments: [],
    classes: [],
    groups: [],
    users: [],
    user_profiles: [],
    class_members: [],
    group_members: [],
    family_links: [],
    teaching_assignments: [],
  };
}

/**
 * Builds a directory population in memory (establishments, people, profiles, classes, families,
 * teaching) and writes it with `flush`. The demo and the benchmark generator both build through it,
 * so their populations have the same shape. Deterministic for a given Random: ids are random UUIDs,
 * but no choice depends on them.
 */
export class PopulationBuilder {
  readonly counts = emptyCounts();
  readonly samples = new Map<Profile, string[]>();
  readonly random: Random;
  readonly academicYear: string;
  readonly #logins: LoginAllocator;
  readonly #passwordHash: string;
  readonly #now: Date;
  readonly #samplesPerProfile: number;
  readonly #familyPools = new Map<string, Family[]>();
  #buffers = emptyBuffers();

  constructor(options: PopulationBuilderOptions) {
    this.random = options.random;
    this.#logins = options.logins;
    this.#passwordHash = options.passwordHash;
    this.#now = options.now;
    this.academicYear = options.academicYear;
    this.#samplesPerProfile = options.samplesPerProfile ?? 5;
  }

  get bufferedRows(): number {
    return TABLE_ORDER.reduce((total, table) => total + this.#buffers[table].length, 0);
  }

  /** Writes what has been built so far, in dependency order, and forgets it. */
  async flush(db: Kysely<Database>): Promise<void> {
    const buffers = this.#buffers;
    this.#buffers = emptyBuffers();
    for (const table of TABLE_ORDER) await bulkInsert(db, table, buffers[table]);
  }

  // ——— Primitives ———

  addEstablishment(spec: { uai: string; name: string; type: EstablishmentType; city: string }): SchoolState {
    const id = randomUUID();
    this.#buffers.establishments.push({ id, ...spec });
    this.counts.establishments++;
    return {
      id,
      ...spec,
      classes: [],
      profiles: new Set(),
      functions: new Set(),
      teachersBySubject: new Map(),
      headTeacherIds: new Set(),
      nextTeacher: new Map(),
    };
  }

  addClass(school: SchoolState, name: string, level: Level): SchoolClassState {
    const id = randomUUID();
    this.#buffers.classes.push({ id, establishment_id: school.id, name, level, academic_year: this.academicYear });
    this.counts.classes++;
    const schoolClass: SchoolClassState = { id, name, level, pupils: [], lessons: new Map() };
    school.classes.push(schoolClass);
    return schoolClass;
  }

  addGroup(school: SchoolState, name: string): GroupState {
    const id = randomUUID();
    this.#buffers.groups.push({ id, establishment_id: school.id, name, academic_year: this.academicYear });
    this.counts.groups++;
    return { id, name, members: [] };
  }

  /** A person with an account; the login is allocated from the name unless given (named demo accounts). */
  addPerson(name: PersonName, options: { login?: string; adult: boolean; totpSecret?: string }): PersonRef {
    const id = randomUUID();
    const login = options.login ?? this.#logins.allocate(name.firstName, name.lastName);
    this.#buffers.users.push({
      id,
      login,
      first_name: name.firstName,
      last_name: name.lastName,
      email: options.adult ? `${login}@${SEED_EMAIL_DOMAIN}` : null,
      password_hash: this.#passwordHash,
      password_changed_at: this.#now,
      totp_secret: options.totpSecret ?? null,
      totp_enrolled_at: options.totpSecret ? this.#now : null,
    });
    this.counts.users++;
    return { id, login, firstName: name.firstName, lastName: name.lastName, gender: name.gender };
  }

  addProfile(person: PersonRef, profile: Profile, school: SchoolState | null, functionLabel: string | null): void {
    this.#buffers.user_profiles.push({
      user_id: person.id,
      profile,
      establishment_id: school?.id ?? null,
      function_label: functionLabel,
    });
    this.counts.profiles[profile]++;
    if (school) {
      school.profiles.add(profile);
      if (functionLabel) school.functions.add(functionLabel);
    }
    const samples = this.samples.get(profile) ?? [];
    if (samples.length < this.#samplesPerProfile && !samples.includes(person.login)) samples.push(person.login);
    this.samples.set(profile, samples);
  }

  enrol(pupil: PersonRef, schoolClass: SchoolClassState): void {
    this.#buffers.class_members.push({ class_id: schoolClass.id, user_id: pupil.id });
    this.counts.classMembers++;
    schoolClass.pupils.push(pupil);
  }

  addGroupMember(group: GroupState, person: PersonRef): void {
    this.#buffers.group_members.push({ group_id: group.id, user_id: person.id });
    this.counts.groupMembers++;
    group.members.push(person);
  }

  /** A teacher teaches a subject to a class (recorded on the class, so completion skips it) or a group. */
  teach(
    school: SchoolState,
    teacher: PersonRef,
    target: { schoolClass: SchoolClassState } | { group: GroupState },
    subject: string,
    headTeacher = false,
  ): void {
    const row: SeedRow<'teaching_assignments'> = {
      teacher_id: teacher.id,
      class_id: 'schoolClass' in target ? target.schoolClass.id : null,
      group_id: 'group' in target ? target.group.id : null,
      subject,
      head_teacher: headTeacher,
    };
    this.#buffers.teaching_assignments.push(row);
    this.counts.teachingAssignments++;
    if (headTeacher) school.headTeacherIds.add(teacher.id);
    if ('schoolClass' in target) {
      target.schoolClass.lessons.set(subject, { teacher, row });
      const teachers = school.teachersBySubject.get(subject) ?? [];
      if (!teachers.includes(teacher)) teachers.push(teacher);
      school.teachersBySubject.set(subject, teachers);
    }
  }

  /** A family; `pooled` families may later receive generated siblings (named demo families may not). */
  addFamily(lastName: string, parents: FamilyParent[], options: { city?: string } = {}): Family {
    const family: Family = { lastName, parents, establishmentIds: new Set(), classIds: new Set(), children: 0 };
    if (options.city !== undefined) {
      const pool = this.#familyPools.get(options.city) ?? [];
      pool.push(family);
      if (pool.length > FAMILY_POOL_PER_CITY) pool.shift();
      this.#familyPools.set(options.city, pool);
    }
    return family;
  }

  /** A generated legal guardian joining a family: « Mère », « Père », « Tutrice », « Tuteur ». */
  addGeneratedParent(family: Family, relationship: string, gender: Gender): PersonRef {
    // Mothers keep their own name about half the time; fathers and tutors are drawn as they come.
    const lastName =
      relationship === 'Père' || (relationship === 'Mère' && this.random.chance(0.55))
        ? family.lastName
        : this.random.pick(LAST_NAMES);
    const person = this.addPerson(randomName(this.random, 'adult', { gender, lastName }), { adult: true });
    family.parents.push({ person, relationship });
    return person;
  }

  /** Links a pupil to every guardian of the family; each guardian gets a PARENT profile in the pupil's establishment once. */
  addChild(family: Family, child: PersonRef, school: SchoolState, schoolClass: SchoolClassState): void {
    for (const { person, relationship } of family.parents) {
      this.#buffers.family_links.push({ parent_id: person.id, child_id: child.id, legal_guardian: true, relationship });
      this.counts.familyLinks++;
      if (!family.establishmentIds.has(school.id)) this.addProfile(person, 'PARENT', school, null);
    }
    family.establishmentIds.add(school.id);
    family.classIds.add(schoolClass.id);
    family.children++;
  }

  /** A new family of one or two guardians, most often a mother and a father. */
  newFamily(city: string, lastName = this.random.pick(LAST_NAMES)): Family {
    const family = this.addFamily(lastName, [], { city });
    const draw = this.random.next();
    if (draw < 0.8) {
      const parents: [string, Gender][] = [
        ['Mère', 'F'],
        ['Père', 'M'],
      ];
      for (const [relationship, gender] of this.random.chance(0.5) ? parents : parents.reverse()) {
        this.addGeneratedParent(family, relationship, gender);
      }
    } else if (draw < 0.92) this.addGeneratedParent(family, 'Mère', 'F');
    else if (draw < 0.98) this.addGeneratedParent(family, 'Père', 'M');
    else if (this.random.chance(0.5)) this.addGeneratedParent(family, 'Tutrice', 'F');
    else this.addGeneratedParent(family, 'Tuteur', 'M');
    return family;
  }

  newStaff(): PersonRef {
    return this.addPerson(randomName(this.random, 'adult'), { adult: true });
  }

  // ——— Completing an establishment ———

  /**
   * Fills what an establishment still lacks, around whatever was placed by hand: pupils up to about
   * `pupilsPerClass` per class with their families, teachers (one per primary class; per subject in
   * secondary, sized on an 18-hour service) with one head teacher per class, groups (Latin, lycée
   * specialities), a direction, vie scolaire and documentation, and a local administrator.
   */
  completeSchool(school: SchoolState, options: { pupilsPerClass: number }): void {
    this.#fillClasses(school, options.pupilsPerClass);
    if (ESTABLISHMENT_KINDS[school.type].primary) this.#staffPrimaryClasses(school);
    else {
      this.#staffSecondaryClasses(school);
      this.#chooseHeadTeachers(school);
      this.#addGroups(school);
    }
    this.#addDirectionAndStaff(school);
  }

  #fillClasses(school: SchoolState, pupilsPerClass: number): void {
    const spread = Math.round(pupilsPerClass * 0.1);
    const adults = school.type === 'SUPERIEUR';
    for (const schoolClass of school.classes) {
      const target = Math.max(1, pupilsPerClass + this.random.int(-spread, spread));
      while (schoolClass.pupils.length < target) {
        // Students in higher education are adults: no legal guardians.
        const family = adults ? undefined : (this.#pickSibling(school.city, schoolClass) ?? this.newFamily(school.city));
        const name = randomName(this.random, 'child', family ? { lastName: family.lastName } : {});
        const pupil = this.addPerson(name, { adult: adults });
        this.addProfile(pupil, 'ELEVE', school, null);
        this.enrol(pupil, schoolClass);
        if (family) this.addChild(family, pupil, school, schoolClass);
      }
    }
  }

  #pickSibling(city: string, schoolClass: SchoolClassState): Family | undefined {
    if (!this.random.chance(SIBLING_RATE)) return undefined;
    const sameCity = this.random.chance(SAME_CITY_SIBLING_RATE);
    const pool = this.#familyPools.get(sameCity ? city : this.random.pick([...this.#familyPools.keys()]));
    if (!pool || pool.length === 0) return undefined;
    const index = this.random.int(0, pool.length - 1);
    const family = pool[index] as Family;
    if (family.classIds.has(schoolClass.id) || family.children >= MAX_CHILDREN) return undefined;
    if (family.children + 1 >= MAX_CHILDREN) pool.splice(index, 1);
    return family;
  }

  #staffPrimaryClasses(school: SchoolState): void {
    for (const schoolClass of school.classes) {
      if (schoolClass.lessons.has(POLYVALENT)) continue;
      const teacher = this.newStaff();
      this.addProfile(teacher, 'ENSEIGNANT', school, teacherLabel(school.type, POLYVALENT, teacher.gender));
      this.teach(school, teacher, { schoolClass }, POLYVALENT, true);
    }
  }

  #staffSecondaryClasses(school: SchoolState): void {
    const needs = new Map<string, { perTeacher: number; classes: SchoolClassState[] }>();
    for (const schoolClass of school.classes) {
      for (const lesson of timetableOf(schoolClass.level)) {
        if (schoolClass.lessons.has(lesson.subject)) continue;
        const need = needs.get(lesson.subject) ?? { perTeacher: classesPerTeacher(lesson), classes: [] };
        need.classes.push(schoolClass);
        needs.set(lesson.subject, need);
      }
    }
    for (const [subject, { perTeacher, classes }] of needs) {
      for (let start = 0; start < classes.length; start += perTeacher) {
        const teacher = this.#newTeacher(school, subject);
        for (const schoolClass of classes.slice(start, start + perTeacher)) this.teach(school, teacher, { schoolClass }, subject);
      }
    }
  }

  #newTeacher(school: SchoolState, subject: string): PersonRef {
    const teacher = this.newStaff();
    this.addProfile(teacher, 'ENSEIGNANT', school, teacherLabel(school.type, subject, teacher.gender));
    return teacher;
  }

  /** One head teacher (professeur principal) per class, each teacher heading at most one class when possible. */
  #chooseHeadTeachers(school: SchoolState): void {
    const rank = (subject: string) => {
      const index = HEAD_TEACHER_PREFERENCE.indexOf(subject);
      return index === -1 ? HEAD_TEACHER_PREFERENCE.length : index;
    };
    for (const schoolClass of school.classes) {
      const lessons = [...schoolClass.lessons.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([, lesson]) => lesson);
      if (lessons.some((lesson) => lesson.row.head_teacher)) continue;
      const chosen = lessons.find((lesson) => !school.headTeacherIds.has(lesson.teacher.id)) ?? lessons[0];
      if (!chosen) continue;
      chosen.row.head_teacher = true;
      school.headTeacherIds.add(chosen.teacher.id);
    }
  }

  /** A teacher of the subject in the establishment, in turn; a new one if nobody teaches it yet. */
  #teacherOf(school: SchoolState, subject: string): PersonRef {
    const teachers = school.teachersBySubject.get(subject);
    if (!teachers || teachers.length === 0) {
      const teacher = this.#newTeacher(school, subject);
      school.teachersBySubject.set(subject, [teacher]);
      return teacher;
    }
    const turn = school.nextTeacher.get(subject) ?? 0;
    school.nextTeacher.set(subject, turn + 1);
    return teachers[turn % teachers.length] as PersonRef;
  }

  #addGroups(school: SchoolState): void {
    for (const level of levelsOf(school)) {
      const pupils = school.classes.filter((schoolClass) => schoolClass.level === level).flatMap((schoolClass) => schoolClass.pupils);
      if (school.type === 'COLLEGE' && offersLatin(level)) {
        const latinists = pupils.filter(() => this.random.chance(LATIN_RATE));
        this.#addGroupsOf(school, `Latin ${shortLevel(level)}`, latinists, 'Latin', 'Français');
      }
      const perPupil = specialitiesPerPupil(level);
      if (school.type === 'LYCEE' && perPupil > 0) {
        const members = new Map(SPECIALITIES.map((speciality) => [speciality.name, [] as PersonRef[]]));
        for (const pupil of pupils) {
          for (const speciality of this.random.sample(SPECIALITIES, perPupil)) members.get(speciality.name)?.push(pupil);
        }
        for (const { name, taughtBy } of SPECIALITIES) {
          this.#addGroupsOf(school, `Spécialité ${name} ${shortLevel(level)}`, members.get(name) ?? [], name, taughtBy ?? name);
        }
      }
    }
  }

  /** Groups of at most GROUP_MAX_SIZE (« … groupe 2 » when one is not enough), each with a teacher. */
  #addGroupsOf(school: SchoolState, name: string, members: PersonRef[], subject: string, teacherSubject: string): void {
    const count = Math.ceil(members.length / GROUP_MAX_SIZE);
    for (let index = 0; index < count; index++) {
      const group = this.addGroup(school, count === 1 ? name : `${name} groupe ${index + 1}`);
      for (let i = index; i < members.length; i += count) this.addGroupMember(group, members[i] as PersonRef);
      this.teach(school, this.#teacherOf(school, teacherSubject), { group }, subject);
    }
  }

  #addDirectionAndStaff(school: SchoolState): void {
    const kind = ESTABLISHMENT_KINDS[school.type];
    if (!school.profiles.has('DIRECTION')) {
      // A school's director usually teaches a class too; secondary heads do not.
      const teachingHead = kind.primary ? school.classes[0]?.lessons.get(POLYVALENT)?.teacher : undefined;
      const head = teachingHead ?? this.newStaff();
      this.addProfile(head, 'DIRECTION', school, headLabel(school.type, head.gender));
      if (school.type === 'COLLEGE' || school.type === 'LYCEE') {
        const deputy = this.newStaff();
        this.addProfile(deputy, 'DIRECTION', school, deputyHeadLabel(school.type, deputy.gender));
      }
    }
    if (school.type === 'COLLEGE' || school.type === 'LYCEE') {
      const classes = school.classes.length;
      if (!school.functions.has(CPE)) this.#addPersonnel(school, classes > 15 ? 2 : 1, () => CPE);
      if (!school.functions.has(DOCUMENTALISTE)) this.#addPersonnel(school, 1, () => DOCUMENTALISTE);
      this.#addPersonnel(school, Math.ceil(classes / 8), educationAssistantLabel);
    }
    if (school.type === 'SUPERIEUR' && !school.functions.has(STUDY_SECRETARY)) this.#addPersonnel(school, 1, () => STUDY_SECRETARY);
    if (!school.profiles.has('ADMIN_LOCAL')) {
      const admin = this.newStaff();
      this.addProfile(admin, 'ADMIN_LOCAL', school, localAdminLabel(admin.gender));
    }
  }

  #addPersonnel(school: SchoolState, count: number, label: (gender: Gender) => string): void {
    for (let i = 0; i < count; i++) {
      const person = this.newStaff();
      this.addProfile(person, 'PERSONNEL', school, label(person.gender));
    }
  }
}

function levelsOf(school: SchoolState): Level[] {
  return [...new Set(school.classes.map((schoolClass) => schoolClass.level))];
}
