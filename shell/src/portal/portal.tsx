import { createMicroFrontend } from '@ent/ui-kit';
import '../messages.js';
import PortalRoot from './PortalRoot.js';
import './portal.css';

// The portal is a single-spa application like the modules, with the same error boundary; its root is
// bundled with it (it is on screen at every first visit, a second request would only delay it).
export const { bootstrap, mount, unmount } = createMicroFrontend({
  name: 'portal',
  loadRoot: async () => ({ default: PortalRoot }),
});
