import { type Clock, type Logger, type Profile, silentLogger, systemClock } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database, EstablishmentType } from '../db/database.js';
import { academicYearOf } from './academicYear.js';
import { CITIES_92, className, departementAdminLabel, ESTABLISHMENT_KINDS, ESTABLISHMENT_MIX, establishmentName, SCHOOL_NAMESAKES } from './curriculum.js';
import { DEMO_UAI_DIGITS_FROM, NAMED_ACCOUNTS } from './demoAccounts.js';
import { LoginAllocator } from './logins.js';
import { PopulationBuilder, type PopulationCounts, type SchoolState } from './populationBuilder.js';
import { createRandom } from './random.js';
import { uaiOf } from './uai.js';

export interface GeneratePopulationOptions {
  establishments: number;
  /** Classes in every establishment; by default each kind has its usual size (5 in a maternelle … 18 in a lycée). */
  classesPerEstablishment?: number;
  pupilsPerClass?: number;
  /** Every generated account gets this hash: hash one password once (benchmarks and demos only). */
  passwordHash: string;
  /** The same seed on the same database gives the same people. */
  seed?: number | string;
  clock?: Clock;
  logger?: Logger;
  /** Rows buffered before they are written in one transaction; bounds memory. */
  rowsPerTransaction?: number;
}

export interface PopulationSummary {
  academicYear: string;
  counts: PopulationCounts;
  /** A few logins per profile, to log in with in benchmarks. */
  samples: Partial<Record<Profile, string[]>>;
  transactions: number;
  elapsedMs: number;
}

const FIRST_UAI_DIGITS = 920_001;

/**
 * Generates a whole département for benchmarks and load tests: `establishments` establishments in a
 * realistic mix (écoles maternelles and élémentaires, collèges, lycées, now and then an IUT), each
 * populated like the demo's (pupils with one or two guardians, siblings across establishments,
 * teachers with assignments and head teachers, groups, direction, vie scolaire, local administrator),
 * plus one département administrator. Adds to what is there (existing logins and UAIs are avoided).
 * Writes in chunked transactions of about `rowsPerTransaction` rows, so memory stays bounded; a
 * failure keeps the chunks already committed.
 */
export async function generatePopulation(db: Kysely<Database>, options: GeneratePopulationOptions): Promise<PopulationSummary> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const now = (options.clock ?? systemClock).now();
  const academicYear = academicYearOf(now);
  const pupilsPerClass = options.pupilsPerClass ?? 25;
  const rowsPerTransaction = options.rowsPerTransaction ?? 50_000;

  const logins = new LoginAllocator();
  await logins.reserveExisting(db);
  for (const { login } of NAMED_ACCOUNTS) logins.reserve(login);
  const takenUais = new Set(
    (await db.selectFrom('establishments').select('uai').where('uai', 'like', '092%').execute()).map((row) => row.uai),
  );
  const uais = freeUais(takenUais);

  const random = createRandom(options.seed ?? 'ent-92');
  const builder = new PopulationBuilder({ random, logins, passwordHash: options.passwordHash, now, academicYear });
  let transactions = 0;
  const flush = async () => {
    await db.transaction().execute((trx) => builder.flush(trx));
    transactions++;
    logger.debug({ transactions, users: builder.counts.users }, 'population chunk written');
  };

  const admin = builder.newStaff();
  builder.addProfile(admin, 'ADMIN_DEPARTEMENT', null, departementAdminLabel(admin.gender));

  const types = establishmentMix(options.establishments);
  for (const type of types) {
    const city = random.pick(CITIES_92);
    const school = builder.addEstablishment({
      uai: uais.next(),
      name: establishmentName(type, random.pick(SCHOOL_NAMESAKES), city),
      type,
      city,
    });
    addClasses(builder, school, options.classesPerEstablishment ?? ESTABLISHMENT_KINDS[type].defaultClasses);
    builder.completeSchool(school, { pupilsPerClass });
    if (builder.bufferedRows >= rowsPerTransaction) await flush();
  }
  if (builder.bufferedRows > 0) await flush();

  const elapsedMs = Math.round(performance.now() - started);
  logger.info({ establishments: builder.counts.establishments, users: builder.counts.users, elapsedMs }, 'population generated');
  return {
    academicYear,
    counts: builder.counts,
    samples: Object.fromEntries(builder.samples),
    transactions,
    elapsedMs,
  };
}

/** Spreads `count` classes over the kind's levels (earlier levels take the remainder) and names them. */
function addClasses(builder: PopulationBuilder, school: SchoolState, count: number): void {
  const { levels } = ESTABLISHMENT_KINDS[school.type];
  levels.forEach((level, levelIndex) => {
    const ofLevel = Math.floor(count / levels.length) + (levelIndex < count % levels.length ? 1 : 0);
    for (let index = 0; index < ofLevel; index++) builder.addClass(school, className(school.type, level, index, ofLevel), level);
  });
}

/**
 * The kinds of `count` establishments, interleaved so that any prefix follows ESTABLISHMENT_MIX
 * (each step takes the kind furthest behind its share).
 */
export function establishmentMix(count: number): EstablishmentType[] {
  const produced = new Map<EstablishmentType, number>(ESTABLISHMENT_MIX.map(([type]) => [type, 0]));
  const types: EstablishmentType[] = [];
  for (let i = 1; i <= count; i++) {
    let best = ESTABLISHMENT_MIX[0]![0];
    let bestDeficit = Number.NEGATIVE_INFINITY;
    for (const [type, share] of ESTABLISHMENT_MIX) {
      const deficit = share * i - produced.get(type)!;
      if (deficit > bestDeficit) [best, bestDeficit] = [type, deficit];
    }
    produced.set(best, produced.get(best)! + 1);
    types.push(best);
  }
  return types;
}

/** UAIs from 0920001 upwards, skipping those in use, below the demo's 0929xxx range. */
function freeUais(taken: ReadonlySet<string>): { next(): string } {
  let digits = FIRST_UAI_DIGITS;
  return {
    next() {
      for (;;) {
        if (digits >= DEMO_UAI_DIGITS_FROM) throw new Error('no UAI left in the generator range 0920001–0928999');
        const uai = uaiOf(String(digits++).padStart(7, '0'));
        if (!taken.has(uai)) return uai;
      }
    },
  };
}
