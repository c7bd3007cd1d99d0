import { registerCatalogue, t } from '@ent/ui-kit';
import { type MessagerieMessageKey, messagerieMessages } from './messages.js';

registerCatalogue('messagerie', messagerieMessages);

/** A text of the messagerie catalogue in the person's language (French by default). */
export function text(key: MessagerieMessageKey, params?: Record<string, string | number>): string {
  return t(`messagerie.${key}`, params);
}
