import { sql } from 'kysely';
import type { PupilData, RelationData } from './feedRecords.js';
import type { EstablishmentEntry, ImportContext, UnitEntry } from './importContext.js';
import { relationshipOf } from './mappingTables.js';
import {
  type CreatedUser,
  type CurrentItem,
  changedFields,
  createUser,
  desiredIdentity,
  diffSet,
  displayName,
  EXTERNAL_ID_COLUMNS,
  type Identity,
  identityOfUser,
  PersonChange,
  pupilsByIne,
  type SetDiff,
  type SetItem,
  updateIdentity,
  type UserRow,
  usersByExternalIds,
} from './people.js';
import { anyOf, type Columns } from './sqlBulk.js';
import { ensureClass, ensureGroup, type Item } from './structures.js';

const PROFILE_COLUMNS: Columns = { user_id: 'uuid', profile: 'text', establishment_id: 'uuid', function_label: 'text', source_external_id: 'text' };
const PROFILE_KEYS: Columns = { user_id: 'uuid', profile: 'text', establishment_id: 'uuid' };
const CLASS_MEMBER_COLUMNS: Columns = { class_id: 'uuid', user_id: 'uuid', source_external_id: 'text' };
const GROUP_MEMBER_COLUMNS: Columns = { group_id: 'uuid', user_id: 'uuid', source_external_id: 'text' };
const ENROLMENT_COLUMNS: Columns = { user_id: 'uuid', class_id: 'uuid', started_at: 'timestamptz', run_id: 'uuid' };
const RELATION_COLUMNS: Columns = {
  child_external_id: 'text',
  parent_external_id: 'text',
  relationship: 'text',
  legal_guardian: 'boolean',
  financial: 'boolean',
  contact: 'boolean',
};
const RELATION_KEYS: Columns = { child_external_id: 'text', parent_external_id: 'text' };
export const LINK_COLUMNS: Columns = {
  parent_id: 'uuid',
  child_id: 'uuid',
  legal_guardian: 'boolean',
  relationship: 'text',
  source_external_id: 'text',
};
const OPEN_ENROLMENT = { tag: 'open', sql: sql`t.ended_at is null` };

interface Membership {
  user_id: string;
  unit_id: string;
  source_external_id: string | null;
}

interface ProfileRow {
  user_id: string;
  profile: string;
  establishment_id: string | null;
  function_label: string | null;
  source_external_id: string | null;
}

interface RelationRow {
  child_external_id: string;
  parent_external_id: string;
  relationship: string | null;
  legal_guardian: boolean;
  financial: boolean;
  contact: boolean;
}

interface LinkRow {
  parent_id: string;
  child_id: string;
  relationship: string | null;
  source_external_id: string | null;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export async function loadProfiles(ctx: ImportContext, userIds: readonly string[]): Promise<Map<string, ProfileRow[]>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('user_profiles')
    .select(['user_id', 'profile', 'establishment_id', 'function_label', 'source_external_id'])
    .where(sql<boolean>`user_id = ${anyOf(userIds, 'uuid')}`)
    .execute();
  return groupBy(rows, (row) => row.user_id);
}

/** Memberships of the run's year (earlier years are history and stay as they are). */
export async function loadMemberships(ctx: ImportContext, table: 'classes' | 'groups', userIds: readonly string[]): Promise<Map<string, Membership[]>> {
  if (userIds.length === 0) return new Map();
  const members = table === 'classes' ? sql`class_members` : sql`group_members`;
  const unit = table === 'classes' ? sql`class_id` : sql`group_id`;
  const { rows } = await sql<Membership>`
    select m.user_id, m.${unit} as unit_id, m.source_external_id
    from ${members} m join ${sql.table(table)} c on c.id = m.${unit}
    where m.user_id = ${anyOf(userIds, 'uuid')} and c.academic_year = ${ctx.run.academicYear}`.execute(ctx.db);
  return groupBy(rows, (row) => row.user_id);
}

export function profileItems(ctx: ImportContext, rows: readonly ProfileRow[] | undefined): CurrentItem[] {
  return (rows ?? []).map((row) => ({
    key: `${row.profile}|${row.establishment_id ?? ''}`,
    display: `${row.profile} ${ctx.establishmentLabel(row.establishment_id)}`.trim(),
    value: row.function_label ?? '',
    source: row.source_external_id,
  }));
}

function unitItems(ctx: ImportContext, table: 'classes' | 'groups', rows: readonly Membership[] | undefined): CurrentItem[] {
  const index = table === 'classes' ? ctx.cache.classes : ctx.cache.groups;
  return (rows ?? []).map((row) => ({ key: row.unit_id, display: index.nameOf(row.unit_id), source: row.source_external_id }));
}

