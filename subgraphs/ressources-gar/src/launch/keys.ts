import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Clock } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

export interface PlatformKey {
  privatePem: string;
  publicPem: string;
  certificatePem: string | null;
  kid: string;
}

/**
 * The platform's signing keys, generated once and kept in the database so every replica and every
 * restart signs with the same key (the SP and the LTI tools cache our metadata / JWKS). The SAML key
 * needs an X.509 certificate in the IdP metadata: a self-signed one made with the system's openssl,
 * unless GAR_SAML_KEY_FILE and GAR_SAML_CERT_FILE give the production pair.
 */
export async function platformKey(db: Kysely<Database>, clock: Clock, purpose: 'saml' | 'lti'): Promise<PlatformKey> {
  const existing = await db.selectFrom('platform_keys').selectAll().where('purpose', '=', purpose).executeTakeFirst();
  if (existing) return { privatePem: existing.private_pem, publicPem: existing.public_pem, certificatePem: existing.certificate_pem, kid: existing.kid };
  const generated = purpose === 'saml' ? await samlPair() : ltiPair();
  await db
    .insertInto('platform_keys')
    .values({
      purpose,
      private_pem: generated.privatePem,
      public_pem: generated.publicPem,
      certificate_pem: generated.certificatePem,
      kid: generated.kid,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
  // Two replicas racing: the first insert wins, everyone uses it.
  const row = await db.selectFrom('platform_keys').selectAll().where('purpose', '=', purpose).executeTakeFirstOrThrow();
  return { privatePem: row.private_pem, publicPem: row.public_pem, certificatePem: row.certificate_pem, kid: row.kid };
}

function ltiPair(): PlatformKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificatePem: null,
    kid: randomUUID(),
  };
}

async function samlPair(): Promise<PlatformKey> {
  const keyFile = process.env['GAR_SAML_KEY_FILE'];
  const certFile = process.env['GAR_SAML_CERT_FILE'];
  if (keyFile && certFile) {
    const privatePem = await readFile(keyFile, 'utf8');
    const certificatePem = await readFile(certFile, 'utf8');
    return { privatePem, publicPem: '', certificatePem, kid: 'configured' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ent-saml-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
      '-subj', '/CN=ENT Ressources GAR IdP',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    const privatePem = await readFile(join(dir, 'key.pem'), 'utf8');
    const certificatePem = await readFile(join(dir, 'cert.pem'), 'utf8');
    return { privatePem, publicPem: '', certificatePem, kid: randomUUID() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
