import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { buildSubgraph, printSchema, Supergraph } from '@apollo/federation-internals';
import { type BreakingChange, buildSchema, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { composeSupergraph, normalizeSdl } from './compose.js';
import { loadSubgraphList, type SubgraphSource } from './loadSubgraphList.js';
import { SUBGRAPH_LIST_PATH } from './paths.js';
import { writeSupergraph } from './supergraphFile.js';

/**
 * Runtime registrations (vendors' subgraphs and modules). The committed schema/subgraphs.json +
 * schema/supergraph.graphql describe the built-in subgraphs only, so `compose:check` stays a CI check;
 * the registry file lists what was registered on this deployment, with each subgraph's SDL as it was
 * fetched (a restart recomposes without calling the vendor), and the running supergraph
 * (ENT_SUPERGRAPH_PATH) is composed from both.
 */
export interface RegistryEntry {
  /** Subgraph name (join__Graph value), lower-case with dashes. */
  name: string;
  /** Routing URL (…/graphql). */
  url: string;
  /** Module id: activation, route, tile. */
  moduleId: string;
  /** French label of the module (activation screens, MODULE_DISABLED messages). */
  label: string;
  sdl: string;
  /** Folder served by the router at /modules/<moduleId>/ (the micro-frontend's dist and ent-module.json). */
  bundleDir: string | null;
  /** The micro-frontend's ent-module.json, as read at registration; null: a subgraph without UI. */
  module: Record<string, unknown> | null;
  registeredAt: string;
}

export interface Registry {
  version: 1;
  subgraphs: RegistryEntry[];
}

export const EMPTY_REGISTRY: Registry = { version: 1, subgraphs: [] };

/** `ENT_REGISTRY_PATH`, default `<ENT_DATA_DIR or .data>/registry.json` (from the working directory). */
export function registryPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['ENT_REGISTRY_PATH'] || join(env['ENT_DATA_DIR'] || '.data', 'registry.json'));
}

export async function readRegistry(path: string): Promise<Registry> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, subgraphs: [] };
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<Registry>;
  return { version: 1, subgraphs: Array.isArray(parsed.subgraphs) ? parsed.subgraphs : [] };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeRegistry(path: string, registry: Registry): Promise<void> {
  await writeAtomically(path, `${JSON.stringify(registry, null, 2)}\n`);
}

/**
 * One registration at a time per registry (the CLI and the router's API may race): an exclusive lock
 * file next to the registry; a lock older than a minute is a crashed writer's and is taken over.
 */
