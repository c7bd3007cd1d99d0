import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, type RunningEnt, startEnt } from '../src/harness.js';

/*
 * The cahier de textes' authorization matrix, through the router with real tokens: every query and
 * mutation of the subgraph, asked by every kind of person of the demo. Each row states who may and what
 * the others get (the code); a person refused never gets data. The rows are written out (not computed
 * from the rules in src/cahier/access.ts): they are the specification the code is checked against.
 */

const ACTORS = [
  'anonymous',
  'eleve.lucas', // pupil of 5e B, collège Paul Éluard
  'eleve.noah', // pupil of 6e A, same collège
  'eleve.lea', // pupil of CE1, école Jules Ferry (cycle 2), Lucas's sister
  'parent.bernard', // parent of Lucas and Léa
  'parent.garcia', // parent of Hugo (maternelle)
  'prof.durand', // teaches mathematics in 5e B and 3e A, author of the entries below
  'prof.petit', // teaches CE1 at the école
  'direction.eluard', // head of the collège
  'direction.ferry', // head of the école
  'admin.eluard', // local administrator of the collège
  'doc.moreau', // documentaliste of the collège
] as const;
type Actor = (typeof ACTORS)[number];

interface Fixture {
  class5eB: string;
  classCE1: string;
  collegeId: string;
  lucasId: string;
  lessonId: string;
  draftLessonId: string;
  homeworkId: string;
  lucasFeedId: string;
}

interface Row {
  name: string;
  query: string;
  variables?: (fixture: Fixture) => Record<string, unknown>;
  /** Who gets data. */
  allowed: readonly Actor[];
  /** What everyone else gets (anonymous always gets UNAUTHENTICATED); per-actor exceptions in `refusals`. */
  refused: string;
  refusals?: Partial<Record<Actor, string>>;
  /** For allowed actors, a check of the data beyond "no error". */
  check?: (data: Record<string, unknown>, actor: Actor, fixture: Fixture) => void;
}

const week = { from: '2026-11-30', to: '2026-12-06' };
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const lessonInput = (fixture: Fixture, classId = fixture.class5eB) => ({
  classId,
  subject: 'Mathématiques',
  startsAt: '2026-12-02T08:00:00Z',
  endsAt: '2026-12-02T09:00:00Z',
  title: 'Fractions (matrice)',
  content: '<p>Séance de la matrice</p>',
  publishAt: '2026-11-01T00:00:00Z',
});
const homeworkInput = (fixture: Fixture, classId = fixture.class5eB) => ({
  classId,
  subject: 'Mathématiques',
  dueDate: tomorrow(),
  kind: 'EXERCISE',
  estimatedMinutes: 10,
  instructions: 'Exercice de la matrice',
  publishAt: '2026-11-01T00:00:00Z',
});

const READERS_OF_5E_B: readonly Actor[] = ['eleve.lucas', 'parent.bernard', 'prof.durand', 'direction.eluard'];
const PUPILS: readonly Actor[] = ['eleve.lucas', 'eleve.noah', 'eleve.lea'];
const TEACHERS: readonly Actor[] = ['prof.durand', 'prof.petit'];
const EVERYONE: readonly Actor[] = ACTORS.filter((actor) => actor !== 'anonymous');

const lessonIds = (data: Record<string, unknown>, field: string) => (data[field] as Array<{ id: string }>).map((lesson) => lesson.id);

