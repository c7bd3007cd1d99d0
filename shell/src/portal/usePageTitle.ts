import { t } from '@ent/ui-kit';
import { useEffect } from 'react';

/** « Page — ENT »: each page names itself in the browser's title (RGAA 8.6). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — ${t('shell.titleSuffix')}`;
  }, [title]);
}
