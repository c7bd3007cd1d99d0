import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_TYPES,
  blobDownloadHandler,
  blobUploadHandler,
  type BlobStore,
  type Clock,
  type DownloadLinks,
  forbidden,
  type ModuleGate,
  notFound,
  sendError,
  type TokenVerifier,
  httpStatusOf,
  isEntError,
  unauthenticated,
} from '@ent/kit';
import type { Express } from 'express';
import { messages } from '../messages.js';
import { type Db, findHomework, findLesson, insertAttachment } from './repository.js';

/** 10 Mo per file, the kit's attachment types (PDF, images, office documents). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface AttachmentStorage {
  store: BlobStore;
  /** Signed with basePath `/cahier-de-textes/files` (the router forwards that prefix here). */
  links: DownloadLinks;
}

export const FILES_PATH = '/cahier-de-textes/files';
export const UPLOAD_PATH = '/cahier-de-textes/attachments';

/** The séance or homework a file is attached to; only its author attaches, on an establishment where the module is on. */
async function ownerFor(db: Db, gate: ModuleGate, userId: string, query: Record<string, unknown>) {
  const lessonId = typeof query['lessonId'] === 'string' ? query['lessonId'] : undefined;
  const homeworkId = typeof query['homeworkId'] === 'string' ? query['homeworkId'] : undefined;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const entry =
    lessonId && uuid.test(lessonId)
      ? await findLesson(db, lessonId)
      : homeworkId && uuid.test(homeworkId)
        ? await findHomework(db, homeworkId)
        : undefined;
  if (!entry) throw notFound(lessonId ? messages.lesson : messages.homework);
  if (entry.author_id !== userId) throw forbidden(messages.notAuthor);
  await gate.assertEnabled(entry.establishment_id);
  return lessonId ? { lesson_id: entry.id, homework_id: null } : { lesson_id: null, homework_id: entry.id };
}

/**
 * `POST /cahier-de-textes/attachments?lessonId=…` (or `homeworkId=…`) with the raw file as body and the
 * access token: authenticated and authorised before a byte is stored, checked again once the blob is
 * whole, then the row is written; `GET /cahier-de-textes/files/:key` serves signed links.
 */
export function mountAttachmentRoutes(app: Express, options: { db: Db; clock: Clock; gate: ModuleGate; verifier: TokenVerifier; storage: AttachmentStorage }) {
  const { db, gate, storage } = options;
  app.post(
    UPLOAD_PATH,
    async (req, res, next) => {
      try {
        const viewer = await options.verifier.verifyAuthorizationHeader(req.header('authorization'));
        if (!viewer) throw unauthenticated();
        await ownerFor(db, gate, viewer.userId, req.query);
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
      onStored: async (blob, req, res) => {
        const uploader = String(res.locals['uploader']);
        const row = await db.transaction().execute(async (trx) => {
          const owner = await ownerFor(trx, gate, uploader, req.query);
          return insertAttachment(trx, {
            id: randomUUID(),
            ...owner,
            blob_key: blob.key,
            filename: blob.filename ?? 'fichier',
            content_type: blob.contentType,
            size: blob.size,
            sha256: blob.sha256,
            uploaded_by: uploader,
            created_at: options.clock.now(),
          });
        });
        res.status(201).json({ id: row.id, filename: row.filename, contentType: row.content_type, size: Number(row.size) });
      },
    }),
  );
  app.get(`${FILES_PATH}/:key`, blobDownloadHandler({ store: storage.store, links: storage.links }));
}
