import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockingAxeViolations, formatViolations, hasFocus, logIn, recordSpeech, spoken, tabTo, usePortalBrowser } from '../src/e2e/index.js';

/*
 * The cahier de textes in a real browser, behind the router, on the real subgraph: the issue's « Done
 * when ». The tests of this file follow one another: prof.durand plans homework for 5e B due tomorrow
 * with the keyboard; Lucas ticks it; the teacher sees the count; the father sees it under Lucas only; a
 * scheduled séance stays hidden until its time; CE1 is out of the teacher's reach. Time is the wall
 * clock (the browser's and the subgraph's): every date is computed from now, nothing waits for time to pass.
 */

const portal = usePortalBrowser({ fixtureModules: true, subgraphs: ['cahier-de-textes'] });

const HOMEWORK = 'Exercices 12 et 13 page 87 (fractions)';
const LESSON_TITLE = 'Fractions : addition de fractions de même dénominateur';
const SCHEDULED_HOMEWORK = 'Réviser le théorème de Pythagore';

let class5eB: string;
let classCE1: string;

/** The date in Paris, YYYY-MM-DD, `days` from now. */
function parisDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + days * 86_400_000));
}

async function expectNoBlockingViolation(page: Page): Promise<void> {
  expect(formatViolations(await blockingAxeViolations(page))).toBe('');
}

