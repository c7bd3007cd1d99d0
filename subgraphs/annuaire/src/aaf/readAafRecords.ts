import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FeedFileError, type FeedProblemCode } from './feedProblem.js';

export type AafOperation = 'add' | 'modify' | 'delete';

/** One addRequest, modifyRequest or deleteRequest of a ficAlimMENESR file. */
export interface AafRecord {
  file: string;
  /** Line of the request's opening tag. */
  line: number;
  operation: AafOperation;
  /** categoriePersonne / categorieStructure / … value: Eleve, PersRelEleve, PersEducNat, EtabEducNat, … */
  category: string;
  /** identifier/id */
  id: string;
  /** attr (add) or modification (modify, always « replace ») name → values, empty values dropped. */
  attributes: Map<string, string[]>;
}

export interface ReadAafOptions {
  /** Called with the bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
  /** Read size; small values exercise chunk boundaries in tests. */
  chunkSize?: number;
}

const OPERATIONS: Record<string, AafOperation> = { addRequest: 'add', modifyRequest: 'modify', deleteRequest: 'delete' };

/** TextDecoder labels for the encodings a feed may declare. */
const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-15': 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'iso-8859-1': 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
};

/** The encoding declared by the XML declaration (UTF-8 when none, as XML says). */
export function declaredEncoding(head: Uint8Array): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const text = Buffer.from(head.subarray(0, 256)).toString('latin1');
  const match = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  if (!match) return 'utf-8';
  return ENCODINGS[(match[1] as string).toLowerCase()];
}

interface Pending {
  line: number;
  operation: AafOperation;
  category: string | undefined;
  id: string | undefined;
  attributes: Map<string, string[]>;
}

/**
 * Streams the records of one AAF file. Memory stays bounded whatever the file size: the file is read
 * in chunks, and the next chunk is read only when the consumer asks for more records. Either encoding
 * the feeds declare (UTF-8, ISO-8859-15) is decoded; a malformed or truncated file throws a
 * FeedFileError with the file, line and (when inside a record) identifier.
 */
