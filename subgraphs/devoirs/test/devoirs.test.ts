import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers.js';

let world: World;
let classe5eB: string;
let classeCE1: string;
let lucasId: string;
let leaId: string;
let otherLogin: string;
let otherId: string;

beforeAll(async () => {
  world = await startWorld();
  const lucas = await world.viewerOf('eleve.lucas');
  lucasId = lucas.userId;
  leaId = (await world.viewerOf('eleve.lea')).userId;
  classe5eB = lucas.classIds[0] as string;
  classeCE1 = (await world.viewerOf('eleve.lea')).classIds[0] as string;
  const other = (await world.pupilsOf('5e B')).find((pupil) => pupil.login !== 'eleve.lucas');
  if (!other?.login) throw new Error('no other pupil in 5e B');
  otherLogin = other.login;
  otherId = other.id;
});
afterAll(async () => {
  await world?.stop();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

const CREATE = `mutation ($input: AssignmentInput!) {
  createAssignment(input: $input) { id state title rubric { id maxScore criteria { id label levels { id label points } } } }
}`;
const WORK = `query ($id: ID!, $p: ID) { assignment(id: $id) { id work(pupilId: $p) {
  status late submittedAt pupilName draftText draftFiles { id filename }
  versions { version text late files { filename size downloadUrl } }
  mark { score maxScore feedback returnedAt levels { criterionId levelId } } } } }`;
const WORKS = `query ($id: ID!) { assignment(id: $id) { progress { targeted submitted marked returned } works { pupil { id } pupilName status versions { version } mark { score } } } }`;
const SUBMIT = 'mutation ($a: ID!) { submitWork(assignmentId: $a) { status late submittedAt versions { version } } }';
const DRAFT = 'mutation ($a: ID!, $t: String!) { saveDraft(assignmentId: $a, text: $t) { status draftText } }';
const MARK = 'mutation ($input: MarkInput!) { markWork(input: $input) { status mark { score maxScore feedback } } }';

type Rubric = { id: string; maxScore: number; criteria: Array<{ id: string; label: string; levels: Array<{ id: string; points: number }> }> };
type Created = { createAssignment: { id: string; state: string; rubric: Rubric | null } };

const hours = (n: number) => new Date(world.clock.now().getTime() + n * 3_600_000).toISOString();

const threeCriteria = {
  title: 'Rédaction',
  criteria: ['Idées', 'Organisation', 'Langue'].map((label) => ({
    label,
    levels: [
      { label: 'Insuffisant', points: 0 },
      { label: 'Satisfaisant', points: 2 },
      { label: 'Très bien', descriptor: 'Au-delà des attendus', points: 4 },
    ],
  })),
};

function assignmentInput(overrides: Record<string, unknown> = {}) {
  return {
    classId: classe5eB,
    title: 'Rédaction : mon héros',
    instructions: '<p>Décrivez votre héros en <strong>une page</strong>.</p>',
    dueAt: hours(48),
    submissionMode: 'FILE_OR_TEXT',
    allowedKinds: ['PDF'],
    maxSizeMb: 1,
    rubric: threeCriteria,
    publish: true,
    ...overrides,
  };
}

async function createAssignment(overrides: Record<string, unknown> = {}, login = 'prof.durand') {
  return world.graphql<Created>(login, CREATE, { input: assignmentInput(overrides) });
}

async function counts() {
  const count = async (table: 'assignments' | 'submissions' | 'submission_files' | 'marks' | 'rubrics' | 'drafts') =>
    Number((await world.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    assignments: await count('assignments'),
    rubrics: await count('rubrics'),
    submissions: await count('submissions'),
    files: await count('submission_files'),
    marks: await count('marks'),
    drafts: await count('drafts'),
    blobs: (await world.blobFiles()).length,
  };
}

async function upload(login: string | null, assignmentId: string, body: Buffer, type: string, name = 'Ma rédaction.pdf') {
  return fetch(`${world.baseUrl}/devoirs/uploads?assignmentId=${assignmentId}`, {
    method: 'POST',
    body,
    headers: {
      'content-type': type,
      'x-file-name': encodeURIComponent(name),
      ...(login ? { authorization: `Bearer ${await world.tokenOf(login)}` } : {}),
    },
  });
}

describe('assignments: creation by the teacher, bad input refused, nothing written', () => {
  it('creates a published assignment with a three-criterion rubric for the whole 5e B', async () => {
    const created = await createAssignment();
    expect(created.errors).toBeUndefined();
    expect(created.data?.createAssignment.state).toBe('PUBLISHED');
    expect(created.data?.createAssignment.rubric?.criteria).toHaveLength(3);
    expect(created.data?.createAssignment.rubric?.maxScore).toBe(12);
    const works = await world.graphql<{ assignment: { progress: { targeted: number }; works: Array<{ pupil: { id: string }; status: string }> } }>(
      'prof.durand',
      WORKS,
      { id: created.data?.createAssignment.id },
    );
    const pupils = await world.pupilsOf('5e B');
    expect(works.data?.assignment.progress.targeted).toBe(pupils.length);
    expect(works.data?.assignment.works.map((work) => work.pupil.id).sort()).toEqual(pupils.map((pupil) => pupil.id).sort());
    expect(works.data?.assignment.works.every((work) => work.status === 'NOT_STARTED')).toBe(true);
    // In the order of the register: last name, then first name, accents aside.
    const names = await world.annuaireDb.db.selectFrom('users').select(['id', 'first_name', 'last_name']).where('id', 'in', pupils.map((pupil) => pupil.id)).execute();
    const collator = new Intl.Collator('fr', { sensitivity: 'base' });
    const expected = [...names].sort((a, b) => collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name)).map((row) => row.id);
    expect(works.data?.assignment.works.map((work) => work.pupil.id)).toEqual(expected);
  });

  it.each([
    ['a due time before the opening', { opensAt: 10, dueAt: 5 }, 'dueAt'],
    ['a size over 50 Mo', { maxSizeMb: 80 }, 'maxSizeMb'],
    ['a rubric with a single level', { rubric: { title: 'X', criteria: [{ label: 'A', levels: [{ label: 'seul', points: 1 }] }] } }, 'rubric.criteria[0].levels'],
    ['negative points', { rubric: { title: 'X', criteria: [{ label: 'A', levels: [{ label: 'a', points: -1 }, { label: 'b', points: 1 }] }] } }, 'rubric.criteria[0].levels[0].points'],
    ['a pupil outside the class', { pupilIds: [] as string[] }, 'pupilIds'],
    ['a script in the instructions', { instructions: '<p onclick="x()">a</p>' }, 'instructions'],
    ['an unknown rubric', { rubric: null, rubricId: '00000000-0000-4000-8000-000000000000' }, 'rubricId'],
  ])('refuses %s, naming the field, in French', async (_, overrides, field) => {
    const patched = { ...overrides } as Record<string, unknown>;
    if (Array.isArray(patched['pupilIds'])) patched['pupilIds'] = [leaId];
    if (typeof patched['dueAt'] === 'number') Object.assign(patched, { opensAt: hours(patched['opensAt'] as number), dueAt: hours(patched['dueAt'] as number) });
    const before = await counts();
    const result = await createAssignment(patched);
    expect(result.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions.field).toBe(field);
    expect(result.errors?.[0]?.message).toMatch(/^Valeur invalide pour/);
    expect(await counts()).toEqual(before);
  });

  it.each(['prof.petit', 'eleve.lucas', 'parent.bernard', 'direction.eluard'])('refuses %s writing for 5e B', async (login) => {
    const before = await counts();
    const result = await createAssignment({}, login);
    expect(result.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('keeps a draft for its author only, then publishes it to chosen pupils', async () => {
    const draft = await createAssignment({ publish: false, pupilIds: [lucasId], title: 'Pour Lucas seulement' });
    const id = draft.data?.createAssignment.id as string;
    expect(draft.data?.createAssignment.state).toBe('DRAFT');
    expect((await world.graphql<{ assignment: unknown }>('eleve.lucas', WORK, { id })).data?.assignment).toBeNull();
    const published = await world.graphql<{ publishAssignment: { state: string } }>('prof.durand', 'mutation ($id: ID!) { publishAssignment(id: $id) { state } }', { id });
    expect(published.data?.publishAssignment.state).toBe('PUBLISHED');
    expect((await world.graphql<{ assignment: { id: string } }>('eleve.lucas', WORK, { id })).data?.assignment.id).toBe(id);
    expect((await world.graphql<{ assignment: unknown }>(otherLogin, WORK, { id })).data?.assignment).toBeNull();
    const again = await world.graphql('prof.durand', 'mutation ($id: ID!) { publishAssignment(id: $id) { state } }', { id });
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('lists the teacher’s library: own rubrics and those shared in the establishment', async () => {
    const shared = await world.graphql<{ createRubric: { id: string } }>('prof.durand', 'mutation ($input: RubricInput!) { createRubric(input: $input) { id } }', {
      input: { ...threeCriteria, title: 'Grille partagée', shared: true },
    });
    expect(shared.errors).toBeUndefined();
    const library = await world.graphql<{ rubricLibrary: Array<{ id: string; title: string }> }>('prof.durand', '{ rubricLibrary { id title } }');
    expect(library.data?.rubricLibrary.map((rubric) => rubric.id)).toContain(shared.data?.createRubric.id);
    expect((await world.graphql<{ rubricLibrary: unknown[] }>('prof.petit', '{ rubricLibrary { id } }')).data?.rubricLibrary).toEqual([]);
    expect((await world.graphql('eleve.lucas', '{ rubricLibrary { id } }')).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('groups, draft edits, the working copy', () => {
  it('targets a group: its members, each counted in their own class', async () => {
    const teaching = await world.annuaireDb.db
      .selectFrom('teaching_assignments')
      .innerJoin('groups', 'groups.id', 'teaching_assignments.group_id')
      .innerJoin('users', 'users.id', 'teaching_assignments.teacher_id')
      .innerJoin('establishments', 'establishments.id', 'groups.establishment_id')
      .select(['groups.id as group_id', 'users.login'])
      .where('establishments.name', '=', 'Collège Paul Éluard')
      .where('users.login', 'is not', null)
      .orderBy('groups.name')
      .executeTakeFirstOrThrow();
    const login = teaching.login as string;
    const created = await world.graphql<Created>(login, CREATE, { input: assignmentInput({ classId: null, groupId: teaching.group_id, rubric: null }) });
    expect(created.errors).toBeUndefined();
    const members = await world.annuaireDb.db
      .selectFrom('group_members')
      .innerJoin('class_members', 'class_members.user_id', 'group_members.user_id')
      .select(['group_members.user_id', 'class_members.class_id'])
      .where('group_members.group_id', '=', teaching.group_id)
      .execute();
    const works = await world.graphql<{ assignment: { works: Array<{ pupil: { id: string } }> } }>(login, 'query ($id: ID!) { assignment(id: $id) { works { pupil { id } } } }', {
      id: created.data?.createAssignment.id,
    });
    expect(works.data?.assignment.works.map((work) => work.pupil.id).sort()).toEqual(members.map((member) => member.user_id).sort());
    const rows = await world.database.db.selectFrom('assignment_pupils').select(['pupil_id', 'class_id']).where('assignment_id', '=', created.data?.createAssignment.id as string).execute();
    expect(Object.fromEntries(rows.map((row) => [row.pupil_id, row.class_id]))).toEqual(Object.fromEntries(members.map((member) => [member.user_id, member.class_id])));
    // prof.durand does not teach that group.
    expect((await world.graphql('prof.durand', CREATE, { input: assignmentInput({ classId: null, groupId: teaching.group_id }) })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('edits a draft (its author only), never a published assignment', async () => {
    const draft = await createAssignment({ publish: false, title: 'Premier jet' });
    const id = draft.data?.createAssignment.id as string;
    const UPDATE = 'mutation ($id: ID!, $input: AssignmentInput!) { updateAssignment(id: $id, input: $input) { title state rubric { id } } }';
    const edited = await world.graphql<{ updateAssignment: { title: string; state: string; rubric: null } }>('prof.durand', UPDATE, {
      id,
      input: assignmentInput({ publish: false, title: 'Version revue', rubric: null }),
    });
    expect(edited.data?.updateAssignment).toEqual({ title: 'Version revue', state: 'DRAFT', rubric: null });
    expect((await world.graphql('prof.petit', UPDATE, { id, input: assignmentInput({ publish: false }) })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const published = (await createAssignment({ title: 'Publié' })).data?.createAssignment.id;
    const refused = await world.graphql('prof.durand', UPDATE, { id: published, input: assignmentInput({ title: 'Changé' }) });
    expect(refused.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect((await world.database.db.selectFrom('assignments').select('title').where('id', '=', published as string).executeTakeFirstOrThrow()).title).toBe('Publié');
  });

  it('lets a pupil remove a file from the working copy (row and blob), not someone else’s, not a handed-in one', async () => {
    const id = (await createAssignment({ title: 'Retrait', rubric: null })).data?.createAssignment.id as string;
    const before = await counts();
    const stored = (await (await upload('eleve.lucas', id, PDF, 'application/pdf')).json()) as { id: string };
    expect((await counts()).blobs).toBe(before.blobs + 2);
    const REMOVE = 'mutation ($id: ID!) { removeDraftFile(fileId: $id) { draftFiles { id } } }';
    expect((await world.graphql(otherLogin, REMOVE, { id: stored.id })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const removed = await world.graphql<{ removeDraftFile: { draftFiles: unknown[] } }>('eleve.lucas', REMOVE, { id: stored.id });
    expect(removed.data?.removeDraftFile.draftFiles).toEqual([]);
    expect(await counts()).toEqual(before);
    const kept = (await (await upload('eleve.lucas', id, PDF, 'application/pdf')).json()) as { id: string };
    await world.graphql('eleve.lucas', SUBMIT, { a: id });
    expect((await world.graphql('eleve.lucas', REMOVE, { id: kept.id })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('the whole loop: upload, hand in, mark with the rubric, return, family view', () => {
  let id: string;
  let rubric: Rubric;

  beforeAll(async () => {
    const created = await createAssignment({ title: 'Boucle complète' });
    id = created.data?.createAssignment.id as string;
    rubric = created.data?.createAssignment.rubric as Rubric;
  });

  it('lets Lucas upload a PDF, autosave his text and hand in; the version records the time', async () => {
    const stored = await upload('eleve.lucas', id, PDF, 'application/pdf');
    expect(stored.status).toBe(201);
    const draft = await world.graphql<{ saveDraft: { status: string; draftText: string } }>('eleve.lucas', DRAFT, { a: id, t: 'Mon héros est ma grand-mère.' });
    expect(draft.data?.saveDraft).toEqual({ status: 'DRAFT', draftText: 'Mon héros est ma grand-mère.' });
    world.clock.advance(60_000);
    const submitted = await world.graphql<{ submitWork: { status: string; late: boolean; submittedAt: string; versions: Array<{ version: number }> } }>(
      'eleve.lucas',
      SUBMIT,
      { a: id },
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitWork).toMatchObject({ status: 'SUBMITTED', late: false, submittedAt: world.clock.now().toISOString(), versions: [{ version: 1 }] });
    const mine = await world.graphql<{ assignment: { work: { versions: Array<{ text: string; files: Array<{ filename: string; size: number; downloadUrl: string }> }>; draftFiles: unknown[] } } }>(
      'eleve.lucas',
      WORK,
      { id },
    );
    const version = mine.data?.assignment.work.versions[0];
    expect(version?.text).toBe('Mon héros est ma grand-mère.');
    expect(version?.files[0]).toMatchObject({ filename: 'Ma rédaction.pdf', size: PDF.length });
    expect(mine.data?.assignment.work.draftFiles).toEqual([]);
    const file = await fetch(`${world.baseUrl}${version?.files[0]?.downloadUrl}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('keeps the handed-in version unchanged: a resubmission is version 2', async () => {
    await world.graphql('eleve.lucas', DRAFT, { a: id, t: 'Version corrigée.' });
    const again = await world.graphql<{ submitWork: { versions: Array<{ version: number }> } }>('eleve.lucas', SUBMIT, { a: id });
    expect(again.data?.submitWork.versions.map((version) => version.version)).toEqual([2, 1]);
    const rows = await world.database.db.selectFrom('submissions').select(['version', 'text']).where('assignment_id', '=', id).orderBy('version').execute();
    expect(rows).toEqual([
      { version: 1, text: 'Mon héros est ma grand-mère.' },
      { version: 2, text: 'Version corrigée.' },
    ]);
  });

  it('never shows Lucas’s work to another pupil of 5e B, another parent, or another teacher', async () => {
    const other = await world.graphql(otherLogin, WORK, { id, p: lucasId });
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(other.data)).not.toContain('grand-mère');
    const list = await world.graphql(otherLogin, WORKS, { id });
    expect(list.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const own = await world.graphql<{ assignment: { work: { status: string; versions: unknown[] } } }>(otherLogin, WORK, { id });
    expect(own.data?.assignment.work).toMatchObject({ status: 'NOT_STARTED', versions: [] });
    for (const login of ['parent.garcia', 'prof.petit', 'doc.moreau', 'eleve.lea']) {
      expect((await world.graphql<{ assignment: unknown }>(login, WORK, { id, p: lucasId })).data?.assignment ?? null).toBeNull();
    }
  });

  it('refuses an unknown level, a missing criterion and a pupil not targeted, writing nothing', async () => {
    const [first, second, third] = rubric.criteria;
    const before = await counts();
    const levels = [
      { criterionId: first?.id, levelId: second?.levels[0]?.id },
      { criterionId: second?.id, levelId: second?.levels[0]?.id },
      { criterionId: third?.id, levelId: third?.levels[0]?.id },
    ];
    const unknownLevel = await world.graphql('prof.durand', MARK, { input: { assignmentId: id, pupilId: lucasId, levels } });
    expect(unknownLevel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'levels[0].levelId' });
    expect(unknownLevel.errors?.[0]?.message).toContain('ce niveau n’existe pas pour ce critère');
    const missing = await world.graphql('prof.durand', MARK, { input: { assignmentId: id, pupilId: lucasId, levels: levels.slice(1) } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'levels' });
    const notTargeted = await world.graphql('prof.durand', MARK, { input: { assignmentId: id, pupilId: leaId, levels: [] } });
    expect(notTargeted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pupilId' });
    const byOther = await world.graphql('prof.petit', MARK, { input: { assignmentId: id, pupilId: lucasId, levels: [] } });
    expect(byOther.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('marks with the rubric (score computed), hides it until returned, then shows it to Lucas and parent.bernard', async () => {
    const picks = rubric.criteria.map((criterion, index) => ({ criterionId: criterion.id, levelId: criterion.levels[index === 0 ? 2 : 1]?.id }));
    const marked = await world.graphql<{ markWork: { status: string; mark: { score: number; maxScore: number } } }>('prof.durand', MARK, {
      input: { assignmentId: id, pupilId: lucasId, levels: picks, feedback: 'Très beau portrait, soigne la ponctuation.' },
    });
    expect(marked.errors).toBeUndefined();
    expect(marked.data?.markWork).toMatchObject({ status: 'MARKED', mark: { score: 8, maxScore: 12 } });
    const hidden = await world.graphql<{ assignment: { work: { status: string; mark: unknown } } }>('eleve.lucas', WORK, { id });
    expect(hidden.data?.assignment.work).toMatchObject({ status: 'MARKED', mark: null });
    const resubmit = await world.graphql('eleve.lucas', SUBMIT, { a: id });
    expect(resubmit.errors?.[0]?.extensions.code).toBe('CONFLICT');

    world.clock.advance(3_600_000);
    const returned = await world.graphql<{ returnWork: Array<{ status: string }> }>('prof.durand', 'mutation ($a: ID!) { returnWork(assignmentId: $a) { status } }', { a: id });
    expect(returned.data?.returnWork).toEqual([{ status: 'RETURNED' }]);
    const pupil = await world.graphql<{ assignment: { work: { status: string; mark: { score: number; feedback: string; levels: unknown[] } } } }>('eleve.lucas', WORK, { id });
    expect(pupil.data?.assignment.work).toMatchObject({ status: 'RETURNED', mark: { score: 8, feedback: 'Très beau portrait, soigne la ponctuation.' } });
    expect(pupil.data?.assignment.work.mark.levels).toHaveLength(3);
    const parent = await world.graphql<{ assignment: { work: { status: string; versions: unknown[]; draftText: unknown; mark: { score: number } } } }>(
      'parent.bernard',
      WORK,
      { id, p: lucasId },
    );
    expect(parent.errors).toBeUndefined();
    expect(parent.data?.assignment.work).toMatchObject({ status: 'RETURNED', versions: [], draftText: null, mark: { score: 8 } });
    const list = await world.graphql<{ pupilAssignments: Array<{ id: string; work: { status: string } }> }>(
      'parent.bernard',
      'query ($p: ID) { pupilAssignments(pupilId: $p) { id work { status } } }',
      { p: lucasId },
    );
    expect(list.data?.pupilAssignments.find((assignment) => assignment.id === id)?.work.status).toBe('RETURNED');
    expect((await world.graphql('parent.bernard', WORK, { id, p: otherId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lets the direction follow statuses, not read the work', async () => {
    const direction = await world.graphql<{ assignment: { works: Array<{ pupil: { id: string }; status: string; versions: unknown[] }> } }>('direction.eluard', WORKS, { id });
    expect(direction.errors).toBeUndefined();
    const lucas = direction.data?.assignment.works.find((work) => work.pupil.id === lucasId);
    expect(lucas).toMatchObject({ status: 'RETURNED', versions: [] });
    expect((await world.graphql<{ assignment: unknown }>('direction.ferry', WORKS, { id })).data?.assignment).toBeNull();
  });

  /**
   * The authorization matrix on Lucas's returned work, per profile: can the person see the assignment,
   * the class list, Lucas's status, the work itself (versions), the mark and feedback.
   */
  it.each([
    // login, assignment, works list, Lucas's work, versions, mark
    ['prof.durand', true, true, true, true, true],
    ['direction.eluard', true, true, true, false, true],
    ['eleve.lucas', true, false, true, true, true],
    ['parent.bernard', true, false, true, false, true],
    ['OTHER_PUPIL', true, false, false, false, false],
    ['prof.petit', false, false, false, false, false],
    ['direction.ferry', false, false, false, false, false],
    ['eleve.lea', false, false, false, false, false],
    ['parent.garcia', false, false, false, false, false],
    ['doc.moreau', false, false, false, false, false],
    ['admin.eluard', false, false, false, false, false],
  ])('authorization matrix: %s (assignment %s, list %s, Lucas’s status %s, work %s, mark %s)', async (who, assignment, list, status, versions, mark) => {
    const login = who === 'OTHER_PUPIL' ? otherLogin : who;
    const QUERY = `query ($id: ID!, $p: ID) { assignment(id: $id) { id
      works { pupil { id } }
      work(pupilId: $p) { status versions { version text } mark { score feedback } } } }`;
    const answer = await world.graphql<{
      assignment: { id: string; works: unknown[] | null; work: { status: string; versions: unknown[]; mark: { feedback: string } | null } | null } | null;
    }>(login, QUERY, { id, p: lucasId });
    const found = answer.data?.assignment ?? null;
    expect(found !== null).toBe(assignment);
    if (!found) {
      expect(JSON.stringify(answer)).not.toContain('Version corrigée');
      return;
    }
    expect(found.works !== null).toBe(list);
    expect(found.work !== null).toBe(status);
    if (!found.work) {
      expect(answer.errors?.some((error) => error.extensions.code === 'FORBIDDEN')).toBe(true);
      expect(JSON.stringify(answer)).not.toContain('Version corrigée');
      return;
    }
    expect(found.work.status).toBe('RETURNED');
    expect(found.work.versions.length > 0).toBe(versions);
    expect(found.work.mark !== null).toBe(mark);
  });

  it('streams the class’s latest versions as one ZIP to the author only', async () => {
    const link = await world.graphql<{ assignment: { archiveUrl: string } }>('prof.durand', 'query ($id: ID!, $c: ID) { assignment(id: $id) { archiveUrl(classId: $c) } }', { id, c: classe5eB });
    const response = await fetch(`${world.baseUrl}${link.data?.assignment.archiveUrl}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await response.arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    // The latest version (2) carries text only; its text is stored uncompressed? no: names are in the central directory.
    expect(zip.includes(Buffer.from('texte en ligne.txt'))).toBe(true);
    const forged = (link.data?.assignment.archiveUrl ?? '').replace(/user=[^&]+/, `user=${otherId}`);
    expect((await fetch(`${world.baseUrl}${forged}`)).status).toBe(403);
    const pupilLink = await world.graphql<{ assignment: { archiveUrl: string | null } }>('eleve.lucas', 'query ($id: ID!) { assignment(id: $id) { archiveUrl } }', { id });
    expect(pupilLink.data?.assignment.archiveUrl).toBeNull();
  });
});

describe('the teacher’s documents', () => {
  it('lets the author attach a document, readable by the targeted pupils through an expiring link, refused to others', async () => {
    const id = (await createAssignment({ title: 'Avec énoncé', rubric: null })).data?.createAssignment.id as string;
    const post = async (login: string, body: Buffer, type: string) =>
      fetch(`${world.baseUrl}/devoirs/attachments?assignmentId=${id}`, {
        method: 'POST',
        body,
        headers: { 'content-type': type, 'x-file-name': encodeURIComponent('Énoncé.pdf'), authorization: `Bearer ${await world.tokenOf(login)}` },
      });
    const before = await counts();
    expect((await post('eleve.lucas', PDF, 'application/pdf')).status).toBe(403);
    expect((await post('prof.petit', PDF, 'application/pdf')).status).toBe(403);
    expect((await post('prof.durand', Buffer.from('<html></html>'), 'text/html')).status).toBe(400);
    expect(await counts()).toEqual(before);
    expect((await post('prof.durand', PDF, 'application/pdf')).status).toBe(201);
    const QUERY = 'query ($id: ID!) { assignment(id: $id) { attachments { id filename downloadUrl } } }';
    const pupil = await world.graphql<{ assignment: { attachments: Array<{ id: string; filename: string; downloadUrl: string }> } }>('eleve.lucas', QUERY, { id });
    const attachment = pupil.data?.assignment.attachments[0];
    expect(attachment?.filename).toBe('Énoncé.pdf');
    const file = await fetch(`${world.baseUrl}${attachment?.downloadUrl}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await world.graphql<{ assignment: unknown }>('eleve.lea', QUERY, { id })).data?.assignment).toBeNull();
    const REMOVE = 'mutation ($id: ID!) { removeAttachment(id: $id) { attachments { id } } }';
    expect((await world.graphql('eleve.lucas', REMOVE, { id: attachment?.id })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const removed = await world.graphql<{ removeAttachment: { attachments: unknown[] } }>('prof.durand', REMOVE, { id: attachment?.id });
    expect(removed.data?.removeAttachment.attachments).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});

describe('the annotated copy', () => {
  it('is attached by the author for one pupil, shown to that pupil and their parents once returned, to nobody else', async () => {
    const id = (await createAssignment({ title: 'Copie annotée', rubric: null })).data?.createAssignment.id as string;
    await upload('eleve.lucas', id, PDF, 'application/pdf');
    await world.graphql('eleve.lucas', SUBMIT, { a: id });
    const attach = async (login: string, pupilId: string) =>
      fetch(`${world.baseUrl}/devoirs/attachments?assignmentId=${id}&pupilId=${pupilId}`, {
        method: 'POST',
        body: PDF,
        headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Copie corrigée.pdf'), authorization: `Bearer ${await world.tokenOf(login)}` },
      });
    expect((await attach('prof.durand', leaId)).status).toBe(400);
    expect((await attach('eleve.lucas', lucasId)).status).toBe(403);
    expect((await attach('prof.durand', lucasId)).status).toBe(201);
    const FILES = 'query ($id: ID!, $p: ID) { assignment(id: $id) { attachments { id } work(pupilId: $p) { feedbackFiles { filename downloadUrl } } } }';
    type Files = { assignment: { attachments: unknown[]; work: { feedbackFiles: Array<{ filename: string; downloadUrl: string }> } } };
    const teacher = await world.graphql<Files>('prof.durand', FILES, { id, p: lucasId });
    expect(teacher.data?.assignment.work.feedbackFiles.map((file) => file.filename)).toEqual(['Copie corrigée.pdf']);
    expect(teacher.data?.assignment.attachments).toEqual([]);
    expect((await world.graphql<Files>('eleve.lucas', FILES, { id })).data?.assignment.work.feedbackFiles).toEqual([]);

    await world.graphql('prof.durand', MARK, { input: { assignmentId: id, pupilId: lucasId, levels: [], feedback: 'Voir la copie annotée.' } });
    await world.graphql('prof.durand', 'mutation ($a: ID!) { returnWork(assignmentId: $a) { status } }', { a: id });
    const pupil = await world.graphql<Files>('eleve.lucas', FILES, { id });
    const link = pupil.data?.assignment.work.feedbackFiles[0]?.downloadUrl;
    expect(Buffer.from(await (await fetch(`${world.baseUrl}${link}`)).arrayBuffer()).equals(PDF)).toBe(true);
    expect((await world.graphql<Files>('parent.bernard', FILES, { id, p: lucasId })).data?.assignment.work.feedbackFiles).toHaveLength(1);
    expect((await world.graphql<Files>('direction.eluard', FILES, { id, p: lucasId })).data?.assignment.work.feedbackFiles).toEqual([]);
    expect((await world.graphql(otherLogin, FILES, { id, p: lucasId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Once returned, nothing is added or taken away.
    const before = await counts();
    expect((await attach('prof.durand', lucasId)).status).toBe(409);
    const fileId = (await world.database.db.selectFrom('assignment_attachments').select('id').where('assignment_id', '=', id).executeTakeFirstOrThrow()).id;
    expect((await world.graphql('prof.durand', 'mutation ($id: ID!) { removeAttachment(id: $id) { id } }', { id: fileId })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);
  });
});

describe('upload limits, deadlines and interrupted uploads', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createAssignment({ title: 'Limites', rubric: null })).data?.createAssignment.id as string;
  });

  it.each([
    ['a file over the 1 Mo limit', () => Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]), 'application/pdf', /dépasse la taille maximale de 1 Mo/],
    ['a PNG where only PDF is allowed', () => PNG, 'image/png', /type de fichier n’est pas accepté \(PDF\)/],
    ['a PNG renamed as PDF', () => PNG, 'application/pdf', /type de fichier/],
    ['an HTML page', () => Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', /type de fichier/],
  ])('refuses %s with a French message, leaving no row and no blob', async (_, body, type, message) => {
    const before = await counts();
    const response = await upload('eleve.lucas', id, body(), type);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string; field: string } }> };
    expect(answer.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(answer.errors[0]?.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses uploads from anyone but a targeted pupil', async () => {
    const before = await counts();
    expect((await upload(null, id, PDF, 'application/pdf')).status).toBe(401);
    expect((await upload('eleve.lea', id, PDF, 'application/pdf')).status).toBe(403);
    expect((await upload('prof.durand', id, PDF, 'application/pdf')).status).toBe(403);
    expect((await upload('eleve.lucas', 'not-an-id', PDF, 'application/pdf')).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('leaves no row and no file when the connection drops in the middle of the body', async () => {
    const before = await counts();
    const token = await world.tokenOf('eleve.lucas');
    await new Promise<void>((resolve) => {
      const req = request(`${world.baseUrl}/devoirs/uploads?assignmentId=${id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': String(512 * 1024), 'x-file-name': 'coupé.pdf' },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(PDF);
      req.write(Buffer.alloc(64 * 1024, 0x20));
      // The server has started storing (the first bytes are past the type check) when the client vanishes.
      setTimeout(() => req.destroy(), 300);
    });
    await expect.poll(async () => (await world.blobFiles()).length, { timeout: 5_000 }).toBe(before.blobs);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file for an online-text assignment, and text for a file-only one', async () => {
    const textOnly = (await createAssignment({ title: 'Texte', submissionMode: 'TEXT', rubric: null })).data?.createAssignment.id as string;
    const refused = await upload('eleve.lucas', textOnly, PDF, 'application/pdf');
    expect(refused.status).toBe(400);
    const fileOnly = (await createAssignment({ title: 'Fichier', submissionMode: 'FILE', rubric: null })).data?.createAssignment.id as string;
    const draft = await world.graphql('eleve.lucas', DRAFT, { a: fileOnly, t: 'texte' });
    expect(draft.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const empty = await world.graphql('eleve.lucas', SUBMIT, { a: fileOnly });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
  });

  it('refuses work after the deadline when late work is not accepted; flags it late otherwise', async () => {
    const strict = (await createAssignment({ title: 'Strict', latePolicy: 'REFUSE', dueAt: hours(1), rubric: null })).data?.createAssignment.id as string;
    const lenient = (await createAssignment({ title: 'Souple', latePolicy: 'ACCEPT', dueAt: hours(1), rubric: null })).data?.createAssignment.id as string;
    await world.graphql('eleve.lucas', DRAFT, { a: strict, t: 'en avance' });
    await world.graphql('eleve.lucas', DRAFT, { a: lenient, t: 'en retard' });
    world.clock.advance(2 * 3_600_000);
    const before = await counts();
    const refused = await world.graphql('eleve.lucas', SUBMIT, { a: strict });
    expect(refused.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('la date limite est passée');
    expect((await upload('eleve.lucas', strict, PDF, 'application/pdf')).status).toBe(409);
    expect(await counts()).toEqual(before);
    const late = await world.graphql<{ submitWork: { status: string; late: boolean } }>('eleve.lucas', SUBMIT, { a: lenient });
    expect(late.data?.submitWork).toMatchObject({ status: 'LATE', late: true });
  });
});

describe('indicators, computed in SQL, against hand-computed values', () => {
  it('gives the submission rate per assignment and class and the average marking delay per teacher and class', async () => {
    // A fresh establishment-wide picture: only what this test creates is counted, in the collège.
    await world.database.db.deleteFrom('assignments').execute();
    const pupils = (await world.pupilsOf('5e B')).filter((pupil) => pupil.login);
    const four = pupils.slice(0, 4);
    const targeted = four.map((pupil) => pupil.id);
    const a1 = (await createAssignment({ title: 'I1', pupilIds: targeted, rubric: null, dueAt: hours(100) })).data?.createAssignment.id as string;
    const a2 = (await createAssignment({ title: 'I2', pupilIds: targeted, rubric: null, dueAt: hours(100) })).data?.createAssignment.id as string;
    const start = world.clock.now().getTime();
    const at = (h: number) => world.clock.set(new Date(start + h * 3_600_000));
    const handIn = async (login: string, assignmentId: string) => {
      await world.graphql(login, DRAFT, { a: assignmentId, t: 'fait' });
      const result = await world.graphql(login, SUBMIT, { a: assignmentId });
      expect(result.errors).toBeUndefined();
    };
    const markAndReturn = async (pupilId: string, assignmentId: string) => {
      await world.graphql('prof.durand', MARK, { input: { assignmentId, pupilId, levels: [], feedback: 'vu' } });
      await world.graphql('prof.durand', 'mutation ($a: ID!, $p: [ID!]) { returnWork(assignmentId: $a, pupilIds: $p) { status } }', { a: assignmentId, p: [pupilId] });
    };
    // I1: three of four hand in (at 0 h, 1 h, 2 h); returned at 10 h and 20 h for the first two → delays 10 h and 19 h.
    at(0);
    await handIn(four[0]?.login as string, a1);
    at(1);
    await handIn(four[1]?.login as string, a1);
    at(2);
    await handIn(four[2]?.login as string, a1);
    // I2: one of four hands in at 4 h; returned at 28 h → 24 h.
    at(4);
    await handIn(four[0]?.login as string, a2);
    at(10);
    await markAndReturn(four[0]?.id as string, a1);
    at(20);
    await markAndReturn(four[1]?.id as string, a1);
    at(28);
    await markAndReturn(four[0]?.id as string, a2);

    const establishmentId = (await world.database.db.selectFrom('assignments').select('establishment_id').where('id', '=', a1).executeTakeFirstOrThrow()).establishment_id;
    const QUERY = `query ($e: ID!) { assignmentIndicators(establishmentId: $e) {
      submissionRates { assignment { id title } class { id } targeted submitted rate }
      classSubmissionRates { class { id } assignments targeted submitted rate }
      markingDelays { teacher { id } class { id } returned averageHours } } }`;
    const direction = await world.graphql<{
      assignmentIndicators: {
        submissionRates: Array<{ assignment: { id: string }; class: { id: string }; targeted: number; submitted: number; rate: number }>;
        classSubmissionRates: Array<{ class: { id: string }; assignments: number; targeted: number; submitted: number; rate: number }>;
        markingDelays: Array<{ teacher: { id: string }; class: { id: string }; returned: number; averageHours: number }>;
      };
    }>('direction.eluard', QUERY, { e: establishmentId });
    expect(direction.errors).toBeUndefined();
    const indicators = direction.data?.assignmentIndicators;
    const rateOf = (assignmentId: string) => indicators?.submissionRates.find((rate) => rate.assignment.id === assignmentId);
    expect(rateOf(a1)).toMatchObject({ class: { id: classe5eB }, targeted: 4, submitted: 3, rate: 0.75 });
    expect(rateOf(a2)).toMatchObject({ class: { id: classe5eB }, targeted: 4, submitted: 1, rate: 0.25 });
    expect(indicators?.classSubmissionRates).toEqual([{ class: { id: classe5eB }, assignments: 2, targeted: 8, submitted: 4, rate: 0.5 }]);
    // (10 + 19 + 24) / 3 = 17.666… hours
    const durand = (await world.viewerOf('prof.durand')).userId;
    expect(indicators?.markingDelays).toHaveLength(1);
    expect(indicators?.markingDelays[0]).toMatchObject({ teacher: { id: durand }, class: { id: classe5eB }, returned: 3 });
    expect(indicators?.markingDelays[0]?.averageHours).toBeCloseTo(53 / 3, 6);

    const teacher = await world.graphql<{ assignmentIndicators: { classSubmissionRates: unknown[] } }>('prof.durand', QUERY, { e: establishmentId });
    expect(teacher.data?.assignmentIndicators.classSubmissionRates).toHaveLength(1);
    for (const login of ['eleve.lucas', 'parent.bernard', 'direction.ferry']) {
      expect((await world.graphql(login, QUERY, { e: establishmentId })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('home-page summary', () => {
  it('counts what is due soon for the pupil and per child for the parent, what to mark for the teacher; refuses others', async () => {
    await world.database.db.deleteFrom('assignments').execute();
    const created = await createAssignment({ title: 'Bientôt', rubric: null, dueAt: hours(24) });
    await createAssignment({ title: 'Plus tard', rubric: null, dueAt: hours(24 * 20) });
    const SUMMARY = 'query ($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { assignmentSummary { dueSoon toMark returnedRecently } } } }';
    type Answer = { _entities: Array<{ assignmentSummary: { dueSoon: number; toMark: number } | null }> };
    expect((await world.graphql<Answer>('eleve.lucas', SUMMARY, { id: lucasId })).data?._entities[0]?.assignmentSummary).toMatchObject({ dueSoon: 1, toMark: 0 });
    expect((await world.graphql<Answer>('parent.bernard', SUMMARY, { id: lucasId })).data?._entities[0]?.assignmentSummary).toMatchObject({ dueSoon: 1 });
    expect((await world.graphql<Answer>('parent.bernard', SUMMARY, { id: leaId })).data?._entities[0]?.assignmentSummary).toMatchObject({ dueSoon: 0 });
    await world.graphql('eleve.lucas', DRAFT, { a: created.data?.createAssignment.id, t: 'fini' });
    await world.graphql('eleve.lucas', SUBMIT, { a: created.data?.createAssignment.id });
    expect((await world.graphql<Answer>('eleve.lucas', SUMMARY, { id: lucasId })).data?._entities[0]?.assignmentSummary?.dueSoon).toBe(0);
    const durand = (await world.viewerOf('prof.durand')).userId;
    expect((await world.graphql<Answer>('prof.durand', SUMMARY, { id: durand })).data?._entities[0]?.assignmentSummary?.toMark).toBe(1);
    const refused = await world.graphql<Answer>(otherLogin, SUMMARY, { id: lucasId });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('module gate', () => {
  it('answers MODULE_DISABLED once the collège switched Devoirs off, and writes nothing', async () => {
    const id = (await createAssignment({ title: 'Avant la coupure', rubric: null })).data?.createAssignment.id as string;
    const eluard = await world.annuaireDb.db.selectFrom('classes').select('establishment_id').where('id', '=', classe5eB).executeTakeFirstOrThrow();
    await world.annuaireDb.db
      .insertInto('module_activation_changes')
      .values({ establishment_id: eluard.establishment_id, module_id: 'devoirs', enabled: false, effective_at: world.clock.now() })
      .execute();
    const before = await counts();
    expect((await createAssignment({ title: 'Refusé' })).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect((await world.graphql('eleve.lucas', DRAFT, { a: id, t: 'x' })).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect((await world.graphql('eleve.lucas', '{ pupilAssignments { id } }')).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect((await upload('eleve.lucas', id, PDF, 'application/pdf')).status).toBe(403);
    expect(await counts()).toEqual(before);
    // Léa's école is not concerned.
    expect((await world.graphql('eleve.lea', '{ pupilAssignments { id } }')).errors).toBeUndefined();
    expect(classeCE1).toBeTruthy();
  });
});