export async function withRegistryLock<T>(registryPath: string, run: () => Promise<T>): Promise<T> {
  const lockPath = `${registryPath}.lock`;
  await mkdir(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockPath).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > 60_000) await rm(lockPath, { force: true });
      else if (Date.now() > deadline) throw new Error(`registry locked: ${lockPath}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await run();
  } finally {
    await rm(lockPath, { force: true });
  }
}

export type RegistrationProblemCode =
  | 'INVALID_NAME'
  | 'INVALID_MODULE_ID'
  | 'INVALID_URL'
  | 'NAME_TAKEN'
  | 'MODULE_TAKEN'
  | 'UNREACHABLE'
  | 'INVALID_SDL'
  | 'COMPOSITION'
  | 'BREAKING_CHANGE'
  | 'NOT_REGISTERED'
  | 'INVALID_BUNDLE';

export interface RegistrationProblem {
  code: RegistrationProblemCode;
  /** French, for people. */
  message: string;
  /** English, for logs and vendors who read it. */
  detail: string;
  /** `Type.field` (or `Type`, `Type.field(arg:)`) at fault, when one is named. */
  coordinate?: string;
}

export type RegistrationOutcome =
  | { ok: true; supergraphSdl: string; registry: Registry; entry?: RegistryEntry; hints: string[] }
  | { ok: false; problems: RegistrationProblem[]; report: string };

/** A readable report: a French heading and lines, each followed by its English text. */
export function formatRegistrationReport(action: 'add' | 'remove', name: string, problems: readonly RegistrationProblem[]): string {
  const head =
    action === 'add'
      ? `Inscription du sous-graphe « ${name} » refusée (${problems.length} problème${problems.length > 1 ? 's' : ''}) — registration refused:`
      : `Retrait du sous-graphe « ${name} » refusé — removal refused:`;
  const lines = problems.flatMap((p) => [
    `  - [${p.code}]${p.coordinate ? ` ${p.coordinate} :` : ''} ${p.message}`,
    `      ${p.detail}`,
  ]);
  return [head, ...lines, 'Le supergraphe en service est inchangé (the running supergraph is unchanged).'].join('\n');
}

const NAME = /^[a-z][a-z0-9-]*$/;
const MODULE_ID = /^[a-z][a-z0-9-]{1,62}$/;

/** The portal's own routes and modules: never a vendor's module id. */
export const RESERVED_MODULE_IDS = [
  'admin',
  'profil',
  'classe',
  'etablissement',
  'connexion',
  'modules',
  'vendor',
  'ui-kit',
  'cahier-de-textes',
  'devoirs',
  'messagerie',
  'formulaires',
  'ressources-gar',
  'pilotage',
] as const;

/** Asks a subgraph for its SDL, the Federation way: `{ _service { sdl } }`. */
export async function fetchSubgraphSdl(url: string, options: { timeoutMs?: number; fetcher?: typeof fetch } = {}): Promise<string> {
  const fetcher = options.fetcher ?? fetch;
  const response = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } } | null };
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string' || sdl.trim() === '') throw new Error(`${url} did not answer { _service { sdl } }`);
  return sdl;
}

/** The schema clients see, from a supergraph (join directives and inaccessible elements removed). */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // Through text: federation-internals may run on another copy of graphql-js (CommonJS vs ES module),
  // whose schema objects graphql's own functions refuse.
  return buildSchema(printSchema(Supergraph.build(supergraphSdl).apiSchema()));
}

const FEDERATION_TYPES = new Set(['_Any', '_Entity', '_Service', 'FieldSet', 'link__Import', '_FieldSet']);

/** A subgraph's own schema, federation machinery aside, for comparing two versions of it. */
function subgraphSchemaOf(name: string, url: string, sdl: string): GraphQLSchema {
  return buildSchema(printSchema(buildSubgraph(name, url, sdl).schema), { assumeValid: true });
}

/** `Type.field` named by a graphql-js breaking change description ("User.email was removed."). */
function coordinateOf(text: string): string | undefined {
  return /\b([A-Z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*(?:\([A-Za-z_][A-Za-z0-9_]*:\))?)/.exec(text)?.[1] ?? /^([A-Z_][A-Za-z0-9_]*)\b/.exec(text)?.[1];
}

function breakingProblems(changes: readonly BreakingChange[], scope: string): RegistrationProblem[] {
  return changes
    .filter((change) => !FEDERATION_TYPES.has(change.description.split(/[ .]/)[0] ?? ''))
    .map((change) => {
      const coordinate = coordinateOf(change.description);
      return {
        code: 'BREAKING_CHANGE' as const,
        coordinate,
        message: `modification incompatible (${scope}) : ${coordinate ? `« ${coordinate} » ` : ''}serait cassé pour les clients existants (${change.type}).`,
        detail: `${change.type}: ${change.description}`,
      };
    });
}

export interface RegistrationRequest {
  name: string;
  url: string;
  moduleId: string;
  label?: string;
  sdl: string;
  bundleDir?: string | null;
  module?: Record<string, unknown> | null;
}

export interface RegistrationContext {
  builtins: readonly SubgraphSource[];
  registry: Registry;
  /** The supergraph being served now: what must not break. */
  currentSupergraphSdl: string | null;
  now?: Date;
}

/** Checks a candidate against the running ENT; pure (no I/O): the caller writes on success. */
export function planRegistration(request: RegistrationRequest, context: RegistrationContext): RegistrationOutcome {
  const problems: RegistrationProblem[] = [];
  const { name, moduleId } = request;
  if (!NAME.test(name))
    problems.push({ code: 'INVALID_NAME', message: 'le nom doit être en minuscules (a-z, 0-9, -).', detail: `invalid subgraph name "${name}"` });
  if (!MODULE_ID.test(moduleId))
    problems.push({ code: 'INVALID_MODULE_ID', message: 'l’identifiant de module doit être en minuscules (a-z, 0-9, -, 2 à 63 caractères).', detail: `invalid module id "${moduleId}"` });
  if (!/^https?:\/\//.test(request.url) || !URL.canParse(request.url))
    problems.push({ code: 'INVALID_URL', message: 'l’adresse doit être une URL http(s).', detail: `invalid url "${request.url}"` });
  if (context.builtins.some((b) => b.name === name))
    problems.push({ code: 'NAME_TAKEN', message: `le nom « ${name} » est celui d’un sous-graphe de l’ENT.`, detail: `subgraph name "${name}" is a built-in subgraph` });
  const previous = context.registry.subgraphs.find((entry) => entry.name === name);
  const holder = context.registry.subgraphs.find((entry) => entry.moduleId === moduleId && entry.name !== name);
  if ((RESERVED_MODULE_IDS as readonly string[]).includes(moduleId) || context.builtins.some((b) => b.name === moduleId) || holder)
    problems.push({
      code: 'MODULE_TAKEN',
      message: `l’identifiant de module « ${moduleId} » est déjà pris${holder ? ` par le sous-graphe « ${holder.name} »` : ' par l’ENT'}.`,
      detail: `module id "${moduleId}" is already taken${holder ? ` by subgraph "${holder.name}"` : ' by the ENT'}`,
    });
  if (problems.length > 0) return { ok: false, problems, report: formatRegistrationReport('add', name, problems) };

  const others = context.registry.subgraphs.filter((entry) => entry.name !== name);
  const composed = composeSupergraph([
    ...context.builtins,
    ...others.map((entry) => ({ name: entry.name, url: entry.url, typeDefs: entry.sdl })),
    { name, url: request.url, typeDefs: request.sdl },
  ]);
  if (!composed.ok) {
    const failed = composed.problems.map((p) => {
      const coordinate = /"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?(?:\([A-Za-z_]\w*:\))?)"/.exec(p.message)?.[1];
      return {
        code: p.code === 'INVALID_GRAPHQL' ? ('INVALID_SDL' as const) : ('COMPOSITION' as const),
        coordinate,
        message: `${p.code === 'INVALID_GRAPHQL' ? 'le schéma n’est pas du GraphQL valide' : 'la composition échoue'}${coordinate ? ` sur « ${coordinate} »` : ''}${p.code.includes('SHARING') ? ' : ce champ appartient déjà à un autre sous-graphe, sans directive de fédération (@shareable, @external…) qui permette de le partager' : ''}.`,
        detail: `${p.code}: ${p.message}`,
      };
    });
    return { ok: false, problems: failed, report: formatRegistrationReport('add', name, failed) };
  }

  const breaking: RegistrationProblem[] = [];
  if (context.currentSupergraphSdl) {
    breaking.push(...breakingProblems(findBreakingChanges(apiSchemaOf(context.currentSupergraphSdl), apiSchemaOf(composed.supergraphSdl)), 'API du supergraphe'));
  }
  if (previous) {
    try {
      const changes = findBreakingChanges(subgraphSchemaOf(name, previous.url, previous.sdl), subgraphSchemaOf(name, request.url, request.sdl));
      for (const problem of breakingProblems(changes, `sous-graphe « ${name} »`)) {
        if (!breaking.some((b) => b.detail === problem.detail)) breaking.push(problem);
      }
    } catch {
      // The supergraph comparison above already covers what clients see.
    }
  }
  if (breaking.length > 0) return { ok: false, problems: breaking, report: formatRegistrationReport('add', name, breaking) };

  const entry: RegistryEntry = {
    name,
    url: request.url,
    moduleId,
    label: request.label ?? (typeof request.module?.['tile'] === 'object' ? String((request.module['tile'] as { label?: unknown }).label ?? moduleId) : moduleId),
    sdl: request.sdl,
    bundleDir: request.bundleDir ?? null,
    module: request.module ?? null,
    registeredAt: (context.now ?? new Date()).toISOString(),
  };
  return {
    ok: true,
    supergraphSdl: composed.supergraphSdl,
    registry: { version: 1, subgraphs: [...others, entry] },
    entry,
    hints: composed.hints,
  };
}

/** Recomposes without the subgraph; its data stays with its owner (nothing is deleted anywhere). */
export function planRemoval(name: string, context: RegistrationContext): RegistrationOutcome {
  if (!context.registry.subgraphs.some((entry) => entry.name === name)) {
    const problems: RegistrationProblem[] = [
      { code: 'NOT_REGISTERED', message: `aucun sous-graphe inscrit ne s’appelle « ${name} ».`, detail: `no registered subgraph named "${name}"` },
    ];
    return { ok: false, problems, report: formatRegistrationReport('remove', name, problems) };
  }
  const rest = context.registry.subgraphs.filter((entry) => entry.name !== name);
  const composed = composeSupergraph([...context.builtins, ...rest.map((e) => ({ name: e.name, url: e.url, typeDefs: e.sdl }))]);
  if (!composed.ok) {
    const problems = composed.problems.map((p) => ({ code: 'COMPOSITION' as const, message: 'la composition échoue sans ce sous-graphe.', detail: `${p.code}: ${p.message}` }));
    return { ok: false, problems, report: formatRegistrationReport('remove', name, problems) };
  }
  return { ok: true, supergraphSdl: composed.supergraphSdl, registry: { version: 1, subgraphs: rest }, hints: composed.hints };
}

/** Reads a micro-frontend's ent-module.json in the bundle folder (or its parent: a package's dist/). */
export async function readModuleDeclaration(bundleDir: string): Promise<Record<string, unknown>> {
  for (const candidate of [join(bundleDir, 'ent-module.json'), join(dirname(bundleDir), 'ent-module.json')]) {
    if (existsSync(candidate)) return JSON.parse(await readFile(candidate, 'utf8')) as Record<string, unknown>;
  }
  throw new Error(`no ent-module.json in ${bundleDir} or its parent`);
}

export interface RegistryFiles {
  /** The built-in subgraph list (schema/subgraphs.json). */
  builtinListPath?: string;
  registryPath: string;
  /** The running supergraph (ENT_SUPERGRAPH_PATH), watched by the router. */
  supergraphPath: string;
  /** What clients see when no running supergraph was written yet (the committed one). */
  fallbackSupergraphPath?: string;
}

export interface AddOptions {
  name: string;
  url: string;
  moduleId: string;
  label?: string;
  bundleDir?: string;
  /**
   * Where the vendor publishes the built micro-frontend (`<bundleUrl>/ent-module.json`, its bundle and
   * styles): copied at registration under `<registry folder>/bundles/<moduleId>/` and served by the
   * router from our origin — the page's CSP allows scripts from `'self'` only.
   */
  bundleUrl?: string;
  fetcher?: typeof fetch;
  timeoutMs?: number;
}

function unreachable(name: string, url: string, error: unknown): RegistrationOutcome {
  const problems: RegistrationProblem[] = [
    {
      code: 'UNREACHABLE',
      message: `le sous-graphe ne répond pas à « { _service { sdl } } » sur ${url} : vérifiez l’adresse et qu’il est démarré.`,
      detail: `could not fetch the SDL from ${url}: ${(error as Error).message}`,
    },
  ];
  return { ok: false, problems, report: formatRegistrationReport('add', name, problems) };
}

const BUNDLE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(js|css|map)$/;

/** Downloads ent-module.json, the bundle and its styles into a fresh folder next to the registry. */
async function downloadBundle(bundleUrl: string, moduleId: string, registryDir: string, fetcher: typeof fetch = fetch): Promise<string> {
  const base = bundleUrl.endsWith('/') ? bundleUrl : `${bundleUrl}/`;
  const get = async (file: string) => {
    const response = await fetcher(new URL(file, base), { signal: AbortSignal.timeout(15_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${new URL(file, base).href}`);
    return Buffer.from(await response.arrayBuffer());
  };
  const declaration = JSON.parse((await get('ent-module.json')).toString('utf8')) as Record<string, unknown>;
  const bundle = typeof declaration['bundle'] === 'string' ? declaration['bundle'] : `${moduleId}.js`;
  const styles = Array.isArray(declaration['styles']) ? declaration['styles'].filter((s): s is string => typeof s === 'string') : [];
  // Plain file names only: nothing may be written outside the module's folder.
  for (const file of [bundle, ...styles]) if (!BUNDLE_FILE.test(file)) throw new Error(`unsafe file name in ent-module.json: ${file}`);
  const target = join(registryDir, 'bundles', `.${moduleId}.${randomBytes(4).toString('hex')}.tmp`);
  await mkdir(target, { recursive: true });
  try {
    await writeFile(join(target, 'ent-module.json'), JSON.stringify({ ...declaration, styles }, null, 2));
    for (const file of [bundle, ...styles]) await writeFile(join(target, file), await get(file));
    return target;
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The whole registration: fetch the SDL, check, and on success write the supergraph then the registry
 * (each atomically, under the registry lock). On refusal nothing is written.
 */
export async function addSubgraph(options: AddOptions, files: RegistryFiles): Promise<RegistrationOutcome> {
  return withRegistryLock(files.registryPath, async () => {
    let sdl: string;
    try {
      sdl = await fetchSubgraphSdl(options.url, { fetcher: options.fetcher, timeoutMs: options.timeoutMs });
    } catch (error) {
      return unreachable(options.name, options.url, error);
    }
    let module: Record<string, unknown> | null = null;
    let downloaded: string | null = null;
    if (options.bundleUrl) {
      try {
        downloaded = await downloadBundle(options.bundleUrl, options.moduleId, dirname(files.registryPath), options.fetcher);
      } catch (error) {
        const problems: RegistrationProblem[] = [
          { code: 'INVALID_BUNDLE', message: `le micro-frontend n’a pas pu être téléchargé depuis ${options.bundleUrl}.`, detail: (error as Error).message },
        ];
        return { ok: false, problems, report: formatRegistrationReport('add', options.name, problems) };
      }
    }
    const finalBundleDir = downloaded ? join(dirname(files.registryPath), 'bundles', options.moduleId) : null;
    const bundleDir = downloaded ?? (options.bundleDir ? resolve(options.bundleDir) : null);
    if (bundleDir) {
      try {
        module = await readModuleDeclaration(bundleDir);
        if (module['id'] !== undefined && module['id'] !== options.moduleId) throw new Error(`ent-module.json says id "${String(module['id'])}"`);
      } catch (error) {
        const problems: RegistrationProblem[] = [
          { code: 'INVALID_BUNDLE', message: 'le dossier du micro-frontend est illisible ou ne correspond pas au module.', detail: (error as Error).message },
        ];
        if (downloaded) await rm(downloaded, { recursive: true, force: true });
        return { ok: false, problems, report: formatRegistrationReport('add', options.name, problems) };
      }
    }
    const outcome = planRegistration(
      { name: options.name, url: options.url, moduleId: options.moduleId, label: options.label, sdl, bundleDir: finalBundleDir ?? bundleDir, module },
      {
        builtins: await loadSubgraphList(files.builtinListPath ?? SUBGRAPH_LIST_PATH),
        registry: await readRegistry(files.registryPath),
        currentSupergraphSdl:
          (await readFile(files.supergraphPath, 'utf8').catch(() => null)) ??
          (files.fallbackSupergraphPath ? await readFile(files.fallbackSupergraphPath, 'utf8').catch(() => null) : null),
      },
    );
    if (!outcome.ok) {
      if (downloaded) await rm(downloaded, { recursive: true, force: true });
      return outcome;
    }
    if (downloaded && finalBundleDir) {
      // The new bundle replaces the old one in one rename (the old folder set aside, then removed).
      const previous = `${finalBundleDir}.${randomBytes(4).toString('hex')}.old`;
      await rename(finalBundleDir, previous).catch(() => undefined);
      await rename(downloaded, finalBundleDir);
      await rm(previous, { recursive: true, force: true });
    }
    // Supergraph first: a registry entry never describes a subgraph the router does not serve.
    await mkdir(dirname(files.supergraphPath), { recursive: true });
    await writeSupergraph(outcome.supergraphSdl, files.supergraphPath);
    await writeRegistry(files.registryPath, outcome.registry);
    return outcome;
  });
}

export async function removeSubgraph(name: string, files: RegistryFiles): Promise<RegistrationOutcome> {
  return withRegistryLock(files.registryPath, async () => {
    const outcome = planRemoval(name, {
      builtins: await loadSubgraphList(files.builtinListPath ?? SUBGRAPH_LIST_PATH),
      registry: await readRegistry(files.registryPath),
      currentSupergraphSdl: null,
    });
    if (outcome.ok) {
      await writeRegistry(files.registryPath, outcome.registry);
      await writeSupergraph(outcome.supergraphSdl, files.supergraphPath);
    }
    return outcome;
  });
}

/**
 * At start-up (`npm start`): the running supergraph from the built-in list and the registry. With an
 * empty registry it is the committed supergraph, byte for byte.
 */
export async function composeRunningSupergraph(files: RegistryFiles & { committedSupergraphPath: string }): Promise<{ sdl: string; warning?: string }> {
  const registry = await readRegistry(files.registryPath);
  const committed = await readFile(files.committedSupergraphPath, 'utf8');
  if (registry.subgraphs.length === 0) return { sdl: committed };
  const builtins = await loadSubgraphList(files.builtinListPath ?? SUBGRAPH_LIST_PATH);
  const composed = composeSupergraph([...builtins, ...registry.subgraphs.map((e) => ({ name: e.name, url: e.url, typeDefs: e.sdl }))]);
  if (!composed.ok) return { sdl: committed, warning: composed.report };
  return { sdl: composed.supergraphSdl };
}

export { normalizeSdl };
