import { createHash, type Hash, randomBytes } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { badUserInput } from '../errors.js';
import { format } from '../messages.js';
import {
  acceptedType,
  describeTypes,
  hasControlCharacters,
  isTextType,
  normaliseContentType,
  SNIFF_BYTES,
  sniffFileType,
} from './fileTypes.js';
import { blobMessages, frenchSize } from './messages.js';

export interface PutOptions {
  /** The type the client declared (request or part `Content-Type`); only believed when the bytes agree. */
  contentType: string;
  /** The upload is refused, and nothing kept, as soon as it goes past this many bytes. */
  maxBytes: number;
  /** The types this upload may have (see `ATTACHMENT_TYPES`, `FILE_TYPES`). */
  allowedTypes: readonly string[];
  /** The name the person gave the file, kept with the blob for their information. */
  filename?: string;
  /** The input field named in BAD_USER_INPUT errors; `file` by default. */
  field?: string;
}

/** A blob that is whole in the store. Keep `key`, `size`, `sha256` and `contentType` in the row that points to it. */
export interface StoredBlob {
  key: string;
  size: number;
  /** Lower-case hexadecimal SHA-256 of the content. */
  sha256: string;
  /** The sniffed type (agreeing with the declared one), never the client's word alone. */
  contentType: string;
}

export interface BlobMetadata extends StoredBlob {
  filename?: string;
  createdAt: Date;
}

export interface BlobRead extends BlobMetadata {
  /** The content; the caller must consume or destroy it. */
  stream: Readable;
}

/**
 * Where attachments and submissions live. Every implementation guarantees that a blob is either whole
 * or absent: `put` resolves only once the content is durably stored under its key, and a refused,
 * failed or interrupted `put` leaves nothing readable behind. See docs/files.md.
 */
export interface BlobStore {
  /**
   * Streams the content in, checking size and type on the way. Refusals (too large, wrong type, empty)
   * are BAD_USER_INPUT with a French reason; an error of the source stream is rethrown as it is.
   */
  put(stream: Readable, options: PutOptions): Promise<StoredBlob>;
  get(key: string): Promise<BlobRead | undefined>;
  /** True when there was something to delete; deleting an absent blob is not an error. */
  delete(key: string): Promise<boolean>;
  exists(key: string): Promise<boolean>;
}

/**
 * Keys are random (128 bits), not content hashes: a blob belongs to the one row that points to it, so
 * deleting it never breaks another person's attachment, and a key tells nothing about the content.
 * Every store uses this one form, so blobs can be copied from one store to another unchanged.
 */
export const BLOB_KEY_PATTERN = /^[0-9a-f]{32}$/;

export function newBlobKey(): string {
  return randomBytes(16).toString('hex');
}

export function isBlobKey(key: unknown): key is string {
  return typeof key === 'string' && BLOB_KEY_PATTERN.test(key);
}

/** A key from outside (an argument, a URL) is refused unless it has the store's own form: no `../`, no `/`. */
export function assertBlobKey(key: unknown, field = 'key'): asserts key is string {
  if (!isBlobKey(key)) throw badUserInput(field, blobMessages.invalidKey);
}

/**
 * The checks every store applies while the bytes go through: counts and refuses past `maxBytes`, hashes,
 * holds back the first bytes until their type is known and allowed, and (for text) checks the whole
 * stream is UTF-8 text. A store pipes the upload through it to whatever writes the bytes, and reads
 * `result()` once the pipeline has finished.
 */
export class UploadInspector extends Transform {
  readonly #options: PutOptions;
  readonly #field: string;
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #head: Buffer[] = [];
  #headLength = 0;
  #contentType: string | undefined;
  #text: TextDecoder | undefined;

  constructor(options: PutOptions) {
    super();
    this.#options = options;
    this.#field = options.field ?? 'file';
  }

  result(): Omit<StoredBlob, 'key'> {
    if (this.#contentType === undefined) throw new Error('UploadInspector.result() called before the upload finished');
    return { size: this.#size, sha256: this.#hash.digest('hex'), contentType: this.#contentType };
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(this.#take(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#finish());
  }

  #take(bytes: Buffer): Error | null {
    this.#size += bytes.length;
    if (this.#size > this.#options.maxBytes) return this.#tooLarge();
    this.#hash.update(bytes);
    if (this.#contentType !== undefined) {
      const error = this.#checkText(bytes);
      if (!error) this.push(bytes);
      return error;
    }
    this.#head.push(bytes);
    this.#headLength += bytes.length;
    return this.#headLength < SNIFF_BYTES ? null : this.#decide();
  }

  #finish(): Error | null {
    if (this.#size === 0) return badUserInput(this.#field, blobMessages.empty);
    if (this.#contentType === undefined) {
      const error = this.#decide();
      if (error) return error;
    }
    if (!this.#text) return null;
    try {
      return hasControlCharacters(this.#text.decode()) ? this.#typeRefused() : null;
    } catch {
      return this.#typeRefused();
    }
  }

  /** Decides the type from the held-back bytes, then lets them through. */
  #decide(): Error | null {
    const head = Buffer.concat(this.#head);
    this.#head = [];
    const type = acceptedType(
      sniffFileType(head.subarray(0, SNIFF_BYTES)),
      normaliseContentType(this.#options.contentType),
      this.#options.allowedTypes,
    );
    if (type === undefined) return this.#typeRefused();
    this.#contentType = type;
    if (isTextType(type)) this.#text = new TextDecoder('utf-8', { fatal: true });
    const error = this.#checkText(head);
    if (error) return error;
    this.push(head);
    return null;
  }

  #checkText(bytes: Buffer): Error | null {
    if (!this.#text) return null;
    try {
      return hasControlCharacters(this.#text.decode(bytes, { stream: true })) ? this.#typeRefused() : null;
    } catch {
      return this.#typeRefused();
    }
  }

  #tooLarge() {
    return badUserInput(this.#field, format(blobMessages.tooLarge, { max: frenchSize(this.#options.maxBytes) }));
  }

  #typeRefused() {
    return badUserInput(this.#field, format(blobMessages.typeRefused, { accepted: describeTypes(this.#options.allowedTypes) }));
  }
}
