import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock, Logger } from '@ent/kit';
import type { Request, Response, Router } from 'express';
import { Router as createRouter } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { autoPostPage, escapeHtml, messagePage } from '../launch/html.js';
import { platformKey } from '../launch/keys.js';
import { consumeTicket } from '../launch/tickets.js';
import { messages } from '../messages.js';
import { saml } from './samlify.js';

export const SAML_PATH = '/ressources-gar/saml';
const SSO_COOKIE = 'ent_gar_sso';
const SSO_SESSION_MS = 10 * 60 * 1000;

export interface IdpOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** The portal's address (the router forwards /ressources-gar/saml here). */
  publicUrl: () => string;
  /** The ENT's GAR project id: the `idEnt` attribute. */
  idEnt: string;
  /** GAR's SP metadata (XML) — the simulator's in demo mode. */
  spMetadata: () => Promise<string>;
  secureCookies: boolean;
  fetcher?: typeof fetch;
}

type Samlify = ReturnType<typeof saml>;
type IdentityProvider = ReturnType<Samlify['IdentityProvider']>;

/**
 * The ENT as SAML 2.0 identity provider for GAR (samlify). GAR's SP sends an AuthnRequest
 * (HTTP-Redirect) to /sso; the person was authenticated by the one-time link `openResource` handed
 * out (/open sets a ten-minute, httpOnly session cookie limited to this path). The answer is a
 * signed Response with a signed Assertion, posted to the SP's ACS, with the attributes `idEnt` and
 * `GARPersonIdentifiant` (the person's id, the same as in the directory export) and nothing else.
 */
