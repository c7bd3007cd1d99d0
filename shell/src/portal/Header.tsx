import {
  Button,
  Dialog,
  establishmentsOf,
  Link,
  Pictogram,
  Select,
  session,
  setCurrentEstablishment,
  t,
  useCurrentEstablishmentId,
  type Viewer,
} from '@ent/ui-kit';
import { useId, useState } from 'react';
import { PreferencesForm } from './PreferencesForm.js';

function functionOf(viewer: Viewer, establishmentId: string | null): string | null {
  const grant =
    viewer.profiles.find((candidate) => candidate.establishment?.id === establishmentId && candidate.functionLabel) ??
    viewer.profiles.find((candidate) => candidate.functionLabel);
  return grant?.functionLabel ?? null;
}

function EstablishmentSwitcher({ viewer }: { viewer: Viewer }) {
  const current = useCurrentEstablishmentId();
  const establishments = establishmentsOf(viewer);
  if (establishments.length === 0) return null;
  if (establishments.length === 1) {
    return <p className="portal-header__establishment">{establishments[0]!.name}</p>;
  }
  return (
    <Select
      className="portal-header__switcher"
      label={t('shell.header.establishment')}
      options={establishments.map((establishment) => ({ value: establishment.id, label: establishment.name }))}
      value={current ?? ''}
      onChange={(event) => setCurrentEstablishment(event.currentTarget.value)}
    />
  );
}

function Notifications() {
  const titleId = useId();
  return (
    <section className="portal-notifications" aria-labelledby={titleId}>
      <h2 id={titleId} className="ent-visually-hidden">
        {t('shell.header.notificationsTitle')}
      </h2>
      {/* Modules will announce here; polite, so as not to interrupt. */}
      <p className="portal-notifications__text" aria-live="polite">
        <Pictogram name="bell" /> {t('shell.header.notificationsEmpty')}
      </p>
    </section>
  );
}

export interface HeaderProps {
  viewer: Viewer | null;
  /** Cycles 1 and 2: the person's name, accessibility and sign-out only. */
  simple: boolean;
}

/** The portal's banner: skip link, brand (home), the person, their establishment, notifications, preferences, sign-out. */
export function Header({ viewer, simple }: HeaderProps) {
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const current = useCurrentEstablishmentId();
  return (
    <>
      <a className="portal-skip-link" href="#contenu">
        {t('shell.skipLink')}
      </a>
      <header className="portal-header">
        <div className="portal-header__inner">
          <Link href="/" className="portal-header__brand">
            <Pictogram name="school" /> {t('shell.brand')} <span className="portal-header__department">{t('shell.brandDepartment')}</span>
            <span className="ent-visually-hidden"> — {t('shell.header.home')}</span>
          </Link>
          {viewer ? (
            <div className="portal-header__account">
              <p className="portal-header__person">
                <span className="portal-header__name">{viewer.displayName}</span>
                {!simple && functionOf(viewer, current) ? (
                  <span className="portal-header__function">{functionOf(viewer, current)}</span>
                ) : null}
              </p>
              {simple ? null : <EstablishmentSwitcher viewer={viewer} />}
              {simple ? null : <Notifications />}
              <div className="portal-header__actions">
                <Button variant="secondary" size="small" onClick={() => setPreferencesOpen(true)}>
                  <Pictogram name="glasses" />
                  {t('shell.header.preferences')}
                </Button>
                <Button
                  variant="secondary"
                  size="small"
                  busy={leaving}
                  onClick={() => {
                    setLeaving(true);
                    void session.logout().finally(() => setLeaving(false));
                  }}
                >
                  {t('shell.header.logout')}
                </Button>
              </div>
            </div>
          ) : null}
        </div>
      </header>
      <Dialog open={preferencesOpen} onClose={() => setPreferencesOpen(false)} title={t('shell.preferences.title')}>
        <PreferencesForm idPrefix="dialog-preference" />
      </Dialog>
    </>
  );
}
