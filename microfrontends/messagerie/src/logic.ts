/** The messagerie screens' pure logic: tested in Node (test/logic.test.ts), used by the components. */

export type Folder = 'INBOX' | 'SENT' | 'DRAFTS' | 'ARCHIVE' | 'TRASH';
export const FOLDERS: readonly Folder[] = ['INBOX', 'SENT', 'DRAFTS', 'ARCHIVE', 'TRASH'];

export interface RecipientOption {
  key: string;
  kind: 'PERSON' | 'LIST';
  label: string;
  description: string | null;
  section: string;
  establishmentId: string;
}

export interface Addressee {
  key: string;
  kind: 'PERSON' | 'LIST';
  label: string;
}

export interface Receipt {
  name: string;
  readAt: string | null;
  remindedAt: string | null;
  concerning: ReadonlyArray<{ id: string; name: string }>;
}

interface ViewerLike {
  profiles: ReadonlyArray<{ profile: string }>;
  classes: ReadonlyArray<{ cycle: string }>;
}

/** Pupils of cycles 1 and 2 get the simplified view (large, read aloud, their teacher only). */
export function isSimplifiedViewer(viewer: ViewerLike | null): boolean {
  if (!viewer) return false;
  const pupil = viewer.profiles.some((grant) => grant.profile === 'ELEVE');
  const staffOrParent = viewer.profiles.some((grant) => grant.profile !== 'ELEVE');
  return pupil && !staffOrParent && viewer.classes.length > 0 && viewer.classes.every((schoolClass) => ['CYCLE_1', 'CYCLE_2'].includes(schoolClass.cycle));
}

/** The urgent box is offered to the direction and the staff; the server keeps it to the direction and vie scolaire. */
export function mayOfferUrgent(viewer: ViewerLike | null): boolean {
  return !!viewer?.profiles.some((grant) => grant.profile === 'DIRECTION' || grant.profile === 'PERSONNEL');
}

export const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Options whose label or description contains the query (accents and case ignored). */
export function filterOptions<T extends RecipientOption>(options: readonly T[], query: string): T[] {
  const wanted = fold(query.trim());
  if (!wanted) return [...options];
  return options.filter((option) => fold(`${option.label} ${option.description ?? ''}`).includes(wanted));
}

const SECTION_ORDER = ['Listes', 'Enseignants', 'Direction', 'Vie scolaire', 'Personnel', 'Camarades', 'Recherche'];

/** Options grouped by picker section, lists first, each sorted by label. */
export function groupOptions<T extends RecipientOption>(options: readonly T[]): Array<{ section: string; options: T[] }> {
  const groups = new Map<string, T[]>();
  for (const option of options) {
    const list = groups.get(option.section) ?? [];
    list.push(option);
    groups.set(option.section, list);
  }
  const rank = (section: string) => {
    const index = SECTION_ORDER.indexOf(section);
    return index === -1 ? SECTION_ORDER.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'fr'))
    .map(([section, items]) => ({ section, options: [...items].sort((a, b) => a.label.localeCompare(b.label, 'fr')) }));
}

export interface ReplySource {
  establishmentId: string;
  senderId: string;
  senderName: string;
  addressedTo: readonly Addressee[];
}

/**
 * Who an answer goes to: the sender (reply), plus the people the message was addressed to (reply to
 * all) — never the members of a list, and lists only when the rules let the viewer write to them.
 */
export function replyRecipients(source: ReplySource, mode: 'reply' | 'replyAll', viewerId: string, allowedKeys: ReadonlySet<string>): Addressee[] {
  const senderKey = `person:${source.establishmentId}:${source.senderId}`;
  const result: Addressee[] = [];
  if (source.senderId !== viewerId) result.push({ key: senderKey, kind: 'PERSON', label: source.senderName });
  if (mode === 'replyAll') {
    for (const addressee of source.addressedTo) {
      if (addressee.key === senderKey || addressee.key.endsWith(`:${viewerId}`)) continue;
      if (addressee.kind === 'LIST' && !allowedKeys.has(addressee.key)) continue;
      if (addressee.kind === 'PERSON' && !allowedKeys.has(addressee.key) && source.senderId !== viewerId) continue;
      if (!result.some((known) => known.key === addressee.key)) result.push(addressee);
    }
  }
  return result;
}

export function prefixed(subject: string, prefix: string): string {
  const bare = subject.replace(/^((re|tr|fwd?)\s*:\s*)+/i, '');
  return `${prefix}${bare}`;
}

export function receiptSummary(receipts: readonly Receipt[]): { read: number; total: number; unread: number } {
  const read = receipts.filter((receipt) => receipt.readAt !== null).length;
  return { read, total: receipts.length, unread: receipts.length - read };
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** « mardi 9 mars à 21:00 », in Paris time whatever the device's zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return dateFormat.format(new Date(iso));
}

export function formatTime(date: Date): string {
  return timeFormat.format(date);
}

/** `datetime-local` (Paris wall time, as typed) to an ISO instant; null when empty or invalid. */
export function scheduledInstant(local: string, offsetMinutesOf: (date: Date) => number = parisOffsetMinutes): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = new Date(Date.UTC(y, mo - 1, d, h, mi));
  const offset = offsetMinutesOf(guess);
  return new Date(guess.getTime() - offset * 60_000).toISOString();
}

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
export function parisOffsetMinutes(date: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const minute = Number(parts.find((part) => part.type === 'minute')?.value);
  let offset = hour * 60 + minute - (date.getUTCHours() * 60 + date.getUTCMinutes());
  if (offset < -720) offset += 1440;
  if (offset > 720) offset -= 1440;
  return offset;
}

/** The text a pupil hears: who wrote, the subject, then the message. */
export function speechOf(message: { senderName: string; subject: string; body: string }): string {
  return `Message de ${message.senderName}. ${message.subject}. ${htmlToText(message.body)}`;
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/blockquote)\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function frenchSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;
}
