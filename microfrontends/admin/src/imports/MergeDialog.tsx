import { Button, Cluster, Dialog, useMutation, useToast } from '@ent/ui-kit';
import { useId, useRef, useState } from 'react';
import { MERGE_USERS, type MergeUsersVariables } from '../queries.js';
import { text } from '../text.js';
import { type DuplicateCandidate, type DuplicatePerson, personName } from './directoryImport.js';

export interface MergeDialogProps {
  open: boolean;
  candidate: DuplicateCandidate;
  onClose(): void;
  /** After a merge the server accepted (the toast is shown already). */
  onDone(): Promise<void>;
}

function describe(person: DuplicatePerson): string {
  return text('duplicates.person', { name: personName(person), login: person.login });
}

/** Confirms merging two accounts, after choosing the one to keep (the other is deactivated, both histories kept). */
export function MergeDialog({ open, candidate, onClose, onDone }: MergeDialogProps) {
  const [merge, { loading, error }] = useMutation<unknown, MergeUsersVariables>(MERGE_USERS);
  const toast = useToast();
  const [keepId, setKeepId] = useState(candidate.user.id);
  const checkedRef = useRef<HTMLInputElement>(null);
  const groupId = useId();
  const people = [candidate.user, candidate.otherUser];

  const confirm = async () => {
    const kept = people.find((person) => person.id === keepId) ?? candidate.user;
    const merged = kept.id === candidate.user.id ? candidate.otherUser : candidate.user;
    try {
      await merge({ keepUserId: kept.id, mergedUserId: merged.id });
    } catch {
      return; // `error` shows why, in the dialog
    }
    toast.success(text('duplicates.merged', { person: describe(kept) }));
    await onDone();
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={text('duplicates.merge.title')}
      // A radio group is entered on its checked button.
      initialFocusRef={checkedRef}
      footer={
        <Cluster gap="small">
          <Button variant="danger" busy={loading} onClick={() => void confirm()}>
            {text('duplicates.merge.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {text('cancel')}
          </Button>
        </Cluster>
      }
    >
      <p>{text('duplicates.merge.body')}</p>
      {error ? (
        <p role="alert" className="ent-admin__error">
          <span aria-hidden="true">⚠ </span>
          {error.message}
        </p>
      ) : null}
      <fieldset className="ent-admin__choice">
        <legend>{text('duplicates.merge.keep')}</legend>
        {people.map((person) => (
          <div key={person.id} className="ent-checkbox">
            <input
              id={`${groupId}-${person.id}`}
              className="ent-checkbox__input"
              type="radio"
              name={`${groupId}-keep`}
              ref={keepId === person.id ? checkedRef : undefined}
              checked={keepId === person.id}
              onChange={() => setKeepId(person.id)}
            />
            <label htmlFor={`${groupId}-${person.id}`} className="ent-checkbox__label">
              {text('duplicates.merge.keepOption', { person: describe(person) })}
            </label>
          </div>
        ))}
      </fieldset>
    </Dialog>
  );
}
