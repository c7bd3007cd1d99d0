import type { Clock, Logger } from '@ent/kit';
import { type Request, type Response, Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { verifyServiceToken } from './serviceToken.js';

/**
 * GET /internal/directory/export?establishmentId=… — the directory of one establishment as the GAR
 * export needs it, and nothing more (data minimisation: no login, no birth date, no address, no
 * parents — GAR has no parent file —, e-mail only for staff). NDJSON, one record per line, streamed:
 *
 *   {"type":"establishment","id","uai","name","kind"}
 *   {"type":"class","id","name","level"}            active classes
 *   {"type":"group","id","name"}                    active groups
 *   {"type":"pupil","id","lastName","firstName","classIds","groupIds"}
 *   {"type":"staff","id","lastName","firstName","email","functions":[{"profile","label"}],
 *    "teaching":[{"classId"|"groupId","subject"}]}
 *   {"type":"end","counts":{…}}                     last line: a stream without it was cut
 *
 * Only active accounts. Authenticated by a service token (serviceToken.ts) with scope
 * `directory:export`; a person's access token is refused.
 */
export const DIRECTORY_EXPORT_PATH = '/internal/directory/export';

export type ExportRecord =
  | { type: 'establishment'; id: string; uai: string; name: string; kind: string }
  | { type: 'class'; id: string; name: string; level: string }
  | { type: 'group'; id: string; name: string }
  | { type: 'pupil'; id: string; lastName: string; firstName: string; classIds: string[]; groupIds: string[] }
  | {
      type: 'staff';
      id: string;
      lastName: string;
      firstName: string;
      email: string | null;
      functions: { profile: string; label: string | null }[];
      teaching: { classId: string | null; groupId: string | null; subject: string }[];
    }
  | { type: 'end'; counts: Record<string, number> };

const STAFF_EXPORTED = ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DirectoryExportOptions {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  /** The shared service secret; without it the route answers 503 (not configured). */
  secret: string | undefined;
}

export function createDirectoryExportRoutes(options: DirectoryExportOptions): Router {
  const router = Router();
  router.get(DIRECTORY_EXPORT_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!options.secret) {
      options.logger.warn('directory export refused: ENT_SERVICE_SECRET is not set');
      res.status(503).json({ error: 'NOT_CONFIGURED', message: 'Interface interne non configurée (ENT_SERVICE_SECRET).' });
      return;
    }
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    let service: string;
    try {
      if (!token) throw new Error('no bearer token');
      ({ service } = await verifyServiceToken(options.secret, token, 'directory:export', options.clock.now()));
    } catch (error) {
      options.logger.warn({ reason: (error as Error).message }, 'directory export refused: bad service token');
      res.status(401).json({ error: 'UNAUTHENTICATED', message: 'Jeton de service absent ou refusé.' });
      return;
    }
    const establishmentId = req.query['establishmentId'];
    if (typeof establishmentId !== 'string' || !UUID.test(establishmentId)) {
      res.status(400).json({ error: 'BAD_USER_INPUT', field: 'establishmentId', message: 'Identifiant d’établissement invalide.' });
      return;
    }
    const establishment = await options.db
      .selectFrom('establishments')
      .select(['id', 'uai', 'name', 'type'])
      .where('id', '=', establishmentId)
      .executeTakeFirst();
    if (!establishment) {
      res.status(404).json({ error: 'NOT_FOUND', message: 'Établissement inconnu.' });
      return;
    }
    options.logger.info({ service, establishmentId }, 'directory export');
    res.status(200).type('application/x-ndjson; charset=utf-8');
    const write = (record: ExportRecord) => res.write(`${JSON.stringify(record)}\n`);
    try {
      write({ type: 'establishment', id: establishment.id, uai: establishment.uai, name: establishment.name, kind: establishment.type });
      const counts = await writeEstablishment(options.db, establishmentId, write);
      write({ type: 'end', counts });
    } catch (error) {
      // Headers are gone: the missing `end` line tells the caller the stream is incomplete.
      options.logger.error({ err: error, establishmentId }, 'directory export failed');
    }
    res.end();
  });
  return router;
}

