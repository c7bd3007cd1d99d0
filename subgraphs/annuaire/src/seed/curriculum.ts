import { cycleOfLevel, LEVEL_LABELS, type Level } from '@ent/kit';
import type { EstablishmentType } from '../db/database.js';
import type { Gender } from './names.js';

/** The subject a primary teacher teaches their class: everything (« professeur des écoles »). */
export const POLYVALENT = 'Polyvalent';

/** What a kind of establishment teaches, how it is named and how big it usually is. */
export interface EstablishmentKind {
  levels: readonly Level[];
  /** Classes when the caller does not say; sized on Hauts-de-Seine establishments. */
  defaultClasses: number;
  /** « École maternelle Les Acacias », « Collège Jean Moulin »… */
  namePrefix: string;
  /** Primary schools: one teacher per class, teaching every subject. */
  primary: boolean;
}

export const ESTABLISHMENT_KINDS: Record<EstablishmentType, EstablishmentKind> = {
  ECOLE_MATERNELLE: { levels: ['PS', 'MS', 'GS'], defaultClasses: 5, namePrefix: 'École maternelle', primary: true },
  ECOLE_ELEMENTAIRE: {
    levels: ['CP', 'CE1', 'CE2', 'CM1', 'CM2'],
    defaultClasses: 10,
    namePrefix: 'École élémentaire',
    primary: true,
  },
  COLLEGE: {
    levels: ['SIXIEME', 'CINQUIEME', 'QUATRIEME', 'TROISIEME'],
    defaultClasses: 16,
    namePrefix: 'Collège',
    primary: false,
  },
  LYCEE: { levels: ['SECONDE', 'PREMIERE', 'TERMINALE'], defaultClasses: 18, namePrefix: 'Lycée', primary: false },
  SUPERIEUR: { levels: ['BUT1', 'BUT2', 'BUT3'], defaultClasses: 6, namePrefix: 'IUT', primary: false },
};

/** Share of each kind in a département (Hauts-de-Seine order of magnitude: many schools, few IUTs). */
export const ESTABLISHMENT_MIX: readonly [EstablishmentType, number][] = [
  ['ECOLE_MATERNELLE', 0.33],
  ['ECOLE_ELEMENTAIRE', 0.4],
  ['COLLEGE', 0.16],
  ['LYCEE', 0.1],
  ['SUPERIEUR', 0.01],
];

interface Lesson {
  subject: string;
  /** Weekly hours for a class; a teacher's 18-hour service gives how many classes they take. */
  hours: number;
}

const CYCLE_4: readonly Lesson[] = [
  { subject: 'Français', hours: 4.5 },
  { subject: 'Mathématiques', hours: 3.5 },
  { subject: 'Histoire-géographie', hours: 3 },
  { subject: 'Anglais', hours: 3 },
  { subject: 'Espagnol', hours: 2.5 },
  { subject: 'SVT', hours: 1.5 },
  { subject: 'Physique-chimie', hours: 1.5 },
  { subject: 'Technologie', hours: 1.5 },
  { subject: 'EPS', hours: 3 },
  { subject: 'Arts plastiques', hours: 1 },
  { subject: 'Éducation musicale', hours: 1 },
];

/** Class subjects by level (secondary and higher education); lycée specialities are taught in groups. */
const TIMETABLES: Partial<Record<Level, readonly Lesson[]>> = {
  SIXIEME: [
    { subject: 'Français', hours: 4.5 },
    { subject: 'Mathématiques', hours: 4.5 },
    { subject: 'Histoire-géographie', hours: 3 },
    { subject: 'Anglais', hours: 4 },
    { subject: 'Sciences et technologie', hours: 4 },
    { subject: 'EPS', hours: 4 },
    { subject: 'Arts plastiques', hours: 1 },
    { subject: 'Éducation musicale', hours: 1 },
  ],
  CINQUIEME: CYCLE_4,
  QUATRIEME: CYCLE_4,
  TROISIEME: CYCLE_4,
  SECONDE: [
    { subject: 'Français', hours: 4 },
    { subject: 'Mathématiques', hours: 4 },
    { subject: 'Histoire-géographie', hours: 3 },
    { subject: 'Anglais', hours: 3 },
    { subject: 'Espagnol', hours: 2.5 },
    { subject: 'SVT', hours: 1.5 },
    { subject: 'Physique-chimie', hours: 3 },
    { subject: 'SES', hours: 1.5 },
    { subject: 'SNT', hours: 1.5 },
    { subject: 'EPS', hours: 2 },
  ],
  PREMIERE: [
    { subject: 'Français', hours: 4 },
    { subject: 'Histoire-géographie', hours: 3 },
    { subject: 'Anglais', hours: 2.5 },
    { subject: 'Espagnol', hours: 2 },
    { subject: 'Enseignement scientifique', hours: 2 },
    { subject: 'EPS', hours: 2 },
  ],
  TERMINALE: [
    { subject: 'Philosophie', hours: 4 },
    { subject: 'Histoire-géographie', hours: 3 },
    { subject: 'Anglais', hours: 2 },
    { subject: 'Espagnol', hours: 2 },
    { subject: 'Enseignement scientifique', hours: 2 },
    { subject: 'EPS', hours: 2 },
  ],
};

