import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Clock, systemClock } from '../clock.js';
import {
  assertBlobKey,
  type BlobMetadata,
  type BlobRead,
  type BlobStore,
  newBlobKey,
  type PutOptions,
  type StoredBlob,
  UploadInspector,
} from './blobStore.js';

export interface LocalBlobStoreOptions {
  /** `.data/blobs` by default (relative to the working directory, like the embedded databases). */
  root?: string;
  /** Dates `createdAt`. */
  clock?: Clock;
}

interface MetadataFile {
  size: number;
  sha256: string;
  contentType: string;
  filename?: string;
  createdAt: string;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs on the local disk: `<root>/<first two hex digits of the key>/<key>` holds the bytes as they came,
 * `<key>.json` beside it the metadata. A put streams to a temporary file in the same directory (a name
 * starting with a dot), fsyncs it, writes the metadata the same way, then renames the metadata and finally
 * the content into place: the content's rename is the commit, so a reader sees a whole blob or none.
 * The 256 sub-directories keep any one directory to a manageable size.
 */
export function createLocalBlobStore(options: LocalBlobStoreOptions = {}): BlobStore {
  const root = resolve(options.root ?? '.data/blobs');
  const clock = options.clock ?? systemClock;

  const directoryOf = (key: string) => join(root, key.slice(0, 2));
  const contentPath = (key: string) => join(directoryOf(key), key);
  const metadataPath = (key: string) => `${contentPath(key)}.json`;
  const temporaryPath = (key: string, suffix: string) =>
    join(directoryOf(key), `.${key}.${randomBytes(6).toString('hex')}${suffix}.tmp`);

  return {
    async put(stream: Readable, putOptions: PutOptions): Promise<StoredBlob> {
      const key = newBlobKey();
      const directory = directoryOf(key);
      await mkdir(directory, { recursive: true });
      const contentTemporary = temporaryPath(key, '');
      const metadataTemporary = temporaryPath(key, '.json');
      let committed = false;
      try {
        const inspector = new UploadInspector(putOptions);
        const file = await open(contentTemporary, 'wx', 0o600);
        try {
          await pipeline(stream, inspector, async (chunks: AsyncIterable<Buffer>) => {
            for await (const chunk of chunks) await writeAll(file, chunk);
          });
          await file.sync();
        } finally {
          await file.close();
        }
        const blob: StoredBlob = { key, ...inspector.result() };
        const metadata: MetadataFile = {
          size: blob.size,
          sha256: blob.sha256,
          contentType: blob.contentType,
          ...(putOptions.filename === undefined ? {} : { filename: putOptions.filename }),
          createdAt: clock.now().toISOString(),
        };
        const metadataFile = await open(metadataTemporary, 'wx', 0o600);
        try {
          await metadataFile.writeFile(JSON.stringify(metadata));
          await metadataFile.sync();
        } finally {
          await metadataFile.close();
        }
        await rename(metadataTemporary, metadataPath(key));
        await rename(contentTemporary, contentPath(key));
        committed = true;
        await syncDirectory(directory);
        return blob;
      } catch (error) {
        // The caller hears of a failure, so nothing may stay: not even a blob that made it into place.
        if (committed) await rm(contentPath(key), { force: true });
        await Promise.all([
          rm(contentTemporary, { force: true }),
          rm(metadataTemporary, { force: true }),
          rm(metadataPath(key), { force: true }),
        ]);
        throw error;
      }
    },

    async get(key: string): Promise<BlobRead | undefined> {
      assertBlobKey(key);
      let file: FileHandle;
      try {
        file = await open(contentPath(key), 'r');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      // Opened first: a delete from now on unlinks the name, and this reader still gets the whole blob.
      let metadata: BlobMetadata;
      try {
        metadata = metadataOf(key, JSON.parse(await readFile(metadataPath(key), 'utf8')) as MetadataFile);
      } catch (error) {
        await file.close();
        if (isMissing(error)) return undefined;
        throw error;
      }
      return { ...metadata, stream: file.createReadStream() };
    },

    async delete(key: string): Promise<boolean> {
      assertBlobKey(key);
      let existed = true;
      try {
        await unlink(contentPath(key));
      } catch (error) {
        if (!isMissing(error)) throw error;
        existed = false;
      }
      await rm(metadataPath(key), { force: true });
      return existed;
    },

    async exists(key: string): Promise<boolean> {
      assertBlobKey(key);
      try {
        return (await stat(contentPath(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
  };
}

function metadataOf(key: string, file: MetadataFile): BlobMetadata {
  return {
    key,
    size: file.size,
    sha256: file.sha256,
    contentType: file.contentType,
    ...(file.filename === undefined ? {} : { filename: file.filename }),
    createdAt: new Date(file.createdAt),
  };
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Makes the renames durable. Some platforms cannot fsync a directory; there the rename is all we have. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL') throw error;
  } finally {
    await handle?.close();
  }
}
