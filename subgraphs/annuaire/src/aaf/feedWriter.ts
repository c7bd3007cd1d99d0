import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { FeedType } from './feedFiles.js';
import type { AafOperation } from './readAafRecords.js';

/** A record to write: attribute values as given, `$`-joined parts included; null or [] writes an empty value. */
export interface FeedRequest {
  operation: AafOperation;
  category: string;
  id: string;
  attributes?: Record<string, string | readonly string[] | null | undefined>;
}

const CATEGORY_ATTRIBUTE: Record<string, string> = {
  EtabEducNat: 'categorieStructure',
  MatiereEducNat: 'categorieMatiere',
  MefEducNat: 'categorieMef',
};

const ELEMENTS: Record<AafOperation, string> = { add: 'addRequest', modify: 'modifyRequest', delete: 'deleteRequest' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);
}

/** One request as the ficAlimMENESR DTD has it. */
export function requestXml(request: FeedRequest): string {
  const element = ELEMENTS[request.operation];
  const categoryAttribute = CATEGORY_ATTRIBUTE[request.category] ?? 'categoriePersonne';
  const lines = [
    `<${element}>`,
    `<operationalAttributes><attr name="${categoryAttribute}"><value>${escapeXml(request.category)}</value></attr></operationalAttributes>`,
    `<identifier><id>${escapeXml(request.id)}</id></identifier>`,
  ];
  if (request.operation !== 'delete') {
    const [open, close, item] =
      request.operation === 'add' ? ['<attributes>', '</attributes>', 'attr'] : ['<modifications>', '</modifications>', 'modification'];
    lines.push(open);
    for (const [name, raw] of Object.entries(request.attributes ?? {})) {
      if (raw === undefined) continue;
      const values = raw === null ? [] : typeof raw === 'string' ? [raw] : raw;
      const body = values.length === 0 ? '<value/>' : values.map((value) => `<value>${escapeXml(value)}</value>`).join('');
      const operation = item === 'modification' ? ' operation="replace"' : '';
      lines.push(`<${item} name="${escapeXml(name)}"${operation}>${body}</${item}>`);
    }
    lines.push(close);
  }
  lines.push(`</${element}>`);
  return `${lines.join('\n')}\n`;
}

export function feedHeader(encoding = 'UTF-8'): string {
  return `<?xml version="1.0" encoding="${encoding}"?>\n<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n<ficAlimMENESR>\n`;
}

export const FEED_FOOTER = '</ficAlimMENESR>\n';

/** A whole file's text (UTF-8 declared unless told). */
export function feedXml(requests: readonly FeedRequest[], encoding = 'UTF-8'): string {
  return feedHeader(encoding) + requests.map(requestXml).join('') + FEED_FOOTER;
}

/** The usual file name: `ENT_Complet_20260901_Eleve_0000.xml`. */
export function feedFileName(type: FeedType, options: { mode?: 'Complet' | 'Delta'; date?: string; part?: number; prefix?: string } = {}): string {
  return `${options.prefix ?? 'ENT'}_${options.mode ?? 'Complet'}_${options.date ?? '20260901'}_${type}_${String(options.part ?? 0).padStart(4, '0')}.xml`;
}

/**
 * Streams a feed file to disk, splitting it into numbered parts of `recordsPerPart` records the way
 * real feeds come; waits for the disk when the stream's buffer is full, so memory stays flat.
 */
export class FeedFileWriter {
  #stream: WriteStream | undefined;
  #records = 0;
  #part = 0;
  readonly paths: string[] = [];

  constructor(
    readonly directory: string,
    readonly type: FeedType,
    readonly options: { mode?: 'Complet' | 'Delta'; date?: string; prefix?: string; recordsPerPart?: number } = {},
  ) {}

  async write(request: FeedRequest): Promise<void> {
    if (!this.#stream || this.#records >= (this.options.recordsPerPart ?? 50_000)) await this.#nextPart();
    this.#records++;
    if (!(this.#stream as WriteStream).write(requestXml(request))) await once(this.#stream as WriteStream, 'drain');
  }

  async #nextPart(): Promise<void> {
    await this.#closePart();
    const path = `${this.directory}/${feedFileName(this.type, { ...this.options, part: this.#part++ })}`;
    this.paths.push(path);
    this.#stream = createWriteStream(path);
    this.#stream.write(feedHeader());
    this.#records = 0;
  }

  async #closePart(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    this.#stream = undefined;
    stream.end(FEED_FOOTER);
    await once(stream, 'finish');
  }

  async close(): Promise<void> {
    if (this.paths.length === 0) await this.#nextPart();
    await this.#closePart();
  }
}
