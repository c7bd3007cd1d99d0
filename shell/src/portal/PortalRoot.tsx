import {
  ErrorState,
  getCurrentEstablishmentId,
  Loading,
  type MicroFrontendProps,
  Page,
  PageHeading,
  t,
  ToastProvider,
  useCurrentEstablishmentId,
  useLocation,
  useSession,
  useViewer,
  type Viewer,
} from '@ent/ui-kit';
import { type ReactNode, useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { isModuleAvailable } from '../manifest/availability.js';
import { entryForPath, type Manifest } from '../manifest/manifest.js';
import { ClassPage } from '../pages/ClassPage.js';
import { EstablishmentPage } from '../pages/EstablishmentPage.js';
import { ProfilePage } from '../pages/ProfilePage.js';
import { ModuleUnavailablePage, NotFoundPage } from '../pages/StatusPages.js';
import { pupilCycle } from '../tiles/selectHome.js';
import { Header } from './Header.js';
import { HomePage } from './HomePage.js';
import { loadHomeData, resetHomeData, useHomeData } from './homeData.js';
import { LoginPage } from './LoginPage.js';

export interface PortalProps extends MicroFrontendProps {
  manifest?: Manifest;
}

const CLASS_ROUTE = /^\/classe\/([^/]+)\/?$/;
const ESTABLISHMENT_ROUTE = /^\/etablissement\/([^/]+)\/?$/;

/** The portal's own pages, and what a module's route shows when the module may not be opened. */
function PortalPage({ pathname, manifest, viewer }: { pathname: string; manifest: Manifest; viewer: Viewer }): ReactNode {
  useCurrentEstablishmentId(); // re-render when the establishment changes: a module may open or close
  if (pathname === '/' || pathname === '/index.html') return <HomePage manifest={manifest} />;
  if (pathname === '/profil' || pathname === '/profil/') return <ProfilePage />;
  const classMatch = CLASS_ROUTE.exec(pathname);
  if (classMatch) return <ClassPage key={classMatch[1]} classId={decodeURIComponent(classMatch[1]!)} />;
  const establishmentMatch = ESTABLISHMENT_ROUTE.exec(pathname);
  if (establishmentMatch) {
    return <EstablishmentPage key={establishmentMatch[1]} establishmentId={decodeURIComponent(establishmentMatch[1]!)} />;
  }
  const entry = entryForPath(manifest, pathname);
  // The module itself renders in its own element (root config); the portal stays out of the way.
  if (entry) return isModuleAvailable(entry, viewer, getCurrentEstablishmentId()) ? null : <ModuleUnavailablePage entry={entry} />;
  return <NotFoundPage />;
}

/**
 * After a navigation (or signing in), the focus goes to the new page's heading — else to <main> — so a
 * screen reader starts there; not at the first load, where the browser starts at the top anyway.
 */
function useFocusOnChange(key: string, enabled: boolean): void {
  const previous = useRef<string | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = key;
    // Not at the first page shown, nor when the session check at load ends (the browser starts at the top).
    if (before === null || before === key || before.startsWith('unknown|') || !enabled) return;
    const main = document.getElementById('contenu');
    if (!main) return;
    let observer: MutationObserver | undefined;
    const frame = requestAnimationFrame(() => {
      const heading = main.querySelector<HTMLElement>('h1');
      if (heading) {
        heading.focus();
        return;
      }
      // The page (or the module) is still loading: <main> now, its heading as soon as it appears.
      main.focus();
      window.scrollTo(0, 0);
      observer = new MutationObserver(() => {
        const late = main.querySelector<HTMLElement>('h1');
        if (!late) return;
        observer?.disconnect();
        if (document.activeElement === main) late.focus();
      });
      observer.observe(main, { childList: true, subtree: true });
    });
    const stop = setTimeout(() => observer?.disconnect(), 5000);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(stop);
      observer?.disconnect();
    };
  }, [key, enabled]);
}

/** The portal application: header, login, home and the portal's pages. */
export default function PortalRoot(props: PortalProps) {
  const manifest = props.manifest ?? [];
  const { status, session, endMessage } = useSession();
  const viewer = useViewer();
  const home = useHomeData();
  const { pathname } = useLocation();
  const userId = session?.user.id ?? null;

  useEffect(() => {
    if (status === 'signed-out') resetHomeData();
    if (status === 'signed-in' && userId && (!viewer || viewer.id !== userId)) void loadHomeData(manifest);
  }, [status, userId, viewer, manifest]);

  const ready = status === 'signed-in' && viewer !== null && viewer.id === userId;
  useFocusOnChange(`${status}|${ready ? 'ready' : ''}|${pathname}`, status !== 'unknown' && (status === 'signed-out' || ready));

  let content: ReactNode;
  if (status === 'unknown') content = <Loading label={t('shell.boot.signingIn')} className="portal-boot" />;
  else if (status === 'signed-out') content = <LoginPage endMessage={endMessage} />;
  else if (!ready) {
    content =
      home.status === 'error' ? (
        <Page>
          <PageHeading title={t('shell.errors.homeTitle')} />
          <ErrorState error={home.error} onRetry={() => void loadHomeData(manifest)} />
        </Page>
      ) : (
        <Loading label={t('shell.boot.loadingHome')} className="portal-boot" />
      );
  } else content = <PortalPage pathname={pathname} manifest={manifest} viewer={viewer} />;

  const young = ready && viewer.profiles.every((grant) => grant.profile === 'ELEVE') && ['CYCLE_1', 'CYCLE_2'].includes(pupilCycle(viewer, getCurrentEstablishmentId()) ?? '');
  const header = <Header viewer={ready ? viewer : null} simple={young} />;
  const headerElement = document.getElementById('ent-header');

  return (
    <ToastProvider>
      {headerElement ? createPortal(header, headerElement) : header}
      {content}
    </ToastProvider>
  );
}
