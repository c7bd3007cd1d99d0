import type { Profile } from '@ent/kit';
import { sql } from 'kysely';
import { POLYVALENT } from '../seed/curriculum.js';
import type { StaffData, TeachingData, UnitRef } from './feedRecords.js';
import type { EstablishmentEntry, ImportContext, UnitEntry } from './importContext.js';
import { profileOfFunction } from './mappingTables.js';
import {
  type CreatedUser,
  type CurrentItem,
  changedFields,
  createUser,
  desiredIdentity,
  diffSet,
  displayName,
  identityOfUser,
  PersonChange,
  type SetItem,
  updateIdentity,
  usersByExternalIds,
} from './people.js';
import { applyProfileDiff, firstEstablishment, loadProfiles, profileItems } from './pupils.js';
import { anyOf, type Columns } from './sqlBulk.js';
import { ensureClass, ensureGroup, type Item } from './structures.js';
import { sentenceCase } from './values.js';

const TEACHING_COLUMNS: Columns = {
  teacher_id: 'uuid',
  class_id: 'uuid',
  group_id: 'uuid',
  subject: 'text',
  head_teacher: 'boolean',
  source_external_id: 'text',
};

interface TeachingRow {
  id: string;
  teacher_id: string;
  class_id: string | null;
  group_id: string | null;
  subject: string;
  head_teacher: boolean;
  source_external_id: string | null;
}

/** « ENSEIGNEMENT » + « SCIENCES PHYSIQUES » → « Enseignement — sciences physiques ». */
function functionLabel(label: string, discipline: string): string {
  const main = sentenceCase(label || 'Fonction');
  const detail = discipline && discipline.toUpperCase() !== label.toUpperCase() ? discipline.toLowerCase() : '';
  return detail ? `${main} — ${detail}` : main;
}

/**
 * The establishments a staff record places the person in: functions, headships, attachments. Unknown
 * structures are normal for people whose functions span academies; the caller decides whether none known is an error.
 */
export function staffEstablishments(ctx: ImportContext, data: StaffData): { known: Set<string>; unknown: Set<string> } {
  const known = new Set<string>();
  const unknown = new Set<string>();
  const structures = [
    ...(data.functions ?? []).map((fn) => fn.structure),
    ...(data.directorOf ?? []),
    ...(data.attachments ?? []),
  ];
  for (const structure of structures) {
    const establishment = ctx.cache.establishment(structure);
    if (establishment) known.add(establishment.id);
    else unknown.add(structure);
  }
  return { known, unknown };
}

