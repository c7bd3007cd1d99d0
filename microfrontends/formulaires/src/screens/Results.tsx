import { Button, Cluster, ErrorState, Form, type FormError, graphql, isApiError, Loading, Section, Table, TextField, useQuery } from '@ent/ui-kit';
import { useState } from 'react';
import { CLOSE_FORM, downloadExport, EXTEND_FORM, type FormView, OPEN_FORM, REMIND, RESULTS_QUERY } from '../api.js';
import { fromLocalInput, toLocalInput } from '../builderState.js';
import { bars } from '../charts.js';
import { frenchDateTime, text } from '../text.js';

interface Statistic {
  questionKey: string;
  label: string;
  type: string;
  answered: number;
  counts: Array<{ value: string; count: number }>;
  average: number | null;
  minimum: number | null;
  maximum: number | null;
}

interface ResultsData {
  form: FormView;
  formStatistics: Statistic[];
  formResponses: Array<{
    id: string;
    respondent: { id: string; displayName: string } | null;
    childName: string | null;
    submittedAt: string;
    answers: Array<{ questionKey: string; value: string | null; values: string[] | null; signature: { decision: string; signerName: string; signedAt: string } | null }>;
  }>;
  tripAuthorisations: Array<{
    pupil: { id: string };
    pupilName: string;
    className: string | null;
    status: 'AUTHORISED' | 'REFUSED' | 'PENDING';
    signatures: Array<{ signerName: string; signedAt: string; decision: string }>;
  }>;
}

const valueLabel = (statistic: Statistic, value: string) => {
  if (statistic.type === 'AUTHORISATION') return text(value === 'AUTHORISED' ? 'results.value.AUTHORISED' : 'results.value.REFUSED');
  if (statistic.type === 'SLOT_BOOKING') return frenchDateTime(value);
  return value;
};

/**
 * An accessible bar chart: an SVG image titled with the question, every bar with its value written
 * next to it (never by length or colour alone), and the same figures in a list for screen readers.
 */
