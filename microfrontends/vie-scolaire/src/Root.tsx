import {
  Button,
  EmptyState,
  ErrorState,
  Form,
  type FormError,
  Loading,
  Page,
  PageHeading,
  Section,
  Select,
  Stack,
  Table,
  type TableColumn,
  TextField,
  useMutation,
  useQuery,
  useToast,
  useViewer,
} from '@ent/ui-kit';
import { type FormEvent, useEffect, useState } from 'react';
import { type ReasonKey, text, vieScolaireMessages } from './messages.js';
import { canJustify, frenchDate, type RecordView, statusOf } from './status.js';

const RECORD_FIELDS = 'id date slot kind minutesLate handledAt establishmentId pupil { id displayName } justification { reason comment }';
const RECORDS = `{ attendanceRecords(first: 100) { ${RECORD_FIELDS} } }`;
const FOLLOW_UP = `query ($e: ID!) { attendanceFollowUp(establishmentId: $e) { ${RECORD_FIELDS} } }`;
const PUPILS = 'query ($id: ID!) { class(id: $id) { id pupils { id displayName } } }';
const RECORD = 'mutation ($input: RecordAttendanceInput!) { recordAttendance(input: $input) { id } }';
const JUSTIFY = 'mutation ($id: ID!, $reason: JustificationReason!, $comment: String) { justifyAttendance(id: $id, reason: $reason, comment: $comment) { id } }';
const HANDLE = 'mutation ($id: ID!) { markAttendanceHandled(id: $id) { id } }';

const REASONS = Object.keys(vieScolaireMessages.reasons) as ReasonKey[];

function statusText(record: RecordView): string {
  const status = statusOf(record);
  if (status.key === 'justified') return text('justified', { reason: text(`reasons.${status.reason as ReasonKey}`) });
  return text(status.key);
}

function kindText(record: RecordView): string {
  return record.kind === 'LATENESS' ? text('lateness', { minutes: record.minutesLate ?? 0 }) : text('absence');
}

function JustifyForm({ record, onDone }: { record: RecordView; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [justify, { loading }] = useMutation<unknown>(JUSTIFY);
  const toast = useToast();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason) return setErrors([{ fieldId: 'vs-reason', message: text('required') }]);
    try {
      await justify({ id: record.id, reason, comment: comment || null });
      toast.success(text('justifiedToast'));
      onDone();
    } catch (error) {
      setErrors([{ fieldId: 'vs-reason', message: (error as Error).message }]);
    }
  };
  return (
    <Section title={text('justifyHeading', { date: frenchDate(record.date) })} level={3}>
      <Form onSubmit={submit} errors={errors}>
        <Stack>
          <Select
            id="vs-reason"
            label={text('reason')}
            required
            placeholder="—"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            options={REASONS.map((key) => ({ value: key, label: text(`reasons.${key}`) }))}
            error={errors.find((e) => e.fieldId === 'vs-reason')?.message}
          />
          <TextField id="vs-comment" label={text('comment')} value={comment} maxLength={500} onChange={(event) => setComment(event.target.value)} />
          <div>
            <Button type="submit" busy={loading}>
              {text('send')}
            </Button>{' '}
            <Button type="button" variant="secondary" onClick={onDone}>
              {text('cancel')}
            </Button>
          </div>
        </Stack>
      </Form>
    </Section>
  );
}

