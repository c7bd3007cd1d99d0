import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from 'tar';

/** Packs `files` (names inside `dir`) into `dir/archiveName` (.tar.gz) and writes its `.md5` beside it. */
export async function packArchive(dir: string, archiveName: string, files: readonly string[]): Promise<{ md5: string; md5Name: string }> {
  const archivePath = join(dir, archiveName);
  await create({ gzip: true, file: archivePath, cwd: dir, portable: true, noMtime: false }, [...files]);
  const md5 = await md5Of(archivePath);
  const md5Name = `${archiveName}.md5`;
  // The format `md5sum -c` reads: « <hex>  <file name> ».
  await writeFile(join(dir, md5Name), `${md5}  ${archiveName}\n`, 'utf8');
  return { md5, md5Name };
}

export async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
