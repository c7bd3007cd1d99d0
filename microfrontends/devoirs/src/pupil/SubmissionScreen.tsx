import { Button, ErrorState, isApiError, Link, Loading, Page, PageHeading, Section, showToast, useMutation, useQuery } from '@ent/ui-kit';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { frenchDateTime, frenchTime } from '../logic/dates.js';
import { hrefOf } from '../logic/place.js';
import { uploadFile } from '../logic/upload.js';
import { PUPIL_ASSIGNMENT, type PupilAssignmentData, REMOVE_FILE, SAVE_DRAFT, SUBMIT_WORK, type WorkView } from '../queries.js';
import { Attachments } from '../shared/Attachments.js';
import { FileList, Instructions, MarkResult, StatusBadge } from '../shared/widgets.js';
import { text } from '../text.js';

/** After this pause in typing, the text is saved (and on leaving the field). */
const AUTOSAVE_MS = 1_500;

const ACCEPT: Record<string, string> = {
  PDF: '.pdf,application/pdf',
  IMAGE: 'image/png,image/jpeg,image/gif,image/webp',
  OFFICE: '.docx,.xlsx,.pptx,.odt,.ods,.odp',
  TEXT: '.txt,text/plain',
};

/**
 * One assignment for the pupil: a calm screen — the instructions, the files and the text of the working
 * copy (upload progress, autosave), one button to hand in, and the receipt « Remis le … à … ». Once the
 * work is returned, the correction: score, rubric result and the teacher's words.
 */
