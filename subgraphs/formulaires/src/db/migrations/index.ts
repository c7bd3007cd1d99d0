import { JOBS_MIGRATION_NAME, jobsMigration, type Migrations } from '@ent/kit';
import * as createFormulaires from './2026_12_03_0900_create_formulaires.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun (the kit's jobs table sorts first). */
export const migrations: Migrations = {
  [JOBS_MIGRATION_NAME]: jobsMigration,
  '2026_12_03_0900_create_formulaires': createFormulaires,
};
