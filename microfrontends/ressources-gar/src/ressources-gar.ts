import { createMicroFrontend } from '@ent/ui-kit';

// single-spa lifecycles only; the screens load when the route is first mounted.
export const { bootstrap, mount, unmount } = createMicroFrontend({ name: 'ressources-gar', loadRoot: () => import('./Root.js') });
