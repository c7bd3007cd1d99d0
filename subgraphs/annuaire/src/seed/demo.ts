import { type Clock, type Logger, MODULES, silentLogger, systemClock } from '@ent/kit';
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../auth/password.js';
import type { Database } from '../db/database.js';
import { enableModules } from '../modules/repository.js';
import { academicYearOf } from './academicYear.js';
import {
  DEMO_ESTABLISHMENTS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  type DemoEstablishmentKey,
  NAMED_ACCOUNTS,
} from './demoAccounts.js';
import { LoginAllocator } from './logins.js';
import {
  emptyCounts,
  type PersonRef,
  PopulationBuilder,
  type PopulationCounts,
  type SchoolClassState,
  type SchoolState,
} from './populationBuilder.js';
import { createRandom } from './random.js';

/** The demo's people are always the same: a fixed seed. */
const DEMO_SEED = 'ent-demo-92';
const DEMO_PUPILS_PER_CLASS = 25;

export interface SeedDemoOptions {
  clock?: Clock;
  logger?: Logger;
}

export interface DemoSeedSummary {
  /** False when the demo was already there: nothing was written. */
  seeded: boolean;
  academicYear: string;
  /** What was inserted (all zero when `seeded` is false). */
  counts: PopulationCounts;
  elapsedMs: number;
}

/**
 * Seeds the demo département: five establishments from maternelle to IUT, the named accounts of
 * DEMO_ACCOUNTS, and about a thousand generated people around them. Idempotent (does nothing when
 * the first demo establishment exists) and atomic (one transaction, serialised by an advisory lock,
 * so replicas starting together seed once).
 */
export async function seedDemo(db: Kysely<Database>, options: SeedDemoOptions = {}): Promise<DemoSeedSummary> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const now = clock.now();
  const academicYear = academicYearOf(now);
  const marker = DEMO_ESTABLISHMENTS[0]!.uai;

  const counts = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('ent.annuaire.seed-demo'))`.execute(trx);
    const present = await trx.selectFrom('establishments').select('id').where('uai', '=', marker).executeTakeFirst();
    if (present) return undefined;

    const namedLogins = NAMED_ACCOUNTS.map((account) => account.login);
    const taken = await trx.selectFrom('users').select('login').where('login', 'in', namedLogins).execute();
    if (taken.length > 0) {
      throw new Error(`cannot seed the demo: logins already used by other accounts: ${taken.map((row) => row.login).join(', ')}`);
    }

    const logins = new LoginAllocator();
    await logins.reserveExisting(trx);
    for (const login of namedLogins) logins.reserve(login);

    // Demo mode only: one argon2 hash of the public demo password, shared by every demo account
    // (hashing a thousand accounts one by one would take half a minute for no secrecy gained).
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const builder = new PopulationBuilder({ random: createRandom(DEMO_SEED), logins, passwordHash, now, academicYear });
    buildDemo(builder);
    await builder.flush(trx);
    // The demo shows every module everywhere; real establishments enable them in waves.
    const demoEstablishments = await trx
      .selectFrom('establishments')
      .select('id')
      .where('uai', 'in', DEMO_ESTABLISHMENTS.map((establishment) => establishment.uai))
      .execute();
    await enableModules(
      trx,
      demoEstablishments.map((row) => row.id),
      MODULES.map((module) => module.id),
      now,
    );
    return builder.counts;
  });

  const elapsedMs = Math.round(performance.now() - started);
  if (!counts) {
    logger.info({ uai: marker }, 'demo directory already present; nothing seeded');
    return { seeded: false, academicYear, counts: emptyCounts(), elapsedMs };
  }
  logger.info({ academicYear, users: counts.users, establishments: counts.establishments, elapsedMs }, 'demo directory seeded');
  return { seeded: true, academicYear, counts, elapsedMs };
}

function buildDemo(builder: PopulationBuilder): void {
  const schools = new Map<DemoEstablishmentKey, SchoolState>();
  for (const { key, classes, uai, name, type, city } of DEMO_ESTABLISHMENTS) {
    const school = builder.addEstablishment({ uai, name, type, city });
    for (const schoolClass of classes) builder.addClass(school, schoolClass.name, schoolClass.level);
    schools.set(key, school);
  }
  const schoolOf = (key: DemoEstablishmentKey): SchoolState => schools.get(key)!;
  const classOf = (school: SchoolState, name: string): SchoolClassState => {
    const found = school.classes.find((schoolClass) => schoolClass.name === name);
    if (!found) throw new Error(`demo class ${name} missing in ${school.name}`);
    return found;
  };

  const people = new Map<string, PersonRef>();
  const placement = new Map<string, { school: SchoolState; schoolClass: SchoolClassState }>();
  for (const account of NAMED_ACCOUNTS) {
    const person = builder.addPerson(account, {
      login: account.login,
      adult: account.profile !== 'ELEVE',
      ...(account.totp ? { totpSecret: DEMO_TOTP_SECRET } : {}),
    });
    people.set(account.login, person);
    if (account.profile === 'PARENT') continue; // their PARENT profiles follow their children, below
    const school = account.establishment === null ? null : schoolOf(account.establishment);
    builder.addProfile(person, account.profile, school, account.functionLabel);
    if (!school) continue;
    for (const { className, subject, headTeacher } of account.teaches ?? []) {
      builder.teach(school, person, { schoolClass: classOf(school, className) }, subject, headTeacher);
    }
    if (account.pupilOf) {
      const schoolClass = classOf(school, account.pupilOf);
      builder.enrol(person, schoolClass);
      placement.set(account.login, { school, schoolClass });
    }
  }

  // Named families are kept out of the sibling pool, so parent.bernard has exactly Léa and Lucas.
  const withFamily = new Set<string>();
  for (const account of NAMED_ACCOUNTS) {
    if (!account.children) continue;
    const family = builder.addFamily(account.lastName, [
      { person: people.get(account.login)!, relationship: account.relationship ?? 'Représentant légal' },
    ]);
    if (account.otherGuardian) builder.addGeneratedParent(family, account.otherGuardian.relationship, account.otherGuardian.gender);
    for (const child of account.children) {
      const { school, schoolClass } = placement.get(child)!;
      builder.addChild(family, people.get(child)!, school, schoolClass);
      withFamily.add(child);
    }
  }
  for (const [login, { school, schoolClass }] of placement) {
    if (withFamily.has(login)) continue;
    builder.addChild(builder.newFamily(school.city, people.get(login)!.lastName), people.get(login)!, school, schoolClass);
  }

  for (const school of schools.values()) builder.completeSchool(school, { pupilsPerClass: DEMO_PUPILS_PER_CLASS });
}
