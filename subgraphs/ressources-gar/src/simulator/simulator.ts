import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ent/kit';
import express, { type Request, type Response } from 'express';
import { escapeHtml } from '../launch/html.js';
import { saml } from '../saml/samlify.js';
import { emptyDirectory, readDepositedArchive, type SimulatedDirectory } from './directoryStore.js';

/**
 * A local stand-in for GAR (demo mode and tests; never in production). It serves the per-person
 * resource list `GET /ressources/{idENT}/{UAI}/{userId}` from the 20 real resources of
 * data/ressources-example.json, lets an administrator assign resources to people, classes or levels
 * (JSON API and the /console page), receives the ENT's export archive (PUT /depot/<name>, instead of
 * SFTP) to know who is in which class, and acts as GAR's SAML service provider: `urlAccesRessource`
 * points at /domaineGar, which asks the ENT's IdP for an assertion and shows the « opened » resource.
 */
export const CATALOGUE_FILE = new URL('../../data/ressources-example.json', import.meta.url);

export type AssignmentTarget =
  | { kind: 'PERSON'; personId: string }
  | { kind: 'CLASS'; uai: string; code: string }
  | { kind: 'LEVEL'; uai: string | null; level: string };

export interface Assignment {
  id: string;
  resourceId: string;
  target: AssignmentTarget;
  createdAt: string;
}

export type Behaviour = 'normal' | 'slow' | 'error' | 'malformed';

interface CatalogueResource extends Record<string, unknown> {
  idRessource: string;
  nomRessource: string;
  niveauEducatif?: { nom?: string }[];
}

export interface GarSimulatorOptions {
  idEnt: string;
  /** The simulator's own address, as browsers reach it (urlAccesRessource, SAML ACS); default: where it listens. */
  publicUrl?: string | undefined;
  /** The ENT IdP's metadata URL (`<portal>/ressources-gar/saml/metadata`); a function when known only later (tests). */
  idpMetadataUrl: string | (() => string);
  logger: Logger;
  /** Persist assignments here (JSON); in memory only when absent. */
  dataFile?: string | undefined;
  /** Seed the demo's level assignments when there are none. */
  demo?: boolean;
  fetcher?: typeof fetch;
}

export interface GarSimulator {
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  assignments(): Assignment[];
  setBehaviour(behaviour: Behaviour): void;
}

/** Catalogue niveauEducatif names → the ENT export's MEF codes (2D). */
const COLLEGE = ['10010012110', '10110001110', '10210001110', '10310019110'];
const LYCEE = ['20010018110', '20111101110', '20212001110'];
const LEVEL_OF_NIVEAU: Record<string, string[]> = {
  collège: COLLEGE,
  'lycée général et technologique': LYCEE,
  'école maternelle': ['0001', '0002', '0003'],
  CM2: ['0015'],
  '6e': ['10010012110'],
  '5e': ['10110001110'],
  '4e': ['10210001110'],
  '3e': ['10310019110'],
  '2de générale et technologique': ['20010018110'],
  '1re générale et technologique': ['20111101110'],
  'terminale générale et technologique': ['20212001110'],
};
/** Demo: resources for every école level (the catalogue has few primary resources). */
const PRIMARY_LEVELS = ['0001', '0002', '0003', '0011', '0012', '0013', '0014', '0015'];
const PRIMARY_RESOURCES = ['ark:/20863/002/000', 'ark:/35570/chateau-de-versailles', 'ark:/47882/CABRILOG_0100-cabri-com'];

function thumbnailSvg(index: number, title: string): string {
  const hue = (index * 47) % 360;
  const initials = title
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word))
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160"><rect width="160" height="160" rx="16" fill="hsl(${hue},55%,35%)"/><text x="80" y="98" font-family="sans-serif" font-size="56" font-weight="bold" fill="#fff" text-anchor="middle">${escapeHtml(initials)}</text></svg>`;
}

