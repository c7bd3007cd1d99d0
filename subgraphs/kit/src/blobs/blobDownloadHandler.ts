import type { Request, RequestHandler, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { sendError } from '../server/http.js';
import type { BlobStore } from './blobStore.js';
import { contentDisposition, type DownloadGrant, type DownloadLinks } from './createDownloadLinks.js';
import { blobMessages } from './messages.js';

export interface BlobDownloadHandlerOptions {
  store: BlobStore;
  links: DownloadLinks;
  /** Told of every download served, for an audit trail (who fetched which file). */
  onServed?: (grant: DownloadGrant, req: Request) => void;
}

/**
 * `GET <basePath>/:key` for links made by `links.sign`. No token is needed (a browser following a link
 * sends none): the signature is the permission, given by the subgraph that signed it. A tampered link is
 * 403, an expired one 410, each with a French message; the file is always an attachment, never rendered.
 */
export function blobDownloadHandler({ store, links, onServed }: BlobDownloadHandlerOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const check = links.verify(String(req.params['key'] ?? ''), req.query as Record<string, unknown>);
    if (!check.ok) {
      return check.reason === 'expired'
        ? sendError(res, 410, 'LINK_EXPIRED', blobMessages.linkExpired)
        : sendError(res, 403, 'FORBIDDEN', blobMessages.linkInvalid);
    }
    const { grant } = check;
    const blob = await store.get(grant.key);
    if (!blob) return sendError(res, 404, 'NOT_FOUND', blobMessages.fileNotFound);
    res.status(200);
    res.setHeader('Content-Type', grant.contentType);
    res.setHeader('Content-Length', String(blob.size));
    res.setHeader('Content-Disposition', contentDisposition(grant.filename));
    onServed?.(grant, req);
    if (req.method === 'HEAD') {
      blob.stream.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(blob.stream, res);
    } catch {
      // The person closed the connection, or the disk failed mid-way: the response is already cut short
      // (its Content-Length tells the browser the file is incomplete), there is nobody left to answer.
    }
  };
}
