/** Profiles, levels and cycles as the design brief fixes them. Keep in sync with annuaire's GraphQL enums. */
export const PROFILES = [
  'ELEVE',
  'PARENT',
  'ENSEIGNANT',
  'DIRECTION',
  'PERSONNEL',
  'ADMIN_LOCAL',
  'ADMIN_DEPARTEMENT',
] as const;
export type Profile = (typeof PROFILES)[number];

/** Profiles that act for the school rather than as a family member; MFA applies to them. */
export const STAFF_PROFILES: readonly Profile[] = ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'];

export function isProfile(value: unknown): value is Profile {
  return typeof value === 'string' && (PROFILES as readonly string[]).includes(value);
}

export const CYCLES = ['CYCLE_1', 'CYCLE_2', 'CYCLE_3', 'CYCLE_4', 'LYCEE', 'SUPERIEUR'] as const;
export type Cycle = (typeof CYCLES)[number];

/** Class levels; the value is what the annuaire stores and the GraphQL enum exposes. */
export const LEVELS = {
  PS: 'CYCLE_1',
  MS: 'CYCLE_1',
  GS: 'CYCLE_1',
  CP: 'CYCLE_2',
  CE1: 'CYCLE_2',
  CE2: 'CYCLE_2',
  CM1: 'CYCLE_3',
  CM2: 'CYCLE_3',
  SIXIEME: 'CYCLE_3',
  CINQUIEME: 'CYCLE_4',
  QUATRIEME: 'CYCLE_4',
  TROISIEME: 'CYCLE_4',
  SECONDE: 'LYCEE',
  PREMIERE: 'LYCEE',
  TERMINALE: 'LYCEE',
  BUT1: 'SUPERIEUR',
  BUT2: 'SUPERIEUR',
  BUT3: 'SUPERIEUR',
  BTS1: 'SUPERIEUR',
  BTS2: 'SUPERIEUR',
} as const satisfies Record<string, Cycle>;
export type Level = keyof typeof LEVELS;

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && Object.hasOwn(LEVELS, value);
}

export function cycleOfLevel(level: Level): Cycle {
  return LEVELS[level];
}

/** French labels for people; identifiers stay English. */
export const LEVEL_LABELS: Record<Level, string> = {
  PS: 'Petite section',
  MS: 'Moyenne section',
  GS: 'Grande section',
  CP: 'CP',
  CE1: 'CE1',
  CE2: 'CE2',
  CM1: 'CM1',
  CM2: 'CM2',
  SIXIEME: '6e',
  CINQUIEME: '5e',
  QUATRIEME: '4e',
  TROISIEME: '3e',
  SECONDE: '2nde',
  PREMIERE: '1re',
  TERMINALE: 'Tle',
  BUT1: 'BUT 1re année',
  BUT2: 'BUT 2e année',
  BUT3: 'BUT 3e année',
  BTS1: 'BTS 1re année',
  BTS2: 'BTS 2e année',
};
