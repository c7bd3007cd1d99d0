import { Card, Page, PageHeading, Section, t, useViewer } from '@ent/ui-kit';
import { PreferencesForm } from '../portal/PreferencesForm.js';
import { usePageTitle } from '../portal/usePageTitle.js';

/** « Mon profil et préférences »: who the directory says the person is, and their accessibility settings. */
export function ProfilePage() {
  usePageTitle(t('shell.pages.profile.title'));
  const viewer = useViewer();
  if (!viewer) return null;
  return (
    <Page>
      <PageHeading title={t('shell.pages.profile.title')} />
      <Section title={t('shell.pages.profile.identity')}>
        <Card>
          <dl className="portal-definitions">
            <dt>{t('shell.pages.profile.name')}</dt>
            <dd>{viewer.displayName}</dd>
            <dt>{t('shell.pages.profile.profiles')}</dt>
            <dd>
              <ul className="portal-plain-list">
                {viewer.profiles.map((grant) => (
                  <li key={`${grant.profile}:${grant.establishment?.id ?? '-'}`}>
                    {grant.establishment
                      ? t('shell.pages.profile.profileIn', {
                          profile: grant.functionLabel ?? t(`shell.profiles.${grant.profile}`),
                          establishment: grant.establishment.name,
                        })
                      : (grant.functionLabel ?? t(`shell.profiles.${grant.profile}`))}
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </Card>
      </Section>
      <Section title={t('shell.pages.profile.preferences')}>
        <Card>
          <PreferencesForm idPrefix="profile-preference" />
        </Card>
      </Section>
    </Page>
  );
}
