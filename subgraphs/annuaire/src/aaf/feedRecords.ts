import type { FeedWarningCode } from './feedProblem.js';
import { isLegalGuardianCode } from './mappingTables.js';
import type { AafRecord } from './readAafRecords.js';
import { addressKeyOf, normalizeEmail, parseAafDate, splitParts } from './values.js';

// Typed views of AAF records. In an addRequest every field is defined (null or [] when the feed leaves it
// empty); in a modifyRequest only the fields whose attributes are replaced are defined, so that a
// modification touches nothing else. Both the secondary (SIECLE/STS: sn, givenName, ENTEleveClasses…)
// and the primary (ONDE: ENTPersonNom, ENTPersonPrenom, ENTPersonClasses…) attribute names are read.

export type Warn = (code: FeedWarningCode, message: string) => void;

/** « structure$code »: a class or group of an establishment, as the feed names it. */
export interface UnitRef {
  structure: string;
  code: string;
}

export interface DeclaredUnit {
  code: string;
  label: string | null;
  mefCodes: string[];
}

export interface EstablishmentData {
  jointure: string;
  uai?: string | undefined;
  name?: string | undefined;
  typeText?: string | undefined;
  city?: string | undefined;
  /** ENTStructureClasses: undefined when not given, [] when given empty (the feed does not list classes). */
  classes?: DeclaredUnit[] | undefined;
  groups?: DeclaredUnit[] | undefined;
}

export interface SubjectData {
  code: string;
  label?: string | undefined;
  nationalCode?: string | null | undefined;
}

export interface MefData {
  code: string;
  label?: string | undefined;
  stat11?: string | null | undefined;
  levelLabel?: string | null | undefined;
}

export interface PersonIdentity {
  jointure: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  birthDate?: string | null | undefined;
  email?: string | null | undefined;
  addressKey?: string | null | undefined;
}

export interface RelationData {
  parent: string;
  code: string;
  legalGuardian: boolean;
  financial: boolean;
  contact: boolean;
}

export interface PupilData extends PersonIdentity {
  ine?: string | null | undefined;
  /** ENTPersonStructRattach: the establishment the pupil is enrolled in. */
  attachment?: string | null | undefined;
  classes?: UnitRef[] | undefined;
  groups?: UnitRef[] | undefined;
  relations?: RelationData[] | undefined;
  mefCode?: string | null | undefined;
  levelLabels?: string[] | undefined;
}

export interface FunctionData {
  structure: string;
  code: string;
  label: string;
  disciplineLabel: string;
}

export interface TeachingData extends UnitRef {
  subject: string;
}

export interface StaffData extends PersonIdentity {
  attachments?: string[] | undefined;
  functions?: FunctionData[] | undefined;
  classSubjects?: TeachingData[] | undefined;
  groupSubjects?: TeachingData[] | undefined;
  headClasses?: UnitRef[] | undefined;
  /** Primary feeds: ENTEnsFonctionDir (schools the person heads) and ENTPersonClasses (classes taught). */
  directorOf?: string[] | undefined;
  teacherClasses?: UnitRef[] | undefined;
}

export type RelativeData = PersonIdentity;

class Attributes {
  constructor(
    readonly record: AafRecord,
    readonly full: boolean,
  ) {}

  has(...names: string[]): boolean {
    return names.some((name) => this.record.attributes.has(name));
  }

  /** Every value of the first attribute present among `names`. */
  values(...names: string[]): string[] | undefined {
    for (const name of names) {
      const values = this.record.attributes.get(name);
      if (values) return values;
    }
    return this.full ? [] : undefined;
  }

  /** The first value of the first attribute present, null when empty; undefined when not given in a modification. */
  one(...names: string[]): string | null | undefined {
    const values = this.values(...names);
    if (values === undefined) return undefined;
    return values[0] ?? null;
  }
}

function unitRefs(values: string[] | undefined): UnitRef[] | undefined {
  if (values === undefined) return undefined;
  const refs: UnitRef[] = [];
  for (const value of values) {
    const [structure = '', code = ''] = splitParts(value);
    if (structure && code) refs.push({ structure, code });
  }
  return refs;
}

function teachingRefs(values: string[] | undefined): TeachingData[] | undefined {
  if (values === undefined) return undefined;
  const refs: TeachingData[] = [];
  for (const value of values) {
    const [structure = '', code = '', subject = ''] = splitParts(value);
    if (structure && code) refs.push({ structure, code, subject });
  }
  return refs;
}

