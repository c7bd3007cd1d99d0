import { sql } from 'kysely';
import type { RelativeData } from './feedRecords.js';
import type { ImportContext } from './importContext.js';
import {
  type CreatedUser,
  changedFields,
  createUser,
  desiredIdentity,
  displayName,
  identityOfUser,
  PersonChange,
  updateIdentity,
  usersByExternalIds,
} from './people.js';
import { LINK_COLUMNS } from './pupils.js';
import { anyOf } from './sqlBulk.js';
import type { Item } from './structures.js';

interface Guardianship {
  parent_external_id: string;
  child_external_id: string;
  relationship: string | null;
  child_id: string | null;
  establishment_id: string | null;
}

/**
 * PersRelEleve: the pupils' relatives. Only legal guardians get an account (data minimisation: a contact
 * person or a payer has nothing to do in the ENT). One account per feed identifier, however many children
 * in however many establishments name it; the family links are made to every child whose account exists.
 */
export async function applyRelatives(ctx: ImportContext, items: readonly Item<RelativeData>[], created: CreatedUser[]): Promise<void> {
  const jointures = [...new Set(items.map((item) => item.data.jointure))];
  const users = await usersByExternalIds(ctx.db, jointures);
  const { rows: guardianships } = await sql<Guardianship>`
    select r.parent_external_id, r.child_external_id, r.relationship, x.user_id as child_id,
      (select p.establishment_id from user_profiles p where p.user_id = x.user_id and p.profile = 'ELEVE'
       order by p.created_at limit 1) as establishment_id
    from directory_pupil_relations r left join user_external_ids x on x.external_id = r.child_external_id
    where r.parent_external_id = ${anyOf(jointures, 'text')} and r.legal_guardian`.execute(ctx.db);
  const byParent = new Map<string, Guardianship[]>();
  for (const row of guardianships) {
    const list = byParent.get(row.parent_external_id) ?? [];
    list.push(row);
    byParent.set(row.parent_external_id, list);
  }
  const parentIds = [...users.values()].map((user) => user.id);
  const existingLinks = new Set<string>();
  if (parentIds.length > 0) {
    const links = await ctx.db
      .selectFrom('family_links')
      .select(['parent_id', 'child_id'])
      .where(sql<boolean>`parent_id = ${anyOf(parentIds, 'uuid')}`)
      .execute();
    for (const link of links) existingLinks.add(`${link.parent_id}|${link.child_id}`);
  }

  for (const { record, data } of items) {
    const jointure = data.jointure;
    let user = users.get(jointure);
    const children = byParent.get(jointure) ?? [];
    if (record.operation === 'delete') {
      if (!user) continue;
      // The relative left the academy's directory: their links go; the account follows at the end of the run.
      ctx.writes.delete('family_links', { parent_id: 'uuid' }, { parent_id: user.id }, { tag: 'aaf', sql: sql`t.source_external_id is not null` });
      ctx.writes.delete('directory_pupil_relations', { parent_external_id: 'text' }, { parent_external_id: jointure });
      ctx.record({
        action: 'DELETE',
        entityType: 'USER',
        kind: 'PARENT',
        entityId: user.id,
        externalId: jointure,
        establishmentId: children[0]?.establishment_id ?? null,
        label: `${user.first_name} ${user.last_name}`,
        before: { children: children.map((child) => child.child_external_id) },
        after: { children: [] },
        file: record.file,
        line: record.line,
      });
      continue;
    }
    ctx.markSeen('PersRelEleve', jointure);
    if (!user && record.operation === 'modify') {
      ctx.warn(record, 'UNKNOWN_PERSON', `responsable ${jointure} inconnu de l’annuaire : modification ignorée`);
      continue;
    }
    if (!user && children.length === 0) {
      // Not a legal guardian of any pupil (or of none the directory knows): no account. Counted, not listed.
      ctx.skip('NOT_A_GUARDIAN');
      continue;
    }
    const currentIdentity = user ? identityOfUser(user) : undefined;
    const speaksForIdentity = !user || user.external_id === jointure;
    const identity = speaksForIdentity ? desiredIdentity(currentIdentity, data) : (currentIdentity as NonNullable<typeof currentIdentity>);
    const isNew = !user;
    if (!user) {
      user = createUser(ctx, created, jointure, 'PersRelEleve', identity);
      users.set(jointure, user);
    } else {
      const changed = currentIdentity ? changedFields(currentIdentity, identity) : [];
      if (changed.length > 0) updateIdentity(ctx, user.id, identity);
    }

    // Links the pupils' records could not make because this account did not exist yet.
    const linked: string[] = [];
    for (const child of children) {
      if (!child.child_id || child.child_id === user.id) continue;
      const key = `${user.id}|${child.child_id}`;
      if (existingLinks.has(key)) continue;
      existingLinks.add(key);
      ctx.writes.insert(
        'family_links',
        LINK_COLUMNS,
        { parent_id: user.id, child_id: child.child_id, legal_guardian: true, relationship: child.relationship, source_external_id: child.child_external_id },
        true,
      );
      linked.push(child.child_external_id);
    }

    const change = new PersonChange();
    change.identity(currentIdentity, identity);
    if (linked.length > 0) {
      if (!isNew) change.before['children'] = [];
      change.after['children'] = linked.sort();
    }
    if (change.empty && !isNew) continue;
    ctx.record({
      action: isNew ? 'CREATE' : 'UPDATE',
      entityType: 'USER',
      kind: 'PARENT',
      entityId: user.id,
      externalId: jointure,
      establishmentId: children.find((child) => child.establishment_id)?.establishment_id ?? null,
      label: displayName(identity),
      before: isNew ? null : change.before,
      after: change.after,
      file: record.file,
      line: record.line,
    });
  }
}
