import { type Logger, silentLogger } from '@ent/kit';
import { sql } from 'kysely';
import type { AafDb, ImportContext } from './importContext.js';
import type { ChangeKind } from './importReport.js';
import { anyOf, arrayOf } from './sqlBulk.js';

/** Runs `work` as one transaction-batch of the run (see importDirectory). */
export type InBatch = (work: () => Promise<void>) => Promise<void>;

const PAGE = 2_000;

const KIND_OF_CATEGORY: Record<string, ChangeKind> = { Eleve: 'ELEVE', PersRelEleve: 'PARENT', PersEducNat: 'PERSONNEL' };

export interface ReconcileOptions {
  /** Categories read in complete files only, all applied: whoever was not seen has left. */
  departures: readonly ('Eleve' | 'PersEducNat')[];
  /** A complete establishment and pupil feed was applied: classes and groups not used this year are closed. */
  closeUnusedUnits: boolean;
}

/**
 * What a run decides once every file is read: departures, parents' profiles (a parent is PARENT in each
 * establishment of their children), accounts that lost or regained every profile, and classes of past
 * years. Each step works by pages, one transaction per page.
 */
export async function reconcile(ctx: ImportContext, inBatch: InBatch, options: ReconcileOptions, logger: Logger = silentLogger): Promise<void> {
  const step = async (name: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    logger.info({ step: name, elapsedMs: Math.round(performance.now() - started) }, 'reconcile step done');
  };
  for (const category of options.departures) await step(`departures ${category}`, () => departures(ctx, inBatch, category));
  await step('parent profiles', () => parentProfiles(ctx, inBatch));
  await step('deactivations', () => deactivateAccounts(ctx, inBatch));
  await step('reactivations', () => reactivateAccounts(ctx, inBatch));
  if (options.closeUnusedUnits) await step('classes and groups', () => closeUnits(ctx, inBatch));
}

/** Feed identifiers of `category` with rows in the covered establishments that this run did not see. */
async function departures(ctx: ImportContext, inBatch: InBatch, category: 'Eleve' | 'PersEducNat'): Promise<void> {
  const coverage = [...ctx.coverage];
  if (coverage.length === 0) return;
  const seen = ctx.seen.get(category) ?? new Set<string>();
  let gone: { external_id: string; user_id: string }[] = [];
  await inBatch(async () => {
    // One pass over the identifiers present: a hundred thousand short strings, compared in memory.
    const { rows } = await sql<{ external_id: string; user_id: string }>`
      select distinct e.external_id, e.user_id
      from user_profiles p join user_external_ids e on e.external_id = p.source_external_id
      where e.category = ${category} and p.establishment_id = ${anyOf(coverage, 'uuid')}`.execute(ctx.db);
    gone = rows.filter((row) => !seen.has(row.external_id));
  });
  gone.sort((a, b) => a.external_id.localeCompare(b.external_id));
  for (let start = 0; start < gone.length; start += PAGE) {
    const page = gone.slice(start, start + PAGE);
    await inBatch(() => removeDepartures(ctx, category, page, coverage));
  }
}