function BarChart({ statistic, index }: { statistic: Statistic; index: number }) {
  const rows = bars(statistic.counts.map((entry) => ({ label: valueLabel(statistic, entry.value), count: entry.count })), statistic.answered, 200);
  const titleId = `chart-${index}-title`;
  const height = rows.length * 32 + 8;
  return (
    <figure className="formulaires-chart">
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 460 ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        <title id={titleId}>
          {text('results.chartTitle', { question: statistic.label })} : {rows.map((row) => `${row.label} ${row.count}`).join(', ')}
        </title>
        {rows.map((row, position) => (
          <g key={row.label} transform={`translate(0 ${position * 32 + 4})`}>
            <text x="0" y="18" className="formulaires-chart__label">
              {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
            </text>
            <rect x="170" y="4" width={row.width} height="20" className="formulaires-chart__bar" />
            <text x={176 + row.width} y="18" className="formulaires-chart__value">
              {text('results.barText', { count: row.count, percent: row.percent })}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {statistic.label} — {text('results.answered', { count: statistic.answered })}
      </figcaption>
    </figure>
  );
}

const answerText = (answer: ResultsData['formResponses'][number]['answers'][number] | undefined) => {
  if (!answer) return '';
  if (answer.signature) return `${answer.signature.decision === 'AUTHORISED' ? text('results.value.AUTHORISED') : text('results.value.REFUSED')} — ${answer.signature.signerName}`;
  return answer.values ? answer.values.join(', ') : (answer.value ?? '');
};

/** Results for the author and the direction: trip list, charts, responses, exports, closing and reminders. */
export function ResultsScreen({ formId }: { formId: string }) {
  const { data, error, loading, refetch } = useQuery<ResultsData>(RESULTS_QUERY, { id: formId });
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [deadline, setDeadline] = useState('');
  if (loading && !data) return <Loading label={text('loading')} />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return null;
  const { form } = data;
  const questions = form.sections.flatMap((section) => section.questions);
  const hasTrip = questions.some((question) => question.type === 'AUTHORISATION');

  const act = async (run: () => Promise<string>) => {
    setErrors([]);
    try {
      setStatus(await run());
      await refetch();
    } catch (failure) {
      const message = isApiError(failure) ? failure.message : String(failure);
      setErrors([{ fieldId: 'results-deadline', message }]);
      setStatus(message);
    }
  };

  return (
    <>
      <h2>{form.title}</h2>
      <p>
        {text(`status.${form.status}`)} —{' '}
        {text('results.summary', { count: form.responseCount ?? 0, expected: form.expectedCount ?? 0, date: frenchDateTime(form.deadline) })}
      </p>
      <p role="status" aria-live="polite" className="formulaires-status">
        {status}
      </p>
      {hasTrip ? (
        <Section title={text('results.trip')}>
          <Table
            caption={text('results.trip')}
            captionHidden
            rows={data.tripAuthorisations}
            rowKey={(row) => row.pupil.id}
            columns={[
              { key: 'pupilName', header: text('results.pupil'), rowHeader: true },
              { key: 'className', header: text('results.class') },
              { key: 'status', header: text('results.status'), render: (row) => <span className={`formulaires-trip formulaires-trip--${row.status.toLowerCase()}`}>{text(`results.trip.${row.status}`)}</span> },
              {
                key: 'signatures',
                header: text('results.signedBy'),
                render: (row) => row.signatures.map((signature) => text('results.signature', { name: signature.signerName, date: frenchDateTime(signature.signedAt) })).join(' ; '),
              },
            ]}
          />
        </Section>
      ) : null}
      <Section title={text('results.statistics')}>
        <div className="formulaires-charts">
          {data.formStatistics.map((statistic, index) =>
            statistic.counts.length > 0 ? (
              <BarChart key={statistic.questionKey} statistic={statistic} index={index} />
            ) : (
              <p key={statistic.questionKey}>
                <strong>{statistic.label}</strong> — {text('results.answered', { count: statistic.answered })}
                {statistic.average !== null
                  ? ` — ${text('results.numbers', { average: statistic.average.toLocaleString('fr-FR', { maximumFractionDigits: 2 }), minimum: statistic.minimum ?? '', maximum: statistic.maximum ?? '' })}`
                  : ''}
              </p>
            ),
          )}
        </div>
      </Section>
      <Section title={text('results.responses')}>
        <Table
          caption={text('results.responses')}
          captionHidden
          rows={data.formResponses}
          rowKey={(row) => row.id}
          columns={[
            { key: 'respondent', header: text('results.respondent'), rowHeader: true, render: (row) => row.respondent?.displayName ?? text('results.anonymousRespondent') },
            ...(form.audience.profile === 'PARENTS' && !form.anonymous ? [{ key: 'childName', header: text('results.child') }] : []),
            { key: 'submittedAt', header: text('results.date'), render: (row) => frenchDateTime(row.submittedAt) },
            ...questions.map((question) => ({
              key: `q-${question.key}`,
              header: question.label,
              render: (row: ResultsData['formResponses'][number]) => answerText(row.answers.find((answer) => answer.questionKey === question.key)),
            })),
          ]}
        />
      </Section>
      <Section title={text('results.exports')}>
        <p>{text('results.exportsHint')}</p>
        <Cluster>
          <Button variant="secondary" onClick={() => void act(async () => text('results.exported', { file: await downloadExport(formId, 'responses.csv') }))}>
            {text('results.exportResponses')}
          </Button>
          {hasTrip ? (
            <>
              <Button variant="secondary" onClick={() => void act(async () => text('results.exported', { file: await downloadExport(formId, 'trip.csv') }))}>
                {text('results.exportTrip')}
              </Button>
              <Button variant="quiet" onClick={() => window.print()}>
                {text('results.print')}
              </Button>
            </>
          ) : null}
        </Cluster>
      </Section>
      <Section title={text('results.actions')}>
        <Cluster>
          {form.status === 'DRAFT' ? <Button onClick={() => void act(async () => {
                    await graphql(OPEN_FORM, { id: formId });
                    return text('builder.opened');
                  })}>{text('results.open')}</Button> : null}
          {form.status === 'OPEN' ? (
            <>
              <Button variant="secondary" onClick={() => void act(async () => text('results.reminded', { count: (await graphql<{ remindNonRespondents: number }>(REMIND, { id: formId })).remindNonRespondents }))}>
                {text('results.remind')}
              </Button>
              <Button variant="danger" onClick={() => void act(async () => {
                    await graphql(CLOSE_FORM, { id: formId });
                    return text('results.closed');
                  })}>
                {text('results.close')}
              </Button>
            </>
          ) : null}
        </Cluster>
        {form.status !== 'DRAFT' ? (
          <Form
            errors={errors}
            onSubmit={() =>
              act(async () => {
                await graphql(EXTEND_FORM, { id: formId, deadline: fromLocalInput(deadline || toLocalInput(form.deadline)) ?? '' });
                return text('results.extended');
              })
            }
          >
            <TextField id="results-deadline" type="datetime-local" label={text('results.extend')} value={deadline || toLocalInput(form.deadline)} onChange={(event) => setDeadline(event.target.value)} />
            <Button type="submit" variant="secondary">
              {text('results.extendButton')}
            </Button>
          </Form>
        ) : null}
      </Section>
    </>
  );
}
