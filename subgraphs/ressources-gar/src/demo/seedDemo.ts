import type { Clock, Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { ExportService } from '../gar/exportService.js';

/**
 * Demo content, on an empty database: the principal and the documentaliste of Collège Paul Éluard
 * as affectation managers, two resources assigned by the simulated GAR to 5e B (on top of the
 * simulator's level assignments), one recommendation from prof.durand to 5e B, and a first export
 * delivered to the simulator so it knows who is in which class. Ids are learnt by signing in as the
 * demo accounts. Idempotent (skips when managers exist); retried by the caller until the annuaire is up.
 */
export const DEMO_PASSWORD = 'ent-demo-92';
/** Resources the demo assigns to 5e B by class (lycée resources, so they are told apart from the level ones). */
export const DEMO_CLASS_RESOURCES = ['ark:/12313/HA9782218998317', 'ark:/12313/CI3977251568689'];

export interface DemoSeedOptions {
  db: Kysely<Database>;
  annuaireUrl: string;
  simulatorUrl: string | null;
  exports: ExportService;
  clock: Clock;
  logger: Logger;
  fetcher?: typeof fetch;
}

interface Me {
  id: string;
  displayName: string;
  profiles: { profile: string; establishment: { id: string; uai: string; name: string } | null }[];
  classes: { id: string; name: string; establishment: { id: string; uai: string } }[] | null;
}

export async function seedGarDemo(options: DemoSeedOptions): Promise<boolean> {
  const fetcher = options.fetcher ?? fetch;
  const existing = await options.db.selectFrom('affectation_managers').select('user_id').limit(1).execute();
  if (existing.length > 0) return false;
  const base = options.annuaireUrl.replace(/\/$/, '');

  const me = async (login: string): Promise<Me> => {
    const auth = await fetcher(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login, password: DEMO_PASSWORD }),
    });
    if (!auth.ok) throw new Error(`demo login ${login}: HTTP ${auth.status}`);
    const { accessToken } = (await auth.json()) as { accessToken: string };
    const response = await fetcher(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        query: '{ me { id displayName profiles { profile establishment { id uai name } } classes { id name establishment { id uai } } } }',
      }),
    });
    const body = (await response.json()) as { data?: { me: Me } };
    if (!body.data) throw new Error(`demo me ${login}: no data`);
    return body.data.me;
  };

  const principal = await me('direction.eluard');
  const documentaliste = await me('doc.moreau');
  const lucas = await me('eleve.lucas');
  const durand = await me('prof.durand');
  const classB = lucas.classes?.find((c) => c.name === '5e B');
  const eluard = principal.profiles.find((grant) => grant.profile === 'DIRECTION')?.establishment;
  if (!classB || !eluard) throw new Error('demo: 5e B or Collège Paul Éluard not found');
  const now = options.clock.now();

  if (options.simulatorUrl) {
    for (const resourceId of DEMO_CLASS_RESOURCES) {
      const response = await fetcher(`${options.simulatorUrl.replace(/\/$/, '')}/admin/assignments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resourceId, target: { kind: 'CLASS', uai: classB.establishment.uai, code: classB.name } }),
      });
      if (!response.ok) throw new Error(`demo: simulator assignment HTTP ${response.status}`);
    }
  }

  await options.db.transaction().execute(async (trx) => {
    const managers = [principal, documentaliste].filter((person) =>
      person.profiles.some((grant) => grant.establishment?.id === eluard.id),
    );
    for (const person of managers) {
      await trx
        .insertInto('affectation_managers')
        .values({ establishment_id: eluard.id, user_id: person.id, display_name: person.displayName, created_by: person.id, created_at: now })
        .onConflict((oc) => oc.columns(['establishment_id', 'user_id']).doNothing())
        .execute();
    }
    await trx
      .insertInto('recommendations')
      .values({
        id: crypto.randomUUID(),
        establishment_id: eluard.id,
        class_id: classB.id,
        resource_id: DEMO_CLASS_RESOURCES[0]!,
        resource_title: 'Annabac.com',
        teacher_id: durand.id,
        teacher_name: durand.displayName,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['class_id', 'resource_id', 'teacher_id']).doNothing())
      .execute();
  });
  // The simulator learns who is in 5e B from the export, as GAR does.
  const run = await options.exports.run('demo');
  options.logger.info({ status: run.status, archive: run.archive }, 'ressources-gar demo seeded');
  return true;
}
