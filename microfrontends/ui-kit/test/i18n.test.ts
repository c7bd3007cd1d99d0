import { afterEach, describe, expect, it } from 'vitest';
import { hasMessage, registerCatalogue, setLocale, t } from '../src/i18n/i18n.js';

afterEach(() => setLocale('fr'));

describe('i18n', () => {
  it('reads nested and dotted keys under the namespace', () => {
    registerCatalogue('admin', { modules: { title: 'Modules' }, 'directory.title': 'Annuaire' });
    expect(t('admin.modules.title')).toBe('Modules');
    expect(t('admin.directory.title')).toBe('Annuaire');
  });

  it('fills placeholders and writes numbers the French way', () => {
    registerCatalogue('demo', { count: '{name} a {total} élèves' });
    expect(t('demo.count', { name: 'La 5e B', total: 1234 })).toBe('La 5e B a 1\u202f234 élèves');
    expect(t('demo.count', { name: 'X' })).toBe('X a {total} élèves');
  });

  it('chooses the plural form with French rules (0 and 1 are singular)', () => {
    registerCatalogue('homework', { due: { one: '{count} devoir', other: '{count} devoirs', zero: 'Aucun devoir' } });
    expect(t('homework.due', { count: 0 })).toBe('Aucun devoir');
    expect(t('homework.due', { count: 1 })).toBe('1 devoir');
    expect(t('homework.due', { count: 3 })).toBe('3 devoirs');
    registerCatalogue('noZero', { due: { one: '{count} devoir', other: '{count} devoirs' } });
    expect(t('noZero.due', { count: 0 })).toBe('0 devoir');
  });

  it('falls back to French, then to the key itself', () => {
    registerCatalogue('greeting', { hello: 'Bonjour' });
    registerCatalogue('greeting', { bye: 'Bye' }, 'en');
    setLocale('en');
    expect(t('greeting.hello')).toBe('Bonjour');
    expect(t('greeting.bye')).toBe('Bye');
    expect(t('greeting.missing')).toBe('greeting.missing');
    expect(hasMessage('greeting.missing')).toBe(false);
  });

  it('replaces a namespace when registered again', () => {
    registerCatalogue('again', { a: 'A', b: 'B' });
    registerCatalogue('again', { a: 'A2' });
    expect(t('again.a')).toBe('A2');
    expect(hasMessage('again.b')).toBe(false);
  });
});
