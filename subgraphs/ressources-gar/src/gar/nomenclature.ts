/**
 * Codes GAR needs that the demo directory does not carry (the AAF import keeps the real ones for real
 * establishments; the demo and the benchmark generator have only class levels and subject labels).
 * They are derived deterministically and documented in docs/ressources-gar.md, « Derived data ».
 */

/** 2D: MEF codes (11 characters, BCN « N_MEF » style) and labels per class level. */
export const MEF_BY_LEVEL: Record<string, { code: string; label: string }> = {
  SIXIEME: { code: '10010012110', label: '6EME' },
  CINQUIEME: { code: '10110001110', label: '5EME' },
  QUATRIEME: { code: '10210001110', label: '4EME' },
  TROISIEME: { code: '10310019110', label: '3EME' },
  SECONDE: { code: '20010018110', label: '2NDE GENERALE ET TECHNOLOGIQUE' },
  PREMIERE: { code: '20111101110', label: '1ERE GENERALE' },
  TERMINALE: { code: '20212001110', label: 'TERMINALE GENERALE' },
};

/** 1D: MEFSTAT4 codes (4 characters) per class level. */
export const MEFSTAT4_BY_LEVEL: Record<string, string> = {
  PS: '0001',
  MS: '0002',
  GS: '0003',
  CP: '0011',
  CE1: '0012',
  CE2: '0013',
  CM1: '0014',
  CM2: '0015',
};

/** A subject's code: its label without accents, upper case, non-alphanumerics as « _ » (« Histoire-géographie » → HISTOIRE_GEOGRAPHIE). */
export function subjectCode(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 255);
}

/**
 * GAR profile of a staff function. Documentalistes, vie scolaire (CPE, AED) and other personnel are
 * told apart by the function label the directory gives (AAF « ENTPersonFonctions »).
 */
export function garProfileOf(profile: string, label: string | null): string | null {
  if (profile === 'ENSEIGNANT') return 'National_ens';
  if (profile === 'DIRECTION') return 'National_dir';
  if (profile !== 'PERSONNEL') return null;
  const text = (label ?? '').toLowerCase();
  if (text.includes('documentaliste')) return 'National_doc';
  if (/vie scolaire|cpe|conseill|surveill|assistant/.test(text)) return 'National_evs';
  return 'National_eta';
}
