import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, migrations, seedDemo } from '@ent/annuaire';
import { type Database as CahierDatabase, migrations as cahierMigrations } from '@ent/cahier-de-textes';
import { openDatabase, silentLogger } from '@ent/kit';
import type { Insertable, Kysely } from 'kysely';
import { formatResults, type LoadResult, runLoad } from './load.js';
import { benchToken, startBenchServices } from './services.js';

/**
 * npm run bench:cahier — the pupil's « À faire » through the router with a collège's real volume: the
 * previous school year and this one up to two weeks ahead, for 16 classes (the demo collège's 4 and 12
 * more), 26 séances per class and week, homework on 4 séances in 10, ticks by 70 % of 25 pupils on the
 * past ones. The annuaire, the cahier de textes and the router run as separate processes, as in
 * production. Prints figures; asserts nothing.
 *
 * ENT_BENCH_SECONDS (default 15), ENT_BENCH_CONNECTIONS (default 16).
 */
const seconds = Number(process.env['ENT_BENCH_SECONDS'] ?? 15);
const connections = Number(process.env['ENT_BENCH_CONNECTIONS'] ?? 16);

const TIMETABLE: ReadonlyArray<[subject: string, hoursPerWeek: number]> = [
  ['Français', 5],
  ['Mathématiques', 4],
  ['Histoire-géographie', 3],
  ['Anglais', 3],
  ['EPS', 3],
  ['Espagnol', 2],
  ['SVT', 2],
  ['Physique-chimie', 2],
  ['Technologie', 2],
];
/** Hours (UTC, so 8 h–16 h Paris in winter) of the 26 weekly slots: Wednesday afternoon off. */
const SLOTS: ReadonlyArray<[weekday: number, hour: number]> = [1, 2, 3, 4, 5].flatMap((day) =>
  (day === 3 ? [7, 8, 9, 10] : [7, 8, 9, 10, 12, 13]).map((hour): [number, number] => [day, hour]),
);
const KINDS = ['EXERCISE', 'LESSON_TO_LEARN', 'EVALUATION', 'TO_BRING'] as const;

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Monday of the week of September 1st of the school year `startYear`–`startYear + 1`. */
function firstMonday(startYear: number): Date {
  const september = new Date(Date.UTC(startYear, 8, 1));
  return addDays(september, -((september.getUTCDay() + 6) % 7));
}

interface Volume {
  lessons: number;
  homework: number;
  ticks: number;
  seconds: number;
}

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 500): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

async function prepareData(dataRoot: string): Promise<Volume> {
  const started = Date.now();
  const annuaire = await openDatabase<Database>({ subgraph: 'annuaire', migrations, dataDir: join(dataRoot, 'annuaire'), logger: silentLogger });
  await seedDemo(annuaire.db, { logger: silentLogger });
  const college = await annuaire.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();
  const classes = await annuaire.db.selectFrom('classes').select(['id', 'name']).where('establishment_id', '=', college.id).execute();
  const members = await annuaire.db
    .selectFrom('class_members')
    .select(['class_id', 'user_id'])
    .where('class_id', 'in', classes.map((schoolClass) => schoolClass.id))
    .execute();
  const durand = await annuaire.db.selectFrom('users').select('id').where('login', '=', 'prof.durand').executeTakeFirstOrThrow();
  const class5eB = classes.find((schoolClass) => schoolClass.name === '5e B')?.id;
  // Authors are the collège's teachers (the router resolves each author's name in the annuaire).
  const teachers = (
    await annuaire.db
      .selectFrom('user_profiles')
      .select('user_id')
      .where('establishment_id', '=', college.id)
      .where('profile', '=', 'ENSEIGNANT')
      .execute()
  ).map((row) => row.user_id);
  await annuaire.close();
  let nextTeacher = 0;
  const teacher = () => teachers[nextTeacher++ % teachers.length] as string;

  // 16 classes: the demo's (with their pupils) and 12 more of the same collège (ids only: the cahier de textes stores ids).
  const targets = [
    ...classes.map((schoolClass) => ({ id: schoolClass.id, pupils: members.filter((m) => m.class_id === schoolClass.id).map((m) => m.user_id) })),
    ...Array.from({ length: 16 - classes.length }, () => ({ id: randomUUID(), pupils: Array.from({ length: 25 }, () => randomUUID()) })),
  ];

  const now = new Date();
  const thisYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const periods = [
    { from: firstMonday(thisYear - 1), to: new Date(Date.UTC(thisYear, 6, 4)) },
    { from: firstMonday(thisYear), to: addDays(now, 14) },
  ];
  const lessons: Insertable<CahierDatabase['lessons']>[] = [];
  const homework: Insertable<CahierDatabase['homework']>[] = [];
  const ticks: Insertable<CahierDatabase['homework_done']>[] = [];
  let counter = 0;
  for (const target of targets) {
    const authors = new Map(TIMETABLE.map(([subject]) => [subject, target.id === class5eB && subject === 'Mathématiques' ? durand.id : teacher()]));
    const subjects = TIMETABLE.flatMap(([subject, hours]) => Array.from({ length: hours }, () => subject));
    for (const period of periods) {
      for (let monday = period.from; monday < period.to; monday = addDays(monday, 7)) {
        SLOTS.forEach(([weekday, hour], slot) => {
          const startsAt = new Date(addDays(monday, weekday - 1).getTime() + hour * 3_600_000);
          if (startsAt > period.to) return;
          const subject = subjects[slot % subjects.length] as string;
          const author = authors.get(subject) as string;
          const lessonId = randomUUID();
          counter++;
          lessons.push({
            id: lessonId,
            establishment_id: college.id,
            class_id: target.id,
            group_id: null,
            subject,
            starts_at: startsAt,
            ends_at: new Date(startsAt.getTime() + 3_600_000),
            title: `${subject} — séance ${counter}`,
            content_html: '<p>Correction des exercices, puis cours : définitions et exemples, exercices d’application.</p>',
            objectives: 'Savoir appliquer la méthode vue en classe.',
            author_id: author,
            publish_at: startsAt,
            created_at: startsAt,
            updated_at: startsAt,
          });
          if (counter % 10 >= 4) return;
          const due = addDays(startsAt, 2 + (counter % 6));
          const homeworkId = randomUUID();
          homework.push({
            id: homeworkId,
            lesson_id: lessonId,
            establishment_id: college.id,
            class_id: target.id,
            group_id: null,
            subject,
            due_date: day(due),
            kind: KINDS[counter % KINDS.length] as string,
            estimated_minutes: 10 + (counter % 4) * 10,
            instructions_html: '<p>Exercices 3, 4 et 5 page 112 ; relire la leçon.</p>',
            author_id: author,
            publish_at: startsAt,
            created_at: startsAt,
            updated_at: startsAt,
          });
          if (due < now) {
            target.pupils.forEach((pupil, index) => {
              if ((index + counter) % 10 < 7) ticks.push({ homework_id: homeworkId, pupil_id: pupil, done_at: due });
            });
          }
        });
      }
    }
  }
  const cahier = await openDatabase<CahierDatabase>({
    subgraph: 'cahier-de-textes',
    migrations: cahierMigrations,
    dataDir: join(dataRoot, 'cahier-de-textes'),
    logger: silentLogger,
  });
  const db: Kysely<CahierDatabase> = cahier.db;
  await insertInBatches(lessons, (batch) => db.insertInto('lessons').values(batch).execute());
  await insertInBatches(homework, (batch) => db.insertInto('homework').values(batch).execute());
  await insertInBatches(ticks, (batch) => db.insertInto('homework_done').values(batch).execute(), 2000);
  await cahier.close();
  return { lessons: lessons.length, homework: homework.length, ticks: ticks.length, seconds: (Date.now() - started) / 1000 };
}

