import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { format } from '@ent/kit';
import { compressedAssets } from './compressedAssets.js';
import { routerMessages } from './messages.js';

/** API answers are never rendered as pages; nothing may load or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Pages: everything from our own origin, no inline script but the ones index.html carries (the import
 * map, hashed below), inline styles allowed for micro-frontends that inject their CSS.
 */
export function pageContentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  const scripts = ["'self'", ...scriptHashes.map((hash) => `'${hash}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** sha256 sources for the inline scripts of a page (an import map cannot be loaded from a file). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    if (/\bsrc\s*=/i.test(attributes) || body.length === 0) continue;
    hashes.push(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return hashes;
}

/** Paths the single-page fallback never answers: they belong to the API or are missing files. */
const API_PREFIXES = ['/graphql', '/auth', '/.well-known', '/health', '/ready', '/api'];

function isPageRoute(path: string): boolean {
  if (API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function portalNotBuiltPage(graphqlPath = '/graphql'): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(routerMessages.portalNotBuiltTitle)}</title>
</head>
<body>
<main>
<h1>${escapeHtml(routerMessages.portalNotBuiltHeading)}</h1>
<p>${escapeHtml(routerMessages.portalNotBuiltBody)}</p>
<p>${format(escapeHtml(routerMessages.portalNotBuiltApi), { endpoint: `<code>${escapeHtml(graphqlPath)}</code>` })}</p>
</main>
</body>
</html>
`;
}

/**
 * The shell at `/`: its files, and index.html for every other page route (single-spa routes like
 * /cahier-de-textes live in the browser). Without a built shell, `/` explains what is missing.
 */
export function staticSite(staticDir: string | undefined): RequestHandler {
  const router = Router();
  const pageCsp = pageContentSecurityPolicy();
  if (!staticDir) {
    const page = portalNotBuiltPage();
    router.get('/', (_req, res) => {
      res.setHeader('Content-Security-Policy', pageCsp);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(page);
    });
    return router;
  }

  const indexPath = join(staticDir, 'index.html');
  // index.html is read again when a new build replaces it; its script hashes follow.
  let cached: { mtimeMs: number; html: string; csp: string } | undefined;
  const loadIndex = async () => {
    const info = await stat(indexPath).catch(() => undefined);
    if (!info) return undefined;
    if (cached?.mtimeMs !== info.mtimeMs) {
      const html = await readFile(indexPath, 'utf8');
      cached = { mtimeMs: info.mtimeMs, html, csp: pageContentSecurityPolicy(inlineScriptHashes(html)) };
    }
    return cached;
  };

  const sendIndex: RequestHandler = async (req, res, next) => {
    const index = await loadIndex();
    res.setHeader('Cache-Control', 'no-cache');
    if (!index) {
      if (req.path !== '/') return next();
      res.setHeader('Content-Security-Policy', pageCsp);
      res.type('html').send(portalNotBuiltPage());
      return;
    }
    // The page's own policy allows its inline import map by hash.
    res.setHeader('Content-Security-Policy', index.csp);
    res.type('html').send(index.html);
  };

  // Asked for by name, index.html must carry its own policy too, not the static files' one.
  router.get('/index.html', sendIndex);
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', pageCsp);
    next();
  });
  router.use(compressedAssets(staticDir));
  router.use(express.static(staticDir, { index: false, dotfiles: 'ignore', redirect: false }));
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPageRoute(req.path)) return next();
    return sendIndex(req, res, next);
  });
  return router;
}
