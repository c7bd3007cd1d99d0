import { describe, expect, it } from 'vitest';
import { isModuleAvailable, moduleState } from '../src/manifest/availability.js';
import { ADMIN, CANTINE, DEVOIRS, ELUARD, FERRY, lucas, parentBernard, adminEluard } from './fixtures.js';

describe('module routes', () => {
  it('are closed to people signed out', () => {
    expect(isModuleAvailable(DEVOIRS, null, null)).toBe(false);
  });

  it('follow the current establishment’s waves', () => {
    expect(isModuleAvailable(DEVOIRS, lucas(['devoirs']), ELUARD.id)).toBe(true);
    expect(isModuleAvailable(DEVOIRS, lucas([]), ELUARD.id)).toBe(false);
    expect(moduleState(lucas([]), 'devoirs', ELUARD.id)).toBe('disabled');
  });

  it('leave alone a module the directory does not list (not subject to waves)', () => {
    expect(moduleState(lucas([]), 'cantine', ELUARD.id)).toBe('unlisted');
    expect(isModuleAvailable(CANTINE, lucas([]), ELUARD.id)).toBe(true);
  });

  it('are open to a parent when open in one of the children’s establishments', () => {
    expect(isModuleAvailable(DEVOIRS, parentBernard(['devoirs'], []), null)).toBe(true);
    expect(isModuleAvailable(DEVOIRS, parentBernard([], []), null)).toBe(false);
    expect(moduleState(parentBernard(['devoirs'], []), 'devoirs', FERRY.id)).toBe('enabled');
  });

  it('need one of the module’s profiles', () => {
    expect(isModuleAvailable(ADMIN, adminEluard(), ELUARD.id)).toBe(true);
    expect(isModuleAvailable(ADMIN, lucas([]), ELUARD.id)).toBe(false);
  });
});
