import { useCallback, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../api/ApiError.js';
import { graphql } from '../api/graphql.js';
import { createStore } from '../store.js';
import { getViewer, onViewerChange } from '../viewer/viewer.js';

/** The accessibility preferences, stored per person on the server (`me.preferences`). */
export interface Preferences {
  largeText: boolean;
  highContrast: boolean;
  dyslexiaFont: boolean;
  reducedMotion: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = Object.freeze({
  largeText: false,
  highContrast: false,
  dyslexiaFont: false,
  reducedMotion: false,
});

export const PREFERENCE_KEYS = ['largeText', 'highContrast', 'dyslexiaFont', 'reducedMotion'] as const satisfies readonly (keyof Preferences)[];

/** The selection to ask for them: `me { preferences { ${PREFERENCES_FIELDS} } }`. */
export const PREFERENCES_FIELDS = PREFERENCE_KEYS.join(' ');

/** Classes set on <html>; the kit's stylesheet reacts to them. */
export const PREFERENCE_CLASSES: Readonly<Record<keyof Preferences, string>> = {
  largeText: 'ent-large-text',
  highContrast: 'ent-high-contrast',
  dyslexiaFont: 'ent-dyslexia-font',
  reducedMotion: 'ent-reduced-motion',
};

const CACHE_KEY = 'ent.preferences';

const store = createStore<Preferences>(DEFAULT_PREFERENCES);

function normalise(value: Partial<Preferences> | null | undefined): Preferences {
  return {
    largeText: value?.largeText === true,
    highContrast: value?.highContrast === true,
    dyslexiaFont: value?.dyslexiaFont === true,
    reducedMotion: value?.reducedMotion === true,
  };
}

/**
 * Applies preferences to the page (classes and `data-*` attributes on <html>) and remembers them on
 * this device, so the next page load starts with them before the server has answered.
 */
export function applyPreferences(preferences: Partial<Preferences>, root?: HTMLElement): Preferences {
  const next = normalise(preferences);
  const element = root ?? (typeof document === 'undefined' ? undefined : document.documentElement);
  if (element) {
    for (const key of PREFERENCE_KEYS) {
      element.classList.toggle(PREFERENCE_CLASSES[key], next[key]);
    }
  }
  try {
    globalThis.localStorage?.setItem(CACHE_KEY, JSON.stringify(next));
  } catch {
    // Storage refused: the preferences hold for this page.
  }
  const current = store.get();
  if (PREFERENCE_KEYS.some((key) => current[key] !== next[key])) store.set(next);
  return next;
}

/** What this device last applied (before sign-in, or before the server answers). */
export function readCachedPreferences(): Preferences {
  try {
    const raw = globalThis.localStorage?.getItem(CACHE_KEY);
    return raw ? normalise(JSON.parse(raw) as Partial<Preferences>) : DEFAULT_PREFERENCES;
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

export function getPreferences(): Preferences {
  return store.get();
}

// Variables per field, so the client does not depend on the name of the server's input type.
const UPDATE_PREFERENCES = `mutation UpdateMyPreferences(${PREFERENCE_KEYS.map((key) => `$${key}: Boolean!`).join(', ')}) {
  updateMyPreferences(input: { ${PREFERENCE_KEYS.map((key) => `${key}: $${key}`).join(', ')} }) { ${PREFERENCES_FIELDS} }
}`;

/** Saves the person's preferences on the server and applies what it kept. */
export async function savePreferences(preferences: Preferences): Promise<Preferences> {
  const result = await graphql<{ updateMyPreferences: Preferences }>(UPDATE_PREFERENCES, { ...normalise(preferences) });
  return applyPreferences(result.updateMyPreferences);
}

export interface PreferencesView {
  preferences: Preferences;
  saving: boolean;
  error: ApiError | undefined;
  /** Applies the change at once and saves it; on failure, goes back and rejects with the ApiError. */
  update(change: Partial<Preferences>): Promise<void>;
}

export function usePreferences(): PreferencesView {
  const preferences = useSyncExternalStore(store.subscribe, store.get);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const update = useCallback(async (change: Partial<Preferences>) => {
    const before = store.get();
    const next = applyPreferences({ ...before, ...change });
    setSaving(true);
    setError(undefined);
    try {
      await savePreferences(next);
    } catch (failure) {
      applyPreferences(before);
      const apiError = failure instanceof ApiError ? failure : new ApiError('INTERNAL_SERVER_ERROR', String(failure));
      setError(apiError);
      throw apiError;
    } finally {
      setSaving(false);
    }
  }, []);
  return { preferences, saving, error, update };
}

// The person's stored preferences win over the device's as soon as the portal has them.
onViewerChange(() => {
  const viewer = getViewer();
  if (viewer?.preferences) applyPreferences(viewer.preferences);
});
