import type { DirectoryClass, Level } from './directory/classRows.js';
import type { AdminEstablishment } from './establishments/administeredEstablishments.js';
import type { DirectoryImport, DuplicateCandidate, ImportRunRow } from './imports/directoryImport.js';
import type { ModuleActivation } from './modules/moduleActivation.js';

// The annuaire's schema (subgraphs/annuaire/schema.graphql) is the reference for every field below.

export const ESTABLISHMENTS = /* GraphQL */ `
  query AdminEstablishments {
    establishments { id uai name city }
  }
`;
export interface EstablishmentsData {
  establishments: AdminEstablishment[];
}

const ACTIVATION_FIELDS = 'moduleId label enabled since next { enabled effectiveAt }';

export const ESTABLISHMENT_MODULES = /* GraphQL */ `
  query AdminEstablishmentModules($id: ID!) {
    establishment(id: $id) { id name modules { ${ACTIVATION_FIELDS} } }
  }
`;
export interface EstablishmentModulesData {
  establishment: { id: string; name: string; modules: ModuleActivation[] } | null;
}

export const SET_MODULE_ACTIVATION = /* GraphQL */ `
  mutation AdminSetModuleActivation($establishmentId: ID!, $moduleId: String!, $enabled: Boolean!, $effectiveAt: String) {
    setModuleActivation(establishmentId: $establishmentId, moduleId: $moduleId, enabled: $enabled, effectiveAt: $effectiveAt) {
      ${ACTIVATION_FIELDS}
    }
  }
`;
export const CANCEL_SCHEDULED_MODULE_CHANGES = /* GraphQL */ `
  mutation AdminCancelScheduledModuleChanges($establishmentId: ID!, $moduleId: String!) {
    cancelScheduledModuleChanges(establishmentId: $establishmentId, moduleId: $moduleId) {
      ${ACTIVATION_FIELDS}
    }
  }
`;
export interface CancelScheduledModuleChangesVariables {
  [name: string]: unknown;
  establishmentId: string;
  moduleId: string;
}
export interface SetModuleActivationData {
  setModuleActivation: ModuleActivation;
}
export interface SetModuleActivationVariables {
  [name: string]: unknown;
  establishmentId: string;
  moduleId: string;
  enabled: boolean;
  effectiveAt: string | null;
}

export const ESTABLISHMENT_CLASSES = /* GraphQL */ `
  query AdminEstablishmentClasses($id: ID!) {
    establishment(id: $id) {
      id
      name
      classes { id name level cycle pupilCount teachings { subject teacher { displayName } } }
    }
  }
`;
export interface EstablishmentClassesData {
  establishment: { id: string; name: string; classes: DirectoryClass[] } | null;
}

export const CLASS_PUPILS = /* GraphQL */ `
  query AdminClassPupils($id: ID!) {
    class(id: $id) { id name level pupils { id displayName lastName firstName } }
  }
`;
export interface ClassPupilsData {
  class: {
    id: string;
    name: string;
    level: Level;
    pupils: Array<{ id: string; displayName: string; lastName: string; firstName: string }> | null;
  } | null;
}

export const SEARCH_PEOPLE = /* GraphQL */ `
  query AdminSearchPeople($query: String!, $establishmentId: ID) {
    searchUsers(query: $query, establishmentId: $establishmentId, first: 50) {
      id
      displayName
      login
      status
      profiles { profile establishment { id name } }
    }
  }
`;
export interface Person {
  id: string;
  displayName: string;
  login: string | null;
  status: 'ACTIVE' | 'DEACTIVATED';
  profiles: Array<{ profile: string; establishment: { id: string; name: string } | null }> | null;
}
export interface SearchPeopleData {
  searchUsers: Person[];
}

const IMPORT_SUMMARY_FIELDS =
  'created updated moved deactivated reactivated structuresChanged duplicatesReported records filesApplied filesRejected warnings';

export const LAST_DIRECTORY_IMPORT = /* GraphQL */ `
  query AdminLastDirectoryImport {
    lastDirectoryImport {
      id startedAt finishedAt status dryRun mode actor academicYear error
      summary { ${IMPORT_SUMMARY_FIELDS} }
      files { name type status records warningCount errors { file line identifier code message } }
      establishments { uai name created updated moved deactivated reactivated structuresChanged details }
    }
  }
`;
export interface LastDirectoryImportData {
  lastDirectoryImport: DirectoryImport | null;
}

export const DIRECTORY_IMPORT_RUNS = /* GraphQL */ `
  query AdminDirectoryImportRuns {
    directoryImportRuns(first: 20) { id startedAt status dryRun mode summary { created updated moved deactivated } }
  }
`;
export interface DirectoryImportRunsData {
  directoryImportRuns: ImportRunRow[];
}

const DUPLICATE_PERSON_FIELDS = 'id login firstName lastName birthDate externalIds profiles';

export const DUPLICATE_CANDIDATES = /* GraphQL */ `
  query AdminDuplicateCandidates {
    directoryDuplicateCandidates {
      id reasons detectedAt
      user { ${DUPLICATE_PERSON_FIELDS} }
      otherUser { ${DUPLICATE_PERSON_FIELDS} }
    }
  }
`;
export interface DuplicateCandidatesData {
  directoryDuplicateCandidates: DuplicateCandidate[];
}

export const MERGE_USERS = /* GraphQL */ `
  mutation AdminMergeUsers($keepUserId: ID!, $mergedUserId: ID!) {
    mergeUsers(keepUserId: $keepUserId, mergedUserId: $mergedUserId) { id }
  }
`;
export interface MergeUsersVariables {
  [name: string]: unknown;
  keepUserId: string;
  mergedUserId: string;
}

export const DISMISS_DUPLICATE_CANDIDATE = /* GraphQL */ `
  mutation AdminDismissDuplicateCandidate($id: ID!) {
    dismissDuplicateCandidate(id: $id)
  }
`;
export interface DismissDuplicateCandidateVariables {
  [name: string]: unknown;
  id: string;
}
