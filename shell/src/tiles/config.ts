import type { Cycle, Profile } from '@ent/ui-kit';

/**
 * THE TILE CONFIGURATION — the one place that decides which tiles each person sees on the home page.
 *
 * How to read it:
 * - TILES describes every tile the shell knows. A `module` tile belongs to a micro-frontend: it appears
 *   only when that module is in /manifest.json (installed) AND open in the relevant establishment (the
 *   child's, for a parent); its label and count come from the module's manifest entry unless overridden
 *   here; its pictogram is the one given here (kit pictograms: one look for the whole home page), else
 *   the manifest's. A `page` tile leads to a page of the portal itself, backed by the directory: it is
 *   always there when its link can be made (a pupil without a class has no « Ma classe »).
 * - AUDIENCES lists, in display order, who gets which section: a person gets every audience whose rule
 *   matches one of their profiles in the current establishment (pupils: by the cycle of their class).
 *   A tile appears once per page, in the first section that lists it.
 * - Modules a vendor adds without a line here still appear, after the listed tiles, for the profiles
 *   their manifest tile names — except in the `large` set of cycles 1 and 2, which is curated.
 *
 * Labels and descriptions are catalogue keys (shell/src/messages.ts, namespace `shell`).
 */

export type TileVariant = 'large' | 'standard' | 'dense';

export type TileLink =
  /** A fixed page of the portal. */
  | { to: 'page'; href: string }
  /** The pupil's own class (`/classe/<id>`), or the child's in a family block. */
  | { to: 'class' }
  /** The current establishment's page (`/etablissement/<id>`). */
  | { to: 'establishment' };

export type TileDefinition =
  | {
      kind: 'module';
      moduleId: string;
      /** Below the module's route (`/annuaire` → `/admin/annuaire`). */
      path?: string;
      /** Overrides the manifest's texts (several tiles for one module). */
      labelKey?: string;
      simpleLabelKey?: string;
      descriptionKey?: string;
      /** A kit pictogram name (ui-kit PICTOGRAM_NAMES). */
      pictogram?: string;
      /** Shows the module's count (default true; false for a second tile of the same module). */
      withCount?: boolean;
    }
  | {
      kind: 'page';
      link: TileLink;
      labelKey: string;
      /** For cycles 1 and 2: a few words a six-year-old knows. */
      simpleLabelKey?: string;
      descriptionKey: string;
      pictogram: string;
    };

export const TILES = {
  'cahier-de-textes': { kind: 'module', moduleId: 'cahier-de-textes', pictogram: 'book' },
  devoirs: { kind: 'module', moduleId: 'devoirs', pictogram: 'pencil' },
  messagerie: { kind: 'module', moduleId: 'messagerie', pictogram: 'mail' },
  formulaires: { kind: 'module', moduleId: 'formulaires', pictogram: 'form' },
  'ressources-gar': { kind: 'module', moduleId: 'ressources-gar', pictogram: 'books' },
  pilotage: { kind: 'module', moduleId: 'pilotage', pictogram: 'chart' },
  'admin-modules': {
    kind: 'module',
    moduleId: 'admin',
    path: '/modules',
    labelKey: 'shell.tiles.adminModules.label',
    descriptionKey: 'shell.tiles.adminModules.description',
    pictogram: 'grid',
  },
  'admin-directory': {
    kind: 'module',
    moduleId: 'admin',
    path: '/annuaire',
    labelKey: 'shell.tiles.adminDirectory.label',
    descriptionKey: 'shell.tiles.adminDirectory.description',
    pictogram: 'contacts',
    withCount: false,
  },
  'my-class': {
    kind: 'page',
    link: { to: 'class' },
    labelKey: 'shell.tiles.myClass.label',
    simpleLabelKey: 'shell.tiles.myClass.simple',
    descriptionKey: 'shell.tiles.myClass.description',
    pictogram: 'school',
  },
  'child-class': {
    kind: 'page',
    link: { to: 'class' },
    labelKey: 'shell.tiles.childClass.label',
    descriptionKey: 'shell.tiles.childClass.description',
    pictogram: 'school',
  },
  establishment: {
    kind: 'page',
    link: { to: 'establishment' },
    labelKey: 'shell.tiles.establishment.label',
    descriptionKey: 'shell.tiles.establishment.description',
    pictogram: 'building',
  },
  profile: {
    kind: 'page',
    link: { to: 'page', href: '/profil' },
    labelKey: 'shell.tiles.profile.label',
    simpleLabelKey: 'shell.tiles.profile.simple',
    descriptionKey: 'shell.tiles.profile.description',
    pictogram: 'person',
  },
} as const satisfies Record<string, TileDefinition>;

