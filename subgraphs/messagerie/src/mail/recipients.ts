import { badUserInput, type Profile, STAFF_PROFILES, type Viewer } from '@ent/kit';
import type { MessagerieContext } from '../context.js';
import type { Addressee, PupilLabel } from '../db/database.js';
import type { EstablishmentDirectory, Me } from '../directory/annuaireClient.js';
import { format, messages } from '../messages.js';
import { findSettings } from './repository.js';
import { DEFAULT_QUIET_HOURS, PRIMARY_TYPES, type QuietHours, type Rules, rulesOf, VIE_SCOLAIRE } from './rules.js';

/**
 * Recipients are keys `<kind>:<establishmentId>:<id>`:
 * - `person:E:userId` — one person;
 * - `pupils:E:classId`, `parents:E:classId`, `teachers:E:classId` — a class's lists;
 * - `staff:E:E` — the establishment's staff.
 * The picker offers what `recipientOptions` computes; `sendMessage` computes the same set again on the
 * server and refuses any key outside it (a forged list), then expands the lists from the directory at
 * send time.
 */
export type RecipientKind = 'person' | 'pupils' | 'parents' | 'teachers' | 'staff';
const KINDS: readonly RecipientKind[] = ['person', 'pupils', 'parents', 'teachers', 'staff'];
const KEY = /^(person|pupils|parents|teachers|staff):([0-9a-f-]{36}):([0-9a-f-]{36})$/i;

export interface RecipientOption {
  key: string;
  kind: 'PERSON' | 'LIST';
  label: string;
  description: string | null;
  establishmentId: string;
  userId: string | null;
  /** Picker section: « Enseignants », « Vie scolaire », « Listes »… */
  section: string;
}

export interface EstablishmentScope {
  id: string;
  name: string;
  primary: boolean;
  rules: Rules;
  quiet: QuietHours;
  roles: Set<Profile>;
  functionLabels: string[];
}

export function parseKey(key: string): { kind: RecipientKind; establishmentId: string; id: string } | null {
  const match = KEY.exec(key);
  if (!match) return null;
  const kind = match[1] as RecipientKind;
  return KINDS.includes(kind) ? { kind, establishmentId: match[2] as string, id: match[3] as string } : null;
}

const keyOf = (kind: RecipientKind, establishmentId: string, id: string) => `${kind}:${establishmentId}:${id}`;

const STAFF_HERE: readonly Profile[] = STAFF_PROFILES.filter((profile) => profile !== 'ADMIN_DEPARTEMENT');
const WHOLE_ESTABLISHMENT: readonly Profile[] = ['DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'];

/** The viewer's establishments where the module is on, with their rules, quiet hours and the viewer's roles there. */
export async function scopesOf(ctx: MessagerieContext, viewer: Viewer): Promise<Map<string, EstablishmentScope>> {
  const me = await ctx.annuaire.me();
  const byId = new Map<string, EstablishmentScope>();
  for (const grant of me.profiles) {
    const establishment = grant.establishment;
    if (!establishment) continue;
    let scope = byId.get(establishment.id);
    if (!scope) {
      const primary = PRIMARY_TYPES.includes(establishment.type);
      scope = {
        id: establishment.id,
        name: establishment.name,
        primary,
        rules: rulesOf(undefined, primary),
        quiet: DEFAULT_QUIET_HOURS,
        roles: new Set(),
        functionLabels: [],
      };
      byId.set(establishment.id, scope);
    }
    scope.roles.add(grant.profile);
    if (grant.functionLabel) scope.functionLabels.push(grant.functionLabel);
  }
  const enabled = new Set(await ctx.gate.enabledEstablishments([...byId.keys()]));
  for (const id of [...byId.keys()]) if (!enabled.has(id)) byId.delete(id);
  for (const row of await findSettings(ctx.db, [...byId.keys()])) {
    const scope = byId.get(row.establishment_id);
    if (!scope) continue;
    scope.rules = rulesOf(row.rules, scope.primary);
    scope.quiet = {
      start: row.quiet_start ?? DEFAULT_QUIET_HOURS.start,
      end: row.quiet_end ?? DEFAULT_QUIET_HOURS.end,
      weekends: row.quiet_weekends ?? DEFAULT_QUIET_HOURS.weekends,
    };
  }
  void viewer;
  return byId;
}

export const isStaffIn = (scope: EstablishmentScope) => STAFF_HERE.some((profile) => scope.roles.has(profile));

