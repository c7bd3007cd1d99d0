import { describe, expect, it } from 'vitest';
import { claimsOfViewer, viewerOfClaims } from '../src/auth/claims.js';
import { createTokenVerifier } from '../src/auth/tokenVerifier.js';
import { EntError } from '../src/errors.js';
import { createTestSigner, testViewer } from '../src/testing/index.js';

const viewer = testViewer({
  userId: 'u1',
  profiles: [
    { profile: 'ENSEIGNANT', establishmentId: 'e1' },
    { profile: 'ADMIN_DEPARTEMENT', establishmentId: null },
  ],
  classIds: ['c1'],
  childIds: ['k1', 'k2'],
});

describe('createTokenVerifier', () => {
  it('accepts a token signed by a published key and rebuilds the viewer', async () => {
    const signer = await createTestSigner();
    const verifier = createTokenVerifier({ keys: signer.keys });
    expect(await verifier.verifyAuthorizationHeader(`Bearer ${await signer.sign(viewer)}`)).toEqual(viewer);
    expect(await verifier.verifyAuthorizationHeader(undefined)).toBeNull();
  });

  it.each([
    ['another key', async () => (await createTestSigner('other')).sign(viewer)],
    ['another issuer', async (s: Awaited<ReturnType<typeof createTestSigner>>) => s.sign(viewer, { issuer: 'urn:evil' })],
    ['another audience', async (s: Awaited<ReturnType<typeof createTestSigner>>) => s.sign(viewer, { audience: 'urn:ent:mfa' })],
    ['an expired token', async (s: Awaited<ReturnType<typeof createTestSigner>>) => s.sign(viewer, { expiresIn: '-1m' })],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with UNAUTHENTICATED', async (_label, make) => {
    const signer = await createTestSigner();
    const verifier = createTokenVerifier({ keys: signer.keys });
    const token = await make(signer);
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntError);
    expect((error as EntError).extensions['code']).toBe('UNAUTHENTICATED');
    expect((error as EntError).message).toMatch(/session/);
  });

  it('refuses a malformed Authorization header', async () => {
    const verifier = createTokenVerifier({ keys: (await createTestSigner()).keys });
    await expect(verifier.verifyAuthorizationHeader('Basic abc')).rejects.toBeInstanceOf(EntError);
  });
});

describe('claims', () => {
  it('round-trips a viewer and rejects payloads that are not ENT access tokens', () => {
    expect(viewerOfClaims(claimsOfViewer(viewer))).toEqual(viewer);
    expect(viewerOfClaims({ sub: 'x' })).toBeUndefined();
    expect(viewerOfClaims({ ...claimsOfViewer(viewer), prf: [['SUPERUSER', null]] })).toBeUndefined();
  });
});
