import { Button, Dialog, EmptyState, ErrorState, Form, type FormError, Loading, Section, speak, TextField, useMutation, useQuery, useViewer } from '@ent/ui-kit';
import { useEffect, useRef, useState } from 'react';
import { formatDate, frenchSize, htmlToText, prefixed, receiptSummary, replyRecipients, speechOf } from './logic.js';
import { CONVERSATION, MARK_READ, MARK_UNREAD, MOVE, OPTIONS, RECALL, REMIND, REPORT, RESTORE } from './queries.js';
import { text } from './text.js';
import type { ComposerSeed, Conversation, FullMessage } from './types.js';

interface Props {
  conversationId: string | null;
  simple: boolean;
  version: number;
  onChanged(message: string | null, leave?: boolean): void;
  onCompose(seed: ComposerSeed): void;
}

/** The reading pane: a conversation's messages, the sender's receipt panel, the actions. */
export function Reader({ conversationId, simple, version, onChanged, onCompose }: Props) {
  const query = useQuery<{ conversation: Conversation }>(CONVERSATION, { id: conversationId, version }, { skip: !conversationId });
  const [markRead] = useMutation<unknown, { id: string }>(MARK_READ);
  const marked = useRef<string | null>(null);
  const conversation = conversationId ? query.data?.conversation : undefined;

  // Opening a conversation reads it (the receipt records the time only where the sender asked for one).
  useEffect(() => {
    if (!conversation || conversation.unreadCount === 0 || marked.current === conversation.id) return;
    marked.current = conversation.id;
    void markRead({ id: conversation.id }).then(() => onChanged(null));
  }, [conversation, markRead, onChanged]);

  if (!conversationId) {
    return (
      <Section title={text('reader.heading')} className="messagerie__reader" titleHidden>
        <EmptyState title={text('reader.none')} headingLevel={3} />
      </Section>
    );
  }
  return (
    <Section title={conversation?.subject ?? text('reader.heading')} className="messagerie__reader">
      {query.loading && !conversation ? <Loading /> : null}
      {query.error ? <ErrorState error={query.error} onRetry={() => void query.refetch()} headingLevel={3} /> : null}
      {conversation ? (
        <>
          <ConversationActions conversation={conversation} simple={simple} onChanged={onChanged} />
          {conversation.messages.map((message) => (
            <MessageView key={message.id} message={message} simple={simple} onChanged={onChanged} onCompose={onCompose} />
          ))}
        </>
      ) : null}
    </Section>
  );
}

function ConversationActions({ conversation, simple, onChanged }: { conversation: Conversation; simple: boolean; onChanged: Props['onChanged'] }) {
  const [move, moving] = useMutation<unknown, { id: string; folder: string }>(MOVE);
  const [restore] = useMutation<unknown, { id: string }>(RESTORE);
  const [unread] = useMutation<unknown, { id: string }>(MARK_UNREAD);
  if (simple) return null;
  const inTrash = conversation.messages.every((message) => message.folder === 'TRASH');
  const archived = conversation.messages.every((message) => message.folder === 'ARCHIVE');
  return (
    <div className="messagerie__actions">
      {inTrash ? (
        <Button variant="secondary" size="small" onClick={() => void restore({ id: conversation.id }).then(() => onChanged(text('status.restored'), true))}>
          {text('action.restore')}
        </Button>
      ) : (
        <>
          {archived ? null : (
            <Button variant="secondary" size="small" busy={moving.loading} onClick={() => void move({ id: conversation.id, folder: 'ARCHIVE' }).then(() => onChanged(text('status.archived'), true))}>
              {text('action.archive')}
            </Button>
          )}
          <Button variant="secondary" size="small" onClick={() => void move({ id: conversation.id, folder: 'TRASH' }).then(() => onChanged(text('status.trashed'), true))}>
            {text('action.trash')}
          </Button>
          <Button variant="quiet" size="small" onClick={() => void unread({ id: conversation.id }).then(() => onChanged(text('status.unread'), true))}>
            {text('action.unread')}
          </Button>
        </>
      )}
    </div>
  );
}