export function createGarSimulator(options: GarSimulatorOptions): GarSimulator {
  const { logger } = options;
  let publicUrl = (options.publicUrl ?? '').replace(/\/$/, '');
  const fetcher = options.fetcher ?? fetch;
  const catalogue = JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')) as CatalogueResource[];
  const byId = new Map(catalogue.map((resource) => [resource.idRessource, resource]));
  let behaviour: Behaviour = 'normal';
  let directory: SimulatedDirectory = emptyDirectory();
  let assignments: Assignment[] = [];
  if (options.dataFile && existsSync(options.dataFile)) {
    assignments = (JSON.parse(readFileSync(options.dataFile, 'utf8')) as { assignments: Assignment[] }).assignments;
  }
  if (assignments.length === 0 && options.demo) assignments = demoAssignments(catalogue);
  const save = async () => {
    if (options.dataFile) await writeFile(options.dataFile, JSON.stringify({ assignments }, null, 2));
  };

  function resourcesFor(uai: string, personId: string): CatalogueResource[] {
    const groups = directory.groups.get(personId) ?? new Set<string>();
    const levels = directory.levels.get(personId) ?? new Set<string>();
    const levelCodes = new Set([...levels].filter((key) => key.startsWith(`${uai}|`)).map((key) => key.slice(uai.length + 1)));
    const ids = new Set<string>();
    for (const assignment of assignments) {
      const { target } = assignment;
      const matches =
        (target.kind === 'PERSON' && target.personId === personId) ||
        (target.kind === 'CLASS' && target.uai === uai && groups.has(`${target.uai}|${target.code}`)) ||
        (target.kind === 'LEVEL' && (target.uai === null || target.uai === uai) && levelCodes.has(target.level));
      if (matches) ids.add(assignment.resourceId);
    }
    return [...ids].map((id) => byId.get(id)).filter((resource): resource is CatalogueResource => !!resource);
  }

  function served(resource: CatalogueResource, uai: string): Record<string, unknown> {
    const index = catalogue.indexOf(resource);
    const access = new URL(`${publicUrl}/domaineGar`);
    access.searchParams.set('idENT', Buffer.from(options.idEnt).toString('base64'));
    access.searchParams.set('idEtab', Buffer.from(uai).toString('base64'));
    access.searchParams.set('idRessource', resource.idRessource);
    return { ...resource, urlVignette: `${publicUrl}/vignettes/${index}.svg`, urlAccesRessource: access.toString() };
  }

  const garError = (res: Response, status: number, code: string, message: string, resource: string) =>
    res.status(status).json({ Erreur: { Code: code, Message: message, Resource: resource } });

  const app = express();
  app.disable('x-powered-by');
  // What `npm start`'s supervisor polls before it calls the simulator up.
  app.get('/ready', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ressources/:idEnt/:uai/:userId', async (req: Request, res: Response) => {
    const idEnt = String(req.params['idEnt']);
    const uai = String(req.params['uai']);
    const userId = String(req.params['userId']);
    if (req.header('accept') && !req.header('accept')!.includes('application/json') && !req.header('accept')!.includes('*/*')) {
      garError(res, 406, '406', 'Format non supporté', req.path);
      return;
    }
    if (idEnt !== options.idEnt) {
      garError(res, 403, '403', 'ENT inconnu', req.path);
      return;
    }
    if (behaviour === 'error') {
      garError(res, 503, '503', 'Service momentanément indisponible', req.path);
      return;
    }
    if (behaviour === 'malformed') {
      res.type('application/json').send('{"listeRessources": {"ressource": [{"nomRessource": ');
      return;
    }
    if (behaviour === 'slow') await new Promise((resolve) => setTimeout(resolve, 10_000));
    const list = resourcesFor(uai, userId).map((resource) => served(resource, uai));
    logger.debug({ uai, userId, count: list.length }, 'simulated GAR list');
    res.json({ listeRessources: { ressource: list } });
  });

  app.get('/vignettes/:file', (req, res) => {
    const index = Number.parseInt(String(req.params['file']), 10);
    const resource = catalogue[index];
    if (!resource) {
      res.status(404).end();
      return;
    }
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(thumbnailSvg(index, resource.nomRessource));
  });

  app.put('/depot/:name', express.raw({ type: '*/*', limit: '512mb' }), async (req, res) => {
    const name = String(req.params['name']);
    if (!/^[\w.-]+\.tar\.gz$/.test(name) || !Buffer.isBuffer(req.body)) {
      res.status(400).json({ error: 'archive .tar.gz attendue' });
      return;
    }
    try {
      directory = await readDepositedArchive(req.body, name);
      logger.info({ archive: name, people: directory.people }, 'simulated GAR: directory received');
      res.status(201).json({ archive: name, people: directory.people, establishments: directory.establishments.size });
    } catch (error) {
      logger.warn({ err: error, archive: name }, 'simulated GAR: unreadable archive');
      res.status(400).json({ error: 'archive illisible' });
    }
  });

  app.use('/admin', express.json({ limit: '64kb' }));
  app.get('/admin/catalogue', (_req, res) => {
    res.json(catalogue.map((resource) => ({ id: resource.idRessource, title: resource.nomRessource })));
  });
  app.get('/admin/directory', (_req, res) => {
    res.json({
      archive: directory.archive,
      people: directory.people,
      establishments: [...directory.establishments].map(([uai, name]) => ({ uai, name })),
      groups: [...directory.groupCodes].sort(),
    });
  });
  app.get('/admin/assignments', (_req, res) => {
    res.json(assignments);
  });
  app.post('/admin/assignments', async (req, res) => {
    const body = (req.body ?? {}) as { resourceId?: unknown; target?: Record<string, unknown> };
    const resourceId = typeof body.resourceId === 'string' ? body.resourceId : '';
    const target = parseTarget(body.target);
    if (!byId.has(resourceId)) {
      res.status(400).json({ error: 'ressource inconnue du catalogue', field: 'resourceId' });
      return;
    }
    if (!target) {
      res.status(400).json({ error: 'cible attendue : PERSON (personId), CLASS (uai, code) ou LEVEL (level, uai facultatif)', field: 'target' });
      return;
    }
    const existing = assignments.find((a) => a.resourceId === resourceId && JSON.stringify(a.target) === JSON.stringify(target));
    if (existing) {
      res.status(200).json(existing);
      return;
    }
    const assignment: Assignment = { id: randomUUID(), resourceId, target, createdAt: new Date().toISOString() };
    assignments.push(assignment);
    await save();
    res.status(201).json(assignment);
  });
  app.delete('/admin/assignments/:id', async (req, res) => {
    const before = assignments.length;
    assignments = assignments.filter((assignment) => assignment.id !== req.params['id']);
    await save();
    res.status(before === assignments.length ? 404 : 204).end();
  });
  app.post('/admin/behaviour', (req, res) => {
    const mode = (req.body as { mode?: unknown } | undefined)?.mode;
    if (mode !== 'normal' && mode !== 'slow' && mode !== 'error' && mode !== 'malformed') {
      res.status(400).json({ error: 'mode : normal, slow, error ou malformed' });
      return;
    }
    behaviour = mode;
    res.json({ mode });
  });

  app.get('/console', (_req, res) => {
    const rows = assignments
      .map((a) => {
        const title = byId.get(a.resourceId)?.nomRessource ?? a.resourceId;
        const target =
          a.target.kind === 'PERSON' ? `personne ${a.target.personId}` : a.target.kind === 'CLASS' ? `classe ${a.target.code} (${a.target.uai})` : `niveau ${a.target.level}${a.target.uai ? ` (${a.target.uai})` : ''}`;
        return `<tr><td>${escapeHtml(title)}</td><td>${escapeHtml(target)}</td></tr>`;
      })
      .join('');
    res.type('html').send(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Simulateur GAR — affectations</title></head><body><main><h1>Simulateur GAR — affectations</h1><p>Dernier annuaire reçu : ${escapeHtml(directory.archive ?? 'aucun')} (${directory.people} personnes).</p><table><caption>Affectations</caption><thead><tr><th scope="col">Ressource</th><th scope="col">Cible</th></tr></thead><tbody>${rows}</tbody></table><p>API : POST /admin/assignments {"resourceId", "target": {"kind": "PERSON"|"CLASS"|"LEVEL", …}}</p></main></body></html>`,
    );
  });

  // --- GAR as SAML service provider -------------------------------------------------------------
  let idpPromise: Promise<ReturnType<ReturnType<typeof saml>['IdentityProvider']>> | null = null;
  const idpOf = () => {
    idpPromise ??= (async () => {
      const metadataUrl = typeof options.idpMetadataUrl === 'function' ? options.idpMetadataUrl() : options.idpMetadataUrl;
      const response = await fetcher(metadataUrl);
      if (!response.ok) throw new Error(`IdP metadata: HTTP ${response.status}`);
      return saml().IdentityProvider({ metadata: await response.text() });
    })().catch((error) => {
      idpPromise = null;
      throw error;
    });
    return idpPromise;
  };
  let spEntity: ReturnType<ReturnType<typeof saml>['ServiceProvider']> | null = null;
  // Built on first use: the public URL may be known only once listening.
  const spOf = () =>
    (spEntity ??= saml().ServiceProvider({
      entityID: `${publicUrl}/saml/metadata`,
      wantAssertionsSigned: true,
      wantMessageSigned: true,
      authnRequestsSigned: false,
      assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: `${publicUrl}/saml/acs` }],
    }));

  app.get('/saml/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(spOf().getMetadata());
  });

  app.get('/domaineGar', async (req, res) => {
    const resourceId = typeof req.query['idRessource'] === 'string' ? req.query['idRessource'] : '';
    if (!byId.has(resourceId)) {
      res.status(404).type('html').send('<!doctype html><html lang="fr"><title>GAR</title><h1>Ressource inconnue</h1></html>');
      return;
    }
    try {
      const idp = await idpOf();
      const { context } = spOf().createLoginRequest(idp, 'redirect') as { context: string };
      const url = new URL(context);
      url.searchParams.set('RelayState', resourceId);
      res.redirect(302, url.toString());
    } catch (error) {
      logger.warn({ err: error }, 'simulated GAR: IdP unreachable');
      res.status(502).type('html').send('<!doctype html><html lang="fr"><title>GAR</title><h1>ENT injoignable</h1></html>');
    }
  });

  app.post('/saml/acs', express.urlencoded({ extended: false, limit: '256kb' }), async (req, res) => {
    try {
      const idp = await idpOf();
      const { extract } = await spOf().parseLoginResponse(idp, 'post', { body: req.body as Record<string, string> });
      const attributes = (extract as { attributes?: Record<string, string> }).attributes ?? {};
      if (attributes['idEnt'] !== options.idEnt) throw new Error(`idEnt ${attributes['idEnt']} is not ${options.idEnt}`);
      const resourceId = String((req.body as Record<string, string>)['RelayState'] ?? '');
      const resource = byId.get(resourceId);
      logger.info({ person: attributes['GARPersonIdentifiant'], resourceId }, 'simulated GAR: SAML assertion accepted');
      res
        .type('html')
        .send(
          `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(resource?.nomRessource ?? 'Ressource')} — GAR</title></head><body><main><h1>${escapeHtml(resource?.nomRessource ?? 'Ressource')}</h1><p data-testid="gar-person">Connecté par le GAR : ${escapeHtml(attributes['GARPersonIdentifiant'] ?? '')}</p><p data-testid="gar-ent">ENT : ${escapeHtml(attributes['idEnt'] ?? '')}</p></main></body></html>`,
        );
    } catch (error) {
      logger.warn({ err: error }, 'simulated GAR: SAML response refused');
      res.status(403).type('html').send(`<!doctype html><html lang="fr"><title>GAR</title><h1>Assertion SAML refusée</h1><p>${escapeHtml((error as Error).message)}</p></html>`);
    }
  });

  let server: Server | null = null;
  return {
    async listen(port, host = '127.0.0.1') {
      server = createServer(app);
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      const address = server.address() as AddressInfo;
      const url = `http://${host}:${address.port}`;
      if (!publicUrl) publicUrl = url;
      return { url, port: address.port };
    },
    async stop() {
      if (!server) return;
      const closing = server;
      server = null;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    assignments: () => [...assignments],
    setBehaviour(next) {
      behaviour = next;
    },
  };
}

