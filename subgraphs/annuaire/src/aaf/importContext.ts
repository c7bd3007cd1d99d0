import type { Kysely, RawBuilder } from 'kysely';
import type { Database, EstablishmentType } from '../db/database.js';
import type { ImportColumns } from '../db/importTables.js';
import type { LoginAllocator } from '../seed/logins.js';
import type { FeedProblem, FeedWarningCode } from './feedProblem.js';
import type { Change, FileReport, ImportReport } from './importReport.js';
import type { AafRecord } from './readAafRecords.js';
import { type BulkRow, type Columns, deleteRows, insertRows, updateRows } from './sqlBulk.js';

/** The annuaire's database with the columns the import migration adds (see db/importTables.ts). */
export type AafDatabase = Database & ImportColumns;
export type AafDb = Kysely<AafDatabase>;

export function aafDb(db: Kysely<Database>): AafDb {
  return db.withTables<ImportColumns>();
}

export interface RunInfo {
  id: string;
  actor: string;
  academicYear: string;
  /** From the injected clock: every date the run writes. */
  now: Date;
  dryRun: boolean;
}

export interface EstablishmentEntry {
  id: string;
  jointure: string | null;
  uai: string;
  name: string;
  type: EstablishmentType;
  city: string;
  declaresClasses: boolean;
  declaresGroups: boolean;
}

/** A class or group of the run's academic year. */
export interface UnitEntry {
  id: string;
  establishmentId: string;
  /** The feed's code (the part after « structure$ »); null for classes made by hand. */
  code: string | null;
  name: string;
  level: string | null;
  active: boolean;
}

/**
 * What every batch needs to resolve references without a query: establishments, the year's classes and
 * groups, subjects and MEFs. A département has hundreds of establishments and some ten thousand classes.
 */
export class DirectoryCache {
  readonly establishmentsByJointure = new Map<string, EstablishmentEntry>();
  readonly establishmentsByUai = new Map<string, EstablishmentEntry>();
  readonly establishmentsById = new Map<string, EstablishmentEntry>();
  readonly classes = new UnitIndex();
  readonly groups = new UnitIndex();
  readonly subjects = new Map<string, string>();
  readonly mefs = new Map<string, { label: string; level: string | null }>();

  static async load(db: AafDb, academicYear: string): Promise<DirectoryCache> {
    const cache = new DirectoryCache();
    const establishments = await db
      .selectFrom('establishments')
      .select(['id', 'external_id', 'uai', 'name', 'type', 'city', 'aaf_declares_classes', 'aaf_declares_groups'])
      .execute();
    for (const row of establishments) {
      cache.putEstablishment({
        id: row.id,
        jointure: row.external_id,
        uai: row.uai,
        name: row.name,
        type: row.type,
        city: row.city,
        declaresClasses: row.aaf_declares_classes,
        declaresGroups: row.aaf_declares_groups,
      });
    }
    const classes = await db
      .selectFrom('classes')
      .select(['id', 'establishment_id', 'external_id', 'name', 'active', 'level'])
      .where('academic_year', '=', academicYear)
      .execute();
    for (const row of classes) cache.classes.put(unitEntryOf(row));
    const groups = await db
      .selectFrom('groups')
      .select(['id', 'establishment_id', 'external_id', 'name', 'active'])
      .where('academic_year', '=', academicYear)
      .execute();
    for (const row of groups) cache.groups.put(unitEntryOf({ ...row, level: null }));
    for (const row of await db.selectFrom('directory_subjects').select(['code', 'label']).execute()) cache.subjects.set(row.code, row.label);
    for (const row of await db.selectFrom('directory_mefs').select(['code', 'label', 'level']).execute()) {
      cache.mefs.set(row.code, { label: row.label, level: row.level });
    }
    return cache;
  }

  putEstablishment(entry: EstablishmentEntry): void {
    for (const [key, known] of this.establishmentsByJointure) if (known.id === entry.id && key !== entry.jointure) this.establishmentsByJointure.delete(key);
    if (entry.jointure) this.establishmentsByJointure.set(entry.jointure, entry);
    this.establishmentsByUai.set(entry.uai, entry);
    this.establishmentsById.set(entry.id, entry);
  }

  establishment(jointure: string): EstablishmentEntry | undefined {
    return this.establishmentsByJointure.get(jointure);
  }
}

