import { badUserInput, forbidden, isDepartementAdmin, notFound, requireViewer, type Viewer } from '@ent/kit';
import type { MessagerieContext } from '../context.js';
import type { Folder } from '../db/database.js';
import { recipientOptions, searchPeople } from '../mail/recipients.js';
import * as repository from '../mail/repository.js';
import { DEFAULT_QUIET_HOURS, PRIMARY_TYPES, rulesOf } from '../mail/rules.js';
import { messages } from '../messages.js';
import { bounded, canAdministerEstablishment, isModerator, moderatedEstablishments, requireParticipant, UUID } from './access.js';
import type { MessageView } from './views.js';

/** The viewer's messages by id, with their own entry, in the order asked. */
export async function messageViews(ctx: MessagerieContext, viewer: Viewer, ids: readonly string[]): Promise<MessageView[]> {
  if (ids.length === 0) return [];
  const [rows, deliveries] = await Promise.all([repository.messagesByIds(ctx.db, ids), repository.deliveriesOf(ctx.db, viewer.userId, ids)]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const entries = new Map(deliveries.map((delivery) => [delivery.message_id, delivery]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const delivery = entries.get(id);
    return [{ ...row, delivery: delivery ?? null }];
  });
}

export async function conversationView(ctx: MessagerieContext, viewer: Viewer, id: string) {
  const conversation = await requireParticipant(ctx, viewer, id);
  const rows = await repository.conversationEntries(ctx.db, id, viewer.userId, ctx.clock.now());
  const views: MessageView[] = rows.map((row) => {
    const { folder, unread, is_sender, delivery_concerning, reminded_at, ...message } = row;
    return { ...message, delivery: { folder, unread, is_sender, concerning: delivery_concerning, reminded_at } };
  });
  return {
    id: conversation.id,
    subject: views.at(-1)?.subject ?? conversation.subject,
    messages: views,
    unreadCount: views.filter((view) => view.delivery?.unread).length,
  };
}

export async function settingsView(ctx: MessagerieContext, viewer: Viewer, establishmentId: string) {
  const directory = await ctx.annuaire.establishment(establishmentId);
  const primary = PRIMARY_TYPES.includes(directory?.type ?? '');
  const [stored] = await repository.findSettings(ctx.db, [establishmentId]);
  return {
    establishmentId,
    ...rulesOf(stored?.rules, primary),
    quietStart: stored?.quiet_start ?? DEFAULT_QUIET_HOURS.start,
    quietEnd: stored?.quiet_end ?? DEFAULT_QUIET_HOURS.end,
    quietWeekends: stored?.quiet_weekends ?? DEFAULT_QUIET_HOURS.weekends,
    editable: canAdministerEstablishment(viewer, establishmentId),
  };
}

const FOLDERS: readonly Folder[] = ['INBOX', 'SENT', 'DRAFTS', 'ARCHIVE', 'TRASH'];
const fold = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

export const queryResolvers = {
  mailbox: async (
    _: unknown,
    args: { folder: Folder; childId?: string | null; first?: number | null; offset?: number | null },
    ctx: MessagerieContext,
  ) => {
    const viewer = requireViewer(ctx);
    await ctx.gate.assertEnabledForViewer(viewer);
    if (!FOLDERS.includes(args.folder)) throw badUserInput('folder', messages.folderNotAllowed);
    if (args.childId && !viewer.childIds.includes(args.childId)) throw forbidden(messages.notYourChild);
    const first = bounded('first', args.first, 200, 50);
    const offset = bounded('offset', args.offset, 100_000, 0, 0);
    const rows = await repository.mailbox(ctx.db, {
      userId: viewer.userId,
      folder: args.folder,
      now: ctx.clock.now(),
      childId: args.childId ?? undefined,
      first,
      offset,
    });
    const views = new Map((await messageViews(ctx, viewer, rows.map((row) => row.message_id))).map((view) => [view.id, view]));
    return rows.flatMap((row) => {
      const lastMessage = views.get(row.message_id);
      return lastMessage
        ? [{ conversationId: row.conversation_id, lastMessage, unreadCount: row.unread_count, messageCount: row.message_count }]
        : [];
    });
  },

  conversation: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await ctx.gate.assertEnabledForViewer(viewer);
    return conversationView(ctx, viewer, id);
  },

  messageDraft: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const row = UUID.test(id) ? await repository.findMessage(ctx.db, id) : undefined;
    if (row?.status !== 'DRAFT' || row.sender_id !== viewer.userId) throw notFound(messages.draft);
    return (await messageViews(ctx, viewer, [id]))[0];
  },

  searchMessages: async (_: unknown, args: { query: string; first?: number | null }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await ctx.gate.assertEnabledForViewer(viewer);
    const query = args.query.trim();
    if (query.length < 2) throw badUserInput('query', messages.queryTooShort);
    if (query.length > 200) throw badUserInput('query', messages.searchTooLong);
    const first = bounded('first', args.first, 100, 20);
    const ids = await repository.searchMessages(ctx.db, { userId: viewer.userId, query, now: ctx.clock.now(), first });
    return messageViews(ctx, viewer, ids);
  },

  recipientOptions: async (_: unknown, args: { query?: string | null }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await ctx.gate.assertEnabledForViewer(viewer);
    const options = await recipientOptions(ctx, viewer);
    const query = (args.query ?? '').trim();
    if (query.length === 0) return options;
    if (query.length < 2) throw badUserInput('query', messages.queryTooShort);
    const wanted = fold(query);
    const matching = options.filter((option) => fold(`${option.label} ${option.description ?? ''}`).includes(wanted));
    const seen = new Set(matching.map((option) => option.key));
    for (const option of await searchPeople(ctx, viewer, query)) {
      if (!seen.has(option.key)) {
        seen.add(option.key);
        matching.push(option);
      }
    }
    return matching;
  },

  messagerieChildren: async (_: unknown, __: unknown, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    if (viewer.childIds.length === 0) return [];
    const me = await ctx.annuaire.me();
    return me.children.map((child) => ({ id: child.id, name: child.displayName }));
  },

  communicationSettings: async (_: unknown, { establishmentId }: { establishmentId: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const member = viewer.profiles.some((grant) => grant.establishmentId === establishmentId);
    if (!member && !isDepartementAdmin(viewer)) throw forbidden();
    await ctx.gate.assertEnabled(establishmentId);
    return settingsView(ctx, viewer, establishmentId);
  },

  mailNotificationSettings: async (_: unknown, __: unknown, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const row = await repository.notificationSettingsOf(ctx.db, viewer.userId);
    return { emailEnabled: row?.email_enabled ?? false, email: row?.email ?? null };
  },

  messageReports: async (_: unknown, args: { establishmentId?: string | null; first?: number | null }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const first = bounded('first', args.first, 200, 50);
    if (args.establishmentId) {
      if (!isModerator(viewer, args.establishmentId)) throw forbidden(messages.moderatorsOnly);
      return repository.reportsOf(ctx.db, [args.establishmentId], first);
    }
    const moderated = moderatedEstablishments(viewer);
    if (moderated.length === 0 && !isDepartementAdmin(viewer)) throw forbidden(messages.moderatorsOnly);
    return repository.reportsOf(ctx.db, moderated, first);
  },

  sendingSuspensions: async (_: unknown, { establishmentId }: { establishmentId: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    if (!isModerator(viewer, establishmentId)) throw forbidden(messages.moderatorsOnly);
    return repository.suspensionsIn(ctx.db, establishmentId);
  },
};
