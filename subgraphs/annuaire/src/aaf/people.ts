import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { PersonIdentity } from './feedRecords.js';
import type { AafDb, ImportContext } from './importContext.js';
import { anyOf, type Columns } from './sqlBulk.js';
import { nameKeyOf, personNameCase } from './values.js';

/** An account as the import compares it. */
export interface UserRow {
  id: string;
  login: string;
  first_name: string;
  last_name: string;
  email: string | null;
  birth_date: string | null;
  ine: string | null;
  name_key: string | null;
  address_key: string | null;
  status: string;
  /** The primary feed identifier: only its records may change the person's identity. */
  external_id: string | null;
}

const USER_FIELDS = sql`u.id, u.login, u.first_name, u.last_name, u.email, u.birth_date::text as birth_date, u.ine, u.name_key,
  u.address_key, u.status, u.external_id`;

/** Accounts designated by feed identifiers (purged accounts have lost theirs). */
export async function usersByExternalIds(db: AafDb, externalIds: readonly string[]): Promise<Map<string, UserRow>> {
  const found = new Map<string, UserRow>();
  if (externalIds.length === 0) return found;
  const { rows } = await sql<UserRow & { key: string }>`
    select e.external_id as key, ${USER_FIELDS}
    from user_external_ids e join users u on u.id = e.user_id
    where e.external_id = ${anyOf(externalIds, 'text')}`.execute(db);
  for (const row of rows) found.set(row.key, row);
  return found;
}

/** Pupils by INE, the national pupil identifier; an INE held by two accounts answers nothing. */
export async function pupilsByIne(db: AafDb, ines: readonly string[]): Promise<Map<string, UserRow>> {
  const found = new Map<string, UserRow>();
  if (ines.length === 0) return found;
  const { rows } = await sql<UserRow>`
    select ${USER_FIELDS} from users u
    where u.ine = ${anyOf(ines, 'text')} and u.purged_at is null and u.merged_into is null`.execute(db);
  const ambiguous = new Set<string>();
  for (const row of rows) {
    const ine = row.ine as string;
    if (found.has(ine)) ambiguous.add(ine);
    found.set(ine, row);
  }
  for (const ine of ambiguous) found.delete(ine);
  return found;
}

export interface Identity {
  firstName: string;
  lastName: string;
  birthDate: string | null;
  ine: string | null;
  email: string | null;
  addressKey: string | null;
}

export function identityOfUser(user: UserRow): Identity {
  return {
    firstName: user.first_name,
    lastName: user.last_name,
    birthDate: user.birth_date,
    ine: user.ine,
    email: user.email,
    addressKey: user.address_key,
  };
}

/**
 * The identity a record asks for. Names follow the feed; birth date, INE, email and address only change
 * when the feed gives a value (an email a person set in the ENT is not cleared by a feed that has none).
 */
export function desiredIdentity(current: Identity | undefined, data: PersonIdentity & { ine?: string | null | undefined }): Identity {
  const name = (value: string | undefined, fallback: string | undefined) =>
    value !== undefined && value.trim() !== '' ? personNameCase(value) : (fallback ?? '');
  return {
    firstName: name(data.firstName, current?.firstName),
    lastName: name(data.lastName, current?.lastName),
    birthDate: data.birthDate ?? current?.birthDate ?? null,
    ine: data.ine ?? current?.ine ?? null,
    email: data.email ?? current?.email ?? null,
    addressKey: data.addressKey ?? current?.addressKey ?? null,
  };
}

export const IDENTITY_FIELDS = ['firstName', 'lastName', 'birthDate', 'ine', 'email', 'addressKey'] as const;

export function changedFields(before: Identity, after: Identity): (typeof IDENTITY_FIELDS)[number][] {
  return IDENTITY_FIELDS.filter((field) => before[field] !== after[field]);
}

const USER_COLUMNS: Columns = {
  id: 'uuid',
  login: 'text',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  birth_date: 'date',
  ine: 'text',
  name_key: 'text',
  address_key: 'text',
  external_id: 'text',
  updated_at: 'timestamptz',
};
const IDENTITY_SET: Columns = {
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  birth_date: 'date',
  ine: 'text',
  name_key: 'text',
  address_key: 'text',
  updated_at: 'timestamptz',
};
export const EXTERNAL_ID_COLUMNS: Columns = { external_id: 'text', user_id: 'uuid', category: 'text' };

export interface CreatedUser {
  id: string;
  nameKey: string;
  birthDate: string | null;
  email: string | null;
  addressKey: string | null;
}

/**
 * A new account for a feed identifier: login `prenom.nom` (numbered when taken), no password — imported
 * people sign in once an activation flow gives them one.
 */
