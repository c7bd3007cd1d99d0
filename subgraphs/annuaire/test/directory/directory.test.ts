import { type Database as KitDatabase, silentLogger, type Viewer } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { seedDemo } from '../../src/seed/index.js';
import { type AnnuaireServer, createAnnuaireServer } from '../../src/server.js';
import { buildViewer } from '../../src/auth/index.js';

/** Counts the statements that reach the database, per table named in FROM. */
function countingPlugin(counts: Map<string, number>): KyselyPlugin {
  return {
    transformQuery(args) {
      const node = args.node as { kind: string; from?: { froms: Array<{ table?: { identifier?: { name?: string } } }> } };
      if (node.kind === 'SelectQueryNode') {
        const table = node.from?.froms[0]?.table?.identifier?.name ?? '?';
        counts.set(table, (counts.get(table) ?? 0) + 1);
      }
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
}

let database: KitDatabase<Database>;
let server: AnnuaireServer;
let url: string;
const counts = new Map<string, number>();

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  await seedDemo(database.db, { logger: silentLogger });
  server = await createAnnuaireServer({ db: database.db.withPlugin(countingPlugin(counts)), logger: silentLogger, demo: true });
  ({ url } = await server.listen(0));
});
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

async function viewerOf(login: string): Promise<Viewer> {
  const user = await database.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  return buildViewer(database.db, user.id, 'session-test', ['pwd']);
}

async function graphql<T = Record<string, unknown>>(login: string, query: string, variables?: Record<string, unknown>) {
  const token = await server.auth.signAccessToken(await viewerOf(login));
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: T;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions: { code: string; field?: string } }>;
  };
}

describe('entity references', () => {
  it('answers a hundred User references with one query on users', async () => {
    const ids = await database.db.selectFrom('users').select('id').orderBy('login').limit(100).execute();
    const representations = ids.map(({ id }) => ({ __typename: 'User', id }));
    counts.clear();
    const result = await graphql<{ _entities: Array<{ displayName: string }> }>(
      'prof.durand',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }',
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toHaveLength(100);
    expect(counts.get('users')).toBe(1);
  });

  it('answers the pupils of every class of the collège with one query per relation, not per class', async () => {
    counts.clear();
    const result = await graphql<{ establishments: Array<{ classes: Array<{ pupilCount: number; pupils: unknown[] }> }> }>(
      'direction.eluard',
      '{ establishments { classes { name pupilCount pupils { id displayName } } } }',
    );
    expect(result.errors).toBeUndefined();
    const classes = result.data?.establishments[0]?.classes ?? [];
    expect(classes).toHaveLength(4);
    for (const schoolClass of classes) expect(schoolClass.pupils).toHaveLength(schoolClass.pupilCount);
    expect(counts.get('class_members')).toBeLessThanOrEqual(2); // pupils, and the counts
  });
});

