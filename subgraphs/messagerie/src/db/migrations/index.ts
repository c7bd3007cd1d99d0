import { JOBS_MIGRATION_NAME, jobsMigration, type Migrations } from '@ent/kit';
import * as createMessagerie from './2026_12_03_0900_create_messagerie.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. The kit's job queue table comes first (its name sorts first). */
export const migrations: Migrations = {
  [JOBS_MIGRATION_NAME]: jobsMigration,
  '2026_12_03_0900_create_messagerie': createMessagerie,
};
