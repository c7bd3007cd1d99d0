import { registerCatalogue, t } from '@ent/ui-kit';
import { type DevoirsMessage, type DevoirsMessageKey, devoirsMessages } from './messages.js';

registerCatalogue('devoirs', devoirsMessages);

/** A text of the devoirs catalogue in the person's language (French by default). */
export function text(key: DevoirsMessageKey, params?: DevoirsMessage['params']): string {
  return t(`devoirs.${key}`, params);
}

/** The same, for a message computed by the screens' pure logic. */
export function say(message: DevoirsMessage): string {
  return text(message.key, message.params);
}
