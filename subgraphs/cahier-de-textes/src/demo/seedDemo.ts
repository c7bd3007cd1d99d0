import type { Clock, Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import { addDays, parisDate } from '../cahier/dates.js';
import type { Database } from '../db/database.js';

/**
 * Demo content (ENT_DEMO not 0, empty database): a week of séances and homework for the demo teachers'
 * classes — prof.durand's 5e B and 3e A, prof.petit's CE1, prof.leroy's GS — some homework due tomorrow,
 * a past séance left in draft (« à remplir »). Written through this subgraph's own GraphQL API with the
 * teachers' real tokens, so the demo obeys the same rules as everyone. Ids are random in the annuaire:
 * they are learnt by signing in. Runs in the background, retrying until the annuaire has its demo.
 */

export const DEMO_PASSWORD = 'ent-demo-92';
export const DEMO_TEACHERS = ['prof.durand', 'prof.petit', 'prof.leroy'] as const;

export interface SeedDemoOptions {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  annuaireUrl: string;
  /** This subgraph's own GraphQL endpoint. */
  graphqlUrl: string;
  retryMs?: number;
  attempts?: number;
}

type Kind = 'EXERCISE' | 'LESSON_TO_LEARN' | 'EVALUATION' | 'TO_BRING';

/** One séance of the demo week, relative to today (Paris), and its homework. */
export interface DemoLesson {
  dayOffset: number;
  start: string;
  end: string;
  title: string;
  content: string;
  draft?: boolean;
  homework?: { dueOffset: number; kind: Kind; minutes: number; instructions: string };
}

const MATHS_5E: DemoLesson[] = [
  {
    dayOffset: -2,
    start: '10:00',
    end: '11:00',
    title: 'Nombres relatifs : repérage sur une droite graduée',
    content: '<p>Activité d’introduction, puis cours : abscisse d’un point, nombres opposés.</p>',
    homework: { dueOffset: 2, kind: 'LESSON_TO_LEARN', minutes: 15, instructions: '<p>Apprendre la définition des nombres opposés (cahier de leçons).</p>' },
  },
  {
    dayOffset: -1,
    start: '14:00',
    end: '15:00',
    title: 'Nombres relatifs : comparaison',
    content: '<p>Comparer deux nombres relatifs ; exercices 4 à 7 page 42 en classe.</p>',
    draft: true,
  },
  {
    dayOffset: 0,
    start: '08:00',
    end: '09:00',
    title: 'Fractions : égalité de fractions',
    content: '<p>Correction de l’interrogation, puis fractions égales et simplification.</p>',
    homework: { dueOffset: 1, kind: 'EXERCISE', minutes: 20, instructions: '<p>Exercices 23 et 24 page 58.</p>' },
  },
  {
    dayOffset: 0,
    start: '15:00',
    end: '16:00',
    title: 'Géométrie : construction de triangles',
    content: '<p>Construire un triangle connaissant ses trois longueurs, au compas.</p>',
    homework: { dueOffset: 1, kind: 'TO_BRING', minutes: 0, instructions: '<p>Apporter compas, règle et rapporteur.</p>' },
  },
  {
    dayOffset: 2,
    start: '10:00',
    end: '11:00',
    title: 'Évaluation : fractions',
    content: '<p>Évaluation d’une heure sur les fractions.</p>',
    homework: { dueOffset: 7, kind: 'EVALUATION', minutes: 45, instructions: '<p>Réviser les fractions : chapitre 4, exercices corrigés.</p>' },
  },
];

const MATHS_3E: DemoLesson[] = [
  {
    dayOffset: -1,
    start: '09:00',
    end: '10:00',
    title: 'Théorème de Thalès',
    content: '<p>Configuration de Thalès, calcul de longueurs.</p>',
    homework: { dueOffset: 1, kind: 'EXERCISE', minutes: 30, instructions: '<p>Exercices 12, 13 et 15 page 210.</p>' },
  },
  {
    dayOffset: 0,
    start: '11:00',
    end: '12:00',
    title: 'Fonctions affines',
    content: '<p>Représentation graphique d’une fonction affine ; coefficient directeur.</p>',
    homework: { dueOffset: 3, kind: 'LESSON_TO_LEARN', minutes: 20, instructions: '<p>Apprendre le cours sur les fonctions affines.</p>' },
  },
];

const CE1: DemoLesson[] = [
  {
    dayOffset: -1,
    start: '09:00',
    end: '10:30',
    title: 'Lecture : « Le loup qui voulait changer de couleur »',
    content: '<p>Lecture à voix haute et questions sur l’histoire.</p>',
    homework: { dueOffset: 1, kind: 'LESSON_TO_LEARN', minutes: 10, instructions: '<p>Relire les pages 4 et 5 avec un adulte.</p>' },
  },
  {
    dayOffset: 0,
    start: '13:30',
    end: '14:30',
    title: 'Calcul : les doubles',
    content: '<p>Jeu des doubles jusqu’à 20.</p>',
    homework: { dueOffset: 1, kind: 'EXERCISE', minutes: 10, instructions: '<p>Fiche « les doubles », exercice 1.</p>' },
  },
  {
    dayOffset: 0,
    start: '15:00',
    end: '16:00',
    title: 'Sciences : les saisons',
    content: '<p>Observation des arbres de la cour.</p>',
    homework: { dueOffset: 2, kind: 'TO_BRING', minutes: 0, instructions: '<p>Apporter une feuille d’arbre ramassée dehors.</p>' },
  },
];

const GS: DemoLesson[] = [
  {
    dayOffset: 0,
    start: '09:00',
    end: '10:00',
    title: 'Nous avons chanté « Une souris verte »',
    content: '<p>Les enfants ont appris la chanson et l’ont mimée. Demandez-leur de vous la chanter !</p>',
  },
  {
    dayOffset: 0,
    start: '14:00',
    end: '15:00',
    title: 'Peinture : les couleurs de l’automne',
    content: '<p>Peinture à la main avec du rouge, du jaune et de l’orange.</p>',
  },
];

/** The demo week of each teacher, by class name. */
export const DEMO_PLAN: Readonly<Record<string, Readonly<Record<string, readonly DemoLesson[]>>>> = {
  'prof.durand': { '5e B': MATHS_5E, '3e A': MATHS_3E },
  'prof.petit': { CE1 },
  'prof.leroy': { GS },
};

/** A Paris wall-clock time as an instant (the demo runs on a server in any zone). */
function parisInstant(date: string, time: string): Date {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const wanted = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const parts = Object.fromEntries(format.formatToParts(new Date(guess)).map((part) => [part.type, part.value]));
    const shown = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']));
    guess += wanted - shown;
  }
  return new Date(guess);
}

