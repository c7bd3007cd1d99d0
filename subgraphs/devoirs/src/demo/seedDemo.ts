import { type Clock, type Logger, systemClock } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { countAssignments } from '../devoirs/repository.js';

/**
 * Demo content for `npm start` (ENT_DEMO not 0), on an empty database: prof.durand's assignments for
 * 5e B and 3e A, one already marked and returned to eleve.lucas, one handed in and waiting to be marked,
 * one open with Lucas's autosaved draft. Written through this subgraph's own GraphQL API with the demo
 * accounts' real tokens, so every rule applies; ids come from the annuaire, which seeds its demo at its
 * first start — so this retries in the background and never holds readiness back. Idempotent: it does
 * nothing once any assignment exists.
 */
export interface DemoOptions {
  db: Kysely<Database>;
  /** This subgraph's own base URL (GraphQL at /graphql). */
  selfUrl: string;
  annuaireUrl: string;
  logger: Logger;
  password?: string;
  /** Between attempts while the annuaire is not ready; default 3 s, at most 40 attempts. */
  retryMs?: number;
  /** The subgraph's clock (dates of the demo are relative to it). */
  clock?: Clock;
}

const DAY = 86_400_000;

/** Resolves true once seeded (or found already seeded), false if it gave up. */
export async function seedDemoDevoirs(options: DemoOptions): Promise<boolean> {
  const retryMs = options.retryMs ?? 3_000;
  for (let attempt = 1; attempt <= 40; attempt++) {
    try {
      await seedOnce(options);
      return true;
    } catch (error) {
      options.logger.debug({ err: error, attempt }, 'devoirs demo: annuaire not ready, retrying');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
  options.logger.warn('devoirs demo: gave up seeding (the annuaire never answered with its demo accounts)');
  return false;
}

async function seedOnce(options: DemoOptions): Promise<void> {
  if ((await countAssignments(options.db)) > 0) return;
  const password = options.password ?? 'ent-demo-92';
  const login = async (user: string) => {
    const response = await fetch(`${options.annuaireUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: user, password }),
    });
    const body = (await response.json()) as { accessToken?: string };
    if (!response.ok || !body.accessToken) throw new Error(`demo login ${user}: HTTP ${response.status}`);
    return body.accessToken;
  };
  const ask = async <T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length || !body.data) throw new Error(`demo: ${body.errors?.[0]?.message ?? `HTTP ${response.status}`}`);
    return body.data;
  };
  const self = `${options.selfUrl}/graphql`;
  const teacher = await login('prof.durand');
  const pupil = await login('eleve.lucas');
  const me = await ask<{ me: { teachings: Array<{ class: { id: string; name: string } | null }> } }>(
    `${options.annuaireUrl}/graphql`,
    teacher,
    '{ me { teachings { class { id name } } } }',
  );
  const classId = (name: string) => me.me.teachings.find((teaching) => teaching.class?.name === name)?.class?.id;
  const cinquieme = classId('5e B');
  const troisieme = classId('3e A');
  if (!cinquieme || !troisieme) throw new Error('demo: prof.durand’s classes are not there yet');
  const lucasId = (await ask<{ me: { id: string } }>(`${options.annuaireUrl}/graphql`, pupil, '{ me { id } }')).me.id;
  if ((await countAssignments(options.db)) > 0) return;

  const now = (options.clock ?? systemClock).now().getTime();
  const at = (days: number, hour = 18) => {
    const date = new Date(now + days * DAY);
    date.setUTCHours(hour - 1, 0, 0, 0);
    return date.toISOString();
  };
  const rubric = (title: string, criteria: string[]) => ({
    title,
    shared: true,
    criteria: criteria.map((label) => ({
      label,
      levels: [
        { label: 'Insuffisant', descriptor: 'Les attendus ne sont pas atteints.', points: 0 },
        { label: 'Fragile', descriptor: 'Quelques attendus sont atteints.', points: 1 },
        { label: 'Satisfaisant', descriptor: 'Les attendus sont atteints.', points: 2 },
        { label: 'Très bien', descriptor: 'Les attendus sont dépassés.', points: 3 },
      ],
    })),
  });
  const CREATE = 'mutation ($input: AssignmentInput!) { createAssignment(input: $input) { id rubric { criteria { id levels { id } } } } }';
  type Created = { createAssignment: { id: string; rubric: { criteria: Array<{ id: string; levels: Array<{ id: string }> }> } | null } };

  const past = await ask<Created>(self, teacher, CREATE, {
    input: {
      classId: cinquieme,
      title: 'Problèmes de fractions',
      instructions: '<p>Résolvez les problèmes 3, 5 et 7 page 62. Rédigez chaque solution par une phrase.</p>',
      opensAt: at(-10, 8),
      dueAt: at(-3),
      submissionMode: 'FILE_OR_TEXT',
      latePolicy: 'ACCEPT',
      rubric: rubric('Résolution de problèmes', ['Démarche', 'Calculs', 'Rédaction']),
      publish: true,
    },
  });
  await ask(self, pupil, 'mutation ($a: ID!, $t: String!) { saveDraft(assignmentId: $a, text: $t) { status } }', {
    a: past.createAssignment.id,
    t: 'Problème 3 : 3/4 de 24 élèves font 18 élèves.\nProblème 5 : 2/5 + 1/10 = 1/2 du gâteau.\nProblème 7 : il reste 7/12 du trajet.',
  });
  await ask(self, pupil, 'mutation ($a: ID!) { submitWork(assignmentId: $a) { status } }', { a: past.createAssignment.id });
  // The demo's story has Lucas hand this in on time, two days before the due date.
  await options.db
    .updateTable('submissions')
    .set({ submitted_at: new Date(at(-5, 19)), late: false })
    .where('assignment_id', '=', past.createAssignment.id)
    .execute();
  const criteria = past.createAssignment.rubric?.criteria ?? [];
  await ask(self, teacher, 'mutation ($input: MarkInput!) { markWork(input: $input) { status } }', {
    input: {
      assignmentId: past.createAssignment.id,
      pupilId: lucasId,
      levels: criteria.map((criterion, index) => ({ criterionId: criterion.id, levelId: criterion.levels[index === 1 ? 2 : 3]?.id })),
      feedback: 'Démarche claire et bien rédigée. Attention à simplifier les fractions à la fin des calculs.',
    },
  });
  await ask(self, teacher, 'mutation ($a: ID!) { returnWork(assignmentId: $a) { status } }', { a: past.createAssignment.id });

  const waiting = await ask<Created>(self, teacher, CREATE, {
    input: {
      classId: cinquieme,
      title: 'Construction de triangles',
      instructions: '<p>Construisez les triangles de l’exercice 12 et photographiez votre figure.</p>',
      opensAt: at(-2, 8),
      dueAt: at(2),
      submissionMode: 'FILE_OR_TEXT',
      rubric: rubric('Constructions géométriques', ['Précision', 'Codage', 'Propreté']),
      publish: true,
    },
  });
  await ask(self, pupil, 'mutation ($a: ID!, $t: String!) { saveDraft(assignmentId: $a, text: $t) { status } }', {
    a: waiting.createAssignment.id,
    t: 'J’ai construit le triangle ABC avec AB = 5 cm, puis tracé les médiatrices.',
  });
  await ask(self, pupil, 'mutation ($a: ID!) { submitWork(assignmentId: $a) { status } }', { a: waiting.createAssignment.id });

  const open = await ask<Created>(self, teacher, CREATE, {
    input: {
      classId: cinquieme,
      title: 'Exposé : les nombres relatifs dans la vie courante',
      instructions: '<p>Trouvez trois situations où l’on utilise des nombres négatifs et expliquez-les en une page (PDF ou document).</p>',
      dueAt: at(5),
      submissionMode: 'FILE',
      allowedKinds: ['PDF', 'OFFICE'],
      latePolicy: 'REFUSE',
      rubric: rubric('Exposé écrit', ['Pertinence des exemples', 'Explications', 'Présentation']),
      publish: true,
    },
  });
  await ask(self, teacher, CREATE, {
    input: {
      classId: troisieme,
      title: 'Brevet blanc : sujet de géométrie',
      instructions: '<p>Rédigez les exercices 2 et 4 du sujet distribué en classe.</p>',
      dueAt: at(6),
      submissionMode: 'FILE_OR_TEXT',
      publish: true,
    },
  });
  options.logger.info({ assignments: 4, open: open.createAssignment.id }, 'devoirs demo seeded');
}