function relationItem(relation: RelationData | RelationRow): SetItem & { relation: RelationRow } {
  const row: RelationRow =
    'parent' in relation
      ? {
          child_external_id: '',
          parent_external_id: relation.parent,
          relationship: relationshipOf(relation.code),
          legal_guardian: relation.legalGuardian,
          financial: relation.financial,
          contact: relation.contact,
        }
      : relation;
  const role = row.legal_guardian ? 'responsable légal' : 'contact';
  return {
    key: row.parent_external_id,
    display: `${row.parent_external_id} (${row.relationship ?? ''}, ${role})`,
    value: `${row.relationship}|${row.legal_guardian}|${row.financial}|${row.contact}`,
    relation: row,
  };
}

/**
 * Eleve: pupils with their establishment, classes, groups and declared relatives. A pupil new to the
 * directory but carrying an INE already known (a CM2 pupil arriving in 6e through another feed) keeps
 * their account: the new feed identifier is added to it.
 */
export async function applyPupils(ctx: ImportContext, items: readonly Item<PupilData>[], created: CreatedUser[]): Promise<void> {
  const { cache, writes } = ctx;
  const jointures = [...new Set(items.map((item) => item.data.jointure))];
  const users = await usersByExternalIds(ctx.db, jointures);

  const newWithIne = items.filter((item) => item.record.operation === 'add' && !users.has(item.data.jointure) && item.data.ine);
  if (newWithIne.length > 0) {
    const byIne = await pupilsByIne(ctx.db, newWithIne.map((item) => item.data.ine as string));
    for (const { record, data } of newWithIne) {
      const user = byIne.get(data.ine as string);
      if (!user || users.has(data.jointure)) continue;
      writes.insert('user_external_ids', EXTERNAL_ID_COLUMNS, { external_id: data.jointure, user_id: user.id, category: 'Eleve' });
      users.set(data.jointure, user);
      ctx.record({
        action: 'LINK',
        entityType: 'USER',
        kind: 'ELEVE',
        entityId: user.id,
        externalId: data.jointure,
        establishmentId: data.attachment ? (cache.establishment(data.attachment)?.id ?? null) : null,
        label: `${user.first_name} ${user.last_name}`,
        before: { externalIds: [user.external_id] },
        after: { externalIds: [user.external_id, data.jointure] },
        file: record.file,
        line: record.line,
      });
    }
  }

  const userIds = [...new Set([...users.values()].map((user) => user.id))];
  const [profiles, classes, groups, relationRows, linkRows] = await Promise.all([
    loadProfiles(ctx, userIds),
    loadMemberships(ctx, 'classes', userIds),
    loadMemberships(ctx, 'groups', userIds),
    ctx.db.selectFrom('directory_pupil_relations').selectAll().where(sql<boolean>`child_external_id = ${anyOf(jointures, 'text')}`).execute(),
    userIds.length === 0
      ? Promise.resolve([] as LinkRow[])
      : ctx.db
          .selectFrom('family_links')
          .select(['parent_id', 'child_id', 'relationship', 'source_external_id'])
          .where(sql<boolean>`child_id = ${anyOf(userIds, 'uuid')}`)
          .execute(),
  ]);
  const relationsByChild = groupBy(relationRows, (row) => row.child_external_id);
  const linksByChild = groupBy(linkRows, (row) => row.child_id);
  const parentJointures = new Set<string>(relationRows.map((row) => row.parent_external_id));
  for (const { data } of items) for (const relation of data.relations ?? []) parentJointures.add(relation.parent);
  const parents = await usersByExternalIds(ctx.db, [...parentJointures]);

  for (const { record, data } of items) {
    const jointure = data.jointure;
    let user: UserRow | undefined = users.get(jointure);
    if (!user && record.operation !== 'add') {
      ctx.warn(record, 'UNKNOWN_PERSON', `élève ${jointure} inconnu de l’annuaire : ${record.operation === 'delete' ? 'suppression' : 'modification'} ignorée`);
      continue;
    }
    const removing = record.operation === 'delete';
    if (!removing) ctx.markSeen('Eleve', jointure);

    const currentProfiles = profileItems(ctx, user ? profiles.get(user.id) : undefined);
    const currentClasses = unitItems(ctx, 'classes', user ? classes.get(user.id) : undefined);
    const currentGroups = unitItems(ctx, 'groups', user ? groups.get(user.id) : undefined);
    const currentRelations = (relationsByChild.get(jointure) ?? []).map((row) => ({ ...relationItem(row), source: jointure }));

    // What the record says, completed by what the directory has for the fields a modification leaves out.
    let wantedClasses: UnitEntry[] = [];
    let wantedGroups: UnitEntry[] = [];
    let wantedRelations: RelationRow[] = [];
    const establishments = new Set<string>();
    let attachment: EstablishmentEntry | undefined;
    if (!removing) {
      if (data.attachment) attachment = cache.establishment(data.attachment);
      wantedClasses =
        data.classes === undefined
          ? currentClasses.filter((item) => item.source === jointure).map((item) => cache.classes.byId.get(item.key) as UnitEntry)
          : data.classes.map((ref) =>
              ensureClass(ctx, cache.establishment(ref.structure) as EstablishmentEntry, ref.code, {
                mefCodes: data.mefCode ? [data.mefCode] : [],
                levelLabels: data.levelLabels ?? [],
                record,
              }),
            );
      wantedGroups =
        data.groups === undefined
          ? currentGroups.filter((item) => item.source === jointure).map((item) => cache.groups.byId.get(item.key) as UnitEntry)
          : data.groups.flatMap((ref) => {
              const establishment = cache.establishment(ref.structure);
              if (!establishment) {
                ctx.warn(record, 'OUTSIDE_ESTABLISHMENT', `groupe ${ref.structure}$${ref.code} d’un établissement hors de l’annuaire : ignoré`);
                return [];
              }
              if (establishment.declaresGroups && !cache.groups.byCode(establishment.id, ref.code)) {
                ctx.warn(record, 'UNKNOWN_GROUP', `groupe ${ref.code} absent de la liste des groupes de ${establishment.uai} : ignoré`);
                return [];
              }
              return [ensureGroup(ctx, establishment, ref.code, { record })];
            });
      wantedRelations = data.relations === undefined ? currentRelations.map((item) => item.relation) : data.relations.map((relation) => relationItem(relation).relation);
      if (data.attachment === undefined) {
        for (const item of currentProfiles) if (item.source === jointure && item.key.startsWith('ELEVE|')) establishments.add(item.key.slice(6));
      } else if (attachment) establishments.add(attachment.id);
      for (const unit of [...wantedClasses, ...wantedGroups]) establishments.add(unit.establishmentId);
    }

    const currentIdentity = user ? identityOfUser(user) : undefined;
    // Only the person's primary feed identifier speaks for their identity (see people.ts).
    const speaksForIdentity = !user || user.external_id === jointure;
    const identity: Identity = speaksForIdentity && !removing ? desiredIdentity(currentIdentity, data) : (currentIdentity as Identity);
    const isNew = !user;
    if (!user) {
      user = createUser(ctx, created, jointure, 'Eleve', identity);
      users.set(jointure, user);
    }
    const userId = user.id;

    const profileDiff = diffSet(
      currentProfiles,
      [...establishments].map((id) => ({ key: `ELEVE|${id}`, display: `ELEVE ${ctx.establishmentLabel(id)}`, value: '' })),
      jointure,
    );
    const classDiff = diffSet(
      currentClasses,
      wantedClasses.map((unit) => ({ key: unit.id, display: unit.name })),
      jointure,
    );
    const groupDiff = diffSet(
      currentGroups,
      wantedGroups.map((unit) => ({ key: unit.id, display: unit.name })),
      jointure,
    );
    const relationDiff = diffSet(currentRelations, wantedRelations.map(relationItem), jointure);
    const currentLinks: CurrentItem[] = (linksByChild.get(userId) ?? []).map((row) => ({
      key: row.parent_id,
      display: row.parent_id,
      value: row.relationship ?? '',
      source: row.source_external_id,
    }));
    const wantedLinks: SetItem[] = [];
    for (const relation of wantedRelations) {
      const parent = parents.get(relation.parent_external_id);
      if (!relation.legal_guardian || !parent || parent.id === userId) continue;
      wantedLinks.push({ key: parent.id, display: parent.id, value: relation.relationship ?? '' });
    }
    const linkDiff = diffSet(currentLinks, wantedLinks, jointure);

    const changedIdentity = currentIdentity ? changedFields(currentIdentity, identity) : [];
    if (!isNew && changedIdentity.length > 0) updateIdentity(ctx, userId, identity);
    applyProfileDiff(ctx, userId, profileDiff, jointure);
    applyMembershipDiff(ctx, 'classes', userId, classDiff, jointure);
    applyMembershipDiff(ctx, 'groups', userId, groupDiff, jointure);
    for (const item of [...relationDiff.removed, ...relationDiff.changed.map((change) => change.before)]) {
      writes.delete('directory_pupil_relations', RELATION_KEYS, { child_external_id: jointure, parent_external_id: item.key });
    }
    for (const item of [...relationDiff.added, ...relationDiff.changed.map((change) => change.after)]) {
      writes.insert('directory_pupil_relations', RELATION_COLUMNS, { ...(item as ReturnType<typeof relationItem>).relation, child_external_id: jointure });
    }
    applyLinkDiff(ctx, userId, linkDiff, jointure);

    const change = new PersonChange();
    change.identity(currentIdentity, identity);
    change.set('profiles', profileDiff, isNew);
    change.set('classes', classDiff, isNew);
    change.set('groups', groupDiff, isNew);
    change.set('relatives', relationDiff, isNew);
    if (change.empty && !isNew) continue;
    const moved = classDiff.removed.length > 0 && classDiff.added.length > 0;
    ctx.record({
      action: isNew ? 'CREATE' : removing ? 'DELETE' : moved ? 'MOVE' : 'UPDATE',
      entityType: 'USER',
      kind: 'ELEVE',
      entityId: userId,
      externalId: jointure,
      establishmentId: attachment?.id ?? [...establishments][0] ?? firstEstablishment(currentProfiles) ?? null,
      label: displayName(identity),
      before: isNew ? null : change.before,
      after: change.after,
      file: record.file,
      line: record.line,
      quiet: removing && currentProfiles.every((item) => item.source === jointure),
    });
  }
}