const BUT_TIMETABLE: readonly Lesson[] = [
  { subject: 'Comptabilité', hours: 4 },
  { subject: 'Gestion financière', hours: 3 },
  { subject: 'Droit', hours: 3 },
  { subject: 'Économie', hours: 3 },
  { subject: 'Anglais', hours: 2 },
  { subject: 'Expression-communication', hours: 2 },
  { subject: 'Informatique', hours: 2 },
];

const TEACHING_SERVICE_HOURS = 18;

export function timetableOf(level: Level): readonly Lesson[] {
  if (cycleOfLevel(level) === 'SUPERIEUR') return BUT_TIMETABLE;
  return TIMETABLES[level] ?? [];
}

/** How many classes one teacher takes in a subject. */
export function classesPerTeacher(lesson: Lesson): number {
  return Math.max(1, Math.floor(TEACHING_SERVICE_HOURS / lesson.hours));
}

/** Which teacher of a class becomes its head teacher (professeur principal), in order of preference. */
export const HEAD_TEACHER_PREFERENCE: readonly string[] = [
  'Français',
  'Mathématiques',
  'Histoire-géographie',
  'Anglais',
  'SVT',
  'Physique-chimie',
  'Sciences et technologie',
  'Espagnol',
  'SES',
  'Philosophie',
  'Technologie',
  'Comptabilité',
  'Gestion financière',
  'Droit',
  'Économie',
];

/** Lycée specialities: the group's subject, and the class subject whose teachers also teach it. */
export const SPECIALITIES: readonly { name: string; taughtBy: string | null }[] = [
  { name: 'Mathématiques', taughtBy: 'Mathématiques' },
  { name: 'Physique-chimie', taughtBy: 'Physique-chimie' },
  { name: 'SVT', taughtBy: 'SVT' },
  { name: 'SES', taughtBy: 'SES' },
  { name: 'HGGSP', taughtBy: 'Histoire-géographie' },
  { name: 'HLP', taughtBy: 'Philosophie' },
  { name: 'LLCER anglais', taughtBy: 'Anglais' },
  { name: 'NSI', taughtBy: null },
];

/** Specialities a pupil follows: three in première, two kept in terminale. */
export function specialitiesPerPupil(level: Level): number {
  if (level === 'PREMIERE') return 3;
  if (level === 'TERMINALE') return 2;
  return 0;
}

/** Latin is an option from cinquième to troisième (cycle 4). */
export function offersLatin(level: Level): boolean {
  return cycleOfLevel(level) === 'CYCLE_4';
}

export const GROUP_MAX_SIZE = 32;

