/** The 23 letters a UAI's check letter is taken from (I, O and Q are left out). */
const UAI_CHECK_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * The check letter of a UAI (Unité administrative immatriculée): the seven digits read as a number,
 * modulo 23, as a 0-based index into "ABCDEFGHJKLMNPRSTUVWXYZ". Lycée Louis-le-Grand: 0750655 → E.
 */
export function uaiCheckLetter(digits: string): string {
  if (!/^[0-9]{7}$/.test(digits)) throw new Error(`a UAI has 7 digits before its letter: ${digits}`);
  return UAI_CHECK_LETTERS[Number(digits) % 23] as string;
}

/** A full UAI from its seven digits: '0929101' → '0929101' + its check letter. */
export function uaiOf(digits: string): string {
  return `${digits}${uaiCheckLetter(digits)}`;
}

export function isValidUai(uai: string): boolean {
  return /^[0-9]{7}[A-Z]$/.test(uai) && uaiCheckLetter(uai.slice(0, 7)) === uai[7];
}
