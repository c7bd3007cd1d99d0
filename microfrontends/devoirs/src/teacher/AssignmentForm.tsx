import { Button, Checkbox, Form, type FormError, isApiError, navigate, Page, PageHeading, Select, showToast, TextField, useMutation, useQuery } from '@ent/ui-kit';
import { useEffect, useState } from 'react';
import { isoToParisLocal, parisLocalToIso } from '../logic/dates.js';
import { hrefOf, paragraphsOf } from '../logic/place.js';
import { newCriterion, type RubricDraft, rubricInput, rubricProblems } from '../logic/rubric.js';
import { CREATE_ASSIGNMENT, RUBRIC_LIBRARY, type RubricLibraryData } from '../queries.js';
import { say, text } from '../text.js';
import { defaultLevelLabels, RubricEditor } from './RubricEditor.js';

const KINDS = ['PDF', 'IMAGE', 'OFFICE', 'TEXT'] as const;
const PREFIX = 'devoirs-rubric';

/** Where an API error's `field` is shown: the id of the control. */
const FIELD_IDS: Record<string, string> = {
  classId: 'devoirs-class',
  title: 'devoirs-title',
  instructions: 'devoirs-instructions',
  dueAt: 'devoirs-due',
  maxSizeMb: 'devoirs-size',
  allowedKinds: 'devoirs-kind-PDF',
};