describe('per-profile visibility', () => {
  it('shows a pupil their teachers but not the pupils of another class', async () => {
    const teacher = await database.db.selectFrom('users').select('id').where('login', '=', 'prof.durand').executeTakeFirstOrThrow();
    const seen = await graphql('eleve.lucas', `{ user(id: "${teacher.id}") { displayName teachings { subject class { name } } } }`);
    expect(seen.errors).toBeUndefined();
    const noah = await database.db.selectFrom('users').select('id').where('login', '=', 'eleve.noah').executeTakeFirstOrThrow();
    const other = await graphql('eleve.lucas', `{ user(id: "${noah.id}") { displayName } }`);
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('keeps logins and MFA state for the person and their administrators', async () => {
    const lucas = await database.db.selectFrom('users').select('id').where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow();
    const byTeacher = await graphql<{ user: { login: string | null } }>('prof.durand', `{ user(id: "${lucas.id}") { login mfaEnrolled } }`);
    expect(byTeacher.data?.user).toEqual({ login: null, mfaEnrolled: null });
    const byAdmin = await graphql<{ user: { login: string | null } }>('admin.eluard', `{ user(id: "${lucas.id}") { login mfaEnrolled } }`);
    expect(byAdmin.data?.user).toEqual({ login: 'eleve.lucas', mfaEnrolled: false });
  });

  it('lets staff search their establishment and refuses families', async () => {
    const found = await graphql<{ searchUsers: Array<{ login: string | null }> }>('admin.eluard', '{ searchUsers(query: "durand") { login } }');
    expect(found.data?.searchUsers.map((user) => user.login)).toContain('prof.durand');
    const parent = await graphql('parent.bernard', '{ searchUsers(query: "durand") { login } }');
    expect(parent.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const short = await graphql('admin.eluard', '{ searchUsers(query: "d") { login } }');
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});

describe('establishment staff list (messagerie recipients)', () => {
  const STAFF = `query ($id: ID!) { establishment(id: $id) { staff { profile functionLabel user { id displayName } } } }`;
  async function eluardId() {
    const row = await database.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();
    return row.id;
  }

  it('lists the staff with their function to the pupils, parents and staff of the establishment', async () => {
    const id = await eluardId();
    for (const login of ['eleve.lucas', 'parent.bernard', 'prof.durand']) {
      const answer = await graphql<{ establishment: { staff: Array<{ profile: string; functionLabel: string | null; user: { displayName: string } }> } }>(
        login,
        STAFF,
        { id },
      );
      expect(answer.errors).toBeUndefined();
      const staff = answer.data?.establishment.staff ?? [];
      expect(staff.some((member) => member.profile === 'DIRECTION' && member.functionLabel === 'Principal')).toBe(true);
      expect(staff.some((member) => member.profile === 'PERSONNEL' && member.functionLabel === 'CPE')).toBe(true);
      expect(staff.every((member) => ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'].includes(member.profile))).toBe(true);
    }
  });

  it('refuses it to people of other establishments', async () => {
    const answer = await graphql('eleve.ines', STAFF, { id: await eluardId() });
    expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(answer.errors?.[0]?.message).toContain('personnel');
  });
});

describe('administration', () => {
  const collegeId = () =>
    database.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();

  it('creates a class, refuses a duplicate and a teacher, and writes nothing on bad input', async () => {
    const { id } = await collegeId();
    const create = (login: string, input: Record<string, unknown>) =>
      graphql(login, 'mutation ($input: CreateClassInput!) { createClass(input: $input) { id name level cycle } }', {
        input: { establishmentId: id, academicYear: '2026-2027', ...input },
      });
    const created = await create('admin.eluard', { name: '6e B', level: 'SIXIEME' });
    expect(created.data).toMatchObject({ createClass: { name: '6e B', level: 'SIXIEME', cycle: 'CYCLE_3' } });
    expect((await create('admin.eluard', { name: '6e B', level: 'SIXIEME' })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect((await create('prof.durand', { name: '6e C', level: 'SIXIEME' })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const badYear = await create('admin.eluard', { name: '6e D', level: 'SIXIEME', academicYear: '2026' });
    expect(badYear.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.academicYear' });
    const rows = await database.db.selectFrom('classes').select('name').where('name', 'in', ['6e C', '6e D']).execute();
    expect(rows).toEqual([]);
  });

  it('links a parent, granting the PARENT profile where the child studies, in one transaction', async () => {
    const { id } = await collegeId();
    const created = await graphql<{ createUser: { id: string } }>(
      'admin.eluard',
      'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { login: 'tuteur.noah', firstName: 'Karim', lastName: 'Haddad', profile: 'PARENT', establishmentId: id } },
    );
    const noah = await database.db.selectFrom('users').select('id').where('login', '=', 'eleve.noah').executeTakeFirstOrThrow();
    const parentId = created.data?.createUser.id as string;
    const link = await graphql(
      'admin.eluard',
      `mutation { linkParent(parentId: "${parentId}", childId: "${noah.id}", relationship: "Tuteur") { relationship child { firstName } } }`,
    );
    expect(link.errors).toBeUndefined();
    const again = await graphql('admin.eluard', `mutation { linkParent(parentId: "${parentId}", childId: "${noah.id}") { relationship } }`);
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const self = await graphql('admin.eluard', `mutation { linkParent(parentId: "${noah.id}", childId: "${noah.id}") { relationship } }`);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    const children = await graphql<{ user: { children: Array<{ firstName: string }> } }>('tuteur.noah', `{ user(id: "${parentId}") { children { firstName } } }`);
    expect(children.data?.user.children.map((child) => child.firstName)).toHaveLength(1);
  });

  it('moves a pupil between classes and groups of the establishment, and refuses non-pupils', async () => {
    const ids = async (table: 'classes' | 'groups', name: string) =>
      (await database.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const lucas = await database.db.selectFrom('users').select('id').where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow();
    const durand = await database.db.selectFrom('users').select('id').where('login', '=', 'prof.durand').executeTakeFirstOrThrow();
    const threeA = await ids('classes', '3e A');
    const latin = await ids('groups', 'Latin 3e');
    const add = await graphql('admin.eluard', `mutation { addClassMember(classId: "${threeA}", userId: "${lucas.id}") { name } addGroupMember(groupId: "${latin}", userId: "${lucas.id}") { name } }`);
    expect(add.errors).toBeUndefined();
    const members = await database.db.selectFrom('group_members').select('user_id').where('group_id', '=', latin).where('user_id', '=', lucas.id).execute();
    expect(members).toHaveLength(1);
    const teacher = await graphql('admin.eluard', `mutation { addClassMember(classId: "${threeA}", userId: "${durand.id}") { name } }`);
    expect(teacher.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    const byTeacher = await graphql('prof.durand', `mutation { removeGroupMember(groupId: "${latin}", userId: "${lucas.id}") { name } }`);
    expect(byTeacher.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const remove = await graphql('admin.eluard', `mutation { removeClassMember(classId: "${threeA}", userId: "${lucas.id}") { name } removeGroupMember(groupId: "${latin}", userId: "${lucas.id}") { name } }`);
    expect(remove.errors).toBeUndefined();
    const left = await database.db.selectFrom('class_members').select('user_id').where('class_id', '=', threeA).where('user_id', '=', lucas.id).execute();
    expect(left).toEqual([]);
  });

  it('reserves the access journal to administrators, scoped to their establishment', async () => {
    await database.db
      .insertInto('access_journal')
      .values({ event: 'LOGIN_FAILURE', login: 'eleve.lucas', ip: '198.51.100.7', user_agent: 'test', user_id: null })
      .execute();
    const admin = await graphql<{ accessJournal: Array<{ event: string; ip: string }> }>(
      'admin.eluard',
      '{ accessJournal(first: 10) { event login ip at } }',
    );
    expect(admin.errors).toBeUndefined();
    const teacher = await graphql('prof.durand', '{ accessJournal { event } }');
    expect(teacher.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const departement = await graphql<{ accessJournal: Array<{ ip: string }> }>('admin.departement', '{ accessJournal(filter: { event: "LOGIN_FAILURE" }) { ip } }');
    expect(departement.data?.accessJournal.map((event) => event.ip)).toContain('198.51.100.7');
    const badDate = await graphql('admin.departement', '{ accessJournal(filter: { since: "hier" }) { ip } }');
    expect(badDate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.since' });
  });
});
