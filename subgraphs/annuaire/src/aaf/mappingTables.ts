import type { Level, Profile } from '@ent/kit';
import type { EstablishmentType } from '../db/database.js';
import { foldText } from './values.js';

/**
 * ENTPersonFonctions codes → the ENT's profiles. Teaching and direction have their own profiles; everyone
 * else who works in the establishment (vie scolaire, documentation, administration, health, agents) is
 * PERSONNEL, the function label telling them apart. Codes as public AAF importers use them.
 */
export const FUNCTION_PROFILES: Record<string, Profile> = {
  ENS: 'ENSEIGNANT',
  DIR: 'DIRECTION',
  DOC: 'PERSONNEL',
  EDU: 'PERSONNEL',
  AED: 'PERSONNEL',
  SUR: 'PERSONNEL',
  ADF: 'PERSONNEL',
  LAB: 'PERSONNEL',
  ALB: 'PERSONNEL',
  MDS: 'PERSONNEL',
  OUV: 'PERSONNEL',
  CTR: 'PERSONNEL',
  ASE: 'PERSONNEL',
  ORI: 'PERSONNEL',
  CFC: 'PERSONNEL',
  ACP: 'PERSONNEL',
  AES: 'PERSONNEL',
  TEC: 'PERSONNEL',
};

/** Profile for a function code; unknown codes are staff of the establishment; « - » means no function. */
export function profileOfFunction(code: string): Profile | undefined {
  if (code === '' || code === '-') return undefined;
  return FUNCTION_PROFILES[code.toUpperCase()] ?? 'PERSONNEL';
}

/**
 * Relationship codes of ENTElevePersRelEleve (second part). Feeds carry either the AAF one-digit codes or
 * SIECLE's two-digit ones; codes not listed keep a neutral label with the code, so nothing is invented.
 */
export const RELATIONSHIPS: Record<string, string> = {
  '1': 'Père',
  '2': 'Mère',
  '3': 'Tuteur',
  '4': 'Autre membre de la famille',
  '5': 'Aide sociale à l’enfance',
  '6': 'Autre lien',
  '7': 'Élève',
  '10': 'Mère',
  '20': 'Père',
  '37': 'Frère ou sœur',
  '38': 'Ascendant',
  '39': 'Autre membre de la famille',
  '41': 'Éducateur',
  '42': 'Assistant familial',
  '50': 'Tuteur',
  '51': 'Aide sociale à l’enfance',
  '70': 'Élève',
  '90': 'Autre lien',
};

export function relationshipOf(code: string): string {
  return RELATIONSHIPS[code] ?? (code ? `Responsable (code ${code})` : 'Responsable légal');
}

/** respLegal (fourth part): 1 or 2 is a legal guardian (représentant légal); 0 is not. */
export function isLegalGuardianCode(code: string | undefined): boolean {
  return code === '1' || code === '2';
}

/**
 * Levels from the first three digits of a secondary MEF code (the « dispositif de formation »), for the
 * codes that are unambiguous; other codes are read from their labels.
 */
export const MEF_PREFIX_LEVELS: Record<string, Level> = {
  '100': 'SIXIEME',
  '101': 'CINQUIEME',
  '102': 'QUATRIEME',
  '103': 'TROISIEME',
  '200': 'SECONDE',
};

