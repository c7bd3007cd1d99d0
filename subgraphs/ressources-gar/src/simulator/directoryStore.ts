import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x as extract } from 'tar';

/**
 * What the simulated GAR knows of the ENT's people: read from the last export archive deposited
 * (GAR receives it by SFTP; the simulator by PUT /depot/<name>). Only the memberships it needs to
 * resolve class and level assignments, and the establishments' names.
 */
export interface SimulatedDirectory {
  archive: string | null;
  establishments: Map<string, string>;
  /** personId → « uai|groupCode » */
  groups: Map<string, Set<string>>;
  /** personId → « uai|MEF or MEFSTAT4 code » */
  levels: Map<string, Set<string>>;
  /** « uai|code » → label (MEF) */
  levelLabels: Map<string, string>;
  /** « uai|code » of every class and group */
  groupCodes: Set<string>;
  people: number;
}

export function emptyDirectory(): SimulatedDirectory {
  return { archive: null, establishments: new Map(), groups: new Map(), levels: new Map(), levelLabels: new Map(), groupCodes: new Set(), people: 0 };
}

const tag = (line: string, name: string) => line.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? null;
const unescapeXml = (value: string) =>
  value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

/** Reads a deposited .tar.gz (one GAR element per line, as the ENT writes them). */
export async function readDepositedArchive(archive: Buffer, name: string): Promise<SimulatedDirectory> {
  const dir = await mkdtemp(join(tmpdir(), 'gar-sim-depot-'));
  try {
    const file = join(dir, 'archive.tar.gz');
    await writeFile(file, archive);
    const into = join(dir, 'x');
    await (await import('node:fs/promises')).mkdir(into);
    await extract({ file, cwd: into, strict: true });
    const directory = emptyDirectory();
    directory.archive = name;
    const people = new Set<string>();
    for (const entry of (await readdir(into)).sort()) {
      if (!entry.endsWith('.xml')) continue;
      const text = await readFile(join(into, entry), 'utf8');
      for (const line of text.split('\n')) {
        if (line.startsWith('<GAREtab>')) {
          directory.establishments.set(unescapeXml(tag(line, 'GARStructureUAI') ?? ''), unescapeXml(tag(line, 'GARStructureNomCourant') ?? ''));
        } else if (line.startsWith('<GARPersonGroupe>')) {
          const person = tag(line, 'GARPersonIdentifiant');
          if (person) add(directory.groups, person, `${unescapeXml(tag(line, 'GARStructureUAI') ?? '')}|${unescapeXml(tag(line, 'GARGroupeCode') ?? '')}`);
        } else if (line.startsWith('<GARPersonMEF>') || line.startsWith('<GARPersonMEFSTAT4>')) {
          const person = tag(line, 'GARPersonIdentifiant');
          const code = tag(line, 'GARMEFCode') ?? tag(line, 'GARMEFSTAT4Code');
          if (person && code) add(directory.levels, person, `${unescapeXml(tag(line, 'GARStructureUAI') ?? '')}|${code}`);
        } else if (line.startsWith('<GARMEF>')) {
          directory.levelLabels.set(`${tag(line, 'GARStructureUAI')}|${tag(line, 'GARMEFCode')}`, unescapeXml(tag(line, 'GARMEFLibelle') ?? ''));
        } else if (line.startsWith('<GARGroupe>')) {
          directory.groupCodes.add(`${unescapeXml(tag(line, 'GARStructureUAI') ?? '')}|${unescapeXml(tag(line, 'GARGroupeCode') ?? '')}`);
        } else if (line.startsWith('<GAREleve>') || line.startsWith('<GAREnseignant>')) {
          const person = tag(line, 'GARPersonIdentifiant');
          if (person) people.add(person);
        }
      }
    }
    directory.people = people.size;
    return directory;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