/** PersEducNat: teachers, direction and other staff, their functions per establishment and what they teach to which class or group. */
export async function applyStaff(ctx: ImportContext, items: readonly Item<StaffData>[], created: CreatedUser[]): Promise<void> {
  const jointures = [...new Set(items.map((item) => item.data.jointure))];
  const users = await usersByExternalIds(ctx.db, jointures);
  const userIds = [...new Set([...users.values()].map((user) => user.id))];
  const profiles = await loadProfiles(ctx, userIds);
  const teachings = new Map<string, TeachingRow[]>();
  if (userIds.length > 0) {
    // This year's teaching only: last year's classes keep their teachers as history.
    const { rows } = await sql<TeachingRow>`
      select t.id, t.teacher_id, t.class_id, t.group_id, t.subject, t.head_teacher, t.source_external_id
      from teaching_assignments t
        left join classes c on c.id = t.class_id
        left join groups g on g.id = t.group_id
      where t.teacher_id = ${anyOf(userIds, 'uuid')} and coalesce(c.academic_year, g.academic_year) = ${ctx.run.academicYear}`.execute(ctx.db);
    for (const row of rows) {
      const list = teachings.get(row.teacher_id) ?? [];
      list.push(row);
      teachings.set(row.teacher_id, list);
    }
  }

  for (const { record, data } of items) {
    const jointure = data.jointure;
    let user = users.get(jointure);
    if (!user && record.operation !== 'add') {
      ctx.warn(record, 'UNKNOWN_PERSON', `personnel ${jointure} inconnu de l’annuaire : ${record.operation === 'delete' ? 'suppression' : 'modification'} ignorée`);
      continue;
    }
    const removing = record.operation === 'delete';
    if (!removing) ctx.markSeen('PersEducNat', jointure);
    const currentProfiles = profileItems(ctx, user ? profiles.get(user.id) : undefined);
    const currentTeaching: (CurrentItem & { row: TeachingRow })[] = (user ? (teachings.get(user.id) ?? []) : []).map((row) => ({
      key: `${row.class_id ?? row.group_id}|${row.subject}`,
      display: teachingDisplay(ctx, row.class_id, row.group_id, row.subject, row.head_teacher),
      value: String(row.head_teacher),
      source: row.source_external_id,
      row,
    }));

    let wantedProfiles: SetItem[] = [];
    let wantedTeaching: (SetItem & { classId: string | null; groupId: string | null; subject: string; head: boolean })[] = [];
    if (!removing) {
      if (data.functions !== undefined || data.directorOf !== undefined) wantedProfiles = staffProfiles(ctx, record, data);
      else wantedProfiles = currentProfiles.filter((item) => item.source === jointure);
      if (data.classSubjects !== undefined || data.groupSubjects !== undefined || data.teacherClasses !== undefined || data.headClasses !== undefined) {
        wantedTeaching = staffTeaching(ctx, record, data);
      } else {
        wantedTeaching = currentTeaching
          .filter((item) => item.source === jointure)
          .map((item) => ({ ...item, classId: item.row.class_id, groupId: item.row.group_id, subject: item.row.subject, head: item.row.head_teacher }));
      }
    }

    const currentIdentity = user ? identityOfUser(user) : undefined;
    const speaksForIdentity = !user || user.external_id === jointure;
    const identity = speaksForIdentity && !removing ? desiredIdentity(currentIdentity, data) : (currentIdentity as NonNullable<typeof currentIdentity>);
    const isNew = !user;
    if (!user) {
      user = createUser(ctx, created, jointure, 'PersEducNat', identity);
      users.set(jointure, user);
    } else if (currentIdentity && changedFields(currentIdentity, identity).length > 0) updateIdentity(ctx, user.id, identity);
    const userId = user.id;

    const profileDiff = diffSet(currentProfiles, wantedProfiles, jointure);
    applyProfileDiff(ctx, userId, profileDiff, jointure);
    const teachingDiff = diffSet(currentTeaching, wantedTeaching, jointure);
    for (const item of teachingDiff.removed) {
      ctx.writes.delete('teaching_assignments', { id: 'uuid' }, { id: (item as (typeof currentTeaching)[number]).row.id });
    }
    for (const item of teachingDiff.added) {
      ctx.writes.insert(
        'teaching_assignments',
        TEACHING_COLUMNS,
        { teacher_id: userId, class_id: item.classId, group_id: item.groupId, subject: item.subject, head_teacher: item.head, source_external_id: jointure },
        true,
      );
    }
    for (const { before, after } of teachingDiff.changed) {
      ctx.writes.update('teaching_assignments', { id: 'uuid' }, { head_teacher: 'boolean' }, {
        id: (before as (typeof currentTeaching)[number]).row.id,
        head_teacher: after.head,
      });
    }

    const change = new PersonChange();
    change.identity(currentIdentity, identity);
    change.set('profiles', profileDiff, isNew);
    change.set('teaching', teachingDiff, isNew);
    if (change.empty && !isNew) continue;
    const establishmentId = firstEstablishment(wantedProfiles.map((item) => ({ ...item, source: null }))) ?? firstEstablishment(currentProfiles) ?? null;
    ctx.record({
      action: isNew ? 'CREATE' : removing ? 'DELETE' : 'UPDATE',
      entityType: 'USER',
      kind: 'PERSONNEL',
      entityId: userId,
      externalId: jointure,
      establishmentId,
      label: displayName(identity),
      before: isNew ? null : change.before,
      after: change.after,
      file: record.file,
      line: record.line,
      quiet: removing && currentProfiles.every((item) => item.source === jointure),
    });
  }
}

function staffProfiles(ctx: ImportContext, record: Item<StaffData>['record'], data: StaffData): SetItem[] {
  const labels = new Map<string, string[]>();
  const add = (profile: Profile, establishment: EstablishmentEntry, label: string) => {
    const key = `${profile}|${establishment.id}`;
    const list = labels.get(key) ?? [];
    if (!list.includes(label)) list.push(label);
    labels.set(key, list);
  };
  const outside = new Set<string>();
  for (const fn of data.functions ?? []) {
    const profile = profileOfFunction(fn.code);
    if (!profile) continue;
    const establishment = ctx.cache.establishment(fn.structure);
    if (!establishment) {
      outside.add(fn.structure);
      continue;
    }
    add(profile, establishment, functionLabel(fn.label, fn.disciplineLabel));
  }
  for (const structure of data.directorOf ?? []) {
    const establishment = ctx.cache.establishment(structure);
    if (establishment) add('DIRECTION', establishment, 'Direction d’école');
    else outside.add(structure);
  }
  if (outside.size > 0) {
    ctx.warn(record, 'OUTSIDE_ESTABLISHMENT', `fonctions dans ${outside.size} établissement(s) hors de l’annuaire (${[...outside].slice(0, 5).join(', ')}${outside.size > 5 ? '…' : ''}) : ignorées`);
  }
  return [...labels.entries()].map(([key, list]) => {
    const [profile, establishmentId] = key.split('|') as [string, string];
    return { key, display: `${profile} ${ctx.establishmentLabel(establishmentId)}`, value: list.join(' / ') };
  });
}

