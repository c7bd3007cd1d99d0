import { describe, expect, it } from 'vitest';
import { adminMessages } from '../src/messages.js';
import { formatBirthDate, labelOf, personName, rejectedFileErrors } from '../src/imports/directoryImport.js';

describe('directory import helpers', () => {
  it('label known statuses and modes in French, and leave unknown values to the server', () => {
    const succeeded = labelOf('imports.status', 'SUCCEEDED');
    expect(succeeded).not.toBeNull();
    expect(adminMessages[succeeded?.key as keyof typeof adminMessages]).toMatch(/[A-Za-zéè]/);
    expect(labelOf('imports.status', 'SOMETHING_NEW')).toBeNull();
  });

  it('list the errors of rejected files with their location', () => {
    const problem = { file: 'ENT_Complet_20260901_Eleve_0000.xml', line: 4, identifier: '2000000', code: 'UNKNOWN_CLASS', message: 'Classe inconnue' };
    const files = [
      { name: 'a.xml', type: 'Eleve', status: 'REJECTED', records: 0, warningCount: 0, errors: [problem], warnings: [] },
      { name: 'b.xml', type: 'EtabEducNat', status: 'APPLIED', records: 2, warningCount: 0, errors: [], warnings: [] },
    ];
    expect(rejectedFileErrors(files as never)).toEqual([problem]);
    expect(rejectedFileErrors(null)).toEqual([]);
  });

  it('write names and birth dates for people, as calendar days', () => {
    expect(personName({ firstName: 'Nathalie', lastName: 'Martin' })).toBe('Nathalie Martin');
    expect(formatBirthDate('1982-05-04')).toBe('4 mai 1982');
    expect(formatBirthDate('04/05/1982')).toBeNull();
    expect(formatBirthDate(null)).toBeNull();
  });
});