function identityOf(attributes: Attributes, warn: Warn): PersonIdentity {
  const { record } = attributes;
  const identity: PersonIdentity = { jointure: attributes.one('ENTPersonJointure') ?? record.id };
  const lastName = attributes.one('sn', 'ENTPersonNom', 'ENTPersonNomPatro');
  const firstName = attributes.one('givenName', 'ENTPersonPrenom');
  if (lastName !== undefined) identity.lastName = lastName ?? '';
  if (firstName !== undefined) identity.firstName = firstName ?? '';
  const birth = attributes.one('ENTPersonDateNaissance');
  if (birth !== undefined) {
    identity.birthDate = birth === null ? null : (parseAafDate(birth) ?? null);
    if (birth !== null && identity.birthDate === null) warn('INVALID_DATE', `date de naissance « ${birth} » illisible (jj/mm/aaaa attendu) : ignorée`);
  }
  const email = attributes.one('mail', 'ENTPersonMail');
  if (email !== undefined) identity.email = normalizeEmail(email ?? undefined);
  if (attributes.full || attributes.has('ENTPersonAdresse', 'ENTPersonCodePostal', 'ENTPersonVille')) {
    const address = attributes.one('ENTPersonAdresse');
    identity.addressKey = addressKeyOf({
      lines: address ? splitParts(address) : [],
      postalCode: attributes.one('ENTPersonCodePostal') ?? '',
      city: attributes.one('ENTPersonVille') ?? '',
      country: attributes.one('ENTPersonPays') ?? '',
    });
  }
  return identity;
}

export function establishmentOf(record: AafRecord): EstablishmentData {
  const attributes = new Attributes(record, record.operation === 'add');
  const data: EstablishmentData = { jointure: attributes.one('ENTStructureJointure') ?? record.id };
  const uai = attributes.one('ENTStructureUAI', 'ENTEtablissementUAI');
  if (uai !== undefined) data.uai = (uai ?? '').toUpperCase();
  const name = attributes.one('ENTStructureNomCourant');
  if (name !== undefined) {
    const academy = attributes.one('ENTServAcAcademie') ?? '';
    data.name = establishmentName(name ?? '', academy);
  }
  const type = attributes.one('ENTStructureTypeStruct');
  if (type !== undefined) data.typeText = type ?? '';
  const city = attributes.one('l', 'ENTStructureVille');
  if (city !== undefined) data.city = city ?? '';
  const classes = attributes.values('ENTStructureClasses');
  if (classes !== undefined) data.classes = declaredUnits(classes);
  const groups = attributes.values('ENTStructureGroupes');
  if (groups !== undefined) data.groups = declaredUnits(groups);
  return data;
}

