import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, type RunningEnt, startEnt } from '../src/harness.js';

/**
 * Devoirs through the router, composed with the annuaire: real logins, the upload and download routes
 * forwarded by the router (schema/subgraphs.json `routes`), and the home page's federated summary.
 */
let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['devoirs'] });
});
afterAll(async () => {
  await ent?.stop();
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const classId = async (name: string) => (await ent.db.selectFrom('classes').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** Another pupil of 5e B than Lucas, with a login (generated demo pupils share the demo password). */
async function otherPupilOf5eB() {
  const row = await ent.db
    .selectFrom('users')
    .innerJoin('class_members', 'class_members.user_id', 'users.id')
    .innerJoin('classes', 'classes.id', 'class_members.class_id')
    .innerJoin('user_profiles', 'user_profiles.user_id', 'users.id')
    .select(['users.id', 'users.login'])
    .where('classes.name', '=', '5e B')
    .where('user_profiles.profile', '=', 'ELEVE')
    .where('users.login', '<>', 'eleve.lucas')
    .where('users.login', 'is not', null)
    .orderBy('users.login')
    .executeTakeFirstOrThrow();
  return { id: row.id, login: row.login as string };
}

const CREATE = `mutation ($input: AssignmentInput!) { createAssignment(input: $input) { id rubric { criteria { id levels { id points } } } } }`;
const WORK = `query ($id: ID!, $p: ID) { assignment(id: $id) { work(pupilId: $p) { status submittedAt versions { files { filename downloadUrl } } mark { score maxScore feedback } } } }`;

describe('devoirs through the router', () => {
  it('carries an assignment from prof.durand to eleve.lucas and back, with the file through the router, and shows the result to parent.bernard', async () => {
    const teacher = await ent.token('prof.durand');
    const created = await ent.graphql<{ createAssignment: { id: string; rubric: { criteria: Array<{ id: string; levels: Array<{ id: string; points: number }> }> } } }>(CREATE, {
      token: teacher,
      variables: {
        input: {
          classId: await classId('5e B'),
          title: 'Rédaction : mon héros',
          dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          submissionMode: 'FILE',
          allowedKinds: ['PDF'],
          rubric: {
            title: 'Rédaction',
            criteria: ['Idées', 'Organisation', 'Langue'].map((label) => ({ label, levels: [{ label: 'Non', points: 0 }, { label: 'Oui', points: 2 }] })),
          },
          publish: true,
        },
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data?.createAssignment.id as string;

    const pupil = await ent.token('eleve.lucas');
    const uploaded = await fetch(`${ent.url}/devoirs/uploads?assignmentId=${id}`, {
      method: 'POST',
      body: PDF,
      headers: { authorization: `Bearer ${pupil}`, 'x-ent-csrf': '1', 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Rédaction Lucas.pdf') },
    });
    expect(uploaded.status).toBe(201);
    const submitted = await ent.graphql<{ submitWork: { status: string } }>('mutation ($a: ID!) { submitWork(assignmentId: $a) { status } }', {
      token: pupil,
      variables: { a: id },
    });
    expect(submitted.data?.submitWork.status).toBe('SUBMITTED');

    const lucasId = (await ent.db.selectFrom('users').select('id').where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow()).id;
    const teacherView = await ent.graphql<{ assignment: { work: { versions: Array<{ files: Array<{ downloadUrl: string }> }> } } }>(WORK, {
      token: teacher,
      variables: { id, p: lucasId },
    });
    const link = teacherView.data?.assignment.work.versions[0]?.files[0]?.downloadUrl as string;
    const file = await fetch(`${ent.url}${link}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    const levels = created.data?.createAssignment.rubric.criteria.map((criterion) => ({ criterionId: criterion.id, levelId: criterion.levels[1]?.id }));
    const marked = await ent.graphql('mutation ($input: MarkInput!) { markWork(input: $input) { status } }', {
      token: teacher,
      variables: { input: { assignmentId: id, pupilId: lucasId, levels, feedback: 'Bien construit.' } },
    });
    expect(marked.errors).toBeUndefined();
    await ent.graphql('mutation ($a: ID!) { returnWork(assignmentId: $a) { status } }', { token: teacher, variables: { a: id } });

    const own = await ent.graphql<{ assignment: { work: { status: string; mark: { score: number; maxScore: number; feedback: string } } } }>(WORK, {
      token: pupil,
      variables: { id },
    });
    expect(own.data?.assignment.work).toMatchObject({ status: 'RETURNED', mark: { score: 6, maxScore: 6, feedback: 'Bien construit.' } });

    // One federated query: children from the annuaire, each child's assignments and results from devoirs.
    const parent = await ent.token('parent.bernard');
    const family = await ent.graphql<{ me: { children: Array<{ firstName: string; assignmentSummary: { returnedRecently: number } }> } }>(
      '{ me { children { firstName assignmentSummary { dueSoon returnedRecently } } } }',
      { token: parent },
    );
    expect(family.errors).toBeUndefined();
    const summaries = Object.fromEntries(family.data?.me.children.map((child) => [child.firstName, child.assignmentSummary.returnedRecently]) ?? []);
    expect(summaries['Lucas']).toBe(1);
    expect(summaries['Léa']).toBe(0);
    const parentView = await ent.graphql<{ assignment: { work: { mark: { score: number } } } }>(WORK, { token: parent, variables: { id, p: lucasId } });
    expect(parentView.data?.assignment.work.mark.score).toBe(6);

    // Another pupil of 5e B, signed in for real: nothing of Lucas's work.
    const other = await otherPupilOf5eB();
    const otherToken = await ent.token(other.login);
    const peek = await ent.graphql(WORK, { token: otherToken, variables: { id, p: lucasId } });
    expect(peek.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(peek.data)).not.toContain('Rédaction Lucas');
    const ownOther = await ent.graphql<{ assignment: { work: { status: string } } }>(WORK, { token: otherToken, variables: { id } });
    expect(ownOther.data?.assignment.work.status).toBe('NOT_STARTED');

    // The archive through the router, for the author.
    const archive = await ent.graphql<{ assignment: { archiveUrl: string } }>('query ($id: ID!) { assignment(id: $id) { archiveUrl } }', { token: teacher, variables: { id } });
    const zip = await fetch(`${ent.url}${archive.data?.assignment.archiveUrl}`);
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.includes(Buffer.from('Rédaction Lucas.pdf'))).toBe(true);
    expect(bytes.includes(PDF)).toBe(true);
  });

  it('refuses an upload over the assignment’s limit through the router, in French', async () => {
    const teacher = await ent.token('prof.durand');
    const created = await ent.graphql<{ createAssignment: { id: string } }>(CREATE, {
      token: teacher,
      variables: { input: { classId: await classId('5e B'), title: 'Petit', dueAt: new Date(Date.now() + 86_400_000).toISOString(), submissionMode: 'FILE', maxSizeMb: 1, publish: true } },
    });
    const response = await fetch(`${ent.url}/devoirs/uploads?assignmentId=${created.data?.createAssignment.id}`, {
      method: 'POST',
      body: Buffer.concat([PDF, Buffer.alloc(2 * 1024 * 1024, 0x20)]),
      headers: { authorization: `Bearer ${await ent.token('eleve.lucas')}`, 'x-ent-csrf': '1', 'content-type': 'application/pdf' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toContain('Le fichier dépasse la taille maximale de 1 Mo.');
  });
});

/** A port free on loopback now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
  });
}

/** Every file under a directory, with its name (temporary files start with a dot). */
const filesUnder = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

describe('devoirs killed in the middle of an upload', () => {
  let dataRoot: string;
  let child: ChildProcess | undefined;
  let url: string;

  /** The production entry (dist/main.js) as npm start runs it, on an embedded database in dataRoot. */
  const startDevoirs = async (port: number) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      ENT_DATA_DIR: dataRoot,
      ENT_ANNUAIRE_URL: ent.annuaireUrl,
      ENT_DEMO: '0',
      FILES_LINK_SECRET: 'k'.repeat(32),
      LOG_LEVEL: 'warn',
    };
    delete env['DATABASE_URL'];
    child = spawn(process.execPath, [join(repositoryRoot, 'subgraphs/devoirs/dist/main.js')], { env, stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(`${url}/ready`).catch(() => undefined))?.status, { timeout: 30_000, interval: 200 }).toBe(200);
  };
  const exited = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

  beforeAll(() => {
    dataRoot = mkdtempSync(join(tmpdir(), 'ent-devoirs-kill-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('leaves no file row and no stored blob, and works again after a restart', async () => {
    const port = await freePort();
    await startDevoirs(port);
    const teacher = await ent.token('prof.durand');
    const created = await ent.graphql<{ createAssignment: { id: string } }>(CREATE, {
      url: `${url}/graphql`,
      token: teacher,
      variables: { input: { classId: await classId('5e B'), title: 'Coupure', dueAt: new Date(Date.now() + 86_400_000).toISOString(), submissionMode: 'FILE', maxSizeMb: 10, publish: true } },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data?.createAssignment.id as string;
    const pupil = await ent.token('eleve.lucas');

    // 2 Mo announced, 256 Ko sent; once the store has its temporary file, the process is killed.
    const upload = new Promise<string>((resolve) => {
      const req = request(`${url}/devoirs/uploads?assignmentId=${id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${pupil}`, 'content-type': 'application/pdf', 'content-length': String(2 * 1024 * 1024), 'x-file-name': 'coupure.pdf' },
      });
      req.on('error', (error) => resolve(error.message));
      req.on('response', (response) => resolve(`HTTP ${response.statusCode}`));
      req.write(PDF);
      req.write(Buffer.alloc(256 * 1024, 0x20));
    });
    const blobs = join(dataRoot, 'blobs');
    await expect.poll(() => (readdirSync(dataRoot).includes('blobs') ? filesUnder(blobs).filter((name) => name.endsWith('.tmp')).length : 0), { timeout: 10_000 }).toBeGreaterThan(0);
    const running = child as ChildProcess;
    running.kill('SIGKILL');
    await exited(running);
    expect(await upload).not.toMatch(/^HTTP 201/);

    // Only the dead process's temporary file may remain: never read, no row points to it.
    expect(filesUnder(blobs).every((name) => name.startsWith('.'))).toBe(true);
    await startDevoirs(port);
    const WORK = 'query ($id: ID!) { assignment(id: $id) { work { status draftFiles { id } versions { id } } } }';
    const after = await ent.graphql<{ assignment: { work: { status: string; draftFiles: unknown[]; versions: unknown[] } } }>(WORK, {
      url: `${url}/graphql`,
      token: pupil,
      variables: { id },
    });
    expect(after.data?.assignment.work).toEqual({ status: 'NOT_STARTED', draftFiles: [], versions: [] });

    const again = await fetch(`${url}/devoirs/uploads?assignmentId=${id}`, {
      method: 'POST',
      body: PDF,
      headers: { authorization: `Bearer ${pupil}`, 'content-type': 'application/pdf', 'x-file-name': 'coupure.pdf' },
    });
    expect(again.status).toBe(201);
    expect(filesUnder(blobs).filter((name) => !name.startsWith('.'))).toHaveLength(2); // the blob and its metadata
  });
});