/** Direction and vie scolaire: they may mark a message urgent (it bypasses quiet hours). */
export const mayMarkUrgent = (scope: EstablishmentScope) =>
  scope.roles.has('DIRECTION') || (scope.roles.has('PERSONNEL') && scope.functionLabels.some((label) => VIE_SCOLAIRE.test(label)));

/** Moderators of an establishment: its direction and local administrators. */
export const isModeratorIn = (scope: EstablishmentScope | undefined) => !!scope && (scope.roles.has('DIRECTION') || scope.roles.has('ADMIN_LOCAL'));

class OptionSet {
  readonly byKey = new Map<string, RecipientOption>();
  add(option: RecipientOption) {
    const known = this.byKey.get(option.key);
    if (!known) this.byKey.set(option.key, option);
    else if (option.description && known.description && !known.description.includes(option.description)) {
      known.description = `${known.description} ; ${option.description}`;
    }
  }
}

const staffSection = (member: { profile: Profile; functionLabel: string | null }) =>
  member.profile === 'DIRECTION'
    ? 'Direction'
    : member.profile === 'PERSONNEL' && VIE_SCOLAIRE.test(member.functionLabel ?? '')
      ? 'Vie scolaire'
      : member.profile === 'ENSEIGNANT'
        ? 'Enseignants'
        : 'Personnel';

/** What the viewer may write to, per the establishment's rules (without the staff's directory search). */
export async function recipientOptions(ctx: MessagerieContext, viewer: Viewer): Promise<RecipientOption[]> {
  const me = await ctx.annuaire.me();
  const scopes = await scopesOf(ctx, viewer);
  const set = new OptionSet();
  const person = (establishmentId: string, id: string, label: string, description: string | null, section: string) => {
    if (id === viewer.userId) return;
    set.add({ key: keyOf('person', establishmentId, id), kind: 'PERSON', label, description, establishmentId, userId: id, section });
  };

  for (const scope of scopes.values()) {
    const directory = await ctx.annuaire.establishment(scope.id);
    if (!directory) continue;
    if (isStaffIn(scope)) addStaffOptions(set, me, scope, directory, person);
    if (scope.roles.has('ELEVE')) await addPupilOptions(ctx, set, me, scope, directory, person);
    if (scope.roles.has('PARENT')) await addParentOptions(ctx, set, me, scope, directory, person);
  }
  return [...set.byKey.values()];
}

type PersonAdder = (establishmentId: string, id: string, label: string, description: string | null, section: string) => void;

function addStaffOptions(set: OptionSet, me: Me, scope: EstablishmentScope, directory: EstablishmentDirectory, person: PersonAdder) {
  // Direction, personnel and administrators reach every class; a teacher the classes they teach (the
  // directory lists a class's pupils only to them).
  const wide = WHOLE_ESTABLISHMENT.some((profile) => scope.roles.has(profile));
  const taught = new Map(me.teachings.flatMap((teaching) => (teaching.class?.establishmentId === scope.id ? [[teaching.class.id, teaching.class]] : [])));
  const classes = wide ? directory.classes : [...taught.values()];
  for (const schoolClass of classes) {
    const values = { className: schoolClass.name };
    set.add(list('parents', scope.id, schoolClass.id, format(messages.listParents, values)));
    set.add(list('pupils', scope.id, schoolClass.id, format(messages.listPupils, values)));
    set.add(list('teachers', scope.id, schoolClass.id, format(messages.listTeachers, values)));
  }
  set.add(list('staff', scope.id, scope.id, format(messages.listStaff, { establishment: directory.name })));
  for (const member of directory.staff) {
    person(scope.id, member.user.id, member.user.displayName, member.functionLabel, staffSection(member));
  }
}

async function addPupilOptions(
  ctx: MessagerieContext,
  set: OptionSet,
  me: Me,
  scope: EstablishmentScope,
  directory: EstablishmentDirectory,
  person: PersonAdder,
) {
  const classes = me.classes.filter((schoolClass) => schoolClass.establishmentId === scope.id);
  if (scope.rules.pupilsToTeachers) {
    const teachers = await ctx.annuaire.classTeachers(classes.map((schoolClass) => schoolClass.id));
    for (const schoolClass of teachers.values()) {
      for (const teaching of schoolClass.teachings) {
        person(scope.id, teaching.teacher.id, teaching.teacher.displayName, format(messages.teacherOf, { subject: teaching.subject, className: schoolClass.name }), 'Enseignants');
      }
    }
  }
  addFamilyStaff(set, scope, directory, person, scope.rules.pupilsToDirection, scope.rules.pupilsToVieScolaire);
  if (scope.rules.pupilsToClassmates) {
    for (const schoolClass of classes) {
      const pupils = await ctx.annuaire.classPupils(schoolClass.id, false);
      for (const pupil of pupils?.pupils ?? []) person(scope.id, pupil.id, pupil.displayName, schoolClass.name, 'Camarades');
    }
  }
}

