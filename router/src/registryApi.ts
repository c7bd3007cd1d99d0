import { existsSync, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isDepartementAdmin, isEntError, kitMessages, type Logger, sendError, type TokenVerifier } from '@ent/kit';
import { addSubgraph, readRegistry, type RegistryEntry, removeSubgraph } from '@ent/schema';
import express, { type RequestHandler, Router } from 'express';
import { routerMessages } from './messages.js';
import { pageContentSecurityPolicy } from './staticSite.js';
import type { SupergraphReload } from './supergraphFile.js';

export interface RegistryOptions {
  /** The registry file (ENT_REGISTRY_PATH). */
  registryPath: string;
  /** The built-in subgraph list (schema/subgraphs.json). */
  builtinListPath: string;
  /** What clients saw before any registration (the committed supergraph), if the running file is missing. */
  fallbackSupergraphPath?: string;
  /**
   * Folders under which a registration may name its micro-frontend's bundle folder (through the API, an
   * administrator must not make the router serve any folder of the machine).
   */
  bundleRoots: readonly string[];
}

export interface RegistryApiDependencies {
  options: RegistryOptions;
  supergraphPath: string;
  verifier: TokenVerifier;
  logger: Logger;
  reload(): Promise<SupergraphReload>;
}

/** The manifest entry of a registered module, the same shape as the shell's build writes. */
export function manifestEntryOf(entry: RegistryEntry): Record<string, unknown> | null {
  const module = entry.module;
  if (!module) return null;
  const base = `/modules/${entry.moduleId}/`;
  const bundle = typeof module['bundle'] === 'string' ? module['bundle'] : `${entry.moduleId}.js`;
  let styles: string[] = Array.isArray(module['styles']) ? module['styles'].filter((s): s is string => typeof s === 'string') : [];
  if (!Array.isArray(module['styles']) && entry.bundleDir && existsSync(entry.bundleDir))
    styles = readdirSync(entry.bundleDir).filter((file) => file.endsWith('.css'));
  const tile = (module['tile'] ?? null) as Record<string, unknown> | null;
  return {
    id: entry.moduleId,
    route: typeof module['route'] === 'string' ? module['route'] : `/${entry.moduleId}`,
    bundle: `${base}${bundle}`,
    styles: styles.map((style) => `${base}${style}`),
    activation: module['activation'] === 'always' ? 'always' : 'establishment',
    profiles: Array.isArray(module['profiles']) ? module['profiles'] : Array.isArray(tile?.['profiles']) ? tile['profiles'] : [],
    tile: tile ? { counts: [], ...tile } : null,
    summaryFields: typeof module['summaryFields'] === 'string' ? module['summaryFields'] : null,
    i18n: (module['i18n'] ?? {}) as object,
  };
}

function inside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
}

/**
 * `/manifest.json` = the shell's built manifest + the registered modules (a vendor's tile appears
 * without rebuilding the shell), and `/modules/<id>/…` served from each registered bundle folder —
 * from our own origin, so the page's CSP (`'self'` only) needs no exception for vendors.
 */
export function registeredModules(options: RegistryOptions, staticDir: string | undefined, logger: Logger): RequestHandler {
  const router = Router();
  const pageCsp = pageContentSecurityPolicy();
  router.get('/manifest.json', async (_req, res, next) => {
    try {
      const builtPath = staticDir ? join(staticDir, 'manifest.json') : undefined;
      const built = builtPath && existsSync(builtPath) ? (JSON.parse(await readFile(builtPath, 'utf8')) as Array<{ id: string }>) : [];
      const registry = await readRegistry(options.registryPath);
      const extra = registry.subgraphs
        .map(manifestEntryOf)
        .filter((entry): entry is Record<string, unknown> => entry !== null && !built.some((b) => b.id === entry['id']));
      res.setHeader('Content-Security-Policy', pageCsp);
      // The manifest changes with registrations: always revalidated.
      res.setHeader('Cache-Control', 'no-cache');
      res.json([...built, ...extra]);
    } catch (error) {
      logger.error({ err: error }, 'manifest could not be assembled');
      next(error);
    }
  });
  router.use('/modules/:moduleId', async (req, res, next) => {
    const registry = await readRegistry(options.registryPath).catch(() => undefined);
    const entry = registry?.subgraphs.find((e) => e.moduleId === req.params['moduleId'] && e.bundleDir);
    if (!entry?.bundleDir) return next();
    const file = resolve(entry.bundleDir, `.${decodeURIComponent(req.path)}`);
    if (!inside(entry.bundleDir, file) || req.path.split('/').some((part) => part.startsWith('.') && part.length > 0)) return next();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return next();
    res.setHeader('Content-Security-Policy', pageCsp);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  });
  return router;
}

