import { Button, ErrorState, Form, type FormError, isApiError, Link, Loading, navigate, Page, PageHeading, Section, showToast, useMutation, useQuery } from '@ent/ui-kit';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { frenchDateTime } from '../logic/dates.js';
import { hrefOf, neighbours } from '../logic/place.js';
import { frenchNumber, scoreOf } from '../logic/rubric.js';
import { FOLLOW, type FollowData, MARK_WORK, RETURN_WORK, type WorkView } from '../queries.js';
import { Attachments } from '../shared/Attachments.js';
import { FileList, StatusBadge } from '../shared/widgets.js';
import { text } from '../text.js';

/**
 * Marking pupil after pupil: the work handed in, the rubric as one radio group per criterion (the score
 * computed as levels are chosen, announced politely), the appreciation, then « save and next ».
 */
export function MarkingScreen({ assignmentId, pupilId }: { assignmentId: string; pupilId: string }) {
  const { data, error, loading, refetch } = useQuery<FollowData>(FOLLOW, { id: assignmentId });
  const assignment = data?.assignment;
  const work = assignment?.works.find((candidate) => candidate.pupil.id === pupilId);

  useEffect(() => {
    if (assignment && work) document.title = text('pageTitle', { section: text('mark.heading', { name: work.pupilName }) });
  }, [assignment, work]);

  if (loading && !data) return <Shell>{<Loading label={text('loading')} />}</Shell>;
  if (error) return <Shell>{<ErrorState error={error} onRetry={() => void refetch()} />}</Shell>;
  if (!assignment || !work) return <Shell>{<ErrorState error={text('noProfile')} />}</Shell>;
  const { previous, next } = neighbours(assignment.works, pupilId);
  return (
    <Page className="devoirs">
      <p>
        <Link href={hrefOf({ assignmentId })}>{assignment.title}</Link>
      </p>
      <PageHeading title={text('mark.heading', { name: work.pupilName })} subtitle={assignment.title} />
      <nav aria-label={text('mark.section')} className="ent-cluster ent-cluster--medium devoirs-pager">
        {previous ? <Link href={hrefOf({ assignmentId, pupilId: previous.pupil.id })}>{text('mark.previous', { name: previous.pupilName })}</Link> : null}
        {next ? <Link href={hrefOf({ assignmentId, pupilId: next.pupil.id })}>{text('mark.next', { name: next.pupilName })}</Link> : null}
      </nav>
      <p>
        <StatusBadge status={work.status} />
      </p>
      <Submitted work={work} />
      <Attachments
        assignmentId={assignment.id}
        files={work.feedbackFiles}
        editable={work.status !== 'RETURNED'}
        forPupil={{ id: work.pupil.id, name: work.pupilName }}
        onChange={() => void refetch()}
      />
      <MarkForm
        key={work.pupil.id}
        assignment={assignment}
        work={work}
        nextHref={next ? hrefOf({ assignmentId, pupilId: next.pupil.id }) : hrefOf({ assignmentId })}
        onSaved={() => void refetch()}
      />
    </Page>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <Page className="devoirs">
      <PageHeading title={text('title')} subtitle={text('mark.section')} />
      {children}
    </Page>
  );
}

function Submitted({ work }: { work: WorkView }) {
  if (work.versions.length === 0) return <p>{text('mark.notSubmitted')}</p>;
  return (
    <>
      {work.versions.map((version) => (
        <Section key={version.id} level={2} title={text('mark.version', { n: version.version, date: frenchDateTime(version.submittedAt) }) + (version.late ? ` (${text('lateFlag')})` : '')}>
          {version.files.length > 0 ? <FileList files={version.files} /> : null}
          {version.text ? (
            <blockquote className="devoirs-text" aria-label={text('mark.text')}>
              {version.text}
            </blockquote>
          ) : null}
        </Section>
      ))}
    </>
  );
}