async function writeEstablishment(
  db: Kysely<Database>,
  establishmentId: string,
  write: (record: ExportRecord) => void,
): Promise<Record<string, number>> {
  const classes = await db
    .selectFrom('classes')
    .select(['id', 'name', 'level'])
    .where('establishment_id', '=', establishmentId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  for (const row of classes) write({ type: 'class', id: row.id, name: row.name, level: row.level });
  const groups = await db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('establishment_id', '=', establishmentId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  for (const row of groups) write({ type: 'group', id: row.id, name: row.name });

  const classMembers = await db
    .selectFrom('class_members')
    .innerJoin('classes', 'classes.id', 'class_members.class_id')
    .select(['class_members.user_id', 'class_members.class_id'])
    .where('classes.establishment_id', '=', establishmentId)
    .where('classes.active', '=', true)
    .execute();
  const groupMembers = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['group_members.user_id', 'group_members.group_id'])
    .where('groups.establishment_id', '=', establishmentId)
    .where('groups.active', '=', true)
    .execute();
  const classesOf = groupBy(classMembers, (row) => row.user_id, (row) => row.class_id);
  const groupsOf = groupBy(groupMembers, (row) => row.user_id, (row) => row.group_id);

  const pupils = await db
    .selectFrom('user_profiles')
    .innerJoin('users', 'users.id', 'user_profiles.user_id')
    .select(['users.id', 'users.first_name', 'users.last_name'])
    .where('user_profiles.establishment_id', '=', establishmentId)
    .where('user_profiles.profile', '=', 'ELEVE')
    .where('users.status', '=', 'ACTIVE')
    .orderBy('users.id')
    .execute();
  for (const pupil of pupils) {
    write({
      type: 'pupil',
      id: pupil.id,
      lastName: pupil.last_name,
      firstName: pupil.first_name,
      classIds: classesOf.get(pupil.id) ?? [],
      groupIds: groupsOf.get(pupil.id) ?? [],
    });
  }

  const staffRows = await db
    .selectFrom('user_profiles')
    .innerJoin('users', 'users.id', 'user_profiles.user_id')
    .select(['users.id', 'users.first_name', 'users.last_name', 'users.email', 'user_profiles.profile', 'user_profiles.function_label'])
    .where('user_profiles.establishment_id', '=', establishmentId)
    .where('user_profiles.profile', 'in', [...STAFF_EXPORTED])
    .where('users.status', '=', 'ACTIVE')
    .orderBy('users.id')
    .execute();
  const assignments = await db
    .selectFrom('teaching_assignments')
    .leftJoin('classes', 'classes.id', 'teaching_assignments.class_id')
    .leftJoin('groups', 'groups.id', 'teaching_assignments.group_id')
    .select(['teaching_assignments.teacher_id', 'teaching_assignments.class_id', 'teaching_assignments.group_id', 'teaching_assignments.subject'])
    .where((eb) =>
      eb.or([
        eb.and([eb('classes.establishment_id', '=', establishmentId), eb('classes.active', '=', true)]),
        eb.and([eb('groups.establishment_id', '=', establishmentId), eb('groups.active', '=', true)]),
      ]),
    )
    .execute();
  const teachingOf = groupBy(
    assignments,
    (row) => row.teacher_id,
    (row) => ({ classId: row.class_id, groupId: row.group_id, subject: row.subject }),
  );
  let staff = 0;
  for (let index = 0; index < staffRows.length; ) {
    const first = staffRows[index]!;
    const functions: { profile: string; label: string | null }[] = [];
    while (index < staffRows.length && staffRows[index]!.id === first.id) {
      functions.push({ profile: staffRows[index]!.profile, label: staffRows[index]!.function_label });
      index++;
    }
    staff++;
    write({
      type: 'staff',
      id: first.id,
      lastName: first.last_name,
      firstName: first.first_name,
      email: first.email,
      functions,
      teaching: teachingOf.get(first.id) ?? [],
    });
  }
  return { classes: classes.length, groups: groups.length, pupils: pupils.length, staff };
}

function groupBy<T, V>(rows: readonly T[], key: (row: T) => string, value: (row: T) => V): Map<string, V[]> {
  const map = new Map<string, V[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(value(row));
    else map.set(key(row), [value(row)]);
  }
  return map;
}