const QUERIES: readonly Row[] = [
  {
    name: 'lessons of 5e B',
    query: 'query ($classId: ID!, $from: String!, $to: String!) { lessons(classId: $classId, from: $from, to: $to) { id } }',
    variables: (f) => ({ classId: f.class5eB, ...week }),
    allowed: READERS_OF_5E_B,
    refused: 'FORBIDDEN',
    check: (data, actor, f) => {
      const ids = lessonIds(data, 'lessons');
      expect(ids).toContain(f.lessonId);
      // Nobody sees a draft but its author.
      expect(ids.includes(f.draftLessonId)).toBe(actor === 'prof.durand');
    },
  },
  {
    name: 'a published lesson by id',
    query: 'query ($id: ID!) { lesson(id: $id) { id title } }',
    variables: (f) => ({ id: f.lessonId }),
    allowed: READERS_OF_5E_B,
    refused: 'FORBIDDEN',
    check: (data, _actor, f) => expect((data['lesson'] as { id: string }).id).toBe(f.lessonId),
  },
  {
    name: 'a draft lesson by id (its author only; others are told it does not exist)',
    query: 'query ($id: ID!) { lesson(id: $id) { id } }',
    variables: (f) => ({ id: f.draftLessonId }),
    allowed: EVERYONE,
    refused: 'UNAUTHENTICATED',
    check: (data, actor, f) => expect(data['lesson']).toEqual(actor === 'prof.durand' ? { id: f.draftLessonId } : null),
  },
  {
    name: 'a teacher’s own week (myLessons)',
    query: 'query ($from: String!, $to: String!) { myLessons(from: $from, to: $to) { id author { id } } }',
    variables: () => week,
    allowed: TEACHERS,
    refused: 'FORBIDDEN',
    check: (data, actor, f) => {
      const ids = lessonIds(data, 'myLessons');
      expect(ids.includes(f.draftLessonId)).toBe(actor === 'prof.durand');
      expect(ids.includes(f.lessonId)).toBe(actor === 'prof.durand');
    },
  },
  {
    name: 'one’s own « À faire »',
    query: '{ homeworkToDo { id } }',
    allowed: PUPILS,
    refused: 'FORBIDDEN',
    check: (data, actor, f) => expect(lessonIds(data, 'homeworkToDo').includes(f.homeworkId)).toBe(actor === 'eleve.lucas'),
  },
  {
    name: 'Lucas’s « À faire »',
    query: 'query ($pupilId: ID!) { homeworkToDo(pupilId: $pupilId) { id } }',
    variables: (f) => ({ pupilId: f.lucasId }),
    allowed: ['eleve.lucas', 'parent.bernard'],
    refused: 'FORBIDDEN',
    check: (data, _actor, f) => expect(lessonIds(data, 'homeworkToDo')).toContain(f.homeworkId),
  },
  {
    name: 'the workload of 5e B',
    query: 'query ($classId: ID!, $from: String!, $to: String!) { workload(classId: $classId, from: $from, to: $to) { date totalMinutes } }',
    variables: (f) => ({ classId: f.class5eB, from: tomorrow(), to: tomorrow() }),
    allowed: ['prof.durand', 'direction.eluard'],
    refused: 'FORBIDDEN',
    check: (data) => expect((data['workload'] as Array<{ totalMinutes: number }>)[0]?.totalMinutes).toBeGreaterThanOrEqual(10),
  },
  {
    name: 'the visas of 5e B',
    query: 'query ($classId: ID!) { visas(classId: $classId) { id signedBy { id } } }',
    variables: (f) => ({ classId: f.class5eB }),
    allowed: READERS_OF_5E_B,
    refused: 'FORBIDDEN',
    check: (data) => expect(data['visas']).toHaveLength(1),
  },
  {
    name: 'one’s calendar feeds',
    query: '{ calendarFeeds { id pupil { id } } }',
    allowed: EVERYONE,
    refused: 'UNAUTHENTICATED',
    check: (data, actor, f) => {
      const ids = (data['calendarFeeds'] as Array<{ id: string }>).map((feed) => feed.id);
      expect(ids.includes(f.lucasFeedId)).toBe(actor === 'eleve.lucas');
    },
  },
  {
    name: 'séance templates',
    query: '{ lessonTemplates { id } }',
    allowed: TEACHERS,
    refused: 'FORBIDDEN',
  },
  {
    name: 'the home page summary (me)',
    query: '{ me { homeworkSummary { dueTomorrow toFill } } }',
    allowed: EVERYONE,
    refused: 'UNAUTHENTICATED',
    check: (data, actor) => {
      const summary = (data['me'] as { homeworkSummary: { dueTomorrow: number } }).homeworkSummary;
      expect(summary.dueTomorrow >= 1).toBe(actor === 'eleve.lucas');
    },
  },
];

