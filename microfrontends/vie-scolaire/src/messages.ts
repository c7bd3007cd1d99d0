import { registerCatalogue, t } from '@ent/ui-kit';

/** Every text of the module, in French (other languages can follow through the same keys). */
export const vieScolaireMessages = {
  title: 'Vie scolaire',
  documentTitle: '{section} — Vie scolaire — ENT',
  listHeading: 'Absences et retards',
  listCaption: 'Absences et retards, les plus récents en premier',
  empty: 'Aucune absence ni aucun retard.',
  pupil: 'Élève',
  date: 'Date',
  slot: 'Créneau',
  kind: 'Type',
  status: 'Suivi',
  actions: 'Actions',
  absence: 'Absence',
  lateness: 'Retard de {minutes} min',
  unjustified: 'Non justifiée',
  justified: 'Justifiée ({reason})',
  handled: 'Traitée',
  justify: 'Justifier',
  markHandled: 'Marquer comme traitée',
  justifyHeading: 'Justifier l’absence du {date}',
  reason: 'Motif',
  comment: 'Commentaire (facultatif)',
  send: 'Envoyer',
  cancel: 'Annuler',
  justifiedToast: 'Justification envoyée.',
  handledToast: 'Absence marquée comme traitée.',
  recordHeading: 'Saisir les absences d’un créneau',
  klass: 'Classe',
  chooseClass: 'Choisir une classe',
  pupilsLegend: 'Élèves absents ou en retard',
  present: 'Présent',
  minutes: 'Minutes de retard pour {name}',
  record: 'Enregistrer',
  recordedToast: '{count} absence(s) ou retard(s) enregistré(s).',
  required: 'Ce champ est obligatoire.',
  nothingChecked: 'Indiquez au moins un élève absent ou en retard.',
  followUpHeading: 'À suivre (vie scolaire)',
  followUpCaption: 'Absences et retards non traités, les plus anciens en premier',
  reasons: {
    ILLNESS: 'Maladie',
    MEDICAL_APPOINTMENT: 'Rendez-vous médical',
    FAMILY: 'Raison familiale',
    TRANSPORT: 'Problème de transport',
    OTHER: 'Autre motif',
  },
} as const;

registerCatalogue('vie-scolaire', vieScolaireMessages);

export type MessageKey = Exclude<keyof typeof vieScolaireMessages, 'reasons'>;
export type ReasonKey = keyof typeof vieScolaireMessages.reasons;

export function text(key: MessageKey | `reasons.${ReasonKey}`, params?: Record<string, string | number>): string {
  return t(`vie-scolaire.${key}`, params);
}
