import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, parisDate } from '../src/cahier/dates.js';
import { startWorld, type World } from './helpers.js';

let world: World;
let classe5eB: string;
let classeCE1: string;
let lucasId: string;
let leaId: string;
let hugoId: string;

beforeAll(async () => {
  world = await startWorld();
  const lucas = await world.viewerOf('eleve.lucas');
  const lea = await world.viewerOf('eleve.lea');
  lucasId = lucas.userId;
  leaId = lea.userId;
  hugoId = (await world.viewerOf('eleve.hugo')).userId;
  classe5eB = lucas.classIds[0] as string;
  classeCE1 = lea.classIds[0] as string;
  const durand = await world.viewerOf('prof.durand');
  expect(durand.classIds).toContain(classe5eB);
});
afterAll(async () => {
  await world?.stop();
});

const LESSON = `
  mutation ($input: LessonInput!) {
    createLesson(input: $input) { id title content state publishAt class { id } author { id } }
  }`;
const HOMEWORK = `
  mutation ($input: HomeworkInput!) {
    createHomework(input: $input) {
      homework { id dueDate state doneCount }
      workload { date totalMinutes thresholdMinutes exceeded }
      warning
    }
  }`;
const LESSONS = `
  query ($classId: ID, $from: String!, $to: String!) {
    lessons(classId: $classId, from: $from, to: $to) { id title state homework { id doneCount done } history { title } }
  }`;
const TODO = `query ($pupilId: ID) { homeworkToDo(pupilId: $pupilId) { id subject dueDate done doneCount instructions } }`;

const today = () => parisDate(world.clock.now());
const inHours = (hours: number) => new Date(world.clock.now().getTime() + hours * 3_600_000).toISOString();

function lessonInput(overrides: Record<string, unknown> = {}) {
  return {
    classId: classe5eB,
    subject: 'Mathématiques',
    startsAt: inHours(-2),
    endsAt: inHours(-1),
    title: 'Fractions',
    content: '<p>Addition de <strong>fractions</strong></p>',
    publishAt: inHours(-1),
    ...overrides,
  };
}

async function createLesson(overrides: Record<string, unknown> = {}, login = 'prof.durand') {
  const result = await world.graphql<{ createLesson: { id: string; content: string; state: string } }>(login, LESSON, {
    input: lessonInput(overrides),
  });
  return result;
}

