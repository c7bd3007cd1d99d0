import { type Clock, conflict, notFound, systemClock } from '@ent/kit';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { DuplicateStatus } from '../db/importTables.js';
import { arrayLiteral } from '../seed/bulkInsert.js';
import { type AafDb, aafDb } from './importContext.js';
import type { CreatedUser } from './people.js';
import { anyOf } from './sqlBulk.js';

export type DuplicateReason = 'SAME_BIRTH_DATE' | 'SAME_ADDRESS' | 'SAME_EMAIL';

interface Candidate {
  id: string;
  name_key: string;
  birth_date: string | null;
  email: string | null;
  address_key: string | null;
}

/**
 * Likely duplicates among accounts just created and the directory: same first and last name (folded),
 * and the same birth date, postal address or email — unless their birth dates differ, or one is the
 * other's parent or child (a father and son of the same name share an address). Pairs are recorded for
 * an administrator, never merged here; a pair already decided is not reported again.
 */
export async function detectDuplicates(db: AafDb, created: readonly CreatedUser[], runId: string | null, now: Date): Promise<number> {
  if (created.length === 0) return 0;
  const keys = [...new Set(created.map((user) => user.nameKey))];
  const { rows } = await sql<Candidate>`
    select id, name_key, birth_date::text as birth_date, lower(email) as email, address_key
    from users where name_key = ${anyOf(keys, 'text')} and purged_at is null and merged_into is null`.execute(db);
  const byKey = new Map<string, Candidate[]>();
  for (const row of rows) byKey.set(row.name_key, [...(byKey.get(row.name_key) ?? []), row]);
  const pairs = new Map<string, { a: string; b: string; reasons: DuplicateReason[] }>();
  for (const user of created) {
    for (const other of byKey.get(user.nameKey) ?? []) {
      if (other.id === user.id) continue;
      const reasons = reasonsOf(user, other);
      if (reasons.length === 0) continue;
      const [a, b] = user.id < other.id ? [user.id, other.id] : [other.id, user.id];
      pairs.set(`${a}|${b}`, { a, b, reasons });
    }
  }
  if (pairs.size === 0) return 0;
  const ids = [...new Set([...pairs.values()].flatMap((pair) => [pair.a, pair.b]))];
  const families = await db
    .selectFrom('family_links')
    .select(['parent_id', 'child_id'])
    .where(sql<boolean>`parent_id = ${anyOf(ids, 'uuid')} and child_id = ${anyOf(ids, 'uuid')}`)
    .execute();
  for (const link of families) {
    const [a, b] = link.parent_id < link.child_id ? [link.parent_id, link.child_id] : [link.child_id, link.parent_id];
    pairs.delete(`${a}|${b}`);
  }
  if (pairs.size === 0) return 0;
  const values = [...pairs.values()].map(
    (pair) => sql`(${pair.a}::uuid, ${pair.b}::uuid, ${arrayLiteral(pair.reasons)}::text[], ${now}::timestamptz, ${runId}::uuid)`,
  );
  const inserted = await sql<{ id: string }>`
    insert into directory_duplicate_candidates (user_id, other_user_id, reasons, detected_at, run_id)
    values ${sql.join(values)} on conflict do nothing returning id`.execute(db);
  return inserted.rows.length;
}

function reasonsOf(user: CreatedUser, other: Candidate): DuplicateReason[] {
  if (user.birthDate && other.birth_date && user.birthDate !== other.birth_date) return [];
  const reasons: DuplicateReason[] = [];
  if (user.birthDate && user.birthDate === other.birth_date) reasons.push('SAME_BIRTH_DATE');
  if (user.addressKey && user.addressKey === other.address_key) reasons.push('SAME_ADDRESS');
  if (user.email && user.email.toLowerCase() === other.email) reasons.push('SAME_EMAIL');
  return reasons;
}

export interface DuplicatePerson {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  status: string;
  externalIds: string[];
  /** « PARENT 0921234A », « ELEVE … »: where the account is used. */
  profiles: string[];
}

export interface DuplicateCandidate {
  id: string;
  status: DuplicateStatus;
  reasons: DuplicateReason[];
  detectedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  keptUserId: string | null;
  user: DuplicatePerson;
  otherUser: DuplicatePerson;
}

/** Pairs for the administration screen, newest first, with what an administrator needs to decide. */
export async function listDuplicateCandidates(
  db: Kysely<Database>,
  options: { status?: DuplicateStatus; limit?: number; offset?: number } = {},
): Promise<DuplicateCandidate[]> {
  const adb = aafDb(db);
  const rows = await adb
    .selectFrom('directory_duplicate_candidates')
    .selectAll()
    .where('status', '=', options.status ?? 'OPEN')
    .orderBy('detected_at', 'desc')
    .orderBy('id')
    .limit(Math.min(options.limit ?? 50, 500))
    .offset(options.offset ?? 0)
    .execute();
  const people = await peopleByIds(adb, [...new Set(rows.flatMap((row) => [row.user_id, row.other_user_id]))]);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    reasons: row.reasons as DuplicateReason[],
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    keptUserId: row.kept_user_id,
    user: people.get(row.user_id) as DuplicatePerson,
    otherUser: people.get(row.other_user_id) as DuplicatePerson,
  }));
}