async function login(annuaireUrl: string, user: string): Promise<string> {
  const response = await fetch(`${annuaireUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`demo login ${user} failed (${response.status})`);
  return body.accessToken;
}

async function ask<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(`demo query failed: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data;
}

const CREATE_LESSON = 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }';
const CREATE_HOMEWORK = 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }';

/** Writes one teacher's week; returns the number of séances written. */
async function seedTeacher(options: SeedDemoOptions, teacher: string): Promise<number> {
  const plan = DEMO_PLAN[teacher] ?? {};
  const token = await login(options.annuaireUrl, teacher);
  const me = await ask<{ me: { teachings: Array<{ subject: string; class: { id: string; name: string } | null }> } }>(
    `${options.annuaireUrl}/graphql`,
    token,
    'query { me { teachings { subject class { id name } } } }',
  );
  const now = options.clock.now();
  const today = parisDate(now);
  // A minute ago: published now, whatever the rounding of either clock.
  const published = new Date(now.getTime() - 60_000).toISOString();
  let written = 0;
  for (const teaching of me.me.teachings) {
    const lessons = teaching.class ? plan[teaching.class.name] : undefined;
    if (!teaching.class || !lessons) continue;
    for (const lesson of lessons) {
      const day = addDays(today, lesson.dayOffset);
      const created = await ask<{ createLesson: { id: string } }>(options.graphqlUrl, token, CREATE_LESSON, {
        input: {
          classId: teaching.class.id,
          subject: teaching.subject,
          startsAt: parisInstant(day, lesson.start).toISOString(),
          endsAt: parisInstant(day, lesson.end).toISOString(),
          title: lesson.title,
          content: lesson.content,
          publishAt: lesson.draft ? null : published,
        },
      });
      written++;
      if (lesson.homework) {
        await ask(options.graphqlUrl, token, CREATE_HOMEWORK, {
          input: {
            lessonId: created.createLesson.id,
            dueDate: addDays(today, lesson.homework.dueOffset),
            kind: lesson.homework.kind,
            estimatedMinutes: lesson.homework.minutes,
            instructions: lesson.homework.instructions,
            publishAt: lesson.draft ? null : published,
          },
        });
      }
    }
  }
  return written;
}

/**
 * Seeds the demo week once, on an empty database. Returns the séances written (0 when there was
 * already content). Retries while the annuaire is not up or not seeded yet; never throws.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<number> {
  const attempts = options.attempts ?? 60;
  const retryMs = options.retryMs ?? 5_000;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const existing = await options.db.selectFrom('lessons').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      if (Number(existing.count) > 0) return 0;
      let written = 0;
      for (const teacher of DEMO_TEACHERS) written += await seedTeacher(options, teacher);
      options.logger.info({ lessons: written }, 'cahier-de-textes demo content written');
      return written;
    } catch (error) {
      if (attempt === attempts) {
        options.logger.warn({ err: error }, 'cahier-de-textes demo content not written');
        return 0;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  return 0;
}