async function addParentOptions(
  ctx: MessagerieContext,
  set: OptionSet,
  me: Me,
  scope: EstablishmentScope,
  directory: EstablishmentDirectory,
  person: PersonAdder,
) {
  const children = me.children.filter((child) => child.classes.some((schoolClass) => schoolClass.establishmentId === scope.id));
  if (children.length === 0) return;
  if (scope.rules.parentsToTeachers) {
    const classIds = children.flatMap((child) => child.classes.filter((schoolClass) => schoolClass.establishmentId === scope.id).map((schoolClass) => schoolClass.id));
    const teachers = await ctx.annuaire.classTeachers(classIds);
    for (const child of children) {
      for (const schoolClass of child.classes) {
        for (const teaching of teachers.get(schoolClass.id)?.teachings ?? []) {
          const description = format(messages.teacherOfChild, { subject: teaching.subject, child: child.displayName.split(' ')[0] ?? child.displayName });
          person(scope.id, teaching.teacher.id, teaching.teacher.displayName, description, 'Enseignants');
        }
      }
    }
  }
  addFamilyStaff(set, scope, directory, person, scope.rules.parentsToDirection, scope.rules.parentsToVieScolaire);
}

function addFamilyStaff(
  _set: OptionSet,
  scope: EstablishmentScope,
  directory: EstablishmentDirectory,
  person: PersonAdder,
  direction: boolean,
  vieScolaire: boolean,
) {
  for (const member of directory.staff) {
    if (direction && member.profile === 'DIRECTION') person(scope.id, member.user.id, member.user.displayName, member.functionLabel, 'Direction');
    if (vieScolaire && member.profile === 'PERSONNEL' && VIE_SCOLAIRE.test(member.functionLabel ?? '')) {
      person(scope.id, member.user.id, member.user.displayName, member.functionLabel, 'Vie scolaire');
    }
  }
}

function list(kind: RecipientKind, establishmentId: string, id: string, label: string): RecipientOption {
  return { key: keyOf(kind, establishmentId, id), kind: 'LIST', label, description: null, establishmentId, userId: null, section: 'Listes' };
}

/** Staff find individual people of their establishment through the directory's search. */
export async function searchPeople(ctx: MessagerieContext, viewer: Viewer, query: string): Promise<RecipientOption[]> {
  const scopes = await scopesOf(ctx, viewer);
  const found: RecipientOption[] = [];
  for (const scope of scopes.values()) {
    if (!isStaffIn(scope)) continue;
    for (const candidate of await ctx.annuaire.search(query, scope.id)) {
      if (candidate.id === viewer.userId) continue;
      const here = (candidate.profiles ?? []).filter((grant) => grant.establishment?.id === scope.id);
      if (here.length === 0) continue;
      const description = here.map((grant) => grant.functionLabel ?? profileLabel(grant.profile)).join(', ');
      found.push({
        key: keyOf('person', scope.id, candidate.id),
        kind: 'PERSON',
        label: candidate.displayName,
        description,
        establishmentId: scope.id,
        userId: candidate.id,
        section: 'Recherche',
      });
    }
  }
  return found;
}

const PROFILE_LABELS: Record<Profile, string> = {
  ELEVE: 'Élève',
  PARENT: 'Parent',
  ENSEIGNANT: 'Enseignant',
  DIRECTION: 'Direction',
  PERSONNEL: 'Personnel',
  ADMIN_LOCAL: 'Administrateur',
  ADMIN_DEPARTEMENT: 'Administrateur départemental',
};
const profileLabel = (profile: Profile) => PROFILE_LABELS[profile];

export interface ResolvedRecipient {
  userId: string;
  name: string;
  concerning: PupilLabel[];
}

export interface Resolution {
  establishmentId: string;
  addressed: Addressee[];
  recipients: ResolvedRecipient[];
  scope: EstablishmentScope;
}

