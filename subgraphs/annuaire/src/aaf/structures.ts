import { randomUUID } from 'node:crypto';
import type { EstablishmentType } from '../db/database.js';
import { ESTABLISHMENT_KINDS } from '../seed/curriculum.js';
import type { DeclaredUnit, EstablishmentData, MefData, SubjectData } from './feedRecords.js';
import type { EstablishmentEntry, ImportContext, UnitEntry } from './importContext.js';
import {
  establishmentTypeOf,
  levelOfClassName,
  levelOfLabel,
  levelOfMefCode,
  SECONDARY_TYPES,
} from './mappingTables.js';
import type { AafRecord } from './readAafRecords.js';
import type { Columns } from './sqlBulk.js';
import { placeNameCase } from './values.js';

const ESTABLISHMENT_COLUMNS: Columns = {
  id: 'uuid',
  uai: 'text',
  name: 'text',
  type: 'text',
  city: 'text',
  external_id: 'text',
  aaf_declares_classes: 'boolean',
  aaf_declares_groups: 'boolean',
  updated_at: 'timestamptz',
};
const ESTABLISHMENT_SET: Columns = {
  uai: 'text',
  name: 'text',
  type: 'text',
  city: 'text',
  external_id: 'text',
  aaf_declares_classes: 'boolean',
  aaf_declares_groups: 'boolean',
  updated_at: 'timestamptz',
};
const CLASS_COLUMNS: Columns = {
  id: 'uuid',
  establishment_id: 'uuid',
  name: 'text',
  level: 'text',
  academic_year: 'text',
  active: 'boolean',
  external_id: 'text',
  updated_at: 'timestamptz',
};
const GROUP_COLUMNS: Columns = {
  id: 'uuid',
  establishment_id: 'uuid',
  name: 'text',
  academic_year: 'text',
  active: 'boolean',
  external_id: 'text',
  updated_at: 'timestamptz',
};

export interface Item<T> {
  record: AafRecord;
  data: T;
}

/** EtabEducNat: establishments by jointure (or UAI, for establishments created by hand), their declared classes and groups. */
export function applyEstablishments(ctx: ImportContext, items: readonly Item<EstablishmentData>[]): void {
  const { cache, run } = ctx;
  for (const { record, data } of items) {
    if (record.operation === 'delete') {
      ctx.warn(record, 'IGNORED_DELETE', 'la suppression d’un établissement n’est pas faite par l’import : à décider par l’administration');
      continue;
    }
    const known = cache.establishment(data.jointure) ?? (data.uai ? cache.establishmentsByUai.get(data.uai) : undefined);
    if (!known && record.operation === 'modify') {
      ctx.warn(record, 'UNKNOWN_PERSON', `établissement ${data.jointure} inconnu : modification ignorée`);
      continue;
    }
    const type = data.typeText === undefined ? known?.type : (establishmentTypeOf(data.typeText) ?? known?.type ?? defaultType(ctx, record, data));
    const next: EstablishmentEntry = {
      id: known?.id ?? randomUUID(),
      jointure: data.jointure,
      uai: data.uai || known?.uai || '',
      name: data.name || known?.name || data.uai || data.jointure,
      type: type ?? 'ECOLE_ELEMENTAIRE',
      city: data.city === undefined ? (known?.city ?? '') : placeNameCase(data.city),
      declaresClasses: data.classes === undefined ? (known?.declaresClasses ?? false) : data.classes.length > 0,
      declaresGroups: data.groups === undefined ? (known?.declaresGroups ?? false) : data.groups.length > 0,
    };
    const row = {
      id: next.id,
      uai: next.uai,
      name: next.name,
      type: next.type,
      city: next.city,
      external_id: next.jointure,
      aaf_declares_classes: next.declaresClasses,
      aaf_declares_groups: next.declaresGroups,
      updated_at: run.now,
    };
    const base = { entityType: 'ESTABLISHMENT', kind: 'ETABLISSEMENT', entityId: next.id, externalId: next.jointure, establishmentId: next.id, label: next.name, file: record.file, line: record.line } as const;
    if (!known) {
      ctx.writes.insert('establishments', ESTABLISHMENT_COLUMNS, row);
      cache.putEstablishment(next);
      ctx.record({ ...base, action: 'CREATE', before: null, after: { uai: next.uai, name: next.name, type: next.type, city: next.city } });
    } else {
      const fields = ['jointure', 'uai', 'name', 'type', 'city', 'declaresClasses', 'declaresGroups'] as const;
      const changed = fields.filter((field) => known[field] !== next[field]);
      if (changed.length > 0) {
        ctx.writes.update('establishments', { id: 'uuid' }, ESTABLISHMENT_SET, row);
        cache.putEstablishment(next);
        ctx.record({
          ...base,
          action: 'UPDATE',
          before: Object.fromEntries(changed.map((field) => [field === 'jointure' ? 'externalIds' : field, known[field]])),
          after: Object.fromEntries(changed.map((field) => [field === 'jointure' ? 'externalIds' : field, next[field]])),
        });
      }
    }
    if (ctx.file?.mode === 'FULL') ctx.coverage.add(next.id);
    for (const unit of data.classes ?? []) ensureClass(ctx, next, unit.code, { declared: unit, record });
    for (const unit of data.groups ?? []) ensureGroup(ctx, next, unit.code, { declared: unit, record });
  }
}

