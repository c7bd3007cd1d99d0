import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@ent/kit';
import { packArchive } from './archive.js';
import { type DirectoryEstablishment, type GarVariant, variantOf } from './directory.js';
import type { DirectoryClient } from './directoryClient.js';
import { type AffectationManager, buildGarEntries, type ExportProblem } from './garEntries.js';
import { GAR_MAX_ELEMENTS_PER_FILE, garTimestamp, type WrittenFile, writeGarFiles } from './garFiles.js';
import { validateGarFiles } from './validateXsd.js';

export interface ExportFileReport {
  name: string;
  variant: GarVariant;
  kind: string;
  elements: number;
  bytes: number;
}

export interface ExportReport {
  id: string;
  status: 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  finishedAt: string;
  /** The archive and its checksum, in the output directory (absent when the export failed). */
  archive: string | null;
  md5: string | null;
  files: ExportFileReport[];
  establishments: { id: string; uai: string; name: string; variant: GarVariant }[];
  counts: Record<string, number>;
  /** Why it failed, naming the person or group; empty on success. At most MAX_REPORTED_PROBLEMS. */
  problems: ExportProblem[];
  problemCount: number;
  /** Affectation managers recorded here who are no longer staff of their establishment: not exported. */
  warnings: string[];
}

export interface RunExportOptions {
  directory: DirectoryClient;
  /** Where the archive and its .md5 land (created if missing). Work happens in a hidden temp dir inside it. */
  outDir: string;
  idEnt: string;
  managers: readonly AffectationManager[];
  demo: boolean;
  logger: Logger;
  now: () => Date;
  /** Only these establishments (default: every one where the module is enabled). */
  establishmentIds?: readonly string[] | undefined;
  maxElementsPerFile?: number;
}

export const MAX_REPORTED_PROBLEMS = 50;

/**
 * The nightly GAR export: reads the directory of every establishment where the module is enabled,
 * builds the 2D (collèges, lycées) and 1D (écoles) files, validates every file against the official
 * XSD, packs them as `{idENT}_GAR-ENT_Complet_{stamp}.tar.gz` + `.md5`. All work happens in a temp
 * directory inside `outDir`; only a fully valid export is renamed into place (archive first, then the
 * .md5 — the checksum's presence means the archive is complete). Anything else leaves nothing behind.
 */
export async function runGarExport(options: RunExportOptions): Promise<ExportReport> {
  const started = options.now();
  const id = randomUUID();
  const stamp = garTimestamp(started);
  const report: ExportReport = {
    id,
    status: 'FAILED',
    startedAt: started.toISOString(),
    finishedAt: started.toISOString(),
    archive: null,
    md5: null,
    files: [],
    establishments: [],
    counts: {},
    problems: [],
    problemCount: 0,
    warnings: [],
  };
  await mkdir(options.outDir, { recursive: true });
  const work = await mkdtemp(join(options.outDir, '.gar-export-'));
  const fail = (problems: ExportProblem[]) => {
    report.problemCount = problems.length;
    report.problems = problems.slice(0, MAX_REPORTED_PROBLEMS);
    for (const problem of report.problems) options.logger.warn({ exportId: id, ...problem }, 'GAR export problem');
  };
  try {
    const ids = options.establishmentIds ?? (await options.directory.enabledEstablishmentIds(started));
    const byVariant: Record<GarVariant, DirectoryEstablishment[]> = { '1D': [], '2D': [] };
    for (const establishmentId of ids) {
      const establishment = await options.directory.establishment(establishmentId);
      const variant = variantOf(establishment.kind);
      if (!variant) continue; // higher education is not in GAR
      byVariant[variant].push(establishment);
      report.establishments.push({ id: establishment.id, uai: establishment.uai, name: establishment.name, variant });
    }

    let problems: ExportProblem[] = [];
    const written: WrittenFile[] = [];
    for (const variant of ['2D', '1D'] as const) {
      const establishments = byVariant[variant];
      if (establishments.length === 0) continue;
      const inVariant = new Set(establishments.map((school) => school.id));
      const managers = options.managers.filter((manager) => inVariant.has(manager.establishmentId));
      const built = buildGarEntries(variant, establishments, managers, { demo: options.demo });
      problems = problems.concat(built.problems);
      for (const [key, value] of Object.entries(built.counts)) {
        report.counts[`${variant}.${key}`] = value;
      }
      const exported = built.entries.RespAff.length;
      if (exported < new Set(managers.map((m) => `${m.userId}`)).size) {
        report.warnings.push(`${variant} : des responsables d’affectation ne sont plus personnels de leur établissement et ne sont pas exportés`);
      }
      if (built.problems.length > 0) continue;
      written.push(
        ...(await writeGarFiles(work, options.idEnt, stamp, variant, built.entries, options.maxElementsPerFile ?? GAR_MAX_ELEMENTS_PER_FILE)),
      );
    }
    if (problems.length === 0) problems = await validateGarFiles(written);
    report.files = written.map(({ name, variant, kind, elements, bytes }) => ({ name, variant, kind, elements, bytes }));
    if (problems.length > 0) {
      fail(problems);
      return report;
    }
    if (written.length === 0) {
      fail([{ subject: 'export', message: 'aucun établissement 1D ou 2D où le module est activé : rien à exporter' }]);
      return report;
    }
    const archiveName = `${options.idEnt}_GAR-ENT_Complet_${stamp}.tar.gz`;
    const { md5, md5Name } = await packArchive(
      work,
      archiveName,
      written.map((file) => file.name),
    );
    await rename(join(work, archiveName), join(options.outDir, archiveName));
    await rename(join(work, md5Name), join(options.outDir, md5Name));
    report.status = 'SUCCEEDED';
    report.archive = archiveName;
    report.md5 = md5;
    const size = (await stat(join(options.outDir, archiveName))).size;
    options.logger.info({ exportId: id, archive: archiveName, bytes: size, files: written.length }, 'GAR export written');
    return report;
  } catch (error) {
    fail([{ subject: 'export', message: `lecture de l’annuaire ou écriture impossible : ${(error as Error).message}` }]);
    options.logger.error({ err: error, exportId: id }, 'GAR export failed');
    return report;
  } finally {
    report.finishedAt = options.now().toISOString();
    await rm(work, { recursive: true, force: true });
  }
}