/** Creating an assignment: the class, the work, the rules of hand-in, and a rubric (new or from the library). */
export function AssignmentForm({ classes }: { classes: Map<string, string> }) {
  useEffect(() => {
    document.title = text('pageTitle', { section: text('form.section') });
  }, []);
  const library = useQuery<RubricLibraryData>(RUBRIC_LIBRARY);
  const [create, { loading }] = useMutation<{ createAssignment: { id: string; title: string } }>(CREATE_ASSIGNMENT);
  const [classId, setClassId] = useState(classes.size === 1 ? ([...classes.keys()][0] as string) : '');
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [due, setDue] = useState(() => isoToParisLocal(new Date(Date.now() + 7 * 86_400_000)).slice(0, 11) + '18:00');
  const [mode, setMode] = useState<'FILE' | 'TEXT' | 'FILE_OR_TEXT'>('FILE_OR_TEXT');
  const [kinds, setKinds] = useState<string[]>(['PDF', 'IMAGE', 'OFFICE']);
  const [maxSize, setMaxSize] = useState('10');
  const [resubmission, setResubmission] = useState(true);
  const [late, setLate] = useState<'ACCEPT' | 'REFUSE'>('ACCEPT');
  const [rubricSource, setRubricSource] = useState('new');
  const [rubric, setRubric] = useState<RubricDraft>(() => ({ title: '', shared: false, criteria: [newCriterion(defaultLevelLabels())] }));
  const [errors, setErrors] = useState<FormError[]>([]);
  const errorOf = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;

  const submit = async (publish: boolean) => {
    const found: FormError[] = [];
    if (!classId) found.push({ fieldId: 'devoirs-class', message: text('form.required') });
    if (title.trim() === '') found.push({ fieldId: 'devoirs-title', message: text('form.required') });
    const dueAt = parisLocalToIso(due);
    if (!dueAt) found.push({ fieldId: 'devoirs-due', message: text('form.dueInvalid') });
    if (rubricSource === 'new') for (const problem of rubricProblems(rubric, PREFIX)) found.push({ fieldId: problem.fieldId, message: say(problem.message) });
    setErrors(found);
    if (found.length > 0) return;
    try {
      const result = await create({
        input: {
          classId,
          title: title.trim(),
          instructions: paragraphsOf(instructions),
          dueAt,
          submissionMode: mode,
          allowedKinds: mode === 'TEXT' ? [] : kinds,
          maxSizeMb: Number(maxSize),
          allowResubmission: resubmission,
          latePolicy: late,
          ...(rubricSource === 'new' ? { rubric: rubricInput(rubric) } : rubricSource === 'none' ? {} : { rubricId: rubricSource }),
          publish,
        },
      });
      showToast(text('form.created', { title: result.createAssignment.title }), { tone: 'success' });
      navigate(hrefOf({ assignmentId: result.createAssignment.id }));
    } catch (error) {
      if (isApiError(error)) setErrors([{ fieldId: (error.field && FIELD_IDS[error.field]) || 'devoirs-title', message: error.message }]);
      else throw error;
    }
  };

  const rubricOptions = [
    { value: 'new', label: text('form.rubric.new') },
    { value: 'none', label: text('form.rubric.none') },
    ...(library.data?.rubricLibrary ?? []).map((entry) => ({ value: entry.id, label: text('form.rubric.library', { title: entry.title }) })),
  ];

  return (
    <Page className="devoirs">
      <PageHeading title={text('title')} subtitle={text('form.section')} />
      <Form onSubmit={() => submit(true)} errors={errors} aria-label={text('form.section')}>
        <Select
          id="devoirs-class"
          label={text('form.class')}
          required
          placeholder={text('form.classPlaceholder')}
          options={[...classes].map(([value, label]) => ({ value, label }))}
          value={classId}
          error={errorOf('devoirs-class')}
          onChange={(event) => setClassId(event.target.value)}
        />
        <TextField id="devoirs-title" label={text('form.title')} required value={title} error={errorOf('devoirs-title')} onChange={(event) => setTitle(event.target.value)} />
        <div className="ent-field">
          <label htmlFor="devoirs-instructions" className="ent-field__label">
            {text('form.instructions')}
          </label>
          <p id="devoirs-instructions-hint" className="ent-field__hint">
            {text('form.instructionsHint')}
          </p>
          <textarea
            id="devoirs-instructions"
            className="ent-field__input devoirs-textarea"
            rows={5}
            aria-describedby="devoirs-instructions-hint"
            value={instructions}
            onChange={(event) => setInstructions(event.target.value)}
          />
        </div>
        <TextField id="devoirs-due" type="datetime-local" label={text('form.due')} required value={due} error={errorOf('devoirs-due')} onChange={(event) => setDue(event.target.value)} />
        <Select
          id="devoirs-mode"
          label={text('form.mode')}
          options={(['FILE_OR_TEXT', 'FILE', 'TEXT'] as const).map((value) => ({ value, label: text(`mode.${value}`) }))}
          value={mode}
          onChange={(event) => setMode(event.target.value as typeof mode)}
        />
        {mode !== 'TEXT' ? (
          <fieldset className="devoirs-fieldset">
            <legend>{text('form.kinds')}</legend>
            {KINDS.map((kind) => (
              <Checkbox
                key={kind}
                id={`devoirs-kind-${kind}`}
                label={text(`kind.${kind}`)}
                checked={kinds.includes(kind)}
                onChange={(event) => setKinds(event.target.checked ? [...kinds, kind] : kinds.filter((candidate) => candidate !== kind))}
              />
            ))}
          </fieldset>
        ) : null}
        <TextField id="devoirs-size" type="number" min={1} max={50} label={text('form.maxSize')} value={maxSize} error={errorOf('devoirs-size')} onChange={(event) => setMaxSize(event.target.value)} />
        <Checkbox id="devoirs-resubmission" label={text('form.resubmission')} checked={resubmission} onChange={(event) => setResubmission(event.target.checked)} />
        <Select
          id="devoirs-late"
          label={text('form.late')}
          options={(['ACCEPT', 'REFUSE'] as const).map((value) => ({ value, label: text(`late.${value}`) }))}
          value={late}
          onChange={(event) => setLate(event.target.value as typeof late)}
        />
        <Select id="devoirs-rubric-source" label={text('form.rubricSource')} options={rubricOptions} value={rubricSource} onChange={(event) => setRubricSource(event.target.value)} />
        {rubricSource === 'new' ? <RubricEditor prefix={PREFIX} draft={rubric} onChange={setRubric} errorOf={errorOf} /> : null}
        <div className="ent-cluster ent-cluster--medium devoirs-actions">
          <Button type="submit" variant="primary" busy={loading}>
            {text('form.publish')}
          </Button>
          <Button variant="secondary" busy={loading} onClick={() => void submit(false)}>
            {text('form.saveDraft')}
          </Button>
          <Button variant="quiet" onClick={() => navigate(hrefOf({}))}>
            {text('form.cancel')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
