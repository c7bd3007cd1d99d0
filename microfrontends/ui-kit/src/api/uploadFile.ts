import { apiErrorFromResponse, networkError } from './ApiError.js';
import { session } from './session.js';

export interface UploadOptions {
  /** Called with 0…1 as the bytes leave (fetch cannot report upload progress; XMLHttpRequest can). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  /** Query parameters (which assignment, which pupil…). */
  query?: Record<string, string>;
}

/**
 * Sends a file to one of the ENT's upload end points (`/devoirs/uploads`, `/messagerie/attachments`…) as
 * the raw request body, the way the kit's upload handler expects it: the access token in Authorization,
 * the CSRF header the router asks of every state-changing request, the name percent-encoded in
 * X-File-Name. Resolves with the JSON the end point answers (201); a refusal rejects with an ApiError in
 * the API's French (too large, wrong type…).
 */
export async function uploadFile<T = unknown>(path: string, file: File, options: UploadOptions = {}): Promise<T> {
  const token = await session.getValidAccessToken();
  const query = options.query && Object.keys(options.query).length > 0 ? `?${new URLSearchParams(options.query)}` : '';
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${path}${query}`);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('x-ent-csrf', '1');
    request.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    if (file.type) request.setRequestHeader('content-type', file.type);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = null;
      }
      if (request.status === 201 || request.status === 200) {
        options.onProgress?.(1);
        resolve(body as T);
        return;
      }
      reject(apiErrorFromResponse(request.status, body));
    };
    request.onerror = () => reject(networkError(new Error(`upload to ${path} failed`)));
    request.onabort = () => reject(networkError(new Error(`upload to ${path} aborted`)));
    options.signal?.addEventListener('abort', () => request.abort());
    request.send(file);
  });
}
