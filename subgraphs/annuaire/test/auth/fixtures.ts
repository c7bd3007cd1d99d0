import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Database as KitDatabase, ManualClock, type Profile, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import express from 'express';
import type { Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { type AuthService, type AuthServiceOptions, createAuthRoutes, createAuthService, hashPassword } from '../../src/auth/index.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';

export const PASSWORD = 'Cartable-Rouge-2026';

export async function openTestDatabase(): Promise<KitDatabase<Database>> {
  return createTestDatabase<Database>('annuaire', migrations);
}

/**
 * Starts at the real time: the kit's verifier checks expiry against the wall clock, so tokens must be
 * issued near it. Tests then move this clock forward instead of waiting.
 */
export function testClock(): ManualClock {
  return new ManualClock(new Date());
}

export interface AuthServer {
  url: string;
  service: AuthService;
  close(): Promise<void>;
}

/** The routes on a real express app on port 0, trusting loopback proxies as the annuaire server does. */
export async function startAuthServer(
  options: Partial<AuthServiceOptions> & Pick<AuthServiceOptions, 'db' | 'clock'>,
): Promise<AuthServer> {
  const service = createAuthService({ logger: silentLogger, demo: false, secureCookies: false, ...options });
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use(createAuthRoutes(service));
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

let sequence = 0;
/** Unique per call, so tests sharing a database never collide (nor share a throttle counter). */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence}${Math.random().toString(36).slice(2, 7)}`;
}

export function uniqueIp(): string {
  sequence += 1;
  return `198.51.${Math.floor(sequence / 250) % 250}.${(sequence % 250) + 1}`;
}

export async function createEstablishment(
  db: Kysely<Database>,
  options: { mfaRequired?: boolean } = {},
): Promise<string> {
  const row = await db
    .insertInto('establishments')
    .values({
      uai: `09${Math.floor(Math.random() * 1e5)
        .toString()
        .padStart(5, '0')}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`,
      name: unique('Collège '),
      type: 'COLLEGE',
      city: 'Nanterre',
      mfa_required: options.mfaRequired ?? true,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestUser {
  id: string;
  login: string;
  password: string;
}

export async function createUser(
  db: Kysely<Database>,
  options: {
    login?: string;
    firstName?: string;
    lastName?: string;
    status?: 'ACTIVE' | 'DEACTIVATED';
    profiles?: Array<[Profile, string | null]>;
    totpSecret?: string;
  } = {},
): Promise<TestUser> {
  const login = options.login ?? unique('user.');
  const row = await db
    .insertInto('users')
    .values({
      login,
      first_name: options.firstName ?? 'Camille',
      last_name: options.lastName ?? 'Martin',
      password_hash: await hashPassword(PASSWORD),
      status: options.status ?? 'ACTIVE',
      totp_secret: options.totpSecret ?? null,
      totp_enrolled_at: options.totpSecret ? new Date() : null,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [profile, establishmentId] of options.profiles ?? []) {
    await db.insertInto('user_profiles').values({ user_id: row.id, profile, establishment_id: establishmentId }).execute();
  }
  return { id: row.id, login, password: PASSWORD };
}

export async function createClass(db: Kysely<Database>, establishmentId: string, options: { active?: boolean } = {}) {
  const row = await db
    .insertInto('classes')
    .values({
      establishment_id: establishmentId,
      name: unique('4e '),
      level: 'QUATRIEME',
      academic_year: '2026-2027',
      active: options.active ?? true,
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createGroup(db: Kysely<Database>, establishmentId: string) {
  const row = await db
    .insertInto('groups')
    .values({ establishment_id: establishmentId, name: unique('Latin '), academic_year: '2026-2027', updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
}

export interface Call {
  status: number;
  body: unknown;
  headers: Headers;
  /** The refresh cookie as set by the response: its value ('' when cleared) and raw attributes. */
  refreshCookie?: { value: string; raw: string };
}

export async function call(
  url: string,
  path: string,
  options: { body?: unknown; cookie?: string; ip?: string; method?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = { 'user-agent': 'vitest' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie !== undefined) headers['cookie'] = `ent_refresh=${options.cookie}`;
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? 'POST',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const raw = response.headers.getSetCookie().find((cookie) => cookie.startsWith('ent_refresh='));
  const result: Call = { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  if (raw) result.refreshCookie = { value: decodeURIComponent(raw.slice('ent_refresh='.length).split(';')[0] ?? ''), raw };
  return result;
}

export const login = (url: string, user: { login: string; password: string }, ip?: string) =>
  call(url, '/auth/login', { body: { login: user.login, password: user.password }, ...(ip ? { ip } : {}) });

// biome-ignore lint/suspicious/noExplicitAny: test bodies are read loosely
export const bodyOf = (result: Call): any => result.body;
