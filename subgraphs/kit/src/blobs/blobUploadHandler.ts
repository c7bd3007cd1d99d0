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
      blob = await receiveBlob(req, { store: options.store, maxBytes: options.maxBytes, allowedTypes: options.allowedTypes, field });
      await options.onStored(blob, req, res);
    } catch (error) {
      if (blob) await options.store.delete(blob.key).catch(() => undefined);
      if (!req.readableEnded) req.resume();
      if (res.headersSent) return;
      if (isEntError(error)) return sendError(res, httpStatusOf(error.code), error.code, error.message, error.extensions);
      throw error;
    }
  };
}

export interface ReceiveBlobOptions {
  store: BlobStore;
  maxBytes: number;
  allowedTypes: readonly string[];
  /** The field named in BAD_USER_INPUT errors; `file` by default. */
  field?: string;
}

/**
 * The request body streamed into the store, for handlers that decide the limits per request (after
 * authorising it): the declared length and the name are checked first, then size and type on the way.
 * When the client goes away mid-body the stream given to the store is destroyed, so `put` fails and
 * removes its temporary file at once (`req.pipe` alone never ends its destination on an aborted request:
 * the store would wait for ever with a half-written file open). A refused upload's remaining bytes are
 * read and dropped, bounded in memory, so the connection can carry the French answer.
 */
export async function receiveBlob(req: Request, options: ReceiveBlobOptions): Promise<StoredBlob & { filename?: string }> {
  const field = options.field ?? 'file';
  const declaredLength = Number(req.header('content-length') ?? Number.NaN);
  if (declaredLength > options.maxBytes) throw badUserInput(field, format(blobMessages.tooLarge, { max: frenchSize(options.maxBytes) }));
  const filename = filenameOf(req, field);
  // Through a PassThrough, so that refusing the upload destroys this stream and not the request.
  const body = new PassThrough();
  const abort = () => {
    if (!req.complete) body.destroy(new Error('upload interrupted by the client'));
  };
  req.on('close', abort);
  req.pipe(body);
  try {
    const stored = await options.store.put(body, {
      contentType: req.header('content-type') ?? '',
      maxBytes: options.maxBytes,
      allowedTypes: options.allowedTypes,
      field,
      ...(filename === undefined ? {} : { filename }),
    });
    return filename === undefined ? stored : { ...stored, filename };
  } finally {
    req.off('close', abort);
    if (!req.readableEnded) {
      req.unpipe(body);
      req.resume();
    }
  }
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