function unitEntryOf(row: {
  id: string;
  establishment_id: string;
  external_id: string | null;
  name: string;
  active: boolean;
  level: string | null;
}): UnitEntry {
  return {
    id: row.id,
    establishmentId: row.establishment_id,
    code: row.external_id ? codeOfExternalId(row.external_id) : null,
    name: row.name,
    level: row.level,
    active: row.active,
  };
}

/** « 3000$1AQUA » → « 1AQUA »: a class's external id is the feed's « structure$code ». */
export function codeOfExternalId(externalId: string): string {
  const at = externalId.indexOf('$');
  return at === -1 ? externalId : externalId.slice(at + 1);
}

export class UnitIndex {
  readonly #byCode = new Map<string, UnitEntry>();
  readonly #byName = new Map<string, UnitEntry>();
  readonly byId = new Map<string, UnitEntry>();

  put(entry: UnitEntry): void {
    if (entry.code !== null) this.#byCode.set(`${entry.establishmentId}|${entry.code}`, entry);
    this.#byName.set(`${entry.establishmentId}|${entry.name}`, entry);
    this.byId.set(entry.id, entry);
  }

  byCode(establishmentId: string, code: string): UnitEntry | undefined {
    return this.#byCode.get(`${establishmentId}|${code}`);
  }

  byName(establishmentId: string, name: string): UnitEntry | undefined {
    return this.#byName.get(`${establishmentId}|${name}`);
  }

  nameOf(id: string): string {
    return this.byId.get(id)?.name ?? id;
  }
}

/** The statements a batch will run, gathered while its records are compared with the directory. */
export class BatchWrites {
  readonly inserts = new Map<string, { columns: Columns; rows: BulkRow[]; onConflictDoNothing: boolean }>();
  readonly deletes = new Map<string, { keys: Columns; rows: BulkRow[]; where: RawBuilder<unknown> | undefined }>();
  readonly updates = new Map<string, { keys: Columns; set: Columns; rows: BulkRow[]; where: RawBuilder<unknown> | undefined }>();

  insert(table: string, columns: Columns, row: BulkRow, onConflictDoNothing = false): void {
    const key = `${table}|${onConflictDoNothing}`;
    let entry = this.inserts.get(key);
    if (!entry) {
      entry = { columns, rows: [], onConflictDoNothing };
      this.inserts.set(key, entry);
    }
    entry.rows.push(row);
  }

  /** `where` names a fixed extra condition on the table (alias t); calls with the same `tag` share one statement. */
  delete(table: string, keys: Columns, row: BulkRow, where?: { tag: string; sql: RawBuilder<unknown> }): void {
    const key = `${table}|${Object.keys(keys).join(',')}|${where?.tag ?? ''}`;
    let entry = this.deletes.get(key);
    if (!entry) {
      entry = { keys, rows: [], where: where?.sql };
      this.deletes.set(key, entry);
    }
    entry.rows.push(row);
  }

  update(table: string, keys: Columns, set: Columns, row: BulkRow, where?: { tag: string; sql: RawBuilder<unknown> }): void {
    const key = `${table}|${Object.keys(keys).join(',')}|${Object.keys(set).join(',')}|${where?.tag ?? ''}`;
    let entry = this.updates.get(key);
    if (!entry) {
      entry = { keys, set, rows: [], where: where?.sql };
      this.updates.set(key, entry);
    }
    entry.rows.push(row);
  }

  get empty(): boolean {
    return this.inserts.size === 0 && this.deletes.size === 0 && this.updates.size === 0;
  }
}

/** Tables in the order rows may be inserted (referenced first); deletes run in the reverse order. */
const TABLE_ORDER = [
  'establishments',
  'classes',
  'groups',
  'directory_subjects',
  'directory_mefs',
  'users',
  'user_external_ids',
  'user_profiles',
  'class_members',
  'class_enrolments',
  'group_members',
  'directory_pupil_relations',
  'family_links',
  'teaching_assignments',
  'directory_duplicate_candidates',
  'directory_import_journal',
];

function rank(key: string): number {
  const table = key.slice(0, key.indexOf('|'));
  const index = TABLE_ORDER.indexOf(table);
  return index === -1 ? TABLE_ORDER.length : index;
}

