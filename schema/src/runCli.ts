import { relative } from 'node:path';
import { composeFromList } from './compose.js';
import { SubgraphListError } from './loadSubgraphList.js';
import { SUPERGRAPH_PATH } from './paths.js';
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
].join('\n');

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
