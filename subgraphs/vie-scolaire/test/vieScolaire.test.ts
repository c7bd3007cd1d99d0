import { createTestSigner, testViewer } from '@ent/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers.js';

const RECORD = 'mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { id kind minutesLate pupil { id } } }';
const LIST = 'query ($pupilId: ID, $classId: ID) { attendanceRecords(pupilId: $pupilId, classId: $classId) { id pupil { id } } }';
const FOLLOW_UP = 'query ($e: ID!, $all: Boolean) { attendanceFollowUp(establishmentId: $e, includeHandled: $all) { id handledAt } }';
const JUSTIFY =
  'mutation ($id: ID!, $reason: JustificationReason!, $comment: String) { justifyAttendance(id: $id, reason: $reason, comment: $comment) { id justification { reason comment justifiedBy { id } } } }';
const HANDLE = 'mutation ($id: ID!) { markAttendanceHandled(id: $id) { id handledAt } }';
const SUMMARY = 'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id attendanceSummary { unjustified toFollowUp } } } }';

let world: World;
let college: string;
let classB: string;
let lucas: string;
let classmate: string;
let noah: string;
const ids: { lucasAbsence?: string; classmateLateness?: string } = {};

const count = async () => Number((await world.database.db.selectFrom('attendance_records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const entry = (pupilId: string, kind: 'ABSENCE' | 'LATENESS' = 'ABSENCE', minutesLate?: number) => ({ pupilId, kind, ...(minutesLate ? { minutesLate } : {}) });
const input = (entries: unknown[], overrides: Record<string, unknown> = {}) => ({ input: { classId: classB, date: '2026-11-30', slot: '08:00', entries, ...overrides } });

beforeAll(async () => {
  world = await startWorld();
  const lucasViewer = await world.viewerOf('eleve.lucas');
  lucas = lucasViewer.userId;
  classB = lucasViewer.classIds[0] as string;
  college = lucasViewer.profiles.find((g) => g.profile === 'ELEVE')?.establishmentId as string;
  noah = await world.userId('eleve.noah');
  const other = await world.annuaireDb.db
    .selectFrom('class_members')
    .select('user_id')
    .where('class_id', '=', classB)
    .where('user_id', '!=', lucas)
    .executeTakeFirstOrThrow();
  classmate = other.user_id;
});

afterAll(async () => {
  await world?.stop();
});

describe('federation contract (what the registry and the router ask)', () => {
  it('answers _service { sdl } with the User extension', async () => {
    const answer = await world.graphql<{ _service: { sdl: string } }>(null, '{ _service { sdl } }');
    expect(answer.data?._service.sdl).toMatch(/extend type User @key\(fields: "id"\)/);
    expect(answer.data?._service.sdl).toMatch(/attendanceSummary: AttendanceSummary/);
  });
});

describe('authentication with the public JWKS only', () => {
  it('refuses anonymous requests, a malformed token and one signed by another key', async () => {
    expect((await world.graphql(null, LIST)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const garbage = await world.graphql(null, LIST, undefined, 'not-a-jwt');
    expect(garbage.errors?.[0]).toMatchObject({ message: 'Votre session n’est plus valide. Veuillez vous reconnecter.', extensions: { code: 'UNAUTHENTICATED' } });
    const forger = await createTestSigner('annuaire-key');
    const forged = await forger.sign(testViewer({ userId: lucas, profiles: [{ profile: 'ELEVE', establishmentId: college }] }));
    expect((await world.graphql(null, LIST, undefined, forged)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('module gate', () => {
  it('refuses everything while the collège has not enabled the module', async () => {
    const answer = await world.graphql('prof.durand', RECORD, input([entry(lucas)]));
    expect(answer.errors?.[0]).toMatchObject({ message: 'Le module « Vie scolaire » n’est pas activé dans cet établissement.', extensions: { code: 'MODULE_DISABLED' } });
    expect((await world.graphql('eleve.lucas', LIST)).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect(await count()).toBe(0);
    await world.setEnabled(college, true);
  });
});

describe('recording (teachers of the class only)', () => {
  it('records a slot in one go', async () => {
    const answer = await world.graphql<{ recordAttendance: Array<{ id: string; kind: string; minutesLate: number | null; pupil: { id: string } }> }>(
      'prof.durand',
      RECORD,
      input([entry(lucas), entry(classmate, 'LATENESS', 10)]),
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.recordAttendance).toHaveLength(2);
    ids.lucasAbsence = answer.data?.recordAttendance.find((r) => r.pupil.id === lucas)?.id;
    ids.classmateLateness = answer.data?.recordAttendance.find((r) => r.pupil.id === classmate)?.id;
    expect(answer.data?.recordAttendance.find((r) => r.pupil.id === classmate)).toMatchObject({ kind: 'LATENESS', minutesLate: 10 });
  });

  // Lazy: the ids are known only once the world has started.
  it.each([
    ['a date in another format', () => input([entry(lucas)], { date: '30/11/2026' }), 'date'],
    ['a slot that is not HH:MM', () => input([entry(lucas)], { slot: '8h' }), 'slot'],
    ['no pupil', () => input([]), 'entries'],
    ['the same pupil twice', () => input([entry(noah), entry(noah)], { slot: '09:00' }), 'entries'],
    ['a lateness without minutes', () => input([entry(lucas, 'LATENESS')], { slot: '09:00' }), 'minutesLate'],
    ['a pupil of another class', () => input([entry(lucas), entry(noah)], { slot: '09:00' }), 'pupilId'],
  ])('refuses %s, naming the field, writing nothing', async (_label, variables, field) => {
    const before = await count();
    const answer = await world.graphql('prof.durand', RECORD, variables());
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0]?.message).toMatch(/^Valeur invalide pour « /);
    expect(await count()).toBe(before);
  });

  it('refuses a second record on the same slot (CONFLICT), the whole slot unwritten', async () => {
    const before = await count();
    const third = (await world.annuaireDb.db.selectFrom('class_members').select('user_id').where('class_id', '=', classB).where('user_id', 'not in', [lucas, classmate]).executeTakeFirstOrThrow()).user_id;
    const answer = await world.graphql('prof.durand', RECORD, input([entry(third), entry(lucas)]));
    expect(answer.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(await count()).toBe(before);
  });

  it.each(['prof.petit', 'eleve.lucas', 'parent.bernard', 'direction.eluard', 'doc.moreau'])('refuses %s (not a teacher of the class)', async (login) => {
    const answer = await world.graphql(login, RECORD, input([entry(lucas)], { slot: '11:00' }));
    expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('who sees what', () => {
  const seen = async (login: string, variables?: Record<string, unknown>) => {
    const answer = await world.graphql<{ attendanceRecords: Array<{ id: string; pupil: { id: string } }> }>(login, LIST, variables);
    expect(answer.errors, `${login}: ${JSON.stringify(answer.errors)}`).toBeUndefined();
    return (answer.data?.attendanceRecords ?? []).map((r) => r.pupil.id).sort();
  };

  it('a pupil their own, a parent their child’s, teacher and vie scolaire the class', async () => {
    expect(await seen('eleve.lucas')).toEqual([lucas]);
    expect(await seen('parent.bernard')).toEqual([lucas]);
    expect(await seen('eleve.noah')).toEqual([]);
    expect(await seen('prof.durand')).toEqual([classmate, lucas].sort());
    expect(await seen('prof.durand', { pupilId: lucas })).toEqual([lucas]);
    expect(await seen('doc.moreau')).toEqual([classmate, lucas].sort());
    // Their establishments (Les Tilleuls, Jules Ferry) have not enabled the module.
    for (const login of ['parent.garcia', 'prof.petit']) {
      expect((await world.graphql(login, LIST)).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    }
  });

  it('refuses another pupil’s or a class’s list to those who may not see it', async () => {
    expect((await world.graphql('eleve.lucas', LIST, { pupilId: classmate })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('parent.bernard', LIST, { classId: classB })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('gives the follow-up list to the vie scolaire and the direction of the establishment only', async () => {
    for (const login of ['doc.moreau', 'direction.eluard']) {
      const answer = await world.graphql<{ attendanceFollowUp: unknown[] }>(login, FOLLOW_UP, { e: college });
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.attendanceFollowUp).toHaveLength(2);
    }
    for (const login of ['prof.durand', 'direction.ferry', 'parent.bernard', 'eleve.lucas']) {
      expect((await world.graphql(login, FOLLOW_UP, { e: college })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('justification and follow-up', () => {
  it('lets the parent justify, nobody else', async () => {
    expect((await world.graphql('eleve.lucas', JUSTIFY, { id: ids.lucasAbsence, reason: 'ILLNESS' })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('parent.garcia', JUSTIFY, { id: ids.lucasAbsence, reason: 'ILLNESS' })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const long = await world.graphql('parent.bernard', JUSTIFY, { id: ids.lucasAbsence, reason: 'ILLNESS', comment: 'x'.repeat(501) });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });
    const done = await world.graphql<{ justifyAttendance: { justification: { reason: string; comment: string; justifiedBy: { id: string } } } }>(
      'parent.bernard',
      JUSTIFY,
      { id: ids.lucasAbsence, reason: 'ILLNESS', comment: ' Grippe ' },
    );
    expect(done.errors).toBeUndefined();
    expect(done.data?.justifyAttendance.justification).toEqual({ reason: 'ILLNESS', comment: 'Grippe', justifiedBy: { id: await world.userId('parent.bernard') } });
  });

  it('lets the vie scolaire mark as handled, once', async () => {
    expect((await world.graphql('prof.durand', HANDLE, { id: ids.lucasAbsence })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('parent.bernard', HANDLE, { id: ids.lucasAbsence })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const handled = await world.graphql<{ markAttendanceHandled: { handledAt: string } }>('doc.moreau', HANDLE, { id: ids.lucasAbsence });
    expect(handled.data?.markAttendanceHandled.handledAt).toBe('2026-11-30T09:00:00.000Z');
    expect((await world.graphql('direction.eluard', HANDLE, { id: ids.lucasAbsence })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect((await world.graphql('parent.bernard', JUSTIFY, { id: ids.lucasAbsence, reason: 'OTHER' })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    const open = await world.graphql<{ attendanceFollowUp: unknown[] }>('doc.moreau', FOLLOW_UP, { e: college });
    expect(open.data?.attendanceFollowUp).toHaveLength(1);
  });
});

describe('User.attendanceSummary (home page, through _entities)', () => {
  const reps = (...userIds: string[]) => ({ reps: userIds.map((id) => ({ __typename: 'User', id })) });

  it('counts the unjustified for the pupil and the parent’s children, the follow-up for the vie scolaire', async () => {
    const pupil = await world.graphql<{ _entities: Array<{ attendanceSummary: { unjustified: number } }> }>('eleve.lucas', SUMMARY, reps(lucas));
    expect(pupil.data?._entities[0]?.attendanceSummary.unjustified).toBe(0);
    const classmateView = await world.graphql<{ _entities: Array<{ attendanceSummary: { unjustified: number } | null }> }>('eleve.lucas', SUMMARY, reps(lucas, classmate));
    expect(classmateView.data?._entities[1]?.attendanceSummary).toBeNull();
    expect(classmateView.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const staff = await world.userId('doc.moreau');
    const followUp = await world.graphql<{ _entities: Array<{ attendanceSummary: { toFollowUp: number } }> }>('doc.moreau', SUMMARY, reps(staff));
    expect(followUp.data?._entities[0]?.attendanceSummary.toFollowUp).toBe(1);
  });

  it('answers null with MODULE_DISABLED once the collège disables it', async () => {
    await world.setEnabled(college, false);
    const answer = await world.graphql<{ _entities: Array<{ attendanceSummary: unknown }> }>('eleve.lucas', SUMMARY, reps(lucas));
    expect(answer.data?._entities[0]?.attendanceSummary).toBeNull();
    expect(answer.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect((await world.graphql('eleve.lucas', LIST)).errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    await world.setEnabled(college, true);
  });
});