export async function flushWrites(db: AafDb, writes: BatchWrites): Promise<void> {
  const byRank = <T>(entries: Map<string, T>, reverse: boolean) =>
    [...entries.entries()].sort(([a], [b]) => (reverse ? rank(b) - rank(a) : rank(a) - rank(b)));
  for (const [key, { keys, rows, where }] of byRank(writes.deletes, true)) await deleteRows(db, key.slice(0, key.indexOf('|')), keys, rows, where);
  for (const [key, { columns, rows, onConflictDoNothing }] of byRank(writes.inserts, false)) {
    await insertRows(db, key.slice(0, key.indexOf('|')), columns, rows, { onConflictDoNothing });
  }
  for (const [key, { keys, set, rows, where }] of byRank(writes.updates, false)) {
    await updateRows(db, key.slice(0, key.indexOf('|')), keys, set, rows, where);
  }
}

const JOURNAL_COLUMNS: Columns = {
  run_id: 'uuid',
  at: 'timestamptz',
  actor: 'text',
  action: 'text',
  entity_type: 'text',
  entity_id: 'uuid',
  external_id: 'text',
  establishment_id: 'uuid',
  before: 'jsonb',
  after: 'jsonb',
  file: 'text',
  line: 'integer',
};

export interface ImportContextOptions {
  run: RunInfo;
  cache: DirectoryCache;
  logins: LoginAllocator;
  report: ImportReport;
}

/** Everything a run carries from batch to batch. */
export class ImportContext {
  readonly run: RunInfo;
  readonly cache: DirectoryCache;
  readonly logins: LoginAllocator;
  readonly report: ImportReport;
  /** Feed identifiers read in complete files, per category: whoever is missing has left. */
  readonly seen = new Map<string, Set<string>>();
  /** Establishments whose complete EtabEducNat record was read: departures are only decided there. */
  readonly coverage = new Set<string>();
  /** Classes and groups declared or used by this run's records. */
  readonly touchedClasses = new Set<string>();
  readonly touchedGroups = new Set<string>();
  writes = new BatchWrites();
  file: FileReport | undefined;
  #db: AafDb | undefined;
  #afterFlush: ((db: AafDb) => Promise<void>)[] = [];

  constructor(options: ImportContextOptions) {
    this.run = options.run;
    this.cache = options.cache;
    this.logins = options.logins;
    this.report = options.report;
  }

  /** The transaction of the batch being applied. */
  get db(): AafDb {
    if (!this.#db) throw new Error('no batch transaction open');
    return this.#db;
  }

  /**
   * Runs `work` as one batch: its writes are flushed on `db` (a transaction) at the end, then the hooks it
   * registered with `afterFlush` run in the same transaction (duplicate detection needs the new rows).
   */
  async batch<T>(db: AafDb, work: () => Promise<T>): Promise<T> {
    this.#db = db;
    this.writes = new BatchWrites();
    this.#afterFlush = [];
    try {
      const result = await work();
      await flushWrites(db, this.writes);
      for (const hook of this.#afterFlush) await hook(db);
      return result;
    } finally {
      this.#db = undefined;
      this.writes = new BatchWrites();
      this.#afterFlush = [];
    }
  }

  afterFlush(hook: (db: AafDb) => Promise<void>): void {
    this.#afterFlush.push(hook);
  }

  markSeen(category: string, externalId: string): void {
    let set = this.seen.get(category);
    if (!set) {
      set = new Set();
      this.seen.set(category, set);
    }
    set.add(externalId);
  }

  /** Journals a change and counts it in the report. */
  record(change: Change): void {
    this.writes.insert('directory_import_journal', JOURNAL_COLUMNS, {
      run_id: this.run.id,
      at: this.run.now,
      actor: this.run.actor,
      action: change.action,
      entity_type: change.entityType,
      entity_id: change.entityId,
      external_id: change.externalId,
      establishment_id: change.establishmentId,
      before: change.before ? JSON.stringify(change.before) : null,
      after: change.after ? JSON.stringify(change.after) : null,
      file: change.file,
      line: change.line,
    });
    this.report.count(change);
  }

  skip(reason: string): void {
    if (this.file) this.file.skipped[reason] = (this.file.skipped[reason] ?? 0) + 1;
  }

  warn(record: AafRecord | null, code: FeedWarningCode, message: string): void {
    if (!this.file) return;
    const problem: FeedProblem = { file: record?.file ?? this.file.name, line: record?.line ?? null, identifier: record?.id ?? null, code, message };
    this.report.warn(this.file, problem);
  }

  establishmentLabel(id: string | null): string {
    if (!id) return '';
    return this.cache.establishmentsById.get(id)?.uai ?? id;
  }
}
