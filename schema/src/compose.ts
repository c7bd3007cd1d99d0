import { composeServices } from '@apollo/composition';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import { loadSubgraphList, type SubgraphSource } from './loadSubgraphList.js';

export interface CompositionProblem {
  /** The subgraph at fault when known (SDL syntax errors); composition errors name it in their message. */
  subgraph?: string;
  code: string;
  message: string;
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; problems: CompositionProblem[]; report: string };

function describe(error: GraphQLError): string {
  const location = error.locations?.[0];
  return location ? `${error.message} (ligne ${location.line}, colonne ${location.column})` : error.message;
}

/** A report for people: a French sentence, then composition's own (English) messages, one per line. */
export function formatCompositionReport(problems: readonly CompositionProblem[]): string {
  const count = problems.length;
  const head = `La composition du supergraphe a échoué (${count} erreur${count > 1 ? 's' : ''}) :`;
  const lines = problems.map((p) => `  - ${p.subgraph ? `[${p.subgraph}] ` : ''}${p.code} : ${p.message}`);
  return [head, ...lines].join('\n');
}

function failure(problems: CompositionProblem[]): CompositionOutcome {
  return { ok: false, problems, report: formatCompositionReport(problems) };
}

/** The text written to supergraph.graphql: one trailing newline, LF line endings. */
export function normalizeSdl(sdl: string): string {
  return `${sdl.replace(/\r\n/g, '\n').trimEnd()}\n`;
}

/** Composes subgraphs in-process (no network): the supergraph SDL, or every problem found. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  if (subgraphs.length === 0)
    return failure([{ code: 'NO_SUBGRAPHS', message: 'la liste des sous-graphes est vide.' }]);

  const parsed: Array<{ name: string; url: string; typeDefs: DocumentNode }> = [];
  const syntaxProblems: CompositionProblem[] = [];
  for (const subgraph of subgraphs) {
    try {
      parsed.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.typeDefs) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      syntaxProblems.push({ subgraph: subgraph.name, code: 'INVALID_GRAPHQL', message: describe(error) });
    }
  }
  if (syntaxProblems.length > 0) return failure(syntaxProblems);

  const result = composeServices(parsed);
  if (result.errors) {
    return failure(
      result.errors.map((error) => ({
        code: typeof error.extensions['code'] === 'string' ? error.extensions['code'] : 'COMPOSITION_ERROR',
        message: describe(error),
      })),
    );
  }
  return {
    ok: true,
    supergraphSdl: normalizeSdl(result.supergraphSdl),
    hints: result.hints.map((hint) => hint.toString()),
  };
}

/** Reads subgraphs.json (or another list) and composes what it names. */
export async function composeFromList(listPath?: string): Promise<CompositionOutcome> {
  return composeSupergraph(await loadSubgraphList(listPath));
}