export function createIdpRoutes(options: IdpOptions): Router {
  const router = createRouter();
  const { logger } = options;
  let idpPromise: Promise<{ idp: IdentityProvider; cookieKey: Buffer }> | null = null;
  const idpOf = () => {
    idpPromise ??= (async () => {
      const key = await platformKey(options.db, options.clock, 'saml');
      const idp = saml().IdentityProvider({
        entityID: `${options.publicUrl()}${SAML_PATH}/metadata`,
        privateKey: key.privatePem,
        signingCert: key.certificatePem ?? '',
        isAssertionEncrypted: false,
        wantAuthnRequestsSigned: false,
        nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
        singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', Location: `${options.publicUrl()}${SAML_PATH}/sso` }],
      });
      // The session cookie's MAC key derives from the SAML key: shared by every replica, never sent.
      const cookieKey = createHmac('sha256', key.privatePem).update('ent-gar-sso-cookie').digest();
      return { idp, cookieKey };
    })().catch((error) => {
      idpPromise = null;
      throw error;
    });
    return idpPromise;
  };

  const sign = (key: Buffer, value: string) => createHmac('sha256', key).update(value).digest('base64url');

  router.get(`${SAML_PATH}/metadata`, async (_req, res, next) => {
    try {
      const { idp } = await idpOf();
      res.type('application/samlmetadata+xml').send(idp.getMetadata());
    } catch (error) {
      next(error);
    }
  });

  router.get(`${SAML_PATH}/open`, async (req: Request, res: Response, next) => {
    try {
      const ticket = typeof req.query['ticket'] === 'string' ? req.query['ticket'] : '';
      const consumed = await consumeTicket(options.db, options.clock, 'SSO', ticket);
      if (!consumed) {
        logger.warn('SAML open refused: unknown, used or expired ticket');
        res.status(400).type('html').send(messagePage('Ressource', messages.ssoRefused.replace('{reason}', 'lien expiré ou déjà utilisé')));
        return;
      }
      const accessUrl = String(consumed.payload['accessUrl'] ?? '');
      if (!URL.canParse(accessUrl) || !/^https?:$/.test(new URL(accessUrl).protocol)) {
        res.status(400).type('html').send(messagePage('Ressource', messages.ssoRefused.replace('{reason}', 'adresse de ressource invalide')));
        return;
      }
      const { cookieKey } = await idpOf();
      const value = Buffer.from(
        JSON.stringify({ u: consumed.userId, e: consumed.establishmentId, x: options.clock.now().getTime() + SSO_SESSION_MS }),
      ).toString('base64url');
      res.cookie(SSO_COOKIE, `${value}.${sign(cookieKey, value)}`, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        path: SAML_PATH,
        maxAge: SSO_SESSION_MS,
      });
      res.redirect(303, accessUrl);
    } catch (error) {
      next(error);
    }
  });

  router.get(`${SAML_PATH}/sso`, async (req: Request, res: Response) => {
    const refuse = (status: number, reason: string, log: string) => {
      logger.warn({ reason: log }, 'SAML SSO refused');
      res.status(status).type('html').send(messagePage('Connexion à la ressource', messages.ssoRefused.replace('{reason}', reason)));
    };
    try {
      const { idp, cookieKey } = await idpOf();
      const session = readCookie(req.headers.cookie ?? '', SSO_COOKIE);
      const [value, mac] = (session ?? '').split('.');
      if (!value || !mac || !safeEqual(mac, sign(cookieKey, value))) {
        refuse(401, 'ouvrez la ressource depuis l’ENT', 'no or bad session cookie');
        return;
      }
      const claims = JSON.parse(Buffer.from(value, 'base64url').toString()) as { u: string; e: string; x: number };
      if (claims.x < options.clock.now().getTime()) {
        refuse(401, 'session expirée, ouvrez de nouveau la ressource depuis l’ENT', 'session cookie expired');
        return;
      }
      const sp = saml().ServiceProvider({ metadata: await options.spMetadata() });
      let request: Awaited<ReturnType<IdentityProvider['parseLoginRequest']>>;
      try {
        request = await idp.parseLoginRequest(sp, 'redirect', { query: req.query, octetString: '' } as never);
      } catch (error) {
        refuse(400, 'demande SAML invalide', `bad AuthnRequest: ${(error as Error).message}`);
        return;
      }
      const requestId = String((request.extract as { request?: { id?: string } }).request?.id ?? '');
      const relayState = typeof req.query['RelayState'] === 'string' ? req.query['RelayState'] : '';
      // samlify names bindings by their short name ('post' → urn:…:HTTP-POST).
      const acsUrl = sp.entityMeta.getAssertionConsumerService('post') as string | undefined;
      if (!acsUrl) {
        refuse(400, 'le fournisseur de service n’a pas d’adresse de retour POST', 'SP metadata has no HTTP-POST ACS');
        return;
      }
      const now = options.clock.now();
      const later = new Date(now.getTime() + 5 * 60 * 1000).toISOString();
      const attributes = { idEnt: options.idEnt, GARPersonIdentifiant: claims.u };
      const response = (await idp.createLoginResponse(sp, request as never, 'post', {}, {
        relayState,
        customTagReplacement: (template: string) => {
          const id = `_${randomUUID()}`;
          const values: Record<string, string> = {
            ID: id,
            AssertionID: `_${randomUUID()}`,
            Destination: acsUrl,
            Audience: sp.entityMeta.getEntityID(),
            SubjectRecipient: acsUrl,
            Issuer: idp.entityMeta.getEntityID(),
            IssueInstant: now.toISOString(),
            StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
            ConditionsNotBefore: now.toISOString(),
            ConditionsNotOnOrAfter: later,
            SubjectConfirmationDataNotOnOrAfter: later,
            NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
            NameID: claims.u,
            InResponseTo: requestId,
          };
          let context = template.replace(/\{(\w+)\}/g, (match, tag: string) => {
            if (tag === 'AuthnStatement') {
              return `<saml:AuthnStatement AuthnInstant="${now.toISOString()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;
            }
            if (tag === 'AttributeStatement') {
              return `<saml:AttributeStatement>${Object.entries(attributes)
                .map(
                  ([name, attributeValue]) =>
                    `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xsi:type="xs:string">${escapeHtml(attributeValue)}</saml:AttributeValue></saml:Attribute>`,
                )
                .join('')}</saml:AttributeStatement>`;
            }
            return tag in values ? escapeHtml(values[tag]!) : match;
          });
          context = context.replace(/ InResponseTo=""/g, '');
          return { id, context };
        },
      })) as { context: string; entityEndpoint: string };
      logger.info({ userId: claims.u, sp: sp.entityMeta.getEntityID() }, 'SAML assertion issued for GAR');
      res
        .type('html')
        .send(
          autoPostPage({
            title: 'Connexion à la ressource',
            explanation: 'Votre ENT vous identifie auprès du GAR. Continuez pour ouvrir la ressource.',
            action: response.entityEndpoint,
            fields: { SAMLResponse: response.context, ...(relayState ? { RelayState: relayState } : {}) },
            button: 'Continuer vers la ressource',
          }),
        );
    } catch (error) {
      logger.error({ err: error }, 'SAML SSO failed');
      res.status(502).type('html').send(messagePage('Connexion à la ressource', messages.ssoRefused.replace('{reason}', 'le GAR est injoignable')));
    }
  });
  return router;
}

function readCookie(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