async function counts() {
  const lessons = await world.database.db.selectFrom('lessons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const homework = await world.database.db.selectFrom('homework').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { lessons: Number(lessons.n), homework: Number(homework.n) };
}

const period = () => ({ from: addDays(today(), -7), to: addDays(today(), 7) });

describe('séances: publication and reading per profile', () => {
  let published: string;
  let draft: string;

  beforeAll(async () => {
    const a = await createLesson();
    expect(a.errors).toBeUndefined();
    published = a.data?.createLesson.id as string;
    const b = await createLesson({ title: 'Brouillon', publishAt: null });
    expect(b.data?.createLesson.state).toBe('DRAFT');
    draft = b.data?.createLesson.id as string;
  });

  it.each([
    ['prof.durand', true],
    ['eleve.lucas', true],
    ['parent.bernard', true],
    ['direction.eluard', true],
  ])('%s reads the 5e B log (published only, drafts only for the author)', async (login, author) => {
    const result = await world.graphql<{ lessons: Array<{ id: string }> }>(login, LESSONS, { classId: classe5eB, ...period() });
    expect(result.errors).toBeUndefined();
    const ids = result.data?.lessons.map((lesson) => lesson.id);
    expect(ids).toContain(published);
    if (login === 'prof.durand') expect(ids).toContain(draft);
    else expect(ids).not.toContain(draft);
    expect(author).toBe(true);
  });

  it.each(['eleve.lea', 'parent.garcia', 'prof.petit', 'direction.ferry', 'doc.moreau'])('%s may not read the 5e B log', async (login) => {
    const result = await world.graphql(login, LESSONS, { classId: classe5eB, ...period() });
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/accès/);
  });

  it('gives a teacher their week across classes, drafts included, and refuses it to others', async () => {
    const MINE = 'query ($from: String!, $to: String!) { myLessons(from: $from, to: $to) { id state } }';
    const mine = await world.graphql<{ myLessons: Array<{ id: string }> }>('prof.durand', MINE, period());
    expect(mine.data?.myLessons.map((lesson) => lesson.id)).toEqual(expect.arrayContaining([published, draft]));
    expect((await world.graphql('eleve.lucas', MINE, period())).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const petit = await world.graphql<{ myLessons: unknown[] }>('prof.petit', MINE, period());
    expect(petit.data?.myLessons).toEqual([]);
  });

  it('refuses anonymous callers', async () => {
    const result = await world.graphql(null, LESSONS, { classId: classe5eB, ...period() });
    expect(result.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('hides a draft found by id from everyone but its author', async () => {
    const query = 'query ($id: ID!) { lesson(id: $id) { id } }';
    expect((await world.graphql<{ lesson: unknown }>('prof.durand', query, { id: draft })).data?.lesson).toEqual({ id: draft });
    expect((await world.graphql<{ lesson: unknown }>('eleve.lucas', query, { id: draft })).data?.lesson).toBeNull();
    expect((await world.graphql<{ lesson: unknown }>('direction.eluard', query, { id: draft })).data?.lesson).toBeNull();
  });

  it('keeps a scheduled séance invisible until its time', async () => {
    const scheduled = await createLesson({ title: 'Programmée', startsAt: inHours(1), endsAt: inHours(2), publishAt: inHours(1) });
    const id = scheduled.data?.createLesson.id;
    expect(scheduled.data?.createLesson.state).toBe('SCHEDULED');
    const before = await world.graphql<{ lessons: Array<{ id: string }> }>('eleve.lucas', LESSONS, { classId: classe5eB, ...period() });
    expect(before.data?.lessons.map((lesson) => lesson.id)).not.toContain(id);
    world.clock.advance(61 * 60_000);
    const after = await world.graphql<{ lessons: Array<{ id: string; state: string }> }>('eleve.lucas', LESSONS, {
      classId: classe5eB,
      ...period(),
    });
    expect(after.data?.lessons.find((lesson) => lesson.id === id)?.state).toBe('PUBLISHED');
  });

  it('keeps the earlier version when a published séance is edited, for the author and the direction', async () => {
    const update = `mutation ($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { title history { title content } } }`;
    const result = await world.graphql<{ updateLesson: { title: string; history: Array<{ title: string }> } }>('prof.durand', update, {
      id: published,
      input: lessonInput({ title: 'Fractions (corrigé)' }),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateLesson.history.map((revision) => revision.title)).toEqual(['Fractions']);
    const pupil = await world.graphql<{ lessons: Array<{ id: string; history: unknown[] }> }>('eleve.lucas', LESSONS, {
      classId: classe5eB,
      ...period(),
    });
    expect(pupil.data?.lessons.find((lesson) => lesson.id === published)?.history).toEqual([]);
    const other = await world.graphql('eleve.lucas', update, { id: published, input: lessonInput() });
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('writing: only what one teaches, bad input refused, nothing written', () => {
  it.each([
    ['a class not taught', { classId: () => classeCE1 }, 'FORBIDDEN', undefined],
    ['an unknown class', { classId: () => '00000000-0000-4000-8000-000000000000' }, 'BAD_USER_INPUT', 'classId'],
    ['a subject not taught there', { subject: () => 'Français' }, 'BAD_USER_INPUT', 'subject'],
    ['HTML with a script', { content: () => '<p>ok</p><script>alert(1)</script>' }, 'BAD_USER_INPUT', 'content'],
    ['an event handler', { content: () => '<p onclick="alert(1)">ok</p>' }, 'BAD_USER_INPUT', 'content'],
    ['an end before the start', { endsAt: () => inHours(-3) }, 'BAD_USER_INPUT', 'endsAt'],
    ['no title', { title: () => '  ' }, 'BAD_USER_INPUT', 'title'],
  ])('refuses %s', async (_label, overrides, code, field) => {
    const before = await counts();
    const input = Object.fromEntries(Object.entries(overrides).map(([key, make]) => [key, make()]));
    const result = await createLesson(input);
    expect(result.errors?.[0]?.extensions.code).toBe(code);
    if (field) expect(result.errors?.[0]?.extensions.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(/[àéèêç’]|Valeur invalide/);
    expect(await counts()).toEqual(before);
  });

  it.each(['eleve.lucas', 'parent.bernard', 'direction.eluard'])('refuses a séance written by %s', async (login) => {
    const before = await counts();
    const result = await createLesson({}, login);
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('refuses homework due before its séance, naming the field', async () => {
    const lesson = await createLesson({ startsAt: `${addDays(today(), 3)}T08:00:00Z`, endsAt: `${addDays(today(), 3)}T09:00:00Z` });
    const before = await counts();
    const result = await world.graphql('prof.durand', HOMEWORK, {
      input: {
        lessonId: lesson.data?.createLesson.id,
        dueDate: addDays(today(), 2),
        kind: 'EXERCISE',
        estimatedMinutes: 20,
        instructions: 'Exercices 1 à 3',
      },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueDate' });
    expect(result.errors?.[0]?.message).toContain('échéance');
    expect(await counts()).toEqual(before);
  });

  it('keeps the allowed formatting and drops the rest', async () => {
    const result = await createLesson({
      content: '<p class="x">Voir <a href="https://example.org">le site</a><img src="x.png"><u>ici</u></p><section>t</section>',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createLesson.content).toBe(
      '<p>Voir <a href="https://example.org" target="_blank" rel="noopener noreferrer">le site</a><u>ici</u></p>t',
    );
  });
});

describe('homework: « À faire », ticks, family view, workload', () => {
  let homeworkId: string;

  beforeAll(async () => {
    const result = await world.graphql<{ createHomework: { homework: { id: string } } }>('prof.durand', HOMEWORK, {
      input: {
        classId: classe5eB,
        subject: 'Mathématiques',
        dueDate: addDays(today(), 1),
        kind: 'EXERCISE',
        estimatedMinutes: 30,
        instructions: '<p>Exercices 4 et 5 page 52</p>',
        publishAt: world.clock.now().toISOString(),
      },
    });
    expect(result.errors).toBeUndefined();
    homeworkId = result.data?.createHomework.homework.id as string;
  });

  it('shows it in Lucas’s list, lets him tick it, and counts it for the teacher only', async () => {
    const list = await world.graphql<{ homeworkToDo: Array<{ id: string; done: boolean; doneCount: number | null }> }>('eleve.lucas', TODO);
    expect(list.data?.homeworkToDo.find((item) => item.id === homeworkId)).toMatchObject({ done: false, doneCount: null });
    const tick = await world.graphql<{ setHomeworkDone: { done: boolean } }>(
      'eleve.lucas',
      'mutation ($id: ID!) { setHomeworkDone(homeworkId: $id, done: true) { done } }',
      { id: homeworkId },
    );
    expect(tick.data?.setHomeworkDone.done).toBe(true);
    const lessonsOfTeacher = await world.graphql<{ homeworkToDo: unknown }>('prof.durand', TODO);
    expect(lessonsOfTeacher.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const count = await world.graphql<{ workload: unknown }>(
      'prof.durand',
      'query ($from: String!, $to: String!) { lessons(classId: "' + classe5eB + '", from: $from, to: $to) { id } }',
      period(),
    );
    expect(count.errors).toBeUndefined();
    const row = await world.database.db.selectFrom('homework_done').selectAll().where('homework_id', '=', homeworkId).execute();
    expect(row).toHaveLength(1);
  });

  it('keeps the published version when homework is edited, and lets only its author edit', async () => {
    const UPDATE = `mutation ($id: ID!, $input: HomeworkInput!) { updateHomework(id: $id, input: $input) { homework { dueDate history { dueDate instructions } } } }`;
    const input = {
      classId: classe5eB,
      subject: 'Mathématiques',
      dueDate: addDays(today(), 2),
      kind: 'EXERCISE',
      estimatedMinutes: 30,
      instructions: '<p>Exercices 4, 5 et 6 page 52</p>',
      publishAt: world.clock.now().toISOString(),
    };
    const edited = await world.graphql<{ updateHomework: { homework: { dueDate: string; history: Array<{ dueDate: string }> } } }>(
      'prof.durand',
      UPDATE,
      { id: homeworkId, input },
    );
    expect(edited.errors).toBeUndefined();
    expect(edited.data?.updateHomework.homework).toMatchObject({ dueDate: addDays(today(), 2), history: [{ dueDate: addDays(today(), 1) }] });
    expect((await world.graphql('prof.petit', UPDATE, { id: homeworkId, input })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Back to tomorrow, for the family and summary tests below.
    await world.graphql('prof.durand', UPDATE, { id: homeworkId, input: { ...input, dueDate: addDays(today(), 1) } });
  });

  it('refuses a tick from someone who is not a pupil of the class', async () => {
    const tick = 'mutation ($id: ID!) { setHomeworkDone(homeworkId: $id, done: true) { done } }';
    expect((await world.graphql('eleve.lea', tick, { id: homeworkId })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect((await world.graphql('parent.bernard', tick, { id: homeworkId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('shows it to parent.bernard under Lucas and not under Léa; not to another parent', async () => {
    const underLucas = await world.graphql<{ homeworkToDo: Array<{ id: string; done: boolean }> }>('parent.bernard', TODO, { pupilId: lucasId });
    expect(underLucas.data?.homeworkToDo.find((item) => item.id === homeworkId)?.done).toBe(true);
    const underLea = await world.graphql<{ homeworkToDo: Array<{ id: string }> }>('parent.bernard', TODO, { pupilId: leaId });
    expect(underLea.errors).toBeUndefined();
    expect(underLea.data?.homeworkToDo.map((item) => item.id)).not.toContain(homeworkId);
    const stranger = await world.graphql('parent.garcia', TODO, { pupilId: lucasId });
    expect(stranger.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const classmate = await world.graphql('eleve.lea', TODO, { pupilId: lucasId });
    expect(classmate.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('gives the home-page summary to the pupil and the parent, per child, and to nobody else', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id homeworkSummary { dueTomorrow toFill } } } }`;
    const reps = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'User', id })) });
    const own = await world.graphql<{ _entities: Array<{ homeworkSummary: { dueTomorrow: number } }> }>('eleve.lucas', query, reps([lucasId]));
    expect(own.data?._entities[0]?.homeworkSummary.dueTomorrow).toBe(1);
    const parent = await world.graphql<{ _entities: Array<{ homeworkSummary: { dueTomorrow: number } }> }>(
      'parent.bernard',
      query,
      reps([lucasId, leaId]),
    );
    expect(parent.data?._entities.map((entity) => entity.homeworkSummary.dueTomorrow)).toEqual([1, 0]);
    const probing = await world.graphql<{ _entities: Array<{ homeworkSummary: unknown }> }>('eleve.lea', query, reps([lucasId]));
    expect(probing.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(probing.data?._entities[0]?.homeworkSummary).toBeNull();
    const teacher = await world.graphql<{ _entities: Array<{ homeworkSummary: { toFill: number } }> }>(
      'prof.durand',
      query,
      reps([(await world.viewerOf('prof.durand')).userId]),
    );
    expect(teacher.data?._entities[0]?.homeworkSummary.toFill).toBeGreaterThanOrEqual(1);
  });

  it('warns when the day’s total for the class passes the threshold (90 minutes)', async () => {
    const day = addDays(today(), 5);
    const plan = (minutes: number) =>
      world.graphql<{ createHomework: { workload: { totalMinutes: number; exceeded: boolean }; warning: string | null } }>('prof.durand', HOMEWORK, {
        input: { classId: classe5eB, subject: 'Mathématiques', dueDate: day, kind: 'LESSON_TO_LEARN', estimatedMinutes: minutes, instructions: 'Revoir', publishAt: world.clock.now().toISOString() },
      });
    const first = await plan(60);
    expect(first.data?.createHomework).toMatchObject({ workload: { totalMinutes: 60, exceeded: false }, warning: null });
    const second = await plan(45);
    expect(second.data?.createHomework.workload).toMatchObject({ totalMinutes: 105, exceeded: true });
    expect(second.data?.createHomework.warning).toContain('105 minutes');
    const workload = await world.graphql<{ workload: Array<{ date: string; totalMinutes: number }> }>(
      'direction.eluard',
      'query ($c: ID!, $d: String!) { workload(classId: $c, from: $d, to: $d) { date totalMinutes } }',
      { c: classe5eB, d: day },
    );
    expect(workload.data?.workload).toEqual([{ date: day, totalMinutes: 105 }]);
    const pupil = await world.graphql('eleve.lucas', 'query ($c: ID!, $d: String!) { workload(classId: $c, from: $d, to: $d) { date } }', {
      c: classe5eB,
      d: day,
    });
    expect(pupil.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lists every day of the period, quiet days at 0 with the threshold, so a teacher planning an empty day sees it', async () => {
    const day = addDays(today(), 40);
    const workload = await world.graphql<{ workload: Array<{ date: string; totalMinutes: number; thresholdMinutes: number; exceeded: boolean }> }>(
      'prof.durand',
      'query ($c: ID!, $from: String!, $to: String!) { workload(classId: $c, from: $from, to: $to) { date totalMinutes thresholdMinutes exceeded } }',
      { c: classe5eB, from: day, to: addDays(day, 2) },
    );
    expect(workload.errors).toBeUndefined();
    expect(workload.data?.workload.map((entry) => entry.date)).toEqual([day, addDays(day, 1), addDays(day, 2)]);
    expect(workload.data?.workload.every((entry) => entry.totalMinutes === 0 && entry.thresholdMinutes > 0 && !entry.exceeded)).toBe(true);
  });
});

describe('establishment threshold and moving a séance', () => {
  it('lets the direction set the threshold, not a teacher', async () => {
    const direction = await world.viewerOf('direction.eluard');
    const eluard = direction.profiles.find((grant) => grant.profile === 'DIRECTION')?.establishmentId;
    const SET = 'mutation ($e: ID!, $m: Int!) { setWorkloadThreshold(establishmentId: $e, minutes: $m) }';
    expect((await world.graphql('prof.durand', SET, { e: eluard, m: 120 })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('direction.eluard', SET, { e: eluard, m: 5 })).errors?.[0]?.extensions.field).toBe('minutes');
    expect((await world.graphql('direction.eluard', SET, { e: eluard, m: 120 })).errors).toBeUndefined();
    const day = addDays(today(), 5);
    const workload = await world.graphql<{ workload: Array<{ thresholdMinutes: number; exceeded: boolean }> }>(
      'prof.durand',
      'query ($c: ID!, $d: String!) { workload(classId: $c, from: $d, to: $d) { thresholdMinutes exceeded } }',
      { c: classe5eB, d: day },
    );
    expect(workload.data?.workload).toEqual([{ thresholdMinutes: 120, exceeded: false }]);
  });

  it('refuses to move a séance after the due date of its homework, and changes nothing', async () => {
    const lesson = await createLesson({ title: 'À déplacer' });
    const id = lesson.data?.createLesson.id;
    const homework = await world.graphql('prof.durand', HOMEWORK, {
      input: { lessonId: id, dueDate: addDays(today(), 1), kind: 'TO_BRING', estimatedMinutes: 0, instructions: 'Compas' },
    });
    expect(homework.errors).toBeUndefined();
    const update = 'mutation ($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { id } }';
    const later = `${addDays(today(), 4)}T08:00:00Z`;
    const result = await world.graphql('prof.durand', update, {
      id,
      input: lessonInput({ title: 'Déplacée', startsAt: later, endsAt: `${addDays(today(), 4)}T09:00:00Z` }),
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    const row = await world.database.db.selectFrom('lessons').select('title').where('id', '=', id as string).executeTakeFirstOrThrow();
    expect(row.title).toBe('À déplacer');
    const history = await world.database.db.selectFrom('revisions').select('id').where('entity_id', '=', id as string).execute();
    expect(history).toHaveLength(0);
  });
});

describe('templates and duplication', () => {
  const SAVE = 'mutation ($id: ID!, $shared: Boolean) { saveLessonAsTemplate(lessonId: $id, shared: $shared) { id title shared } }';
  const LIST = '{ lessonTemplates { title author { id } } }';
  const DUPLICATE = 'mutation ($id: ID!, $c: ID, $s: String!) { duplicateLesson(id: $id, classId: $c, startsAt: $s) { id title state startsAt endsAt } }';

  it('saves a séance as a shared template, listed for the teacher and refused to others', async () => {
    const lesson = await createLesson({ title: 'Modèle : proportionnalité' });
    const saved = await world.graphql<{ saveLessonAsTemplate: { shared: boolean } }>('prof.durand', SAVE, {
      id: lesson.data?.createLesson.id,
      shared: true,
    });
    expect(saved.data?.saveLessonAsTemplate.shared).toBe(true);
    const list = await world.graphql<{ lessonTemplates: Array<{ title: string }> }>('prof.durand', LIST);
    expect(list.data?.lessonTemplates.map((template) => template.title)).toContain('Modèle : proportionnalité');
    expect((await world.graphql('eleve.lucas', LIST)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('prof.petit', SAVE, { id: lesson.data?.createLesson.id })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'lessonId',
    });
    const other = await world.graphql<{ lessonTemplates: Array<{ title: string }> }>('prof.petit', LIST);
    expect(other.errors).toBeUndefined();
    expect(other.data?.lessonTemplates.map((template) => template.title)).not.toContain('Modèle : proportionnalité');
  });

  it('duplicates a séance to next week as a draft of the same length, only where one teaches', async () => {
    const lesson = await createLesson({ title: 'À refaire' });
    const nextWeek = new Date(world.clock.now().getTime() + 7 * 86_400_000 - 2 * 3_600_000).toISOString();
    const copy = await world.graphql<{ duplicateLesson: { state: string; startsAt: string; endsAt: string; title: string } }>(
      'prof.durand',
      DUPLICATE,
      { id: lesson.data?.createLesson.id, c: classe5eB, s: nextWeek },
    );
    expect(copy.errors).toBeUndefined();
    expect(copy.data?.duplicateLesson).toMatchObject({ state: 'DRAFT', title: 'À refaire', startsAt: nextWeek });
    const length = Date.parse(copy.data?.duplicateLesson.endsAt ?? '') - Date.parse(nextWeek);
    expect(length).toBe(3_600_000);
    const before = await counts();
    const elsewhere = await world.graphql('prof.durand', DUPLICATE, { id: lesson.data?.createLesson.id, c: classeCE1, s: nextWeek });
    expect(elsewhere.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const byPupil = await world.graphql('eleve.lucas', DUPLICATE, { id: lesson.data?.createLesson.id, c: classe5eB, s: nextWeek });
    expect(byPupil.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('attachments', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const upload = async (login: string | null, query: string, body: Buffer, type: string) =>
    fetch(`${world.baseUrl}/cahier-de-textes/attachments?${query}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': type,
        'x-file-name': encodeURIComponent('Énoncé fractions.pdf'),
        ...(login ? { authorization: `Bearer ${await world.tokenOf(login)}` } : {}),
      },
    });

  it('stores the author’s file and gives readers an expiring link; refuses others and bad files', async () => {
    const lesson = await createLesson({ title: 'Avec pièce jointe' });
    const id = lesson.data?.createLesson.id as string;
    const stored = await upload('prof.durand', `lessonId=${id}`, PDF, 'application/pdf');
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ filename: 'Énoncé fractions.pdf', contentType: 'application/pdf' });

    const read = await world.graphql<{ lesson: { attachments: Array<{ filename: string; downloadUrl: string; size: number }> } }>(
      'eleve.lucas',
      'query ($id: ID!) { lesson(id: $id) { attachments { filename size downloadUrl } } }',
      { id },
    );
    const attachment = read.data?.lesson.attachments[0];
    expect(attachment?.size).toBe(PDF.length);
    const file = await fetch(`${world.baseUrl}${attachment?.downloadUrl}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    const before = await world.database.db.selectFrom('attachments').select('id').execute();
    const byPupil = await upload('eleve.lucas', `lessonId=${id}`, PDF, 'application/pdf');
    expect(byPupil.status).toBe(403);
    expect(await upload(null, `lessonId=${id}`, PDF, 'application/pdf').then((response) => response.status)).toBe(401);
    const html = await upload('prof.durand', `lessonId=${id}`, Buffer.from('<html><script>alert(1)</script></html>'), 'text/html');
    expect(html.status).toBe(400);
    expect(((await html.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await world.database.db.selectFrom('attachments').select('id').execute()).toHaveLength(before.length);
  });
});

describe('visa', () => {
  const SIGN = 'mutation ($c: ID!, $f: String!, $t: String!) { signClassLog(classId: $c, from: $f, to: $t, comment: "RAS") { id from to signedBy { id } } }';

  it('is given by the school head and readable afterwards', async () => {
    const result = await world.graphql<{ signClassLog: { from: string } }>('direction.eluard', SIGN, { c: classe5eB, f: '2026-09-01', t: '2026-10-31' });
    expect(result.errors).toBeUndefined();
    const list = await world.graphql<{ visas: Array<{ from: string; signedBy: { id: string } }> }>(
      'prof.durand',
      'query ($c: ID!) { visas(classId: $c) { from signedBy { id } } }',
      { c: classe5eB },
    );
    expect(list.data?.visas).toEqual([{ from: '2026-09-01', signedBy: { id: (await world.viewerOf('direction.eluard')).userId } }]);
  });

  it.each(['prof.durand', 'direction.ferry', 'eleve.lucas'])('is refused to %s', async (login) => {
    const result = await world.graphql(login, SIGN, { c: classe5eB, f: '2026-09-01', t: '2026-10-31' });
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('calendar feed', () => {
  const CREATE = 'mutation ($p: ID) { createCalendarFeed(pupilId: $p) { url feed { id pupil { id } } } }';

  it('is a valid iCalendar of the due dates, for the pupil and for the parent per child, and revocable', async () => {
    const own = await world.graphql<{ createCalendarFeed: { url: string; feed: { id: string } } }>('eleve.lucas', CREATE);
    expect(own.errors).toBeUndefined();
    const response = await fetch(`${world.baseUrl}${own.data?.createCalendarFeed.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const text = await response.text();
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.map((event) => event.startDate.toString())).toContain(addDays(today(), 1));
    expect(events.every((event) => event.startDate.isDate && event.uid.length > 0)).toBe(true);

    const parent = await world.graphql<{ createCalendarFeed: { url: string } }>('parent.bernard', CREATE, { p: leaId });
    expect(parent.errors).toBeUndefined();
    const leaFeed = await (await fetch(`${world.baseUrl}${parent.data?.createCalendarFeed.url}`)).text();
    expect(new ICAL.Component(ICAL.parse(leaFeed)).getAllSubcomponents('vevent')).toHaveLength(0);

    expect((await world.graphql('parent.bernard', CREATE, { p: hugoId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('eleve.lea', CREATE, { p: lucasId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const revoke = await world.graphql('parent.bernard', 'mutation ($id: ID!) { revokeCalendarFeed(id: $id) { revokedAt } }', {
      id: own.data?.createCalendarFeed.feed.id,
    });
    expect(revoke.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await world.graphql('eleve.lucas', 'mutation ($id: ID!) { revokeCalendarFeed(id: $id) { revokedAt } }', {
      id: own.data?.createCalendarFeed.feed.id,
    });
    expect((await fetch(`${world.baseUrl}${own.data?.createCalendarFeed.url}`)).status).toBe(404);
    expect((await fetch(`${world.baseUrl}/calendar/not-a-token.ics`)).status).toBe(404);
  });
});

describe('module gate', () => {
  it('answers MODULE_DISABLED once the establishment switched the module off', async () => {
    const ferry = await world.annuaireDb.db.selectFrom('classes').select('establishment_id').where('id', '=', classeCE1).executeTakeFirstOrThrow();
    await world.annuaireDb.db
      .insertInto('module_activation_changes')
      .values({ establishment_id: ferry.establishment_id, module_id: 'cahier-de-textes', enabled: false, effective_at: world.clock.now() })
      .execute();
    const before = await counts();
    const write = await createLesson({ classId: classeCE1, subject: 'Polyvalent' }, 'prof.petit');
    expect(write.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect(await counts()).toEqual(before);
    const read = await world.graphql('eleve.lea', TODO);
    expect(read.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    const log = await world.graphql('direction.ferry', LESSONS, { classId: classeCE1, ...period() });
    expect(log.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    // Lucas's collège is not concerned.
    expect((await world.graphql('eleve.lucas', TODO)).errors).toBeUndefined();
  });
});