function MessageView({ message, simple, onChanged, onCompose }: { message: FullMessage; simple: boolean; onChanged: Props['onChanged']; onCompose: Props['onCompose'] }) {
  const viewer = useViewer();
  const mine = message.sender.id === viewer?.id;
  const [reporting, setReporting] = useState(false);
  const [recall, recalling] = useMutation<unknown, { id: string }>(RECALL);
  const options = useQuery<{ recipientOptions: Array<{ key: string }> }>(OPTIONS, {}, { skip: simple });
  const allowed = new Set((options.data?.recipientOptions ?? []).map((option) => option.key));
  const answer = (mode: 'reply' | 'replyAll') =>
    onCompose({
      recipients: replyRecipients(
        { establishmentId: message.establishmentId, senderId: message.sender.id, senderName: message.senderName, addressedTo: message.addressedTo },
        mode,
        viewer?.id ?? '',
        allowed,
      ),
      subject: prefixed(message.subject, 'Re : '),
      body: '',
      inReplyTo: message.id,
      ...(message.concerning.length === 1 && message.concerning[0] ? { concerningPupilId: message.concerning[0].id } : {}),
    });
  const forward = () =>
    onCompose({
      recipients: [],
      subject: prefixed(message.subject, 'Tr : '),
      body: `\n\n${text('forwarded', { from: message.senderName, date: formatDate(message.sentAt), subject: message.subject, text: htmlToText(message.body) })}`,
      forwardOf: message.id,
    });
  const headingId = `message-${message.id}`;

  return (
    <article className="messagerie__message" aria-labelledby={headingId}>
      <header className="messagerie__message-header">
        <h3 id={headingId} className="messagerie__message-subject">
          {message.subject}
        </h3>
        <p className="messagerie__meta">
          {text('reader.from', { name: message.senderName })}
          <br />
          {text('reader.to', { names: message.addressedTo.map((item) => item.label).join(', ') })}
          <br />
          {message.scheduled ? text('reader.scheduledAt', { date: formatDate(message.sentAt) }) : text('reader.sentAt', { date: formatDate(message.sentAt) })}
        </p>
        {message.concerning.length > 0 ? (
          <p className="messagerie__about">{text('reader.about', { names: message.concerning.map((pupil) => pupil.name).join(', ') })}</p>
        ) : null}
        {message.urgent ? <p className="messagerie__tag messagerie__tag--urgent">{text('list.urgent')}</p> : null}
        {message.remindedAt && !mine ? <p className="messagerie__meta">{text('reader.reminded', { date: formatDate(message.remindedAt) })}</p> : null}
      </header>
      {message.status === 'RECALLED' ? <p className="messagerie__meta">{text('reader.recalled')}</p> : null}
      {/* The body is sanitised HTML from the server, with an allow-list (subgraphs/messagerie/src/mail/sanitize.ts). */}
      <div className="messagerie__body" dangerouslySetInnerHTML={{ __html: message.body }} />
      {message.attachments.length > 0 ? (
        <div className="messagerie__attachments">
          <h4>{text('reader.attachments')}</h4>
          <ul>
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                {attachment.downloadUrl ? (
                  <a href={attachment.downloadUrl} download>
                    {text('reader.attachment', { name: attachment.filename, size: frenchSize(attachment.size) })}
                  </a>
                ) : (
                  text('reader.attachment', { name: attachment.filename, size: frenchSize(attachment.size) })
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="messagerie__actions">
        <Button variant="secondary" size={simple ? 'large' : 'small'} onClick={() => speak(speechOf(message))}>
          <span aria-hidden="true">🔊 </span>
          {text('action.listen')}
        </Button>
        {simple ? null : (
          <>
            {mine ? null : (
              <Button variant="secondary" size="small" onClick={() => answer('reply')}>
                {text('action.reply')}
              </Button>
            )}
            <Button variant="secondary" size="small" onClick={() => answer('replyAll')}>
              {text('action.replyAll')}
            </Button>
            <Button variant="secondary" size="small" onClick={forward}>
              {text('action.forward')}
            </Button>
            {mine && message.canRecall ? (
              <Button
                variant="danger"
                size="small"
                busy={recalling.loading}
                onClick={() => void recall({ id: message.id }).then(() => onChanged(text('status.recalled')), (error: Error) => onChanged(error.message))}
              >
                {text('action.recall')}
              </Button>
            ) : null}
            {mine ? null : (
              <Button variant="quiet" size="small" onClick={() => setReporting(true)}>
                {text('action.report')}
              </Button>
            )}
          </>
        )}
      </div>
      {mine && message.receipts ? <Receipts message={message} onChanged={onChanged} /> : null}
      {reporting ? <ReportDialog messageId={message.id} onClose={() => setReporting(false)} onDone={(done) => onChanged(done)} /> : null}
    </article>
  );
}

/** For the sender who asked for receipts: who read, when; « Relancer » those who have not. */
function Receipts({ message, onChanged }: { message: FullMessage; onChanged: Props['onChanged'] }) {
  const [remind, reminding] = useMutation<{ remindUnread: number }, { id: string }>(REMIND);
  const receipts = message.receipts ?? [];
  const summary = receiptSummary(receipts);
  return (
    <section className="messagerie__receipts" aria-labelledby={`receipts-${message.id}`}>
      <h4 id={`receipts-${message.id}`}>{text('receipts.heading')}</h4>
      <p>{text('receipts.summary', { read: summary.read, total: summary.total })}</p>
      {summary.unread > 0 ? (
        <Button
          size="small"
          busy={reminding.loading}
          onClick={() =>
            void remind({ id: message.id }).then(
              (result) => onChanged(text('receipts.reminded.done', { count: result.remindUnread })),
              (error: Error) => onChanged(error.message),
            )
          }
        >
          {text('receipts.remind')}
        </Button>
      ) : (
        <p>{text('receipts.allRead')}</p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="messagerie__receipts-table" tabIndex={0} aria-label={text('receipts.caption')}>
        <table className="ent-table">
          <caption className="ent-visually-hidden">{text('receipts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{text('receipts.name')}</th>
              <th scope="col">{text('receipts.about')}</th>
              <th scope="col">{text('receipts.state')}</th>
            </tr>
          </thead>
          <tbody>
            {receipts.map((receipt, index) => (
              <tr key={`${receipt.name}-${index}`}>
                <th scope="row">{receipt.name}</th>
                <td>{receipt.concerning.map((pupil) => pupil.name).join(', ')}</td>
                <td>
                  {receipt.readAt
                    ? text('receipts.read', { date: formatDate(receipt.readAt) })
                    : receipt.remindedAt
                      ? text('receipts.reminded', { date: formatDate(receipt.remindedAt) })
                      : text('receipts.unread')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

function ReportDialog({ messageId, onClose, onDone }: { messageId: string; onClose(): void; onDone(message: string): void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [report, reporting] = useMutation<unknown, { id: string; reason: string }>(REPORT);
  const fieldId = `report-reason-${messageId}`;
  const submit = async () => {
    if (!reason.trim()) {
      setErrors([{ fieldId, message: text('report.required') }]);
      return;
    }
    try {
      await report({ id: messageId, reason });
      onClose();
      onDone(text('report.done'));
    } catch (error) {
      setErrors([{ fieldId, message: (error as Error).message }]);
    }
  };
  return (
    <Dialog open onClose={onClose} title={text('report.heading')}>
      <Form onSubmit={submit} errors={errors}>
        <TextField id={fieldId} label={text('report.reason')} hint={text('report.reason.hint')} value={reason} required error={errors[0]?.message} onChange={(event) => setReason(event.target.value)} />
        <div className="messagerie__actions">
          <Button type="submit" busy={reporting.loading}>
            {text('report.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {text('composer.cancel')}
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
