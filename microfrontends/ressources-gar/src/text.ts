import { registerCatalogue, t } from '@ent/ui-kit';
import { type GarMessage, type GarMessageKey, garMessages } from './messages.js';

registerCatalogue('ressources-gar', garMessages);

/** A text of the Ressources numériques catalogue in the person's language (French by default). */
export function text(key: GarMessageKey, params?: GarMessage['params']): string {
  return t(`ressources-gar.${key}`, params);
}