async function removeDepartures(
  ctx: ImportContext,
  category: 'Eleve' | 'PersEducNat',
  gone: readonly { external_id: string; user_id: string }[],
  coverage: readonly string[],
): Promise<void> {
  const db = ctx.db;
  const ids = gone.map((row) => row.external_id);
  const year = ctx.run.academicYear;
  const removed = new Map<string, { profiles: string[]; classes: string[]; groups: string[]; teaching: string[]; establishmentId: string | null }>();
  const entry = (externalId: string) => {
    let value = removed.get(externalId);
    if (!value) {
      value = { profiles: [], classes: [], groups: [], teaching: [], establishmentId: null };
      removed.set(externalId, value);
    }
    return value;
  };
  const profiles = await sql<{ source_external_id: string; profile: string; establishment_id: string }>`
    delete from user_profiles where source_external_id = ${anyOf(ids, 'text')} and establishment_id = ${anyOf(coverage, 'uuid')}
    returning source_external_id, profile, establishment_id`.execute(db);
  for (const row of profiles.rows) {
    const value = entry(row.source_external_id);
    value.profiles.push(`${row.profile} ${ctx.establishmentLabel(row.establishment_id)}`);
    value.establishmentId ??= row.establishment_id;
  }
  const classes = await sql<{ source_external_id: string; class_id: string; user_id: string }>`
    delete from class_members m using classes c
    where c.id = m.class_id and m.source_external_id = ${anyOf(ids, 'text')} and c.establishment_id = ${anyOf(coverage, 'uuid')}
      and c.academic_year = ${year}
    returning m.source_external_id, m.class_id, m.user_id`.execute(db);
  for (const row of classes.rows) entry(row.source_external_id).classes.push(ctx.cache.classes.nameOf(row.class_id));
  if (classes.rows.length > 0) {
    await sql`update class_enrolments e set ended_at = ${ctx.run.now}
      from unnest(${arrayOf(classes.rows.map((row) => row.user_id), 'uuid')}, ${arrayOf(classes.rows.map((row) => row.class_id), 'uuid')}) as u(user_id, class_id)
      where e.user_id = u.user_id and e.class_id = u.class_id and e.ended_at is null`.execute(db);
  }
  const groups = await sql<{ source_external_id: string; group_id: string }>`
    delete from group_members m using groups g
    where g.id = m.group_id and m.source_external_id = ${anyOf(ids, 'text')} and g.establishment_id = ${anyOf(coverage, 'uuid')}
      and g.academic_year = ${year}
    returning m.source_external_id, m.group_id`.execute(db);
  for (const row of groups.rows) entry(row.source_external_id).groups.push(ctx.cache.groups.nameOf(row.group_id));
  const teaching = await sql<{ source_external_id: string; class_id: string | null; group_id: string | null; subject: string }>`
    delete from teaching_assignments t
    where t.source_external_id = ${anyOf(ids, 'text')}
      and exists (select 1 from classes c where c.id = t.class_id and c.establishment_id = ${anyOf(coverage, 'uuid')} and c.academic_year = ${year}
                  union all
                  select 1 from groups g where g.id = t.group_id and g.establishment_id = ${anyOf(coverage, 'uuid')} and g.academic_year = ${year})
    returning t.source_external_id, t.class_id, t.group_id, t.subject`.execute(db);
  for (const row of teaching.rows) {
    const target = row.class_id ? ctx.cache.classes.nameOf(row.class_id) : ctx.cache.groups.nameOf(row.group_id ?? '');
    entry(row.source_external_id).teaching.push(`${target} ${row.subject}`);
  }

  // An identifier with nothing left anywhere is gone for good: its relatives and links go, and it stops
  // designating the account when the person has another one (a pupil followed from école to collège).
  const { rows: finished } = await sql<{ external_id: string; user_id: string; others: string | null; is_primary: boolean }>`
    select e.external_id, e.user_id,
      (select min(o.external_id) from user_external_ids o where o.user_id = e.user_id and o.external_id <> e.external_id) as others,
      (u.external_id = e.external_id) as is_primary
    from user_external_ids e join users u on u.id = e.user_id
    where e.external_id = ${anyOf(ids, 'text')}
      and not exists (select 1 from user_profiles p where p.source_external_id = e.external_id)`.execute(db);
  if (finished.length > 0) {
    const finishedIds = finished.map((row) => row.external_id);
    await sql`delete from family_links where source_external_id = ${anyOf(finishedIds, 'text')}`.execute(db);
    await sql`delete from directory_pupil_relations where child_external_id = ${anyOf(finishedIds, 'text')}`.execute(db);
    for (const row of finished) {
      if (!row.others) continue;
      await sql`delete from user_external_ids where external_id = ${row.external_id}`.execute(db);
      if (row.is_primary) await sql`update users set external_id = ${row.others} where id = ${row.user_id}`.execute(db);
    }
  }

  const { rows: names } = await sql<{ id: string; first_name: string; last_name: string; leaving: boolean }>`
    select u.id, u.first_name, u.last_name, not exists (select 1 from user_profiles p where p.user_id = u.id) as leaving
    from users u where u.id = ${anyOf(
      gone.map((row) => row.user_id),
      'uuid',
    )}`.execute(db);
  const nameOf = new Map(names.map((row) => [row.id, `${row.first_name} ${row.last_name}`]));
  const leaving = new Set(names.filter((row) => row.leaving).map((row) => row.id));
  for (const row of gone) {
    const value = removed.get(row.external_id);
    if (!value) continue;
    const before: Record<string, unknown> = {};
    const afterState: Record<string, unknown> = {};
    for (const field of ['profiles', 'classes', 'groups', 'teaching'] as const) {
      if (value[field].length === 0) continue;
      before[field] = value[field].sort();
      afterState[field] = [];
    }
    ctx.record({
      action: 'DELETE',
      entityType: 'USER',
      kind: KIND_OF_CATEGORY[category] as ChangeKind,
      entityId: row.user_id,
      externalId: row.external_id,
      establishmentId: value.establishmentId,
      label: nameOf.get(row.user_id) ?? '',
      before,
      after: afterState,
      file: null,
      line: null,
      // Someone left with nothing else in the directory is counted once, as deactivated.
      quiet: leaving.has(row.user_id),
    });
  }
}

