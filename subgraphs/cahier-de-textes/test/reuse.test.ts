import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftParisDays } from '../src/cahier/dates.js';
import { startWorld, type World } from './helpers.js';

/** Reuse and clean-up: a week copied into another (last week's, last year's), drafts deleted, published entries kept. */
let world: World;
let class5eB: string;
let class3eA: string;
let classCE1: string;

beforeAll(async () => {
  world = await startWorld();
  const durand = await world.viewerOf('prof.durand');
  class5eB = (await world.viewerOf('eleve.lucas')).classIds[0] as string;
  class3eA = durand.classIds.find((id) => id !== class5eB) as string;
  classCE1 = (await world.viewerOf('eleve.lea')).classIds[0] as string;
});
afterAll(async () => {
  await world?.stop();
});

const CREATE_LESSON = 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }';
const CREATE_HOMEWORK = 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }';
const DUPLICATE = `mutation ($input: DuplicateWeekInput!) {
  duplicateWeek(input: $input) { id startsAt endsAt title state class { id } homework { dueDate state instructions } }
}`;

async function lesson(classId: string, startsAt: string, title: string, publishAt?: string): Promise<string> {
  const endsAt = new Date(Date.parse(startsAt) + 3_600_000).toISOString();
  const answer = await world.graphql<{ createLesson: { id: string } }>('prof.durand', CREATE_LESSON, {
    input: { classId, subject: 'Mathématiques', startsAt, endsAt, title, content: '<p>Cours</p>', ...(publishAt ? { publishAt } : {}) },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data?.createLesson.id as string;
}

async function homework(lessonId: string, dueDate: string, publishAt?: string): Promise<string> {
  const answer = await world.graphql<{ createHomework: { homework: { id: string } } }>('prof.durand', CREATE_HOMEWORK, {
    input: { lessonId, dueDate, kind: 'EXERCISE', estimatedMinutes: 20, instructions: 'Exercice 4 page 52', ...(publishAt ? { publishAt } : {}) },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data?.createHomework.homework.id as string;
}

describe('shiftParisDays', () => {
  it('keeps the Paris wall-clock time across the change of offset', () => {
    // 8 h in Paris on Monday 21 September 2026 (UTC+2) → 8 h on Monday 7 December 2026 (UTC+1).
    expect(shiftParisDays(new Date('2026-09-21T06:00:00Z'), 77).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(shiftParisDays(new Date('2026-12-07T07:00:00Z'), -77).toISOString()).toBe('2026-09-21T06:00:00.000Z');
    expect(shiftParisDays(new Date('2026-12-07T07:00:00Z'), 7).toISOString()).toBe('2026-12-14T07:00:00.000Z');
  });
});

describe('duplicateWeek', () => {
  it('copies a September week into December as drafts, same weekday and Paris time, homework moved along', async () => {
    const monday = await lesson(class5eB, '2026-09-21T06:00:00Z', 'Fractions : introduction', '2026-09-01T00:00:00Z');
    await homework(monday, '2026-09-23', '2026-09-01T00:00:00Z');
    await lesson(class5eB, '2026-09-24T12:30:00Z', 'Fractions : exercices', '2026-09-01T00:00:00Z');
    await lesson(class3eA, '2026-09-22T08:00:00Z', 'Théorème de Thalès');

    const copied = await world.graphql<{
      duplicateWeek: Array<{ startsAt: string; endsAt: string; title: string; state: string; class: { id: string }; homework: Array<{ dueDate: string; state: string }> }>;
    }>('prof.durand', DUPLICATE, { input: { fromWeek: '2026-09-23', toWeek: '2026-12-10', sourceClassId: class5eB } });
    expect(copied.errors).toBeUndefined();
    const rows = copied.data?.duplicateWeek ?? [];
    expect(rows.map((row) => [row.title, row.startsAt, row.state, row.class.id])).toEqual([
      ['Fractions : introduction', '2026-12-07T07:00:00.000Z', 'DRAFT', class5eB],
      ['Fractions : exercices', '2026-12-10T13:30:00.000Z', 'DRAFT', class5eB],
    ]);
    expect(rows[0]?.homework).toEqual([{ dueDate: '2026-12-09', state: 'DRAFT', instructions: 'Exercice 4 page 52' }]);
    // Drafts: Lucas sees none of it.
    const seen = await world.graphql<{ lessons: unknown[] }>('eleve.lucas', 'query ($c: ID) { lessons(classId: $c, from: "2026-12-07", to: "2026-12-13") { id } }', { c: class5eB });
    expect(seen.data?.lessons).toEqual([]);
  });

  it('copies every class of the week by default, and into another class when asked (last year’s séances into this year’s class)', async () => {
    const all = await world.graphql<{ duplicateWeek: Array<{ class: { id: string } }> }>('prof.durand', DUPLICATE, {
      input: { fromWeek: '2026-09-21', toWeek: '2026-12-14' },
    });
    expect(all.errors).toBeUndefined();
    expect(all.data?.duplicateWeek.map((row) => row.class.id).sort()).toEqual([class5eB, class5eB, class3eA].sort());
    const moved = await world.graphql<{ duplicateWeek: Array<{ class: { id: string } }> }>('prof.durand', DUPLICATE, {
      input: { fromWeek: '2026-09-21', toWeek: '2027-01-04', sourceClassId: class3eA, classId: class5eB },
    });
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.duplicateWeek.map((row) => row.class.id)).toEqual([class5eB]);
  });

  it('refuses a class not taught, an empty week, the same week, and writes nothing', async () => {
    const count = async () => Number((await world.database.db.selectFrom('lessons').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const intoCE1 = await world.graphql('prof.durand', DUPLICATE, { input: { fromWeek: '2026-09-21', toWeek: '2027-01-11', classId: classCE1 } });
    expect(intoCE1.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const empty = await world.graphql('prof.durand', DUPLICATE, { input: { fromWeek: '2026-08-03', toWeek: '2027-01-11' } });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromWeek' });
    expect(empty.errors?.[0]?.message).toMatch(/aucune de vos séances/);
    const same = await world.graphql('prof.durand', DUPLICATE, { input: { fromWeek: '2026-09-21', toWeek: '2026-09-25' } });
    expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toWeek' });
    const pupil = await world.graphql('eleve.lucas', DUPLICATE, { input: { fromWeek: '2026-09-21', toWeek: '2027-01-11' } });
    expect(pupil.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await count()).toBe(before);
  });
});

describe('deleteLesson and deleteHomework', () => {
  it('delete the author’s drafts and scheduled entries, with their homework', async () => {
    const draft = await lesson(class5eB, '2026-12-15T08:00:00Z', 'Brouillon à jeter');
    const draftHomework = await homework(draft, '2026-12-16');
    const refused = await world.graphql('prof.petit', 'mutation ($id: ID!) { deleteLesson(id: $id) }', { id: draft });
    expect(refused.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const deleted = await world.graphql<{ deleteLesson: string }>('prof.durand', 'mutation ($id: ID!) { deleteLesson(id: $id) }', { id: draft });
    expect(deleted.data?.deleteLesson).toBe(draft);
    expect(await world.database.db.selectFrom('homework').select('id').where('id', '=', draftHomework).executeTakeFirst()).toBeUndefined();

    const scheduled = await lesson(class5eB, '2026-12-15T09:00:00Z', 'Programmée', new Date(world.clock.now().getTime() + 86_400_000).toISOString());
    const scheduledHomework = await homework(scheduled, '2026-12-17', new Date(world.clock.now().getTime() + 86_400_000).toISOString());
    const homeworkGone = await world.graphql('prof.durand', 'mutation ($id: ID!) { deleteHomework(id: $id) }', { id: scheduledHomework });
    expect(homeworkGone.errors).toBeUndefined();
    expect((await world.graphql('prof.durand', 'mutation ($id: ID!) { deleteLesson(id: $id) }', { id: scheduled })).errors).toBeUndefined();
  });

  it('keep what families may have read: a published séance, or one whose homework is published', async () => {
    const published = await lesson(class5eB, '2026-11-16T08:00:00Z', 'Publiée', '2026-11-01T00:00:00Z');
    const refused = await world.graphql('prof.durand', 'mutation ($id: ID!) { deleteLesson(id: $id) }', { id: published });
    expect(refused.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/Les familles ont pu lire cette entrée/);

    const draft = await lesson(class5eB, '2026-11-17T08:00:00Z', 'Brouillon avec travail donné');
    const given = await homework(draft, '2026-11-19', '2026-11-01T00:00:00Z');
    expect((await world.graphql('prof.durand', 'mutation ($id: ID!) { deleteLesson(id: $id) }', { id: draft })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect((await world.graphql('prof.durand', 'mutation ($id: ID!) { deleteHomework(id: $id) }', { id: given })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    const kept = await world.database.db.selectFrom('lessons').select('id').where('id', 'in', [published, draft]).execute();
    expect(kept).toHaveLength(2);
  });
});
