import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, SignJWT } from 'jose';
import pg from 'pg';
import { claimsOfViewer, DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../auth/claims.js';
import type { Viewer } from '../auth/viewer.js';
import { type Database, type Migrations, openDatabase, schemaNameOf } from '../database/openDatabase.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, on the PostgreSQL
 * server in DATABASE_URL (npm run test:pg), a throwaway database of its own, dropped on close. A
 * database, not a schema: the migrator reads the catalogue of the whole database, and test files running
 * side by side would see each other's schemas vanish under them (« relation … does not exist »).
 */
export interface TestDatabase<DB> extends Database<DB> {
  /** On PostgreSQL, the throwaway database's URL (a second pool — another replica — can open it). */
  databaseUrl?: string;
}

export async function createTestDatabase<DB>(subgraph: string, migrations: Migrations): Promise<TestDatabase<DB>> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) return openDatabase<DB>({ subgraph, migrations, dataDir: 'memory' });
  const name = `ent_${schemaNameOf(subgraph)}_t${randomBytes(5).toString('hex')}`.slice(0, 63);
  await onServer(databaseUrl, `create database "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  let database: Database<DB>;
  try {
    database = await openDatabase<DB>({ subgraph, migrations, databaseUrl: url.toString(), poolSize: 4 });
  } catch (error) {
    await dropTestDatabase(databaseUrl, name);
    throw error;
  }
  return {
    ...database,
    databaseUrl: url.toString(),
    close: async () => {
      await database.close();
      await dropTestDatabase(databaseUrl, name);
    },
  };
}

/**
 * Drops a test database once nobody uses it. Not WITH (FORCE): a pool still closing its last clients
 * would see them killed, an uncaught error in the test run. A database still in use after a few seconds
 * (a process a test started and did not stop) is left to the throwaway server.
 */
async function dropTestDatabase(databaseUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await onServer(databaseUrl, `drop database if exists "${name}"`);
      return;
    } catch (error) {
      // 55006: object_in_use (other sessions are still connected to it).
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** One statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
async function onServer(databaseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
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