export function createUser(ctx: ImportContext, created: CreatedUser[], externalId: string, category: string, identity: Identity): UserRow {
  const id = randomUUID();
  const login = ctx.logins.allocate(identity.firstName, identity.lastName);
  const nameKey = nameKeyOf(identity.firstName, identity.lastName);
  ctx.writes.insert('users', USER_COLUMNS, {
    id,
    login,
    first_name: identity.firstName,
    last_name: identity.lastName,
    email: identity.email,
    birth_date: identity.birthDate,
    ine: identity.ine,
    name_key: nameKey,
    address_key: identity.addressKey,
    external_id: externalId,
    updated_at: ctx.run.now,
  });
  ctx.writes.insert('user_external_ids', EXTERNAL_ID_COLUMNS, { external_id: externalId, user_id: id, category });
  created.push({ id, nameKey, birthDate: identity.birthDate, email: identity.email, addressKey: identity.addressKey });
  return {
    id,
    login,
    first_name: identity.firstName,
    last_name: identity.lastName,
    email: identity.email,
    birth_date: identity.birthDate,
    ine: identity.ine,
    name_key: nameKey,
    address_key: identity.addressKey,
    status: 'ACTIVE',
    external_id: externalId,
  };
}

export function updateIdentity(ctx: ImportContext, userId: string, identity: Identity): void {
  ctx.writes.update('users', { id: 'uuid' }, IDENTITY_SET, {
    id: userId,
    first_name: identity.firstName,
    last_name: identity.lastName,
    email: identity.email,
    birth_date: identity.birthDate,
    ine: identity.ine,
    name_key: nameKeyOf(identity.firstName, identity.lastName),
    address_key: identity.addressKey,
    updated_at: ctx.run.now,
  });
}

/** An item of a set the import keeps in step with the feed: a profile, a class, a link… */
export interface SetItem {
  key: string;
  /** How the journal and the report show it. */
  display: string;
  /** Compared to tell a changed item from an unchanged one (a new function label, head teacher…). */
  value?: string;
}

export interface CurrentItem extends SetItem {
  source: string | null;
}

export interface SetDiff<T extends SetItem> {
  added: T[];
  removed: CurrentItem[];
  changed: { before: CurrentItem; after: T }[];
  /** What the record manages, before and after, as displayed. */
  before: string[];
  after: string[];
}

/**
 * Brings the items a feed identifier manages (`source`) in line with what its record says. Items present
 * through another source (made by hand, or by another identifier of the same person) count as present and
 * are left alone; only the record's own items are removed or changed.
 */
export function diffSet<T extends SetItem>(current: readonly CurrentItem[], desired: readonly T[], source: string): SetDiff<T> {
  const currentByKey = new Map(current.map((item) => [item.key, item]));
  const desiredByKey = new Map(desired.map((item) => [item.key, item]));
  const diff: SetDiff<T> = { added: [], removed: [], changed: [], before: [], after: [] };
  for (const item of current) {
    if (item.source !== source) continue;
    diff.before.push(item.display);
    const wanted = desiredByKey.get(item.key);
    if (!wanted) diff.removed.push(item);
    else if ((wanted.value ?? '') !== (item.value ?? '')) diff.changed.push({ before: item, after: wanted });
  }
  for (const item of desiredByKey.values()) {
    const present = currentByKey.get(item.key);
    if (!present) diff.added.push(item);
    if (!present || present.source === source) diff.after.push(item.display);
  }
  diff.before.sort();
  diff.after.sort();
  return diff;
}

export function setChanged(diff: SetDiff<SetItem>): boolean {
  return diff.added.length > 0 || diff.removed.length > 0 || diff.changed.length > 0;
}

/** The record's view of a person, before and after, keeping only what changed. */
export class PersonChange {
  readonly before: Record<string, unknown> = {};
  readonly after: Record<string, unknown> = {};

  identity(before: Identity | undefined, after: Identity): void {
    for (const field of IDENTITY_FIELDS) {
      if (before ? before[field] === after[field] : after[field] === null) continue;
      if (before) this.before[field] = before[field];
      this.after[field] = after[field];
    }
  }

  set(name: string, diff: SetDiff<SetItem>, created: boolean): void {
    if (!created && !setChanged(diff)) return;
    if (created && diff.after.length === 0) return;
    if (!created) this.before[name] = diff.before;
    this.after[name] = diff.after;
  }

  get empty(): boolean {
    return Object.keys(this.after).length === 0;
  }
}

export function displayName(identity: Identity): string {
  return `${identity.firstName} ${identity.lastName}`.trim();
}
