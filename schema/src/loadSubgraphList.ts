import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SUBGRAPH_LIST_PATH } from './paths.js';

/** One line of subgraphs.json: `sdl` is relative to the list's own folder. */
export interface SubgraphListEntry {
  name: string;
  url: string;
  sdl: string;
}

/** A subgraph ready to compose: its routing URL and the text of its SDL. */
export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: string;
  /** Where the SDL was read from (absolute), for error reports. */
  sdlPath?: string;
}

export class SubgraphListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubgraphListError';
  }
}

// Subgraph names become enum values of the supergraph (join__Graph) and module ids in URLs.
const NAME = /^[a-z][a-z0-9-]*$/;

function validateEntries(raw: unknown, listPath: string): SubgraphListEntry[] {
  if (!Array.isArray(raw)) throw new SubgraphListError(`${listPath} : la liste des sous-graphes doit être un tableau JSON.`);
  const seen = new Set<string>();
  return raw.map((item: unknown, index) => {
    const entry = item as Partial<Record<keyof SubgraphListEntry, unknown>> | null;
    const where = `${listPath} [${index}]`;
    if (!entry || typeof entry !== 'object') throw new SubgraphListError(`${where} : un objet est attendu.`);
    const { name, url, sdl } = entry;
    if (typeof name !== 'string' || !NAME.test(name))
      throw new SubgraphListError(`${where} : « name » doit être un identifiant en minuscules (a-z, 0-9, -).`);
    if (seen.has(name)) throw new SubgraphListError(`${where} : le sous-graphe « ${name} » est déclaré deux fois.`);
    seen.add(name);
    if (typeof url !== 'string' || !/^https?:\/\//.test(url) || !URL.canParse(url))
      throw new SubgraphListError(`${where} : « url » doit être une adresse http(s) (sous-graphe « ${name} »).`);
    if (typeof sdl !== 'string' || sdl.length === 0)
      throw new SubgraphListError(`${where} : « sdl » doit donner le chemin du schéma (sous-graphe « ${name} »).`);
    return { name, url, sdl };
  });
}

/** Reads subgraphs.json and the SDL file of every subgraph it lists. */
export async function loadSubgraphList(listPath: string = SUBGRAPH_LIST_PATH): Promise<SubgraphSource[]> {
  let text: string;
  try {
    text = await readFile(listPath, 'utf8');
  } catch (error) {
    throw new SubgraphListError(`Impossible de lire la liste des sous-graphes ${listPath} : ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SubgraphListError(`${listPath} n’est pas un JSON valide : ${(error as Error).message}`);
  }
  const base = dirname(listPath);
  return Promise.all(
    validateEntries(raw, listPath).map(async (entry) => {
      const sdlPath = resolve(base, entry.sdl);
      let typeDefs: string;
      try {
        typeDefs = await readFile(sdlPath, 'utf8');
      } catch (error) {
        throw new SubgraphListError(
          `Impossible de lire le schéma du sous-graphe « ${entry.name} » (${sdlPath}) : ${(error as Error).message}`,
        );
      }
      return { name: entry.name, url: entry.url, typeDefs, sdlPath };
    }),
  );
}
