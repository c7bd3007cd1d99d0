import type { Level, Profile } from '@ent/kit';
import type { EstablishmentType } from '../db/database.js';
import type { Gender } from './names.js';
import { uaiOf } from './uai.js';

/** The password of every demo account. Demo mode only: never set on a real directory. */
export const DEMO_PASSWORD = 'ent-demo-92';

/** The TOTP secret (base32) of admin.departement, so a demo can log in with MFA from any authenticator app. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export type DemoEstablishmentKey = 'tilleuls' | 'ferry' | 'eluard' | 'curie' | 'iut';

export interface DemoEstablishment {
  key: DemoEstablishmentKey;
  uai: string;
  name: string;
  type: EstablishmentType;
  city: string;
  classes: readonly { name: string; level: Level }[];
}

/**
 * The demo's establishments; fictitious, with UAIs in the real format (the 0929 range, unused by the
 * benchmark generator). The first one's UAI marks the demo as present.
 */
export const DEMO_ESTABLISHMENTS: readonly DemoEstablishment[] = [
  {
    key: 'tilleuls',
    uai: uaiOf('0929001'),
    name: 'École maternelle Les Tilleuls',
    type: 'ECOLE_MATERNELLE',
    city: 'Nanterre',
    classes: [
      { name: 'PS', level: 'PS' },
      { name: 'MS', level: 'MS' },
      { name: 'GS', level: 'GS' },
    ],
  },
  {
    key: 'ferry',
    uai: uaiOf('0929002'),
    name: 'École élémentaire Jules Ferry',
    type: 'ECOLE_ELEMENTAIRE',
    city: 'Nanterre',
    classes: [
      { name: 'CP', level: 'CP' },
      { name: 'CE1', level: 'CE1' },
      { name: 'CE2', level: 'CE2' },
      { name: 'CM1', level: 'CM1' },
      { name: 'CM2', level: 'CM2' },
    ],
  },
  {
    key: 'eluard',
    uai: uaiOf('0929003'),
    name: 'Collège Paul Éluard',
    type: 'COLLEGE',
    city: 'Suresnes',
    classes: [
      { name: '6e A', level: 'SIXIEME' },
      { name: '5e B', level: 'CINQUIEME' },
      { name: '4e A', level: 'QUATRIEME' },
      { name: '3e A', level: 'TROISIEME' },
    ],
  },
  {
    key: 'curie',
    uai: uaiOf('0929004'),
    name: 'Lycée Marie Curie',
    type: 'LYCEE',
    city: 'Boulogne-Billancourt',
    classes: [
      { name: '2nde 1', level: 'SECONDE' },
      { name: '1re G1', level: 'PREMIERE' },
      { name: 'Tle G1', level: 'TERMINALE' },
    ],
  },
  {
    key: 'iut',
    uai: uaiOf('0929005'),
    name: 'IUT de Sceaux',
    type: 'SUPERIEUR',
    city: 'Sceaux',
    classes: [{ name: 'BUT1 GEA', level: 'BUT1' }],
  },
];

/** The 0929xxx range is the demo's; the generator stays below it. */
export const DEMO_UAI_DIGITS_FROM = 929_000;

export interface NamedAccount {
  login: string;
  firstName: string;
  lastName: string;
  gender: Gender;
  profile: Profile;
  /** Where the profile is held; null for ADMIN_DEPARTEMENT. Parents hold theirs where their children are. */
  establishment: DemoEstablishmentKey | null;
  functionLabel: string | null;
  /** What the account is, in French, for the start-up banner and the README. */
  description: string;
  /** ELEVE: the class, by name, in `establishment`. */
  pupilOf?: string;
  /** ENSEIGNANT: classes by name in `establishment`. */
  teaches?: readonly { className: string; subject: string; headTeacher: boolean }[];
  /** PARENT: children by login, the relationship, and the other guardian the seed generates. */
  children?: readonly string[];
  relationship?: string;
  otherGuardian?: { relationship: string; gender: Gender };
  totp?: boolean;
}

