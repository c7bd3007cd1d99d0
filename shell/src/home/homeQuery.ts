import { ApiError, graphqlResult, PREFERENCES_FIELDS, type Viewer, type ViewerChild } from '@ent/ui-kit';
import type { Manifest } from '../manifest/manifest.js';

/**
 * The home page is ONE federated query: the person from the annuaire, plus the summary fields each
 * installed module adds to `User` (declared in its manifest entry), for them and for each child.
 *
 * Should the API not know a field yet (a module's subgraph not deployed, an older annuaire), the
 * query is asked again with less: first without the modules' summaries, then without the optional
 * fields of the annuaire. A module that does not answer simply contributes nothing.
 */
export type QueryLevel = 'full' | 'without-summaries' | 'minimal';
export const QUERY_LEVELS: readonly QueryLevel[] = ['full', 'without-summaries', 'minimal'];

const MODULES = 'modules { moduleId enabled }';

export function summarySelection(manifest: Manifest): string {
  return manifest
    .map((entry) => entry.summaryFields)
    .filter((fields): fields is string => fields !== null)
    .join('\n    ');
}

export function buildHomeQuery(manifest: Manifest, level: QueryLevel = 'full'): string {
  const summaries = level === 'full' ? summarySelection(manifest) : '';
  const optional = level !== 'minimal';
  const modules = optional ? MODULES : '';
  return `query PortalHome {
  me {
    id displayName firstName
    profiles { profile functionLabel establishment { id name type } }
    establishments { id name type ${modules} }
    classes { id name level cycle establishment { id } }
    children {
      id firstName displayName
      classes { id name level cycle establishment { id name ${modules} } }
      ${summaries}
    }
    teachings { subject headTeacher class { id name pupilCount } }
    ${optional ? `preferences { ${PREFERENCES_FIELDS} }` : ''}
    ${summaries}
  }
}`.replace(/[ \t]+\n/g, '\n');
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((item) => item !== null) as T[]) : [];
}

/** The answer as a Viewer: lists the API left null (a field refused) become empty. */
export function viewerOf(me: Record<string, unknown>): Viewer {
  const children = list<Record<string, unknown>>(me['children']).map(
    (child) => ({ ...child, classes: list(child['classes']) }) as unknown as ViewerChild,
  );
  return {
    ...me,
    id: String(me['id']),
    displayName: String(me['displayName'] ?? ''),
    firstName: String(me['firstName'] ?? ''),
    profiles: list(me['profiles']),
    establishments: list<Record<string, unknown>>(me['establishments']).map((establishment) => ({
      ...establishment,
      modules: list(establishment['modules']),
    })) as unknown as Viewer['establishments'],
    classes: list(me['classes']),
    children,
    teachings: list(me['teachings']),
    preferences: (me['preferences'] as Viewer['preferences']) ?? null,
  };
}

export interface HomeData {
  viewer: Viewer;
  level: QueryLevel;
}

function isValidationFailure(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'GRAPHQL_VALIDATION_FAILED' || error.status === 400);
}

/** Runs the home query, stepping down a level when the API does not know a field. */
export async function loadHome(manifest: Manifest): Promise<HomeData> {
  let lastError: unknown;
  for (const level of QUERY_LEVELS) {
    if (level === 'without-summaries' && summarySelection(manifest) === '') continue;
    try {
      const { data } = await graphqlResult<{ me: Record<string, unknown> | null }>(buildHomeQuery(manifest, level));
      if (!data.me) throw new ApiError('NOT_FOUND', 'me');
      return { viewer: viewerOf(data.me), level };
    } catch (error) {
      if (!isValidationFailure(error)) throw error;
      console.warn(`portal: home query refused at level ${level}`, error);
      lastError = error;
    }
  }
  throw lastError;
}