/** « NOM$STRUCTURE$COURANT » → « NOM STRUCTURE COURANT »; a trailing « -ac-ACADEMIE » is dropped. */
export function establishmentName(value: string, academy: string): string {
  let name = splitParts(value)
    .filter((part) => part !== '')
    .join(' ');
  if (academy) name = name.replace(new RegExp(`-ac-${academy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'), '');
  return name.trim();
}

function declaredUnits(values: string[]): DeclaredUnit[] {
  const units: DeclaredUnit[] = [];
  for (const value of values) {
    const [code = '', label = '', ...mefCodes] = splitParts(value);
    if (code) units.push({ code, label: label || null, mefCodes: mefCodes.filter((mef) => mef !== '') });
  }
  return units;
}

export function subjectOf(record: AafRecord): SubjectData {
  const attributes = new Attributes(record, record.operation === 'add');
  const data: SubjectData = { code: attributes.one('ENTMatJointure') ?? record.id };
  const label = attributes.one('ENTLibelleMatiere');
  if (label !== undefined) data.label = label ?? data.code;
  const national = attributes.one('ENTMatiereRattach');
  if (national !== undefined) data.nationalCode = national;
  return data;
}

export function mefOf(record: AafRecord): MefData {
  const attributes = new Attributes(record, record.operation === 'add');
  const data: MefData = { code: attributes.one('ENTMefJointure') ?? record.id };
  const label = attributes.one('ENTLibelleMef');
  if (label !== undefined) data.label = label ?? data.code;
  const stat = attributes.one('ENTMEFSTAT11');
  if (stat !== undefined) data.stat11 = stat;
  const level = attributes.one('ENTNivFormation');
  if (level !== undefined) data.levelLabel = level;
  return data;
}

export function pupilOf(record: AafRecord, warn: Warn): PupilData {
  const attributes = new Attributes(record, record.operation === 'add');
  const data: PupilData = identityOf(attributes, warn);
  const ine = attributes.one('ENTEleveINE');
  if (ine !== undefined) data.ine = ine ? ine.toUpperCase() : null;
  const attachment = attributes.one('ENTPersonStructRattach');
  if (attachment !== undefined) data.attachment = attachment;
  data.classes = unitRefs(attributes.values('ENTEleveClasses', 'ENTPersonClasses'));
  data.groups = unitRefs(attributes.values('ENTEleveGroupes', 'ENTPersonGroupes'));
  const mef = attributes.one('ENTEleveMEF');
  if (mef !== undefined) data.mefCode = mef;
  if (attributes.full || attributes.has('ENTEleveLibelleMEF', 'ENTEleveNivFormation', 'ENTEleveNiveau')) {
    data.levelLabels = ['ENTEleveLibelleMEF', 'ENTEleveNiveau', 'ENTEleveNivFormation'].flatMap(
      (name) => record.attributes.get(name) ?? [],
    );
  }
  const relations = relationsOf(attributes, data.jointure, warn);
  if (relations !== undefined) data.relations = relations;
  return data;
}

function relationsOf(attributes: Attributes, pupil: string, warn: Warn): RelationData[] | undefined {
  let relations: RelationData[] | undefined;
  // Secondary: idParent$lien$respFinancier$respLegal$contact$paiement. Primary: the ids of the persons
  // holding parental authority, who are legal guardians by definition.
  if (attributes.has('ENTElevePersRelEleve')) {
    relations = (attributes.values('ENTElevePersRelEleve') ?? []).map((value) => {
      const [parent = '', code = '', financial, legal, contact] = splitParts(value);
      return { parent, code, legalGuardian: isLegalGuardianCode(legal), financial: financial === '1', contact: contact === '1' };
    });
  } else if (attributes.has('ENTEleveAutoriteParentale')) {
    relations = (attributes.values('ENTEleveAutoriteParentale') ?? []).map((value) => ({
      parent: splitParts(value)[0] ?? '',
      code: '',
      legalGuardian: true,
      financial: false,
      contact: true,
    }));
  } else if (attributes.full) relations = [];
  if (relations === undefined) return undefined;
  const byParent = new Map<string, RelationData>();
  for (const relation of relations) {
    if (relation.parent === '') continue;
    if (relation.parent === pupil) {
      warn('SELF_RELATION', `l’élève est déclaré comme son propre responsable (${relation.parent}) : relation ignorée`);
      continue;
    }
    const known = byParent.get(relation.parent);
    // The same person listed twice keeps the strongest statement.
    if (!known || (!known.legalGuardian && relation.legalGuardian)) byParent.set(relation.parent, relation);
  }
  return [...byParent.values()];
}

export function relativeOf(record: AafRecord, warn: Warn): RelativeData {
  return identityOf(new Attributes(record, record.operation === 'add'), warn);
}

export function staffOf(record: AafRecord, warn: Warn): StaffData {
  const attributes = new Attributes(record, record.operation === 'add');
  const data: StaffData = identityOf(attributes, warn);
  const attachments = attributes.values('ENTPersonStructRattach');
  if (attachments !== undefined) data.attachments = attachments.map((value) => splitParts(value)[0] ?? '').filter(Boolean);
  const functions = attributes.values('ENTPersonFonctions');
  if (functions !== undefined) {
    data.functions = [];
    for (const value of functions) {
      const [structure = '', code = '', label = '', , disciplineLabel = ''] = splitParts(value);
      if (structure) data.functions.push({ structure, code, label, disciplineLabel });
    }
  }
  data.classSubjects = teachingRefs(attributes.values('ENTAuxEnsClassesMatieres'));
  data.groupSubjects = teachingRefs(attributes.values('ENTAuxEnsGroupesMatieres'));
  data.headClasses = unitRefs(attributes.values('ENTAuxEnsClassesPrincipal'));
  const direction = attributes.values('ENTEnsFonctionDir');
  if (direction !== undefined) data.directorOf = direction.map((value) => splitParts(value)[0] ?? '').filter(Boolean);
  data.teacherClasses = unitRefs(attributes.values('ENTPersonClasses'));
  return data;
}
