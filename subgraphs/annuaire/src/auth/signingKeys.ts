import { randomBytes } from 'node:crypto';
import type { Clock, Logger } from '@ent/kit';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';

export const SIGNING_ALGORITHM = 'ES256';
const UNKNOWN_KID_RELOAD_MS = 5000;

export interface SigningKeyOptions {
  /** How long a replica trusts its in-memory copy of the keys. */
  cacheTtlSeconds: number;
  /**
   * A new key is published this long before anything is signed with it, so that verifiers holding an
   * older copy of the JWKS (their cache, an HTTP cache, jose's refetch cooldown) already know it.
   * Keep it above cacheTtlSeconds, the JWKS Cache-Control max-age (60 s) and the kit verifier's
   * refetch cooldown (30 s).
   */
  activationDelaySeconds: number;
  /** The signing key is replaced automatically once it is this old; 0 turns automatic rotation off. */
  rotationDays: number;
  /** A retired key stays in the JWKS this long (longer than any token it signed), then is deleted. */
  retiredKeyGraceSeconds: number;
}

export const DEFAULT_SIGNING_KEY_OPTIONS: SigningKeyOptions = {
  cacheTtlSeconds: 60,
  activationDelaySeconds: 120,
  rotationDays: 30,
  retiredKeyGraceSeconds: 24 * 3600,
};

interface KeyDates {
  createdAt: Date;
  retiredAt: Date | null;
}

