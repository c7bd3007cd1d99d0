import { createHash } from 'node:crypto';

/** `a$b$$c` → ['a', 'b', '', 'c']: the feed's multi-part values keep their empty parts (positions matter). */
export function splitParts(value: string): string[] {
  return value.split('$').map((part) => part.trim());
}

/** dd/MM/yyyy → 'yyyy-MM-dd', or undefined when the text is not a real calendar date. */
export function parseAafDate(value: string): string | undefined {
  const match = /^\s*(\d{2})\/(\d{2})\/(\d{4})\s*$/.exec(value);
  if (!match) return undefined;
  const [, dd, mm, yyyy] = match as unknown as [string, string, string, string];
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${yyyy}-${mm}-${dd}`;
}

/** Upper-case or lower-case words as a person writes their name: « LE GOFF » → « Le Goff », « N'DIAYE » → « N'Diaye ». */
export function personNameCase(value: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  // Names already in mixed case are kept as written (« McLeod », « de La Tour »).
  if (text !== text.toUpperCase() && text !== text.toLowerCase()) return text;
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, separator: string, letter: string) => separator + letter.toUpperCase());
}

/** « SCIENCES PHYSIQUES » → « Sciences physiques »: labels the feed writes in capitals. */
export function sentenceCase(value: string): string {
  const text = value.trim().replace(/\s+/g, ' ');
  if (text !== text.toUpperCase()) return text;
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Upper-case ASCII without accents, punctuation as spaces: what label heuristics compare. */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/Æ/g, 'AE')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** « prénom|nom » folded, so « Élodie N'Diaye » and « ELODIE NDIAYE » meet. */
export function nameKeyOf(firstName: string, lastName: string): string {
  const fold = (text: string) => foldText(text.replace(/['’]/g, '')).replace(/ /g, '');
  return `${fold(firstName)}|${fold(lastName)}`;
}

/**
 * A fingerprint of a postal address: enough to tell that two records share an address, without the
 * directory keeping the address itself (it has no other use for it).
 */
export function addressKeyOf(parts: { lines: readonly string[]; postalCode?: string; city?: string; country?: string }): string | null {
  const lines = parts.lines.map(foldText).filter((line) => line.length > 0);
  if (lines.length === 0) return null;
  const country = foldText(parts.country ?? '');
  const text = [...lines, foldText(parts.postalCode ?? ''), foldText(parts.city ?? ''), country === 'FRANCE' ? '' : country].join('|');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function normalizeEmail(value: string | undefined): string | null {
  const email = value?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** The UAI's shape (7 digits and a letter); the check letter is not enforced, samples and tests use placeholder UAIs. */
export function looksLikeUai(value: string): boolean {
  return /^[0-9]{7}[A-Z]$/.test(value);
}

/** « DOUAI » → « Douai », « LA GARENNE-COLOMBES » → « La Garenne-Colombes ». */
export function placeNameCase(value: string): string {
  return personNameCase(value);
}
