import { uploadFile as upload } from '@ent/ui-kit';

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * A pupil's work to `/devoirs/uploads`, or the teacher's documents to `/devoirs/attachments`, through the
 * ui-kit's uploadFile (progress, token, CSRF header, French refusals).
 */
export function uploadFile(
  assignmentId: string,
  file: File,
  onProgress: (fraction: number) => void,
  options: { signal?: AbortSignal; path?: '/devoirs/uploads' | '/devoirs/attachments'; pupilId?: string } = {},
): Promise<UploadedFile> {
  return upload<UploadedFile>(options.path ?? '/devoirs/uploads', file, {
    onProgress,
    query: { assignmentId, ...(options.pupilId ? { pupilId: options.pupilId } : {}) },
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