export function SubmissionScreen({ assignmentId }: { assignmentId: string }) {
  const { data, error, loading, refetch } = useQuery<PupilAssignmentData>(PUPIL_ASSIGNMENT, { id: assignmentId });
  const assignment = data?.assignment;
  useEffect(() => {
    if (assignment) document.title = text('pageTitle', { section: assignment.title });
  }, [assignment]);

  if (loading && !data) return <Frame>{<Loading label={text('loading')} />}</Frame>;
  if (error) return <Frame>{<ErrorState error={error} onRetry={() => void refetch()} />}</Frame>;
  if (!assignment?.work) return <Frame>{<ErrorState error={text('pupil.closed')} />}</Frame>;
  const work = assignment.work;
  const returned = work.status === 'RETURNED' && work.mark;
  const canWork = assignment.open && (work.status === 'NOT_STARTED' || work.status === 'DRAFT' || (assignment.allowResubmission && work.status === 'SUBMITTED'));

  return (
    <Page className="devoirs devoirs-submission">
      <p>
        <Link href={hrefOf({})}>{text('back')}</Link>
      </p>
      <PageHeading title={assignment.title} subtitle={text('dueOn', { date: frenchDateTime(assignment.dueAt) })} />
      <p>
        <StatusBadge status={work.status} />
      </p>
      {returned && work.mark ? (
        <Section title={text('pupil.feedback')}>
          <MarkResult mark={work.mark} rubric={assignment.rubric} files={work.feedbackFiles} />
        </Section>
      ) : null}
      <Section title={text('pupil.instructions')}>
        <Instructions html={assignment.instructions} />
      </Section>
      <Attachments assignmentId={assignment.id} files={assignment.attachments} editable={false} />
      <Receipt work={work} />
      {canWork ? (
        <WorkingCopy key={work.versions[0]?.id ?? 'first'} assignment={assignment} work={work} onChange={() => void refetch()} />
      ) : !returned && work.status !== 'NOT_STARTED' ? (
        <p>{text('pupil.waiting')}</p>
      ) : !assignment.open ? (
        <p>{text('pupil.closed')}</p>
      ) : null}
    </Page>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return (
    <Page className="devoirs">
      <p>
        <Link href={hrefOf({})}>{text('back')}</Link>
      </p>
      <PageHeading title={text('title')} />
      {children}
    </Page>
  );
}

/** « Remis le mardi 1er décembre à 18 h 05. » — the proof the work arrived, focused right after handing in. */
function Receipt({ work }: { work: WorkView }) {
  const ref = useRef<HTMLDivElement>(null);
  const latest = work.versions[0];
  const previous = useRef(latest?.id);
  useEffect(() => {
    if (latest && previous.current !== latest.id) ref.current?.focus();
    previous.current = latest?.id;
  }, [latest]);
  if (!latest) return null;
  return (
    <div ref={ref} tabIndex={-1} role="status" className="devoirs-receipt">
      <h2 className="devoirs-receipt__title">{text('pupil.receiptTitle')}</h2>
      <p>{text(latest.late ? 'pupil.receiptLate' : 'pupil.receipt', { date: frenchDateTime(latest.submittedAt) })}</p>
      <FileList files={latest.files} />
      {latest.text ? <blockquote className="devoirs-text">{latest.text}</blockquote> : null}
    </div>
  );
}

function WorkingCopy({
  assignment,
  work,
  onChange,
}: {
  assignment: NonNullable<PupilAssignmentData['assignment']>;
  work: WorkView;
  onChange: () => void;
}) {
  const [draft, setDraft] = useState(work.draftText ?? '');
  const [saveState, setSaveState] = useState(work.draftSavedAt ? text('pupil.saved', { time: frenchTime(work.draftSavedAt) }) : '');
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [uploadMessage, setUploadMessage] = useState('');
  const [submitError, setSubmitError] = useState('');
  const [saveDraft] = useMutation<{ saveDraft: { draftSavedAt: string } }>(SAVE_DRAFT);
  const [removeFile] = useMutation(REMOVE_FILE);
  const [submit, submitting] = useMutation<{ submitWork: WorkView }>(SUBMIT_WORK);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastSaved = useRef(work.draftText ?? '');
  const fileInput = useRef<HTMLInputElement>(null);
  const files = assignment.submissionMode !== 'TEXT';
  const online = assignment.submissionMode !== 'FILE';

  const persist = async (value: string) => {
    if (value === lastSaved.current) return;
    setSaveState(text('pupil.saving'));
    try {
      const result = await saveDraft({ a: assignment.id, t: value });
      lastSaved.current = value;
      setSaveState(text('pupil.saved', { time: frenchTime(result.saveDraft.draftSavedAt) }));
    } catch (error) {
      setSaveState(isApiError(error) ? error.message : String(error));
    }
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const onFile = async (file: File) => {
    setUploadMessage('');
    setProgress({ name: file.name, percent: 0 });
    try {
      await uploadFile(assignment.id, file, (fraction) => setProgress({ name: file.name, percent: Math.round(fraction * 100) }));
      setUploadMessage(text('pupil.uploaded', { name: file.name }));
      onChange();
    } catch (error) {
      setUploadMessage(text('pupil.uploadFailed', { name: file.name, reason: isApiError(error) ? error.message : String(error) }));
    } finally {
      setProgress(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <Section title={text('pupil.yourWork')}>
      {files ? (
        <div className="devoirs-upload">
          <div className="ent-field">
            <label htmlFor="devoirs-file" className="ent-field__label">
              {text('pupil.file')}
            </label>
            <p id="devoirs-file-hint" className="ent-field__hint">
              {text('pupil.fileHint', {
                kinds: assignment.allowedKinds.map((kind) => text(`kind.${kind}`)).join(', '),
                size: assignment.maxSizeMb,
              })}
            </p>
            <input
              ref={fileInput}
              id="devoirs-file"
              type="file"
              className="devoirs-file-input"
              accept={assignment.allowedKinds.map((kind) => ACCEPT[kind]).join(',')}
              aria-describedby="devoirs-file-hint"
              disabled={progress !== null}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void onFile(file);
              }}
            />
          </div>
          {progress ? (
            <div className="devoirs-progress">
              <label htmlFor="devoirs-progress">{text('pupil.uploading', { name: progress.name, percent: progress.percent })}</label>
              <progress id="devoirs-progress" max={100} value={progress.percent} />
            </div>
          ) : null}
          <p role="status" className="devoirs-upload__message">
            {uploadMessage}
          </p>
          {work.draftFiles.length > 0 ? (
            <>
              <h3 className="devoirs-subheading">{text('pupil.filesCaption')}</h3>
              <FileList
                files={work.draftFiles}
                actions={(file) => (
                  <Button
                    variant="quiet"
                    size="small"
                    onClick={async () => {
                      await removeFile({ id: file.id });
                      setUploadMessage(text('pupil.fileRemoved', { name: file.filename }));
                      onChange();
                    }}
                  >
                    {text('pupil.removeFile', { name: file.filename })}
                  </Button>
                )}
              />
            </>
          ) : null}
        </div>
      ) : null}
      {online ? (
        <div className="ent-field">
          <label htmlFor="devoirs-text" className="ent-field__label">
            {text('pupil.text')}
          </label>
          <p id="devoirs-text-hint" className="ent-field__hint">
            {text('pupil.textHint')}
          </p>
          <textarea
            id="devoirs-text"
            className="ent-field__input devoirs-textarea"
            rows={10}
            aria-describedby="devoirs-text-hint devoirs-text-state"
            value={draft}
            onChange={(event) => {
              const value = event.target.value;
              setDraft(value);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => void persist(value), AUTOSAVE_MS);
            }}
            onBlur={() => {
              clearTimeout(timer.current);
              void persist(draft);
            }}
          />
          <p id="devoirs-text-state" className="ent-field__hint" aria-live="polite">
            {saveState}
          </p>
        </div>
      ) : null}
      {submitError ? (
        <p className="ent-field__error" role="alert">
          {submitError}
        </p>
      ) : null}
      <Button
        variant="primary"
        size="large"
        busy={submitting.loading}
        onClick={async () => {
          setSubmitError('');
          clearTimeout(timer.current);
          try {
            if (online) await persist(draft);
            await submit({ a: assignment.id });
            showToast(text('pupil.receiptTitle'), { tone: 'success' });
            onChange();
          } catch (error) {
            setSubmitError(isApiError(error) ? error.message : String(error));
          }
        }}
      >
        {work.versions.length > 0 ? text('pupil.resubmit') : text('pupil.submit')}
      </Button>
    </Section>
  );
}
