import { createHmac, createPrivateKey, createPublicKey } from 'node:crypto';
import type { Clock, Logger } from '@ent/kit';
import type { Request, Response, Router } from 'express';
import { Router as createRouter } from 'express';
import { exportJWK, jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { autoPostPage, messagePage } from '../launch/html.js';
import { platformKey } from '../launch/keys.js';
import { consumeTicket } from '../launch/tickets.js';
import { messages } from '../messages.js';

export const LTI_PATH = '/ressources-gar/lti';
export const LTI_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim';

export interface LtiPlatformOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  publicUrl: () => string;
}

/** The platform's issuer, as every launch names it. */
export const platformIssuer = (publicUrl: string) => `${publicUrl}${LTI_PATH}`;

/** Key of the lti_message_hint MAC: derived from the platform's LTI private key (shared by replicas, never sent). */
async function hintKey(options: LtiPlatformOptions): Promise<Uint8Array> {
  const key = await platformKey(options.db, options.clock, 'lti');
  return createHmac('sha256', key.privatePem).update('ent-lti-message-hint').digest();
}

/** Signs the platform's own launch state (`lti_message_hint`): the tool echoes it, tampering is refused. */
export async function signMessageHint(options: LtiPlatformOptions, claims: { toolId: string; classId: string | null }): Promise<string> {
  const now = Math.floor(options.clock.now().getTime() / 1000);
  return new SignJWT({ toolId: claims.toolId, classId: claims.classId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(await hintKey(options));
}

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

/**
 * The ENT as LTI 1.3 platform: /jwks publishes the key launches are signed with; /auth answers the
 * tool's OIDC authentication request (after the third-party login initiation `launchLtiTool` sent the
 * browser to the tool's login URL) by posting a signed id_token to the tool's registered launch URL.
 * Every refusal (unknown tool, client or redirect mismatch, used ticket, tampered hint) is logged and
 * launches nothing.
 */
export function createLtiRoutes(options: LtiPlatformOptions): Router {
  const router = createRouter();
  const { logger, db } = options;

  router.get(`${LTI_PATH}/jwks`, async (_req, res, next) => {
    try {
      const key = await platformKey(db, options.clock, 'lti');
      const jwk = await exportJWK(createPublicKey(key.publicPem));
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json({ keys: [{ ...jwk, kid: key.kid, alg: 'RS256', use: 'sig' }] });
    } catch (error) {
      next(error);
    }
  });

  router.get(`${LTI_PATH}/auth`, async (req: Request, res: Response) => {
    const query = req.query as Record<string, unknown>;
    const param = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
    const refuse = (reason: string, log: string) => {
      logger.warn({ reason: log, clientId: param('client_id') }, 'LTI launch refused');
      res.status(400).type('html').send(messagePage('Lancement de l’outil', messages.launchRefused.replace('{reason}', reason)));
    };
    try {
      if (param('scope') !== 'openid' || param('response_type') !== 'id_token' || param('response_mode') !== 'form_post') {
        refuse('demande d’authentification non conforme', 'bad scope, response_type or response_mode');
        return;
      }
      if (!param('nonce')) {
        refuse('demande d’authentification non conforme', 'missing nonce');
        return;
      }
      let hint: { toolId: string; classId: string | null };
      try {
        const { payload } = await jwtVerify(param('lti_message_hint'), await hintKey(options), {
          algorithms: ['HS256'],
          currentDate: options.clock.now(),
        });
        hint = { toolId: String(payload['toolId']), classId: typeof payload['classId'] === 'string' ? payload['classId'] : null };
      } catch (error) {
        refuse('état de lancement altéré ou expiré', `lti_message_hint refused: ${(error as Error).message}`);
        return;
      }
      const tool = await db.selectFrom('lti_tools').selectAll().where('id', '=', hint.toolId).executeTakeFirst();
      if (!tool) {
        refuse('outil LTI inconnu', `unknown tool ${hint.toolId}`);
        return;
      }
      if (param('client_id') !== tool.client_id) {
        refuse('client inconnu pour cet outil', 'client_id mismatch');
        return;
      }
      if (param('redirect_uri') !== tool.launch_url) {
        refuse('adresse de retour non enregistrée', 'redirect_uri is not the registered launch URL');
        return;
      }
      const ticket = await consumeTicket(db, options.clock, 'LTI', param('login_hint'));
      if (!ticket || ticket.payload['toolId'] !== tool.id || (ticket.payload['classId'] ?? null) !== hint.classId) {
        refuse('lien de lancement expiré ou déjà utilisé', 'login_hint unknown, used, expired or not for this tool');
        return;
      }
      const key = await platformKey(db, options.clock, 'lti');
      const now = Math.floor(options.clock.now().getTime() / 1000);
      const instructor = ticket.payload['instructor'] === true;
      const claims: Record<string, unknown> = {
        nonce: param('nonce'),
        azp: tool.client_id,
        [`${LTI_CLAIM}/message_type`]: 'LtiResourceLinkRequest',
        [`${LTI_CLAIM}/version`]: '1.3.0',
        [`${LTI_CLAIM}/deployment_id`]: tool.deployment_id,
        [`${LTI_CLAIM}/target_link_uri`]: tool.launch_url,
        [`${LTI_CLAIM}/resource_link`]: { id: `${tool.id}${hint.classId ? `:${hint.classId}` : ''}`, title: tool.name },
        [`${LTI_CLAIM}/roles`]: [instructor ? INSTRUCTOR : LEARNER],
        [`${LTI_CLAIM}/tool_platform`]: { guid: options.publicUrl(), name: 'ENT', product_family_code: 'ent' },
      };
      if (hint.classId) {
        claims[`${LTI_CLAIM}/context`] = {
          id: hint.classId,
          label: String(ticket.payload['className'] ?? ''),
          title: String(ticket.payload['className'] ?? ''),
          type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection'],
        };
      }
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(platformIssuer(options.publicUrl()))
        .setAudience(tool.client_id)
        .setSubject(ticket.userId)
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(createPrivateKey(key.privatePem));
      logger.info({ toolId: tool.id, userId: ticket.userId }, 'LTI launch');
      res.type('html').send(
        autoPostPage({
          title: `Ouverture de ${tool.name}`,
          explanation: 'Votre ENT vous identifie auprès de l’outil. Continuez pour l’ouvrir.',
          action: tool.launch_url,
          fields: { id_token: idToken, state: param('state') },
          button: `Continuer vers ${tool.name}`,
        }),
      );
    } catch (error) {
      logger.error({ err: error }, 'LTI launch failed');
      res.status(500).type('html').send(messagePage('Lancement de l’outil', messages.launchRefused.replace('{reason}', 'erreur interne')));
    }
  });
  return router;
}
