import type { Profile } from '@ent/ui-kit';

/**
 * The module manifest: what the shell knows of each micro-frontend without loading it. Each module
 * package declares itself in `ent-module.json` (a ModuleDeclaration); the shell's build turns every
 * declaration into a ManifestEntry of `/manifest.json`, which the root config reads at start.
 * Format documented in docs/micro-frontends.md. Runs in the browser and in the build (no DOM here).
 */

export const PROFILE_NAMES: readonly Profile[] = [
  'ELEVE',
  'PARENT',
  'ENSEIGNANT',
  'DIRECTION',
  'PERSONNEL',
  'ADMIN_LOCAL',
  'ADMIN_DEPARTEMENT',
];

/** One number a module's tile may show, read from the module's summary fields on `User`. */
export interface TileCountSpec {
  /** Who sees this count (default everyone); a parent sees it in each child's block. */
  profiles?: readonly Profile[];
  /** Where the number is, from the User: `homeworkSummary.dueTomorrow`. */
  path: string;
  /** French, with `{count}`: « {count} devoir pour demain ». */
  one: string;
  other: string;
  /** When there are none, if something should be said (otherwise nothing is shown). */
  zero?: string;
  /** Weight among the « trois priorités » (0–100, default 50). */
  priority?: number;
}

export interface ModuleTile {
  /** French, a few words: « Cahier de textes ». */
  label: string;
  /** For pupils of cycles 1 and 2 (read aloud): « Mes devoirs ». Default: label. */
  simpleLabel?: string;
  /** One French sentence under the label (not shown to cycles 1 and 2). */
  description: string;
  /** An emoji (its text alternative is the label). */
  pictogram: string;
  /** Profiles whose home page may show this tile. */
  profiles: readonly Profile[];
  counts: readonly TileCountSpec[];
}

/** `always`: not subject to the waves (administration screens); `establishment`: enabled per establishment. */
export type ModuleActivationMode = 'establishment' | 'always';

export interface ManifestEntry {
  id: string;
  /** Where single-spa mounts it: `/admin` and everything under it. */
  route: string;
  /** URL of the ES module exporting bootstrap, mount and unmount. */
  bundle: string;
  /** Stylesheets to load before mounting (URLs). */
  styles: readonly string[];
  activation: ModuleActivationMode;
  /** Who may open the route (default: the tile's profiles; empty: every signed-in person). */
  profiles: readonly Profile[];
  tile: ModuleTile | null;
  /** Selection on `User` added to the home page's one `me` query (and to each child's). */
  summaryFields: string | null;
  /** Tile texts in other languages: `{ en: { label, description } }`. */
  i18n: Readonly<Record<string, Partial<Pick<ModuleTile, 'label' | 'simpleLabel' | 'description'>>>>;
}

