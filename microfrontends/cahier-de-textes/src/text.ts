import { registerCatalogue, t } from '@ent/ui-kit';
import { type CahierMessage, type CahierMessageKey, cahierMessages } from './messages.js';

registerCatalogue('cahier-de-textes', cahierMessages);

/** A text of the cahier de textes catalogue in the person's language (French by default). */
export function text(key: CahierMessageKey, params?: CahierMessage['params']): string {
  return t(`cahier-de-textes.${key}`, params);
}

/** The same, for a message computed by the screens' pure logic. */
export function say(message: CahierMessage): string {
  return text(message.key, message.params);
}
