import { cpus } from 'node:os';
import { buildViewer, createAnnuaireServer, type Database as AnnuaireDatabase, migrations as annuaireMigrations, seedDemo } from '@ent/annuaire';
import { createFormulairesServer, type Database, migrations } from '@ent/formulaires';
import { silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { createRouter } from '@ent/router';
import { subgraphRoutesFor, supergraphPath } from '../harness.js';

/**
 * node tests/dist/bench/formulaires.js — the formulaires behind the real router, on one machine:
 * 1. throughput of responses to one trip authorisation when 600 parents submit at once (one request
 *    each, all fired together, through the router), the audience being a 600-pupil class;
 * 2. the booking conflict: many staff members booking one slot of a small capacity at once.
 * Prints figures; asserts nothing (the tests check correctness). PGlite in memory unless DATABASE_URL.
 * ENT_BENCH_PARENTS (default 600), ENT_BENCH_BOOKERS (default 200), ENT_BENCH_CAPACITY (default 10).
 */
const PARENTS = Number(process.env['ENT_BENCH_PARENTS'] ?? 600);
const BOOKERS = Number(process.env['ENT_BENCH_BOOKERS'] ?? 200);
const CAPACITY = Number(process.env['ENT_BENCH_CAPACITY'] ?? 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

async function main() {
  console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, ${process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'}`);
  const annuaireDb = await createTestDatabase<AnnuaireDatabase>('annuaire', annuaireMigrations);
  await seedDemo(annuaireDb.db, { logger: silentLogger });
  const annuaire = await createAnnuaireServer({ db: annuaireDb.db, logger: silentLogger, demo: true });
  const { url: annuaireUrl } = await annuaire.listen(0);
  const database = await createTestDatabase<Database>('formulaires', migrations);
  const formulaires = await createFormulairesServer({ db: database.db, logger: silentLogger, annuaireUrl });
  const { url: formulairesUrl } = await formulaires.listen(0);
  const subgraphUrls = { annuaire: `${annuaireUrl}/graphql`, formulaires: `${formulairesUrl}/graphql` };
  const router = await createRouter({
    supergraphPath,
    annuaireUrl,
    subgraphUrls,
    subgraphRoutes: subgraphRoutesFor(subgraphUrls),
    logger: silentLogger,
    watchSupergraph: false,
  });
  const { url } = await router.listen(0);
  const graphql = async <T>(token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  };
  const tokenOf = async (userId: string) => annuaire.auth.signAccessToken(await buildViewer(annuaireDb.db, userId, `bench-${userId}`, ['pwd']));

  try {
    // A 600-pupil « class » at the collège Paul Éluard, one parent each (directly in the directory: setup, not measured).
    const started = Date.now();
    const eluard = (await annuaireDb.db.selectFrom('establishments').select('id').where('name', 'like', '%Éluard%').executeTakeFirstOrThrow()).id;
    const benchClass = await annuaireDb.db
      .insertInto('classes')
      .values({ establishment_id: eluard, name: 'Banc d’essai', level: 'CINQUIEME', academic_year: '2026-2027', external_id: null, updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const parentIds: string[] = [];
    for (let start = 0; start < PARENTS; start += 200) {
      const size = Math.min(200, PARENTS - start);
      const person = (index: number, kind: string) => ({
        login: `bench.${kind}.${index}`,
        first_name: kind === 'eleve' ? 'Élève' : 'Parent',
        last_name: `N°${index}`,
        email: null,
        password_hash: null,
        password_changed_at: null,
        totp_secret: null,
        totp_enrolled_at: null,
        external_id: null,
        updated_at: new Date(),
        deactivated_at: null,
      });
      const pupils = await annuaireDb.db.insertInto('users').values(Array.from({ length: size }, (_, i) => person(start + i, 'eleve'))).returning('id').execute();
      const parents = await annuaireDb.db.insertInto('users').values(Array.from({ length: size }, (_, i) => person(start + i, 'parent'))).returning('id').execute();
      await annuaireDb.db.insertInto('user_profiles').values(pupils.map((row) => ({ user_id: row.id, profile: 'ELEVE', establishment_id: eluard, function_label: null }))).execute();
      await annuaireDb.db.insertInto('user_profiles').values(parents.map((row) => ({ user_id: row.id, profile: 'PARENT', establishment_id: eluard, function_label: null }))).execute();
      await annuaireDb.db.insertInto('class_members').values(pupils.map((row) => ({ class_id: benchClass.id, user_id: row.id }))).execute();
      await annuaireDb.db
        .insertInto('family_links')
        .values(pupils.map((row, i) => ({ parent_id: parents[i]?.id as string, child_id: row.id, relationship: 'Mère' })))
        .execute();
      parentIds.push(...parents.map((row) => row.id));
    }
    const directionId = (await annuaireDb.db.selectFrom('users').select('id').where('login', '=', 'direction.eluard').executeTakeFirstOrThrow()).id;
    const direction = await tokenOf(directionId);
    const created = await graphql<{ createForm: { id: string } }>(direction, 'mutation ($i: FormInput!) { createForm(input: $i) { id } }', {
      i: {
        establishmentId: eluard,
        title: 'Sortie de fin d’année',
        purpose: 'Organiser la sortie',
        retentionDays: 30,
        deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        audience: { profile: 'PARENTS', classIds: [benchClass.id] },
        sections: [
          {
            title: 'Autorisation',
            questions: [
              { key: 'autorisation', type: 'AUTHORISATION', label: 'J’autorise', required: true },
              { key: 'traitement', type: 'YES_NO', label: 'Traitement ?', required: true },
              { key: 'detail', type: 'LONG_TEXT', label: 'Lequel ?', required: true, showWhen: { questionKey: 'traitement', equals: 'oui' } },
              { key: 'repas', type: 'SINGLE_CHOICE', label: 'Repas', required: false, options: ['Pique-nique', 'Cantine'] },
            ],
          },
        ],
      },
    });
    const formId = created.data?.createForm.id;
    if (!formId) throw new Error(`createForm failed: ${JSON.stringify(created.errors)}`);
    const openStarted = Date.now();
    const opened = await graphql<{ openForm: { expectedCount: number } }>(direction, 'mutation ($id: ID!) { openForm(id: $id) { expectedCount } }', { id: formId });
    if (!opened.data) throw new Error(`openForm failed: ${JSON.stringify(opened.errors)}`);
    const openMs = Date.now() - openStarted;
    const tokens = await Promise.all(parentIds.map(tokenOf));
    const children = await annuaireDb.db.selectFrom('family_links').select(['parent_id', 'child_id']).where('parent_id', 'in', parentIds).execute();
    const childOf = new Map(children.map((row) => [row.parent_id, row.child_id]));
    console.log(`Setup: ${PARENTS} pupils and parents, form opened for ${opened.data.openForm.expectedCount} pupils in ${openMs} ms (audience fixed from the annuaire), setup ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 1. Every parent submits at once.
    const latencies: number[] = [];
    const t0 = performance.now();
    const answers = await Promise.all(
      parentIds.map(async (parentId, index) => {
        const sent = performance.now();
        const answer = await graphql<{ submitResponse: { id: string } }>(
          tokens[index] as string,
          'mutation ($f: ID!, $c: ID, $a: [AnswerInput!]!) { submitResponse(formId: $f, childId: $c, answers: $a) { id } }',
          {
            f: formId,
            c: childOf.get(parentId),
            a: [
              { questionKey: 'autorisation', signature: { decision: index % 10 === 0 ? 'REFUSED' : 'AUTHORISED', signerName: `Parent N°${index}`, consent: true } },
              { questionKey: 'traitement', value: index % 4 === 0 ? 'oui' : 'non' },
              ...(index % 4 === 0 ? [{ questionKey: 'detail', value: 'Ventoline en cas de crise' }] : []),
              { questionKey: 'repas', value: index % 2 ? 'Pique-nique' : 'Cantine' },
            ],
          },
        );
        latencies.push(performance.now() - sent);
        return answer;
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const ok = answers.filter((answer) => answer.data?.submitResponse).length;
    const stored = Number((await database.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('form_id', '=', formId).executeTakeFirstOrThrow()).n);
    console.log('\nResponses to one form, all parents at once, through the router:');
    console.log(`  ${PARENTS} submissions, ${ok} accepted, ${PARENTS - ok} refused (${[...new Set(answers.flatMap((a) => a.errors?.map((e) => e.extensions?.code) ?? []))].join(', ') || 'none'}), ${stored} stored`);
    console.log(`  ${elapsed.toFixed(2)} s wall clock → ${(ok / elapsed).toFixed(0)} responses/s; latency p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`);

    const statsStarted = performance.now();
    await graphql(direction, 'query ($id: ID!) { formStatistics(formId: $id) { questionKey counts { value count } } }', { id: formId });
    const tripStarted = performance.now();
    const csv = await fetch(`${url}/formulaires/exports/${formId}/trip.csv`, { headers: { authorization: `Bearer ${direction}` } });
    const csvBytes = (await csv.arrayBuffer()).byteLength;
    console.log(`  statistics in SQL: ${(tripStarted - statsStarted).toFixed(0)} ms; trip list CSV (${csvBytes} bytes): ${(performance.now() - tripStarted).toFixed(0)} ms`);

    // 2. The booking conflict: BOOKERS staff members, one slot of CAPACITY places.
    const teachers = await annuaireDb.db
      .insertInto('users')
      .values(
        Array.from({ length: BOOKERS }, (_, i) => ({
          login: `bench.prof.${i}`,
          first_name: 'Professeur',
          last_name: `N°${i}`,
          email: null,
          password_hash: null,
          password_changed_at: null,
          totp_secret: null,
          totp_enrolled_at: null,
          external_id: null,
          updated_at: new Date(),
          deactivated_at: null,
        })),
      )
      .returning('id')
      .execute();
    await annuaireDb.db.insertInto('user_profiles').values(teachers.map((row) => ({ user_id: row.id, profile: 'ENSEIGNANT', establishment_id: eluard, function_label: null }))).execute();
    const teacherTokens = await Promise.all(teachers.map((row) => tokenOf(row.id)));
    const resource = await graphql<{ createResource: { id: string } }>(direction, 'mutation ($i: ResourceInput!) { createResource(input: $i) { id } }', {
      i: { establishmentId: eluard, name: 'Chariot d’ordinateurs', kind: 'LAPTOP_TROLLEY', capacity: CAPACITY },
    });
    const starts = new Date(Date.now() + 86_400_000);
    const slots = await graphql<{ addSlots: Array<{ id: string }> }>(direction, 'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
      r: resource.data?.createResource.id,
      s: [{ startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 3_600_000).toISOString() }],
    });
    const slotId = slots.data?.addSlots[0]?.id;
    const b0 = performance.now();
    const bookings = await Promise.all(teacherTokens.map((token) => graphql<{ bookSlot: { id: string } }>(token, 'mutation ($s: ID!) { bookSlot(slotId: $s) { id } }', { s: slotId })));
    const bookingSeconds = (performance.now() - b0) / 1000;
    const successes = bookings.filter((answer) => answer.data?.bookSlot).length;
    const conflicts = bookings.filter((answer) => answer.errors?.[0]?.extensions?.code === 'CONFLICT').length;
    const row = await database.db.selectFrom('slots').select(['booked', 'capacity']).where('id', '=', slotId as string).executeTakeFirstOrThrow();
    console.log('\nBooking conflict, all at once through the router:');
    console.log(`  ${BOOKERS} attempts on one slot of ${CAPACITY} places: ${successes} booked, ${conflicts} CONFLICT (« créneau complet »), ${BOOKERS - successes - conflicts} other`);
    console.log(`  slot row: booked ${row.booked} / capacity ${row.capacity} (${row.booked <= row.capacity ? 'no overbooking' : 'OVERBOOKED'}); ${bookingSeconds.toFixed(2)} s → ${(BOOKERS / bookingSeconds).toFixed(0)} attempts/s`);
  } finally {
    await router.stop();
    await formulaires.stop();
    await annuaire.stop();
    await database.close();
    await annuaireDb.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