function teachingDisplay(ctx: ImportContext, classId: string | null, groupId: string | null, subject: string, head: boolean): string {
  const target = classId ? ctx.cache.classes.nameOf(classId) : ctx.cache.groups.nameOf(groupId ?? '');
  return `${target} ${subject}${head ? ' (professeur principal)' : ''}`;
}

function staffTeaching(ctx: ImportContext, record: Item<StaffData>['record'], data: StaffData) {
  const { cache } = ctx;
  const heads = new Set((data.headClasses ?? []).map((ref) => `${ref.structure}$${ref.code}`));
  const wanted = new Map<string, SetItem & { classId: string | null; groupId: string | null; subject: string; head: boolean }>();
  const unknownSubjects = new Set<string>();
  const subjectOf = (code: string) => {
    if (!code) return POLYVALENT;
    const label = cache.subjects.get(code);
    if (label === undefined) unknownSubjects.add(code);
    return label ?? code;
  };
  const resolveClass = (ref: UnitRef): UnitEntry | undefined => {
    const establishment = cache.establishment(ref.structure);
    if (!establishment) return undefined;
    if (establishment.declaresClasses && !cache.classes.byCode(establishment.id, ref.code)) {
      ctx.warn(record, 'UNKNOWN_TEACHER_CLASS', `classe ${ref.code} absente de la liste des classes de ${establishment.uai} : enseignement ignoré`);
      return undefined;
    }
    return ensureClass(ctx, establishment, ref.code, { record });
  };
  const resolveGroup = (ref: UnitRef): UnitEntry | undefined => {
    const establishment = cache.establishment(ref.structure);
    if (!establishment) return undefined;
    if (establishment.declaresGroups && !cache.groups.byCode(establishment.id, ref.code)) {
      ctx.warn(record, 'UNKNOWN_GROUP', `groupe ${ref.code} absent de la liste des groupes de ${establishment.uai} : enseignement ignoré`);
      return undefined;
    }
    return ensureGroup(ctx, establishment, ref.code, { record });
  };
  const put = (unit: UnitEntry, kind: 'class' | 'group', teaching: TeachingData, head: boolean) => {
    const subject = subjectOf(teaching.subject);
    const key = `${unit.id}|${subject}`;
    const known = wanted.get(key);
    const isHead = head || (known?.head ?? false);
    wanted.set(key, {
      key,
      display: `${unit.name} ${subject}${isHead ? ' (professeur principal)' : ''}`,
      value: String(isHead),
      classId: kind === 'class' ? unit.id : null,
      groupId: kind === 'group' ? unit.id : null,
      subject,
      head: isHead,
    });
  };
  for (const teaching of data.classSubjects ?? []) {
    const unit = resolveClass(teaching);
    if (unit) put(unit, 'class', teaching, heads.has(`${teaching.structure}$${teaching.code}`));
  }
  for (const teaching of data.groupSubjects ?? []) {
    const unit = resolveGroup(teaching);
    if (unit) put(unit, 'group', teaching, false);
  }
  // Primary schools: the teacher of a class teaches it everything.
  for (const ref of data.teacherClasses ?? []) {
    const unit = resolveClass(ref);
    if (unit) put(unit, 'class', { ...ref, subject: '' }, heads.has(`${ref.structure}$${ref.code}`));
  }
  for (const ref of data.headClasses ?? []) {
    const unit = cache.establishment(ref.structure) ? cache.classes.byCode((cache.establishment(ref.structure) as EstablishmentEntry).id, ref.code) : undefined;
    if (unit && ![...wanted.values()].some((item) => item.classId === unit.id)) {
      ctx.warn(record, 'HEAD_TEACHER_WITHOUT_SUBJECT', `professeur principal de ${ref.code} sans enseignement déclaré dans cette classe : ignoré`);
    }
  }
  if (unknownSubjects.size > 0) {
    ctx.warn(record, 'UNKNOWN_SUBJECT', `matière(s) ${[...unknownSubjects].join(', ')} absente(s) des fichiers MatiereEducNat : code gardé comme libellé`);
  }
  return [...wanted.values()];
}
