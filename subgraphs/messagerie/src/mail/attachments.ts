import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_TYPES,
  blobDownloadHandler,
  type BlobStore,
  blobUploadHandler,
  type Clock,
  type DownloadLinks,
  httpStatusOf,
  isEntError,
  sendError,
  type TokenVerifier,
  unauthenticated,
} from '@ent/kit';
import type { Express } from 'express';
import { type Db, insertAttachment } from './repository.js';

/** 10 Mo per file, the kit's attachment types (PDF, images, office documents). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export interface AttachmentStorage {
  store: BlobStore;
  /** Signed with basePath `/messagerie/files` (the router forwards that prefix here). */
  links: DownloadLinks;
}

export const FILES_PATH = '/messagerie/files';
export const UPLOAD_PATH = '/messagerie/attachments';

/**
 * `POST /messagerie/attachments` with the raw file as body and the access token: the file is stored
 * whole (or refused: over 10 Mo, a type that is not a document or image), then a pending attachment row
 * owned by the uploader is written; `sendMessage(attachmentIds)` ties it to the message. Downloads go
 * through links signed for participants (`Attachment.downloadUrl`).
 */
export function mountAttachmentRoutes(app: Express, options: { db: Db; clock: Clock; verifier: TokenVerifier; storage: AttachmentStorage }) {
  const { db, storage } = options;
  app.post(
    UPLOAD_PATH,
    async (req, res, next) => {
      try {
        const viewer = await options.verifier.verifyAuthorizationHeader(req.header('authorization'));
        if (!viewer) throw unauthenticated();
        res.locals['uploader'] = viewer.userId;
        next();
      } catch (error) {
        req.resume();
        if (isEntError(error)) return sendError(res, httpStatusOf(error.code), error.code, error.message, error.extensions);
        next(error);
      }
    },
    blobUploadHandler({
      store: storage.store,
      maxBytes: ATTACHMENT_MAX_BYTES,
      allowedTypes: ATTACHMENT_TYPES,
      onStored: async (blob, _req, res) => {
        const uploader = String(res.locals['uploader']);
        const row = await insertAttachment(db, {
          id: randomUUID(),
          message_id: null,
          blob_key: blob.key,
          filename: blob.filename ?? 'fichier',
          content_type: blob.contentType,
          size: blob.size,
          sha256: blob.sha256,
          uploaded_by: uploader,
          created_at: options.clock.now(),
        });
        res.status(201).json({ id: row.id, filename: row.filename, contentType: row.content_type, size: Number(row.size) });
      },
    }),
  );
  app.get(`${FILES_PATH}/:key`, blobDownloadHandler({ store: storage.store, links: storage.links }));
}
