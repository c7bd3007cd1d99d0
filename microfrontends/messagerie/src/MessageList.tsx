import { EmptyState, ErrorState, Loading, Section, useQuery } from '@ent/ui-kit';
import { type Folder, formatDate } from './logic.js';
import { MAILBOX, SEARCH } from './queries.js';
import { text } from './text.js';
import type { ListMessage, MailboxEntry } from './types.js';

interface Props {
  folder: Folder;
  childId: string;
  search: string;
  selected: string | null;
  version: number;
  simple: boolean;
  onSelect(conversationId: string): void;
}

/** The conversations of a folder (or the search results), newest first, unread ones marked in words. */
export function MessageList({ folder, childId, search, selected, version, simple, onSelect }: Props) {
  const mailbox = useQuery<{ mailbox: MailboxEntry[] }>(MAILBOX, { folder, childId: childId || null, version }, { skip: search !== '' });
  const found = useQuery<{ searchMessages: Array<ListMessage & { conversationId: string }> }>(SEARCH, { query: search, version }, { skip: search === '' });
  const state = search ? found : mailbox;
  const entries: MailboxEntry[] = search
    ? (found.data?.searchMessages ?? []).map((message) => ({ conversationId: message.conversationId, unreadCount: message.unread ? 1 : 0, messageCount: 1, lastMessage: message }))
    : (mailbox.data?.mailbox ?? []);
  const title = search ? text('search.heading', { query: search }) : text('list.heading', { folder: text(`folder.${folder}`) });

  return (
    <Section title={title} className="messagerie__list" titleHidden={simple}>
      {state.loading && !state.data ? <Loading /> : null}
      {state.error ? <ErrorState error={state.error} onRetry={() => void state.refetch()} headingLevel={3} /> : null}
      {!state.loading && !state.error && entries.length === 0 ? (
        <EmptyState title={search ? text('search.none', { query: search }) : text('list.empty')} pictogram="mail" headingLevel={3} />
      ) : null}
      {entries.length > 0 ? (
        <ul className="messagerie__entries">
          {entries.map((entry) => (
            <li key={entry.conversationId}>
              <Entry entry={entry} folder={folder} current={entry.conversationId === selected} onSelect={onSelect} />
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

function Entry({ entry, folder, current, onSelect }: { entry: MailboxEntry; folder: Folder; current: boolean; onSelect(id: string): void }) {
  const message = entry.lastMessage;
  const unread = entry.unreadCount > 0;
  const who = folder === 'SENT' || folder === 'DRAFTS' ? text('list.to', { names: message.addressedTo.map((item) => item.label).join(', ') || '—' }) : message.senderName;
  return (
    <button
      type="button"
      className={unread ? 'messagerie__entry messagerie__entry--unread' : 'messagerie__entry'}
      aria-current={current ? 'true' : undefined}
      onClick={() => onSelect(entry.conversationId)}
    >
      <span className="messagerie__entry-top">
        <span className="messagerie__entry-who">{who}</span>
        <span className="messagerie__entry-date">{formatDate(message.sentAt)}</span>
      </span>
      <span className="messagerie__entry-subject">
        {unread ? <span className="messagerie__tag messagerie__tag--unread">{text('list.unread')}</span> : null}
        {message.urgent ? <span className="messagerie__tag messagerie__tag--urgent">{text('list.urgent')}</span> : null}
        {message.scheduled ? <span className="messagerie__tag">{text('list.scheduled')}</span> : null}
        {message.status === 'RECALLED' ? <span className="messagerie__tag">{text('list.recalled')}</span> : null}
        {message.subject || '—'}
        {entry.messageCount > 1 ? <span className="messagerie__entry-count"> ({text('list.count', { count: entry.messageCount })})</span> : null}
      </span>
      {message.concerning.length > 0 ? (
        <span className="messagerie__entry-about">{text('list.about', { names: message.concerning.map((pupil) => pupil.name).join(', ') })}</span>
      ) : null}
      <span className="messagerie__entry-preview">{message.preview}</span>
    </button>
  );
}
