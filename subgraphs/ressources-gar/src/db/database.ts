import type { JobsTable } from '@ent/kit';
import type { ColumnType } from 'kysely';

type Timestamp = Date;
type Json<T> = ColumnType<T, string, string>;

/** Resource affectation managers (GAR « RespAff »): direction and documentalistes, named by the establishment's administrator. */
export interface AffectationManagersTable {
  establishment_id: string;
  user_id: string;
  /** As the annuaire names them when they were added (shown in the administration view). */
  display_name: string;
  created_by: string;
  created_at: Timestamp;
}

/** One GAR export run (nightly job, administrator or command line through the service). */
export interface GarExportsTable {
  id: string;
  trigger: string;
  status: 'SUCCEEDED' | 'FAILED';
  started_at: Timestamp;
  finished_at: Timestamp;
  archive: string | null;
  md5: string | null;
  /** The full report (files, counts, problems naming people or groups). */
  report: Json<Record<string, unknown>>;
}

/** The last list GAR gave a person in an establishment: served, marked stale, when GAR is slow or down. */
export interface ResourceListsTable {
  user_id: string;
  establishment_id: string;
  resources: Json<unknown[]>;
  fetched_at: Timestamp;
}

/** When a person first saw each resource (for « nouvelles ressources »). */
export interface ResourceSightingsTable {
  user_id: string;
  resource_id: string;
  first_seen_at: Timestamp;
}

export interface FavouritesTable {
  user_id: string;
  resource_id: string;
  pinned: boolean;
  created_at: Timestamp;
}

export interface RecommendationsTable {
  id: string;
  establishment_id: string;
  class_id: string;
  resource_id: string;
  resource_title: string;
  teacher_id: string;
  teacher_name: string;
  created_at: Timestamp;
}

export interface LtiToolsTable {
  id: string;
  establishment_id: string;
  name: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  login_url: string;
  launch_url: string;
  jwks_url: string;
  created_by: string;
  created_at: Timestamp;
}

/** The platform's signing keys (LTI id_tokens, SAML assertions): generated once, kept across restarts. */
export interface PlatformKeysTable {
  purpose: string;
  private_pem: string;
  public_pem: string;
  /** SAML: the self-signed certificate published in the IdP metadata. */
  certificate_pem: string | null;
  kid: string;
  created_at: Timestamp;
}

/** One-time LTI launch handles and SAML single sign-on tickets. */
export interface LaunchTicketsTable {
  id: string;
  kind: 'LTI' | 'SSO';
  user_id: string;
  establishment_id: string;
  payload: Json<Record<string, unknown>>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface Database {
  affectation_managers: AffectationManagersTable;
  gar_exports: GarExportsTable;
  resource_lists: ResourceListsTable;
  resource_sightings: ResourceSightingsTable;
  favourites: FavouritesTable;
  recommendations: RecommendationsTable;
  lti_tools: LtiToolsTable;
  platform_keys: PlatformKeysTable;
  launch_tickets: LaunchTicketsTable;
  jobs: JobsTable;
}