function parseTarget(raw: Record<string, unknown> | undefined): AssignmentTarget | null {
  if (!raw) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  if (raw['kind'] === 'PERSON' && text(raw['personId'])) return { kind: 'PERSON', personId: text(raw['personId'])! };
  if (raw['kind'] === 'CLASS' && text(raw['uai']) && text(raw['code'])) return { kind: 'CLASS', uai: text(raw['uai'])!, code: text(raw['code'])! };
  if (raw['kind'] === 'LEVEL' && text(raw['level'])) return { kind: 'LEVEL', uai: text(raw['uai']), level: text(raw['level'])! };
  return null;
}

/** The demo's assignments: every collège and lycée level gets the catalogue's resources for it; the écoles get four. */
export function demoAssignments(catalogue: readonly CatalogueResource[]): Assignment[] {
  const result: Assignment[] = [];
  const createdAt = new Date(0).toISOString();
  for (const resource of catalogue) {
    for (const niveau of resource.niveauEducatif ?? []) {
      for (const level of LEVEL_OF_NIVEAU[niveau.nom ?? ''] ?? []) {
        result.push({ id: randomUUID(), resourceId: resource.idRessource, target: { kind: 'LEVEL', uai: null, level }, createdAt });
      }
    }
  }
  for (const resourceId of PRIMARY_RESOURCES) {
    for (const level of PRIMARY_LEVELS) {
      result.push({ id: randomUUID(), resourceId, target: { kind: 'LEVEL', uai: null, level }, createdAt });
    }
  }
  // One assignment per (resource, target).
  const seen = new Set<string>();
  return result.filter((a) => {
    const key = `${a.resourceId}|${JSON.stringify(a.target)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