export type Manifest = readonly ManifestEntry[];

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ROUTE = /^\/[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const FILE = /^[\w.-]+\.(js|css)$/;
const PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
/** Routes the portal itself answers; a module may not take them. */
export const RESERVED_ROUTES: readonly string[] = ['/profil', '/classe', '/etablissement', '/connexion'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= max;
}

/**
 * A GraphQL selection set on User, kept to what a selection may contain: names, arguments with
 * literal or variable-free values, nested braces. Refused: operations, fragments' definitions, comments.
 */
export function isSelection(fields: string): boolean {
  if (!/^[\w\s{}(),:"'.\-[\]]*$/.test(fields)) return false;
  if (/\b(query|mutation|subscription|fragment)\b/.test(fields)) return false;
  let depth = 0;
  for (const character of fields) {
    if (character === '{') depth++;
    if (character === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0 && fields.trim().length > 0;
}

function profilesOf(value: unknown, where: string, problems: string[]): Profile[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((profile) => PROFILE_NAMES.includes(profile as Profile))) {
    problems.push(`${where} must list profiles among ${PROFILE_NAMES.join(', ')}`);
    return [];
  }
  return value as Profile[];
}

function countsOf(tile: Record<string, unknown>, problems: string[]): TileCountSpec[] {
  const raw = tile['counts'] ?? (tile['count'] === undefined ? [] : [tile['count']]);
  if (!Array.isArray(raw)) {
    problems.push('tile.counts must be a list');
    return [];
  }
  const counts: TileCountSpec[] = [];
  raw.forEach((spec: unknown, index) => {
    const where = `tile.counts[${index}]`;
    if (!isRecord(spec)) {
      problems.push(`${where} must be an object`);
      return;
    }
    if (typeof spec['path'] !== 'string' || !PATH.test(spec['path'])) problems.push(`${where}.path must be a dotted field path`);
    if (!text(spec['one'], 80) || !text(spec['other'], 80)) problems.push(`${where}.one and .other are required French phrases`);
    if (spec['zero'] !== undefined && !text(spec['zero'], 80)) problems.push(`${where}.zero must be a French phrase`);
    const priority = spec['priority'];
    if (priority !== undefined && (typeof priority !== 'number' || priority < 0 || priority > 100)) {
      problems.push(`${where}.priority must be a number from 0 to 100`);
    }
    const profiles = profilesOf(spec['profiles'], `${where}.profiles`, problems);
    counts.push({
      path: String(spec['path']),
      one: String(spec['one']),
      other: String(spec['other']),
      ...(typeof spec['zero'] === 'string' ? { zero: spec['zero'] } : {}),
      ...(typeof priority === 'number' ? { priority } : {}),
      ...(profiles.length > 0 ? { profiles } : {}),
    });
  });
  return counts;
}

function tileOf(raw: unknown, problems: string[]): ModuleTile | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    problems.push('tile must be an object');
    return null;
  }
  if (!text(raw['label'], 40)) problems.push('tile.label is required (40 characters at most)');
  if (raw['simpleLabel'] !== undefined && !text(raw['simpleLabel'], 24)) problems.push('tile.simpleLabel: 24 characters at most');
  if (!text(raw['description'], 140)) problems.push('tile.description is required (140 characters at most)');
  if (!text(raw['pictogram'], 16)) problems.push('tile.pictogram is required (an emoji)');
  const profiles = profilesOf(raw['profiles'], 'tile.profiles', problems);
  if (profiles.length === 0) problems.push('tile.profiles must name at least one profile');
  return {
    label: String(raw['label'] ?? ''),
    ...(typeof raw['simpleLabel'] === 'string' ? { simpleLabel: raw['simpleLabel'] } : {}),
    description: String(raw['description'] ?? ''),
    pictogram: String(raw['pictogram'] ?? ''),
    profiles,
    counts: countsOf(raw, problems),
  };
}

function i18nOf(raw: unknown, problems: string[]): ManifestEntry['i18n'] {
  if (raw === undefined) return {};
  if (!isRecord(raw) || !Object.values(raw).every(isRecord)) {
    problems.push('i18n must map a language to { label, simpleLabel, description }');
    return {};
  }
  return raw as ManifestEntry['i18n'];
}

/** What a module package says of itself (`ent-module.json`), checked; fields as in docs/micro-frontends.md. */
export interface ModuleDeclaration extends Omit<ManifestEntry, 'bundle' | 'styles'> {
  /** File name in the package's dist/. */
  bundle: string;
  /** File names in dist/ (default: every .css file there). */
  styles: readonly string[] | null;
}

export function parseModuleDeclaration(raw: unknown, source: string): ModuleDeclaration {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new ManifestError(source, ['must be a JSON object']);
  const id = raw['id'];
  if (typeof id !== 'string' || !ID.test(id)) problems.push('id must be a module id in kebab-case (« cahier-de-textes »)');
  const route = raw['route'] ?? `/${String(id)}`;
  if (typeof route !== 'string' || !ROUTE.test(route)) problems.push('route must be a path such as /cahier-de-textes');
  else if (RESERVED_ROUTES.some((reserved) => route === reserved || route.startsWith(`${reserved}/`))) {
    problems.push(`route ${route} belongs to the portal`);
  }
  const bundle = raw['bundle'] ?? `${String(id)}.js`;
  if (typeof bundle !== 'string' || !FILE.test(bundle) || !bundle.endsWith('.js')) problems.push('bundle must be a .js file name in dist/');
  const styles = raw['styles'];
  if (styles !== undefined && (!Array.isArray(styles) || !styles.every((file) => typeof file === 'string' && FILE.test(file)))) {
    problems.push('styles must list .css file names in dist/');
  }
  const activation = raw['activation'] ?? 'establishment';
  if (activation !== 'establishment' && activation !== 'always') problems.push('activation must be "establishment" or "always"');
  const summaryFields = raw['summaryFields'] ?? undefined;
  if (summaryFields !== undefined && (typeof summaryFields !== 'string' || !isSelection(summaryFields))) {
    problems.push('summaryFields must be a GraphQL selection on User (fields and braces only)');
  }
  const tile = tileOf(raw['tile'], problems);
  const profiles = raw['profiles'] === undefined ? (tile?.profiles ?? []) : profilesOf(raw['profiles'], 'profiles', problems);
  const i18n = i18nOf(raw['i18n'] ?? undefined, problems);
  if (problems.length > 0) throw new ManifestError(source, problems);
  return {
    id: id as string,
    route: route as string,
    bundle: bundle as string,
    styles: (styles as string[] | undefined) ?? null,
    activation: activation as ModuleActivationMode,
    profiles,
    tile,
    summaryFields: typeof summaryFields === 'string' ? summaryFields.trim() : null,
    i18n,
  };
}

/** Checks /manifest.json as the browser receives it; a bad entry is left out (and said), not fatal. */
export function parseManifest(raw: unknown): { entries: ManifestEntry[]; problems: string[] } {
  if (!Array.isArray(raw)) return { entries: [], problems: ['manifest.json must be a list'] };
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    try {
      const declaration = parseModuleDeclaration(
        isRecord(item) ? { ...item, bundle: 'placeholder.js', styles: undefined } : item,
        `manifest[${index}]`,
      );
      const bundle = isRecord(item) ? item['bundle'] : undefined;
      const styles = isRecord(item) && Array.isArray(item['styles']) ? item['styles'] : [];
      if (typeof bundle !== 'string' || !bundle.startsWith('/') || !bundle.endsWith('.js')) {
        throw new ManifestError(`manifest[${index}]`, ['bundle must be an absolute URL path to a .js file']);
      }
      if (seen.has(declaration.id) || entries.some((entry) => entry.route === declaration.route)) {
        throw new ManifestError(`manifest[${index}]`, [`module ${declaration.id} or its route is listed twice`]);
      }
      seen.add(declaration.id);
      entries.push({
        ...declaration,
        bundle,
        styles: styles.filter((url): url is string => typeof url === 'string' && url.startsWith('/')),
      });
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  });
  return { entries, problems };
}

/** Whether a path is the route or below it (`/admin`, `/admin/annuaire`; not `/administration`). */
export function matchesRoute(pathname: string, route: string): boolean {
  return pathname === route || pathname.startsWith(`${route}/`);
}

export function entryForPath(manifest: Manifest, pathname: string): ManifestEntry | undefined {
  return manifest.find((entry) => matchesRoute(pathname, entry.route));
}
