import { say } from '../text.js';
import { labelOf } from './directoryImport.js';

/** The catalogue's words for a server value (« Réussi »), or the value itself when the catalogue has none. */
export function label(prefix: Parameters<typeof labelOf>[0], value: string): string {
  const message = labelOf(prefix, value);
  return message ? say(message) : value;
}
