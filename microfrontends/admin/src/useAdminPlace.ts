import { navigate, useLocation } from '@ent/ui-kit';
import { type AdminPlace, hrefOf, placeOf } from './adminPaths.js';

/** Where the admin screens are, from the URL, and a way to go elsewhere (history entry, or replaced). */
export function useAdminPlace(): [AdminPlace, (place: AdminPlace, options?: { replace?: boolean }) => void] {
  const location = useLocation();
  const place = placeOf(location.pathname, location.search);
  return [place, (next, options) => navigate(hrefOf(next), options)];
}
