import { createJobQueue, silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleNightlyExport } from '../src/gar/exportService.js';
import { DEMO_CLASS_RESOURCES } from '../src/demo/seedDemo.js';
import { type GarTestWorld, startWorld } from './harness.js';

let world: GarTestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

const LIST = `query($e: ID) { myResources(establishmentId: $e) { establishmentId stale fetchedAt notice resources { id title publisher thumbnailUrl typeCode typeLabel levels subjects favourite pinned isNew recommendations { teacherName classId } } } }`;
type List = {
  myResources: {
    stale: boolean;
    notice: string | null;
    fetchedAt: string | null;
    resources: { id: string; title: string; favourite: boolean; pinned: boolean; isNew: boolean; thumbnailUrl: string | null; recommendations: { teacherName: string }[] }[];
  };
};

describe('resource list', () => {
  it('gives eleve.lucas the resources assigned to 5e B and to his level, fresh, with the teacher’s recommendation', async () => {
    const answer = await world.graphql<List>('eleve.lucas', LIST);
    expect(answer.errors).toBeUndefined();
    const list = answer.data!.myResources;
    expect(list.stale).toBe(false);
    expect(list.notice).toBeNull();
    const ids = list.resources.map((resource) => resource.id);
    for (const id of DEMO_CLASS_RESOURCES) expect(ids).toContain(id);
    expect(ids).toContain('ark:/32151/LA.Anglais'); // a collège-level resource
    expect(ids).not.toContain('ark:/68404/sx154dn78'); // lycée only
    const annabac = list.resources.find((resource) => resource.id === DEMO_CLASS_RESOURCES[0]);
    expect(annabac?.recommendations[0]?.teacherName).toMatch(/Durand/);
    expect(annabac?.isNew).toBe(true);
    expect(annabac?.thumbnailUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vignettes\/\d+\.svg$/);
  });

  it('gives a pupil of another class of the collège no 5e B resource', async () => {
    const other = await world.annuaire.database.db
      .selectFrom('users')
      .innerJoin('class_members', 'class_members.user_id', 'users.id')
      .innerJoin('classes', 'classes.id', 'class_members.class_id')
      .innerJoin('user_profiles', 'user_profiles.user_id', 'users.id')
      .select('users.login')
      .where('classes.name', '=', '4e A')
      .where('user_profiles.profile', '=', 'ELEVE')
      .executeTakeFirstOrThrow();
    const answer = await world.graphql<List>(other.login, LIST);
    const ids = answer.data!.myResources.resources.map((resource) => resource.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of DEMO_CLASS_RESOURCES) expect(ids).not.toContain(id);
  });

  it('tells a parent GAR lists are for pupils and staff, without calling GAR', async () => {
    const answer = await world.graphql<List>('parent.bernard', LIST);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.myResources.resources).toEqual([]);
    expect(answer.data!.myResources.notice).toMatch(/élèves et aux personnels/);
  });

  it('refuses an establishment that is not the viewer’s', async () => {
    const ferry = await world.annuaire.establishmentId('École élémentaire Jules Ferry');
    const answer = await world.graphql<List>('eleve.lucas', LIST, { e: ferry });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'establishmentId' });
  });
});

describe('favourites, pins and the home page summary', () => {
  it('marks a listed resource favourite and pinned, refuses an unlisted one', async () => {
    const fav = await world.graphql<{ setFavourite: { favourite: boolean; pinned: boolean } }>(
      'eleve.lucas',
      'mutation($r: ID!) { setFavourite(resourceId: $r, favourite: true) { favourite pinned } }',
      { r: 'ark:/32151/LA.Anglais' },
    );
    expect(fav.data?.setFavourite).toEqual({ favourite: true, pinned: false });
    const pin = await world.graphql<{ setPinned: { favourite: boolean; pinned: boolean } }>(
      'eleve.lucas',
      'mutation($r: ID!) { setPinned(resourceId: $r, pinned: true) { favourite pinned } }',
      { r: 'ark:/32151/LA.Espagnol' },
    );
    expect(pin.data?.setPinned).toEqual({ favourite: true, pinned: true });
    const list = await world.graphql<List>('eleve.lucas', LIST);
    expect(list.data!.myResources.resources[0]?.id).toBe('ark:/32151/LA.Espagnol'); // pinned first

    const unknown = await world.graphql('eleve.lucas', 'mutation { setFavourite(resourceId: "ark:/0/nope", favourite: true) { id } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resourceId' });
    expect(unknown.errors?.[0]?.message).toMatch(/ne figure pas dans votre liste/);

    const summary = await world.graphql<{ _entities: { resourceSummary: { favourites: number; newlyAssigned: number; total: number } }[] }>(
      'eleve.lucas',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { resourceSummary { favourites newlyAssigned total } } } }',
      { r: [{ __typename: 'User', id: await world.annuaire.idOf('eleve.lucas') }] },
    );
    expect(summary.data?._entities[0]?.resourceSummary).toMatchObject({ favourites: 2 });
    expect(summary.data?._entities[0]?.resourceSummary.total).toBeGreaterThanOrEqual(summary.data!._entities[0]!.resourceSummary.newlyAssigned);
    // Someone else's summary is not given.
    const other = await world.graphql<{ _entities: { resourceSummary: unknown }[] }>(
      'eleve.lea',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { resourceSummary { favourites } } } }',
      { r: [{ __typename: 'User', id: await world.annuaire.idOf('eleve.lucas') }] },
    );
    expect(other.data?._entities[0]?.resourceSummary).toBeNull();
  });
});

