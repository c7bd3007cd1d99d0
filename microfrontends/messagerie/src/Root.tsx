import { Button, PageHeading, Select, TextField, useQuery, useViewer } from '@ent/ui-kit';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Composer } from './Composer.js';
import { type Folder, FOLDERS, isSimplifiedViewer } from './logic.js';
import { MessageList } from './MessageList.js';
import { SUMMARY } from './queries.js';
import { Reader } from './Reader.js';
import { text } from './text.js';
import type { ComposerSeed } from './types.js';
import './messagerie.css';

const EMPTY_SEED: ComposerSeed = { recipients: [], subject: '', body: '' };

/**
 * The messagerie: folders, the conversation list with unread state, the reading pane, the composer.
 * Pupils of cycles 1 and 2 get a simplified view (their inbox, read aloud, writing to their teacher).
 */
export default function Root() {
  const viewer = useViewer();
  const simple = isSimplifiedViewer(viewer);
  const [folder, setFolder] = useState<Folder>('INBOX');
  const [childId, setChildId] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [composer, setComposer] = useState<ComposerSeed | null>(null);
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);
  const summary = useQuery<{ me: { mailSummary: { unread: number } | null } }>(SUMMARY, { version }, { partial: true });
  const unread = summary.data?.me.mailSummary?.unread ?? 0;
  const children = viewer?.children ?? [];

  const section = composer ? text('compose') : search ? text('search.heading', { query: search }) : text(`folder.${folder}`);
  useEffect(() => {
    document.title = text('pageTitle', { section });
  }, [section]);

  const refresh = useCallback(() => setVersion((value) => value + 1), []);
  const announce = useCallback((message: string) => {
    setStatus('');
    // A new text in the live region is what screen readers announce.
    queueMicrotask(() => setStatus(message));
  }, []);

  const openFolder = (next: Folder) => {
    setFolder(next);
    setSelected(null);
    setSearch('');
    setSearchInput('');
    setComposer(null);
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setSearch(searchInput.trim().length >= 2 ? searchInput.trim() : '');
    setSelected(null);
  };

  return (
    <div className={simple ? 'messagerie messagerie--simple' : 'messagerie'}>
      <PageHeading
        title={simple ? text('simpleTitle') : text('title')}
        actions={
          composer ? null : (
            <Button onClick={() => setComposer(EMPTY_SEED)} size={simple ? 'large' : 'normal'}>
              {simple ? text('simpleCompose') : text('compose')}
            </Button>
          )
        }
      />
      <p className="messagerie__status ent-visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {composer ? (
        <Composer
          seed={composer}
          simple={simple}
          onCancel={() => setComposer(null)}
          onDone={(message) => {
            setComposer(null);
            announce(message);
            refresh();
          }}
        />
      ) : (
        <div className="messagerie__layout">
          {simple ? null : (
            <nav className="messagerie__folders" aria-label={text('folders.label')}>
              <ul>
                {FOLDERS.map((item) => (
                  <li key={item}>
                    <button
                      type="button"
                      className="messagerie__folder"
                      aria-current={item === folder && !search ? 'page' : undefined}
                      onClick={() => openFolder(item)}
                    >
                      <span>{text(`folder.${item}`)}</span>
                      {item === 'INBOX' && unread > 0 ? <span className="messagerie__badge">{text('folder.unread', { count: unread })}</span> : null}
                    </button>
                  </li>
                ))}
              </ul>
              <search>
              <form className="messagerie__search" onSubmit={submitSearch}>
                <TextField
                  label={text('search.label')}
                  hint={text('search.hint')}
                  type="search"
                  value={searchInput}
                  onChange={(event) => setSearchInput(event.target.value)}
                />
                <Button type="submit" variant="secondary">
                  {text('search.submit')}
                </Button>
                {search ? (
                  <Button variant="quiet" onClick={() => openFolder(folder)}>
                    {text('search.clear')}
                  </Button>
                ) : null}
              </form>
              </search>
              {children.length > 1 ? (
                <Select
                  label={text('child.label')}
                  value={childId}
                  onChange={(event) => {
                    setChildId(event.target.value);
                    setSelected(null);
                  }}
                  options={[{ value: '', label: text('child.all') }, ...children.map((child) => ({ value: child.id, label: child.displayName }))]}
                />
              ) : null}
            </nav>
          )}
          <MessageList
            folder={simple ? 'INBOX' : folder}
            childId={childId}
            search={search}
            selected={selected}
            version={version}
            simple={simple}
            onSelect={setSelected}
          />
          <Reader
            conversationId={selected}
            simple={simple}
            version={version}
            onChanged={(message, leave) => {
              if (message) announce(message);
              if (leave) setSelected(null);
              refresh();
            }}
            onCompose={setComposer}
          />
        </div>
      )}
    </div>
  );
}