/** Mutations run in this order; a success changes the state (the author edits their own entries). */
const MUTATIONS: readonly Row[] = [
  {
    name: 'createLesson in 5e B',
    query: 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }',
    variables: (f) => ({ input: lessonInput(f) }),
    allowed: ['prof.durand'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'createLesson in CE1',
    query: 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }',
    variables: (f) => ({ input: { ...lessonInput(f, f.classCE1), subject: 'Polyvalent' } }),
    allowed: ['prof.petit'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'updateLesson (Durand’s published séance)',
    query: 'mutation ($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { id } }',
    variables: (f) => ({ id: f.lessonId, input: { ...lessonInput(f), title: 'Fractions (modifiée)' } }),
    allowed: ['prof.durand'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'createHomework in 5e B',
    query: 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }',
    variables: (f) => ({ input: homeworkInput(f) }),
    allowed: ['prof.durand'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'updateHomework (Durand’s)',
    query: 'mutation ($id: ID!, $input: HomeworkInput!) { updateHomework(id: $id, input: $input) { homework { id } } }',
    variables: (f) => ({ id: f.homeworkId, input: { ...homeworkInput(f), estimatedMinutes: 15 } }),
    allowed: ['prof.durand'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'setHomeworkDone (homework of 5e B)',
    query: 'mutation ($id: ID!) { setHomeworkDone(homeworkId: $id, done: true) { id done } }',
    variables: (f) => ({ id: f.homeworkId }),
    allowed: ['eleve.lucas'],
    refused: 'FORBIDDEN',
    // Other pupils are told it does not exist rather than that it does.
    refusals: { 'eleve.noah': 'NOT_FOUND', 'eleve.lea': 'NOT_FOUND' },
    check: (data) => expect((data['setHomeworkDone'] as { done: boolean }).done).toBe(true),
  },
  {
    name: 'signClassLog of 5e B',
    query: 'mutation ($classId: ID!) { signClassLog(classId: $classId, from: "2026-11-02", to: "2026-11-08") { id } }',
    variables: (f) => ({ classId: f.class5eB }),
    allowed: ['direction.eluard'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'createCalendarFeed for oneself',
    query: 'mutation { createCalendarFeed { url feed { id } } }',
    allowed: PUPILS,
    refused: 'FORBIDDEN',
  },
  {
    name: 'createCalendarFeed for Lucas',
    query: 'mutation ($pupilId: ID!) { createCalendarFeed(pupilId: $pupilId) { url } }',
    variables: (f) => ({ pupilId: f.lucasId }),
    allowed: ['eleve.lucas', 'parent.bernard'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'revokeCalendarFeed (Lucas’s)',
    query: 'mutation ($id: ID!) { revokeCalendarFeed(id: $id) { id revokedAt } }',
    variables: (f) => ({ id: f.lucasFeedId }),
    // Last for Lucas: a feed is revoked once.
    allowed: ['eleve.lucas'],
    refused: 'NOT_FOUND',
    refusals: { anonymous: 'UNAUTHENTICATED' },
  },
  {
    name: 'setWorkloadThreshold of the collège',
    query: 'mutation ($id: ID!) { setWorkloadThreshold(establishmentId: $id, minutes: 80) }',
    variables: (f) => ({ id: f.collegeId }),
    allowed: ['direction.eluard', 'admin.eluard'],
    refused: 'FORBIDDEN',
  },
  {
    name: 'saveLessonAsTemplate (Durand’s séance)',
    query: 'mutation ($id: ID!) { saveLessonAsTemplate(lessonId: $id) { id } }',
    variables: (f) => ({ id: f.lessonId }),
    allowed: ['prof.durand'],
    // Someone else's séance is « unknown » to the field, as if it did not exist.
    refused: 'BAD_USER_INPUT',
  },
  {
    name: 'duplicateLesson (Durand’s séance) into 5e B',
    query: 'mutation ($id: ID!, $classId: ID!) { duplicateLesson(id: $id, classId: $classId, startsAt: "2026-12-09T08:00:00Z") { id } }',
    variables: (f) => ({ id: f.lessonId, classId: f.class5eB }),
    allowed: ['prof.durand'],
    // A séance one cannot read does not exist for them; Lucas reads it but does not teach in 5e B.
    refused: 'NOT_FOUND',
    refusals: { 'eleve.lucas': 'FORBIDDEN' },
  },
  {
    name: 'duplicateWeek (Durand’s week of 5e B)',
    query: 'mutation ($input: DuplicateWeekInput!) { duplicateWeek(input: $input) { id } }',
    variables: (f) => ({ input: { fromWeek: '2026-12-02', toWeek: '2026-12-16', sourceClassId: f.class5eB } }),
    allowed: ['prof.durand'],
    refused: 'FORBIDDEN',
    // Petit teaches (elsewhere) but has no séance that week.
    refusals: { 'prof.petit': 'BAD_USER_INPUT' },
  },
  {
    name: 'deleteHomework (Durand’s published homework: kept, even for her)',
    query: 'mutation ($id: ID!) { deleteHomework(id: $id) }',
    variables: (f) => ({ id: f.homeworkId }),
    allowed: [],
    refused: 'NOT_FOUND',
    refusals: { 'prof.durand': 'CONFLICT' },
  },
  {
    name: 'deleteLesson (Durand’s draft)',
    query: 'mutation ($id: ID!) { deleteLesson(id: $id) }',
    variables: (f) => ({ id: f.draftLessonId }),
    allowed: ['prof.durand'],
    refused: 'NOT_FOUND',
  },
];

let ent: RunningEnt;
const tokens = new Map<Actor, string>();
let fixture: Fixture;

async function ask(actor: Actor, row: Row): Promise<GraphQLResponse> {
  const token = tokens.get(actor);
  return ent.graphql(row.query, { ...(token ? { token } : {}), variables: row.variables?.(fixture) ?? {} });
}

function expectOutcome(row: Row, actor: Actor, response: GraphQLResponse): void {
  const label = `${row.name} — ${actor}`;
  if (row.allowed.includes(actor)) {
    expect(response.errors, label).toBeUndefined();
    expect(response.data, label).toBeTruthy();
    row.check?.(response.data as Record<string, unknown>, actor, fixture);
    return;
  }
  const expected = actor === 'anonymous' ? (row.refusals?.anonymous ?? 'UNAUTHENTICATED') : (row.refusals?.[actor] ?? row.refused);
  expect(response.errors?.[0]?.extensions?.code, `${label}: ${JSON.stringify(response.errors)}`).toBe(expected);
  // A refusal carries a French sentence, and no data of the field.
  expect(response.errors?.[0]?.message, label).toMatch(/[a-zéèàù]{3,}/);
  const data = response.data as Record<string, unknown> | null | undefined;
  if (data) for (const value of Object.values(data)) expect(value, label).toBeNull();
}

beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['cahier-de-textes'] });
  for (const actor of ACTORS) if (actor !== 'anonymous') tokens.set(actor, await ent.token(actor));
  const classId = async (name: string) => (await ent.db.selectFrom('classes').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const userId = async (login: string) => (await ent.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
  const college = await ent.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();
  const partial = { class5eB: await classId('5e B'), classCE1: await classId('CE1'), collegeId: college.id, lucasId: await userId('eleve.lucas') };
  const as = async <T>(actor: Actor, query: string, variables: Record<string, unknown> = {}) => {
    const response = await ent.graphql<T>(query, { token: tokens.get(actor) as string, variables });
    if (response.errors) throw new Error(`fixture: ${query} as ${actor}: ${JSON.stringify(response.errors)}`);
    return response.data as T;
  };
  const draft = { ...partial, lessonId: '', draftLessonId: '', homeworkId: '', lucasFeedId: '' };
  const published = await as<{ createLesson: { id: string } }>('prof.durand', 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }', {
    input: { ...lessonInput(draft), title: 'Fractions' },
  });
  const { publishAt: _omit, ...draftInput } = lessonInput(draft);
  const unpublished = await as<{ createLesson: { id: string } }>('prof.durand', 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }', {
    input: { ...draftInput, title: 'Brouillon' },
  });
  const homework = await as<{ createHomework: { homework: { id: string } } }>(
    'prof.durand',
    'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }',
    { input: { ...homeworkInput(draft), lessonId: published.createLesson.id, classId: null, subject: null } },
  );
  await as('direction.eluard', 'mutation ($classId: ID!) { signClassLog(classId: $classId, from: "2026-11-23", to: "2026-11-29") { id } }', {
    classId: partial.class5eB,
  });
  const feed = await as<{ createCalendarFeed: { feed: { id: string } } }>('eleve.lucas', 'mutation { createCalendarFeed { feed { id } } }');
  fixture = {
    ...partial,
    lessonId: published.createLesson.id,
    draftLessonId: unpublished.createLesson.id,
    homeworkId: homework.createHomework.homework.id,
    lucasFeedId: feed.createCalendarFeed.feed.id,
  };
});