export async function* readAafRecords(path: string, options: ReadAafOptions = {}): AsyncGenerator<AafRecord> {
  const file = basename(path);
  const parser = new SaxesParser({ position: true, xmlns: false });
  const ready: AafRecord[] = [];
  const stack: string[] = [];
  let record: Pending | undefined;
  let attrName: string | undefined;
  let attrValues: string[] = [];
  let text: string | undefined;
  let section: 'operationalAttributes' | 'identifier' | 'attributes' | 'modifications' | undefined;

  const fail = (code: FeedProblemCode, message: string): never => {
    throw new FeedFileError({ file, line: parser.line, identifier: record?.id ?? null, code, message });
  };

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = tag.name;
    const depth = stack.length;
    const parent = stack[depth - 1];
    stack.push(name);
    if (depth === 0) {
      if (name !== 'ficAlimMENESR') fail('UNEXPECTED_ELEMENT', `élément racine « ${name} » inattendu (ficAlimMENESR attendu)`);
      return;
    }
    if (depth === 1) {
      const operation = OPERATIONS[name];
      if (!operation) return fail('UNEXPECTED_ELEMENT', `élément « ${name} » inattendu sous ficAlimMENESR`);
      record = { line: parser.line, operation, category: undefined, id: undefined, attributes: new Map() };
      return;
    }
    if (depth === 2) {
      const allowed =
        name === 'operationalAttributes' ||
        name === 'identifier' ||
        (name === 'attributes' && record?.operation === 'add') ||
        (name === 'modifications' && record?.operation === 'modify');
      if (!allowed) fail('UNEXPECTED_ELEMENT', `élément « ${name} » inattendu dans ${parent}`);
      section = name as typeof section;
      return;
    }
    if (depth === 3) {
      if (section === 'identifier' && name === 'id') {
        text = '';
        return;
      }
      const isAttr = name === 'attr' && section !== 'identifier' && section !== 'modifications';
      const isModification = name === 'modification' && section === 'modifications';
      if (!isAttr && !isModification) return fail('UNEXPECTED_ELEMENT', `élément « ${name} » inattendu dans ${parent}`);
      const attributeName = tag.attributes['name'];
      if (!attributeName) fail('MISSING_VALUE', `élément « ${name} » sans attribut name`);
      if (isModification && tag.attributes['operation'] !== 'replace') {
        fail('INVALID_VALUE', `modification « ${attributeName} » : seule l’opération « replace » est prévue`);
      }
      attrName = attributeName;
      attrValues = [];
      return;
    }
    if (depth === 4 && name === 'value' && attrName !== undefined) {
      text = '';
      return;
    }
    fail('UNEXPECTED_ELEMENT', `élément « ${name} » inattendu dans ${parent}`);
  });

  parser.on('text', (chunk) => {
    if (text !== undefined) text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (text !== undefined) text += chunk;
  });

  parser.on('closetag', (tag: SaxesTagPlain) => {
    stack.pop();
    const name = tag.name;
    const depth = stack.length;
    if (depth === 4 && name === 'value') {
      const value = (text ?? '').trim();
      if (value !== '') attrValues.push(value);
      text = undefined;
    } else if (depth === 3 && name === 'id') {
      if (record) record.id = (text ?? '').trim();
      text = undefined;
    } else if (depth === 3 && (name === 'attr' || name === 'modification') && record && attrName !== undefined) {
      if (section === 'operationalAttributes') record.category ??= attrValues[0];
      else {
        const existing = record.attributes.get(attrName);
        record.attributes.set(attrName, existing ? [...existing, ...attrValues] : attrValues);
      }
      attrName = undefined;
    } else if (depth === 2) {
      section = undefined;
    } else if (depth === 1 && record) {
      if (!record.id) fail('MISSING_IDENTIFIER', 'enregistrement sans identifiant (identifier/id)');
      ready.push({
        file,
        line: record.line,
        operation: record.operation,
        category: record.category ?? '',
        id: record.id as string,
        attributes: record.attributes,
      });
      record = undefined;
    }
  });

  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 256 * 1024 });
  let decoder: TextDecoder | undefined;
  // The head is kept until the XML declaration (and its encoding) can be read whole.
  let head: Buffer | undefined;
  let bytes = 0;
  const start = (): TextDecoder => {
    const encoding = declaredEncoding(head ?? Buffer.alloc(0));
    if (!encoding) fail('UNSUPPORTED_ENCODING', 'encodage déclaré non pris en charge (UTF-8 ou ISO-8859-15 attendus)');
    return new TextDecoder(encoding, { fatal: true });
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      if (!decoder) {
        head = head ? Buffer.concat([head, chunk]) : chunk;
        if (head.length < 256 && !head.includes('?>')) continue;
        decoder = start();
        parser.write(decode(decoder, head, true, fail));
        head = undefined;
      } else parser.write(decode(decoder, chunk, true, fail));
      while (ready.length > 0) yield ready.shift() as AafRecord;
    }
    if (!decoder) {
      if (!head || head.length === 0) fail('EMPTY_FILE', 'fichier vide');
      decoder = start();
      parser.write(decode(decoder, head, true, fail));
    }
    parser.write(decode(decoder as TextDecoder, undefined, false, fail));
    try {
      parser.close();
    } catch (error) {
      if (error instanceof FeedFileError) throw error;
      fail('TRUNCATED_FILE', `fichier tronqué ou incomplet (${saxesReason(error)})`);
    }
    if (stack.length > 0) fail('TRUNCATED_FILE', 'fichier tronqué : éléments non refermés');
    while (ready.length > 0) yield ready.shift() as AafRecord;
  } catch (error) {
    if (error instanceof FeedFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    fail('MALFORMED_XML', `XML mal formé (${saxesReason(error)})`);
  } finally {
    stream.destroy();
  }
}

function decode(
  decoder: TextDecoder,
  chunk: Buffer | undefined,
  more: boolean,
  fail: (code: FeedProblemCode, message: string) => never,
): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: more }) : decoder.decode();
  } catch {
    return fail('INVALID_ENCODING', `octets invalides pour l’encodage ${decoder.encoding} déclaré`);
  }
}

/** saxes messages read « file:line:column: reason »; the position is given separately. */
function saxesReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[^:]*:\d+:\d+: /, '');
}
