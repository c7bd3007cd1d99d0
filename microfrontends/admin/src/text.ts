import { registerCatalogue, t } from '@ent/ui-kit';
import { type AdminMessage, type AdminMessageKey, adminMessages } from './messages.js';

registerCatalogue('admin', adminMessages);

/** A text of the admin catalogue in the person's language (French by default). */
export function text(key: AdminMessageKey, params?: AdminMessage['params']): string {
  return t(`admin.${key}`, params);
}

/** The same, for a message computed by the screens' pure logic. */
export function say(message: AdminMessage): string {
  return text(message.key, message.params);
}
