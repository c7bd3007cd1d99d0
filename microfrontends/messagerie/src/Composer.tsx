import {
  Button,
  Checkbox,
  FieldError,
  Form,
  type FormError,
  isApiError,
  Section,
  Select,
  t,
  TextField,
  uploadFile,
  useMutation,
  useQuery,
  useViewer,
} from '@ent/ui-kit';
import { useEffect, useId, useRef, useState } from 'react';
import { type Addressee, filterOptions, formatTime, frenchSize, groupOptions, mayOfferUrgent, type RecipientOption, scheduledInstant } from './logic.js';
import { OPTIONS, SAVE_DRAFT, SEND } from './queries.js';
import { text } from './text.js';
import type { ComposerSeed } from './types.js';

interface Props {
  seed: ComposerSeed;
  simple: boolean;
  onCancel(): void;
  onDone(message: string): void;
}

const FIELD = {
  recipients: 'composer-recipients-filter',
  subject: 'composer-subject',
  body: 'composer-body',
  scheduledAt: 'composer-schedule',
  concerningPupilId: 'composer-about',
  attachmentIds: 'composer-attachments',
} as const;

const MAX_ATTACHMENTS = 10;

interface Attached {
  id: string;
  filename: string;
  size: number;
}

/** The composer: recipient picker (only what the rules allow), subject, text, receipt, urgency, schedule; autosaved as a draft. */
export function Composer({ seed, simple, onCancel, onDone }: Props) {
  const viewer = useViewer();
  const [recipients, setRecipients] = useState<Addressee[]>(seed.recipients);
  const [subject, setSubject] = useState(seed.subject);
  const [body, setBody] = useState(seed.body);
  const [readReceipt, setReadReceipt] = useState(seed.readReceipt ?? false);
  const [urgent, setUrgent] = useState(false);
  const [about, setAbout] = useState(seed.concerningPupilId ?? '');
  const [schedule, setSchedule] = useState('');
  const [filter, setFilter] = useState('');
  const [searchTerm, setSearchTerm] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [draftStatus, setDraftStatus] = useState('');
  const [attached, setAttached] = useState<Attached[]>([]);
  const [upload, setUpload] = useState<{ name: string; percent: number } | null>(null);
  const [uploadStatus, setUploadStatus] = useState('');

  /** Each chosen file goes up at once, one after another, with its progress; a refusal names the file. */
  const attach = async (files: FileList | null) => {
    if (!files) return;
    for (const file of Array.from(files)) {
      if (attached.length >= MAX_ATTACHMENTS) {
        setErrors([{ fieldId: FIELD.attachmentIds, message: text('composer.attachments.tooMany') }]);
        return;
      }
      setUpload({ name: file.name, percent: 0 });
      try {
        const stored = await uploadFile<Attached>('/messagerie/attachments', file, {
          onProgress: (fraction) => setUpload({ name: file.name, percent: Math.round(fraction * 100) }),
        });
        setAttached((current) => [...current, { id: stored.id, filename: stored.filename, size: stored.size }]);
        setUploadStatus(text('composer.attachments.done', { name: stored.filename }));
        setErrors((current) => current.filter((error) => error.fieldId !== FIELD.attachmentIds));
      } catch (error) {
        setErrors([{ fieldId: FIELD.attachmentIds, message: `${file.name} : ${(error as Error).message}` }]);
      } finally {
        setUpload(null);
      }
    }
  };
  const draftId = useRef<string | undefined>(seed.draftId);
  const [send, sending] = useMutation<{ sendMessage: { scheduled: boolean } }, { input: Record<string, unknown> }>(SEND);
  const [saveDraft] = useMutation<{ saveMessageDraft: { id: string } }, { id: string | null; input: Record<string, unknown> }>(SAVE_DRAFT);
  const options = useQuery<{ recipientOptions: RecipientOption[] }>(OPTIONS, {});
  const staff = viewer?.profiles.some((grant) => ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL'].includes(grant.profile)) ?? false;
  // Staff find anyone of their establishment through the directory: asked once typing pauses.
  useEffect(() => {
    const handle = setTimeout(() => setSearchTerm(filter.trim().length >= 2 && staff ? filter.trim() : ''), 300);
    return () => clearTimeout(handle);
  }, [filter, staff]);
  const searched = useQuery<{ recipientOptions: RecipientOption[] }>(OPTIONS, { query: searchTerm }, { skip: searchTerm === '' });
  const headingId = useId();

  // Autosave: a few seconds after the last change, the draft is written (created the first time).
  const dirty = useRef(false);
  useEffect(() => {
    if (!dirty.current || simple) return;
    const handle = setTimeout(() => {
      if (!subject.trim() && !body.trim()) return;
      void saveDraft({
        id: draftId.current ?? null,
        input: { subject, body, recipients: recipients.map((item) => item.key), readReceipt, urgent, ...(seed.inReplyTo ? { inReplyTo: seed.inReplyTo } : {}) },
      }).then(
        (saved) => {
          draftId.current = saved.saveMessageDraft.id;
          setDraftStatus(text('composer.draftSaved', { time: formatTime(new Date()) }));
        },
        () => undefined,
      );
    }, 3000);
    return () => clearTimeout(handle);
  }, [subject, body, recipients, readReceipt, urgent]);
  const touch = () => {
    dirty.current = true;
  };

  const all = options.data?.recipientOptions ?? [];
  const visible = [...filterOptions(all, filter)];
  for (const option of searched.data?.recipientOptions ?? []) if (!visible.some((known) => known.key === option.key)) visible.push(option);
  const chosen = new Set(recipients.map((item) => item.key));
  const toggle = (option: RecipientOption, on: boolean) => {
    touch();
    setRecipients((current) => (on ? [...current, { key: option.key, kind: option.kind, label: option.label }] : current.filter((item) => item.key !== option.key)));
  };

  const submit = async () => {
    const found: FormError[] = [];
    if (recipients.length === 0) found.push({ fieldId: FIELD.recipients, message: text('composer.required.recipients') });
    if (!subject.trim()) found.push({ fieldId: FIELD.subject, message: text('composer.required.subject') });
    if (!body.trim()) found.push({ fieldId: FIELD.body, message: text('composer.required.body') });
    const scheduledAt = schedule ? scheduledInstant(schedule) : null;
    setErrors(found);
    setFailure(null);
    if (found.length > 0) return;
    try {
      const result = await send({
        input: {
          subject,
          body,
          recipients: recipients.map((item) => item.key),
          readReceipt,
          urgent,
          ...(scheduledAt ? { scheduledAt } : {}),
          ...(about ? { concerningPupilId: about } : {}),
          ...(seed.inReplyTo ? { inReplyTo: seed.inReplyTo } : {}),
          ...(seed.forwardOf ? { forwardOf: seed.forwardOf } : {}),
          ...(draftId.current ? { draftId: draftId.current } : {}),
          ...(attached.length > 0 ? { attachmentIds: attached.map((item) => item.id) } : {}),
        },
      });
      onDone(result.sendMessage.scheduled ? text('composer.scheduled') : text('composer.sent'));
    } catch (error) {
      const field = isApiError(error) ? error.field : undefined;
      const fieldId = field && field in FIELD ? FIELD[field as keyof typeof FIELD] : undefined;
      if (fieldId) setErrors([{ fieldId, message: (error as Error).message }]);
      else setFailure((error as Error).message);
    }
  };
  const errorOf = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;
  const children = viewer?.children ?? [];

  return (
    <Section title={seed.inReplyTo ? text('composer.replyHeading') : text('composer.heading')} className="messagerie__composer" aria-describedby={headingId}>
      <Form onSubmit={submit} errors={errors}>
        {failure ? (
          <div role="alert" className="messagerie__failure">
            <FieldError id="composer-failure">{failure}</FieldError>
          </div>
        ) : null}
        <fieldset className="messagerie__picker">
          <legend>{text('composer.recipients')}</legend>
          <p id={headingId} className="ent-field__hint">
            {text('composer.recipients.hint')}
          </p>
          <h3 className="messagerie__picker-title">{text('composer.recipients.selected')}</h3>
          {recipients.length === 0 ? (
            <p>{text('composer.recipients.none')}</p>
          ) : (
            <ul className="messagerie__chips">
              {recipients.map((item) => (
                <li key={item.key} className="messagerie__chip">
                  {item.label}
                  <button
                    type="button"
                    className="messagerie__chip-remove"
                    aria-label={text('composer.recipients.remove', { label: item.label })}
                    onClick={() => {
                      touch();
                      setRecipients((current) => current.filter((known) => known.key !== item.key));
                    }}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <TextField
            id={FIELD.recipients}
            label={text('composer.recipients.filter')}
            hint={staff ? text('composer.recipients.filterHint') : undefined}
            type="search"
            value={filter}
            error={errorOf(FIELD.recipients)}
            onChange={(event) => setFilter(event.target.value)}
          />
          {options.loading ? <p role="status">{text('composer.recipients.loading')}</p> : null}
          <div className="messagerie__options">
            {visible.length === 0 && !options.loading ? <p>{text('composer.recipients.empty')}</p> : null}
            {groupOptions(visible).map((group) => (
              <fieldset key={group.section} className="messagerie__option-group">
                <legend>{group.section}</legend>
                {group.options.map((option) => (
                  <Checkbox
                    key={option.key}
                    label={option.label}
                    hint={option.description ?? undefined}
                    checked={chosen.has(option.key)}
                    onChange={(event) => toggle(option, event.target.checked)}
                  />
                ))}
              </fieldset>
            ))}
          </div>
        </fieldset>
        {children.length > 0 ? (
          <Select
            id={FIELD.concerningPupilId}
            label={text('composer.about')}
            value={about}
            error={errorOf(FIELD.concerningPupilId)}
            onChange={(event) => setAbout(event.target.value)}
            options={[{ value: '', label: text('composer.about.none') }, ...children.map((child) => ({ value: child.id, label: child.displayName }))]}
          />
        ) : null}
        <TextField
          id={FIELD.subject}
          label={text('composer.subject')}
          value={subject}
          required
          maxLength={200}
          error={errorOf(FIELD.subject)}
          onChange={(event) => {
            touch();
            setSubject(event.target.value);
          }}
        />
        <div className={errorOf(FIELD.body) ? 'ent-field ent-field--invalid' : 'ent-field'}>
          <label htmlFor={FIELD.body} className="ent-field__label">
            {text('composer.body')}
            <span className="ent-field__required"> {t('kit.form.required')}</span>
          </label>
          {errorOf(FIELD.body) ? <FieldError id={`${FIELD.body}-error`}>{errorOf(FIELD.body)}</FieldError> : null}
          <textarea
            id={FIELD.body}
            className="ent-field__input messagerie__textarea"
            rows={simple ? 6 : 10}
            required
            value={body}
            aria-invalid={errorOf(FIELD.body) ? true : undefined}
            aria-describedby={errorOf(FIELD.body) ? `${FIELD.body}-error` : undefined}
            onChange={(event) => {
              touch();
              setBody(event.target.value);
            }}
          />
        </div>
        {simple ? null : (
          <div className={errorOf(FIELD.attachmentIds) ? 'ent-field ent-field--invalid' : 'ent-field'}>
            <label htmlFor={FIELD.attachmentIds} className="ent-field__label">
              {text('composer.attachments')}
            </label>
            <p id={`${FIELD.attachmentIds}-hint`} className="ent-field__hint">
              {text('composer.attachments.hint')}
            </p>
            {errorOf(FIELD.attachmentIds) ? <FieldError id={`${FIELD.attachmentIds}-error`}>{errorOf(FIELD.attachmentIds)}</FieldError> : null}
            <input
              id={FIELD.attachmentIds}
              type="file"
              multiple
              className="ent-field__input"
              accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.odt,.ods,.odp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt"
              disabled={upload !== null}
              aria-invalid={errorOf(FIELD.attachmentIds) ? true : undefined}
              aria-describedby={[`${FIELD.attachmentIds}-hint`, errorOf(FIELD.attachmentIds) ? `${FIELD.attachmentIds}-error` : ''].filter(Boolean).join(' ')}
              onChange={(event) => {
                const input = event.currentTarget;
                void attach(input.files).then(() => {
                  input.value = '';
                });
              }}
            />
            {upload ? (
              <progress max={100} value={upload.percent} aria-label={text('composer.attachments.progress', { name: upload.name, percent: upload.percent })} />
            ) : null}
            <p role="status" className="messagerie__meta">
              {upload ? text('composer.attachments.progress', { name: upload.name, percent: upload.percent }) : uploadStatus}
            </p>
            {attached.length > 0 ? (
              <ul className="messagerie__chips">
                {attached.map((item) => (
                  <li key={item.id} className="messagerie__chip">
                    {text('composer.attachments.item', { name: item.filename, size: frenchSize(item.size) })}
                    <button
                      type="button"
                      className="messagerie__chip-remove"
                      aria-label={text('composer.attachments.remove', { name: item.filename })}
                      onClick={() => {
                        setAttached((current) => current.filter((known) => known.id !== item.id));
                        setUploadStatus(text('composer.attachments.removed', { name: item.filename }));
                      }}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
        {simple ? null : (
          <>
            <Checkbox label={text('composer.receipt')} hint={text('composer.receipt.hint')} checked={readReceipt} onChange={(event) => setReadReceipt(event.target.checked)} />
            {mayOfferUrgent(viewer) ? (
              <Checkbox label={text('composer.urgent')} hint={text('composer.urgent.hint')} checked={urgent} onChange={(event) => setUrgent(event.target.checked)} />
            ) : null}
            <TextField
              id={FIELD.scheduledAt}
              label={text('composer.schedule')}
              hint={text('composer.schedule.hint')}
              type="datetime-local"
              value={schedule}
              error={errorOf(FIELD.scheduledAt)}
              onChange={(event) => setSchedule(event.target.value)}
            />
          </>
        )}
        <div className="messagerie__actions">
          <Button type="submit" busy={sending.loading} size={simple ? 'large' : 'normal'}>
            {text('composer.send')}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {text('composer.cancel')}
          </Button>
        </div>
        <p role="status" className="messagerie__meta">
          {draftStatus}
        </p>
      </Form>
    </Section>
  );
}
