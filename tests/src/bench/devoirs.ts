import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, migrations, seedDemo } from '@ent/annuaire';
import { type Database as DevoirsDatabase, migrations as devoirsMigrations } from '@ent/devoirs';
import { openDatabase, silentLogger } from '@ent/kit';
import type { Insertable, Kysely } from 'kysely';
import { benchToken, startBenchServices } from './services.js';

/**
 * npm run bench:devoirs — two figures, with the annuaire, devoirs and the router as separate processes:
 *
 * 1. Upload throughput through the router: ENT_BENCH_UPLOADS (default 20) PDFs of ENT_BENCH_UPLOAD_MB
 *    (default 5) Mo posted one after the other by eleve.lucas to /devoirs/uploads (router → devoirs →
 *    local blob store, fsynced), then the same number by 4 pupils at once.
 * 2. The time to compute the indicators (submission rate per assignment and class, per class, marking
 *    delay per teacher and class) for a whole collège: 24 classes (the demo collège's 4 with their pupils,
 *    20 more of 25 pupils), about 600 pupils, 40 assignments per class, hand-ins and marks written
 *    directly in the database. Asked by direction.eluard through the router.
 *
 * Prints figures; asserts nothing.
 */
const uploads = Number(process.env['ENT_BENCH_UPLOADS'] ?? 20);
const uploadMb = Number(process.env['ENT_BENCH_UPLOAD_MB'] ?? 5);
const ASSIGNMENTS_PER_CLASS = 40;
const CLASSES = 24;

const HOUR = 3_600_000;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>, size = 1000): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

interface Prepared {
  collegeId: string;
  pupils: number;
  assignments: number;
  targeted: number;
  submissions: number;
  returned: number;
  seconds: number;
  otherPupils: string[];
}

