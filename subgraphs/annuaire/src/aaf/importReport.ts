import type { FeedProblem } from './feedProblem.js';
import { describeProblem } from './feedProblem.js';
import type { FeedMode, FeedType } from './feedFiles.js';

export type ChangeAction = 'CREATE' | 'UPDATE' | 'MOVE' | 'DEACTIVATE' | 'REACTIVATE' | 'DELETE' | 'LINK';
export type EntityType = 'USER' | 'ESTABLISHMENT' | 'CLASS' | 'GROUP' | 'SUBJECT' | 'MEF';
/** Who a change is about, for people reading the report. */
export type ChangeKind = 'ELEVE' | 'PARENT' | 'PERSONNEL' | 'ETABLISSEMENT' | 'CLASSE' | 'GROUPE' | 'MATIERE' | 'MEF';

/** One change to the directory: what the journal records and the report counts. */
export interface Change {
  action: ChangeAction;
  entityType: EntityType;
  kind: ChangeKind;
  entityId: string | null;
  externalId: string | null;
  establishmentId: string | null;
  /** « Léa Martin », « 4A », « Collège Jean Moulin »… */
  label: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  file: string | null;
  line: number | null;
  /** Journaled but not counted: the change is part of another one already counted (a departure before a deactivation). */
  quiet?: boolean;
}

export type FileStatus = 'APPLIED' | 'REJECTED' | 'NOT_READ';

export interface FileReport {
  name: string;
  type: FeedType;
  mode: FeedMode;
  status: FileStatus;
  records: number;
  bytes: number;
  errors: FeedProblem[];
  /** The first warnings, with the total in `warningCount`. */
  warnings: FeedProblem[];
  warningCount: number;
  /** Records read and deliberately left out, by reason (« not a legal guardian »…). */
  skipped: Record<string, number>;
  elapsedMs: number;
}

/** Counts of people changed in one establishment, and of its structures. */
export interface EstablishmentReport {
  establishmentId: string | null;
  uai: string | null;
  name: string;
  created: number;
  updated: number;
  moved: number;
  deactivated: number;
  reactivated: number;
  /** Classes, groups and the establishment itself. */
  structuresChanged: number;
  /** The first changes, in words; the journal has them all. */
  details: string[];
  omittedDetails: number;
}

export interface ImportSummary {
  created: number;
  updated: number;
  moved: number;
  deactivated: number;
  reactivated: number;
  structuresChanged: number;
  duplicatesReported: number;
  records: number;
  filesApplied: number;
  filesRejected: number;
  warnings: number;
}

const MAX_WARNINGS_KEPT = 50;

/** Accumulates what a run did, per file and per establishment, with bounded memory. */
export class ImportReport {
  readonly files: FileReport[] = [];
  readonly #establishments = new Map<string, EstablishmentReport>();
  readonly summary: ImportSummary = {
    created: 0,
    updated: 0,
    moved: 0,
    deactivated: 0,
    reactivated: 0,
    structuresChanged: 0,
    duplicatesReported: 0,
    records: 0,
    filesApplied: 0,
    filesRejected: 0,
    warnings: 0,
  };

  constructor(
    readonly detailsPerEstablishment: number,
    readonly describeEstablishment: (id: string) => { uai: string; name: string } | undefined,
    readonly onChange?: (change: Change, text: string) => void,
  ) {}

  addFile(file: FileReport): FileReport {
    this.files.push(file);
    return file;
  }

  warn(file: FileReport, problem: FeedProblem): void {
    file.warningCount++;
    this.summary.warnings++;
    if (file.warnings.length < MAX_WARNINGS_KEPT) file.warnings.push(problem);
  }

  count(change: Change): void {
    if (change.quiet) return;
    const text = describeChange(change);
    this.onChange?.(change, text);
    const report = this.#establishmentReport(change.establishmentId);
    if (change.entityType === 'USER') {
      const key = COUNTERS[change.action];
      if (key) {
        report[key]++;
        this.summary[key]++;
      }
    } else {
      report.structuresChanged++;
      this.summary.structuresChanged++;
    }
    if (report.details.length < this.detailsPerEstablishment) report.details.push(text);
    else report.omittedDetails++;
  }

  #establishmentReport(id: string | null): EstablishmentReport {
    const key = id ?? '';
    let report = this.#establishments.get(key);
    if (!report) {
      const known = id ? this.describeEstablishment(id) : undefined;
      report = {
        establishmentId: id,
        uai: known?.uai ?? null,
        name: known?.name ?? 'Hors établissement',
        created: 0,
        updated: 0,
        moved: 0,
        deactivated: 0,
        reactivated: 0,
        structuresChanged: 0,
        details: [],
        omittedDetails: 0,
      };
      this.#establishments.set(key, report);
    }
    return report;
  }

  get establishments(): EstablishmentReport[] {
    return [...this.#establishments.values()].sort((a, b) => (a.uai ?? '~').localeCompare(b.uai ?? '~'));
  }
}

const COUNTERS: Partial<Record<ChangeAction, 'created' | 'updated' | 'moved' | 'deactivated' | 'reactivated'>> = {
  CREATE: 'created',
  UPDATE: 'updated',
  LINK: 'updated',
  DELETE: 'updated',
  MOVE: 'moved',
  DEACTIVATE: 'deactivated',
  REACTIVATE: 'reactivated',
};

