import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  receiveBlob,
  ATTACHMENT_TYPES,
  blobDownloadHandler,
  conflict,
  forbidden,
  notFound,
  type BlobStore,
  type Clock,
  type DownloadLinks,
  badUserInput,
  format,
  httpStatusOf,
  isEntError,
  type Logger,
  type ModuleGate,
  sendError,
  type TokenVerifier,
  unauthenticated,
  type Viewer,
} from '@ent/kit';
import type { Express, Request, Response } from 'express';
import { ZipFile } from 'yazl';
import { messages } from '../messages.js';
import { isUuid, MAX_FILES_PER_WORK, typesOfKinds } from './input.js';
import * as repository from './repository.js';
import { assertFilesAllowed, assertPupilMayWork } from './rules.js';

export const FILES_PATH = '/devoirs/files';
export const UPLOAD_PATH = '/devoirs/uploads';
export const ARCHIVE_PATH = '/devoirs/archives';
export const ATTACHMENT_PATH = '/devoirs/attachments';
/** The teacher's documents: 10 Mo each, PDF, images and office documents, 10 per assignment. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

/** Blob store, download links (basePath /devoirs/files) and the secret that signs archive links. */
export interface DevoirsStorage {
  store: BlobStore;
  links: DownloadLinks;
  archives: ArchiveLinks;
}

export interface ArchiveLinks {
  sign(grant: { assignmentId: string; classId: string | null; userId: string }): string;
  verify(assignmentId: string, query: Record<string, unknown>): { assignmentId: string; classId: string | null; userId: string } | 'invalid' | 'expired';
}

/**
 * Archive links work like the kit's download links (a browser following a link sends no token, so the
 * link is the permission): HMAC-SHA256 over the assignment, class, person and expiry, five minutes.
 */
export function createArchiveLinks(options: { secret: string; clock: Clock; ttlSeconds?: number }): ArchiveLinks {
  if (Buffer.byteLength(options.secret) < 32) throw new Error('the archive link secret must be at least 32 bytes');
  const ttl = options.ttlSeconds ?? 300;
  const mac = (values: unknown[]) => createHmac('sha256', options.secret).update(JSON.stringify(['archive', ...values])).digest('base64url');
  return {
    sign({ assignmentId, classId, userId }) {
      const exp = Math.floor(options.clock.now().getTime() / 1000) + ttl;
      const params = new URLSearchParams({ ...(classId ? { class: classId } : {}), user: userId, exp: String(exp) });
      params.set('sig', mac([assignmentId, classId, userId, exp]));
      return `${ARCHIVE_PATH}/${assignmentId}.zip?${params}`;
    },
    verify(assignmentId, query) {
      const str = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
      const userId = str('user');
      const exp = Number(str('exp'));
      const sig = str('sig');
      const classId = str('class') ?? null;
      if (!userId || !Number.isInteger(exp) || !sig) return 'invalid';
      const expected = Buffer.from(mac([assignmentId, classId, userId, exp]));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      if (exp * 1000 < options.clock.now().getTime()) return 'expired';
      return { assignmentId, classId, userId };
    },
  };
}

const answerError = (req: Request, res: Response, error: unknown, next: (error: unknown) => void) => {
  if (!req.readableEnded) req.resume();
  if (isEntError(error)) return sendError(res, httpStatusOf(error.code), error.code, error.message, error.extensions);
  next(error);
};

/** Folder and file names inside the archive: no path separators or control characters from names people typed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const zipName = (value: string) => value.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || 'sans-nom';

/**
 * `POST /devoirs/uploads?assignmentId=…` (raw file as body, access token): the pupil is authorised and the
 * assignment checked before a byte is stored; the blob is written whole (size and type checked while
 * streaming, limits of the assignment), then checked again and the row written in one transaction. A
 * refused or interrupted upload leaves no row and no blob. `GET /devoirs/files/:key` serves signed links;
 * `GET /devoirs/archives/:id.zip` streams a ZIP of the latest handed-in versions to the author.
 */
