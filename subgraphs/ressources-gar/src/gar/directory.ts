/**
 * The directory as the annuaire's internal export interface streams it (GET /internal/directory/export,
 * documented in docs/security.md and subgraphs/annuaire/src/export/). Only what GAR needs.
 */
export type EstablishmentKind = 'ECOLE_MATERNELLE' | 'ECOLE_ELEMENTAIRE' | 'COLLEGE' | 'LYCEE' | 'SUPERIEUR' | string;

export interface DirectoryClass {
  id: string;
  name: string;
  level: string;
}

export interface DirectoryGroup {
  id: string;
  name: string;
}

export interface DirectoryPupil {
  id: string;
  lastName: string;
  firstName: string;
  classIds: string[];
  groupIds: string[];
}

export interface DirectoryStaff {
  id: string;
  lastName: string;
  firstName: string;
  email: string | null;
  functions: { profile: string; label: string | null }[];
  teaching: { classId: string | null; groupId: string | null; subject: string }[];
}

export interface DirectoryEstablishment {
  id: string;
  uai: string;
  name: string;
  kind: EstablishmentKind;
  classes: DirectoryClass[];
  groups: DirectoryGroup[];
  pupils: DirectoryPupil[];
  staff: DirectoryStaff[];
}

/** GAR's two directory variants: 1D (écoles) and 2D (collèges, lycées). Higher education is not in GAR. */
export type GarVariant = '1D' | '2D';

export function variantOf(kind: EstablishmentKind): GarVariant | null {
  if (kind === 'ECOLE_MATERNELLE' || kind === 'ECOLE_ELEMENTAIRE') return '1D';
  if (kind === 'COLLEGE' || kind === 'LYCEE') return '2D';
  return null;
}
