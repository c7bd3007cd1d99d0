import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, startEnt } from '../src/harness.js';

/**
 * The cahier de textes through the router, composed with the annuaire: one federated query mixes both
 * subgraphs, and the calendar feed travels through the router's subgraph routes.
 */
let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['cahier-de-textes'] });
});
afterAll(async () => {
  await ent?.stop();
});

const classId = async (name: string) => (await ent.db.selectFrom('classes').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const CREATE = `mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id dueDate } warning } }`;

describe('cahier de textes through the router', () => {
  it('carries homework from prof.durand to eleve.lucas and to parent.bernard under Lucas only', async () => {
    const teacher = await ent.token('prof.durand');
    const created = await ent.graphql<{ createHomework: { homework: { id: string } } }>(CREATE, {
      token: teacher,
      variables: {
        input: {
          classId: await classId('5e B'),
          subject: 'Mathématiques',
          dueDate: tomorrow(),
          kind: 'EXERCISE',
          estimatedMinutes: 30,
          instructions: '<p>Exercices 12 et 13 page 84</p>',
          publishAt: new Date().toISOString(),
        },
      },
    });
    expect(created.errors).toBeUndefined();

    const pupil = await ent.token('eleve.lucas');
    const todo = await ent.graphql<{ homeworkToDo: Array<{ id: string; instructions: string }> }>('{ homeworkToDo { id instructions } }', { token: pupil });
    expect(todo.errors).toBeUndefined();
    expect(todo.data?.homeworkToDo.map((homework) => homework.id)).toContain(created.data?.createHomework.homework.id);

    // One federated query: the children come from the annuaire, their summaries from the cahier de textes.
    const parent = await ent.token('parent.bernard');
    const family = await ent.graphql<{ me: { children: Array<{ firstName: string; homeworkSummary: { dueTomorrow: number } }> } }>(
      '{ me { children { firstName homeworkSummary { dueTomorrow } } } }',
      { token: parent },
    );
    expect(family.errors).toBeUndefined();
    const dueTomorrow = Object.fromEntries(family.data?.me.children.map((child) => [child.firstName, child.homeworkSummary.dueTomorrow]) ?? []);
    expect(dueTomorrow['Lucas']).toBeGreaterThanOrEqual(1);
    expect(dueTomorrow['Léa']).toBe(0);
  });

  it('refuses prof.durand in CE1 and writes nothing', async () => {
    const teacher = await ent.token('prof.durand');
    const refused = await ent.graphql(CREATE, {
      token: teacher,
      variables: { input: { classId: await classId('CE1'), subject: 'Mathématiques', dueDate: tomorrow(), kind: 'EXERCISE', estimatedMinutes: 10, instructions: 'x' } },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/classe/);
    const lea = await ent.graphql<{ homeworkToDo: unknown[] }>('{ homeworkToDo { id } }', { token: await ent.token('eleve.lea') });
    expect(lea.data?.homeworkToDo).toEqual([]);
  });

  it('serves a pupil’s private calendar feed through the router, valid iCalendar with the due dates', async () => {
    const pupil = await ent.token('eleve.lucas');
    const feed = await ent.graphql<{ createCalendarFeed: { url: string } }>('mutation { createCalendarFeed { url } }', { token: pupil });
    expect(feed.errors).toBeUndefined();
    const path = new URL(feed.data?.createCalendarFeed.url ?? '', 'http://placeholder').pathname;
    expect(path).toMatch(/^\/calendar\/.+\.ics$/);
    const response = await fetch(`${ent.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const dueDates = calendar.getAllSubcomponents('vevent').map((event) => String(event.getFirstPropertyValue('dtstart')));
    expect(dueDates).toContain(tomorrow());
  });
});
