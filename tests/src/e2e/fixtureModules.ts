import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Stand-ins for the module micro-frontends that later issues build (cahier de textes, devoirs…). The
 * home page shows a module's tile only when the module is installed (in /manifest.json) and open in
 * the establishment; without them the waves could not be seen in a browser. Each stand-in is what a
 * vendor's module is to the shell — a manifest entry and an ES module exporting the single-spa
 * lifecycles — rendering a heading and a sentence. A module the build already installs is left as is.
 */
export interface FixtureModule {
  id: string;
  label: string;
  simpleLabel?: string;
  description: string;
  pictogram: string;
}

export const FIXTURE_MODULES: readonly FixtureModule[] = [
  { id: 'cahier-de-textes', label: 'Cahier de textes', simpleLabel: 'Mon cahier', description: 'Le travail fait en classe et à faire.', pictogram: 'book' },
  { id: 'devoirs', label: 'Devoirs', simpleLabel: 'Mes devoirs', description: 'Les devoirs à rendre et les copies.', pictogram: 'pencil' },
  { id: 'messagerie', label: 'Messagerie', description: 'Les messages de l’établissement.', pictogram: 'mail' },
  { id: 'formulaires', label: 'Formulaires', description: 'Les formulaires à remplir et à signer.', pictogram: 'form' },
  { id: 'ressources-gar', label: 'Ressources numériques', simpleLabel: 'Mes livres', description: 'Manuels et ressources du GAR.', pictogram: 'books' },
];

/** Everyone but the administrators; the shell's tile configuration decides who actually sees what. */
const FIXTURE_PROFILES = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'DIRECTION', 'PERSONNEL'];

/** The fixture's text once mounted, so tests can tell it is on screen. */
export function fixtureModuleText(module: FixtureModule): string {
  return `Module de démonstration « ${module.label} » : le service réel arrive avec son propre ticket.`;
}

function bundleOf(module: FixtureModule): string {
  return `// Stand-in for the « ${module.label} » micro-frontend, written by tests/src/e2e/fixtureModules.ts.
const label = ${JSON.stringify(module.label)};
const sentence = ${JSON.stringify(fixtureModuleText(module))};
export async function bootstrap() {}
export async function mount(props) {
  const page = document.createElement('div');
  page.className = 'ent-page';
  page.dataset.fixtureModule = ${JSON.stringify(module.id)};
  const heading = document.createElement('h1');
  heading.tabIndex = -1;
  heading.textContent = label;
  const text = document.createElement('p');
  text.textContent = sentence;
  page.append(heading, text);
  props.domElement.append(page);
}
export async function unmount(props) {
  props.domElement.replaceChildren();
}
`;
}

export interface StagedShell {
  /** A copy of the built shell with the stand-ins added: serve it as the router's staticDir. */
  dir: string;
  /** Ids of the modules added as stand-ins. */
  added: string[];
  remove(): void;
}

/** Copies the built shell to a temporary directory and installs the stand-ins missing from its manifest. */
export function stageShellWithFixtures(shellDir: string, modules: readonly FixtureModule[] = FIXTURE_MODULES): StagedShell {
  const dir = mkdtempSync(join(tmpdir(), 'ent-shell-'));
  cpSync(shellDir, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Array<{ id: string }>;
  const added: string[] = [];
  for (const module of modules) {
    if (manifest.some((entry) => entry.id === module.id)) continue;
    mkdirSync(join(dir, 'modules', module.id), { recursive: true });
    writeFileSync(join(dir, 'modules', module.id, `${module.id}.js`), bundleOf(module));
    manifest.push({
      id: module.id,
      route: `/${module.id}`,
      bundle: `/modules/${module.id}/${module.id}.js`,
      styles: [],
      activation: 'establishment',
      profiles: FIXTURE_PROFILES,
      tile: {
        label: module.label,
        ...(module.simpleLabel ? { simpleLabel: module.simpleLabel } : {}),
        description: module.description,
        pictogram: module.pictogram,
        profiles: FIXTURE_PROFILES,
        counts: [],
      },
      summaryFields: null,
      i18n: {},
    } as { id: string });
    added.push(module.id);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, added, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