const TODO = '{ homeworkToDo { id subject dueDate kind estimatedMinutes instructions done author { id displayName } } }';
/** The same without the author's name, which only the annuaire knows: what the router asks the cahier de textes. */
const TODO_OWN_FIELDS = '{ homeworkToDo { id subject dueDate kind estimatedMinutes instructions done author { id } } }';
const CHILD_TODO = 'query ($pupilId: ID!) { homeworkToDo(pupilId: $pupilId) { id subject dueDate kind estimatedMinutes instructions done } }';

async function main(): Promise<void> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'ent-bench-cahier-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    const volume = await prepareData(dataRoot);
    console.log(
      `Data: ${volume.lessons} séances, ${volume.homework} travaux à faire, ${volume.ticks} « fait » (16 classes, last school year and this one) written in ${volume.seconds.toFixed(1)} s`,
    );
    const services = await startBenchServices(dataRoot, ['cahier-de-textes']);
    stop = services.stop;
    const routerUrl = services.urls['router'] as string;
    const cahierUrl = services.urls['cahier-de-textes'] as string;
    const pupil = { authorization: `Bearer ${await benchToken(routerUrl, 'eleve.lucas')}` };
    const parentToken = await benchToken(routerUrl, 'parent.bernard');
    const parent = { authorization: `Bearer ${parentToken}` };

    const children = await fetch(`${routerUrl}/graphql`, {
      method: 'POST',
      headers: { ...parent, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { children { id firstName } } }' }),
    });
    const lucasId = ((await children.json()) as { data: { me: { children: Array<{ id: string; firstName: string }> } } }).data.me.children.find(
      (child) => child.firstName === 'Lucas',
    )?.id;
    const body = JSON.stringify({ query: TODO });
    const childBody = JSON.stringify({ query: CHILD_TODO, variables: { pupilId: lucasId } });
    const check = await fetch(`${routerUrl}/graphql`, { method: 'POST', headers: { ...pupil, 'content-type': 'application/json' }, body });
    const text = await check.text();
    const answer = JSON.parse(text) as { data?: { homeworkToDo: unknown[] } | null };
    if (!answer.data) throw new Error(`the « À faire » query failed: ${check.status} ${text.slice(0, 500)}`);
    console.log(`Query: ${TODO}\nAnswer: ${answer.data.homeworkToDo.length} travaux à faire for eleve.lucas (5e B)\n`);

    const results: LoadResult[] = [];
    await runLoad({ label: 'warm-up', url: `${routerUrl}/graphql`, connections, durationSeconds: 3, headers: pupil, bodies: [body] });
    results.push(await runLoad({ label: 'À faire, 1 connection (router)', url: `${routerUrl}/graphql`, connections: 1, durationSeconds: seconds, headers: pupil, bodies: [body] }));
    results.push(await runLoad({ label: `À faire, ${connections} conn. (router)`, url: `${routerUrl}/graphql`, connections, durationSeconds: seconds, headers: pupil, bodies: [body] }));
    const ownFields = JSON.stringify({ query: TODO_OWN_FIELDS });
    results.push(
      await runLoad({ label: `À faire, ${connections} conn. (direct)`, url: `${cahierUrl}/graphql`, connections, durationSeconds: seconds, headers: pupil, bodies: [ownFields] }),
    );
    results.push(await runLoad({ label: `parent, child (router)`, url: `${routerUrl}/graphql`, connections, durationSeconds: seconds, headers: parent, bodies: [childBody] }));
    console.log(formatResults(results));
  } finally {
    await stop?.();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();