const KIND_LABELS: Record<ChangeKind, string> = {
  ELEVE: 'élève',
  PARENT: 'parent',
  PERSONNEL: 'personnel',
  ETABLISSEMENT: 'établissement',
  CLASSE: 'classe',
  GROUPE: 'groupe',
  MATIERE: 'matière',
  MEF: 'MEF',
};

const ACTION_SIGNS: Record<ChangeAction, string> = {
  CREATE: '+',
  UPDATE: '~',
  MOVE: '→',
  DEACTIVATE: '−',
  REACTIVATE: '↺',
  DELETE: '×',
  LINK: '=',
};

const FIELD_LABELS: Record<string, string> = {
  firstName: 'prénom',
  lastName: 'nom',
  birthDate: 'date de naissance',
  ine: 'INE',
  email: 'courriel',
  addressKey: 'adresse',
  profiles: 'profils',
  classes: 'classes',
  groups: 'groupes',
  relatives: 'responsables',
  children: 'enfants',
  teaching: 'enseignements',
  status: 'statut',
  uai: 'UAI',
  name: 'nom',
  type: 'type',
  city: 'ville',
  level: 'niveau',
  label: 'libellé',
  active: 'active',
  externalIds: 'identifiants',
};

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '∅' : value.join(', ');
  if (value === null || value === undefined || value === '') return '∅';
  return String(value);
}

/** « + élève 2000000 Prenom Nom : classes 1AQUA », « → élève … : classes 6A → 6B ». */
export function describeChange(change: Change): string {
  const head = `${ACTION_SIGNS[change.action]} ${KIND_LABELS[change.kind]} ${change.externalId ?? ''} ${change.label}`.replace(/\s+/g, ' ').trim();
  const fields = new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})]);
  const parts: string[] = [];
  for (const field of fields) {
    if (field === 'addressKey' && change.action === 'CREATE') continue;
    const label = FIELD_LABELS[field] ?? field;
    if (change.action === 'CREATE') parts.push(`${label} ${show(change.after?.[field])}`);
    else if (field === 'addressKey') parts.push('adresse modifiée');
    else parts.push(`${label} ${show(change.before?.[field])} → ${show(change.after?.[field])}`);
  }
  return parts.length > 0 ? `${head} : ${parts.join(' ; ')}` : head;
}

const SKIP_LABELS: Record<string, string> = {
  NOT_A_GUARDIAN: 'personne(s) sans compte : ni représentant légal d’un élève, ni déjà connue',
};

const TYPE_LABELS: Record<FeedType, string> = {
  EtabEducNat: 'établissements',
  MatiereEducNat: 'matières',
  MefEducNat: 'MEF',
  Eleve: 'élèves',
  PersRelEleve: 'responsables',
  PersEducNat: 'personnels',
};

/** The report as the command line prints it (French). */
export function formatReport(
  report: { files: readonly FileReport[]; establishments: readonly EstablishmentReport[]; summary: ImportSummary },
  options: { dryRun: boolean; academicYear: string; details: boolean },
): string {
  const lines: string[] = [];
  lines.push(options.dryRun ? `Simulation d’import AAF (rien n’est écrit) — année ${options.academicYear}` : `Import AAF — année ${options.academicYear}`);
  lines.push('');
  lines.push('Fichiers :');
  for (const file of report.files) {
    const status = file.status === 'APPLIED' ? '✔' : file.status === 'REJECTED' ? '✖ rejeté' : '· non lu';
    const mode = file.mode === 'FULL' ? 'complet' : 'delta';
    lines.push(`  ${status} ${file.name} (${TYPE_LABELS[file.type]}, ${mode}) : ${file.records} enregistrement(s)${file.warningCount ? `, ${file.warningCount} avertissement(s)` : ''}`);
    for (const error of file.errors) lines.push(`      erreur : ${describeProblem(error)}`);
    for (const warning of file.warnings.slice(0, options.details ? 10 : 3)) lines.push(`      avertissement : ${describeProblem(warning)}`);
    for (const [reason, count] of Object.entries(file.skipped)) lines.push(`      ${count} ${SKIP_LABELS[reason] ?? reason}`);
  }
  lines.push('');
  lines.push('Par établissement (créés, mis à jour, déplacés, désactivés, réactivés ; structures) :');
  for (const establishment of report.establishments) {
    const title = establishment.uai ? `${establishment.uai} ${establishment.name}` : establishment.name;
    lines.push(
      `  ${title} : ${establishment.created} créé(s), ${establishment.updated} mis à jour, ${establishment.moved} déplacé(s), ` +
        `${establishment.deactivated} désactivé(s), ${establishment.reactivated} réactivé(s) ; ${establishment.structuresChanged} structure(s)`,
    );
    if (options.details) {
      for (const detail of establishment.details) lines.push(`      ${detail}`);
      if (establishment.omittedDetails > 0) lines.push(`      … et ${establishment.omittedDetails} autre(s) changement(s)`);
    }
  }
  const s = report.summary;
  lines.push('');
  lines.push(
    `Total : ${s.created} créé(s), ${s.updated} mis à jour, ${s.moved} déplacé(s), ${s.deactivated} désactivé(s), ${s.reactivated} réactivé(s), ` +
      `${s.structuresChanged} structure(s) ; ${s.records} enregistrement(s) lus ; ${s.duplicatesReported} doublon(s) probable(s) signalé(s).`,
  );
  if (s.filesRejected > 0) lines.push(`${s.filesRejected} fichier(s) rejeté(s) : rien de ces fichiers n’a été appliqué.`);
  return lines.join('\n');
}
