import type { Request, RequestHandler, Response } from 'express';
import { PassThrough } from 'node:stream';
import { badUserInput, httpStatusOf, isEntError } from '../errors.js';
import { format } from '../messages.js';
import { sendError } from '../server/http.js';
import type { BlobStore, StoredBlob } from './blobStore.js';
import { safeFilename } from './createDownloadLinks.js';
import { blobMessages, frenchSize } from './messages.js';

/** The header carrying the file's name, percent-encoded UTF-8 (`encodeURIComponent(file.name)`). */
export const FILE_NAME_HEADER = 'x-file-name';

export interface BlobUploadHandlerOptions {
  store: BlobStore;
  maxBytes: number;
  allowedTypes: readonly string[];
  /** The field named in BAD_USER_INPUT errors; `file` by default. */
  field?: string;
  /**
   * Called once the blob is whole: check who may attach it where, write the row that points to it (one
   * transaction), and answer. If it throws, the blob is deleted and the error answered, so no blob is
   * left without its row. Run authentication before this handler, so strangers cannot fill the disk.
   */
  onStored(blob: StoredBlob & { filename?: string }, req: Request, res: Response): Promise<void> | void;
}

/**
 * `POST` of the raw file as the request body (`fetch(url, { method: 'POST', body: file, headers: {
 * 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name) } })`): no multipart parser,
 * and the body streams to the store without being held in memory.
 */
export function blobUploadHandler(options: BlobUploadHandlerOptions): RequestHandler {
  const field = options.field ?? 'file';
  return async (req: Request, res: Response) => {
    let blob: (StoredBlob & { filename?: string }) | undefined;
    try {
      const declaredLength = Number(req.header('content-length') ?? Number.NaN);
      if (declaredLength > options.maxBytes) {
        throw badUserInput(field, format(blobMessages.tooLarge, { max: frenchSize(options.maxBytes) }));
      }
      const filename = filenameOf(req, field);
      // Through a PassThrough, so that refusing the upload destroys this stream and not the request:
      // the connection stays open to carry the French answer.
      const body = new PassThrough();
      req.pipe(body);
      const stored = await options.store.put(body, {
        contentType: req.header('content-type') ?? '',
        maxBytes: options.maxBytes,
        allowedTypes: options.allowedTypes,
        field,
        ...(filename === undefined ? {} : { filename }),
      });
      blob = filename === undefined ? stored : { ...stored, filename };
      await options.onStored(blob, req, res);
    } catch (error) {
      if (blob) await options.store.delete(blob.key).catch(() => undefined);
      if (!req.readableEnded) {
        // Whatever the client still sends is read and dropped, bounded in memory, before the answer.
        req.unpipe();
        req.resume();
      }
      if (res.headersSent) return;
      if (isEntError(error)) return sendError(res, httpStatusOf(error.code), error.code, error.message, error.extensions);
      throw error;
    }
  };
}

function filenameOf(req: Request, field: string): string | undefined {
  const header = req.header(FILE_NAME_HEADER);
  if (header === undefined || header === '') return undefined;
  try {
    return safeFilename(decodeURIComponent(header));
  } catch {
    throw badUserInput(field, blobMessages.fileNameInvalid);
  }
}