async function peopleByIds(db: AafDb, ids: readonly string[]): Promise<Map<string, DuplicatePerson>> {
  const people = new Map<string, DuplicatePerson>();
  if (ids.length === 0) return people;
  const { rows } = await sql<{
    id: string;
    login: string;
    first_name: string;
    last_name: string;
    birth_date: string | null;
    status: string;
    external_ids: string[] | null;
    profiles: string[] | null;
  }>`
    select u.id, u.login, u.first_name, u.last_name, u.birth_date::text as birth_date, u.status,
      (select array_agg(e.external_id order by e.external_id) from user_external_ids e where e.user_id = u.id) as external_ids,
      (select array_agg(p.profile || coalesce(' ' || s.uai, '') order by p.profile, s.uai)
         from user_profiles p left join establishments s on s.id = p.establishment_id where p.user_id = u.id) as profiles
    from users u where u.id = ${anyOf(ids, 'uuid')}`.execute(db);
  for (const row of rows) {
    people.set(row.id, {
      id: row.id,
      login: row.login,
      firstName: row.first_name,
      lastName: row.last_name,
      birthDate: row.birth_date,
      status: row.status,
      externalIds: row.external_ids ?? [],
      profiles: row.profiles ?? [],
    });
  }
  return people;
}

/** An administrator decides two accounts are different people: the pair is closed and not reported again. */
export async function dismissDuplicateCandidate(
  db: Kysely<Database>,
  options: { candidateId: string; actor: string; clock?: Clock },
): Promise<void> {
  const now = (options.clock ?? systemClock).now();
  const result = await aafDb(db)
    .updateTable('directory_duplicate_candidates')
    .set({ status: 'DISMISSED', resolved_at: now, resolved_by: options.actor })
    .where('id', '=', options.candidateId)
    .where('status', '=', 'OPEN')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('Doublon à traiter');
}

export interface MergeResult {
  keptUserId: string;
  mergedUserId: string;
  externalIds: string[];
}

/**
 * Merges `mergedUserId` into `keepUserId`, in one transaction. Both histories are kept: the kept account
 * takes over the other's feed identifiers (so later imports of either feed land on it), profiles, classes
 * and class history, groups, family links and teaching; the journal rows of both stay where they are and
 * the merged account remains, deactivated, pointing to the kept one (`merged_into`), so that ids held by
 * other services still lead somewhere. Its sessions are revoked and its personal data scheduled for purge.
 */
