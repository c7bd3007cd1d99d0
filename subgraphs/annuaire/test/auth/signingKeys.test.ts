import { createTokenVerifier, type Database as KitDatabase, type ManualClock, silentLogger } from '@ent/kit';
import { testViewer } from '@ent/kit/testing';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService } from '../../src/auth/index.js';
import type { Database } from '../../src/db/database.js';
import { type AuthServer, openTestDatabase, startAuthServer, testClock } from './fixtures.js';

let database: KitDatabase<Database>;
let clock: ManualClock;
let server: AuthServer;

beforeAll(async () => {
  database = await openTestDatabase();
  clock = testClock();
  server = await startAuthServer({ db: database.db, clock });
});

afterAll(async () => {
  await server.close();
  await database.close();
});

const jwksUrl = () => `${server.url}/.well-known/jwks.json`;
const publishedKids = async () => {
  const response = await fetch(jwksUrl());
  const body = (await response.json()) as { keys: Array<{ kid: string }> };
  return body.keys.map((key) => key.kid).sort();
};
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
/** A new verifier each time: jose's remote key set refetches at most every 30 s (wall clock). */
const verify = (token: string) => createTokenVerifier({ jwksUrl: jwksUrl() }).verify(token);

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public ES256 keys only, cacheable', async () => {
    const viewer = testViewer({ profiles: [{ profile: 'ENSEIGNANT', establishmentId: 'e1' }] });
    const token = await server.service.signAccessToken(viewer);

    const response = await fetch(jwksUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: kidOf(token) });
    expect(keys[0]).not.toHaveProperty('d');

    expect(await verify(token)).toMatchObject({ userId: viewer.userId, profiles: viewer.profiles });
  });
});

describe('rotateSigningKey', () => {
  it('publishes the new key before signing with it, and keeps old tokens verifiable', async () => {
    const viewer = testViewer();
    const before = await server.service.signAccessToken(viewer);
    const oldKid = kidOf(before);
    clock.advance(1000);

    const newKid = await server.service.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    expect(await publishedKids()).toEqual([newKid, oldKid].sort());

    // Verifiers may still hold the previous key set: the old key signs during the activation delay.
    expect(kidOf(await server.service.signAccessToken(viewer))).toBe(oldKid);

    clock.advance(121_000);
    const after = await server.service.signAccessToken(viewer);
    expect(kidOf(after)).toBe(newKid);
    // Both verify: the retired key stays published for a grace period.
    expect(await publishedKids()).toEqual([newKid, oldKid].sort());
    await expect(verify(before)).resolves.toMatchObject({ userId: viewer.userId });
    await expect(verify(after)).resolves.toMatchObject({ userId: viewer.userId });

    // A day later the old key is no longer published; the next rotation deletes it.
    clock.advance(86_400_000);
    expect(await publishedKids()).toEqual([newKid]);
    const third = await server.service.rotateSigningKey();
    const stored = await database.db.selectFrom('signing_keys').select('kid').execute();
    expect(stored.map((row) => row.kid).sort()).toEqual([newKid, third].sort());
  });

  it('rotates on its own once the signing key is 30 days old', async () => {
    const viewer = testViewer();
    clock.advance(121_000);
    const current = kidOf(await server.service.signAccessToken(viewer));
    clock.advance(30 * 86_400_000);
    // The cache lapsed: the next use notices the age and adds a key, which signs after the delay.
    expect(kidOf(await server.service.signAccessToken(viewer))).toBe(current);
    const kids = await publishedKids();
    expect(kids).toHaveLength(2);
    clock.advance(121_000);
    const next = kidOf(await server.service.signAccessToken(viewer));
    expect(next).not.toBe(current);
    expect(kids).toContain(next);
  });
});

describe('first key', () => {
  it('is created once when replicas start together', async () => {
    const fresh = await openTestDatabase();
    try {
      const replicas = Array.from({ length: 4 }, () =>
        createAuthService({ db: fresh.db, clock, logger: silentLogger, demo: false }),
      );
      const viewer = testViewer();
      const [tokens, keySets] = await Promise.all([
        Promise.all(replicas.map((replica) => replica.signAccessToken(viewer))),
        Promise.all(replicas.map((replica) => replica.jwks())),
      ]);
      const stored = await fresh.db.selectFrom('signing_keys').select('kid').execute();
      expect(stored).toHaveLength(1);
      const kid = stored[0]!.kid;
      expect(tokens.map(kidOf)).toEqual([kid, kid, kid, kid]);
      for (const keySet of keySets) expect(keySet.keys.map((key) => key.kid)).toEqual([kid]);
    } finally {
      await fresh.close();
    }
  });
});
