import { Checkbox, isApiError, PREFERENCE_KEYS, type Preferences, Stack, t, usePreferences } from '@ent/ui-kit';
import { useState } from 'react';

const TEXTS: Record<keyof Preferences, { label: string; hint: string }> = {
  largeText: { label: 'shell.preferences.largeText', hint: 'shell.preferences.largeTextHint' },
  highContrast: { label: 'shell.preferences.highContrast', hint: 'shell.preferences.highContrastHint' },
  dyslexiaFont: { label: 'shell.preferences.dyslexiaFont', hint: 'shell.preferences.dyslexiaFontHint' },
  reducedMotion: { label: 'shell.preferences.reducedMotion', hint: 'shell.preferences.reducedMotionHint' },
};

/**
 * The four accessibility preferences: each applies at once and is saved for the person; the outcome
 * is said in a polite live region beside them.
 */
export function PreferencesForm({ idPrefix }: { idPrefix: string }) {
  const { preferences, update } = usePreferences();
  const [outcome, setOutcome] = useState('');
  return (
    <Stack gap="medium">
      <p className="portal-muted">{t('shell.preferences.intro')}</p>
      <fieldset className="portal-fieldset">
        <legend className="ent-visually-hidden">{t('shell.preferences.title')}</legend>
        <Stack gap="medium">
          {PREFERENCE_KEYS.map((key) => (
            <Checkbox
              key={key}
              id={`${idPrefix}-${key}`}
              label={t(TEXTS[key].label)}
              hint={t(TEXTS[key].hint)}
              checked={preferences[key]}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                setOutcome('');
                update({ [key]: checked }).then(
                  () => setOutcome(t('shell.preferences.saved')),
                  (error: unknown) =>
                    setOutcome(t('shell.preferences.failed', { message: isApiError(error) ? error.message : String(error) })),
                );
              }}
            />
          ))}
        </Stack>
      </fieldset>
      <p className="portal-status" role="status">
        {outcome}
      </p>
    </Stack>
  );
}
