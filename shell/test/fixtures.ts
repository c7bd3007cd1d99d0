import type { ModuleActivation, Viewer } from '@ent/ui-kit';
import type { ManifestEntry } from '../src/manifest/manifest.js';

export const TILLEULS = { id: 'e-tilleuls', name: 'École maternelle Les Tilleuls', type: 'ECOLE_MATERNELLE' };
export const FERRY = { id: 'e-ferry', name: 'École élémentaire Jules Ferry', type: 'ECOLE_ELEMENTAIRE' };
export const ELUARD = { id: 'e-eluard', name: 'Collège Paul Éluard', type: 'COLLEGE' };

const WAVE_MODULES = ['cahier-de-textes', 'devoirs', 'messagerie', 'formulaires', 'ressources-gar'];

/** Every wave module listed, those given enabled. */
export function modules(enabled: readonly string[]): ModuleActivation[] {
  return WAVE_MODULES.map((moduleId) => ({ moduleId, enabled: enabled.includes(moduleId) }));
}

function viewer(partial: Partial<Viewer> & Pick<Viewer, 'id' | 'firstName'>): Viewer {
  return {
    displayName: partial.firstName,
    profiles: [],
    establishments: [],
    classes: [],
    children: [],
    teachings: [],
    preferences: null,
    ...partial,
  };
}

export function hugo(enabled: readonly string[] = []): Viewer {
  return viewer({
    id: 'u-hugo',
    firstName: 'Hugo',
    profiles: [{ profile: 'ELEVE', establishment: TILLEULS, functionLabel: null }],
    establishments: [{ ...TILLEULS, modules: modules(enabled) }],
    classes: [{ id: 'c-gs', name: 'GS', level: 'GS', cycle: 'CYCLE_1', establishment: { id: TILLEULS.id } }],
  });
}

export function lucas(enabled: readonly string[] = [], summary: Record<string, unknown> = {}): Viewer {
  return viewer({
    id: 'u-lucas',
    firstName: 'Lucas',
    profiles: [{ profile: 'ELEVE', establishment: ELUARD, functionLabel: null }],
    establishments: [{ ...ELUARD, modules: modules(enabled) }],
    classes: [{ id: 'c-5b', name: '5e B', level: 'CINQUIEME', cycle: 'CYCLE_4', establishment: { id: ELUARD.id } }],
    ...summary,
  });
}

export function parentBernard(
  ferryEnabled: readonly string[],
  eluardEnabled: readonly string[],
  summaries: { lea?: Record<string, unknown>; lucas?: Record<string, unknown> } = {},
): Viewer {
  return viewer({
    id: 'u-bernard',
    firstName: 'Thomas',
    profiles: [
      { profile: 'PARENT', establishment: FERRY, functionLabel: null },
      { profile: 'PARENT', establishment: ELUARD, functionLabel: null },
    ],
    establishments: [
      { ...FERRY, modules: modules(ferryEnabled) },
      { ...ELUARD, modules: modules(eluardEnabled) },
    ],
    children: [
      {
        id: 'u-lea',
        firstName: 'Léa',
        displayName: 'Léa Bernard',
        classes: [
          { id: 'c-ce1', name: 'CE1', level: 'CE1', cycle: 'CYCLE_2', establishment: { ...FERRY, modules: modules(ferryEnabled) } },
        ],
        ...summaries.lea,
      },
      {
        id: 'u-lucas',
        firstName: 'Lucas',
        displayName: 'Lucas Bernard',
        classes: [
          { id: 'c-5b', name: '5e B', level: 'CINQUIEME', cycle: 'CYCLE_4', establishment: { ...ELUARD, modules: modules(eluardEnabled) } },
        ],
        ...summaries.lucas,
      },
    ],
  });
}

