import type { Db } from '../directory/repository.js';

export interface Preferences {
  largeText: boolean;
  highContrast: boolean;
  dyslexiaFont: boolean;
  reducedMotion: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { largeText: false, highContrast: false, dyslexiaFont: false, reducedMotion: false };

export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const row = await db.selectFrom('user_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) return DEFAULT_PREFERENCES;
  return {
    largeText: row.large_text,
    highContrast: row.high_contrast,
    dyslexiaFont: row.dyslexia_font,
    reducedMotion: row.reduced_motion,
  };
}

export async function savePreferences(db: Db, userId: string, preferences: Preferences, at: Date): Promise<Preferences> {
  const values = {
    large_text: preferences.largeText,
    high_contrast: preferences.highContrast,
    dyslexia_font: preferences.dyslexiaFont,
    reduced_motion: preferences.reducedMotion,
    updated_at: at,
  };
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return preferences;
}