/** A parent is PARENT in every establishment where one of the children they are legal guardian of is a pupil. */
async function parentProfiles(ctx: ImportContext, inBatch: InBatch): Promise<void> {
  // Set against set (anti-joins) once, then written by pages: a lookup per profile, or the same query
  // once per page, costs minutes at the scale of a département.
  const desired = sql`
    select distinct f.parent_id, p.establishment_id
    from family_links f join user_profiles p on p.user_id = f.child_id and p.profile = 'ELEVE'
    where f.source_external_id is not null and f.legal_guardian and p.establishment_id is not null`;
  const parents = sql`select user_id, establishment_id, source_external_id from user_profiles where profile = 'PARENT'`;
  let toAdd: { parent_id: string; establishment_id: string }[] = [];
  let toRemove: { parent_id: string; establishment_id: string }[] = [];
  await inBatch(async () => {
    toAdd = (
      await sql<{ parent_id: string; establishment_id: string }>`
        select d.parent_id, d.establishment_id from (${desired}) d
          left join (${parents}) x on x.user_id = d.parent_id and x.establishment_id = d.establishment_id
        where x.user_id is null order by d.parent_id`.execute(ctx.db)
    ).rows;
    toRemove = (
      await sql<{ parent_id: string; establishment_id: string }>`
        select x.user_id as parent_id, x.establishment_id from (${parents}) x
          left join (${desired}) d on d.parent_id = x.user_id and d.establishment_id = x.establishment_id
        where x.source_external_id = 'AAF' and d.parent_id is null order by x.user_id`.execute(ctx.db)
    ).rows;
  });
  for (const [mode, all] of [
    ['add', toAdd],
    ['remove', toRemove],
  ] as const) {
    let start = 0;
    while (start < all.length) {
      // A parent's rows stay in one page, so that the journal sees each parent once.
      let end = Math.min(start + PAGE, all.length);
      while (end < all.length && all[end]?.parent_id === all[end - 1]?.parent_id) end++;
      const rows = all.slice(start, end);
      start = end;
      await inBatch(async () => {
        const db = ctx.db;
        await recordParentProfiles(ctx, db, rows, mode);
        const parentIds = arrayOf(
          rows.map((row) => row.parent_id),
          'uuid',
        );
        const establishmentIds = arrayOf(
          rows.map((row) => row.establishment_id),
          'uuid',
        );
        if (mode === 'add') {
          await sql`insert into user_profiles (user_id, profile, establishment_id, source_external_id)
            select u.parent_id, 'PARENT', u.establishment_id, 'AAF' from unnest(${parentIds}, ${establishmentIds}) as u(parent_id, establishment_id)
            on conflict do nothing`.execute(db);
        } else {
          await sql`delete from user_profiles x using unnest(${parentIds}, ${establishmentIds}) as u(parent_id, establishment_id)
            where x.user_id = u.parent_id and x.profile = 'PARENT' and x.establishment_id = u.establishment_id and x.source_external_id = 'AAF'`.execute(db);
        }
      });
    }
  }
}