export function mountFileRoutes(
  app: Express,
  options: { db: repository.Db; clock: Clock; gate: ModuleGate; verifier: TokenVerifier; storage: DevoirsStorage; logger: Logger },
) {
  const { db, gate, storage, clock } = options;

  const precheck = async (viewer: Viewer, assignmentId: unknown, trx: repository.Db) => {
    const assignment = await assertPupilMayWork(trx, viewer, String(assignmentId ?? ''), clock.now());
    assertFilesAllowed(assignment);
    await gate.assertEnabled(assignment.establishment_id);
    const files = await repository.draftFiles(trx, assignment.id, viewer.userId);
    if (files.length >= MAX_FILES_PER_WORK) throw badUserInput('file', format(messages.tooManyFiles, { max: MAX_FILES_PER_WORK }));
    return assignment;
  };

  app.post(UPLOAD_PATH, async (req, res, next) => {
    try {
      const viewer = await options.verifier.verifyAuthorizationHeader(req.header('authorization'));
      if (!viewer) throw unauthenticated();
      const assignment = await precheck(viewer, req.query['assignmentId'], db);
      const blob = await receiveBlob(req, { store: storage.store, maxBytes: assignment.max_bytes, allowedTypes: typesOfKinds(assignment.allowed_kinds) });
      try {
        const row = await db.transaction().execute(async (trx) => {
          // Checked again: the deadline may have passed, or the work been handed in, while the bytes came.
          await precheck(viewer, assignment.id, trx);
          return repository.insertFile(trx, {
            id: randomUUID(),
            assignment_id: assignment.id,
            pupil_id: viewer.userId,
            submission_id: null,
            blob_key: blob.key,
            filename: blob.filename ?? 'fichier',
            content_type: blob.contentType,
            size: blob.size,
            sha256: blob.sha256,
            uploaded_at: clock.now(),
          });
        });
        res.status(201).json({ id: row.id, filename: row.filename, contentType: row.content_type, size: Number(row.size) });
      } catch (error) {
        // No row points to it: the blob goes too.
        await storage.store.delete(blob.key).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      answerError(req, res, error, next);
    }
  });

  /** The author's documents, drafts included; checked before a byte is stored, then again with the row. */
  const authorCheck = async (viewer: Viewer, query: Record<string, unknown>, trx: repository.Db) => {
    const id = String(query['assignmentId'] ?? '');
    const assignment = isUuid(id) ? await repository.findAssignment(trx, id) : undefined;
    if (!assignment) throw notFound(messages.assignment);
    if (assignment.author_id !== viewer.userId) throw forbidden(messages.notAuthor);
    await gate.assertEnabled(assignment.establishment_id);
    // With pupilId: the annotated copy for that pupil, before the work is returned.
    const pupilId = typeof query['pupilId'] === 'string' && query['pupilId'] !== '' ? query['pupilId'] : null;
    if (pupilId !== null) {
      if (!isUuid(pupilId) || !(await repository.targetedPupil(trx, assignment.id, pupilId))) throw badUserInput('pupilId', messages.pupilNotTargeted);
      const [mark] = await repository.marksOf(trx, assignment.id, [pupilId]);
      if (mark?.returned_at) throw conflict(messages.alreadyReturned);
    }
    const existing = pupilId ? await repository.feedbackFilesOf(trx, assignment.id, pupilId) : await repository.attachmentsOf(trx, [assignment.id]);
    if (existing.length >= MAX_ATTACHMENTS) throw badUserInput('file', format(messages.tooManyFiles, { max: MAX_ATTACHMENTS }));
    return { assignment, pupilId };
  };

  app.post(ATTACHMENT_PATH, async (req, res, next) => {
    try {
      const viewer = await options.verifier.verifyAuthorizationHeader(req.header('authorization'));
      if (!viewer) throw unauthenticated();
      const { assignment, pupilId } = await authorCheck(viewer, req.query, db);
      const blob = await receiveBlob(req, { store: storage.store, maxBytes: ATTACHMENT_MAX_BYTES, allowedTypes: ATTACHMENT_TYPES });
      try {
        const row = await db.transaction().execute(async (trx) => {
          await authorCheck(viewer, req.query, trx);
          return repository.insertAttachment(trx, {
            id: randomUUID(),
            assignment_id: assignment.id,
            pupil_id: pupilId,
            blob_key: blob.key,
            filename: blob.filename ?? 'fichier',
            content_type: blob.contentType,
            size: blob.size,
            sha256: blob.sha256,
            uploaded_by: viewer.userId,
            uploaded_at: clock.now(),
          });
        });
        res.status(201).json({ id: row.id, filename: row.filename, contentType: row.content_type, size: Number(row.size) });
      } catch (error) {
        await storage.store.delete(blob.key).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      answerError(req, res, error, next);
    }
  });

  app.get(`${FILES_PATH}/:key`, blobDownloadHandler({ store: storage.store, links: storage.links }));

  app.get(`${ARCHIVE_PATH}/:file`, async (req, res, next) => {
    try {
      const assignmentId = String(req.params['file'] ?? '').replace(/\.zip$/, '');
      const grant = isUuid(assignmentId) ? storage.archives.verify(assignmentId, req.query) : 'invalid';
      if (grant === 'expired') return sendError(res, 410, 'FORBIDDEN', messages.archiveExpired);
      if (grant === 'invalid') return sendError(res, 403, 'FORBIDDEN', messages.archiveInvalid);
      const assignment = await repository.findAssignment(db, assignmentId);
      // The author only, checked again now: a link outlives nothing of its permission.
      if (!assignment || assignment.author_id !== grant.userId) return sendError(res, 403, 'FORBIDDEN', messages.archiveInvalid);
      await gate.assertEnabled(assignment.establishment_id);
      const rows = await repository.latestVersionsWithFiles(db, assignment.id, grant.classId);
      const zip = new ZipFile();
      const seen = new Set<string>();
      const unique = (path: string) => {
        let candidate = path;
        for (let n = 2; seen.has(candidate); n++) candidate = path.replace(/(\.[^./]*)?$/, (ext) => ` (${n})${ext}`);
        seen.add(candidate);
        return candidate;
      };
      const textDone = new Set<string>();
      for (const row of rows) {
        const folder = zipName(`${row.pupil_name}${row.late ? ' (en retard)' : ''}`);
        if (row.text && !textDone.has(row.submission_id)) {
          textDone.add(row.submission_id);
          zip.addBuffer(Buffer.from(row.text, 'utf8'), unique(`${folder}/texte en ligne.txt`), { mtime: row.submitted_at });
        }
        if (row.blob_key) {
          const key = row.blob_key;
          // Opened one at a time, as the archive is written: memory and file handles stay bounded.
          zip.addReadStreamLazy(unique(`${folder}/${zipName(row.filename ?? 'fichier')}`), { mtime: row.submitted_at, compress: false }, (callback) => {
            storage.store.get(key).then(
              (blob) => (blob ? callback(null, blob.stream) : callback(new Error(`blob ${key} is missing`), undefined as never)),
              (error: unknown) => callback(error, undefined as never),
            );
          });
        }
      }
      zip.end();
      res.setHeader('content-type', 'application/zip');
      res.setHeader('content-disposition', `attachment; filename="devoir-${assignment.id.slice(0, 8)}.zip"`);
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      const output = zip.outputStream;
      output.on('error', (error: unknown) => {
        options.logger.error({ err: error, assignmentId }, 'archive failed midway');
        res.destroy(error as Error);
      });
      output.pipe(res);
    } catch (error) {
      answerError(req, res, error, next);
    }
  });
}
