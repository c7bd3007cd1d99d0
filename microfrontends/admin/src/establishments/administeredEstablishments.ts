/** An establishment as the admin screens list it. */
export interface AdminEstablishment {
  id: string;
  uai: string;
  name: string;
  city: string;
}

/** A profile of the signed-in person, as the portal's viewer holds it. */
export interface Grant {
  profile: string;
  establishment: { id: string } | null;
}

/**
 * The establishments the person may administer, by name: every one for the département administrator,
 * those of their ADMIN_LOCAL profiles otherwise. The server decides (a mutation elsewhere is refused);
 * this keeps a teacher-and-local-administrator from being offered a school where they only teach.
 * Without the viewer yet (null), the server's list is taken as is.
 */
export function administeredEstablishments<E extends AdminEstablishment>(all: readonly E[], grants: readonly Grant[] | null): E[] {
  const byName = [...all].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  if (!grants || grants.some((grant) => grant.profile === 'ADMIN_DEPARTEMENT')) return byName;
  const local = new Set(grants.flatMap((grant) => (grant.profile === 'ADMIN_LOCAL' && grant.establishment ? [grant.establishment.id] : [])));
  return byName.filter((establishment) => local.has(establishment.id));
}

/**
 * The establishment to show: the one in the URL when the person may administer it, else the one chosen
 * in the portal's header, else the first.
 */
export function chooseEstablishment<E extends AdminEstablishment>(
  list: readonly E[],
  requestedId: string | null,
  currentId: string | null,
): E | null {
  return list.find((e) => e.id === requestedId) ?? list.find((e) => e.id === currentId) ?? list[0] ?? null;
}
