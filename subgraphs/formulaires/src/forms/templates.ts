import type { AudienceProfile } from '../db/database.js';
import type { QuestionKind } from '../logic/answers.js';

/** A question as the builder and the library describe it. */
export interface QuestionSpec {
  key: string;
  type: QuestionKind;
  label: string;
  help?: string | null;
  required: boolean;
  options?: string[];
  showWhen?: { questionKey: string; equals: string } | null;
  resourceId?: string | null;
}

export interface SectionSpec {
  title: string;
  description?: string | null;
  questions: QuestionSpec[];
}

export interface FormTemplate {
  key: string;
  title: string;
  description: string;
  purpose: string;
  retentionDays: number;
  audienceProfile: AudienceProfile;
  bothGuardians: boolean;
  anonymous: boolean;
  sections: SectionSpec[];
}

/**
 * The shared library. A school copies one into a draft (createFormFromTemplate) and adapts it: the
 * template itself never changes, so it lives in the code, versioned with it.
 */
export const TEMPLATES: readonly FormTemplate[] = [
  {
    key: 'sortie-scolaire',
    title: 'Autorisation de sortie scolaire',
    description: 'Sortie pédagogique : merci d’autoriser ou non votre enfant à y participer.',
    purpose: 'Organiser la sortie et connaître, pour chaque élève, l’autorisation de ses représentants légaux.',
    retentionDays: 90,
    audienceProfile: 'PARENTS',
    bothGuardians: false,
    anonymous: false,
    sections: [
      {
        title: 'Autorisation',
        description: 'Date, lieu et horaires sont précisés dans la description.',
        questions: [
          { key: 'autorisation', type: 'AUTHORISATION', label: 'J’autorise mon enfant à participer à la sortie', required: true },
          { key: 'traitement', type: 'YES_NO', label: 'Votre enfant suit-il un traitement médical ?', required: true },
          {
            key: 'traitement-detail',
            type: 'LONG_TEXT',
            label: 'Précisez le traitement et sa posologie',
            required: true,
            showWhen: { questionKey: 'traitement', equals: 'oui' },
          },
          { key: 'telephone', type: 'SHORT_TEXT', label: 'Téléphone joignable le jour de la sortie', required: true },
        ],
      },
    ],
  },
  {
    key: 'droit-image',
    title: 'Autorisation de droit à l’image',
    description: 'Photographies et vidéos prises dans le cadre des activités scolaires.',
    purpose: 'Recueillir le consentement des représentants légaux à la diffusion de l’image de l’élève.',
    retentionDays: 365,
    audienceProfile: 'PARENTS',
    bothGuardians: true,
    anonymous: false,
    sections: [
      {
        title: 'Consentement',
        questions: [
          {
            key: 'usages',
            type: 'MULTIPLE_CHOICE',
            label: 'Usages autorisés',
            required: false,
            options: ['Journal de l’école', 'Site de l’établissement', 'Exposition dans l’établissement'],
          },
          { key: 'autorisation', type: 'AUTHORISATION', label: 'J’autorise la prise et la diffusion de l’image de mon enfant', required: true },
        ],
      },
    ],
  },
  {
    key: 'reservation-salle',
    title: 'Réservation de salle',
    description: 'Réservez un créneau de la salle ou du matériel.',
    purpose: 'Répartir l’usage des salles et du matériel partagé.',
    retentionDays: 30,
    audienceProfile: 'STAFF',
    bothGuardians: false,
    anonymous: false,
    sections: [
      {
        title: 'Réservation',
        questions: [
          { key: 'creneau', type: 'SLOT_BOOKING', label: 'Créneau', required: true },
          { key: 'motif', type: 'SHORT_TEXT', label: 'Activité prévue', required: false },
        ],
      },
    ],
  },
  {
    key: 'enquete-satisfaction',
    title: 'Enquête de satisfaction',
    description: 'Votre avis nous aide à améliorer la vie de l’établissement. Les réponses sont anonymes.',
    purpose: 'Mesurer la satisfaction ; réponses anonymes, exploitées de façon globale.',
    retentionDays: 180,
    audienceProfile: 'PARENTS',
    bothGuardians: false,
    anonymous: true,
    sections: [
      {
        title: 'Votre avis',
        questions: [
          {
            key: 'satisfaction',
            type: 'SINGLE_CHOICE',
            label: 'Êtes-vous satisfait de la communication avec l’établissement ?',
            required: true,
            options: ['Très satisfait', 'Satisfait', 'Peu satisfait', 'Pas satisfait'],
          },
          { key: 'note', type: 'NUMBER', label: 'Note globale sur 10', required: false },
          { key: 'suggestions', type: 'LONG_TEXT', label: 'Suggestions', required: false },
        ],
      },
    ],
  },
];

export const templateByKey = (key: string): FormTemplate | undefined => TEMPLATES.find((template) => template.key === key);
