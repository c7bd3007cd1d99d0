import { createWriteStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, DirectoryLockedError, EXIT_CONFIG, openDatabase, readSubgraphConfig, silentLogger } from '@ent/kit';
import cliProgress from 'cli-progress';
import type { Database } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { describeProblem, FeedFileError } from './feedProblem.js';
import { type ImportProgress, type ImportResult, importDirectory } from './importDirectory.js';
import { formatReport } from './importReport.js';
import { purgeExpiredPersonalData } from './retention.js';

const USAGE = `Usage : npm run aaf:import -- [options] RÉPERTOIRE

Importe le flux AAF (fichiers ficAlimMENESR *_EtabEducNat_*, *_Eleve_*, …) du répertoire dans l'annuaire.

  --dry-run               calcule et affiche les changements sans rien écrire
  --academic-year A-B     année scolaire des classes créées (défaut : celle du jour ; à la rentrée, l'année qui commence)
  --actor NOM             auteur inscrit au journal (défaut : cli:<utilisateur>)
  --batch-size N          enregistrements par transaction (défaut : 1000)
  --details / --no-details  détail des changements par établissement (défaut : oui en simulation, non sinon)
  --changes FICHIER       écrit la liste complète des changements, un par ligne
  --report FICHIER        écrit le rapport complet en JSON
  --stats FICHIER         écrit durée et mémoire en JSON (bancs d'essai)
  --no-progress           sans barre de progression
  --purge-expired         efface les données personnelles des comptes désactivés depuis plus de trois mois (sans RÉPERTOIRE)

La base est celle du service annuaire (ENT_DATA_DIR ou DATABASE_URL) ; l'import refuse de s'exécuter
pendant que « npm start » tient la base embarquée.
Codes de sortie : 0 réussi, 2 fichier(s) rejeté(s), 1 échec, 64 usage, 78 base occupée ou configuration.`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether a progress bar may be drawn. */
  tty: boolean;
}

const defaultIo: CliIo = {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  tty: Boolean(process.stderr.isTTY),
};

export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const directory = positionals[0] ? resolve(positionals[0]) : undefined;
  if (!values['purge-expired'] && (!directory || !existsSync(directory) || !statSync(directory).isDirectory())) {
    io.err(`${directory ? `Répertoire introuvable : ${directory}` : 'Répertoire du flux manquant.'}\n\n${USAGE}`);
    return 64;
  }
  const dryRun = Boolean(values['dry-run']);
  const config = readSubgraphConfig('annuaire', 4001, io.env);
  const logger = io.env['LOG_LEVEL'] ? createLogger('aaf-import', io.env['LOG_LEVEL']) : silentLogger;

  let database: Awaited<ReturnType<typeof openDatabase<Database>>>;
  try {
    database = await openDatabase<Database>({
      subgraph: 'annuaire',
      migrations,
      databaseUrl: config.databaseUrl,
      dataDir: join(config.dataRoot, 'annuaire'),
      poolSize: Math.min(config.poolSize, 4),
      logger,
    });
  } catch (error) {
    // The usual cause: « npm start » holds the embedded database. Its message says so, in French.
    io.err((error as Error).message);
    return error instanceof DirectoryLockedError ? EXIT_CONFIG : 1;
  }

  const memory = { heapPeak: 0 };
  const sampler = setInterval(() => {
    memory.heapPeak = Math.max(memory.heapPeak, process.memoryUsage().heapUsed);
  }, 100);
  sampler.unref();
  try {
    if (values['purge-expired']) {
      const { purged } = await purgeExpiredPersonalData(database.db);
      io.out(`Données personnelles effacées : ${purged} compte(s).`);
      return 0;
    }
    const progress = createProgress(io, values['no-progress'] !== true);
    const changes = values.changes ? createWriteStream(values.changes) : undefined;
    let result: ImportResult;
    try {
      result = await importDirectory(database.db, {
        directory: directory as string,
        dryRun,
        actor: values.actor ?? `cli:${safeUser()}`,
        academicYear: values['academic-year'],
        batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
        logger,
        onProgress: progress.update,
        onChange: changes ? (_, text) => changes.write(`${text}\n`) : undefined,
      });
    } finally {
      progress.stop();
      if (changes) await new Promise((done) => changes.end(done));
    }
    const details = values['no-details'] ? false : values.details ? true : dryRun;
    io.out(formatReport(result, { dryRun, academicYear: result.academicYear, details }));
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const heapPeakMb = Math.round(Math.max(memory.heapPeak, process.memoryUsage().heapUsed) / 1048576);
    io.out(`Durée : ${(result.elapsedMs / 1000).toFixed(1)} s ; mémoire maximale : ${maxRssMb} Mo (tas JavaScript : ${heapPeakMb} Mo).`);
    if (values.report) writeFileSync(values.report, `${JSON.stringify(result, null, 2)}\n`);
    if (values.stats) {
      writeFileSync(values.stats, `${JSON.stringify({ elapsedMs: result.elapsedMs, maxRssMb, heapPeakMb, summary: result.summary, status: result.status }, null, 2)}\n`);
    }
    return result.status === 'SUCCEEDED' ? 0 : 2;
  } catch (error) {
    io.err(`Import interrompu : ${error instanceof FeedFileError ? describeProblem(error.problem) : error instanceof Error ? error.message : String(error)}`);
    logger.error({ err: error }, 'aaf import failed');
    return 1;
  } finally {
    clearInterval(sampler);
    await database.close();
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      'academic-year': { type: 'string' },
      actor: { type: 'string' },
      'batch-size': { type: 'string' },
      details: { type: 'boolean' },
      'no-details': { type: 'boolean' },
      changes: { type: 'string' },
      report: { type: 'string' },
      stats: { type: 'string' },
      'no-progress': { type: 'boolean' },
      'purge-expired': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'inconnu';
  }
}

const PHASES: Record<ImportProgress['phase'], string> = { validate: 'contrôle', apply: 'import', reconcile: 'départs et profils' };

/** A bar per file and phase on a terminal (bytes read, records, throughput); one line per file otherwise. */
function createProgress(io: CliIo, enabled: boolean): { update: (progress: ImportProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (!io.tty) {
    let last = '';
    return {
      update: (progress) => {
        const key = `${progress.phase}|${progress.file}`;
        if (key === last) return;
        last = key;
        io.err(progress.file ? `${PHASES[progress.phase]} ${progress.file} (${progress.fileIndex + 1}/${progress.fileCount})` : PHASES[progress.phase]);
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} {file} |{bar}| {percentage}% | {records} enr. | {rate} enr./s | {total_records} importés',
      hideCursor: true,
      barsize: 24,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  let startedAt = performance.now();
  return {
    update: (progress) => {
      const key = `${progress.phase}|${progress.file}`;
      if (key !== current) {
        if (current) bar.stop();
        current = key;
        startedAt = performance.now();
        bar.start(Math.max(progress.size, 1), 0, { phase: PHASES[progress.phase], file: progress.file ?? '', records: 0, rate: 0, total_records: progress.totalRecords });
      }
      const seconds = (performance.now() - startedAt) / 1000;
      bar.update(progress.phase === 'reconcile' ? 1 : progress.bytes, {
        records: progress.records,
        rate: seconds > 0 ? Math.round(progress.records / seconds) : 0,
        total_records: progress.totalRecords,
      });
    },
    stop: () => {
      if (current) bar.stop();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
