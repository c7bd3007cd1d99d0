import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/**
 * An LTI 1.3 tool written for the tests (no LTI tool library from npm runs here: ltijs needs MongoDB).
 * It follows the IMS Security Framework and LTI 1.3 Core: third-party login initiation → OIDC
 * authentication request with its own state and nonce → validates the posted id_token (signature
 * from the platform's JWKS, iss, aud, azp, exp, nonce used once, state matches) and the required LTI
 * claims (message_type, version 1.3.0, deployment_id, target_link_uri, resource_link.id, roles).
 */
export interface ToolLaunch {
  ok: boolean;
  error?: string;
  claims?: JWTPayload;
}

export interface LtiTestTool {
  url: string;
  clientId: string;
  deploymentId: string;
  launches: ToolLaunch[];
  stop(): Promise<void>;
}

const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim';

export async function startLtiTestTool(options: { platformIssuer: string; platformJwks: string; authUrl: string }): Promise<LtiTestTool> {
  const clientId = 'tool-client-1';
  const deploymentId = 'deployment-1';
  const states = new Map<string, string>(); // state → nonce
  const usedNonces = new Set<string>();
  const launches: ToolLaunch[] = [];
  const jwks = createRemoteJWKSet(new URL(options.platformJwks));
  const app = express();
  let base = '';

  app.get('/login', (req, res) => {
    const q = req.query as Record<string, string>;
    if (q['iss'] !== options.platformIssuer || !q['login_hint'] || q['client_id'] !== clientId) {
      res.status(400).send('bad login initiation');
      return;
    }
    const state = randomBytes(16).toString('hex');
    const nonce = randomBytes(16).toString('hex');
    states.set(state, nonce);
    const auth = new URL(options.authUrl);
    for (const [key, value] of Object.entries({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: clientId,
      redirect_uri: `${base}/launch`,
      login_hint: q['login_hint'],
      lti_message_hint: q['lti_message_hint'] ?? '',
      state,
      nonce,
    })) {
      auth.searchParams.set(key, value);
    }
    res.redirect(302, auth.toString());
  });

  app.post('/launch', express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, string>;
    try {
      const nonce = states.get(body['state'] ?? '');
      if (!nonce) throw new Error('unknown state');
      states.delete(body['state']!);
      const { payload } = await jwtVerify(body['id_token'] ?? '', jwks, { issuer: options.platformIssuer, audience: clientId, algorithms: ['RS256'] });
      if (payload['nonce'] !== nonce || usedNonces.has(nonce)) throw new Error('bad nonce');
      usedNonces.add(nonce);
      if (payload['azp'] !== undefined && payload['azp'] !== clientId) throw new Error('bad azp');
      if (payload[`${CLAIM}/message_type`] !== 'LtiResourceLinkRequest') throw new Error('bad message_type');
      if (payload[`${CLAIM}/version`] !== '1.3.0') throw new Error('bad version');
      if (payload[`${CLAIM}/deployment_id`] !== deploymentId) throw new Error('bad deployment_id');
      if (payload[`${CLAIM}/target_link_uri`] !== `${base}/launch`) throw new Error('bad target_link_uri');
      const link = payload[`${CLAIM}/resource_link`] as { id?: string } | undefined;
      if (!link?.id) throw new Error('missing resource_link.id');
      if (!Array.isArray(payload[`${CLAIM}/roles`])) throw new Error('missing roles');
      if (!payload.sub) throw new Error('missing sub');
      launches.push({ ok: true, claims: payload });
      res.type('html').send('<!doctype html><html lang="fr"><title>Outil</title><h1>Lancement accepté</h1></html>');
    } catch (error) {
      launches.push({ ok: false, error: (error as Error).message });
      res.status(401).send(`launch refused: ${(error as Error).message}`);
    }
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    clientId,
    deploymentId,
    launches,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
