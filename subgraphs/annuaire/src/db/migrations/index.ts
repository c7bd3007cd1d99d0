import type { Migrations } from '@ent/kit';
import * as createDirectory from './2026_11_30_0900_create_directory.js';
import * as createAuth from './2026_11_30_0910_create_auth.js';
import * as createModulesAndPreferences from './2026_12_01_0800_create_modules_and_preferences.js';
import * as createDirectoryImport from './2026_12_01_0900_create_directory_import.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. Listed explicitly so the build needs no file scanning. */
export const migrations: Migrations = {
  '2026_11_30_0900_create_directory': createDirectory,
  '2026_11_30_0910_create_auth': createAuth,
  '2026_12_01_0800_create_modules_and_preferences': createModulesAndPreferences,
  '2026_12_01_0900_create_directory_import': createDirectoryImport,
};
