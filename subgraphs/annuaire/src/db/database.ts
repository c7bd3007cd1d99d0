import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ImportTables } from './importTables.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type EstablishmentType = 'ECOLE_MATERNELLE' | 'ECOLE_ELEMENTAIRE' | 'COLLEGE' | 'LYCEE' | 'SUPERIEUR';
export type UserStatus = 'ACTIVE' | 'DEACTIVATED';

export interface EstablishmentTable {
  id: Generated<string>;
  uai: string;
  name: string;
  type: EstablishmentType;
  city: string;
  mfa_required: Generated<boolean>;
  external_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ClassTable {
  id: Generated<string>;
  establishment_id: string;
  name: string;
  /** One of the kit's LEVELS. */
  level: string;
  /** '2026-2027' */
  academic_year: string;
  active: Generated<boolean>;
  external_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface GroupTable {
  id: Generated<string>;
  establishment_id: string;
  name: string;
  academic_year: string;
  active: Generated<boolean>;
  external_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<string>;
  login: string;
  first_name: string;
  last_name: string;
  email: string | null;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  totp_secret: string | null;
  totp_enrolled_at: NullableTimestamp;
  status: Generated<UserStatus>;
  external_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  deactivated_at: NullableTimestamp;
}

export interface UserProfileTable {
  user_id: string;
  profile: string;
  establishment_id: string | null;
  /** As the directory names it: « Professeur de mathématiques », « Documentaliste »… */
  function_label: string | null;
  created_at: Generated<Date>;
}

export interface ClassMemberTable {
  class_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface GroupMemberTable {
  group_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface FamilyLinkTable {
  parent_id: string;
  child_id: string;
  legal_guardian: Generated<boolean>;
  relationship: string | null;
  created_at: Generated<Date>;
}

export interface TeachingAssignmentTable {
  id: Generated<string>;
  teacher_id: string;
  class_id: string | null;
  group_id: string | null;
  subject: string;
  head_teacher: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SigningKeyTable {
  kid: string;
  algorithm: string;
  private_jwk: ColumnType<Record<string, unknown>, string, string>;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
  retired_at: NullableTimestamp;
}

export interface SessionTable {
  id: Generated<string>;
  user_id: string;
  auth_methods: string[];
  ip: string;
  user_agent: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_used_at: Generated<Date>;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
}

export interface RefreshTokenTable {
  token_hash: string;
  session_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export type AccessEvent =
  | 'LOGIN_SUCCESS'
  | 'LOGIN_FAILURE'
  | 'LOGIN_THROTTLED'
  | 'MFA_REQUIRED'
  | 'MFA_SUCCESS'
  | 'MFA_FAILURE'
  | 'MFA_ENROLLED'
  | 'REFRESH'
  | 'REFRESH_REUSE'
  | 'LOGOUT';

export interface AccessJournalTable {
  id: Generated<string>;
  at: Generated<Date>;
  event: AccessEvent;
  user_id: string | null;
  login: string | null;
  ip: string;
  user_agent: string;
  session_id: string | null;
  detail: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface ModuleActivationChangeTable {
  id: Generated<string>;
  establishment_id: string;
  module_id: string;
  enabled: boolean;
  effective_at: Timestamp;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface UserPreferencesTable {
  user_id: string;
  large_text: Generated<boolean>;
  high_contrast: Generated<boolean>;
  dyslexia_font: Generated<boolean>;
  reduced_motion: Generated<boolean>;
  updated_at: Timestamp;
}

export interface Database extends ImportTables {
  establishments: EstablishmentTable;
  classes: ClassTable;
  groups: GroupTable;
  users: UserTable;
  user_profiles: UserProfileTable;
  class_members: ClassMemberTable;
  group_members: GroupMemberTable;
  family_links: FamilyLinkTable;
  teaching_assignments: TeachingAssignmentTable;
  signing_keys: SigningKeyTable;
  sessions: SessionTable;
  refresh_tokens: RefreshTokenTable;
  access_journal: AccessJournalTable;
  module_activation_changes: ModuleActivationChangeTable;
  user_preferences: UserPreferencesTable;
}

export type Establishment = Selectable<EstablishmentTable>;
export type NewEstablishment = Insertable<EstablishmentTable>;
export type SchoolClass = Selectable<ClassTable>;
export type NewSchoolClass = Insertable<ClassTable>;
export type Group = Selectable<GroupTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type UserProfile = Selectable<UserProfileTable>;
export type TeachingAssignment = Selectable<TeachingAssignmentTable>;
