import type { Cycle, MessageParams, Profile, Viewer, ViewerChild } from '@ent/ui-kit';
import { holdsProfile, isOpenIn } from '../manifest/availability.js';
import type { Manifest, ManifestEntry, TileCountSpec } from '../manifest/manifest.js';
import {
  ACCOUNT_AUDIENCE,
  AUDIENCES,
  type Audience,
  type AudienceId,
  DEFAULT_PRIORITY,
  PRIORITY_COUNT,
  TILES,
  type TileDefinition,
  type TileVariant,
} from './config.js';

/**
 * From the person (one `me` answer), the installed modules and the current establishment, what the
 * home page shows: pure, so that every profile's page is unit-tested. Texts are catalogue keys; the
 * page translates them (module texts are registered under `modules.<id>` from the manifest).
 */

export interface Text {
  key: string;
  params?: MessageParams;
}

export interface ResolvedTile {
  /** Unique on the page (React key). */
  key: string;
  tileId: string;
  href: string;
  label: Text;
  /** The large variant's label. */
  simpleLabel: Text;
  description: Text;
  pictogram: string;
  count: { value: number; label: Text } | null;
  priority: number;
  /** A module tile whose module declares a count for this person (even if it is zero now). */
  counts: boolean;
}

export interface ChildBlock {
  childId: string;
  firstName: string;
  displayName: string;
  className: string | null;
  establishmentName: string | null;
  tiles: ResolvedTile[];
}

export interface TeacherClass {
  id: string;
  name: string;
  subjects: string[];
  headTeacher: boolean;
  pupilCount: number;
}

export interface HomeSection {
  audience: AudienceId;
  heading: Text;
  variant: TileVariant;
  readAloud: boolean;
  tiles: ResolvedTile[];
  /** Family view. */
  children?: ChildBlock[];
  /** Teachers: their classes (from `teachings`). */
  classes?: TeacherClass[];
}

export interface Priority {
  tile: ResolvedTile;
  /** Set when the priority concerns a child (family view). */
  childFirstName?: string;
}

export interface HomeModel {
  sections: HomeSection[];
  /** At most three, the most important first. */
  priorities: Priority[];
  /** Whether any tile on the page can carry a count (an installed, open module that declares one). */
  prioritiesPossible: boolean;
  /** Cycles 1 and 2 have no priorities block (the tiles carry their counts; no dense text). */
  showPriorities: boolean;
}

export interface HomeInput {
  viewer: Viewer;
  manifest: Manifest;
  currentEstablishmentId: string | null;
}

/** The cycle a pupil is in, from their class in the current establishment (null: no class known). */
export function pupilCycle(viewer: Viewer, establishmentId: string | null): Cycle | null {
  const classes = viewer.classes.filter((schoolClass) => !establishmentId || schoolClass.establishment.id === establishmentId);
  return (classes[0] ?? viewer.classes[0])?.cycle ?? null;
}

function audienceMatches(audience: Audience, input: HomeInput): boolean {
  const { viewer, currentEstablishmentId } = input;
  if (audience.perChild) return holdsProfile(viewer, audience.profiles, null) && viewer.children.length > 0;
  if (!holdsProfile(viewer, audience.profiles, currentEstablishmentId)) return false;
  if (!audience.cycles) return true;
  const cycle = pupilCycle(viewer, currentEstablishmentId);
  // A pupil whose class is not known gets the standard set.
  return cycle ? audience.cycles.includes(cycle) : audience.id === 'pupil';
}

