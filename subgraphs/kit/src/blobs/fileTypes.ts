import { TextDecoder } from 'node:util';

/**
 * The file types the ENT knows how to recognise from their first bytes. A type that is not here can
 * never be stored: the declared type of an upload is only believed when the content agrees with it.
 */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  text: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
} as const;

export type FileType = (typeof FILE_TYPES)[keyof typeof FILE_TYPES];

const OOXML_TYPES: readonly string[] = [FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.pptx];
const ODF_TYPES: readonly string[] = [FILE_TYPES.odt, FILE_TYPES.ods, FILE_TYPES.odp];
const TEXT_TYPES: readonly string[] = [FILE_TYPES.text, FILE_TYPES.csv];

/** PDF, images and office documents: what attachments and submissions accept unless a module says otherwise. */
export const ATTACHMENT_TYPES: readonly FileType[] = [
  FILE_TYPES.pdf,
  FILE_TYPES.png,
  FILE_TYPES.jpeg,
  FILE_TYPES.gif,
  FILE_TYPES.webp,
  FILE_TYPES.docx,
  FILE_TYPES.xlsx,
  FILE_TYPES.pptx,
  FILE_TYPES.odt,
  FILE_TYPES.ods,
  FILE_TYPES.odp,
];

/** The French names of the families in a list of types, for « Ce type de fichier n’est pas accepté (…) ». */
export function describeTypes(types: readonly string[]): string {
  const families: string[] = [];
  const add = (label: string, present: boolean) => {
    if (present && !families.includes(label)) families.push(label);
  };
  add('PDF', types.includes(FILE_TYPES.pdf));
  add('images', types.some((type) => type.startsWith('image/')));
  add('documents bureautiques', types.some((type) => OOXML_TYPES.includes(type) || ODF_TYPES.includes(type)));
  add('texte', types.some((type) => TEXT_TYPES.includes(type)));
  add('archives ZIP', types.includes(FILE_TYPES.zip));
  return families.join(', ');
}

/** `Image/JPEG; charset=x` → `image/jpeg`; empty and `application/octet-stream` mean "the client did not say". */
export function normaliseContentType(contentType: string | undefined): string | undefined {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (bare === '' || bare === 'application/octet-stream') return undefined;
  if (bare === 'image/jpg' || bare === 'image/pjpeg') return FILE_TYPES.jpeg;
  if (bare === 'application/x-zip-compressed') return FILE_TYPES.zip;
  return bare;
}

/**
 * What the first bytes say: a precise type, or a family whose member only the declared type can name
 * (`ooxml` when the ZIP's first entries do not say which office document it is; `text` for UTF-8 text).
 */
export type Sniffed = FileType | 'ooxml' | 'text' | undefined;

/** How many bytes `sniffFileType` wants to see before deciding (fewer when the file is shorter). */
export const SNIFF_BYTES = 8192;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((byte, i) => head[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffFileType(head: Uint8Array): Sniffed {
  if (startsWith(head, ascii('%PDF-'))) return FILE_TYPES.pdf;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return FILE_TYPES.png;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return FILE_TYPES.jpeg;
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return FILE_TYPES.gif;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return FILE_TYPES.webp;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  if (isUtf8Text(head)) return 'text';
  return undefined;
}

/**
 * Walks the ZIP's local file headers inside the sniffed bytes. An OpenDocument file starts with an
 * uncompressed `mimetype` entry naming its type; an Office Open XML file has `[Content_Types].xml` and a
 * `word/`, `xl/` or `ppt/` folder. Writers that stream (sizes in a trailing descriptor) stop the walk
 * early: then `[Content_Types].xml` alone says "some office document" and the declared type decides which.
 */
function sniffZip(head: Uint8Array): Sniffed {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const decoder = new TextDecoder('utf-8');
  let ooxml = false;
  let offset = 0;
  for (let entry = 0; offset + 30 <= head.length && startsWith(head, [0x50, 0x4b, 0x03, 0x04], offset); entry++) {
    const flags = view.getUint16(offset + 6, true);
    const method = view.getUint16(offset + 8, true);
    const compressedSize = view.getUint32(offset + 18, true);
    const nameLength = view.getUint16(offset + 26, true);
    const extraLength = view.getUint16(offset + 28, true);
    const nameStart = offset + 30;
    if (nameStart + nameLength > head.length) break;
    const name = decoder.decode(head.subarray(nameStart, nameStart + nameLength));
    const dataStart = nameStart + nameLength + extraLength;
    if (entry === 0 && name === 'mimetype' && method === 0) {
      const declared = decoder.decode(head.subarray(dataStart, Math.min(dataStart + compressedSize, head.length)));
      return ODF_TYPES.includes(declared) ? (declared as FileType) : FILE_TYPES.zip;
    }
    if (name.startsWith('word/')) return FILE_TYPES.docx;
    if (name.startsWith('xl/')) return FILE_TYPES.xlsx;
    if (name.startsWith('ppt/')) return FILE_TYPES.pptx;
    if (name === '[Content_Types].xml') ooxml = true;
    if (flags & 0x08 && compressedSize === 0) break;
    offset = dataStart + compressedSize;
  }
  return ooxml ? 'ooxml' : FILE_TYPES.zip;
}

/** UTF-8 (a BOM allowed) without control characters other than tab, line feed, form feed and carriage return. */
function isUtf8Text(head: Uint8Array): boolean {
  try {
    return !hasControlCharacters(new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true }));
  } catch {
    return false;
  }
}

export function hasControlCharacters(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The type to store, or undefined when the upload is refused: the sniffed type must be allowed, and a
 * declared type must agree with it (a PNG sent as `application/pdf` is refused, not silently renamed).
 */
export function acceptedType(sniffed: Sniffed, declared: string | undefined, allowed: readonly string[]): string | undefined {
  if (sniffed === undefined) return undefined;
  if (sniffed === 'ooxml') {
    return declared !== undefined && OOXML_TYPES.includes(declared) && allowed.includes(declared) ? declared : undefined;
  }
  if (sniffed === 'text') {
    const type = declared ?? FILE_TYPES.text;
    return TEXT_TYPES.includes(type) && allowed.includes(type) ? type : undefined;
  }
  if (declared !== undefined && declared !== sniffed) return undefined;
  return allowed.includes(sniffed) ? sniffed : undefined;
}

export const isTextType = (type: string) => TEXT_TYPES.includes(type);