function MarkForm({
  assignment,
  work,
  nextHref,
  onSaved,
}: {
  assignment: NonNullable<FollowData['assignment']>;
  work: WorkView;
  nextHref: string;
  onSaved: () => void;
}) {
  const rubric = assignment.rubric;
  const [chosen, setChosen] = useState<Record<string, string>>(() => Object.fromEntries((work.mark?.levels ?? []).map((level) => [level.criterionId, level.levelId])));
  const [feedback, setFeedback] = useState(work.mark?.feedback ?? '');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [saved, setSaved] = useState('');
  const [mark, marking] = useMutation<{ markWork: WorkView }>(MARK_WORK);
  const [giveBack, returning] = useMutation<{ returnWork: unknown[] }>(RETURN_WORK);
  const goNext = useRef(false);
  const score = rubric ? scoreOf(rubric, chosen) : 0;
  const returned = work.status === 'RETURNED';

  const save = async () => {
    const missing = rubric?.criteria.find((criterion) => !chosen[criterion.id]);
    if (missing) {
      setErrors([{ fieldId: `devoirs-criterion-${missing.id}-0`, message: text('mark.chooseAll') }]);
      return false;
    }
    setErrors([]);
    try {
      const result = await mark({
        input: {
          assignmentId: assignment.id,
          pupilId: work.pupil.id,
          levels: Object.entries(chosen).map(([criterionId, levelId]) => ({ criterionId, levelId })),
          feedback,
        },
      });
      const saved = result.markWork.mark;
      setSaved(text('mark.saved', { name: work.pupilName, score: frenchNumber(saved?.score ?? 0), max: frenchNumber(saved?.maxScore ?? 0) }));
      onSaved();
      return true;
    } catch (error) {
      if (isApiError(error)) {
        setErrors([{ fieldId: 'devoirs-feedback', message: error.message }]);
        return false;
      }
      throw error;
    }
  };

  return (
    <Section title={text('mark.section')} level={2}>
      {returned ? <p>{text('mark.alreadyReturned')}</p> : null}
      <Form
        errors={errors}
        aria-label={text('mark.heading', { name: work.pupilName })}
        onSubmit={async () => {
          const ok = await save();
          if (ok && goNext.current) navigate(nextHref);
          goNext.current = false;
        }}
      >
        {rubric?.criteria.map((criterion) => (
          <fieldset key={criterion.id} className="devoirs-criterion" disabled={returned}>
            <legend>{criterion.label}</legend>
            {criterion.levels.map((level, index) => {
              const id = `devoirs-criterion-${criterion.id}-${index}`;
              return (
                <div key={level.id} className="ent-checkbox devoirs-radio">
                  <input
                    id={id}
                    type="radio"
                    className="ent-checkbox__input"
                    name={`criterion-${criterion.id}`}
                    value={level.id}
                    checked={chosen[criterion.id] === level.id}
                    aria-describedby={level.descriptor ? `${id}-descriptor` : undefined}
                    onChange={() => setChosen({ ...chosen, [criterion.id]: level.id })}
                  />
                  <div className="ent-checkbox__texts">
                    <label htmlFor={id} className="ent-checkbox__label">
                      {text('mark.levelOption', { label: level.label, points: text('points', { count: level.points, points: frenchNumber(level.points) }) })}
                    </label>
                    {level.descriptor ? (
                      <p id={`${id}-descriptor`} className="ent-field__hint">
                        {level.descriptor}
                      </p>
                    ) : null}
                  </div>
                </div>
              );
            })}
          </fieldset>
        ))}
        {rubric ? (
          <p className="devoirs-score" aria-live="polite">
            {score === null ? text('mark.chooseAll') : text('mark.liveScore', { score: frenchNumber(score), max: frenchNumber(rubric.maxScore) })}
          </p>
        ) : null}
        <div className="ent-field">
          <label htmlFor="devoirs-feedback" className="ent-field__label">
            {text('mark.feedback')}
          </label>
          <textarea
            id="devoirs-feedback"
            className="ent-field__input devoirs-textarea"
            rows={5}
            value={feedback}
            disabled={returned}
            onChange={(event) => setFeedback(event.target.value)}
          />
        </div>
        {!returned ? (
          <div className="ent-cluster ent-cluster--medium devoirs-actions">
            <Button type="submit" variant="primary" busy={marking.loading}>
              {text('mark.save')}
            </Button>
            <Button type="submit" variant="secondary" busy={marking.loading} onClick={() => (goNext.current = true)}>
              {text('mark.saveNext')}
            </Button>
            {work.mark ? (
              <Button
                variant="secondary"
                busy={returning.loading}
                onClick={async () => {
                  await giveBack({ a: assignment.id, p: [work.pupil.id] });
                  showToast(text('mark.returned', { name: work.pupilName }), { tone: 'success' });
                  onSaved();
                }}
              >
                {text('mark.return')}
              </Button>
            ) : null}
          </div>
        ) : null}
        <p role="status" className="devoirs-saved">
          {saved}
        </p>
      </Form>
    </Section>
  );
}
