// The single-spa root config: no UI framework here. It reads the module manifest, registers the portal
// (frame, login, home) and every module on its route, and starts single-spa. React, ReactDOM,
// single-spa and the ui-kit come from the import map (index.html), one copy for everyone.
import {
  applyPreferences,
  getCurrentEstablishmentId,
  getViewer,
  onViewerChange,
  readCachedPreferences,
  session,
  showToast,
  t,
} from '@ent/ui-kit';
import { addErrorHandler, type LifeCycles, registerApplication, start, triggerAppChange } from 'single-spa';
import { isModuleAvailable } from './manifest/availability.js';
import { loadManifest, registerModuleTexts } from './manifest/loadManifest.js';
import { type ManifestEntry, matchesRoute } from './manifest/manifest.js';
import './messages.js';

/** Where modules render: one element each, inside the page's <main> (index.html). */
function outletFor(name: string): HTMLElement {
  const id = `single-spa-application:${name}`;
  let element = document.getElementById(id);
  if (!element) {
    element = document.createElement('div');
    element.id = id;
    element.className = 'portal-module';
    (document.getElementById('ent-modules') ?? document.body).appendChild(element);
  }
  return element;
}

const loadedStyles = new Set<string>();

function loadStylesheet(href: string): Promise<void> {
  if (loadedStyles.has(href)) return Promise.resolve();
  loadedStyles.add(href);
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    // A missing stylesheet must not keep the module from showing.
    link.onload = link.onerror = () => resolve();
    document.head.appendChild(link);
  });
}

async function loadModule(entry: ManifestEntry): Promise<LifeCycles> {
  await Promise.all(entry.styles.map(loadStylesheet));
  return (await import(/* @vite-ignore */ entry.bundle)) as LifeCycles;
}

async function main(): Promise<void> {
  // The device's last preferences at once; the person's own replace them after sign-in.
  applyPreferences(readCachedPreferences());
  // Silent refresh with the refresh cookie, while the manifest loads.
  const restoring = session.restore().catch((error: unknown) => console.warn('session: not restored', error));
  const { manifest, failed } = await loadManifest();
  registerModuleTexts(manifest);
  if (failed) showToast(t('shell.errors.manifest'), { tone: 'error' });

  registerApplication({
    name: 'portal',
    app: () => import('./portal/portal.js'),
    activeWhen: () => true,
    customProps: { manifest, domElement: document.getElementById('ent-page') ?? outletFor('portal') },
  });

  for (const entry of manifest) {
    registerApplication({
      name: entry.id,
      app: () => loadModule(entry),
      // Signed in, allowed, and open in the current establishment; otherwise the portal says why.
      activeWhen: (location) =>
        matchesRoute(location.pathname, entry.route) && isModuleAvailable(entry, getViewer(), getCurrentEstablishmentId()),
      customProps: (name) => ({ domElement: outletFor(name), basePath: entry.route }),
    });
  }

  addErrorHandler((error) => {
    console.error(error);
    const entry = manifest.find((candidate) => candidate.id === error.appOrParcelName);
    showToast(t('shell.errors.moduleFailed', { name: entry?.tile?.label ?? error.appOrParcelName }), { tone: 'error' });
  });

  // Sign-in, sign-out, a new establishment chosen: single-spa asks every activeWhen again.
  onViewerChange(() => void triggerAppChange());
  session.onSessionChange(() => void triggerAppChange());

  start({ urlRerouteOnly: true });
  await restoring;
}

void main();
