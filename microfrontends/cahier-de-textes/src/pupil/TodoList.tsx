import { Button, Checkbox, EmptyState, ErrorState, graphql, isApiError, Loading, Pictogram, Section, speak, useQuery, useToast } from '@ent/ui-kit';
import { type ReactNode, useMemo, useState } from 'react';
import { dueWords, groupByDueDate, type HomeworkItem, htmlToText, pictogramOfKind, withPendingTicks } from '../logic/homework.js';
import { parisDate } from '../logic/dates.js';
import { SET_DONE, TODO } from '../queries.js';
import { say, text } from '../text.js';
import { RichText } from '../widgets.js';

export type TodoVariant = 'standard' | 'simple' | 'family';

/**
 * « À faire » grouped by due date. The pupil ticks each item: the box changes at once (optimistic), the
 * change is announced, and undone with an error message if the server refuses. A parent reads the
 * child's list (pupilId) without ticks.
 */
export function TodoList({ pupilId, variant, childName, headingLevel = 2 }: { pupilId: string | null; variant: TodoVariant; childName?: string; headingLevel?: 2 | 3 }) {
  const toast = useToast();
  const variables = useMemo(() => (pupilId ? { pupilId } : {}), [pupilId]);
  const todo = useQuery<{ homeworkToDo: HomeworkItem[] }>(TODO, variables);
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [status, setStatus] = useState('');
  const today = parisDate(new Date());
  const items = withPendingTicks(todo.data?.homeworkToDo ?? [], pending);
  const groups = groupByDueDate(items, today);

  const tick = async (item: HomeworkItem, done: boolean) => {
    setPending((previous) => new Map(previous).set(item.id, done));
    setStatus(text(done ? 'todo.markedDone' : 'todo.markedUndone', { subject: item.subject }));
    try {
      await graphql(SET_DONE, { homeworkId: item.id, done });
      await todo.refetch();
    } catch (error) {
      const message = isApiError(error) ? error.message : String(error);
      setStatus(text('todo.rollback', { message }));
      toast.error(text('todo.rollback', { message }));
    } finally {
      setPending((previous) => {
        const next = new Map(previous);
        next.delete(item.id);
        return next;
      });
    }
  };

  const listen = (item: HomeworkItem) => {
    const sentence = text('todo.speech', {
      when: dueWords(item.dueDate, today),
      kind: text(`kind.${item.kind}`),
      subject: item.subject,
      instructions: htmlToText(item.instructions),
    });
    if (!speak(sentence)) toast.show(text('todo.cannotSpeak'));
  };

  let body: ReactNode;
  if (todo.error) body = <ErrorState error={todo.error} onRetry={() => void todo.refetch()} headingLevel={headingLevel === 2 ? 3 : 4} />;
  else if (todo.loading && !todo.data) body = <Loading label={text('loading')} />;
  else if (groups.length === 0) body = <EmptyState title={text('todo.empty')} pictogram={variant === 'simple' ? 'star' : undefined} headingLevel={headingLevel === 2 ? 3 : 4} />;
  else
    body = groups.map((group) => (
      <Section key={group.dueDate} title={say(group.label)} level={headingLevel === 2 ? 3 : 4} className="cahier-due-group">
        <ul className={variant === 'simple' ? 'cahier-list cahier-simple' : 'cahier-list'}>
          {group.items.map((item) => {
            const kind = text(`kind.${item.kind}`);
            const tickLabel =
              variant === 'simple'
                ? text('todo.simpleDoneLabel', { subject: item.subject, kind })
                : text('todo.doneLabel', { subject: item.subject, kind, day: dueWords(item.dueDate, today) });
            return (
              <li key={item.id} className={variant === 'simple' ? 'ent-card cahier-todo cahier-todo--simple' : 'ent-card cahier-todo'}>
                <p className="cahier-todo__head">
                  {variant === 'simple' ? (
                    <span className="cahier-todo__pictogram" aria-hidden="true">
                      <Pictogram name={pictogramOfKind(item.kind)} />
                    </span>
                  ) : null}
                  <strong>{item.subject}</strong> · {kind}
                  {variant !== 'simple' ? <> · {text('homework.minutes', { count: item.estimatedMinutes })}</> : null}
                </p>
                <RichText html={item.instructions} />
                {variant === 'family' ? (
                  <p className="cahier-muted">{item.done ? text('family.done', { name: childName ?? '' }) : text('family.notDone')}</p>
                ) : (
                  <div className="cahier-todo__actions">
                    <Checkbox
                      label={variant === 'simple' ? text('todo.simpleDone') : text('todo.done')}
                      aria-label={tickLabel}
                      checked={item.done === true}
                      onChange={(event) => void tick(item, event.target.checked)}
                    />
                    {variant === 'simple' ? (
                      <Button variant="secondary" size="small" onClick={() => listen(item)} aria-label={text('todo.listenLabel', { text: `${item.subject}, ${kind}` })}>
                        <span aria-hidden="true">🔊 </span>
                        {text('todo.listen')}
                      </Button>
                    ) : null}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </Section>
    ));

  return (
    <div className="cahier-todo-list">
      {variant !== 'family' ? (
        <p role="status" aria-live="polite" className="cahier-status">
          {status}
        </p>
      ) : null}
      {body}
    </div>
  );
}
