import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { EntError } from '../src/errors.js';
import { type ActivationChange, activationStateAt, createModuleGate } from '../src/modules.js';
import { testViewer } from '../src/testing/index.js';

const at = (iso: string) => new Date(iso);

describe('activationStateAt', () => {
  const changes: ActivationChange[] = [
    { establishmentId: 'college', moduleId: 'devoirs', enabled: true, effectiveAt: at('2026-09-01T00:00:00Z') },
    { establishmentId: 'college', moduleId: 'devoirs', enabled: false, effectiveAt: at('2027-01-05T00:00:00Z') },
    { establishmentId: 'ecole', moduleId: 'devoirs', enabled: true, effectiveAt: at('2027-03-01T00:00:00Z') },
  ];

  it('takes the latest change in effect and reports the next one', () => {
    expect(activationStateAt(changes, 'college', 'devoirs', at('2026-11-30T12:00:00Z'))).toEqual({
      enabled: true,
      since: at('2026-09-01T00:00:00Z'),
      next: { enabled: false, effectiveAt: at('2027-01-05T00:00:00Z') },
    });
    expect(activationStateAt(changes, 'college', 'devoirs', at('2027-01-05T00:00:00Z')).enabled).toBe(false);
  });

  it('keeps a module never enabled disabled, until its wave comes', () => {
    expect(activationStateAt(changes, 'ecole', 'devoirs', at('2026-11-30T12:00:00Z'))).toMatchObject({ enabled: false, since: null });
    expect(activationStateAt(changes, 'ecole', 'devoirs', at('2027-03-01T00:00:00Z')).enabled).toBe(true);
    expect(activationStateAt(changes, 'lycee', 'devoirs', at('2027-03-01T00:00:00Z')).enabled).toBe(false);
  });
});

describe('createModuleGate', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let failing = false;
  let changes: Array<{ establishmentId: string; moduleId: string; enabled: boolean; effectiveAt: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      if (failing) {
        res.statusCode = 503;
        res.end();
        return;
      }
      const module = new URL(req.url ?? '/', 'http://x').searchParams.get('module');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ changes: changes.filter((change) => change.moduleId === module) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/modules/activations`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a disabled module with MODULE_DISABLED, and sees a change once its cache expires', async () => {
    changes = [{ establishmentId: 'college', moduleId: 'devoirs', enabled: true, effectiveAt: '2026-09-01T00:00:00Z' }];
    const clock = new ManualClock('2026-11-30T08:00:00Z');
    const gate = createModuleGate({ moduleId: 'devoirs', activationsUrl: url, clock, ttlMs: 30_000 });
    await gate.assertEnabled('college');
    const error = await gate.assertEnabled('ecole').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntError);
    expect((error as EntError).extensions).toMatchObject({ code: 'MODULE_DISABLED', module: 'Devoirs' });
    expect((error as EntError).message).toBe('Le module « Devoirs » n’est pas activé dans cet établissement.');

    changes = [...changes, { establishmentId: 'college', moduleId: 'devoirs', enabled: false, effectiveAt: '2026-11-30T08:00:00Z' }];
    expect(await gate.isEnabled('college')).toBe(true); // cached
    clock.advance(31_000);
    expect(await gate.isEnabled('college')).toBe(false);
  });

  it('reloads when the clock goes back instead of trusting its cache for ever', async () => {
    changes = [{ establishmentId: 'college', moduleId: 'devoirs', enabled: true, effectiveAt: '2026-09-01T00:00:00Z' }];
    const clock = new ManualClock('2026-11-30T08:00:00Z');
    const gate = createModuleGate({ moduleId: 'devoirs', activationsUrl: url, clock, ttlMs: 30_000 });
    expect(await gate.isEnabled('college')).toBe(true);
    changes = [];
    clock.set(new Date('2026-11-30T07:00:00Z'));
    expect(await gate.isEnabled('college')).toBe(false);
  });

  it('asks once for concurrent checks, keeps the last known state when the annuaire is down, and fails closed with none', async () => {
    changes = [{ establishmentId: 'college', moduleId: 'messagerie', enabled: true, effectiveAt: '2026-09-01T00:00:00Z' }];
    const clock = new ManualClock('2026-11-30T08:00:00Z');
    const gate = createModuleGate({ moduleId: 'messagerie', activationsUrl: url, clock });
    const before = requests;
    await Promise.all([gate.isEnabled('college'), gate.isEnabled('college'), gate.isEnabled('ecole')]);
    expect(requests - before).toBe(1);
    failing = true;
    clock.advance(60_000);
    expect(await gate.isEnabled('college')).toBe(true);
    const cold = createModuleGate({ moduleId: 'messagerie', activationsUrl: url, clock });
    await expect(cold.isEnabled('college')).rejects.toThrow(/HTTP 503/);
    failing = false;
  });

  it('lets a viewer through when one of their establishments has the module', async () => {
    changes = [{ establishmentId: 'college', moduleId: 'formulaires', enabled: true, effectiveAt: '2026-09-01T00:00:00Z' }];
    const gate = createModuleGate({ moduleId: 'formulaires', activationsUrl: url, clock: new ManualClock('2026-11-30T08:00:00Z') });
    const parent = testViewer({ profiles: [{ profile: 'PARENT', establishmentId: 'ecole' }] });
    await expect(gate.assertEnabledForViewer(parent)).rejects.toBeInstanceOf(EntError);
    await gate.assertEnabledForViewer(parent, ['college']);
    await gate.assertEnabledForViewer(testViewer({ profiles: [{ profile: 'ADMIN_DEPARTEMENT', establishmentId: null }] }));
  });
});