/** The accounts a demo visitor logs in with; everyone else in the demo is generated around them. */
export const NAMED_ACCOUNTS: readonly NamedAccount[] = [
  {
    login: 'admin.departement',
    firstName: 'Sophie',
    lastName: 'Lambert',
    gender: 'F',
    profile: 'ADMIN_DEPARTEMENT',
    establishment: null,
    functionLabel: 'Administratrice ENT départementale',
    description: `Administratrice départementale (Hauts-de-Seine) ; double authentification activée, secret TOTP ${DEMO_TOTP_SECRET}`,
    totp: true,
  },
  {
    login: 'admin.eluard',
    firstName: 'Karim',
    lastName: 'Benali',
    gender: 'M',
    profile: 'ADMIN_LOCAL',
    establishment: 'eluard',
    functionLabel: 'Administrateur ENT',
    description: 'Administrateur local du collège Paul Éluard (Suresnes)',
  },
  {
    login: 'direction.eluard',
    firstName: 'Philippe',
    lastName: 'Rousseau',
    gender: 'M',
    profile: 'DIRECTION',
    establishment: 'eluard',
    functionLabel: 'Principal',
    description: 'Principal du collège Paul Éluard',
  },
  {
    login: 'direction.ferry',
    firstName: 'Catherine',
    lastName: 'Marchand',
    gender: 'F',
    profile: 'DIRECTION',
    establishment: 'ferry',
    functionLabel: 'Directrice',
    description: 'Directrice de l’école élémentaire Jules Ferry (Nanterre)',
  },
  {
    login: 'prof.durand',
    firstName: 'Claire',
    lastName: 'Durand',
    gender: 'F',
    profile: 'ENSEIGNANT',
    establishment: 'eluard',
    functionLabel: 'Professeure de mathématiques',
    description: 'Professeure de mathématiques au collège Paul Éluard (5e B et 3e A), professeure principale de la 5e B',
    teaches: [
      { className: '5e B', subject: 'Mathématiques', headTeacher: true },
      { className: '3e A', subject: 'Mathématiques', headTeacher: false },
    ],
  },
  {
    login: 'prof.petit',
    firstName: 'Julien',
    lastName: 'Petit',
    gender: 'M',
    profile: 'ENSEIGNANT',
    establishment: 'ferry',
    functionLabel: 'Professeur des écoles',
    description: 'Professeur des écoles, classe de CE1 à l’école élémentaire Jules Ferry',
    teaches: [{ className: 'CE1', subject: 'Polyvalent', headTeacher: true }],
  },
  {
    login: 'prof.leroy',
    firstName: 'Anne',
    lastName: 'Leroy',
    gender: 'F',
    profile: 'ENSEIGNANT',
    establishment: 'tilleuls',
    functionLabel: 'Professeure des écoles',
    description: 'Professeure des écoles, grande section à l’école maternelle Les Tilleuls',
    teaches: [{ className: 'GS', subject: 'Polyvalent', headTeacher: true }],
  },
  {
    login: 'doc.moreau',
    firstName: 'Isabelle',
    lastName: 'Moreau',
    gender: 'F',
    profile: 'PERSONNEL',
    establishment: 'eluard',
    functionLabel: 'Documentaliste',
    description: 'Professeure documentaliste du collège Paul Éluard',
  },
  {
    login: 'eleve.hugo',
    firstName: 'Hugo',
    lastName: 'Garcia',
    gender: 'M',
    profile: 'ELEVE',
    establishment: 'tilleuls',
    functionLabel: null,
    description: 'Élève de grande section à l’école maternelle Les Tilleuls',
    pupilOf: 'GS',
  },
  {
    login: 'eleve.lea',
    firstName: 'Léa',
    lastName: 'Bernard',
    gender: 'F',
    profile: 'ELEVE',
    establishment: 'ferry',
    functionLabel: null,
    description: 'Élève de CE1 à l’école Jules Ferry, sœur de Lucas',
    pupilOf: 'CE1',
  },
  {
    login: 'eleve.noah',
    firstName: 'Noah',
    lastName: 'Lefebvre',
    gender: 'M',
    profile: 'ELEVE',
    establishment: 'eluard',
    functionLabel: null,
    description: 'Élève de 6e A au collège Paul Éluard',
    pupilOf: '6e A',
  },
  {
    login: 'eleve.lucas',
    firstName: 'Lucas',
    lastName: 'Bernard',
    gender: 'M',
    profile: 'ELEVE',
    establishment: 'eluard',
    functionLabel: null,
    description: 'Élève de 5e B au collège Paul Éluard, frère de Léa',
    pupilOf: '5e B',
  },
  {
    login: 'eleve.ines',
    firstName: 'Inès',
    lastName: 'Haddad',
    gender: 'F',
    profile: 'ELEVE',
    establishment: 'curie',
    functionLabel: null,
    description: 'Élève de 2nde 1 au lycée Marie Curie (Boulogne-Billancourt)',
    pupilOf: '2nde 1',
  },
  {
    login: 'parent.bernard',
    firstName: 'Thomas',
    lastName: 'Bernard',
    gender: 'M',
    profile: 'PARENT',
    establishment: null,
    functionLabel: null,
    description: 'Père de Léa (CE1, Jules Ferry) et de Lucas (5e B, Paul Éluard)',
    children: ['eleve.lea', 'eleve.lucas'],
    relationship: 'Père',
    otherGuardian: { relationship: 'Mère', gender: 'F' },
  },
  {
    login: 'parent.garcia',
    firstName: 'Sandrine',
    lastName: 'Garcia',
    gender: 'F',
    profile: 'PARENT',
    establishment: null,
    functionLabel: null,
    description: 'Mère de Hugo (grande section, Les Tilleuls)',
    children: ['eleve.hugo'],
    relationship: 'Mère',
    otherGuardian: { relationship: 'Père', gender: 'M' },
  },
];

export interface DemoAccount {
  login: string;
  profile: Profile;
  /** In French. */
  description: string;
}

/** What the start-up banner and the README print (password: DEMO_PASSWORD). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = NAMED_ACCOUNTS.map(({ login, profile, description }) => ({
  login,
  profile,
  description,
}));