function RecordsTable({ records, caption, childIds, followUp, onChange }: { records: readonly RecordView[]; caption: string; childIds: readonly string[]; followUp: boolean; onChange(): void }) {
  const [justifying, setJustifying] = useState<RecordView | null>(null);
  const [handle] = useMutation<unknown>(HANDLE);
  const toast = useToast();
  const columns: TableColumn<RecordView>[] = [
    { key: 'pupil', header: text('pupil'), rowHeader: true, render: (r) => r.pupil.displayName },
    { key: 'date', header: text('date'), render: (r) => frenchDate(r.date) },
    { key: 'slot', header: text('slot') },
    { key: 'kind', header: text('kind'), render: kindText },
    { key: 'status', header: text('status'), render: statusText },
    {
      key: 'actions',
      header: text('actions'),
      render: (r) =>
        canJustify(r, childIds) && !r.justification ? (
          <Button size="small" onClick={() => setJustifying(r)} aria-label={`${text('justify')} — ${r.pupil.displayName}, ${frenchDate(r.date)} ${r.slot}`}>
            {text('justify')}
          </Button>
        ) : followUp && !r.handledAt ? (
          <Button
            size="small"
            variant="secondary"
            aria-label={`${text('markHandled')} — ${r.pupil.displayName}, ${frenchDate(r.date)} ${r.slot}`}
            onClick={async () => {
              try {
                await handle({ id: r.id });
                toast.success(text('handledToast'));
                onChange();
              } catch (error) {
                toast.error((error as Error).message);
              }
            }}
          >
            {text('markHandled')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Table caption={caption} columns={columns} rows={records} rowKey={(r) => r.id} empty={<EmptyState title={text('empty')} />} />
      {justifying && (
        <JustifyForm
          record={justifying}
          onDone={() => {
            setJustifying(null);
            onChange();
          }}
        />
      )}
    </>
  );
}

function RecordForm({ classes, onRecorded }: { classes: ReadonlyArray<{ id: string; name: string }>; onRecorded(): void }) {
  const [classId, setClassId] = useState('');
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [slot, setSlot] = useState('08:00');
  const [marks, setMarks] = useState<Record<string, { kind: 'ABSENCE' | 'LATENESS'; minutes: string }>>({});
  const [errors, setErrors] = useState<FormError[]>([]);
  const pupils = useQuery<{ class: { pupils: Array<{ id: string; displayName: string }> | null } | null }>(PUPILS, { id: classId }, { skip: !classId });
  const [record, { loading }] = useMutation<unknown>(RECORD);
  const toast = useToast();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entries = Object.entries(marks).map(([pupilId, mark]) => ({
      pupilId,
      kind: mark.kind,
      ...(mark.kind === 'LATENESS' ? { minutesLate: Number(mark.minutes) } : {}),
    }));
    if (!classId) return setErrors([{ fieldId: 'vs-class', message: text('required') }]);
    if (entries.length === 0) return setErrors([{ fieldId: 'vs-class', message: text('nothingChecked') }]);
    try {
      await record({ input: { classId, date, slot, entries } });
      toast.success(text('recordedToast', { count: entries.length }));
      setMarks({});
      setErrors([]);
      onRecorded();
    } catch (error) {
      const field = (error as { field?: string }).field;
      setErrors([{ fieldId: field === 'date' ? 'vs-date' : field === 'slot' ? 'vs-slot' : 'vs-class', message: (error as Error).message }]);
    }
  };
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <Section title={text('recordHeading')}>
      <Form onSubmit={submit} errors={errors}>
        <Stack>
          <Select
            id="vs-class"
            label={text('klass')}
            required
            placeholder={text('chooseClass')}
            value={classId}
            onChange={(event) => {
              setClassId(event.target.value);
              setMarks({});
            }}
            options={classes.map((c) => ({ value: c.id, label: c.name }))}
            error={fieldError('vs-class')}
          />
          <TextField id="vs-date" type="date" label={text('date')} required value={date} onChange={(event) => setDate(event.target.value)} error={fieldError('vs-date')} />
          <TextField id="vs-slot" type="time" label={text('slot')} required value={slot} onChange={(event) => setSlot(event.target.value)} error={fieldError('vs-slot')} />
          {classId && pupils.loading && <Loading />}
          {pupils.data?.class?.pupils && (
            <fieldset>
              <legend>{text('pupilsLegend')}</legend>
              <Stack>
                {pupils.data.class.pupils.map((pupil) => {
                  const mark = marks[pupil.id];
                  return (
                    <div key={pupil.id}>
                      <Select
                        id={`vs-mark-${pupil.id}`}
                        label={pupil.displayName}
                        value={mark?.kind ?? ''}
                        onChange={(event) => {
                          const kind = event.target.value;
                          setMarks((current) => {
                            const next = { ...current };
                            if (kind === 'ABSENCE' || kind === 'LATENESS') next[pupil.id] = { kind, minutes: current[pupil.id]?.minutes ?? '5' };
                            else delete next[pupil.id];
                            return next;
                          });
                        }}
                        options={[
                          { value: '', label: text('present') },
                          { value: 'ABSENCE', label: text('absence') },
                          { value: 'LATENESS', label: text('lateness', { minutes: '…' }) },
                        ]}
                      />
                      {mark?.kind === 'LATENESS' && (
                        <TextField
                          id={`vs-minutes-${pupil.id}`}
                          type="number"
                          min={1}
                          max={240}
                          label={text('minutes', { name: pupil.displayName })}
                          value={mark.minutes}
                          onChange={(event) => setMarks((current) => ({ ...current, [pupil.id]: { kind: 'LATENESS', minutes: event.target.value } }))}
                        />
                      )}
                    </div>
                  );
                })}
              </Stack>
            </fieldset>
          )}
          <div>
            <Button type="submit" busy={loading}>
              {text('record')}
            </Button>
          </div>
        </Stack>
      </Form>
    </Section>
  );
}

/** The module's one screen, by profile: teachers record, families justify, the vie scolaire follows up. */
export default function Root() {
  const viewer = useViewer();
  const records = useQuery<{ attendanceRecords: RecordView[] }>(RECORDS);
  const followUpEstablishment = viewer?.profiles.find((g) => (g.profile === 'PERSONNEL' || g.profile === 'DIRECTION') && g.establishment)?.establishment?.id ?? null;
  const followUp = useQuery<{ attendanceFollowUp: RecordView[] }>(FOLLOW_UP, { e: followUpEstablishment }, { skip: !followUpEstablishment });
  useEffect(() => {
    document.title = text('documentTitle', { section: text('listHeading') });
  }, []);
  const classes = (viewer?.teachings ?? []).flatMap((teaching) => (teaching.class ? [{ id: teaching.class.id, name: teaching.class.name }] : []));
  const uniqueClasses = classes.filter((c, index) => classes.findIndex((other) => other.id === c.id) === index);
  const childIds = (viewer?.children ?? []).map((child) => child.id);
  const refresh = () => {
    void records.refetch();
    if (followUpEstablishment) void followUp.refetch();
  };
  return (
    <Page>
      <PageHeading title={text('title')} />
      {uniqueClasses.length > 0 && <RecordForm classes={uniqueClasses} onRecorded={refresh} />}
      {followUpEstablishment && (
        <Section title={text('followUpHeading')}>
          {followUp.loading ? <Loading /> : followUp.error ? <ErrorState error={followUp.error} onRetry={() => void followUp.refetch()} /> : (
            <RecordsTable records={followUp.data?.attendanceFollowUp ?? []} caption={text('followUpCaption')} childIds={childIds} followUp onChange={refresh} />
          )}
        </Section>
      )}
      <Section title={text('listHeading')}>
        {records.loading ? (
          <Loading />
        ) : records.error ? (
          <ErrorState error={records.error} onRetry={() => void records.refetch()} />
        ) : (
          <RecordsTable records={records.data?.attendanceRecords ?? []} caption={text('listCaption')} childIds={childIds} followUp={Boolean(followUpEstablishment)} onChange={refresh} />
        )}
      </Section>
    </Page>
  );
}
