import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, forbidden, notFound, rateLimited, requireViewer, type Viewer } from '@ent/kit';
import type { MessagerieContext } from '../context.js';
import type { Folder, NewDelivery, PupilLabel } from '../db/database.js';
import { MAX_ATTACHMENTS } from '../mail/attachments.js';
import { NOTIFY_JOB, type NotifyPayload } from '../mail/notifications.js';
import { type EstablishmentScope, isStaffIn, mayMarkUrgent, parseKey, resolveRecipients } from '../mail/recipients.js';
import * as repository from '../mail/repository.js';
import { DEFAULT_QUIET_HOURS, RULE_KEYS, releaseTime, TIME_OF_DAY } from '../mail/rules.js';
import { bodyHtml, textOf } from '../mail/sanitize.js';
import { format, messages } from '../messages.js';
import { canAdministerEstablishment, isModerator, requireParticipant, text, UUID } from './access.js';
import { conversationView, messageViews, settingsView } from './queries.js';

interface MessageInput {
  subject: string;
  body: string;
  recipients: string[];
  concerningPupilId?: string | null;
  readReceipt?: boolean | null;
  urgent?: boolean | null;
  scheduledAt?: string | null;
  inReplyTo?: string | null;
  forwardOf?: string | null;
  attachmentIds?: string[] | null;
  draftId?: string | null;
}

type DraftInput = Partial<Omit<MessageInput, 'scheduledAt' | 'forwardOf' | 'attachmentIds' | 'draftId'>>;

const SUBJECT_MAX = 200;
const BODY_MAX = 50_000;
const SCHEDULE_MAX_DAYS = 60;
const RECALL_WINDOW_MS = 60 * 60_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const notifyKey = (messageId: string) => `notify:${messageId}`;

/** The message the viewer answers or forwards: they must have received or sent it. */
async function ownEntry(ctx: MessagerieContext, viewer: Viewer, field: string, id: string) {
  const message = UUID.test(id) ? await repository.findMessage(ctx.db, id) : undefined;
  const delivery = message ? await repository.findDelivery(ctx.db, message.id, viewer.userId) : undefined;
  if (!message || !delivery || message.status === 'DRAFT') throw badUserInput(field, messages.notInConversation);
  return { message, delivery };
}

/** The pupil a message is about: a parent's own child, or a pupil of the establishment the staff member sees. */
async function concerningPupil(ctx: MessagerieContext, viewer: Viewer, scope: EstablishmentScope, pupilId: string): Promise<PupilLabel> {
  if (viewer.childIds.includes(pupilId)) {
    const child = (await ctx.annuaire.me()).children.find((item) => item.id === pupilId);
    if (child) return { id: child.id, name: child.displayName };
  }
  if (isStaffIn(scope) && UUID.test(pupilId)) {
    const person = await ctx.annuaire.person(pupilId);
    if (person?.profiles?.some((grant) => grant.profile === 'ELEVE' && grant.establishment?.id === scope.id)) {
      return { id: person.id, name: person.displayName };
    }
  }
  throw badUserInput('concerningPupilId', viewer.childIds.length > 0 && !isStaffIn(scope) ? messages.notYourChild : messages.unknownPupil);
}

function scheduledTime(ctx: MessagerieContext, value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw badUserInput('scheduledAt', messages.dateTimeFormat);
  const now = ctx.clock.now().getTime();
  if (date.getTime() <= now) throw badUserInput('scheduledAt', messages.scheduleInPast);
  if (date.getTime() > now + SCHEDULE_MAX_DAYS * 86_400_000) throw badUserInput('scheduledAt', format(messages.scheduleTooFar, { days: SCHEDULE_MAX_DAYS }));
  return date;
}

/** Per-sender limits: so many messages an hour, fewer of them to many people. */
async function checkRateLimits(ctx: MessagerieContext, viewer: Viewer, recipientCount: number) {
  const now = ctx.clock.now().getTime();
  const since = new Date(now - 3_600_000);
  const recent = await repository.recentSending(ctx.db, viewer.userId, since, ctx.limits.massThreshold);
  const waitFrom = (oldest: Date | null) => Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + 3_600_000 - now) / 1000));
  if (recent.messages >= ctx.limits.messagesPerHour) throw rateLimited(waitFrom(recent.oldest));
  if (recipientCount >= ctx.limits.massThreshold && recent.mass >= ctx.limits.massPerHour) throw rateLimited(waitFrom(recent.oldestMass));
}

