import { jobsMigration, type Migrations } from '@ent/kit';
import * as createRessourcesGar from './2026_12_03_0900_create_ressources_gar.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. The kit's jobs table under a name that sorts last (docs/jobs.md). */
export const migrations: Migrations = {
  '2026_12_03_0900_create_ressources_gar': createRessourcesGar,
  '2026_12_03_0910_create_jobs': jobsMigration,
};
