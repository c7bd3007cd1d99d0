import { type Database as KitDatabase, ManualClock, silentLogger } from '@ent/kit';
import { createTestDatabase } from '@ent/kit/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildViewer } from '../../src/auth/index.js';
import type { Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { DIRECTORY_EXPORT_PATH, type ExportRecord, signServiceToken } from '../../src/export/index.js';
import { seedDemo } from '../../src/seed/index.js';
import { type AnnuaireServer, createAnnuaireServer } from '../../src/server.js';

const SECRET = 'test-service-secret-0123456789-abcdefghij';
const clock = new ManualClock(new Date('2026-12-01T08:00:00Z'));
let database: KitDatabase<Database>;
let server: AnnuaireServer;
let unconfigured: AnnuaireServer;
let url: string;
let unconfiguredUrl: string;
let eluardId: string;

beforeAll(async () => {
  database = await createTestDatabase<Database>('annuaire', migrations);
  await seedDemo(database.db, { logger: silentLogger, clock });
  server = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: true, clock, serviceSecret: SECRET });
  ({ url } = await server.listen(0));
  unconfigured = await createAnnuaireServer({ db: database.db, logger: silentLogger, demo: false, clock });
  ({ url: unconfiguredUrl } = await unconfigured.listen(0));
  eluardId = (await database.db.selectFrom('establishments').select('id').where('name', '=', 'Collège Paul Éluard').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await server?.stop();
  await unconfigured?.stop();
  await database?.close();
});

const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

async function exportOf(establishmentId: string, authorization: string | undefined, base = url) {
  return fetch(`${base}${DIRECTORY_EXPORT_PATH}?establishmentId=${establishmentId}`, {
    headers: authorization ? { authorization } : {},
  });
}

describe('GET /internal/directory/export', () => {
  it('streams the establishment with exactly the fields GAR needs, ending with a count line', async () => {
    const token = await signServiceToken(SECRET, 'ressources-gar', 'directory:export', nowSeconds());
    const response = await exportOf(eluardId, `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const records = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as ExportRecord);
    expect(records[0]).toMatchObject({ type: 'establishment', id: eluardId, name: 'Collège Paul Éluard', kind: 'COLLEGE' });
    const end = records.at(-1);
    expect(end?.type).toBe('end');
    const pupils = records.filter((record): record is Extract<ExportRecord, { type: 'pupil' }> => record.type === 'pupil');
    const staff = records.filter((record): record is Extract<ExportRecord, { type: 'staff' }> => record.type === 'staff');
    expect(end).toEqual({ type: 'end', counts: expect.objectContaining({ pupils: pupils.length, staff: staff.length }) });

    const lucas = await database.db.selectFrom('users').select('id').where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow();
    const classB = records.find((record) => record.type === 'class' && record.name === '5e B') as { id: string } | undefined;
    const lucasRecord = pupils.find((record) => record.id === lucas.id);
    expect(lucasRecord).toBeDefined();
    // Data minimisation: a pupil carries names and memberships, never a login, an e-mail or a birth date.
    expect(Object.keys(lucasRecord ?? {}).sort()).toEqual(['classIds', 'firstName', 'groupIds', 'id', 'lastName', 'type']);
    expect(lucasRecord?.classIds).toContain(classB?.id);

    const durand = await database.db.selectFrom('users').select('id').where('login', '=', 'prof.durand').executeTakeFirstOrThrow();
    const durandRecord = staff.find((record) => record.id === durand.id);
    expect(durandRecord?.functions.map((f) => f.profile)).toContain('ENSEIGNANT');
    expect(durandRecord?.teaching.some((t) => t.classId === classB?.id)).toBe(true);
    // Parents are not exported: GAR has no parent file.
    const parent = await database.db.selectFrom('users').select('id').where('login', '=', 'parent.bernard').executeTakeFirstOrThrow();
    expect(records.some((record) => 'id' in record && record.id === parent.id)).toBe(false);
  });

  it('refuses a request without a token, with a person’s access token, or with a tampered or stale service token', async () => {
    expect((await exportOf(eluardId, undefined)).status).toBe(401);

    const user = await database.db.selectFrom('users').select('id').where('login', '=', 'admin.departement').executeTakeFirstOrThrow();
    const accessToken = await server.auth.signAccessToken(await buildViewer(database.db, user.id, 'session', ['pwd', 'otp']));
    expect((await exportOf(eluardId, `Bearer ${accessToken}`)).status).toBe(401);

    const wrongSecret = await signServiceToken('another-secret-0123456789-abcdefghijklmn', 'x', 'directory:export', nowSeconds());
    expect((await exportOf(eluardId, `Bearer ${wrongSecret}`)).status).toBe(401);

    const good = await signServiceToken(SECRET, 'ressources-gar', 'directory:export', nowSeconds());
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'intruder' })).toString('base64url')}.${signature}`;
    expect((await exportOf(eluardId, `Bearer ${tampered}`)).status).toBe(401);

    const old = await signServiceToken(SECRET, 'ressources-gar', 'directory:export', nowSeconds() - 600);
    expect((await exportOf(eluardId, `Bearer ${old}`)).status).toBe(401);

    const longLived = await new SignJWT({ scope: 'directory:export' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ent-service')
      .setAudience('ent-annuaire-internal')
      .setSubject('ressources-gar')
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + 86_400)
      .sign(new TextEncoder().encode(SECRET));
    expect((await exportOf(eluardId, `Bearer ${longLived}`)).status).toBe(401);

    const otherScope = await new SignJWT({ scope: 'directory:write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ent-service')
      .setAudience('ent-annuaire-internal')
      .setSubject('ressources-gar')
      .setIssuedAt(nowSeconds())
      .setExpirationTime(nowSeconds() + 60)
      .sign(new TextEncoder().encode(SECRET));
    expect((await exportOf(eluardId, `Bearer ${otherScope}`)).status).toBe(401);
  });

  it('answers 400 for a malformed id, 404 for an unknown establishment, 503 when no secret is configured', async () => {
    const token = await signServiceToken(SECRET, 'ressources-gar', 'directory:export', nowSeconds());
    const bad = await exportOf('not-a-uuid', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'BAD_USER_INPUT', field: 'establishmentId' });
    expect((await exportOf('00000000-0000-4000-8000-000000000000', `Bearer ${token}`)).status).toBe(404);
    expect((await exportOf(eluardId, `Bearer ${token}`, unconfiguredUrl)).status).toBe(503);
  });
});