/** Label patterns, on folded text (upper-case ASCII, words separated by one space), most specific first. */
const LEVEL_PATTERNS: readonly [RegExp, Level][] = [
  [/\b(TPS|PS|TOUTE PETITE SECTION|PETITE SECTION)\b/, 'PS'],
  [/\b(MS|MOYENNE SECTION)\b/, 'MS'],
  [/\b(GS|GRANDE SECTION)\b/, 'GS'],
  [/\b(CP|COURS PREPARATOIRE)\b/, 'CP'],
  [/\b(CE1|COURS ELEMENTAIRE 1(ERE|RE)? ANNEE)\b/, 'CE1'],
  [/\b(CE2|COURS ELEMENTAIRE 2(EME|E)? ANNEE)\b/, 'CE2'],
  [/\b(CM1|COURS MOYEN 1(ERE|RE)? ANNEE)\b/, 'CM1'],
  [/\b(CM2|COURS MOYEN 2(EME|E)? ANNEE)\b/, 'CM2'],
  [/\b(BTS|STS)\b.*\b(1|1ERE|1RE|PREMIERE)\b|\b(1ERE|1RE|PREMIERE) ANNEE (DE )?(BTS|STS)\b/, 'BTS1'],
  [/\b(BTS|STS)\b.*\b(2|2EME|2E|DEUXIEME)\b|\b(2EME|2E|DEUXIEME) ANNEE (DE )?(BTS|STS)\b/, 'BTS2'],
  [/\bBUT ?1\b|\bBUT\b.*\b(1ERE|1RE) ANNEE\b/, 'BUT1'],
  [/\bBUT ?2\b|\bBUT\b.*\b(2EME|2E) ANNEE\b/, 'BUT2'],
  [/\bBUT ?3\b|\bBUT\b.*\b(3EME|3E) ANNEE\b/, 'BUT3'],
  [/\b(6EME|6E|SIXIEME)\b/, 'SIXIEME'],
  [/\b(5EME|5E|CINQUIEME)\b/, 'CINQUIEME'],
  [/\b(4EME|4E|QUATRIEME)\b/, 'QUATRIEME'],
  [/\b(3EME|3E|TROISIEME)\b/, 'TROISIEME'],
  [/\b(2NDE|2DE|2ND|SECONDE)\b/, 'SECONDE'],
  [/\b(1ERE|1RE|1E|PREMIERE)\b/, 'PREMIERE'],
  [/\b(TLE|TALE|TERM|TERMINALE)\b/, 'TERMINALE'],
];

/** The level a label names: « 4EME », « 1ERE PRO », « CE1 », « TERMINALE GENERALE »… */
export function levelOfLabel(label: string | undefined): Level | undefined {
  if (!label) return undefined;
  const text = foldText(label);
  for (const [pattern, level] of LEVEL_PATTERNS) if (pattern.test(text)) return level;
  return undefined;
}

export function levelOfMefCode(code: string | undefined): Level | undefined {
  return code ? MEF_PREFIX_LEVELS[code.slice(0, 3)] : undefined;
}

/**
 * A secondary class name's usual first character gives its level (« 4A », « 1AQUA », « TSTI2D »); a primary
 * school's names are read as labels only (« CE1-CE2 Mme X »).
 */
export function levelOfClassName(name: string, secondary: boolean): Level | undefined {
  const fromLabel = levelOfLabel(name);
  if (fromLabel || !secondary) return fromLabel;
  const first = foldText(name).charAt(0);
  const byDigit: Record<string, Level> = {
    '6': 'SIXIEME',
    '5': 'CINQUIEME',
    '4': 'QUATRIEME',
    '3': 'TROISIEME',
    '2': 'SECONDE',
    '1': 'PREMIERE',
    T: 'TERMINALE',
  };
  return byDigit[first];
}

/** ENTStructureTypeStruct → the ENT's kinds of establishment; undefined when the text says nothing known. */
export function establishmentTypeOf(typeText: string | undefined): EstablishmentType | undefined {
  const text = foldText(typeText ?? '');
  if (text === '') return undefined;
  if (/MATERNELLE|\bMAT\b/.test(text)) return 'ECOLE_MATERNELLE';
  if (/\b(IUT|UNIV|UNIVERSITE|SUP|SUPERIEUR|SUPERIEURE)\b/.test(text)) return 'SUPERIEUR';
  if (/\b(CLG|COLLEGE|SEGPA)\b/.test(text)) return 'COLLEGE';
  if (/\b(LYC|LYCEE|LP|LPO|LGT|LEGT|LG|LT|EREA|LPA|LEGTA)\b/.test(text)) return 'LYCEE';
  if (/\b(ECOLE|ELEMENTAIRE|PRIMAIRE|ELEM|EE|EP)\b/.test(text)) return 'ECOLE_ELEMENTAIRE';
  return undefined;
}

export const SECONDARY_TYPES: readonly EstablishmentType[] = ['COLLEGE', 'LYCEE', 'SUPERIEUR'];
