import type { Addressee, Folder, Receipt } from './logic.js';

export interface PupilLabel {
  id: string;
  name: string;
}

export interface ListMessage {
  id: string;
  conversationId?: string;
  subject: string;
  senderName: string;
  preview: string;
  sentAt: string | null;
  unread: boolean;
  urgent: boolean;
  scheduled: boolean;
  status: 'DRAFT' | 'SENT' | 'RECALLED';
  concerning: PupilLabel[];
  addressedTo: Array<{ label: string }>;
}

export interface MailboxEntry {
  conversationId: string;
  unreadCount: number;
  messageCount: number;
  lastMessage: ListMessage;
}

export interface FullMessage {
  id: string;
  conversationId: string;
  establishmentId: string;
  subject: string;
  body: string;
  senderName: string;
  sender: { id: string };
  sentAt: string | null;
  scheduled: boolean;
  status: 'DRAFT' | 'SENT' | 'RECALLED';
  urgent: boolean;
  unread: boolean;
  folder: Folder | null;
  remindedAt: string | null;
  readReceiptRequested: boolean;
  recipientCount: number | null;
  canRecall: boolean;
  concerning: PupilLabel[];
  addressedTo: Addressee[];
  receipts: Receipt[] | null;
  attachments: Array<{ id: string; filename: string; size: number; downloadUrl: string | null }>;
}

export interface Conversation {
  id: string;
  subject: string;
  unreadCount: number;
  messages: FullMessage[];
}

/** What the composer opens with: empty, an answer, a forward or a draft. */
export interface ComposerSeed {
  recipients: Addressee[];
  subject: string;
  body: string;
  inReplyTo?: string;
  forwardOf?: string;
  draftId?: string;
  concerningPupilId?: string;
  readReceipt?: boolean;
}