async function recordParentProfiles(
  ctx: ImportContext,
  db: AafDb,
  rows: readonly { parent_id: string; establishment_id: string }[],
  mode: 'add' | 'remove',
): Promise<void> {
  const parentIds = [...new Set(rows.map((row) => row.parent_id))];
  const { rows: parents } = await sql<{
    id: string;
    first_name: string;
    last_name: string;
    external_id: string | null;
    created_now: boolean;
    profiles: string[] | null;
    other_profiles: number;
  }>`
    select u.id, u.first_name, u.last_name, u.external_id,
      exists (select 1 from directory_import_journal j where j.entity_id = u.id and j.run_id = ${ctx.run.id} and j.action = 'CREATE') as created_now,
      (select array_agg(p.establishment_id::text) from user_profiles p where p.user_id = u.id and p.profile = 'PARENT') as profiles,
      (select count(*)::int from user_profiles p where p.user_id = u.id and p.profile <> 'PARENT') as other_profiles
    from users u where u.id = ${anyOf(parentIds, 'uuid')}`.execute(db);
  const changes = new Map<string, string[]>();
  for (const row of rows) changes.set(row.parent_id, [...(changes.get(row.parent_id) ?? []), row.establishment_id]);
  for (const parent of parents) {
    const before = (parent.profiles ?? []).map((id) => `PARENT ${ctx.establishmentLabel(id)}`).sort();
    const touched = changes.get(parent.id) ?? [];
    const afterIds = mode === 'add' ? [...(parent.profiles ?? []), ...touched] : (parent.profiles ?? []).filter((id) => !touched.includes(id));
    ctx.record({
      action: 'UPDATE',
      entityType: 'USER',
      kind: 'PARENT',
      entityId: parent.id,
      externalId: parent.external_id,
      establishmentId: touched[0] ?? null,
      label: `${parent.first_name} ${parent.last_name}`,
      before: { profiles: before },
      after: { profiles: afterIds.map((id) => `PARENT ${ctx.establishmentLabel(id)}`).sort() },
      file: null,
      line: null,
      // A parent created by this run gets their profiles as part of being created, and one losing every
      // profile is counted as deactivated: counted once either way.
      quiet: parent.created_now || (afterIds.length === 0 && parent.other_profiles === 0),
    });
  }
}

interface AccountRow {
  id: string;
  first_name: string;
  last_name: string;
  external_id: string | null;
  category: string | null;
  establishment_id: string | null;
}

const ACCOUNT_FIELDS = sql`u.id, u.first_name, u.last_name, u.external_id,
  (select min(e.category) from user_external_ids e where e.user_id = u.id) as category,
  (select j.establishment_id from directory_import_journal j where j.entity_id = u.id and j.establishment_id is not null
   order by j.id desc limit 1) as establishment_id`;

/** Imported accounts left with no profile at all: deactivated at once, personal data purged three months later. */
async function deactivateAccounts(ctx: ImportContext, inBatch: InBatch): Promise<void> {
  const purgeAt = threeMonthsAfter(ctx.run.now);
  for (;;) {
    let count = 0;
    await inBatch(async () => {
      const { rows } = await sql<AccountRow>`
        select ${ACCOUNT_FIELDS} from users u
        where u.status = 'ACTIVE' and u.merged_into is null
          and exists (select 1 from user_external_ids e where e.user_id = u.id)
          -- not exists, not « not in »: an anti-join scales; « not in » over a subquery larger than
          -- work_mem is re-scanned for every row.
          and not exists (select 1 from user_profiles p where p.user_id = u.id)
        limit ${PAGE}`.execute(ctx.db);
      count = rows.length;
      if (count === 0) return;
      const ids = rows.map((row) => row.id);
      await sql`update users set status = 'DEACTIVATED', deactivated_at = ${ctx.run.now}, personal_data_purge_at = ${purgeAt}, updated_at = ${ctx.run.now}
        where id = ${anyOf(ids, 'uuid')}`.execute(ctx.db);
      await sql`update class_enrolments set ended_at = ${ctx.run.now} where user_id = ${anyOf(ids, 'uuid')} and ended_at is null`.execute(ctx.db);
      for (const row of rows) {
        ctx.record({
          action: 'DEACTIVATE',
          entityType: 'USER',
          kind: KIND_OF_CATEGORY[row.category ?? ''] ?? 'PERSONNEL',
          entityId: row.id,
          externalId: row.external_id,
          establishmentId: row.establishment_id,
          label: `${row.first_name} ${row.last_name}`,
          before: { status: 'ACTIVE' },
          after: { status: 'DEACTIVATED', personalDataPurgeAt: purgeAt.toISOString() },
          file: null,
          line: null,
        });
      }
    });
    if (count < PAGE) return;
  }
}

