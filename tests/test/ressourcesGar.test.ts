import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XSD_FILES } from '@ent/ressources-gar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, repositoryRoot, startEnt } from '../src/harness.js';
import { RESSOURCES_GAR_ID_ENT } from '../src/subgraphs/ressourcesGar.js';

/** Runs the command without blocking this process: the annuaire it reads runs here. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The command's report: the last line of its output (log lines before it are JSON too). */
function lastJsonLine(stdout: string): unknown {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

/**
 * Ressources numériques through the router, composed with the annuaire, and the `gar:export` command
 * on the demo directory: the issue's « Done when » for the export (every file passes the system's
 * `xmllint --schema` with the official XSDs when xmllint is installed — CI: apt-get install -y libxml2-utils).
 */
let ent: RunningEnt;
const dirs: string[] = [];
beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['ressources-gar'] });
});
afterAll(async () => {
  await ent?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('ressources-gar through the router', () => {
  it('answers one federated query: the annuaire’s me with the GAR summary and the resource list', async () => {
    const token = await ent.token('eleve.lucas');
    const list = await ent.graphql<{ myResources: { stale: boolean; resources: { id: string; title: string }[] } }>(
      '{ myResources { stale resources { id title } } }',
      { token },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data?.myResources.stale).toBe(false);
    expect(list.data?.myResources.resources.map((r) => r.title)).toContain('Annabac.com');
    // The home page's one federated query: the annuaire's me with the summary from the last known list.
    const home = await ent.graphql<{ me: { displayName: string; resourceSummary: { total: number; newlyAssigned: number } } }>(
      '{ me { displayName resourceSummary { total newlyAssigned favourites } } }',
      { token },
    );
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.displayName).toMatch(/Lucas/);
    expect(home.data?.me.resourceSummary.total).toBe(list.data?.myResources.resources.length);
    expect(home.data?.me.resourceSummary.newlyAssigned).toBe(list.data?.myResources.resources.length);
  });

  it('publishes the IdP metadata and the LTI key set through the router’s subgraph routes', async () => {
    const metadata = await fetch(`${ent.url}/ressources-gar/saml/metadata`);
    expect(metadata.status).toBe(200);
    expect(await metadata.text()).toContain('IDPSSODescriptor');
    const jwks = (await (await fetch(`${ent.url}/ressources-gar/lti/jwks`)).json()) as { keys: { alg: string; kty: string }[] };
    expect(jwks.keys[0]).toMatchObject({ alg: 'RS256', kty: 'RSA' });
  });
});

describe('npm run gar:export on the demo directory', () => {
  it('writes a .tar.gz and its .md5 whose 2D and 1D files pass xmllint --schema with the official XSDs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gar-cli-'));
    dirs.push(out);
    const service = ent.subgraphUrls['ressources-gar']!.replace(/\/graphql$/, '');
    const run = await runCli([join(repositoryRoot, 'subgraphs/ressources-gar/dist/gar/cli.js'), '--out', out], {
      ...process.env,
      ENT_ANNUAIRE_URL: ent.annuaireUrl,
      ENT_RESSOURCES_GAR_URL: service,
      GAR_ID_ENT: RESSOURCES_GAR_ID_ENT,
      ENT_DEMO: '1',
      LOG_LEVEL: 'warn',
    });
    expect(run.status, run.stderr).toBe(0);
    const report = lastJsonLine(run.stdout) as { status: string; archive: string; establishments: { name: string; variant: string }[] };
    expect(report.status).toBe('SUCCEEDED');
    const variants = Object.fromEntries(report.establishments.map((school) => [school.name, school.variant]));
    expect(variants['Collège Paul Éluard']).toBe('2D');
    expect(variants['École élémentaire Jules Ferry']).toBe('1D');
    expect(variants['École maternelle Les Tilleuls']).toBe('1D');
    expect(Object.entries(variants).filter(([name]) => name.startsWith('Lycée')).map(([, variant]) => variant)).toEqual(['2D']);
    expect(readdirSync(out).sort()).toEqual([report.archive, `${report.archive}.md5`]);
    expect(spawnSync('md5sum', ['-c', `${report.archive}.md5`], { cwd: out }).status).toBe(0);

    const extracted = join(out, 'x');
    execFileSync('mkdir', ['-p', extracted]);
    execFileSync('tar', ['-xzf', join(out, report.archive), '-C', extracted]);
    const files = readdirSync(extracted).sort();
    expect(files.filter((name) => name.includes('_2D_'))).toHaveLength(5);
    expect(files.filter((name) => name.includes('_1D_'))).toHaveLength(5);
    for (const name of files) expect(name).toMatch(/^ENT92TEST_GAR-ENT_Complet_\d{8}_\d{6}_(1D|2D)_(Etab|Eleve|Enseignant|Groupe|RespAff)_0000\.xml$/);
    // The managers came from the running service: the principal and the documentaliste of the collège.
    expect(readFileSync(join(extracted, files.find((name) => name.includes('_2D_RespAff_'))!), 'utf8').match(/<GARRespAff>/g)).toHaveLength(2);

    if (spawnSync('which', ['xmllint']).status !== 0) {
      console.warn('xmllint not installed: system validation skipped (the export validated with libxml2 in WebAssembly)');
      return;
    }
    for (const name of files) {
      const schema = name.includes('_2D_') ? XSD_FILES['2D'] : XSD_FILES['1D'];
      const check = spawnSync('xmllint', ['--noout', '--schema', schema.pathname, join(extracted, name)], { encoding: 'utf8' });
      expect(check.status, `${name}: ${check.stderr}`).toBe(0);
      expect(check.stderr).toContain('validates');
    }
  });

  it('refuses, with exit 1 and nothing written, when the annuaire cannot be read', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gar-cli-'));
    dirs.push(out);
    const run = await runCli([join(repositoryRoot, 'subgraphs/ressources-gar/dist/gar/cli.js'), '--out', out], {
      ...process.env,
      ENT_ANNUAIRE_URL: ent.annuaireUrl,
      ENT_SERVICE_SECRET: 'a-wrong-secret-0123456789-abcdefghijklmn',
      ENT_RESSOURCES_GAR_URL: 'http://127.0.0.1:9',
      ENT_DATA_DIR: out,
      LOG_LEVEL: 'warn',
    });
    expect(run.status).toBe(1);
    expect((lastJsonLine(run.stdout) as { problems: { message: string }[] }).problems[0]?.message).toMatch(/HTTP 401/);
    expect(readdirSync(out).filter((name) => name.endsWith('.tar.gz') || name.endsWith('.md5'))).toEqual([]);
  });
});