interface AddBody {
  name?: unknown;
  url?: unknown;
  moduleId?: unknown;
  label?: unknown;
  bundleDir?: unknown;
  bundleUrl?: unknown;
}

/**
 * The département administrator's registration API (token verified with the JWKS, profile
 * ADMIN_DEPARTEMENT): GET lists, POST registers, DELETE /:name removes. Refusals answer 422 with the
 * report; on success the supergraph is written and reloaded before the answer (with the reload time).
 */
export function registryApi(deps: RegistryApiDependencies): Router {
  const router = Router();
  const { options } = deps;
  const files = {
    registryPath: options.registryPath,
    builtinListPath: options.builtinListPath,
    supergraphPath: deps.supergraphPath,
    fallbackSupergraphPath: options.fallbackSupergraphPath,
  };

  const requireAdmin: RequestHandler = async (req, res, next) => {
    try {
      const viewer = await deps.verifier.verifyAuthorizationHeader(req.header('authorization'));
      if (!viewer) return sendError(res, 401, 'UNAUTHENTICATED', kitMessages.unauthenticated);
      if (!isDepartementAdmin(viewer)) return sendError(res, 403, 'FORBIDDEN', routerMessages.registryForbidden);
      res.locals['adminId'] = viewer.userId;
      next();
    } catch (error) {
      if (!isEntError(error)) return next(error);
      sendError(res, 401, error.code, error.message);
    }
  };

  const reloaded = async () => {
    const started = performance.now();
    const result = await deps.reload();
    return { status: result.status, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  };

  router.use(requireAdmin);
  router.get('/', async (_req, res) => {
    const registry = await readRegistry(options.registryPath);
    res.json({ subgraphs: registry.subgraphs.map(({ sdl: _sdl, ...entry }) => entry) });
  });
  router.post('/', express.json({ limit: '16kb' }), async (req, res) => {
    const body = (req.body ?? {}) as AddBody;
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const name = text(body.name);
    const url = text(body.url);
    const moduleId = text(body.moduleId);
    if (!name || !url || !moduleId) return sendError(res, 400, 'BAD_USER_INPUT', routerMessages.registryMissingFields, { field: !name ? 'name' : !url ? 'url' : 'moduleId' });
    const bundleDir = text(body.bundleDir);
    if (bundleDir && !options.bundleRoots.some((root) => inside(root, bundleDir)))
      return sendError(res, 400, 'BAD_USER_INPUT', routerMessages.registryBundleOutside, { field: 'bundleDir' });
    const bundleUrl = text(body.bundleUrl);
    if (bundleUrl && (!/^https?:\/\//.test(bundleUrl) || !URL.canParse(bundleUrl)))
      return sendError(res, 400, 'BAD_USER_INPUT', routerMessages.registryBundleUrl, { field: 'bundleUrl' });
    const outcome = await addSubgraph({ name, url, moduleId, label: text(body.label), bundleDir, bundleUrl }, files);
    if (!outcome.ok) {
      deps.logger.warn({ name, url, moduleId, problems: outcome.problems.map((p) => p.detail) }, 'subgraph registration refused');
      res.status(422).json({ ok: false, report: outcome.report, problems: outcome.problems });
      return;
    }
    const reload = await reloaded();
    deps.logger.info({ name, url, moduleId, by: res.locals['adminId'], reload }, 'subgraph registered');
    res.status(201).json({ ok: true, entry: outcome.entry ? { ...outcome.entry, sdl: undefined } : null, reload });
  });
  router.delete('/:name', async (req, res) => {
    const name = String(req.params['name']);
    const outcome = await removeSubgraph(name, files);
    if (!outcome.ok) {
      res.status(outcome.problems[0]?.code === 'NOT_REGISTERED' ? 404 : 422).json({ ok: false, report: outcome.report, problems: outcome.problems });
      return;
    }
    const reload = await reloaded();
    deps.logger.info({ name, by: res.locals['adminId'], reload }, 'subgraph removed');
    res.json({ ok: true, reload });
  });
  return router;
}
