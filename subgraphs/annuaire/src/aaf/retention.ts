import { type Clock, systemClock } from '@ent/kit';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { aafDb } from './importContext.js';
import { anyOf } from './sqlBulk.js';

export interface PurgeResult {
  purged: number;
}

/** Journal fields that name or describe a person; redacted when the person's data is purged. */
const PERSONAL_FIELDS = ['firstName', 'lastName', 'birthDate', 'ine', 'email', 'addressKey', 'relatives', 'children'];

/**
 * Deletes the personal data of accounts deactivated more than three months ago (the date is set at
 * deactivation: `personal_data_purge_at`). The account row stays, anonymised, so that the ids other
 * services hold and the class history still resolve (« Compte supprimé »); names, birth date, INE, email,
 * address fingerprint, login, credentials, feed identifiers, sessions and preferences go, and the import
 * journal's descriptions of the person are redacted. Meant for the nightly job; idempotent; batches of `batchSize`.
 */
export async function purgeExpiredPersonalData(
  db: Kysely<Database>,
  options: { clock?: Clock; batchSize?: number } = {},
): Promise<PurgeResult> {
  const now = (options.clock ?? systemClock).now();
  const batchSize = options.batchSize ?? 1_000;
  const adb = aafDb(db);
  let purged = 0;
  for (;;) {
    const count = await adb.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('users')
        .select('id')
        .where('status', '=', 'DEACTIVATED')
        .where('purged_at', 'is', null)
        .where('personal_data_purge_at', '<=', now)
        .orderBy('personal_data_purge_at')
        .limit(batchSize)
        .forUpdate()
        .execute();
      if (due.length === 0) return 0;
      const ids = due.map((row) => row.id);
      const inIds = sql<boolean>`id = ${anyOf(ids, 'uuid')}`;
      await sql`update users set
          login = 'supprime.' || replace(id::text, '-', ''),
          first_name = '', last_name = 'Compte supprimé', email = null, password_hash = null, password_changed_at = null,
          totp_secret = null, totp_enrolled_at = null, external_id = null, birth_date = null, ine = null, name_key = null,
          address_key = null, purged_at = ${now}, updated_at = ${now}
        where ${inIds}`.execute(trx);
      await sql`delete from user_external_ids where user_id = ${anyOf(ids, 'uuid')}`.execute(trx);
      await sql`delete from sessions where user_id = ${anyOf(ids, 'uuid')}`.execute(trx);
      await sql`delete from user_preferences where user_id = ${anyOf(ids, 'uuid')}`.execute(trx);
      await sql`delete from directory_duplicate_candidates where status = 'OPEN'
        and (user_id = ${anyOf(ids, 'uuid')} or other_user_id = ${anyOf(ids, 'uuid')})`.execute(trx);
      const strip = PERSONAL_FIELDS.reduce((expression, field) => sql`(${expression}) - ${field}`, sql`x`);
      await sql`update directory_import_journal set
          before = (select ${strip} from (select before as x) s),
          after = (select ${strip} from (select after as x) s)
        where entity_id = ${anyOf(ids, 'uuid')}`.execute(trx);
      await trx
        .insertInto('directory_import_journal')
        .values(
          ids.map((id) => ({
            run_id: null,
            at: now,
            actor: 'retention',
            action: 'PURGE',
            entity_type: 'USER',
            entity_id: id,
            external_id: null,
            establishment_id: null,
            before: null,
            after: JSON.stringify({ personalData: 'deleted' }),
            file: null,
            line: null,
          })),
        )
        .execute();
      return ids.length;
    });
    purged += count;
    if (count < batchSize) return { purged };
  }
}
