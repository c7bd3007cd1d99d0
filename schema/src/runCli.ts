import { join, relative, resolve } from 'node:path';
import { composeFromList } from './compose.js';
import { SubgraphListError } from './loadSubgraphList.js';
import { SUBGRAPH_LIST_PATH, SUPERGRAPH_PATH } from './paths.js';
import { addSubgraph, composeRunningSupergraph, registryPathFromEnv, removeSubgraph } from './registry.js';
import { checkSupergraph, writeSupergraph } from './supergraphFile.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = [
  'Usage : cli.js <compose|check> [--list <subgraphs.json>] [--supergraph <supergraph.graphql>]',
  '  compose  compose les sous-graphes et écrit le supergraphe',
  '  check    échoue si la composition échoue ou si le supergraphe écrit n’est plus à jour',
  'Usage : cli.js add --name <nom> --url <http://…/graphql> --module <id> [--label <libellé>] [--bundle-dir <dossier> | --bundle-url <http://…/>]',
  '       cli.js remove --name <nom>',
  '       cli.js running        écrit le supergraphe en service (sous-graphes de l’ENT + inscrits)',
  '  (ENT_REGISTRY_PATH, défaut .data/registry.json ; ENT_SUPERGRAPH_PATH, défaut .data/supergraph.graphql)',
].join('\n');

const REGISTRY_COMMANDS = new Set(['add', 'remove', 'running']);

/** `--key value` pairs of the registry commands. */
function parseFlags(args: readonly string[]): Record<string, string> | null {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (!arg?.startsWith('--') || value === undefined || value.startsWith('--')) return null;
    flags[arg.slice(2)] = value;
    i++;
  }
  return flags;
}

/** subgraph:add / subgraph:remove: the same checks as the router's administration API. */
async function runRegistryCommand(command: string, args: readonly string[], output: CliOutput): Promise<number> {
  const flags = parseFlags(args);
  if (!flags) {
    output.err(USAGE);
    return 2;
  }
  const files = {
    builtinListPath: resolve(flags['list'] ?? process.env['ENT_SUBGRAPHS_PATH'] ?? SUBGRAPH_LIST_PATH),
    registryPath: flags['registry'] ? resolve(flags['registry']) : registryPathFromEnv(),
    supergraphPath: resolve(
      flags['supergraph'] ?? process.env['ENT_SUPERGRAPH_PATH'] ?? join(process.env['ENT_DATA_DIR'] || '.data', 'supergraph.graphql'),
    ),
    fallbackSupergraphPath: SUPERGRAPH_PATH,
  };
  if (command === 'running') {
    const { writeSupergraph: write } = await import('./supergraphFile.js');
    const running = await composeRunningSupergraph({ ...files, committedSupergraphPath: SUPERGRAPH_PATH });
    if (running.warning) output.err(running.warning);
    await write(running.sdl, files.supergraphPath);
    output.out(`Supergraphe en service écrit dans ${files.supergraphPath}.`);
    return 0;
  }
  const name = flags['name'];
  if (!name || (command === 'add' && (!flags['url'] || !flags['module']))) {
    output.err(USAGE);
    return 2;
  }
  const outcome =
    command === 'add'
      ? await addSubgraph(
          {
            name,
            url: flags['url'] as string,
            moduleId: flags['module'] as string,
            label: flags['label'],
            bundleDir: flags['bundle-dir'],
            bundleUrl: flags['bundle-url'],
          },
          files,
        )
      : await removeSubgraph(name, files);
  if (!outcome.ok) {
    output.err(outcome.report);
    return 1;
  }
  output.out(
    command === 'add'
      ? `Sous-graphe « ${name} » inscrit ; supergraphe écrit dans ${files.supergraphPath} (le routeur le recharge sans redémarrer).`
      : `Sous-graphe « ${name} » retiré ; ses données restent chez son éditeur. Supergraphe écrit dans ${files.supergraphPath}.`,
  );
  return 0;
}

interface CliArgs {
  command?: string;
  listPath?: string;
  supergraphPath?: string;
}

/** null when the arguments make no sense (the caller prints the usage). */
function parseArgs(args: readonly string[]): CliArgs | null {
  const parsed: CliArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--list' || arg === '--supergraph') {
      const value = args[++i];
      if (!value) return null;
      if (arg === '--list') parsed.listPath = value;
      else parsed.supergraphPath = value;
    } else if (parsed.command === undefined) parsed.command = arg;
    else return null;
  }
  return parsed;
}

/** The compose/check commands; returns the exit code so tests can run it in-process. */
export async function runCli(args: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  try {
    if (args[0] && REGISTRY_COMMANDS.has(args[0])) return await runRegistryCommand(args[0], args.slice(1), output);
    const parsed = parseArgs(args);
    if (!parsed) {
      output.err(USAGE);
      return 2;
    }
    const { command, listPath, supergraphPath = SUPERGRAPH_PATH } = parsed;
    const shown = relative(process.cwd(), supergraphPath) || supergraphPath;
    if (command === 'compose') {
      const outcome = await composeFromList(listPath);
      if (!outcome.ok) {
        output.err(outcome.report);
        return 1;
      }
      for (const hint of outcome.hints) output.err(`indice : ${hint}`);
      await writeSupergraph(outcome.supergraphSdl, supergraphPath);
      output.out(`Supergraphe écrit dans ${shown}.`);
      return 0;
    }
    if (command === 'check') {
      const outcome = await checkSupergraph({ listPath, supergraphPath });
      if (!outcome.ok) {
        output.err(outcome.message);
        return 1;
      }
      output.out(`Le supergraphe ${shown} est à jour.`);
      return 0;
    }
    output.err(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof SubgraphListError) {
      output.err(error.message);
      return 1;
    }
    throw error;
  }
}
