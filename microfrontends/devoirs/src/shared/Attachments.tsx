import { Button, isApiError, Section, useMutation } from '@ent/ui-kit';
import { useRef, useState } from 'react';
import { uploadFile } from '../logic/upload.js';
import { type FileView, REMOVE_ATTACHMENT } from '../queries.js';
import { text } from '../text.js';
import { FileList } from './widgets.js';

/** The teacher's documents of an assignment: a list of links for everyone; adding and removing for its author. */
export function Attachments({
  assignmentId,
  files,
  editable,
  onChange,
  forPupil,
}: {
  assignmentId: string;
  files: readonly FileView[];
  editable: boolean;
  onChange?: () => void;
  /** The annotated copy for one pupil, instead of the class's documents. */
  forPupil?: { id: string; name: string };
}) {
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [message, setMessage] = useState('');
  const [remove] = useMutation(REMOVE_ATTACHMENT);
  const input = useRef<HTMLInputElement>(null);
  if (!editable && files.length === 0) return null;
  return (
    <Section title={forPupil ? text('feedbackFiles.heading') : text('attachments.heading')}>
      <FileList
        files={files}
        actions={
          editable
            ? (file) => (
                <Button
                  variant="quiet"
                  size="small"
                  onClick={async () => {
                    await remove({ id: file.id });
                    setMessage(text('attachments.removed', { name: file.filename }));
                    onChange?.();
                  }}
                >
                  {text('attachments.remove', { name: file.filename })}
                </Button>
              )
            : undefined
        }
      />
      {editable ? (
        <div className="ent-field">
          <label htmlFor="devoirs-attachment" className="ent-field__label">
            {forPupil ? text('feedbackFiles.add', { name: forPupil.name }) : text('attachments.add')}
          </label>
          <p id="devoirs-attachment-hint" className="ent-field__hint">
            {text('attachments.hint')} {forPupil ? text('feedbackFiles.hint') : ''}
          </p>
          <input
            ref={input}
            id="devoirs-attachment"
            type="file"
            className="devoirs-file-input"
            aria-describedby="devoirs-attachment-hint"
            disabled={progress !== null}
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (!file) return;
              setMessage('');
              setProgress({ name: file.name, percent: 0 });
              try {
                await uploadFile(assignmentId, file, (fraction) => setProgress({ name: file.name, percent: Math.round(fraction * 100) }), {
                  path: '/devoirs/attachments',
                  ...(forPupil ? { pupilId: forPupil.id } : {}),
                });
                setMessage(text(forPupil ? 'feedbackFiles.added' : 'attachments.added', { name: file.name }));
                onChange?.();
              } catch (error) {
                setMessage(text('attachments.failed', { name: file.name, reason: isApiError(error) ? error.message : String(error) }));
              } finally {
                setProgress(null);
                if (input.current) input.current.value = '';
              }
            }}
          />
          {progress ? (
            <div className="devoirs-progress">
              <label htmlFor="devoirs-attachment-progress">{text('attachments.uploading', progress)}</label>
              <progress id="devoirs-attachment-progress" max={100} value={progress.percent} />
            </div>
          ) : null}
        </div>
      ) : null}
      <p role="status">{message}</p>
    </Section>
  );
}
