import { randomUUID } from 'node:crypto';
import type { Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

const DEMO_PASSWORD = 'ent-demo-92';

async function ask<T>(annuaireUrl: string, token: string, query: string): Promise<T> {
  const response = await fetch(`${annuaireUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { data?: T };
  if (!body.data) throw new Error('annuaire: no data');
  return body.data;
}

async function login(annuaireUrl: string, user: string): Promise<string> {
  const response = await fetch(`${annuaireUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`demo login ${user}: HTTP ${response.status}`);
  return body.accessToken;
}

/** A few absences and lateness in prof.durand's 5e B (Lucas among them), once, on an empty table. */
export async function seedDemo(db: Kysely<Database>, annuaireUrl: string, now: Date = new Date()): Promise<number> {
  const existing = await db.selectFrom('attendance_records').select('id').limit(1).executeTakeFirst();
  if (existing) return 0;
  const token = await login(annuaireUrl, 'prof.durand');
  const { me } = await ask<{
    me: { id: string; teachings: Array<{ class: { id: string; name: string; establishment: { id: string }; pupils: Array<{ id: string; login: string | null }> | null } | null }> };
  }>(annuaireUrl, token, '{ me { id teachings { class { id name establishment { id } pupils { id login } } } } }');
  const klass = me.teachings.map((t) => t.class).find((c) => c?.name === '5e B');
  if (!klass?.pupils?.length) throw new Error('demo: 5e B not found yet');
  const lucas = klass.pupils.find((p) => p.login === 'eleve.lucas') ?? klass.pupils[0];
  const others = klass.pupils.filter((p) => p.id !== lucas?.id).slice(0, 3);
  const day = (offset: number) => new Date(now.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  const rows = [
    { pupil: lucas, kind: 'ABSENCE' as const, date: day(2), slot: '08:00', minutes: null },
    { pupil: lucas, kind: 'LATENESS' as const, date: day(6), slot: '10:00', minutes: 10 },
    ...others.map((pupil, index) => ({ pupil, kind: 'ABSENCE' as const, date: day(index + 1), slot: '14:00', minutes: null })),
  ];
  await db
    .insertInto('attendance_records')
    .values(
      rows.flatMap((row) =>
        row.pupil
          ? [
              {
                id: randomUUID(),
                pupil_id: row.pupil.id,
                class_id: klass.id,
                establishment_id: klass.establishment.id,
                kind: row.kind,
                lesson_date: row.date,
                slot: row.slot,
                minutes_late: row.minutes,
                recorded_by: me.id,
                recorded_at: now,
              },
            ]
          : [],
      ),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  return rows.length;
}

/** Retries in the background until the annuaire has its demo; never blocks readiness. */
export function seedDemoInBackground(options: { db: Kysely<Database>; annuaireUrl: string; logger: Logger }): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (tries: number) => {
    if (stopped) return;
    try {
      const count = await seedDemo(options.db, options.annuaireUrl);
      if (count > 0) options.logger.info({ count }, 'demo attendance seeded');
    } catch (error) {
      if (tries >= 60) return options.logger.warn({ err: error }, 'demo attendance not seeded');
      timer = setTimeout(() => void attempt(tries + 1), 5_000);
      timer.unref();
    }
  };
  void attempt(0);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