async function prepareData(dataRoot: string): Promise<Prepared> {
  const started = Date.now();
  const annuaire = await openDatabase<Database>({ subgraph: 'annuaire', migrations, dataDir: join(dataRoot, 'annuaire'), logger: silentLogger });
  await seedDemo(annuaire.db, { logger: silentLogger });
  const college = await annuaire.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow();
  const classes = await annuaire.db.selectFrom('classes').select(['id', 'name']).where('establishment_id', '=', college.id).execute();
  const members = await annuaire.db
    .selectFrom('class_members')
    .innerJoin('user_profiles', 'user_profiles.user_id', 'class_members.user_id')
    .innerJoin('users', 'users.id', 'class_members.user_id')
    .select(['class_members.class_id', 'class_members.user_id', 'users.login', 'users.first_name', 'users.last_name'])
    .where('class_members.class_id', 'in', classes.map((schoolClass) => schoolClass.id))
    .where('user_profiles.profile', '=', 'ELEVE')
    .execute();
  const teachers = (
    await annuaire.db.selectFrom('user_profiles').select('user_id').where('establishment_id', '=', college.id).where('profile', '=', 'ENSEIGNANT').execute()
  ).map((row) => row.user_id);
  const class5eB = classes.find((schoolClass) => schoolClass.name === '5e B')?.id;
  const otherPupils = members
    .filter((member) => member.class_id === class5eB && member.login && member.login !== 'eleve.lucas')
    .map((member) => member.login as string)
    .slice(0, 3);
  await annuaire.close();

  const targets = [
    ...classes.map((schoolClass) => ({
      id: schoolClass.id,
      pupils: members.filter((member) => member.class_id === schoolClass.id).map((member) => ({ id: member.user_id, name: `${member.first_name} ${member.last_name}` })),
    })),
    ...Array.from({ length: CLASSES - classes.length }, (_, index) => ({
      id: randomUUID(),
      pupils: Array.from({ length: 25 }, (__, pupil) => ({ id: randomUUID(), name: `Élève ${index + 1}-${pupil + 1}` })),
    })),
  ];
  const now = Date.now();
  const assignments: Insertable<DevoirsDatabase['assignments']>[] = [];
  const targetedRows: Insertable<DevoirsDatabase['assignment_pupils']>[] = [];
  const submissions: Insertable<DevoirsDatabase['submissions']>[] = [];
  const marks: Insertable<DevoirsDatabase['marks']>[] = [];
  let counter = 0;
  for (const target of targets) {
    for (let n = 0; n < ASSIGNMENTS_PER_CLASS; n++) {
      counter++;
      const id = randomUUID();
      // Spread over the school year so far: one due every four days or so, the last ones still open.
      const dueAt = new Date(now - (ASSIGNMENTS_PER_CLASS - n - 3) * 4 * 24 * HOUR);
      const opensAt = new Date(dueAt.getTime() - 7 * 24 * HOUR);
      const author = teachers[counter % teachers.length] as string;
      assignments.push({
        id,
        establishment_id: college.id,
        author_id: author,
        class_id: target.id,
        group_id: null,
        chosen_pupil_ids: null,
        title: `Devoir ${counter}`,
        instructions_html: '<p>Exercices 3 à 7.</p>',
        opens_at: opensAt,
        due_at: dueAt,
        submission_mode: 'FILE_OR_TEXT',
        allowed_kinds: JSON.stringify(['PDF', 'IMAGE', 'OFFICE']),
        max_bytes: 10 * 1024 * 1024,
        allow_resubmission: true,
        late_policy: 'ACCEPT',
        rubric_id: null,
        published_at: opensAt,
        created_at: opensAt,
        updated_at: opensAt,
      });
      target.pupils.forEach((pupil, index) => {
        targetedRows.push({ assignment_id: id, pupil_id: pupil.id, pupil_name: pupil.name, class_id: target.id });
        // About 85 % hand in, some late; three in four of the handed-in past ones are returned, 1 to 9 days later.
        if ((index * 7 + counter) % 20 >= 17) return;
        const submittedAt = new Date(dueAt.getTime() - ((index + counter) % 48) * HOUR + ((index + counter) % 11 === 0 ? 30 * HOUR : 0));
        if (submittedAt.getTime() > now) return;
        const submissionId = randomUUID();
        submissions.push({
          id: submissionId,
          assignment_id: id,
          pupil_id: pupil.id,
          version: 1,
          text: 'Réponses aux exercices.',
          submitted_at: submittedAt,
          late: submittedAt > dueAt,
        });
        if ((index + counter) % 4 === 0) return;
        const returnedAt = new Date(dueAt.getTime() + (24 + ((index * 13 + counter) % (8 * 24))) * HOUR);
        if (returnedAt.getTime() > now) return;
        marks.push({
          assignment_id: id,
          pupil_id: pupil.id,
          submission_id: submissionId,
          score: 12,
          max_score: 20,
          feedback: 'Bon travail.',
          marked_by: author,
          marked_at: returnedAt,
          returned_at: returnedAt,
        });
      });
    }
  }
  const devoirs = await openDatabase<DevoirsDatabase>({ subgraph: 'devoirs', migrations: devoirsMigrations, dataDir: join(dataRoot, 'devoirs'), logger: silentLogger });
  const db: Kysely<DevoirsDatabase> = devoirs.db;
  await insertInBatches(assignments, (batch) => db.insertInto('assignments').values(batch).execute(), 500);
  await insertInBatches(targetedRows, (batch) => db.insertInto('assignment_pupils').values(batch).execute(), 2000);
  await insertInBatches(submissions, (batch) => db.insertInto('submissions').values(batch).execute(), 2000);
  await insertInBatches(marks, (batch) => db.insertInto('marks').values(batch).execute(), 2000);
  await devoirs.close();
  return {
    collegeId: college.id,
    pupils: targets.reduce((total, target) => total + target.pupils.length, 0),
    assignments: assignments.length,
    targeted: targetedRows.length,
    submissions: submissions.length,
    returned: marks.length,
    seconds: (Date.now() - started) / 1000,
    otherPupils,
  };
}

async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!body.data || body.errors?.length) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** A PDF of `bytes` bytes: the header the blob store sniffs, then incompressible filler. */
function pdfOf(bytes: number): Buffer {
  const header = Buffer.from('%PDF-1.4\n%âãÏÓ\n');
  return Buffer.concat([header, randomBytes(bytes - header.length)]);
}

