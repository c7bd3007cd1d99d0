import { forbidden, requireViewer } from '@ent/kit';
import type { MessagerieContext } from '../context.js';
import type { Attachment, PupilLabel, Report, Suspension } from '../db/database.js';
import type { RecipientOption } from '../mail/recipients.js';
import * as repository from '../mail/repository.js';
import { messages } from '../messages.js';
import { messageViews } from './queries.js';
import { iso, type MessageView } from './views.js';

const RECALL_WINDOW_MS = 60 * 60_000;
const isSender = (row: MessageView, ctx: MessagerieContext) => row.sender_id === requireViewer(ctx).userId;

export const typeResolvers = {
  Message: {
    conversationId: (row: MessageView) => row.conversation_id,
    establishmentId: (row: MessageView) => row.establishment_id,
    body: (row: MessageView) => row.body_html,
    preview: (row: MessageView) => (row.body_text.length > 160 ? `${row.body_text.slice(0, 157).trimEnd()}…` : row.body_text),
    sender: (row: MessageView) => ({ id: row.sender_id }),
    senderName: (row: MessageView) => row.sender_name,
    readReceiptRequested: (row: MessageView) => row.read_receipt,
    sentAt: (row: MessageView) => iso(row.deliver_at),
    scheduled: (row: MessageView, _: unknown, ctx: MessagerieContext) =>
      row.status === 'SENT' && !!row.deliver_at && row.deliver_at.getTime() > ctx.clock.now().getTime(),
    addressedTo: (row: MessageView) => row.addressed,
    // A parent sees the child the message is about for them; the sender sees every pupil concerned.
    concerning: (row: MessageView): PupilLabel[] => (row.delivery && !row.delivery.is_sender ? row.delivery.concerning : row.concerning),
    unread: (row: MessageView) => row.delivery?.unread ?? false,
    folder: (row: MessageView) => row.delivery?.folder ?? null,
    remindedAt: (row: MessageView) => iso(row.delivery?.reminded_at),
    recipientCount: (row: MessageView, _: unknown, ctx: MessagerieContext) => (isSender(row, ctx) ? row.recipient_count : null),
    // Only the sender, only when asked for at sending: without the request nobody is tracked.
    receipts: async (row: MessageView, _: unknown, ctx: MessagerieContext) => {
      if (!isSender(row, ctx) || !row.read_receipt) return null;
      const receipts = await repository.receiptsOf(ctx.db, row.id);
      return receipts.map((receipt) => ({
        user: { id: receipt.user_id },
        name: receipt.display_name,
        readAt: iso(receipt.read_at),
        remindedAt: iso(receipt.reminded_at),
        concerning: receipt.concerning,
      }));
    },
    canRecall: async (row: MessageView, _: unknown, ctx: MessagerieContext) => {
      if (!isSender(row, ctx) || row.status !== 'SENT' || !row.deliver_at) return false;
      if (ctx.clock.now().getTime() - row.deliver_at.getTime() > RECALL_WINDOW_MS) return false;
      return (await repository.countRead(ctx.db, row.id)) === 0;
    },
    draftRecipients: (row: MessageView, _: unknown, ctx: MessagerieContext) =>
      row.status === 'DRAFT' && isSender(row, ctx) ? row.draft_recipients : [],
    attachments: (row: MessageView, _: unknown, ctx: MessagerieContext) => ctx.loaders.attachments.load(row.id),
  },
  RecipientOption: {
    user: (option: RecipientOption) => (option.userId ? { id: option.userId } : null),
  },
  /** Reached only through a message the viewer may read: the link is signed for them, for five minutes. */
  MessageAttachment: {
    contentType: (row: Attachment) => row.content_type,
    size: (row: Attachment) => Number(row.size),
    downloadUrl: (row: Attachment, _: unknown, ctx: MessagerieContext) =>
      ctx.storage
        ? ctx.storage.links.sign({ key: row.blob_key, filename: row.filename, contentType: row.content_type, userId: requireViewer(ctx).userId })
        : null,
  },
  /** Moderators read a reported message through its report, and only that message. */
  MessageReport: {
    message: async (row: Report, _: unknown, ctx: MessagerieContext) => {
      const [view] = await messageViews(ctx, requireViewer(ctx), [row.message_id]);
      return view;
    },
    reporter: (row: Report) => ({ id: row.reporter_id }),
    createdAt: (row: Report) => row.created_at.toISOString(),
  },
  SendingSuspension: {
    user: (row: Suspension) => ({ id: row.user_id }),
    establishmentId: (row: Suspension) => row.establishment_id,
    suspendedBy: (row: Suspension) => ({ id: row.suspended_by }),
    createdAt: (row: Suspension) => row.created_at.toISOString(),
  },
  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    mailSummary: async (user: { id: string }, _: unknown, ctx: MessagerieContext) => {
      const viewer = requireViewer(ctx);
      if (user.id === viewer.userId) return { unread: await ctx.loaders.unread.load(user.id) };
      // On a parent's home page the tiles sit under each child: the parent's own unread messages about that child.
      if (viewer.childIds.includes(user.id)) return { unread: await ctx.loaders.unreadAbout.load(user.id) };
      throw forbidden(messages.notParticipant);
    },
  },
};
