import { defineCatalogue } from '@ent/kit';

/** What people read, in French; codes and logs stay English. */
export const messages = defineCatalogue({
  moduleLabel: 'Vie scolaire',
  record: 'Absence ou retard',
  classUnknown: 'Classe',
  notTeacherOfClass: 'Vous n’enseignez pas dans cette classe : vous ne pouvez pas y saisir d’absences.',
  notPupilOfClass: 'l’élève {pupilId} n’est pas inscrit dans cette classe.',
  dateFormat: 'la date doit être au format AAAA-MM-JJ.',
  slotFormat: 'le créneau doit être une heure au format HH:MM.',
  entriesEmpty: 'indiquez au moins un élève absent ou en retard.',
  entriesTooMany: 'au plus {max} élèves par créneau.',
  duplicatePupil: 'l’élève {pupilId} figure deux fois dans la saisie.',
  minutesLateRequired: 'pour un retard, indiquez le nombre de minutes (de 1 à 240).',
  minutesLateForbidden: 'le nombre de minutes ne concerne que les retards.',
  alreadyRecorded: 'une absence ou un retard est déjà saisi pour cet élève sur ce créneau.',
  commentTooLong: 'le commentaire dépasse {max} caractères.',
  notParentOfPupil: 'Seuls les responsables de l’élève peuvent justifier cette absence.',
  alreadyHandled: 'cette absence a déjà été traitée par la vie scolaire.',
  notFollowUpStaff: 'Seules la vie scolaire et la direction de l’établissement suivent les absences.',
  cannotSeePupil: 'Vous ne pouvez pas consulter les absences de cet élève.',
  cannotSeeClass: 'Vous ne pouvez pas consulter les absences de cette classe.',
  reasonUnknown: 'motif de justification inconnu.',
  firstRange: 'doit être compris entre 1 et {max}.',
});