async function openCahier(page: Page, login: string, heading: string | RegExp): Promise<void> {
  await logIn(page, login);
  await page.goto('/cahier-de-textes');
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function graphqlAs<T>(login: string, query: string, variables: Record<string, unknown>) {
  const token = await portal.portal.token(login);
  return portal.portal.graphql<T>(query, { token, variables });
}

beforeAll(async () => {
  const classId = async (name: string) =>
    (await portal.portal.db.selectFrom('classes').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  class5eB = await classId('5e B');
  classCE1 = await classId('CE1');
});

describe('cahier de textes, end to end', () => {
  it('prof.durand plans homework for 5e B due tomorrow with the keyboard only, the class’s workload in view; CE1 is not offered', async () => {
    const { page, problems } = await portal.newPage();
    await openCahier(page, 'prof.durand', 'Cahier de textes');
    expect(await page.title()).toBe('Semaine — Cahier de textes — ENT');
    const newButton = page.getByRole('button', { name: 'Nouvelle séance' });
    expect(await newButton.getAttribute('aria-keyshortcuts')).toBe('n');
    await page.getByRole('region', { name: /aujourd’hui/ }).waitFor();
    await expectNoBlockingViolation(page);

    // « N » opens the form; the focus starts on the class.
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Nouvelle séance' });
    await dialog.waitFor();
    const classSelect = dialog.getByLabel(/^Classe/);
    await expect.poll(() => hasFocus(classSelect)).toBe(true);
    expect(await classSelect.locator('option').allTextContents()).toEqual(['3e A', '5e B']);
    await page.keyboard.type('5');
    expect(await classSelect.inputValue()).toBe(class5eB);
    expect(await dialog.getByLabel(/^Matière/).inputValue()).toBe('Mathématiques');
    expect(await dialog.getByLabel(/^Date/).inputValue()).toBe(parisDate(0));

    await tabTo(page, dialog.getByLabel(/^Titre de la séance/));
    await page.keyboard.type(LESSON_TITLE);
    await tabTo(page, dialog.getByLabel(/^Consignes/));
    await page.keyboard.type(HOMEWORK);
    // The homework is for tomorrow by default, and the class's day total is said in words.
    expect(await dialog.getByLabel(/^Pour le/).inputValue()).toBe(parisDate(1));
    const workload = dialog.getByRole('status').filter({ hasText: 'minutes de travail prévues' });
    await expect.poll(() => workload.textContent()).toMatch(/20 minutes de travail prévues dans la classe.*seuil de 90 minutes.*Sous le seuil/);
    await expectNoBlockingViolation(page);

    await tabTo(page, dialog.getByRole('button', { name: 'Enregistrer la séance' }));
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const card = page.getByRole('article', { name: LESSON_TITLE });
    await card.waitFor();
    expect(await card.textContent()).toContain(HOMEWORK);
    expect(await card.textContent()).toContain('Publiée');
    expect(await card.textContent()).toMatch(/Aucun élève sur \d+ ne l’a fait/);
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('eleve.lucas finds it « Pour demain » in his « À faire », ticks it (announced), and the tick survives a reload', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'eleve.lucas');
    // The home page's tile counts it (User.homeworkSummary, declared in ent-module.json).
    await page.locator('li.ent-tile', { hasText: 'Cahier de textes' }).getByText('1 devoir pour demain').waitFor();
    await page.goto('/cahier-de-textes');
    await page.getByRole('heading', { level: 1, name: 'À faire' }).waitFor();
    const tomorrow = page.getByRole('region', { name: 'Pour demain' });
    await tomorrow.waitFor();
    expect(await tomorrow.textContent()).toContain(HOMEWORK);
    await expectNoBlockingViolation(page);

    const tick = tomorrow.getByRole('checkbox', { name: /^Fait : Mathématiques, Exercices, pour demain/ });
    expect(await tick.isChecked()).toBe(false);
    await tick.focus();
    await page.keyboard.press('Space');
    expect(await tick.isChecked()).toBe(true);
    await page.getByRole('status').filter({ hasText: '« Mathématiques » est marqué comme fait.' }).waitFor();
    // Persisted: the server says so, and a fresh page shows it.
    await expect
      .poll(async () => (await graphqlAs<{ homeworkToDo: Array<{ instructions: string; done: boolean }> }>('eleve.lucas', 'query { homeworkToDo { instructions done } }', {})).data?.homeworkToDo)
      .toEqual([{ instructions: expect.stringContaining(HOMEWORK), done: true }]);
    await page.reload();
    await page.getByRole('region', { name: 'Pour demain' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /^Fait : Mathématiques/ }).isChecked()).toBe(true);
    expect(problems.list).toEqual([]);
  });

  it('eleve.lucas creates his private calendar address from the page, it lists the homework, and revoking it closes it', async () => {
    const { page, problems } = await portal.newPage();
    await openCahier(page, 'eleve.lucas', 'À faire');
    const feeds = page.getByRole('region', { name: 'Agenda personnel' });
    expect(await feeds.textContent()).toContain('Aucune adresse active.');
    await feeds.getByRole('button', { name: 'Créer une adresse d’agenda' }).click();
    const address = feeds.getByLabel(/^Votre adresse d’agenda privée/);
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(url).pathname;
    const feed = await page.request.get(path);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toContain('text/calendar');
    expect((await feed.text()).replace(/\r\n[ \t]/g, '')).toContain('Exercices 12 et 13 page 87');
    await feeds.getByText('1 adresse active.').waitFor();
    await expectNoBlockingViolation(page);

    await feeds.getByRole('button', { name: /^Révoquer l’adresse créée le/ }).click();
    await feeds.getByText('Aucune adresse active.').waitFor();
    expect((await page.request.get(path)).status()).toBe(404);
    expect(problems.list).toEqual([]);
  });

  it('prof.durand then sees « 1 élève sur N l’a fait »', async () => {
    const { page } = await portal.newPage();
    await openCahier(page, 'prof.durand', 'Cahier de textes');
    const card = page.getByRole('article', { name: LESSON_TITLE });
    await card.waitFor();
    expect(await card.textContent()).toMatch(/1 élève sur \d+ l’a fait/);
  });

  it('parent.bernard sees it under Lucas, not under Léa; every heading names the child', async () => {
    const { page, problems } = await portal.newPage();
    await logIn(page, 'parent.bernard');
    await page.goto('/cahier-de-textes');
    await page.getByRole('link', { name: 'Cahier de textes de Lucas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cahier de textes de Lucas' }).waitFor();
    const lucasTodo = page.getByRole('region', { name: 'À faire pour Lucas' });
    await lucasTodo.getByText(HOMEWORK).waitFor();
    expect(await page.getByRole('region', { name: /^Séances de Lucas/ }).textContent()).toContain(LESSON_TITLE);
    await expectNoBlockingViolation(page);

    await page.getByRole('link', { name: 'Cahier de textes de Léa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cahier de textes de Léa' }).waitFor();
    const leaTodo = page.getByRole('region', { name: 'À faire pour Léa' });
    await leaTodo.getByText('Rien à faire pour les prochains jours.').waitFor();
    expect(await page.locator('#contenu').textContent()).not.toContain(HOMEWORK);
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('direction.eluard browses the 5e B log for this week and marks it « visé »; the visa is listed', async () => {
    const { page, problems } = await portal.newPage();
    await openCahier(page, 'direction.eluard', 'Cahier de textes');
    await page.getByLabel(/^Classe/).selectOption({ label: '5e B' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    const log = page.getByRole('region', { name: /^Séances de la 5e B du/ });
    await log.getByText(LESSON_TITLE).waitFor();
    expect(await page.getByRole('table', { name: 'Visas donnés sur le cahier de la 5e B' }).textContent()).toContain('Aucun visa pour cette classe.');
    await expectNoBlockingViolation(page);

    await page.getByLabel(/^Commentaire/).fill('Cahier bien tenu.');
    await page.getByRole('button', { name: 'Viser la période' }).click();
    const visas = page.getByRole('table', { name: 'Visas donnés sur le cahier de la 5e B' });
    await visas.getByText('Cahier bien tenu.').waitFor();
    expect(await visas.textContent()).toContain('Philippe');
    await expectNoBlockingViolation(page);
    expect(problems.list).toEqual([]);
  });

  it('a scheduled séance and its homework stay invisible to Lucas until their time, then appear', async () => {
    const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    const endsAt = new Date(Date.now() - 60_000).toISOString();
    const lessonInput = { classId: class5eB, subject: 'Mathématiques', startsAt, endsAt, title: 'Théorème de Pythagore', publishAt: later };
    const created = await graphqlAs<{ createLesson: { id: string; state: string } }>(
      'prof.durand',
      'mutation ($input: LessonInput!) { createLesson(input: $input) { id state } }',
      { input: lessonInput },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createLesson.state).toBe('SCHEDULED');
    const lessonId = created.data!.createLesson.id;
    const homeworkInput = { lessonId, dueDate: parisDate(2), kind: 'LESSON_TO_LEARN', estimatedMinutes: 15, instructions: SCHEDULED_HOMEWORK, publishAt: later };
    const homework = await graphqlAs<{ createHomework: { homework: { id: string } } }>(
      'prof.durand',
      'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }',
      { input: homeworkInput },
    );
    expect(homework.errors).toBeUndefined();

    const { page } = await portal.newPage();
    await openCahier(page, 'eleve.lucas', 'À faire');
    await page.getByRole('region', { name: 'Pour demain' }).waitFor();
    expect(await page.locator('#contenu').textContent()).not.toContain(SCHEDULED_HOMEWORK);
    const lessonsQuery = 'query ($classId: ID!, $from: String!, $to: String!) { lessons(classId: $classId, from: $from, to: $to) { title } }';
    const before = await graphqlAs<{ lessons: Array<{ title: string }> }>('eleve.lucas', lessonsQuery, { classId: class5eB, from: parisDate(-1), to: parisDate(1) });
    expect(before.data?.lessons.map((lesson) => lesson.title)).not.toContain('Théorème de Pythagore');

    // The teacher brings the publication forward to now: both appear.
    const now = new Date(Date.now() - 1_000).toISOString();
    const movedLesson = await graphqlAs('prof.durand', 'mutation ($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { id } }', {
      id: lessonId,
      input: { ...lessonInput, publishAt: now },
    });
    expect(movedLesson.errors).toBeUndefined();
    const movedHomework = await graphqlAs('prof.durand', 'mutation ($id: ID!, $input: HomeworkInput!) { updateHomework(id: $id, input: $input) { homework { id } } }', {
      id: homework.data!.createHomework.homework.id,
      input: { ...homeworkInput, publishAt: now },
    });
    expect(movedHomework.errors).toBeUndefined();
    await page.reload();
    await page.getByText(SCHEDULED_HOMEWORK).waitFor();
    const after = await graphqlAs<{ lessons: Array<{ title: string }> }>('eleve.lucas', lessonsQuery, { classId: class5eB, from: parisDate(-1), to: parisDate(1) });
    expect(after.data?.lessons.map((lesson) => lesson.title)).toContain('Théorème de Pythagore');
  });

  it('prof.durand cannot write in CE1: a forged request is refused with FORBIDDEN and nothing appears there', async () => {
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 7_200_000).toISOString();
    const lesson = await graphqlAs('prof.durand', 'mutation ($input: LessonInput!) { createLesson(input: $input) { id } }', {
      input: { classId: classCE1, subject: 'Polyvalent', startsAt, endsAt, title: 'Intrusion', publishAt: startsAt },
    });
    expect(lesson.data ?? null).toBeNull();
    expect(lesson.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const homework = await graphqlAs('prof.durand', 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }', {
      input: { classId: classCE1, subject: 'Polyvalent', dueDate: parisDate(1), kind: 'EXERCISE', estimatedMinutes: 10, instructions: 'Intrusion' },
    });
    expect(homework.data ?? null).toBeNull();
    expect(homework.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const lea = await graphqlAs<{ homeworkToDo: unknown[] }>('eleve.lea', 'query { homeworkToDo { id } }', {});
    expect(lea.data?.homeworkToDo).toEqual([]);
  });

  it('prof.durand copies her week of 5e B into next week as drafts, then deletes one copy after confirming', async () => {
    const { page, problems } = await portal.newPage();
    await openCahier(page, 'prof.durand', 'Cahier de textes');
    await page.getByRole('link', { name: '5e B' }).click();
    await page.getByRole('article', { name: LESSON_TITLE }).waitFor();
    await page.getByRole('button', { name: 'Copier cette semaine…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Copier la semaine du/ });
    await dialog.waitFor();
    await expectNoBlockingViolation(page);
    await dialog.getByRole('button', { name: 'Copier la semaine' }).click();
    await page.getByText(/séances? copiées? en brouillon dans la semaine du/).waitFor();

    await page.getByRole('link', { name: 'Semaine suivante' }).click();
    const copy = page.getByRole('article', { name: LESSON_TITLE });
    await copy.waitFor();
    expect(await copy.textContent()).toContain('Brouillon');
    // Lucas sees the séance once, today: the copies are drafts.
    const lucas = await graphqlAs<{ lessons: Array<{ title: string }> }>(
      'eleve.lucas',
      'query ($c: ID!, $from: String!, $to: String!) { lessons(classId: $c, from: $from, to: $to) { title } }',
      { c: class5eB, from: parisDate(0), to: parisDate(13) },
    );
    expect(lucas.data?.lessons.filter((lesson) => lesson.title === LESSON_TITLE)).toHaveLength(1);

    await copy.getByRole('button', { name: `Supprimer la séance « ${LESSON_TITLE} »` }).click();
    const confirm = page.getByRole('dialog', { name: `Supprimer la séance « ${LESSON_TITLE} » ?` });
    await confirm.waitFor();
    await expectNoBlockingViolation(page);
    await confirm.getByRole('button', { name: 'Supprimer définitivement' }).click();
    await page.getByText(`La séance « ${LESSON_TITLE} » est supprimée.`).waitFor();
    await expect.poll(() => page.getByRole('article', { name: LESSON_TITLE }).count()).toBe(0);
    expect(problems.list).toEqual([]);
  });

  it('eleve.lea (CE1, cycle 2) gets the simplified list with pictograms and a French read-aloud button', async () => {
    const created = await graphqlAs('prof.petit', 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }', {
      input: {
        classId: classCE1,
        subject: 'Français',
        dueDate: parisDate(1),
        kind: 'LESSON_TO_LEARN',
        estimatedMinutes: 10,
        instructions: 'Relire la poésie « Le chat » avec un adulte',
        publishAt: new Date(Date.now() - 1_000).toISOString(),
      },
    });
    // prof.petit teaches « Polyvalent » in CE1: another subject is refused by name.
    expect(created.errors?.[0]?.extensions?.field).toBe('subject');
    const accepted = await graphqlAs('prof.petit', 'mutation ($input: HomeworkInput!) { createHomework(input: $input) { homework { id } } }', {
      input: {
        classId: classCE1,
        subject: 'Polyvalent',
        dueDate: parisDate(1),
        kind: 'LESSON_TO_LEARN',
        estimatedMinutes: 10,
        instructions: 'Relire la poésie « Le chat » avec un adulte',
        publishAt: new Date(Date.now() - 1_000).toISOString(),
      },
    });
    expect(accepted.errors).toBeUndefined();

    const { page, problems } = await portal.newPage();
    await recordSpeech(page);
    await openCahier(page, 'eleve.lea', 'À faire');
    const tomorrow = page.getByRole('region', { name: 'Pour demain' });
    await tomorrow.getByText('Relire la poésie').waitFor();
    expect(await tomorrow.locator('.cahier-todo--simple svg.ent-pictogram').count()).toBe(1);
    expect(await tomorrow.getByRole('checkbox', { name: /^J’ai fini : Polyvalent, Leçon à apprendre/ }).count()).toBe(1);
    await expectNoBlockingViolation(page);
    await tomorrow.getByRole('button', { name: 'Écouter : Polyvalent, Leçon à apprendre' }).click();
    await expect.poll(() => spoken(page)).toEqual([
      { text: 'demain. Leçon à apprendre. Polyvalent. Relire la poésie « Le chat » avec un adulte', lang: 'fr-FR' },
    ]);
    expect(problems.list).toEqual([]);
  });
});