function defaultType(ctx: ImportContext, record: AafRecord, data: EstablishmentData): EstablishmentType {
  ctx.warn(record, 'UNKNOWN_ESTABLISHMENT_TYPE', `type d’établissement « ${data.typeText ?? ''} » non reconnu : école élémentaire retenue`);
  return 'ECOLE_ELEMENTAIRE';
}

export interface UnitHints {
  /** The establishment's own declaration (ENTStructureClasses/Groupes): name and MEFs. */
  declared?: DeclaredUnit;
  /** MEF codes and level labels of the pupil who names the class. */
  mefCodes?: readonly string[];
  levelLabels?: readonly string[];
  record: AafRecord;
}

/** A numeric code reads badly (primary feeds): the label, when there is one, names the class. */
function unitName(code: string, declared: DeclaredUnit | undefined): string {
  const label = declared?.label?.trim();
  return label && /^[0-9]+$/.test(code) ? label : code;
}

/** The class `code` of the establishment for the run's year: found, adopted (made by hand, same name) or created. */
export function ensureClass(ctx: ImportContext, establishment: EstablishmentEntry, code: string, hints: UnitHints): UnitEntry {
  const { cache, run } = ctx;
  const known = cache.classes.byCode(establishment.id, code);
  if (known) {
    ctx.touchedClasses.add(known.id);
    const changes: Record<string, [unknown, unknown]> = {};
    if (!known.active) changes['active'] = [false, true];
    if (hints.declared) {
      const level = levelFor(ctx, establishment, code, hints, false);
      if (level && level !== known.level) changes['level'] = [known.level, level];
    }
    if (Object.keys(changes).length > 0) {
      const next = { ...known, active: true, level: (changes['level']?.[1] as string | undefined) ?? known.level };
      ctx.writes.update('classes', { id: 'uuid' }, { active: 'boolean', level: 'text', updated_at: 'timestamptz' }, {
        id: known.id,
        active: true,
        level: next.level,
        updated_at: run.now,
      });
      cache.classes.put(next);
      recordUnit(ctx, 'CLASS', 'UPDATE', next, establishment, hints.record, changes);
      return next;
    }
    return known;
  }
  let name = unitName(code, hints.declared);
  const sameName = cache.classes.byName(establishment.id, name);
  // A class made by hand before the feed arrived: the feed takes it over.
  if (sameName && sameName.code === null) return adoptUnit(ctx, 'CLASS', establishment, sameName, code, hints);
  if (sameName) name = `${name} (${code})`;
  const level = levelFor(ctx, establishment, code, hints, true) as string;
  const entry: UnitEntry = { id: randomUUID(), establishmentId: establishment.id, code, name, level, active: true };
  ctx.writes.insert('classes', CLASS_COLUMNS, {
    id: entry.id,
    establishment_id: establishment.id,
    name,
    level,
    academic_year: run.academicYear,
    active: true,
    external_id: `${establishment.jointure}$${code}`,
    updated_at: run.now,
  });
  cache.classes.put(entry);
  ctx.touchedClasses.add(entry.id);
  recordUnit(ctx, 'CLASS', 'CREATE', entry, establishment, hints.record, { name: [null, name], level: [null, level] });
  return entry;
}