interface StoredKey extends KeyDates {
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export interface SigningKeyStore {
  /** The key to sign with now. Creates the first key when there is none. */
  signingKey(): Promise<{ kid: string; key: CryptoKey }>;
  /** Public keys to publish: active ones and retired ones still within their grace period. */
  publicKeys(): Promise<JWK[]>;
  /** The public key for a kid, reloading once when the kid is unknown (another replica rotated). */
  verificationKey(kid: string | undefined): Promise<CryptoKey | undefined>;
  /** Adds a new key and schedules the retirement of the current ones; returns the new kid. */
  rotate(): Promise<string>;
}

interface Snapshot {
  loadedAt: number;
  keys: StoredKey[];
}

export function createSigningKeyStore(options: {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  keys?: Partial<SigningKeyOptions> | undefined;
}): SigningKeyStore {
  const { db, clock, logger } = options;
  const config = { ...DEFAULT_SIGNING_KEY_OPTIONS, ...options.keys };
  let snapshot: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;
  const importedPrivate = new Map<string, Promise<CryptoKey>>();
  const importedPublic = new Map<string, Promise<CryptoKey>>();

  const isActive = (key: KeyDates, now: Date) => key.retiredAt === null || key.retiredAt > now;

  const readKeys = async (now: Date): Promise<StoredKey[]> => {
    const graceStart = new Date(now.getTime() - config.retiredKeyGraceSeconds * 1000);
    const rows = await db
      .selectFrom('signing_keys')
      .selectAll()
      .where('algorithm', '=', SIGNING_ALGORITHM)
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', graceStart)]))
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .execute();
    return rows.map((row) => ({
      kid: row.kid,
      publicJwk: row.public_jwk as JWK,
      privateJwk: row.private_jwk as JWK,
      createdAt: new Date(row.created_at),
      retiredAt: row.retired_at ? new Date(row.retired_at) : null,
    }));
  };

  /** Keys newest first. */
  const rotationDue = (keys: KeyDates[], now: Date) => {
    const newest = keys.find((key) => isActive(key, now));
    if (!newest) return true;
    if (config.rotationDays <= 0) return false;
    return newest.createdAt.getTime() <= now.getTime() - config.rotationDays * 86_400_000;
  };

  /**
   * Creates a key under a transaction-scoped advisory lock: replicas starting together (or rotating
   * together) queue on the lock, and each re-reads the keys once it holds it, so only the first creates one.
   */
  const createKey = async (force: boolean): Promise<string | undefined> => {
    const now = clock.now();
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const kid = randomBytes(12).toString('base64url');
    const meta = { kid, alg: SIGNING_ALGORITHM, use: 'sig' };
    const publicJwk = { ...(await exportJWK(publicKey)), ...meta };
    const privateJwk = { ...(await exportJWK(privateKey)), ...meta };

    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.signing_keys'))`.execute(trx);
      const active = await trx
        .selectFrom('signing_keys')
        .select(['kid', 'created_at'])
        .where('algorithm', '=', SIGNING_ALGORITHM)
        .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now)]))
        .orderBy('created_at', 'desc')
        .execute();
      const activeDates = active.map((row) => ({ createdAt: new Date(row.created_at), retiredAt: null }));
      if (!force && !rotationDue(activeDates, now)) return undefined;

      await trx
        .insertInto('signing_keys')
        .values({
          kid,
          algorithm: SIGNING_ALGORITHM,
          private_jwk: JSON.stringify(privateJwk),
          public_jwk: JSON.stringify(publicJwk),
          created_at: now,
        })
        .execute();
      if (active.length > 0) {
        // The current keys keep signing until the new one has been published long enough.
        const retireAt = new Date(now.getTime() + config.activationDelaySeconds * 1000);
        await trx
          .updateTable('signing_keys')
          .set({ retired_at: retireAt })
          .where('kid', '!=', kid)
          .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', retireAt)]))
          .execute();
      }
      const purgeBefore = new Date(now.getTime() - config.retiredKeyGraceSeconds * 1000);
      await trx.deleteFrom('signing_keys').where('retired_at', '<', purgeBefore).execute();
      return kid;
    });
  };

  const load = async (): Promise<Snapshot> => {
    const now = clock.now();
    let keys = await readKeys(now);
    if (rotationDue(keys, now)) {
      const kid = await createKey(false);
      if (kid) logger.info({ kid }, keys.length === 0 ? 'signing key created' : 'signing key rotated (scheduled)');
      keys = await readKeys(now);
    }
    return { loadedAt: now.getTime(), keys };
  };

  const current = async (fresh = false): Promise<Snapshot> => {
    const now = clock.now().getTime();
    if (!fresh && snapshot && now - snapshot.loadedAt < config.cacheTtlSeconds * 1000 && now >= snapshot.loadedAt) {
      return snapshot;
    }
    loading ??= load().finally(() => {
      loading = undefined;
    });
    snapshot = await loading;
    return snapshot;
  };

  const importCached = (cache: Map<string, Promise<CryptoKey>>, kid: string, jwk: JWK) => {
    let key = cache.get(kid);
    if (!key) {
      key = importJWK(jwk, SIGNING_ALGORITHM) as Promise<CryptoKey>;
      cache.set(kid, key);
    }
    return key;
  };

  return {
    async signingKey() {
      const { keys } = await current();
      const now = clock.now();
      const active = keys.filter((key) => isActive(key, now));
      const publishedSince = now.getTime() - config.activationDelaySeconds * 1000;
      // The newest key published long enough; failing that, the oldest active one, the likeliest to be
      // known already (the very first key signs at once: nobody can hold an older JWKS).
      const chosen = active.find((key) => key.createdAt.getTime() <= publishedSince) ?? active.at(-1);
      if (!chosen) throw new Error('no active signing key');
      return { kid: chosen.kid, key: await importCached(importedPrivate, chosen.kid, chosen.privateJwk) };
    },
    async publicKeys() {
      const { keys } = await current();
      return keys.map((key) => key.publicJwk);
    },
    async verificationKey(kid) {
      if (!kid) return undefined;
      const known = await current();
      let found = known.keys.find((key) => key.kid === kid);
      // Keys sign only after being in the database longer than the cache lives, so an unknown kid is
      // almost always a forgery: reload at most every few seconds, not once per bogus token.
      if (!found && clock.now().getTime() - known.loadedAt >= UNKNOWN_KID_RELOAD_MS) {
        found = (await current(true)).keys.find((key) => key.kid === kid);
      }
      return found ? importCached(importedPublic, found.kid, found.publicJwk) : undefined;
    },
    async rotate() {
      const kid = await createKey(true);
      if (!kid) throw new Error('signing key rotation did not create a key');
      logger.info({ kid }, 'signing key rotated');
      await current(true);
      return kid;
    },
  };
}
