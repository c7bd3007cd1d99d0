import { registerCatalogue, t } from '@ent/ui-kit';
import { type FormulairesMessageKey, formulairesMessages } from './messages.js';

registerCatalogue('formulaires', formulairesMessages);

/** A text of the formulaires catalogue in the person's language (French by default). */
export function text(key: FormulairesMessageKey, params?: Record<string, string | number>): string {
  return t(`formulaires.${key}`, params);
}

export function frenchDateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
}

export function frenchShort(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function frenchTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
}