export function ensureGroup(ctx: ImportContext, establishment: EstablishmentEntry, code: string, hints: UnitHints): UnitEntry {
  const { cache, run } = ctx;
  const known = cache.groups.byCode(establishment.id, code);
  if (known) {
    ctx.touchedGroups.add(known.id);
    if (known.active) return known;
    const next = { ...known, active: true };
    ctx.writes.update('groups', { id: 'uuid' }, { active: 'boolean', updated_at: 'timestamptz' }, { id: known.id, active: true, updated_at: run.now });
    cache.groups.put(next);
    recordUnit(ctx, 'GROUP', 'UPDATE', next, establishment, hints.record, { active: [false, true] });
    return next;
  }
  let name = unitName(code, hints.declared);
  const sameName = cache.groups.byName(establishment.id, name);
  if (sameName && sameName.code === null) return adoptUnit(ctx, 'GROUP', establishment, sameName, code, hints);
  if (sameName) name = `${name} (${code})`;
  const entry: UnitEntry = { id: randomUUID(), establishmentId: establishment.id, code, name, level: null, active: true };
  ctx.writes.insert('groups', GROUP_COLUMNS, {
    id: entry.id,
    establishment_id: establishment.id,
    name,
    academic_year: run.academicYear,
    active: true,
    external_id: `${establishment.jointure}$${code}`,
    updated_at: run.now,
  });
  cache.groups.put(entry);
  ctx.touchedGroups.add(entry.id);
  recordUnit(ctx, 'GROUP', 'CREATE', entry, establishment, hints.record, { name: [null, name] });
  return entry;
}

/** A class or group made by hand before the feed named it: the feed takes it over, keeping its id. */
function adoptUnit(
  ctx: ImportContext,
  kind: 'CLASS' | 'GROUP',
  establishment: EstablishmentEntry,
  sameName: UnitEntry,
  code: string,
  hints: UnitHints,
): UnitEntry {
  const adopted = { ...sameName, code, active: true };
  const externalId = `${establishment.jointure}$${code}`;
  ctx.writes.update(kind === 'CLASS' ? 'classes' : 'groups', { id: 'uuid' }, { external_id: 'text', active: 'boolean', updated_at: 'timestamptz' }, {
    id: adopted.id,
    external_id: externalId,
    active: true,
    updated_at: ctx.run.now,
  });
  (kind === 'CLASS' ? ctx.cache.classes : ctx.cache.groups).put(adopted);
  (kind === 'CLASS' ? ctx.touchedClasses : ctx.touchedGroups).add(adopted.id);
  recordUnit(ctx, kind, 'UPDATE', adopted, establishment, hints.record, { externalIds: [null, externalId] });
  return adopted;
}

function recordUnit(
  ctx: ImportContext,
  entityType: 'CLASS' | 'GROUP',
  action: 'CREATE' | 'UPDATE',
  unit: UnitEntry,
  establishment: EstablishmentEntry,
  record: AafRecord,
  changes: Record<string, [unknown, unknown]>,
): void {
  ctx.record({
    action,
    entityType,
    kind: entityType === 'CLASS' ? 'CLASSE' : 'GROUPE',
    entityId: unit.id,
    externalId: `${establishment.jointure}$${unit.code}`,
    establishmentId: establishment.id,
    label: unit.name,
    before: action === 'CREATE' ? null : Object.fromEntries(Object.entries(changes).map(([key, [before]]) => [key, before])),
    after: Object.fromEntries(Object.entries(changes).map(([key, [, after]]) => [key, after])),
    file: record.file,
    line: record.line,
  });
}