function valueAt(subject: Record<string, unknown>, path: string): unknown {
  let value: unknown = subject;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The module's count for this audience: the first spec naming the profile, or one naming none. */
function countSpec(entry: ManifestEntry, profile: Profile): { spec: TileCountSpec; index: number } | null {
  const counts = entry.tile?.counts ?? [];
  const index = counts.findIndex((spec) => !spec.profiles || spec.profiles.includes(profile));
  return index < 0 ? null : { spec: counts[index]!, index };
}

interface Context {
  input: HomeInput;
  audience: Audience;
  /** The profile the tiles are chosen for (PARENT in a family block). */
  profile: Profile;
  /** The establishment where modules must be open (the child's in a family block). */
  establishmentId: string | null;
  /** Whose summary fields the counts read (the child in a family block). */
  subject: Record<string, unknown>;
  classId: string | null;
  child: ViewerChild | null;
  keyPrefix: string;
}

function isOpen(entry: ManifestEntry, context: Context): boolean {
  const { viewer } = context.input;
  if (context.establishmentId) return isOpenIn(entry, viewer, context.establishmentId);
  const establishments = viewer.establishments.map((establishment) => establishment.id);
  return establishments.length === 0 || establishments.some((id) => isOpenIn(entry, viewer, id));
}

function moduleTile(
  tileId: string,
  definition: Extract<TileDefinition, { kind: 'module' }> | null,
  entry: ManifestEntry,
  context: Context,
): ResolvedTile | null {
  const tile = entry.tile;
  if (!tile && !definition?.labelKey) return null;
  if (tile && !context.audience.profiles.some((profile) => tile.profiles.includes(profile))) return null;
  if (!isOpen(entry, context)) return null;

  const withCount = definition?.withCount !== false;
  const found = withCount ? countSpec(entry, context.profile) : null;
  let count: ResolvedTile['count'] = null;
  if (found) {
    const value = valueAt(context.subject, found.spec.path);
    if (typeof value === 'number' && Number.isFinite(value) && (value > 0 || found.spec.zero !== undefined)) {
      count = { value, label: { key: `modules.${entry.id}.counts.${found.index}`, params: { count: value } } };
    }
  }
  const moduleKey = `modules.${entry.id}`;
  const label = definition?.labelKey ?? `${moduleKey}.label`;
  return {
    key: `${context.keyPrefix}${tileId}`,
    tileId,
    // In a family block the module opens on that child (`?enfant=<id>`, docs/micro-frontends.md).
    href: `${entry.route}${definition?.path ?? ''}${context.child ? `?enfant=${encodeURIComponent(context.child.id)}` : ''}`,
    label: { key: label },
    simpleLabel: { key: definition?.simpleLabelKey ?? (definition?.labelKey ? label : `${moduleKey}.simpleLabel`) },
    description: { key: definition?.descriptionKey ?? `${moduleKey}.description` },
    // The configuration's pictogram keeps the home page of one look; a vendor's module brings its own.
    pictogram: definition?.pictogram ?? tile?.pictogram ?? 'grid',
    count,
    priority: found?.spec.priority ?? DEFAULT_PRIORITY,
    counts: found !== null,
  };
}

function pageTile(tileId: string, definition: Extract<TileDefinition, { kind: 'page' }>, context: Context): ResolvedTile | null {
  let href: string | null;
  const link = definition.link;
  if (link.to === 'page') href = link.href;
  else if (link.to === 'class') href = context.classId ? `/classe/${encodeURIComponent(context.classId)}` : null;
  else href = context.establishmentId ? `/etablissement/${encodeURIComponent(context.establishmentId)}` : null;
  if (!href) return null;
  const params: MessageParams = context.child
    ? { firstName: context.child.firstName, className: context.child.classes[0]?.name ?? '' }
    : {};
  return {
    key: `${context.keyPrefix}${tileId}`,
    tileId,
    href,
    label: { key: definition.labelKey, params },
    simpleLabel: { key: definition.simpleLabelKey ?? definition.labelKey, params },
    description: { key: definition.descriptionKey, params },
    pictogram: definition.pictogram,
    count: null,
    priority: 0,
    counts: false,
  };
}

function tilesFor(context: Context, manifest: Manifest, taken: Set<string>): ResolvedTile[] {
  const { audience } = context;
  const tiles: ResolvedTile[] = [];
  const listedModules = new Set(
    Object.values(TILES as Record<string, TileDefinition>)
      .filter((definition) => definition.kind === 'module')
      .map((definition) => (definition as { moduleId: string }).moduleId),
  );
  const byId = new Map(manifest.map((entry) => [entry.id, entry]));

  for (const tileId of audience.tiles) {
    if (taken.has(tileId)) continue;
    const definition: TileDefinition = TILES[tileId];
    let resolved: ResolvedTile | null = null;
    if (definition.kind === 'module') {
      const entry = byId.get(definition.moduleId);
      if (entry) resolved = moduleTile(tileId, definition, entry, context);
    } else {
      resolved = pageTile(tileId, definition, context);
    }
    if (resolved) tiles.push(resolved);
  }
  if (audience.extraModules && audience.variant !== 'large') {
    for (const entry of manifest) {
      const tileId = `module:${entry.id}`;
      if (listedModules.has(entry.id) || taken.has(tileId)) continue;
      const resolved = moduleTile(tileId, null, entry, context);
      if (resolved) tiles.push(resolved);
    }
  }
  return audience.maxTiles === undefined ? tiles : tiles.slice(0, audience.maxTiles);
}

function teacherClasses(viewer: Viewer): TeacherClass[] {
  const byId = new Map<string, TeacherClass>();
  for (const teaching of viewer.teachings) {
    const schoolClass = teaching.class;
    if (!schoolClass) continue;
    const known = byId.get(schoolClass.id);
    if (known) {
      if (!known.subjects.includes(teaching.subject)) known.subjects.push(teaching.subject);
      known.headTeacher ||= teaching.headTeacher;
    } else {
      byId.set(schoolClass.id, {
        id: schoolClass.id,
        name: schoolClass.name,
        subjects: [teaching.subject],
        headTeacher: teaching.headTeacher,
        pupilCount: schoolClass.pupilCount,
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr', { numeric: true }));
}

function pupilClassId(viewer: Viewer, establishmentId: string | null): string | null {
  const classes = viewer.classes.filter((schoolClass) => !establishmentId || schoolClass.establishment.id === establishmentId);
  return (classes[0] ?? viewer.classes[0])?.id ?? null;
}

export function selectHome(input: HomeInput): HomeModel {
  const { viewer, manifest, currentEstablishmentId } = input;
  const sections: HomeSection[] = [];
  const taken = new Set<string>();

  for (const audience of AUDIENCES) {
    if (!audienceMatches(audience, input)) continue;
    const heading: Text = { key: audience.headingKey };
    if (audience.perChild) {
      const children: ChildBlock[] = viewer.children.map((child) => {
        const schoolClass = child.classes[0] ?? null;
        const context: Context = {
          input,
          audience,
          profile: 'PARENT',
          establishmentId: schoolClass?.establishment.id ?? null,
          subject: child,
          classId: schoolClass?.id ?? null,
          child,
          keyPrefix: `child:${child.id}:`,
        };
        return {
          childId: child.id,
          firstName: child.firstName,
          displayName: child.displayName,
          className: schoolClass?.name ?? null,
          establishmentName: schoolClass?.establishment.name ?? null,
          tiles: tilesFor(context, manifest, new Set()),
        };
      });
      sections.push({ audience: audience.id, heading, variant: audience.variant, readAloud: Boolean(audience.readAloud), tiles: [], children });
      continue;
    }
    const profile = audience.profiles.find((candidate) => holdsProfile(viewer, [candidate], currentEstablishmentId)) ?? audience.profiles[0]!;
    const context: Context = {
      input,
      audience,
      profile,
      establishmentId: currentEstablishmentId,
      subject: viewer,
      classId: profile === 'ELEVE' ? pupilClassId(viewer, currentEstablishmentId) : null,
      child: null,
      keyPrefix: `${audience.id}:`,
    };
    const tiles = tilesFor(context, manifest, taken);
    for (const tile of tiles) taken.add(tile.tileId);
    sections.push({
      audience: audience.id,
      heading,
      variant: audience.variant,
      readAloud: Boolean(audience.readAloud),
      tiles,
      ...(audience.teacherBlocks ? { classes: teacherClasses(viewer) } : {}),
    });
  }

  const young = sections.some((section) => section.variant === 'large');
  // Everyone reaches their profile and preferences; the young pupils' four tiles stay as configured.
  if (!young && !taken.has('profile')) {
    const context: Context = {
      input,
      audience: ACCOUNT_AUDIENCE,
      profile: viewer.profiles[0]?.profile ?? 'ELEVE',
      establishmentId: currentEstablishmentId,
      subject: viewer,
      classId: null,
      child: null,
      keyPrefix: 'account:',
    };
    const profileTile = pageTile('profile', TILES.profile, context);
    if (profileTile) {
      sections.push({ audience: 'account', heading: { key: ACCOUNT_AUDIENCE.headingKey }, variant: 'standard', readAloud: false, tiles: [profileTile] });
    }
  }

  const candidates: Priority[] = [];
  let prioritiesPossible = false;
  for (const section of sections) {
    for (const tile of section.tiles) {
      prioritiesPossible ||= tile.counts;
      if (tile.count && tile.count.value > 0) candidates.push({ tile });
    }
    for (const child of section.children ?? []) {
      for (const tile of child.tiles) {
        prioritiesPossible ||= tile.counts;
        if (tile.count && tile.count.value > 0) candidates.push({ tile, childFirstName: child.firstName });
      }
    }
  }
  candidates.sort((a, b) => b.tile.priority - a.tile.priority || (b.tile.count?.value ?? 0) - (a.tile.count?.value ?? 0));

  return {
    sections,
    priorities: candidates.slice(0, PRIORITY_COUNT),
    prioritiesPossible,
    showPriorities: !young,
  };
}