describe('recommendations', () => {
  const RECOMMEND = 'mutation($c: ID!, $r: ID!) { recommendResource(classId: $c, resourceId: $r) { classId resourceTitle teacherName } }';
  let classB: string;
  beforeAll(async () => {
    classB = (await world.annuaire.database.db.selectFrom('classes').select('id').where('name', '=', '5e B').executeTakeFirstOrThrow()).id;
    // The teacher's own list must know the resource first.
    await world.graphql('prof.durand', LIST);
  });

  it('lets prof.durand recommend a resource of his list to 5e B', async () => {
    const answer = await world.graphql<{ recommendResource: { classId: string; teacherName: string } }>('prof.durand', RECOMMEND, {
      c: classB,
      r: 'ark:/32151/LA.Anglais',
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.recommendResource.classId).toBe(classB);
    const list = await world.graphql<List>('eleve.lucas', LIST);
    const anglais = list.data!.myResources.resources.find((resource) => resource.id === 'ark:/32151/LA.Anglais');
    expect(anglais?.recommendations.map((r) => r.teacherName).join()).toMatch(/Durand/);
  });

  it('refuses a pupil, a teacher of another class and an unknown class', async () => {
    expect((await world.graphql('eleve.lucas', RECOMMEND, { c: classB, r: 'ark:/32151/LA.Anglais' })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('prof.petit', RECOMMEND, { c: classB, r: 'ark:/32151/LA.Anglais' })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const unknown = await world.graphql('prof.durand', RECOMMEND, { c: '00000000-0000-4000-8000-000000000000', r: 'ark:/32151/LA.Anglais' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classId' });
  });
});

describe('affectation managers', () => {
  const ADD = 'mutation($e: ID!, $u: ID!) { addAffectationManager(establishmentId: $e, userId: $u) { userId displayName } }';
  const LISTM = 'query($e: ID!) { affectationManagers(establishmentId: $e) { userId displayName } }';
  it('lists the demo managers to the administrator and the direction, not to a teacher', async () => {
    const eluard = await world.annuaire.establishmentId('Collège Paul Éluard');
    const admin = await world.graphql<{ affectationManagers: { userId: string }[] }>('admin.eluard', LISTM, { e: eluard });
    expect(admin.data?.affectationManagers.map((m) => m.userId).sort()).toEqual(
      [await world.annuaire.idOf('direction.eluard'), await world.annuaire.idOf('doc.moreau')].sort(),
    );
    expect((await world.graphql('direction.eluard', LISTM, { e: eluard })).errors).toBeUndefined();
    expect((await world.graphql('prof.durand', LISTM, { e: eluard })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a teacher as manager, a duplicate, and anyone but the administrator', async () => {
    const eluard = await world.annuaire.establishmentId('Collège Paul Éluard');
    const teacher = await world.graphql('admin.eluard', ADD, { e: eluard, u: await world.annuaire.idOf('prof.durand') });
    expect(teacher.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    const twice = await world.graphql('admin.eluard', ADD, { e: eluard, u: await world.annuaire.idOf('doc.moreau') });
    expect(twice.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const byDirection = await world.graphql('direction.eluard', ADD, { e: eluard, u: await world.annuaire.idOf('doc.moreau') });
    expect(byDirection.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const removed = await world.graphql<{ removeAffectationManager: boolean }>(
      'admin.eluard',
      'mutation($e: ID!, $u: ID!) { removeAffectationManager(establishmentId: $e, userId: $u) }',
      { e: eluard, u: await world.annuaire.idOf('doc.moreau') },
    );
    expect(removed.data?.removeAffectationManager).toBe(true);
    const added = await world.graphql<{ addAffectationManager: { displayName: string } }>('admin.eluard', ADD, { e: eluard, u: await world.annuaire.idOf('doc.moreau') });
    expect(added.data?.addAffectationManager.displayName).toBeTruthy();
  });
});

describe('export history', () => {
  it('runs an export for the département administrator, keeps its report, refuses others', async () => {
    const run = await world.graphql<{ runGarExport: { status: string; files: { name: string }[]; problemCount: number } }>(
      'admin.departement',
      'mutation { runGarExport { status problemCount files { name } } }',
    );
    expect(run.errors).toBeUndefined();
    expect(run.data?.runGarExport.status).toBe('SUCCEEDED');
    expect(run.data?.runGarExport.files.length).toBe(10);
    const history = await world.graphql<{ garExports: { status: string; trigger: string }[] }>('admin.departement', '{ garExports { status trigger } }');
    expect(history.data?.garExports.length).toBeGreaterThanOrEqual(2);
    expect((await world.graphql('admin.eluard', 'mutation { runGarExport { status } }')).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('admin.eluard', '{ garExports { status } }')).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('graceful degradation', () => {
  it('serves the last known list marked stale when GAR errs, answers garbage, or is down — never an error', async () => {
    const fresh = await world.graphql<List>('eleve.lucas', LIST);
    const freshIds = fresh.data!.myResources.resources.map((r) => r.id).sort();

    world.simulator.setBehaviour('error');
    const failing = await world.graphql<List>('eleve.lucas', LIST);
    expect(failing.errors).toBeUndefined();
    expect(failing.data!.myResources.stale).toBe(true);
    expect(failing.data!.myResources.notice).toMatch(/pas à jour/);
    expect(failing.data!.myResources.resources.map((r) => r.id).sort()).toEqual(freshIds);

    world.simulator.setBehaviour('malformed');
    const garbage = await world.graphql<List>('eleve.lucas', LIST);
    expect(garbage.data!.myResources.stale).toBe(true);
    expect(garbage.data!.myResources.notice).toMatch(/illisible/);
    expect(garbage.data!.myResources.resources.map((r) => r.id).sort()).toEqual(freshIds);

    world.simulator.setBehaviour('normal');
    await world.simulator.stop();
    const down = await world.graphql<List>('eleve.lucas', LIST);
    expect(down.errors).toBeUndefined();
    expect(down.data!.myResources.stale).toBe(true);
    expect(down.data!.myResources.resources.map((r) => r.id).sort()).toEqual(freshIds);
    // Someone GAR never answered for gets an empty, stale list: still no error.
    const never = await world.graphql<List>('prof.durand', LIST);
    expect(never.errors).toBeUndefined();
    expect(never.data!.myResources.stale).toBe(true);
  });
});

describe('nightly export job', () => {
  it('runs the export once at 02:00 Paris time on the kit’s job queue and keeps its report', async () => {
    const jobs = createJobQueue({ db: world.database.db, clock: world.clock, logger: silentLogger });
    await scheduleNightlyExport(jobs, world.exports, silentLogger, '02:00');
    expect(await jobs.runDue()).toEqual([]);
    const before = (await world.exports.history(100)).length;
    world.clock.advance(25 * 60 * 60 * 1000);
    const ran = await jobs.runDue();
    expect(ran.map((job) => [job.name, job.outcome])).toEqual([['gar-export', 'done']]);
    const history = await world.exports.history(100);
    expect(history.length).toBe(before + 1);
    expect(history[0]?.trigger).toMatch(/^nightly:/);
  });
});

describe('module gate', () => {
  it('refuses MODULE_DISABLED once the collège disables the module', async () => {
    const eluard = await world.annuaire.establishmentId('Collège Paul Éluard');
    const token = await world.token('admin.eluard');
    const response = await fetch(`${world.annuaire.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation($e: ID!) { setModuleActivation(establishmentId: $e, moduleId: "ressources-gar", enabled: false) { enabled } }',
        variables: { e: eluard },
      }),
    });
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    world.clock.advance(60_000); // past the gate's 30-second cache
    const answer = await world.graphql('eleve.lucas', LIST);
    expect(answer.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    const open = await world.graphql('eleve.lucas', 'mutation { openResource(resourceId: "ark:/32151/LA.Anglais") { url } }');
    expect(open.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
  });
});