/**
 * A class's level, as best the feed allows: the level of its MEFs as the MefEducNat file labels them (the
 * establishment's declaration first, then the pupil's), then the pupil's level labels (ENTEleveLibelleMEF,
 * ENTEleveNiveau…), then the MEF code's « dispositif » digits, then the class name, and last the
 * establishment's first level (reported as a warning).
 */
function levelFor(ctx: ImportContext, establishment: EstablishmentEntry, code: string, hints: UnitHints, mustAnswer: boolean): string | undefined {
  const mefCodes = [...(hints.declared?.mefCodes ?? []), ...(hints.mefCodes ?? [])];
  for (const mef of mefCodes) {
    const known = ctx.cache.mefs.get(mef);
    const level = known?.level ?? levelOfLabel(known?.label);
    if (level) return level;
  }
  for (const label of hints.levelLabels ?? []) {
    const level = levelOfLabel(label);
    if (level) return level;
  }
  for (const mef of mefCodes) {
    const level = levelOfMefCode(mef);
    if (level) return level;
  }
  const secondary = SECONDARY_TYPES.includes(establishment.type);
  const fromName = levelOfClassName(hints.declared?.label ?? '', secondary) ?? levelOfClassName(code, secondary);
  if (fromName) return fromName;
  if (!mustAnswer) return undefined;
  const fallback = ESTABLISHMENT_KINDS[establishment.type].levels[0] as string;
  ctx.warn(hints.record, 'GUESSED_LEVEL', `niveau de la classe ${code} introuvable dans le flux : ${fallback} retenu`);
  return fallback;
}

export function applySubjects(ctx: ImportContext, items: readonly Item<SubjectData>[]): void {
  for (const { record, data } of items) {
    if (record.operation === 'delete') continue;
    const before = ctx.cache.subjects.get(data.code);
    const label = data.label ?? before ?? data.code;
    if (before === label) continue;
    ctx.writes.insert('directory_subjects', { code: 'text', label: 'text', national_code: 'text', updated_at: 'timestamptz' }, {
      code: data.code,
      label,
      national_code: data.nationalCode ?? null,
      updated_at: ctx.run.now,
    });
    if (before !== undefined) ctx.writes.delete('directory_subjects', { code: 'text' }, { code: data.code });
    ctx.cache.subjects.set(data.code, label);
    ctx.record({
      action: before === undefined ? 'CREATE' : 'UPDATE',
      entityType: 'SUBJECT',
      kind: 'MATIERE',
      entityId: null,
      externalId: data.code,
      establishmentId: null,
      label,
      before: before === undefined ? null : { label: before },
      after: { label },
      file: record.file,
      line: record.line,
    });
  }
}

export function applyMefs(ctx: ImportContext, items: readonly Item<MefData>[]): void {
  for (const { record, data } of items) {
    if (record.operation === 'delete') continue;
    const before = ctx.cache.mefs.get(data.code);
    const label = data.label ?? before?.label ?? data.code;
    const level = levelOfLabel(data.levelLabel ?? undefined) ?? levelOfLabel(label) ?? levelOfMefCode(data.code) ?? null;
    if (before && before.label === label && before.level === level) continue;
    ctx.writes.insert('directory_mefs', { code: 'text', label: 'text', stat11: 'text', level: 'text', updated_at: 'timestamptz' }, {
      code: data.code,
      label,
      stat11: data.stat11 ?? null,
      level,
      updated_at: ctx.run.now,
    });
    if (before) ctx.writes.delete('directory_mefs', { code: 'text' }, { code: data.code });
    ctx.cache.mefs.set(data.code, { label, level });
    ctx.record({
      action: before ? 'UPDATE' : 'CREATE',
      entityType: 'MEF',
      kind: 'MEF',
      entityId: null,
      externalId: data.code,
      establishmentId: null,
      label,
      before: before ? { label: before.label, level: before.level } : null,
      after: { label, level },
      file: record.file,
      line: record.line,
    });
  }
}