export async function mergeUsers(
  db: Kysely<Database>,
  options: { keepUserId: string; mergedUserId: string; actor: string; clock?: Clock },
): Promise<MergeResult> {
  const now = (options.clock ?? systemClock).now();
  const { keepUserId: keep, mergedUserId: merged, actor } = options;
  if (keep === merged) throw conflict('un compte ne peut pas être fusionné avec lui-même');
  return aafDb(db)
    .transaction()
    .execute(async (trx) => {
      const users = await trx
        .selectFrom('users')
        .select(['id', 'first_name', 'last_name', 'email', 'ine', 'address_key', 'purged_at', 'merged_into', 'external_id'])
        .select(sql<string | null>`birth_date::text`.as('birth_date'))
        .where('id', 'in', [keep, merged])
        .forUpdate()
        .execute();
      const kept = users.find((user) => user.id === keep);
      const gone = users.find((user) => user.id === merged);
      if (!kept || !gone) throw notFound('Utilisateur');
      if (kept.purged_at || gone.purged_at || kept.merged_into || gone.merged_into) {
        throw conflict('l’un des comptes a déjà été fusionné ou ses données effacées');
      }
      const beforeIds = (await trx.selectFrom('user_external_ids').select('external_id').where('user_id', '=', keep).execute()).map((row) => row.external_id);

      await sql`update user_external_ids set user_id = ${keep} where user_id = ${merged}`.execute(trx);
      await sql`insert into user_profiles (user_id, profile, establishment_id, function_label, source_external_id, created_at)
        select ${keep}, profile, establishment_id, function_label, source_external_id, created_at from user_profiles where user_id = ${merged}
        on conflict do nothing`.execute(trx);
      await sql`delete from user_profiles where user_id = ${merged}`.execute(trx);
      for (const [table, unit] of [
        ['class_members', 'class_id'],
        ['group_members', 'group_id'],
      ] as const) {
        await sql`insert into ${sql.table(table)} (${sql.ref(unit)}, user_id, source_external_id, created_at)
          select ${sql.ref(unit)}, ${keep}, source_external_id, created_at from ${sql.table(table)} where user_id = ${merged}
          on conflict do nothing`.execute(trx);
        await sql`delete from ${sql.table(table)} where user_id = ${merged}`.execute(trx);
      }
      // Class history moves over whole; an enrolment open on both sides stays open once.
      await sql`update class_enrolments set ended_at = ${now} where user_id = ${merged} and ended_at is null
        and class_id in (select class_id from class_enrolments where user_id = ${keep} and ended_at is null)`.execute(trx);
      await sql`update class_enrolments set user_id = ${keep} where user_id = ${merged}`.execute(trx);
      await sql`insert into family_links (parent_id, child_id, legal_guardian, relationship, source_external_id, created_at)
        select ${keep}, child_id, legal_guardian, relationship, source_external_id, created_at from family_links
        where parent_id = ${merged} and child_id <> ${keep} on conflict do nothing`.execute(trx);
      await sql`insert into family_links (parent_id, child_id, legal_guardian, relationship, source_external_id, created_at)
        select parent_id, ${keep}, legal_guardian, relationship, source_external_id, created_at from family_links
        where child_id = ${merged} and parent_id <> ${keep} on conflict do nothing`.execute(trx);
      await sql`delete from family_links where parent_id = ${merged} or child_id = ${merged}`.execute(trx);
      await sql`insert into teaching_assignments (teacher_id, class_id, group_id, subject, head_teacher, source_external_id, created_at)
        select ${keep}, class_id, group_id, subject, head_teacher, source_external_id, created_at from teaching_assignments
        where teacher_id = ${merged} on conflict do nothing`.execute(trx);
      await sql`delete from teaching_assignments where teacher_id = ${merged}`.execute(trx);
      await sql`update sessions set revoked_at = ${now}, revoked_reason = 'ACCOUNT_MERGED' where user_id = ${merged} and revoked_at is null`.execute(trx);

      await trx
        .updateTable('users')
        .set({
          email: kept.email ?? gone.email,
          birth_date: kept.birth_date ?? gone.birth_date,
          ine: kept.ine ?? gone.ine,
          address_key: kept.address_key ?? gone.address_key,
          updated_at: now,
        })
        .where('id', '=', keep)
        .execute();
      const purgeAt = new Date(now);
      purgeAt.setUTCMonth(purgeAt.getUTCMonth() + 3);
      await trx
        .updateTable('users')
        .set({
          status: 'DEACTIVATED',
          deactivated_at: now,
          merged_into: keep,
          external_id: null,
          personal_data_purge_at: purgeAt,
          updated_at: now,
        })
        .where('id', '=', merged)
        .execute();
      // users.external_id is unique: the kept account takes the merged one's only once it is released.
      if (!kept.external_id && gone.external_id) {
        await trx.updateTable('users').set({ external_id: gone.external_id }).where('id', '=', keep).execute();
      }

      const candidates = await trx
        .selectFrom('directory_duplicate_candidates')
        .select(['id', 'user_id', 'other_user_id', 'status'])
        .where((eb) => eb.or([eb('user_id', '=', merged), eb('other_user_id', '=', merged)]))
        .execute();
      for (const candidate of candidates) {
        const other = candidate.user_id === merged ? candidate.other_user_id : candidate.user_id;
        if (other === keep) {
          await trx
            .updateTable('directory_duplicate_candidates')
            .set({ status: 'MERGED', resolved_at: now, resolved_by: actor, kept_user_id: keep })
            .where('id', '=', candidate.id)
            .execute();
        } else if (candidate.status === 'OPEN') {
          // Whoever looked like the merged account now looks like the kept one: the next import re-detects them.
          await trx.deleteFrom('directory_duplicate_candidates').where('id', '=', candidate.id).execute();
        }
      }
      if (!candidates.some((candidate) => candidate.user_id === keep || candidate.other_user_id === keep)) {
        const [a, b] = keep < merged ? [keep, merged] : [merged, keep];
        await sql`insert into directory_duplicate_candidates (user_id, other_user_id, reasons, status, detected_at, resolved_at, resolved_by, kept_user_id)
          values (${a}, ${b}, '{}'::text[], 'MERGED', ${now}, ${now}, ${actor}, ${keep}) on conflict do nothing`.execute(trx);
      }

      const afterIds = (await trx.selectFrom('user_external_ids').select('external_id').where('user_id', '=', keep).execute())
        .map((row) => row.external_id)
        .sort();
      await trx
        .insertInto('directory_import_journal')
        .values([
          {
            run_id: null,
            at: now,
            actor,
            action: 'MERGE',
            entity_type: 'USER',
            entity_id: keep,
            external_id: kept.external_id,
            establishment_id: null,
            before: JSON.stringify({ externalIds: beforeIds.sort() }),
            after: JSON.stringify({ externalIds: afterIds, mergedFrom: merged }),
            file: null,
            line: null,
          },
          {
            run_id: null,
            at: now,
            actor,
            action: 'MERGE',
            entity_type: 'USER',
            entity_id: merged,
            external_id: gone.external_id,
            establishment_id: null,
            before: JSON.stringify({ status: 'ACTIVE' }),
            after: JSON.stringify({ status: 'DEACTIVATED', mergedInto: keep }),
            file: null,
            line: null,
          },
        ])
        .execute();
      return { keptUserId: keep, mergedUserId: merged, externalIds: afterIds };
    });
}
