import type { Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

const DEMO_PASSWORD = 'ent-demo-92';

interface SeedOptions {
  db: Kysely<Database>;
  logger: Logger;
  /** The annuaire, for logging in as demo accounts and learning their ids. */
  annuaireUrl: string;
  /** This subgraph's own GraphQL endpoint: the demo goes through the same rules as everyone. */
  graphqlUrl: string;
  /** Waits between attempts while the annuaire is not ready or has no demo yet. */
  retryMs?: number;
  attempts?: number;
}

async function login(annuaireUrl: string, user: string): Promise<string> {
  const response = await fetch(`${annuaireUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: user, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { accessToken?: string };
  if (!response.ok || !body.accessToken) throw new Error(`demo login ${user} failed (${response.status})`);
  return body.accessToken;
}

async function ask<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(`demo query failed: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data;
}

const FORM_FIELDS = 'id title description purpose retentionDays deadline anonymous bothGuardians audience { profile } sections { title description questions { key type label help required options showWhen { questionKey equals } resource { id } } }';

interface FormShape {
  id: string;
  title: string;
  description: string | null;
  purpose: string;
  retentionDays: number;
  anonymous: boolean;
  bothGuardians: boolean;
  audience: { profile: string };
  sections: Array<{
    title: string;
    description: string | null;
    questions: Array<{ key: string; type: string; label: string; help: string | null; required: boolean; options: string[]; showWhen: { questionKey: string; equals: string } | null; resource: { id: string } | null }>;
  }>;
}

function inputOf(form: FormShape, overrides: Record<string, unknown>) {
  return {
    title: form.title,
    description: form.description,
    purpose: form.purpose,
    retentionDays: form.retentionDays,
    anonymous: form.anonymous,
    bothGuardians: form.bothGuardians,
    sections: form.sections.map((section) => ({
      title: section.title,
      description: section.description,
      questions: section.questions.map((question) => ({
        key: question.key,
        type: question.type,
        label: question.label,
        help: question.help,
        required: question.required,
        options: question.options,
        showWhen: question.showWhen,
        resourceId: question.resource?.id ?? null,
      })),
    })),
    ...overrides,
  };
}

/** One pass: forms, resources and a booking for the collège Paul Éluard's demo accounts. */
async function seedOnce(options: SeedOptions): Promise<void> {
  const { graphqlUrl, annuaireUrl } = options;
  const direction = await login(annuaireUrl, 'direction.eluard');
  const me = await ask<{ me: { profiles: Array<{ profile: string; establishment: { id: string } | null }> } }>(
    `${annuaireUrl}/graphql`,
    direction,
    '{ me { profiles { profile establishment { id } } } }',
  );
  const establishmentId = me.me.profiles.find((grant) => grant.profile === 'DIRECTION')?.establishment?.id;
  if (!establishmentId) throw new Error('demo: direction.eluard has no establishment yet');
  const classes = await ask<{ establishment: { classes: Array<{ id: string; name: string }> } }>(
    `${annuaireUrl}/graphql`,
    direction,
    'query ($id: ID!) { establishment(id: $id) { classes { id name } } }',
    { id: establishmentId },
  );
  const cinqB = classes.establishment.classes.find((row) => row.name === '5e B');
  if (!cinqB) throw new Error('demo: no 5e B yet');
  const day = 86_400_000;
  const inDays = (days: number, hour: number) => {
    const date = new Date(Date.now() + days * day);
    date.setUTCHours(hour - 1, 0, 0, 0); // about Paris time (UTC+1 in winter): demo content only
    return date.toISOString();
  };

  // A trip authorisation for the 5e B, open: parent.bernard can sign for Lucas.
  const trip = await ask<{ createFormFromTemplate: FormShape }>(
    graphqlUrl,
    direction,
    `mutation ($e: ID!) { createFormFromTemplate(templateKey: "sortie-scolaire", establishmentId: $e) { ${FORM_FIELDS} } }`,
    { e: establishmentId },
  );
  await ask(graphqlUrl, direction, 'mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }', {
    id: trip.createFormFromTemplate.id,
    input: inputOf(trip.createFormFromTemplate, {
      establishmentId,
      title: 'Sortie au musée du Louvre — 5e B',
      description: 'Visite des antiquités égyptiennes, départ 8 h 30 devant le collège, retour vers 16 h 30. Prévoir un pique-nique.',
      deadline: inDays(10, 18),
      audience: { profile: 'PARENTS', classIds: [cinqB.id] },
    }),
  });
  await ask(graphqlUrl, direction, 'mutation ($id: ID!) { openForm(id: $id) { id } }', { id: trip.createFormFromTemplate.id });

  // A satisfaction survey, anonymous, to the parents of the 5e B.
  const survey = await ask<{ createFormFromTemplate: FormShape }>(
    graphqlUrl,
    direction,
    `mutation ($e: ID!) { createFormFromTemplate(templateKey: "enquete-satisfaction", establishmentId: $e) { ${FORM_FIELDS} } }`,
    { e: establishmentId },
  );
  await ask(graphqlUrl, direction, 'mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }', {
    id: survey.createFormFromTemplate.id,
    input: inputOf(survey.createFormFromTemplate, { establishmentId, deadline: inDays(20, 18), audience: { profile: 'PARENTS', classIds: [cinqB.id] } }),
  });
  await ask(graphqlUrl, direction, 'mutation ($id: ID!) { openForm(id: $id) { id } }', { id: survey.createFormFromTemplate.id });

  // Bookable resources with a week of slots; prof.durand holds one.
  const trolley = await ask<{ createResource: { id: string } }>(
    graphqlUrl,
    direction,
    'mutation ($input: ResourceInput!) { createResource(input: $input) { id } }',
    { input: { establishmentId, name: 'Chariot d’ordinateurs portables n° 1', kind: 'LAPTOP_TROLLEY', capacity: 1 } },
  );
  const room = await ask<{ createResource: { id: string } }>(graphqlUrl, direction, 'mutation ($input: ResourceInput!) { createResource(input: $input) { id } }', {
    input: { establishmentId, name: 'Salle polyvalente', kind: 'ROOM', capacity: 1 },
  });
  const slots = (days: number[]) =>
    days.flatMap((d) => [
      { startsAt: inDays(d, 9), endsAt: inDays(d, 11) },
      { startsAt: inDays(d, 14), endsAt: inDays(d, 16) },
    ]);
  const added = await ask<{ addSlots: Array<{ id: string }> }>(
    graphqlUrl,
    direction,
    'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }',
    { r: trolley.createResource.id, s: slots([1, 2, 3, 4, 5]) },
  );
  await ask(graphqlUrl, direction, 'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
    r: room.createResource.id,
    s: slots([1, 2, 3]),
  });
  const durand = await login(annuaireUrl, 'prof.durand');
  const first = added.addSlots[0];
  if (first) await ask(graphqlUrl, durand, 'mutation ($s: ID!) { bookSlot(slotId: $s) { id } }', { s: first.id });
}

/**
 * Demo content on an empty database, in the background: retries until the annuaire has its demo
 * accounts; never blocks readiness; does nothing when a form already exists (idempotent).
 */
export async function seedDemoForms(options: SeedOptions): Promise<boolean> {
  const attempts = options.attempts ?? 60;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const existing = await options.db.selectFrom('forms').select('id').limit(1).executeTakeFirst();
    if (existing) return false;
    try {
      await seedOnce(options);
      options.logger.info('formulaires demo content seeded');
      return true;
    } catch (error) {
      options.logger.debug({ err: error, attempt }, 'formulaires demo not seeded yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 5_000));
    }
  }
  options.logger.warn('formulaires demo content not seeded: the annuaire never answered with its demo');
  return false;
}