export type TileId = keyof typeof TILES;

export type AudienceId = 'pupil-early' | 'pupil' | 'student' | 'teacher' | 'direction' | 'staff' | 'admin' | 'family' | 'account';

export interface Audience {
  id: AudienceId;
  /** Matches a person holding one of these profiles in the current establishment. */
  profiles: readonly Profile[];
  /** For pupils: the cycles of their class. */
  cycles?: readonly Cycle[];
  variant: TileVariant;
  /** The section's heading (catalogue key). */
  headingKey: string;
  tiles: readonly TileId[];
  /** At most this many tiles (the first ones that exist). */
  maxTiles?: number;
  /** A read-aloud button on each tile. */
  readAloud?: boolean;
  /** One block per child, each with these tiles for that child (parents). */
  perChild?: boolean;
  /** The teacher's classes and what awaits them, above the tiles. */
  teacherBlocks?: boolean;
  /** Vendors' modules not listed in `tiles` may be added (not in the curated `large` set). */
  extraModules?: boolean;
}

export const AUDIENCES: readonly Audience[] = [
  {
    // Cycles 1 and 2: at most four very large tiles, a read-aloud button on each, no dense text, no menus.
    id: 'pupil-early',
    profiles: ['ELEVE'],
    cycles: ['CYCLE_1', 'CYCLE_2'],
    variant: 'large',
    headingKey: 'shell.home.sections.pupilEarly',
    tiles: ['devoirs', 'cahier-de-textes', 'ressources-gar', 'my-class', 'profile'],
    maxTiles: 4,
    readAloud: true,
  },
  {
    id: 'pupil',
    profiles: ['ELEVE'],
    cycles: ['CYCLE_3', 'CYCLE_4', 'LYCEE'],
    variant: 'standard',
    headingKey: 'shell.home.sections.pupil',
    tiles: ['cahier-de-textes', 'devoirs', 'messagerie', 'ressources-gar', 'formulaires', 'my-class', 'profile'],
    extraModules: true,
  },
  {
    id: 'student',
    profiles: ['ELEVE'],
    cycles: ['SUPERIEUR'],
    variant: 'dense',
    headingKey: 'shell.home.sections.student',
    tiles: ['cahier-de-textes', 'devoirs', 'messagerie', 'ressources-gar', 'formulaires', 'my-class', 'profile'],
    extraModules: true,
  },
  {
    id: 'teacher',
    profiles: ['ENSEIGNANT'],
    variant: 'standard',
    headingKey: 'shell.home.sections.teacher',
    tiles: ['cahier-de-textes', 'devoirs', 'messagerie', 'formulaires', 'ressources-gar', 'establishment', 'profile'],
    teacherBlocks: true,
    extraModules: true,
  },
  {
    id: 'direction',
    profiles: ['DIRECTION'],
    variant: 'standard',
    headingKey: 'shell.home.sections.direction',
    tiles: ['messagerie', 'formulaires', 'pilotage', 'establishment', 'profile'],
    extraModules: true,
  },
  {
    id: 'staff',
    profiles: ['PERSONNEL'],
    variant: 'standard',
    headingKey: 'shell.home.sections.staff',
    tiles: ['messagerie', 'formulaires', 'ressources-gar', 'establishment', 'profile'],
    extraModules: true,
  },
  {
    id: 'admin',
    profiles: ['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'],
    variant: 'dense',
    headingKey: 'shell.home.sections.admin',
    tiles: ['admin-modules', 'admin-directory', 'establishment', 'profile'],
    extraModules: true,
  },
  {
    // The family view: one block per child, labelled with the child's first name and class.
    id: 'family',
    profiles: ['PARENT'],
    variant: 'standard',
    headingKey: 'shell.home.sections.family',
    tiles: ['cahier-de-textes', 'devoirs', 'messagerie', 'formulaires', 'ressources-gar', 'child-class'],
    perChild: true,
    extraModules: true,
  },
];

/**
 * Added last when no section above listed « Mon profil et préférences » (a parent only, say) — but not
 * for cycles 1 and 2, whose four tiles are as configured.
 */
export const ACCOUNT_AUDIENCE: Audience = {
  id: 'account',
  profiles: [],
  variant: 'standard',
  headingKey: 'shell.home.sections.account',
  tiles: ['profile'],
};

/** « Trois priorités »: how many, and the weight of a count whose module gives none. */
export const PRIORITY_COUNT = 3;
export const DEFAULT_PRIORITY = 50;
