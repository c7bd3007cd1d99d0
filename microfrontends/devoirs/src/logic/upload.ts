import { ApiError, session } from '@ent/ui-kit';
import { text } from '../text.js';

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Sends a file to `/devoirs/uploads` (a pupil's work) or `/devoirs/attachments` (the teacher's documents) as the raw request body, with XMLHttpRequest because fetch cannot
 * report upload progress. The access token goes in Authorization, the CSRF header the router asks of
 * every state-changing request, the name percent-encoded. A refusal comes back in the API's French.
 */
export async function uploadFile(
  assignmentId: string,
  file: File,
  onProgress: (fraction: number) => void,
  options: { signal?: AbortSignal; path?: '/devoirs/uploads' | '/devoirs/attachments'; pupilId?: string } = {},
): Promise<UploadedFile> {
  const token = await session.getValidAccessToken();
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const query = new URLSearchParams({ assignmentId, ...(options.pupilId ? { pupilId: options.pupilId } : {}) });
    request.open('POST', `${options.path ?? '/devoirs/uploads'}?${query}`);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('x-ent-csrf', '1');
    request.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    if (file.type) request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 201) {
        onProgress(1);
        resolve(body as UploadedFile);
        return;
      }
      const error = (body as { errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> } | null)?.errors?.[0];
      const field = error?.extensions?.field;
      reject(
        new ApiError(error?.extensions?.code ?? 'BAD_RESPONSE', error?.message ?? `HTTP ${request.status}`, {
          status: request.status,
          ...(field ? { field } : {}),
        }),
      );
    };
    request.onerror = () => reject(new ApiError('NETWORK_ERROR', text('pupil.networkError')));
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}
