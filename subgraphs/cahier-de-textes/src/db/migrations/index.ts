import type { Migrations } from '@ent/kit';
import * as createCahier from './2026_12_02_0900_create_cahier.js';
import * as createAttachments from './2026_12_02_0910_create_attachments.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. */
export const migrations: Migrations = {
  '2026_12_02_0900_create_cahier': createCahier,
  '2026_12_02_0910_create_attachments': createAttachments,
};