export const mutationResolvers = {
  sendMessage: async (_: unknown, { input }: { input: MessageInput }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    // Input first: a bad message is refused before the directory is asked anything.
    const subject = text('subject', input.subject, SUBJECT_MAX);
    const html = bodyHtml('body', input.body ?? '');
    const bodyText = textOf(html);
    if (bodyText.length === 0) throw badUserInput('body', messages.emptyBody);
    if (html.length > BODY_MAX) throw badUserInput('body', format(messages.tooLong, { max: BODY_MAX }));
    if (!Array.isArray(input.recipients) || input.recipients.length === 0) throw badUserInput('recipients', messages.noRecipient);
    const attachmentIds = [...new Set(input.attachmentIds ?? [])];
    if (attachmentIds.length > MAX_ATTACHMENTS) throw badUserInput('attachmentIds', format(messages.tooManyAttachments, { max: MAX_ATTACHMENTS }));
    if (attachmentIds.some((id) => !UUID.test(id))) throw badUserInput('attachmentIds', messages.unknownAttachment);
    const deliverAt = scheduledTime(ctx, input.scheduledAt) ?? ctx.clock.now();
    const scheduled = input.scheduledAt ? deliverAt : null;

    const firstKey = parseKey(input.recipients[0] ?? '');
    if (firstKey) await ctx.gate.assertEnabled(firstKey.establishmentId);

    const extraAllowed = new Map<string, string>();
    let conversationId: string | null = null;
    if (input.inReplyTo) {
      const { message, delivery } = await ownEntry(ctx, viewer, 'inReplyTo', input.inReplyTo);
      conversationId = message.conversation_id;
      // Whoever wrote to you may be answered, whatever the rules say about writing first.
      if (!delivery.is_sender) extraAllowed.set(`person:${message.establishment_id}:${message.sender_id}`, message.sender_name);
    }
    if (input.forwardOf) await ownEntry(ctx, viewer, 'forwardOf', input.forwardOf);

    const resolution = await resolveRecipients(ctx, viewer, input.recipients, extraAllowed);
    const { scope } = resolution;
    if (await repository.suspensionOf(ctx.db, viewer.userId, scope.id)) throw forbidden(messages.sendingSuspended);
    const urgent = input.urgent === true;
    if (urgent && !mayMarkUrgent(scope)) throw forbidden(messages.urgentNotAllowed);
    const about = input.concerningPupilId ? await concerningPupil(ctx, viewer, scope, input.concerningPupilId) : null;
    await checkRateLimits(ctx, viewer, resolution.recipients.length);

    const now = ctx.clock.now();
    const messageId = randomUUID();
    const concerningAll: PupilLabel[] = [];
    const remember = (pupil: PupilLabel) => {
      if (!concerningAll.some((known) => known.id === pupil.id)) concerningAll.push(pupil);
    };
    if (about) remember(about);
    for (const recipient of resolution.recipients) for (const pupil of recipient.concerning) remember(pupil);

    const row = await ctx.db.transaction().execute(async (trx) => {
      if (input.draftId) {
        const draft = UUID.test(input.draftId) ? await repository.findMessage(trx, input.draftId) : undefined;
        if (draft?.status !== 'DRAFT' || draft.sender_id !== viewer.userId) throw badUserInput('draftId', messages.draftNotFound);
        await repository.deleteMessage(trx, draft.id);
        await repository.deleteConversationIfEmpty(trx, draft.conversation_id);
      }
      const pending = await repository.pendingAttachments(trx, attachmentIds, viewer.userId);
      if (pending.length !== attachmentIds.length) throw badUserInput('attachmentIds', messages.unknownAttachment);
      if (!conversationId) {
        conversationId = randomUUID();
        await repository.insertConversation(trx, { id: conversationId, establishment_id: scope.id, subject, created_at: now });
      }
      const message = await repository.insertMessage(trx, {
        id: messageId,
        conversation_id: conversationId,
        establishment_id: scope.id,
        sender_id: viewer.userId,
        sender_name: viewer.displayName,
        subject,
        body_html: html,
        body_text: bodyText,
        status: 'SENT',
        urgent,
        read_receipt: input.readReceipt === true,
        addressed: resolution.addressed,
        draft_recipients: [],
        concerning: concerningAll,
        in_reply_to: input.inReplyTo ?? null,
        forward_of: input.forwardOf ?? null,
        recipient_count: resolution.recipients.length,
        created_at: now,
        updated_at: now,
        deliver_at: deliverAt,
        recalled_at: null,
      });
      const base = { message_id: messageId, conversation_id: conversationId, deliver_at: deliverAt, previous_folder: null, read_at: null, notified_at: null, reminded_at: null };
      const rows: Array<Omit<NewDelivery, 'concerning'> & { concerning: PupilLabel[] }> = [
        { ...base, user_id: viewer.userId, display_name: viewer.displayName, is_sender: true, folder: 'SENT', unread: false, concerning: concerningAll, concerning_ids: concerningAll.map((pupil) => pupil.id) },
        ...resolution.recipients.map((recipient) => {
          const concerning = about && !recipient.concerning.some((pupil) => pupil.id === about.id) ? [...recipient.concerning, about] : recipient.concerning;
          return {
            ...base,
            user_id: recipient.userId,
            display_name: recipient.name,
            is_sender: false,
            folder: 'INBOX' as Folder,
            unread: true,
            concerning,
            concerning_ids: concerning.map((pupil) => pupil.id),
          };
        }),
      ];
      await repository.insertDeliveries(trx, rows);
      await repository.attachToMessage(trx, attachmentIds, messageId);
      // Quiet hours hold the e-mail notifications, not the message: it is in the inbox at once.
      const runAt = urgent ? deliverAt : releaseTime(deliverAt, scope.quiet);
      await ctx.jobs.schedule(NOTIFY_JOB, { messageId } satisfies NotifyPayload, { runAt, dedupeKey: notifyKey(messageId) }, trx);
      return message;
    });
    void scheduled;
    return (await messageViews(ctx, viewer, [row.id]))[0];
  },

  saveMessageDraft: async (_: unknown, args: { id?: string | null; input: DraftInput }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const { input } = args;
    const subject = text('subject', input.subject, SUBJECT_MAX, false);
    const html = input.body ? bodyHtml('body', input.body) : '';
    if (html.length > BODY_MAX) throw badUserInput('body', format(messages.tooLong, { max: BODY_MAX }));
    const recipients = [...new Set(input.recipients ?? [])];
    if (recipients.length > 200) throw badUserInput('recipients', format(messages.tooManyRecipientKeys, { max: 200 }));
    if (recipients.some((key) => !parseKey(key))) throw badUserInput('recipients', messages.unknownRecipient);
    // The draft belongs to the establishment it addresses, or to the viewer's first one.
    const establishmentId =
      parseKey(recipients[0] ?? '')?.establishmentId ?? viewer.profiles.find((grant) => grant.establishmentId)?.establishmentId;
    if (!establishmentId) throw forbidden();
    await ctx.gate.assertEnabled(establishmentId);
    const now = ctx.clock.now();
    const values = {
      subject,
      body_html: html,
      body_text: textOf(html),
      establishment_id: establishmentId,
      urgent: input.urgent === true,
      read_receipt: input.readReceipt === true,
      addressed: [],
      draft_recipients: recipients,
      concerning: [],
      in_reply_to: input.inReplyTo ?? null,
      forward_of: null,
      updated_at: now,
    };
    const id = await ctx.db.transaction().execute(async (trx) => {
      if (args.id) {
        const draft = UUID.test(args.id) ? await repository.findMessage(trx, args.id) : undefined;
        if (draft?.status !== 'DRAFT' || draft.sender_id !== viewer.userId) throw notFound(messages.draft);
        await repository.updateDraft(trx, draft.id, values);
        return draft.id;
      }
      let conversationId: string;
      if (input.inReplyTo) {
        conversationId = (await ownEntry(ctx, viewer, 'inReplyTo', input.inReplyTo)).message.conversation_id;
      } else {
        conversationId = randomUUID();
        await repository.insertConversation(trx, { id: conversationId, establishment_id: establishmentId, subject, created_at: now });
      }
      const messageId = randomUUID();
      await repository.insertMessage(trx, {
        ...values,
        id: messageId,
        conversation_id: conversationId,
        sender_id: viewer.userId,
        sender_name: viewer.displayName,
        status: 'DRAFT',
        recipient_count: 0,
        created_at: now,
        deliver_at: null,
        recalled_at: null,
      });
      await repository.insertDeliveries(trx, [
        {
          message_id: messageId,
          user_id: viewer.userId,
          conversation_id: conversationId,
          display_name: viewer.displayName,
          is_sender: true,
          folder: 'DRAFTS',
          previous_folder: null,
          unread: false,
          read_at: null,
          concerning: [],
          concerning_ids: [],
          deliver_at: now,
          notified_at: null,
          reminded_at: null,
        },
      ]);
      return messageId;
    });
    return (await messageViews(ctx, viewer, [id]))[0];
  },

  deleteMessageDraft: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await ctx.db.transaction().execute(async (trx) => {
      const draft = UUID.test(id) ? await repository.findMessage(trx, id) : undefined;
      if (draft?.status !== 'DRAFT' || draft.sender_id !== viewer.userId) throw notFound(messages.draft);
      await repository.deleteMessage(trx, id);
      await repository.deleteConversationIfEmpty(trx, draft.conversation_id);
    });
    return true;
  },

  markConversationRead: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await requireParticipant(ctx, viewer, id);
    await repository.markRead(ctx.db, id, viewer.userId, ctx.clock.now());
    return conversationView(ctx, viewer, id);
  },

  markConversationUnread: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await requireParticipant(ctx, viewer, id);
    await repository.markUnread(ctx.db, id, viewer.userId);
    return conversationView(ctx, viewer, id);
  },

  moveConversation: async (_: unknown, args: { id: string; folder: Folder }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    if (!['ARCHIVE', 'TRASH', 'INBOX'].includes(args.folder)) throw badUserInput('folder', messages.folderNotAllowed);
    await requireParticipant(ctx, viewer, args.id);
    return (await repository.moveConversation(ctx.db, args.id, viewer.userId, args.folder)) > 0;
  },

  restoreConversation: async (_: unknown, { id }: { id: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    await requireParticipant(ctx, viewer, id);
    const restored = await repository.restoreConversation(ctx.db, id, viewer.userId);
    if (restored === 0) throw conflict(messages.nothingToRestore);
    return true;
  },

  remindUnread: async (_: unknown, { messageId }: { messageId: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const message = UUID.test(messageId) ? await repository.findMessage(ctx.db, messageId) : undefined;
    if (!message || message.status === 'DRAFT') throw notFound(messages.message);
    if (message.sender_id !== viewer.userId) throw forbidden(messages.notSender);
    if (!message.read_receipt) throw conflict(messages.noReceipt);
    if (message.status === 'RECALLED') throw conflict(messages.alreadyRecalled);
    await ctx.gate.assertEnabled(message.establishment_id);
    const [settings] = await repository.findSettings(ctx.db, [message.establishment_id]);
    const quiet = {
      start: settings?.quiet_start ?? DEFAULT_QUIET_HOURS.start,
      end: settings?.quiet_end ?? DEFAULT_QUIET_HOURS.end,
      weekends: settings?.quiet_weekends ?? DEFAULT_QUIET_HOURS.weekends,
    };
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const reminded = await repository.markReminded(trx, messageId, now);
      if (reminded > 0) {
        await ctx.jobs.schedule(
          NOTIFY_JOB,
          { messageId, reminder: true } satisfies NotifyPayload,
          { runAt: releaseTime(now, quiet), dedupeKey: `remind:${messageId}` },
          trx,
        );
      }
      return reminded;
    });
  },

  recallMessage: async (_: unknown, { messageId }: { messageId: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const message = UUID.test(messageId) ? await repository.findMessage(ctx.db, messageId) : undefined;
    if (!message || message.status === 'DRAFT') throw notFound(messages.message);
    if (message.sender_id !== viewer.userId) throw forbidden(messages.notSender);
    if (message.status === 'RECALLED') throw conflict(messages.alreadyRecalled);
    const now = ctx.clock.now();
    if (message.deliver_at && now.getTime() - message.deliver_at.getTime() > RECALL_WINDOW_MS) throw conflict(messages.recallTooLate);
    await ctx.db.transaction().execute(async (trx) => {
      if ((await repository.countRead(trx, messageId)) > 0) throw conflict(messages.recallAlreadyRead);
      await repository.recall(trx, messageId, now);
      await ctx.jobs.cancel({ dedupeKey: notifyKey(messageId) }, trx);
    });
    return (await messageViews(ctx, viewer, [messageId]))[0];
  },

  reportMessage: async (_: unknown, args: { messageId: string; reason: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const reason = text('reason', args.reason, 1000);
    const message = UUID.test(args.messageId) ? await repository.findMessage(ctx.db, args.messageId) : undefined;
    const delivery = message ? await repository.findDelivery(ctx.db, message.id, viewer.userId) : undefined;
    if (!message || !delivery || delivery.is_sender) throw forbidden(messages.notRecipient);
    const inserted = await repository.insertReport(ctx.db, {
      id: randomUUID(),
      message_id: message.id,
      establishment_id: message.establishment_id,
      reporter_id: viewer.userId,
      reason,
      created_at: ctx.clock.now(),
    });
    if (!inserted) throw conflict(messages.alreadyReported);
    return true;
  },

  setCommunicationSettings: async (
    _: unknown,
    args: { establishmentId: string; input: Record<string, boolean | string | null | undefined> },
    ctx: MessagerieContext,
  ) => {
    const viewer = requireViewer(ctx);
    if (!canAdministerEstablishment(viewer, args.establishmentId)) throw forbidden(messages.administratorsOnly);
    await ctx.gate.assertEnabled(args.establishmentId);
    const current = await settingsView(ctx, viewer, args.establishmentId);
    const rules: Record<string, boolean> = {};
    for (const key of RULE_KEYS) {
      const value = args.input[key];
      rules[key] = typeof value === 'boolean' ? value : current[key];
    }
    const time = (field: 'quietStart' | 'quietEnd') => {
      const value = args.input[field];
      if (value === undefined || value === null) return current[field];
      if (typeof value !== 'string' || !TIME_OF_DAY.test(value)) throw badUserInput(field, messages.timeOfDay);
      return value;
    };
    const quietStart = time('quietStart');
    const quietEnd = time('quietEnd');
    const weekends = args.input['quietWeekends'];
    await repository.saveSettings(ctx.db, {
      establishment_id: args.establishmentId,
      rules,
      quiet_start: quietStart,
      quiet_end: quietEnd,
      quiet_weekends: typeof weekends === 'boolean' ? weekends : current.quietWeekends,
      updated_by: viewer.userId,
      updated_at: ctx.clock.now(),
    });
    return settingsView(ctx, viewer, args.establishmentId);
  },

  setMailNotificationSettings: async (_: unknown, { input }: { input: { emailEnabled: boolean; email?: string | null } }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    const email = (input.email ?? '').trim() || null;
    if (email && (email.length > 254 || !EMAIL.test(email))) throw badUserInput('email', messages.email);
    if (input.emailEnabled && !email) throw badUserInput('email', messages.emailRequired);
    await repository.saveNotificationSettings(ctx.db, { user_id: viewer.userId, email, email_enabled: input.emailEnabled, updated_at: ctx.clock.now() });
    return { emailEnabled: input.emailEnabled, email };
  },

  suspendSending: async (_: unknown, args: { userId: string; establishmentId: string; reason: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    if (!isModerator(viewer, args.establishmentId)) throw forbidden(messages.moderatorsOnly);
    if (args.userId === viewer.userId) throw badUserInput('userId', messages.cannotSuspendSelf);
    if (!UUID.test(args.userId)) throw notFound('Personne');
    const reason = text('reason', args.reason, 1000);
    const row = { user_id: args.userId, establishment_id: args.establishmentId, suspended_by: viewer.userId, reason, created_at: ctx.clock.now() };
    await repository.suspend(ctx.db, row);
    return row;
  },

  restoreSending: async (_: unknown, args: { userId: string; establishmentId: string }, ctx: MessagerieContext) => {
    const viewer = requireViewer(ctx);
    if (!isModerator(viewer, args.establishmentId)) throw forbidden(messages.moderatorsOnly);
    return repository.liftSuspension(ctx.db, args.userId, args.establishmentId);
  },
};

