import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, SignJWT } from 'jose';
import { sql } from 'kysely';
import { claimsOfViewer, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../auth/claims.js';
import type { Viewer } from '../auth/viewer.js';
import { type Database, type Migrations, openDatabase, schemaNameOf } from '../database/openDatabase.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throwaway schema on
 * the PostgreSQL server in DATABASE_URL (npm run test:pg), dropped on close.
 */
export async function createTestDatabase<DB>(subgraph: string, migrations: Migrations): Promise<Database<DB>> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) return openDatabase<DB>({ subgraph, migrations, dataDir: 'memory' });
  const schema = `${schemaNameOf(subgraph)}_t${randomBytes(5).toString('hex')}`;
  const database = await openDatabase<DB>({ subgraph, migrations, databaseUrl, schema, poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    },
  };
}

/** A signing key of the tests' own, to mint tokens the way the annuaire does (or forge foreign ones). */
export interface TestSigner {
  keys: JWTVerifyGetKey;
  sign(viewer: Viewer, options?: { expiresIn?: string | number; issuer?: string; audience?: string }): Promise<string>;
}

export async function createTestSigner(kid = 'test-key'): Promise<TestSigner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    keys: createLocalJWKSet({ keys: [jwk] }),
    sign: (viewer, options = {}) =>
      new SignJWT({ ...claimsOfViewer(viewer), typ: 'access' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer(options.issuer ?? DEFAULT_ISSUER)
        .setAudience(options.audience ?? DEFAULT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey),
  };
}

export function testViewer(overrides: Partial<Viewer> = {}): Viewer {
  return {
    userId: 'user-test',
    sessionId: 'session-test',
    displayName: 'Test',
    profiles: [],
    classIds: [],
    groupIds: [],
    childIds: [],
    authMethods: ['pwd'],
    ...overrides,
  };
}
