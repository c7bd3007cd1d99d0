import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ent/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGarClient, GarMalformedAnswerError, GarRefusedError, GarUnavailableError, parseResourceList } from '../src/resources/garClient.js';
import { createGarSimulator, type GarSimulator } from '../src/simulator/simulator.js';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with the system's openssl. */
function makeCertificates(dir: string) {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test GAR CA');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  for (const name of ['server', 'client']) {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'ENT92'}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', 'san.cnf');
  }
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return { ca: read('ca.pem'), serverCert: read('server.pem'), serverKey: read('server.key'), clientCert: read('client.pem'), clientKey: read('client.key') };
}

let dir: string;
let certs: ReturnType<typeof makeCertificates>;
let tlsServer: Server;
let tlsUrl: string;
let simulator: GarSimulator;
let simulatorUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gar-mtls-'));
  certs = makeCertificates(dir);
  // GAR's side of mutual TLS: only a client certificate signed by the CA gets an answer.
  tlsServer = createServer({ cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        listeRessources: {
          ressource: [{ idRessource: 'ark:/1/x', nomRessource: 'Manuel', nomEditeur: 'Éditeur', urlAccesRessource: 'https://gar.example/domaineGar?x=1', path: req.url }],
        },
      }),
    );
  });
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
  simulator = createGarSimulator({ idEnt: 'ENT92', idpMetadataUrl: 'http://127.0.0.1:9/none', logger: silentLogger, demo: true });
  simulatorUrl = (await simulator.listen(0)).url;
});
afterAll(async () => {
  tlsServer?.closeAllConnections();
  await new Promise<void>((resolve) => (tlsServer ? tlsServer.close(() => resolve()) : resolve()));
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GAR resource client', () => {
  it('calls GAR over mutual TLS with the configured client certificate', async () => {
    const client = createGarClient({ baseUrl: tlsUrl, idEnt: 'ENT92', tls: { cert: certs.clientCert, key: certs.clientKey, ca: certs.ca } });
    const list = await client.listResources('0929003L', 'user-1');
    expect(list).toEqual([
      expect.objectContaining({ id: 'ark:/1/x', title: 'Manuel', publisher: 'Éditeur', accessUrl: 'https://gar.example/domaineGar?x=1' }),
    ]);
  });

  it('cannot reach GAR without the client certificate (unavailable, not a crash)', async () => {
    const client = createGarClient({ baseUrl: tlsUrl, idEnt: 'ENT92', tls: undefined, timeoutMs: 2000 });
    await expect(client.listResources('0929003L', 'user-1')).rejects.toBeInstanceOf(GarUnavailableError);
  });

  it('reads GAR’s error document, a malformed answer, a slow answer', async () => {
    const wrongEnt = createGarClient({ baseUrl: simulatorUrl, idEnt: 'OTHER' });
    const refused = await wrongEnt.listResources('0929003L', 'u').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GarRefusedError);
    expect(refused).toMatchObject({ status: 403, code: '403', message: 'ENT inconnu' });

    const client = createGarClient({ baseUrl: simulatorUrl, idEnt: 'ENT92', timeoutMs: 300 });
    simulator.setBehaviour('malformed');
    await expect(client.listResources('0929003L', 'u')).rejects.toBeInstanceOf(GarMalformedAnswerError);
    simulator.setBehaviour('slow');
    await expect(client.listResources('0929003L', 'u')).rejects.toBeInstanceOf(GarUnavailableError);
    simulator.setBehaviour('normal');
    expect(await client.listResources('0929003L', 'unknown-person')).toEqual([]);
  });

  it('refuses a list with a resource lacking its access URL, whole (never half a list)', () => {
    expect(() => parseResourceList([{ idRessource: 'a', nomRessource: 'A', urlAccesRessource: 'https://x' }, { idRessource: 'b', nomRessource: 'B' }])).toThrow(
      GarMalformedAnswerError,
    );
    expect(() => parseResourceList({ Erreur: {} })).toThrow(GarMalformedAnswerError);
    expect(() => parseResourceList([{ idRessource: 'a', nomRessource: 'A', urlAccesRessource: 'javascript:alert(1)' }])).toThrow(GarMalformedAnswerError);
    // A thumbnail that is not http(s) is dropped, not trusted.
    expect(parseResourceList([{ idRessource: 'a', nomRessource: 'A', urlAccesRessource: 'https://x', urlVignette: 'javascript:alert(1)' }])[0]?.thumbnailUrl).toBeNull();
  });
});