async function upload(routerUrl: string, token: string, assignmentId: string, body: Buffer, name: string): Promise<string> {
  const response = await fetch(`${routerUrl}/devoirs/uploads?assignmentId=${assignmentId}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'x-ent-csrf': '1', 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
  });
  const answer = (await response.json()) as { id?: string };
  if (response.status !== 201 || !answer.id) throw new Error(`upload failed: ${response.status} ${JSON.stringify(answer)}`);
  return answer.id;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function main(): Promise<void> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'ent-bench-devoirs-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    const data = await prepareData(dataRoot);
    console.log(
      `Data: ${data.pupils} pupils in ${CLASSES} classes, ${data.assignments} assignments (${ASSIGNMENTS_PER_CLASS} per class), ` +
        `${data.targeted} pupil × assignment pairs, ${data.submissions} hand-ins, ${data.returned} returned marks — written in ${data.seconds.toFixed(1)} s`,
    );
    const services = await startBenchServices(dataRoot, ['devoirs']);
    stop = services.stop;
    const routerUrl = services.urls['router'] as string;
    const devoirsUrl = services.urls['devoirs'] as string;

    // ——— Indicators for the whole collège ———
    const direction = await benchToken(routerUrl, 'direction.eluard');
    const INDICATORS = `query ($e: ID!) { assignmentIndicators(establishmentId: $e) {
      submissionRates { assignment { id } class { id } targeted submitted rate }
      classSubmissionRates { class { id } assignments targeted submitted rate }
      markingDelays { teacher { id } class { id } returned averageHours } } }`;
    type Indicators = { assignmentIndicators: { submissionRates: unknown[]; classSubmissionRates: Array<{ rate: number }>; markingDelays: Array<{ averageHours: number }> } };
    const first = await graphql<Indicators>(routerUrl, direction, INDICATORS, { e: data.collegeId });
    const timings: number[] = [];
    const direct: number[] = [];
    for (let run = 0; run < 10; run++) {
      let started = performance.now();
      await graphql<Indicators>(routerUrl, direction, INDICATORS, { e: data.collegeId });
      timings.push(performance.now() - started);
      started = performance.now();
      await graphql<Indicators>(devoirsUrl, direction, INDICATORS, { e: data.collegeId });
      direct.push(performance.now() - started);
    }
    const overall =
      first.assignmentIndicators.classSubmissionRates.reduce((total, row) => total + row.rate, 0) / first.assignmentIndicators.classSubmissionRates.length;
    console.log(
      `Indicators (whole collège): ${first.assignmentIndicators.submissionRates.length} assignment × class rates, ` +
        `${first.assignmentIndicators.classSubmissionRates.length} class rates (mean ${(overall * 100).toFixed(1)} %), ` +
        `${first.assignmentIndicators.markingDelays.length} teacher × class delays`,
    );
    console.log(
      `  through the router: median ${median(timings).toFixed(0)} ms, min ${Math.min(...timings).toFixed(0)} ms, max ${Math.max(...timings).toFixed(0)} ms (10 runs)`,
    );
    console.log(`  devoirs directly:   median ${median(direct).toFixed(0)} ms, min ${Math.min(...direct).toFixed(0)} ms (10 runs)`);

    // ——— Upload throughput through the router ———
    const teacher = await benchToken(routerUrl, 'prof.durand');
    const me = await graphql<{ me: { teachings: Array<{ class: { id: string; name: string } | null }> } }>(routerUrl, teacher, '{ me { teachings { class { id name } } } }');
    const classId = me.me.teachings.find((teaching) => teaching.class?.name === '5e B')?.class?.id;
    const created = await graphql<{ createAssignment: { id: string } }>(
      routerUrl,
      teacher,
      'mutation ($input: AssignmentInput!) { createAssignment(input: $input) { id } }',
      { input: { classId, title: 'Bench : dépôt', dueAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString(), submissionMode: 'FILE', allowedKinds: ['PDF'], maxSizeMb: 50, publish: true } },
    );
    const assignmentId = created.createAssignment.id;
    const body = pdfOf(uploadMb * 1024 * 1024);
    const REMOVE = 'mutation ($id: ID!) { removeDraftFile(fileId: $id) { status } }';
    const lucas = await benchToken(routerUrl, 'eleve.lucas');
    await upload(routerUrl, lucas, assignmentId, body, 'échauffement.pdf').then((id) => graphql(routerUrl, lucas, REMOVE, { id }));
    let uploadMs = 0;
    for (let n = 0; n < uploads; n++) {
      const started = performance.now();
      const id = await upload(routerUrl, lucas, assignmentId, body, `copie-${n}.pdf`);
      uploadMs += performance.now() - started;
      // Not timed: a working copy holds 10 files at most.
      await graphql(routerUrl, lucas, REMOVE, { id });
    }
    const totalMb = (uploads * body.length) / (1024 * 1024);
    console.log(
      `Uploads, one at a time: ${uploads} × ${uploadMb} Mo in ${(uploadMs / 1000).toFixed(2)} s → ${(totalMb / (uploadMs / 1000)).toFixed(1)} Mo/s, ${(uploadMs / uploads).toFixed(0)} ms per file`,
    );
    const pupils = [lucas, ...(await Promise.all(data.otherPupils.map((login) => benchToken(routerUrl, login))))];
    const perPupil = Math.ceil(uploads / pupils.length);
    const started = performance.now();
    await Promise.all(
      pupils.map(async (token, index) => {
        for (let n = 0; n < perPupil; n++) {
          const id = await upload(routerUrl, token, assignmentId, body, `parallele-${index}-${n}.pdf`);
          await graphql(routerUrl, token, REMOVE, { id });
        }
      }),
    );
    const parallelMs = performance.now() - started;
    const parallelMb = (pupils.length * perPupil * body.length) / (1024 * 1024);
    console.log(
      `Uploads, ${pupils.length} pupils at once: ${pupils.length * perPupil} × ${uploadMb} Mo in ${(parallelMs / 1000).toFixed(2)} s → ${(parallelMb / (parallelMs / 1000)).toFixed(1)} Mo/s (removal of each file included)`,
    );
  } finally {
    await stop?.();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();