/**
 * Checks every key against what the rules allow the viewer (plus the sender of the message they answer),
 * then expands lists from the directory, now. Throws BAD_USER_INPUT on `recipients` when any key is
 * outside the rules or unknown: nothing is sent.
 */
export async function resolveRecipients(
  ctx: MessagerieContext,
  viewer: Viewer,
  keys: readonly string[],
  extraAllowed: ReadonlyMap<string, string> = new Map(),
): Promise<Resolution> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) throw badUserInput('recipients', messages.noRecipient);
  if (unique.length > 200) throw badUserInput('recipients', format(messages.tooManyRecipientKeys, { max: 200 }));
  const parsed = unique.map((key) => {
    const value = parseKey(key);
    if (!value) throw badUserInput('recipients', messages.unknownRecipient);
    return { key, ...value };
  });
  const establishments = new Set(parsed.map((entry) => entry.establishmentId));
  if (establishments.size > 1) throw badUserInput('recipients', messages.oneEstablishment);
  const establishmentId = parsed[0]?.establishmentId as string;
  const scopes = await scopesOf(ctx, viewer);
  const scope = scopes.get(establishmentId);
  if (!scope) throw badUserInput('recipients', messages.unknownRecipient);

  const allowed = new Map((await recipientOptions(ctx, viewer)).map((option) => [option.key, option]));
  const addressed: Addressee[] = [];
  for (const entry of parsed) {
    const option = allowed.get(entry.key);
    if (option) {
      addressed.push({ key: entry.key, kind: option.kind, label: option.label });
      continue;
    }
    const extra = extraAllowed.get(entry.key);
    if (extra) {
      addressed.push({ key: entry.key, kind: 'PERSON', label: extra });
      continue;
    }
    // Staff write to anyone of their establishment the directory shows them (found by search).
    if (entry.kind === 'person' && isStaffIn(scope) && entry.id !== viewer.userId) {
      const found = await ctx.annuaire.person(entry.id);
      if (found?.profiles?.some((grant) => grant.establishment?.id === establishmentId)) {
        addressed.push({ key: entry.key, kind: 'PERSON', label: found.displayName });
        continue;
      }
    }
    const label = (entry.kind === 'person' ? (await ctx.annuaire.person(entry.id))?.displayName : undefined) ?? null;
    throw badUserInput('recipients', label ? format(messages.recipientNotAllowed, { label }) : messages.unknownRecipient);
  }

  const recipients = new Map<string, ResolvedRecipient>();
  const add = (userId: string, name: string, concerning?: PupilLabel) => {
    if (userId === viewer.userId) return;
    let recipient = recipients.get(userId);
    if (!recipient) {
      recipient = { userId, name, concerning: [] };
      recipients.set(userId, recipient);
    }
    if (concerning && !recipient.concerning.some((pupil) => pupil.id === concerning.id)) recipient.concerning.push(concerning);
  };
  for (const entry of parsed) {
    const label = addressed.find((item) => item.key === entry.key)?.label ?? entry.key;
    const before = recipients.size;
    let reached = 0;
    if (entry.kind === 'person') {
      add(entry.id, label);
      reached = 1;
    } else if (entry.kind === 'pupils' || entry.kind === 'parents') {
      const schoolClass = await ctx.annuaire.classPupils(entry.id, entry.kind === 'parents');
      for (const pupil of schoolClass?.pupils ?? []) {
        if (entry.kind === 'pupils') {
          add(pupil.id, pupil.displayName);
          reached++;
          continue;
        }
        for (const link of pupil.parents ?? []) {
          if (link.parent.status !== 'ACTIVE') continue;
          add(link.parent.id, link.parent.displayName, { id: pupil.id, name: pupil.displayName });
          reached++;
        }
      }
    } else if (entry.kind === 'teachers') {
      const teachers = await ctx.annuaire.classTeachers([entry.id]);
      for (const teaching of teachers.get(entry.id)?.teachings ?? []) {
        add(teaching.teacher.id, teaching.teacher.displayName);
        reached++;
      }
    } else {
      const directory = await ctx.annuaire.establishment(establishmentId);
      for (const member of directory?.staff ?? []) {
        add(member.user.id, member.user.displayName);
        reached++;
      }
    }
    if (reached === 0 && recipients.size === before) throw badUserInput('recipients', format(messages.emptyList, { label }));
  }
  if (recipients.size === 0) throw badUserInput('recipients', messages.noRecipient);
  return { establishmentId, addressed, recipients: [...recipients.values()], scope };
}
