import type { Form } from '../db/database.js';

export type FormStatus = 'DRAFT' | 'OPEN' | 'CLOSED';

/** An open form past its deadline reads as closed: no job has to run at the deadline. */
export function effectiveStatus(form: Pick<Form, 'status' | 'deadline'>, now: Date): FormStatus {
  if (form.status === 'OPEN' && form.deadline.getTime() <= now.getTime()) return 'CLOSED';
  return form.status;
}

export const DAY_MS = 86_400_000;

/** When the responses are deleted: the deadline plus the retention period. */
export function purgeAt(form: Pick<Form, 'deadline' | 'retention_days'>): Date {
  return new Date(form.deadline.getTime() + form.retention_days * DAY_MS);
}

/** A date as French readers write it, in Paris time: « 12/06/2027 à 18:00 ». */
export function frenchDateTime(instant: Date): string {
  const date = instant.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  const time = instant.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
  return `${date} à ${time}`;
}

export function frenchDate(instant: Date): string {
  return instant.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
}
