import {
  Button,
  Checkbox,
  Cluster,
  ErrorState,
  Form,
  type FormError,
  graphql,
  isApiError,
  Loading,
  navigate,
  Section,
  Select,
  TextField,
  useCurrentEstablishmentId,
  useQuery,
  useViewer,
} from '@ent/ui-kit';
import { useEffect, useRef, useState } from 'react';
import {
  type AudienceProfile,
  CLASSES_QUERY,
  CREATE_FORM,
  FORM_QUERY,
  type FormView,
  OPEN_FORM,
  type QuestionView,
  RESOURCES_QUERY,
  type SectionView,
  TEMPLATES_QUERY,
  UPDATE_FORM,
} from '../api.js';
import {
  CHOICE_TYPES,
  CONDITION_TYPES,
  conditionValues,
  type DraftQuestion,
  fromLocalInput,
  fromQuestion,
  moveQuestion,
  newQuestion,
  optionsOf,
  removeQuestion,
  toLocalInput,
  toQuestionInputs,
} from '../builderState.js';
import type { QuestionKind } from '@ent/formulaires/logic';
import { hrefOf } from '../paths.js';
import { text } from '../text.js';
import { TextArea } from './fields.js';
import { AnswerForm } from './Respond.js';

const TYPES: QuestionKind[] = ['SHORT_TEXT', 'LONG_TEXT', 'SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'NUMBER', 'DATE', 'YES_NO', 'AUTHORISATION', 'SLOT_BOOKING'];
const PROFILES: AudienceProfile[] = ['PARENTS', 'PUPILS', 'STAFF'];

interface Draft {
  title: string;
  description: string;
  purpose: string;
  retentionDays: string;
  deadline: string;
  profile: AudienceProfile;
  classIds: string[];
  whole: boolean;
  anonymous: boolean;
  bothGuardians: boolean;
  sectionTitle: string;
  questions: DraftQuestion[];
}

interface TemplateData {
  formTemplates: Array<{
    key: string;
    title: string;
    description: string;
    purpose: string;
    retentionDays: number;
    audienceProfile: AudienceProfile;
    bothGuardians: boolean;
    anonymous: boolean;
    sections: SectionView[];
  }>;
}

const inTwoWeeks = () => toLocalInput(new Date(Date.now() + 14 * 86_400_000).toISOString());

function draftOf(source: {
  title: string;
  description: string | null;
  purpose: string;
  retentionDays: number;
  deadline?: string;
  profile: AudienceProfile;
  classIds?: string[];
  whole?: boolean;
  anonymous: boolean;
  bothGuardians: boolean;
  sections: SectionView[];
}): Draft {
  return {
    title: source.title,
    description: source.description ?? '',
    purpose: source.purpose,
    retentionDays: String(source.retentionDays),
    deadline: source.deadline ? toLocalInput(source.deadline) : inTwoWeeks(),
    profile: source.profile,
    classIds: source.classIds ?? [],
    whole: source.whole ?? false,
    anonymous: source.anonymous,
    bothGuardians: source.bothGuardians,
    sectionTitle: source.sections[0]?.title ?? 'Questions',
    questions: source.sections.flatMap((section) => section.questions).map((question: QuestionView) => fromQuestion(question)),
  };
}

const blank = (): Draft => ({
  title: '',
  description: '',
  purpose: '',
  retentionDays: '90',
  deadline: inTwoWeeks(),
  profile: 'PARENTS',
  classIds: [],
  whole: false,
  anonymous: false,
  bothGuardians: false,
  sectionTitle: 'Questions',
  questions: [newQuestion([])],
});

/** The builder: a quick form editor without drag and drop (« Monter » / « Descendre »), with a preview. */
export function BuilderScreen({ formId, template }: { formId: string | null; template: string | null }) {
  const existing = useQuery<{ form: FormView }>(FORM_QUERY, { id: formId ?? '' }, { skip: !formId });
  const templates = useQuery<TemplateData>(TEMPLATES_QUERY, undefined, { skip: !template });
  const [draft, setDraft] = useState<Draft | null>(null);

  useEffect(() => {
    if (draft) return;
    if (formId && existing.data) {
      const form = existing.data.form;
      setDraft(
        draftOf({
          ...form,
          profile: form.audience.profile,
          classIds: form.audience.classes.map((item) => item.id),
          whole: form.audience.wholeEstablishment,
        }),
      );
    } else if (template && templates.data) {
      const found = templates.data.formTemplates.find((item) => item.key === template);
      setDraft(found ? draftOf({ ...found, profile: found.audienceProfile }) : blank());
    } else if (!formId && !template) setDraft(blank());
  }, [draft, formId, template, existing.data, templates.data]);

  if (existing.error) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  if (templates.error) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  if (!draft) return <Loading label={text('loading')} />;
  return <BuilderForm formId={formId} establishmentId={existing.data?.form.establishment.id ?? null} draft={draft} setDraft={(update) => setDraft((previous) => (previous ? update(previous) : previous))} />;
}

function BuilderForm({ formId, establishmentId: fixedEstablishment, draft, setDraft }: {
  formId: string | null;
  establishmentId: string | null;
  draft: Draft;
  setDraft(update: (draft: Draft) => Draft): void;
}) {
  const viewer = useViewer();
  const current = useCurrentEstablishmentId();
  const establishmentId = fixedEstablishment ?? current ?? viewer?.profiles.find((grant) => grant.establishment)?.establishment?.id ?? null;
  const classes = useQuery<{ establishment: { classes: Array<{ id: string; name: string }> } | null }>(CLASSES_QUERY, { id: establishmentId ?? '' }, { skip: !establishmentId });
  const resources = useQuery<{ resources: Array<{ id: string; name: string }> }>(RESOURCES_QUERY, { id: establishmentId ?? '' }, { skip: !establishmentId });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [status, setStatus] = useState('');
  const [preview, setPreview] = useState(false);
  const [busy, setBusy] = useState<'save' | 'open' | null>(null);
  const focusAfter = useRef<string | null>(null);

  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((previous) => ({ ...previous, [key]: value }));
  const setQuestion = (index: number, patch: Partial<DraftQuestion>) =>
    setDraft((previous) => ({ ...previous, questions: previous.questions.map((question, position) => (position === index ? { ...question, ...patch } : question)) }));

  const directs = viewer?.profiles.some((grant) => ['DIRECTION', 'ADMIN_LOCAL', 'PERSONNEL'].includes(grant.profile) && grant.establishment?.id === establishmentId) ?? false;
  const ownClasses = new Set([...(viewer?.classes ?? []).map((item) => item.id), ...(viewer?.teachings ?? []).flatMap((item) => (item.class ? [item.class.id] : []))]);
  const classOptions = (classes.data?.establishment?.classes ?? []).filter((item) => directs || ownClasses.has(item.id));

  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta;
    if (target < 0 || target >= draft.questions.length) return;
    const key = draft.questions[index]?.key;
    setDraft((previous) => ({ ...previous, questions: moveQuestion(previous.questions, index, delta) }));
    // Keep the keyboard where it was: on the same button of the moved question (or its other one at an end).
    const edge = (delta === -1 && target === 0) || (delta === 1 && target === draft.questions.length - 1);
    focusAfter.current = `builder-${key}-${edge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'}`;
    setStatus(text('builder.moved', { index: target + 1 }));
  };

  const input = () => ({
    establishmentId,
    title: draft.title,
    description: draft.description || null,
    purpose: draft.purpose,
    retentionDays: Number.parseInt(draft.retentionDays, 10),
    deadline: fromLocalInput(draft.deadline) ?? draft.deadline,
    anonymous: draft.anonymous,
    bothGuardians: draft.bothGuardians,
    audience: draft.profile === 'STAFF' ? { profile: 'STAFF' } : { profile: draft.profile, classIds: draft.whole ? [] : draft.classIds, wholeEstablishment: draft.whole },
    sections: [{ title: draft.sectionTitle || 'Questions', questions: toQuestionInputs(draft.questions) }],
  });

  /** Maps the server's field (`sections[0].questions[2].label`, `deadline`…) to the control's id. */
  const fieldIdOf = (field: string | undefined) => {
    const question = /questions\[(\d+)\](?:\.(\w+))?/.exec(field ?? '');
    if (question) {
      const key = draft.questions[Number(question[1])]?.key ?? '';
      const part = question[2] === 'options' ? 'options' : question[2] === 'showWhen' ? 'condition' : question[2] === 'resourceId' ? 'resource' : question[2] === 'key' ? 'label' : 'label';
      return `builder-${key}-${part}`;
    }
    const top = (field ?? '').split('.')[0];
    return `builder-${top === 'audience' ? 'profile' : top || 'title'}`;
  };

  const save = async (andOpen: boolean) => {
    setBusy(andOpen ? 'open' : 'save');
    setErrors([]);
    try {
      let id = formId;
      if (id) await graphql(UPDATE_FORM, { id, input: input() });
      else id = (await graphql<{ createForm: { id: string } }>(CREATE_FORM, { input: input() })).createForm.id;
      if (andOpen) {
        await graphql(OPEN_FORM, { id });
        setStatus(text('builder.opened'));
        navigate(hrefOf({ view: 'results', formId: id as string }));
      } else {
        setStatus(text('builder.saved'));
        if (!formId) navigate(hrefOf({ view: 'edit', formId: id as string }), { replace: true });
      }
    } catch (error) {
      setErrors([{ fieldId: fieldIdOf(isApiError(error) ? error.field : undefined), message: isApiError(error) ? error.message : String(error) }]);
    } finally {
      setBusy(null);
    }
  };

  const earlier = (index: number) => draft.questions.slice(0, index).filter((question) => CONDITION_TYPES.includes(question.type));

  return (
    <>
      <Form onSubmit={() => save(false)} errors={errors} className="formulaires-builder">
        <Section title={text('builder.general')}>
          <TextField id="builder-title" label={text('builder.title')} required value={draft.title} maxLength={200} onChange={(event) => set('title', event.target.value)} />
          <TextArea id="builder-description" label={text('builder.description')} value={draft.description} onChange={(event) => set('description', event.target.value)} />
          <TextField id="builder-purpose" label={text('builder.purpose')} required value={draft.purpose} onChange={(event) => set('purpose', event.target.value)} />
          <Cluster>
            <TextField
              id="builder-retentionDays"
              label={text('builder.retention')}
              hint={text('builder.retentionHint')}
              inputMode="numeric"
              required
              value={draft.retentionDays}
              onChange={(event) => set('retentionDays', event.target.value)}
            />
            <TextField id="builder-deadline" type="datetime-local" label={text('builder.deadline')} required value={draft.deadline} onChange={(event) => set('deadline', event.target.value)} />
          </Cluster>
        </Section>
        <Section title={text('builder.audience')}>
          <Select
            id="builder-profile"
            label={text('builder.audienceProfile')}
            value={draft.profile}
            options={PROFILES.map((profile) => ({ value: profile, label: text(`builder.profile.${profile}`) }))}
            onChange={(event) => set('profile', event.target.value as AudienceProfile)}
          />
          {draft.profile !== 'STAFF' ? (
            <fieldset className="formulaires-choices">
              <legend className="ent-field__label">{text('builder.classes')}</legend>
              {directs ? <Checkbox id="builder-whole" label={text('builder.whole')} checked={draft.whole} onChange={(event) => set('whole', event.target.checked)} /> : null}
              {classOptions.map((item) => (
                <Checkbox
                  key={item.id}
                  id={`builder-class-${item.id}`}
                  label={item.name}
                  disabled={draft.whole}
                  checked={draft.classIds.includes(item.id)}
                  onChange={(event) => set('classIds', event.target.checked ? [...draft.classIds, item.id] : draft.classIds.filter((id) => id !== item.id))}
                />
              ))}
            </fieldset>
          ) : null}
          <Checkbox id="builder-anonymous" label={text('builder.anonymous')} checked={draft.anonymous} onChange={(event) => set('anonymous', event.target.checked)} />
          {draft.profile === 'PARENTS' ? (
            <Checkbox id="builder-bothGuardians" label={text('builder.bothGuardians')} checked={draft.bothGuardians} onChange={(event) => set('bothGuardians', event.target.checked)} />
          ) : null}
        </Section>
        <Section title={text('builder.questions')}>
          <ol className="formulaires-builder-questions">
            {draft.questions.map((question, index) => {
              const label = text('builder.question', { index: index + 1 });
              const sources = earlier(index);
              return (
                <li key={question.key} className="formulaires-builder-question">
                  <fieldset>
                    <legend>{label}</legend>
                    <TextField id={`builder-${question.key}-label`} label={text('builder.label')} required value={question.label} onChange={(event) => setQuestion(index, { label: event.target.value })} />
                    <Cluster>
                      <Select
                        id={`builder-${question.key}-type`}
                        label={text('builder.type')}
                        value={question.type}
                        options={TYPES.map((type) => ({ value: type, label: text(`type.${type}`) }))}
                        onChange={(event) => setQuestion(index, { type: event.target.value as QuestionKind })}
                      />
                      <Checkbox id={`builder-${question.key}-required`} label={text('builder.required')} checked={question.required} onChange={(event) => setQuestion(index, { required: event.target.checked })} />
                    </Cluster>
                    {CHOICE_TYPES.includes(question.type) ? (
                      <TextArea id={`builder-${question.key}-options`} label={text('builder.options')} value={question.optionsText} onChange={(event) => setQuestion(index, { optionsText: event.target.value })} />
                    ) : null}
                    {question.type === 'SLOT_BOOKING' ? (
                      <Select
                        id={`builder-${question.key}-resource`}
                        label={text('builder.resource')}
                        value={question.resourceId}
                        placeholder={text('builder.resourceNone')}
                        options={(resources.data?.resources ?? []).map((resource) => ({ value: resource.id, label: resource.name }))}
                        onChange={(event) => setQuestion(index, { resourceId: event.target.value })}
                      />
                    ) : null}
                    {sources.length > 0 ? (
                      <Select
                        id={`builder-${question.key}-condition`}
                        label={text('builder.condition')}
                        value={question.condition ? `${question.condition.questionKey}\u0000${question.condition.equals}` : ''}
                        placeholder={text('builder.conditionNone')}
                        options={sources.flatMap((source) =>
                          conditionValues(source).map((value) => ({
                            value: `${source.key}\u0000${value}`,
                            label: text('builder.conditionOption', { question: source.label || source.key, value }),
                          })),
                        )}
                        onChange={(event) => {
                          const [questionKey, equals] = event.target.value.split('\u0000');
                          setQuestion(index, { condition: questionKey && equals ? { questionKey, equals } : null });
                        }}
                      />
                    ) : null}
                    <Cluster className="formulaires-builder-actions">
                      <Button
                        id={`builder-${question.key}-up`}
                        variant="quiet"
                        size="small"
                        disabled={index === 0}
                        aria-label={text('builder.moveLabel', { action: text('builder.up'), index: index + 1 })}
                        onClick={() => move(index, -1)}
                      >
                        {text('builder.up')}
                      </Button>
                      <Button
                        id={`builder-${question.key}-down`}
                        variant="quiet"
                        size="small"
                        disabled={index === draft.questions.length - 1}
                        aria-label={text('builder.moveLabel', { action: text('builder.down'), index: index + 1 })}
                        onClick={() => move(index, 1)}
                      >
                        {text('builder.down')}
                      </Button>
                      <Button
                        variant="danger"
                        size="small"
                        disabled={draft.questions.length === 1}
                        aria-label={`${text('builder.remove')} — ${label}`}
                        onClick={() => setDraft((previous) => ({ ...previous, questions: removeQuestion(previous.questions, index) }))}
                      >
                        {text('builder.remove')}
                      </Button>
                    </Cluster>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <Button
            variant="secondary"
            onClick={() => {
              const added = newQuestion(draft.questions);
              setDraft((previous) => ({ ...previous, questions: [...previous.questions, added] }));
              focusAfter.current = `builder-${added.key}-label`;
              setStatus(text('builder.added', { index: draft.questions.length + 1 }));
            }}
          >
            {text('builder.add')}
          </Button>
        </Section>
        <p role="status" aria-live="polite" className="formulaires-status">
          {status}
        </p>
        <Cluster>
          <Button type="submit" variant="secondary" busy={busy === 'save'}>
            {text('builder.save')}
          </Button>
          <Button busy={busy === 'open'} onClick={() => void save(true)}>
            {text('builder.saveAndOpen')}
          </Button>
          <Button variant="quiet" aria-expanded={preview} onClick={() => setPreview(!preview)}>
            {preview ? text('builder.hidePreview') : text('builder.preview')}
          </Button>
        </Cluster>
      </Form>
      {preview ? (
        <section className="formulaires-preview" aria-labelledby="formulaires-preview-title">
          <h2 id="formulaires-preview-title">{text('builder.previewHeading')}</h2>
          <h3>{draft.title}</h3>
          {draft.description ? <p>{draft.description}</p> : null}
          <AnswerForm
            idPrefix="preview"
            submitLabel={text('respond.submit')}
            form={{
              sections: [
                {
                  title: draft.sectionTitle,
                  description: null,
                  questions: draft.questions.map((question) => ({
                    key: question.key,
                    type: question.type,
                    label: question.label || question.key,
                    help: question.help || null,
                    required: question.required,
                    options: optionsOf(question),
                    showWhen: question.condition,
                    resource: question.resourceId ? { id: question.resourceId, name: '' } : null,
                  })),
                },
              ],
            }}
          />
        </section>
      ) : null}
    </>
  );
}
