import { type ApiError, useQuery, useViewer } from '@ent/ui-kit';
import { ESTABLISHMENTS, type EstablishmentsData } from '../queries.js';
import { type AdminEstablishment, administeredEstablishments } from './administeredEstablishments.js';

export interface AdministeredEstablishments {
  list: AdminEstablishment[];
  loading: boolean;
  error: ApiError | undefined;
  refetch(): Promise<void>;
}

export function useAdministeredEstablishments(): AdministeredEstablishments {
  const viewer = useViewer();
  const { data, loading, error, refetch } = useQuery<EstablishmentsData>(ESTABLISHMENTS);
  const grants = viewer ? viewer.profiles.map((grant) => ({ profile: grant.profile, establishment: grant.establishment })) : null;
  return { list: administeredEstablishments(data?.establishments ?? [], grants), loading, error, refetch };
}