/** Deactivated (not yet purged) accounts that the feed gives a place again. */
async function reactivateAccounts(ctx: ImportContext, inBatch: InBatch): Promise<void> {
  for (;;) {
    let count = 0;
    await inBatch(async () => {
      const { rows } = await sql<AccountRow>`
        select ${ACCOUNT_FIELDS} from users u
        where u.status = 'DEACTIVATED' and u.purged_at is null and u.merged_into is null
          and exists (select 1 from user_external_ids e where e.user_id = u.id)
          and exists (select 1 from user_profiles p where p.user_id = u.id)
        limit ${PAGE}`.execute(ctx.db);
      count = rows.length;
      if (count === 0) return;
      await sql`update users set status = 'ACTIVE', deactivated_at = null, personal_data_purge_at = null, updated_at = ${ctx.run.now}
        where id = ${anyOf(
          rows.map((row) => row.id),
          'uuid',
        )}`.execute(ctx.db);
      for (const row of rows) {
        ctx.record({
          action: 'REACTIVATE',
          entityType: 'USER',
          kind: KIND_OF_CATEGORY[row.category ?? ''] ?? 'PERSONNEL',
          entityId: row.id,
          externalId: row.external_id,
          establishmentId: row.establishment_id,
          label: `${row.first_name} ${row.last_name}`,
          before: { status: 'DEACTIVATED' },
          after: { status: 'ACTIVE' },
          file: null,
          line: null,
        });
      }
    });
    if (count < PAGE) return;
  }
}

/**
 * Classes and groups of the covered establishments that the feed no longer has: those of past years (la
 * rentrée) and this year's that no record declared or used. They are closed, not deleted: their members
 * stay as the pupils' history.
 */
async function closeUnits(ctx: ImportContext, inBatch: InBatch): Promise<void> {
  const coverage = [...ctx.coverage];
  if (coverage.length === 0) return;
  for (const table of ['classes', 'groups'] as const) {
    const touched = [...(table === 'classes' ? ctx.touchedClasses : ctx.touchedGroups)];
    await inBatch(async () => {
      const { rows } = await sql<{ id: string; name: string; establishment_id: string; external_id: string; academic_year: string }>`
        update ${sql.table(table)} set active = false, updated_at = ${ctx.run.now}
        where active and external_id is not null and establishment_id = ${anyOf(coverage, 'uuid')}
          and (academic_year <> ${ctx.run.academicYear}
               or not exists (select 1 from unnest(${arrayOf(touched, 'uuid')}) as used(id) where used.id = ${sql.table(table)}.id))
        returning id, name, establishment_id, external_id, academic_year`.execute(ctx.db);
      if (rows.length === 0) return;
      if (table === 'classes') {
        await sql`update class_enrolments set ended_at = ${ctx.run.now} where class_id = ${anyOf(
          rows.map((row) => row.id),
          'uuid',
        )} and ended_at is null`.execute(ctx.db);
      }
      for (const row of rows) {
        ctx.record({
          action: 'UPDATE',
          entityType: table === 'classes' ? 'CLASS' : 'GROUP',
          kind: table === 'classes' ? 'CLASSE' : 'GROUPE',
          entityId: row.id,
          externalId: row.external_id,
          establishmentId: row.establishment_id,
          label: `${row.name} (${row.academic_year})`,
          before: { active: true },
          after: { active: false },
          file: null,
          line: null,
        });
      }
    });
  }
}

export function threeMonthsAfter(date: Date): Date {
  const result = new Date(date);
  const day = result.getUTCDate();
  result.setUTCMonth(result.getUTCMonth() + 3);
  // 30 November + 3 months is 28 (or 29) February, not 2 March.
  if (result.getUTCDate() !== day) result.setUTCDate(0);
  return result;
}
