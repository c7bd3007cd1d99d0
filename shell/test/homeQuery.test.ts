import { describe, expect, it } from 'vitest';
import { buildHomeQuery, viewerOf } from '../src/home/homeQuery.js';
import { ADMIN, DEVOIRS, MESSAGERIE } from './fixtures.js';

describe('the home query', () => {
  it('asks the installed modules’ summaries for the person and for each child, in one query', () => {
    const query = buildHomeQuery([ADMIN, DEVOIRS, MESSAGERIE]);
    expect(query.match(/query /g)).toHaveLength(1);
    expect(query.match(/homeworkSummary \{ dueTomorrow toCorrect \}/g)).toHaveLength(2);
    expect(query.match(/mailSummary \{ unread \}/g)).toHaveLength(2);
    expect(query).toContain('modules { moduleId enabled }');
    expect(query).toContain('preferences { largeText highContrast dyslexiaFont reducedMotion }');
    expect(query).toContain('teachings { subject headTeacher class { id name pupilCount } }');
  });

  it('steps down without the summaries, then without the optional fields', () => {
    expect(buildHomeQuery([DEVOIRS], 'without-summaries')).not.toContain('homeworkSummary');
    const minimal = buildHomeQuery([DEVOIRS], 'minimal');
    expect(minimal).not.toContain('modules');
    expect(minimal).not.toContain('preferences');
  });

  it('reads null lists as empty', () => {
    const viewer = viewerOf({ id: 'u1', displayName: 'A', firstName: 'A', profiles: null, children: [{ id: 'c', classes: null }] });
    expect(viewer.profiles).toEqual([]);
    expect(viewer.children[0]!.classes).toEqual([]);
    expect(viewer.preferences).toBeNull();
  });
});