/** « 6e », « 2nde », « BUT1 »: the short form used in class and group names. */
export function shortLevel(level: Level): string {
  const cycle = cycleOfLevel(level);
  if (cycle === 'CYCLE_1' || cycle === 'CYCLE_2' || level === 'CM1' || level === 'CM2' || cycle === 'SUPERIEUR') return level;
  return LEVEL_LABELS[level];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const BUT_DEPARTMENTS = ['GEA', 'TC', 'GEII', 'Informatique', 'MMI', 'GMP'];

/**
 * The name of the `index`-th of `count` classes of a level, the way schools name them: « CE1 » or
 * « CE1 B », « 4e C », « 2nde 3 », « 1re G2 », « Tle G1 », « BUT2 TC ».
 */
export function className(type: EstablishmentType, level: Level, index: number, count: number): string {
  const letter = LETTERS[index % LETTERS.length] + (index >= LETTERS.length ? String(Math.floor(index / LETTERS.length) + 1) : '');
  switch (type) {
    case 'ECOLE_MATERNELLE':
    case 'ECOLE_ELEMENTAIRE':
      return count === 1 ? level : `${level} ${letter}`;
    case 'COLLEGE':
      return `${shortLevel(level)} ${letter}`;
    case 'LYCEE':
      return level === 'SECONDE' ? `${shortLevel(level)} ${index + 1}` : `${shortLevel(level)} G${index + 1}`;
    case 'SUPERIEUR': {
      const department = BUT_DEPARTMENTS[index % BUT_DEPARTMENTS.length];
      const round = Math.floor(index / BUT_DEPARTMENTS.length);
      return round === 0 ? `${level} ${department}` : `${level} ${department} ${round + 1}`;
    }
  }
}

// ——— Function labels, as the directory shows them (French, gendered) ———

function gendered(gender: Gender, masculine: string, feminine: string): string {
  return gender === 'F' ? feminine : masculine;
}

/** « mathématiques », « EPS »: a subject as it reads inside a sentence. */
function inSentence(subject: string): string {
  return /^[A-Z]{2,}\b/.test(subject) ? subject : subject.charAt(0).toLowerCase() + subject.slice(1);
}

/** « de mathématiques », « d’anglais », « d’EPS », « de SVT ». */
function ofSubject(subject: string): string {
  const shown = inSentence(subject);
  return /^[aeiouyéèêh]/i.test(shown) ? `d’${shown}` : `de ${shown}`;
}

export function teacherLabel(type: EstablishmentType, subject: string, gender: Gender): string {
  if (ESTABLISHMENT_KINDS[type].primary) return gendered(gender, 'Professeur des écoles', 'Professeure des écoles');
  if (type === 'SUPERIEUR') return `${gendered(gender, 'Enseignant', 'Enseignante')} en ${inSentence(subject)}`;
  return `${gendered(gender, 'Professeur', 'Professeure')} ${ofSubject(subject)}`;
}

export function headLabel(type: EstablishmentType, gender: Gender): string {
  switch (type) {
    case 'ECOLE_MATERNELLE':
    case 'ECOLE_ELEMENTAIRE':
      return gendered(gender, 'Directeur', 'Directrice');
    case 'COLLEGE':
      return gendered(gender, 'Principal', 'Principale');
    case 'LYCEE':
      return gendered(gender, 'Proviseur', 'Proviseure');
    case 'SUPERIEUR':
      return gendered(gender, 'Directeur de l’IUT', 'Directrice de l’IUT');
  }
}

export function deputyHeadLabel(type: 'COLLEGE' | 'LYCEE', gender: Gender): string {
  return type === 'COLLEGE'
    ? gendered(gender, 'Principal adjoint', 'Principale adjointe')
    : gendered(gender, 'Proviseur adjoint', 'Proviseure adjointe');
}

export function localAdminLabel(gender: Gender): string {
  return gendered(gender, 'Administrateur ENT', 'Administratrice ENT');
}

export function departementAdminLabel(gender: Gender): string {
  return gendered(gender, 'Administrateur ENT départemental', 'Administratrice ENT départementale');
}

export const CPE = 'CPE';
export const DOCUMENTALISTE = 'Documentaliste';

export function educationAssistantLabel(gender: Gender): string {
  return gendered(gender, 'Assistant d’éducation', 'Assistante d’éducation');
}

export const STUDY_SECRETARY = 'Secrétaire pédagogique';

/** Communes of the Hauts-de-Seine. */
export const CITIES_92: readonly string[] = [
  'Antony', 'Asnières-sur-Seine', 'Bagneux', 'Bois-Colombes', 'Boulogne-Billancourt', 'Bourg-la-Reine',
  'Châtenay-Malabry', 'Châtillon', 'Chaville', 'Clamart', 'Clichy', 'Colombes', 'Courbevoie',
  'Fontenay-aux-Roses', 'Garches', 'La Garenne-Colombes', 'Gennevilliers', 'Issy-les-Moulineaux',
  'Levallois-Perret', 'Malakoff', 'Marnes-la-Coquette', 'Meudon', 'Montrouge', 'Nanterre', 'Neuilly-sur-Seine',
  'Le Plessis-Robinson', 'Puteaux', 'Rueil-Malmaison', 'Saint-Cloud', 'Sceaux', 'Sèvres', 'Suresnes', 'Vanves',
  'Vaucresson', 'Ville-d’Avray', 'Villeneuve-la-Garenne',
];

/** Whom schools are named after (fictitious establishments, familiar names). */
export const SCHOOL_NAMESAKES: readonly string[] = [
  'Jean Jaurès', 'Jules Ferry', 'Victor Hugo', 'Jean Moulin', 'Louise Michel', 'Paul Bert', 'Pasteur', 'Jean Macé',
  'Anatole France', 'Condorcet', 'Marie Curie', 'Simone Veil', 'Jacques Prévert', 'Albert Camus', 'Voltaire',
  'Jean de La Fontaine', 'George Sand', 'Paul Langevin', 'Romain Rolland', 'Émile Zola', 'Marcel Pagnol',
  'Antoine de Saint-Exupéry', 'Lamartine', 'Charles Péguy', 'Henri Wallon', 'Joliot-Curie', 'Rosa Parks',
  'Olympe de Gouges', 'Les Marronniers', 'Les Peupliers', 'Les Acacias', 'Le Parc', 'Les Bruyères',
  'Les Glycines', 'Les Tilleuls', 'Montesquieu', 'Lavoisier', 'Germaine Tillion', 'Joséphine Baker',
  'Alexandre Dumas', 'Camille Claudel', 'Jean Monnet', 'Robert Doisneau', 'Évariste Galois', 'Claude Debussy',
];

/** Names given to a generated establishment. */
export function establishmentName(type: EstablishmentType, namesake: string, city: string): string {
  return type === 'SUPERIEUR' ? `IUT de ${city}` : `${ESTABLISHMENT_KINDS[type].namePrefix} ${namesake}`;
}