export function profDurand(enabled: readonly string[] = []): Viewer {
  return viewer({
    id: 'u-durand',
    firstName: 'Claire',
    profiles: [{ profile: 'ENSEIGNANT', establishment: ELUARD, functionLabel: 'Professeure de mathématiques' }],
    establishments: [{ ...ELUARD, modules: modules(enabled) }],
    teachings: [
      { subject: 'Mathématiques', headTeacher: true, class: { id: 'c-5b', name: '5e B', pupilCount: 25 } },
      { subject: 'Mathématiques', headTeacher: false, class: { id: 'c-3a', name: '3e A', pupilCount: 24 } },
    ],
  });
}

export function adminEluard(): Viewer {
  return viewer({
    id: 'u-admin',
    firstName: 'Karim',
    profiles: [{ profile: 'ADMIN_LOCAL', establishment: ELUARD, functionLabel: 'Administrateur ENT' }],
    establishments: [{ ...ELUARD, modules: modules([]) }],
  });
}

export function directionEluard(enabled: readonly string[] = []): Viewer {
  return viewer({
    id: 'u-direction',
    firstName: 'Philippe',
    profiles: [{ profile: 'DIRECTION', establishment: ELUARD, functionLabel: 'Principal' }],
    establishments: [{ ...ELUARD, modules: modules(enabled) }],
  });
}

function entry(partial: Partial<ManifestEntry> & Pick<ManifestEntry, 'id'>): ManifestEntry {
  return {
    route: `/${partial.id}`,
    bundle: `/modules/${partial.id}/${partial.id}.js`,
    styles: [],
    activation: 'establishment',
    profiles: [],
    tile: null,
    summaryFields: null,
    i18n: {},
    ...partial,
  };
}

export const ADMIN = entry({
  id: 'admin',
  activation: 'always',
  profiles: ['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'],
  tile: {
    label: 'Administration',
    description: 'Modules et annuaire.',
    pictogram: '⚙️',
    profiles: ['ADMIN_LOCAL', 'ADMIN_DEPARTEMENT'],
    counts: [],
  },
});

export const DEVOIRS = entry({
  id: 'devoirs',
  profiles: ['ELEVE', 'PARENT', 'ENSEIGNANT'],
  summaryFields: 'homeworkSummary { dueTomorrow toCorrect }',
  tile: {
    label: 'Devoirs',
    simpleLabel: 'Mes devoirs',
    description: 'Le travail à rendre.',
    pictogram: '✏️',
    profiles: ['ELEVE', 'PARENT', 'ENSEIGNANT'],
    counts: [
      { profiles: ['ELEVE', 'PARENT'], path: 'homeworkSummary.dueTomorrow', one: '{count} devoir pour demain', other: '{count} devoirs pour demain', priority: 80 },
      { profiles: ['ENSEIGNANT'], path: 'homeworkSummary.toCorrect', one: '{count} copie à corriger', other: '{count} copies à corriger' },
    ],
  },
});

export const CAHIER = entry({
  id: 'cahier-de-textes',
  profiles: ['ELEVE', 'PARENT', 'ENSEIGNANT'],
  tile: {
    label: 'Cahier de textes',
    description: 'Les séances.',
    pictogram: '📖',
    profiles: ['ELEVE', 'PARENT', 'ENSEIGNANT'],
    counts: [],
  },
});

export const GAR = entry({
  id: 'ressources-gar',
  tile: { label: 'Ressources', description: 'Manuels.', pictogram: '📚', profiles: ['ELEVE', 'ENSEIGNANT'], counts: [] },
});

export const MESSAGERIE = entry({
  id: 'messagerie',
  summaryFields: 'mailSummary { unread }',
  tile: {
    label: 'Messagerie',
    description: 'Messages.',
    pictogram: '✉️',
    profiles: ['ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL'],
    counts: [{ path: 'mailSummary.unread', one: '{count} message non lu', other: '{count} messages non lus', priority: 60 }],
  },
});

/** A vendor's module the tile configuration does not name. */
export const CANTINE = entry({
  id: 'cantine',
  tile: { label: 'Cantine', description: 'Menus.', pictogram: '🍽️', profiles: ['ELEVE', 'PARENT'], counts: [] },
});