export function firstEstablishment(items: readonly CurrentItem[]): string | undefined {
  const key = items[0]?.key;
  return key ? key.slice(key.indexOf('|') + 1) || undefined : undefined;
}

export function applyProfileDiff(ctx: ImportContext, userId: string, diff: SetDiff<SetItem>, source: string): void {
  for (const item of diff.removed) {
    const [profile, establishmentId] = item.key.split('|');
    ctx.writes.delete('user_profiles', PROFILE_KEYS, { user_id: userId, profile, establishment_id: establishmentId || null });
  }
  for (const item of diff.added) {
    const [profile, establishmentId] = item.key.split('|');
    ctx.writes.insert(
      'user_profiles',
      PROFILE_COLUMNS,
      { user_id: userId, profile, establishment_id: establishmentId || null, function_label: item.value || null, source_external_id: source },
      true,
    );
  }
  for (const { after } of diff.changed) {
    const [profile, establishmentId] = after.key.split('|');
    ctx.writes.update('user_profiles', PROFILE_KEYS, { function_label: 'text' }, {
      user_id: userId,
      profile,
      establishment_id: establishmentId || null,
      function_label: after.value || null,
    });
  }
}

export function applyMembershipDiff(ctx: ImportContext, table: 'classes' | 'groups', userId: string, diff: SetDiff<SetItem>, source: string): void {
  const { writes, run } = ctx;
  const members = table === 'classes' ? 'class_members' : 'group_members';
  const unit = table === 'classes' ? 'class_id' : 'group_id';
  for (const item of diff.removed) {
    writes.delete(members, { [unit]: 'uuid', user_id: 'uuid' }, { [unit]: item.key, user_id: userId });
    if (table === 'classes') {
      writes.update('class_enrolments', { user_id: 'uuid', class_id: 'uuid' }, { ended_at: 'timestamptz' }, { user_id: userId, class_id: item.key, ended_at: run.now }, OPEN_ENROLMENT);
    }
  }
  for (const item of diff.added) {
    writes.insert(members, table === 'classes' ? CLASS_MEMBER_COLUMNS : GROUP_MEMBER_COLUMNS, { [unit]: item.key, user_id: userId, source_external_id: source }, true);
    if (table === 'classes') {
      writes.insert('class_enrolments', ENROLMENT_COLUMNS, { user_id: userId, class_id: item.key, started_at: run.now, run_id: run.id }, true);
    }
  }
}

export function applyLinkDiff(ctx: ImportContext, childId: string, diff: SetDiff<SetItem>, source: string): void {
  for (const item of diff.removed) ctx.writes.delete('family_links', { parent_id: 'uuid', child_id: 'uuid' }, { parent_id: item.key, child_id: childId });
  for (const item of diff.added) {
    ctx.writes.insert(
      'family_links',
      LINK_COLUMNS,
      { parent_id: item.key, child_id: childId, legal_guardian: true, relationship: item.value || null, source_external_id: source },
      true,
    );
  }
  for (const { after } of diff.changed) {
    ctx.writes.update('family_links', { parent_id: 'uuid', child_id: 'uuid' }, { relationship: 'text' }, {
      parent_id: after.key,
      child_id: childId,
      relationship: after.value || null,
    });
  }
}