afterAll(async () => {
  await ent?.stop();
});

describe('cahier de textes authorization matrix (every profile × every query)', () => {
  for (const row of QUERIES) {
    it(row.name, async () => {
      for (const actor of ACTORS) expectOutcome(row, actor, await ask(actor, row));
    });
  }
});

describe('cahier de textes authorization matrix (every profile × every mutation)', () => {
  for (const row of MUTATIONS) {
    it(row.name, async () => {
      // Refused actors first, so that a success does not change what they are refused.
      const ordered = [...ACTORS.filter((actor) => !row.allowed.includes(actor)), ...ACTORS.filter((actor) => row.allowed.includes(actor))];
      for (const actor of ordered) expectOutcome(row, actor, await ask(actor, row));
    });
  }

  it('left nothing behind from the refused writes: only Durand’s and Petit’s entries exist', async () => {
    const authors = await ent.graphql<{ myLessons: Array<{ author: { id: string } }> }>(
      'query ($from: String!, $to: String!) { myLessons(from: $from, to: $to) { author { id } } }',
      { token: tokens.get('prof.durand') as string, variables: { from: '2026-11-30', to: '2026-12-20' } },
    );
    // Durand's: the published séance, the one made by the matrix, its duplicate (9 December), and the three
    // copies of her week of 5e B (14–20 December) made before the draft was deleted.
    expect(authors.data?.myLessons).toHaveLength(6);
    const visas = await ent.graphql<{ visas: unknown[] }>('query ($c: ID!) { visas(classId: $c) { id } }', {
      token: tokens.get('direction.eluard') as string,
      variables: { c: fixture.class5eB },
    });
    expect(visas.data?.visas).toHaveLength(2);
  });
});
