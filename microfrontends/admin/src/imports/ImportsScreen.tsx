import { Button, Cluster, EmptyState, ErrorState, Loading, Section, Table, type TableColumn, useMutation, useQuery, useToast } from '@ent/ui-kit';
import { type ReactNode, useState } from 'react';
import {
  DIRECTORY_IMPORT_RUNS,
  type DirectoryImportRunsData,
  DISMISS_DUPLICATE_CANDIDATE,
  type DismissDuplicateCandidateVariables,
  DUPLICATE_CANDIDATES,
  type DuplicateCandidatesData,
  LAST_DIRECTORY_IMPORT,
  type LastDirectoryImportData,
} from '../queries.js';
import { text } from '../text.js';
import {
  type DirectoryImport,
  type DuplicateCandidate,
  type DuplicatePerson,
  formatBirthDate,
  formatImportDate,
  type ImportEstablishment,
  type ImportFile,
  type ImportProblem,
  type ImportRunRow,
  type ImportSummary,
  personName,
  rejectedFileErrors,
  SUMMARY_LINES,
} from './directoryImport.js';
import { label } from './label.js';
import { MergeDialog } from './MergeDialog.js';

const count = (value: number) => value.toLocaleString('fr-FR');

/** « Imports de l’annuaire » (département administrators): the last import's report, the history, the likely duplicates. */
export function ImportsScreen() {
  return (
    <Section title={text('imports.heading')} className="ent-admin__section">
      <p className="ent-admin__intro">{text('imports.intro')}</p>
      <LastImport />
      <ImportHistory />
      <Duplicates />
    </Section>
  );
}

function LastImport() {
  const { data, error, loading, refetch } = useQuery<LastDirectoryImportData>(LAST_DIRECTORY_IMPORT);
  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={() => void refetch()} headingLevel={4} />;
  else if (loading && !data) body = <Loading label={text('loading')} />;
  else if (!data?.lastDirectoryImport) {
    body = <EmptyState title={text('imports.last.empty')} headingLevel={4}>{text('imports.last.emptyBody')}</EmptyState>;
  } else body = <ImportReport run={data.lastDirectoryImport} />;
  return (
    <Section title={text('imports.last.heading')} level={3}>
      {body}
    </Section>
  );
}

function ImportReport({ run }: { run: DirectoryImport }) {
  const summaryColumns: TableColumn<keyof ImportSummary>[] = [
    { key: 'what', header: text('imports.summary.column.what'), rowHeader: true, render: (line) => text(`imports.summary.${line}`) },
    { key: 'count', header: text('imports.summary.column.count'), align: 'end', render: (line) => count(run.summary[line]) },
  ];
  const fileColumns: TableColumn<ImportFile>[] = [
    { key: 'name', header: text('imports.files.column.name'), rowHeader: true },
    { key: 'type', header: text('imports.files.column.type') },
    { key: 'status', header: text('imports.files.column.status'), render: (file) => label('imports.status', file.status) },
    { key: 'records', header: text('imports.files.column.records'), align: 'end', render: (file) => count(file.records) },
    { key: 'warnings', header: text('imports.files.column.warnings'), align: 'end', render: (file) => count(file.warningCount) },
  ];
  const errorColumns: TableColumn<ImportProblem>[] = [
    { key: 'file', header: text('imports.errors.column.file'), rowHeader: true },
    { key: 'line', header: text('imports.errors.column.line'), align: 'end', render: (p) => (p.line === null ? text('imports.errors.none') : count(p.line)) },
    { key: 'identifier', header: text('imports.errors.column.identifier'), render: (p) => p.identifier ?? text('imports.errors.none') },
    { key: 'code', header: text('imports.errors.column.code') },
    { key: 'message', header: text('imports.errors.column.message') },
  ];
  const establishmentColumns: TableColumn<ImportEstablishment>[] = [
    {
      key: 'name',
      header: text('imports.establishments.column.name'),
      rowHeader: true,
      render: (e) => (e.uai ? text('imports.establishment', { name: e.name, uai: e.uai }) : e.name),
    },
    { key: 'created', header: text('imports.establishments.column.created'), align: 'end', render: (e) => count(e.created) },
    { key: 'updated', header: text('imports.establishments.column.updated'), align: 'end', render: (e) => count(e.updated) },
    { key: 'moved', header: text('imports.establishments.column.moved'), align: 'end', render: (e) => count(e.moved) },
    { key: 'deactivated', header: text('imports.establishments.column.deactivated'), align: 'end', render: (e) => count(e.deactivated) },
    { key: 'reactivated', header: text('imports.establishments.column.reactivated'), align: 'end', render: (e) => count(e.reactivated) },
    { key: 'structures', header: text('imports.establishments.column.structures'), align: 'end', render: (e) => count(e.structuresChanged) },
    {
      key: 'details',
      header: text('imports.establishments.column.details'),
      render: (e) =>
        e.details.length === 0 ? (
          text('imports.establishments.noDetail')
        ) : (
          <ul className="ent-admin__inline-list">
            {e.details.map((detail, index) => (
              <li key={index}>{detail}</li>
            ))}
          </ul>
        ),
    },
  ];
  const errors = rejectedFileErrors(run.files);
  const problemKey = (p: ImportProblem) => `${p.file}:${p.line ?? ''}:${p.identifier ?? ''}:${p.code}:${p.message}`;

  return (
    <>
      <dl className="ent-admin__facts">
        <dt>{text('imports.fact.status')}</dt>
        <dd>
          {label('imports.status', run.status)}
          {run.dryRun ? ` — ${text('imports.dryRun')}` : ''}
        </dd>
        <dt>{text('imports.fact.mode')}</dt>
        <dd>{label('imports.mode', run.mode)}</dd>
        <dt>{text('imports.fact.started')}</dt>
        <dd>{formatImportDate(run.startedAt)}</dd>
        <dt>{text('imports.fact.finished')}</dt>
        <dd>{run.finishedAt ? formatImportDate(run.finishedAt) : text('imports.fact.notFinished')}</dd>
        <dt>{text('imports.fact.actor')}</dt>
        <dd>{run.actor}</dd>
        <dt>{text('imports.fact.year')}</dt>
        <dd>{run.academicYear}</dd>
      </dl>
      {run.error ? (
        <p className="ent-admin__error">
          <span aria-hidden="true">⚠ </span>
          {text('imports.fact.error')} : {run.error}
        </p>
      ) : null}
      <Table caption={text('imports.summary.caption')} columns={summaryColumns} rows={SUMMARY_LINES} rowKey={(line) => line} />
      <Section title={text('imports.files.heading')} level={4}>
        <Table
          caption={text('imports.files.caption')}
          captionHidden
          columns={fileColumns}
          rows={run.files ?? []}
          rowKey={(file) => file.name}
          empty={text('imports.files.empty')}
        />
        {errors.length > 0 ? (
          <Table caption={text('imports.errors.caption')} columns={errorColumns} rows={errors} rowKey={problemKey} />
        ) : null}
      </Section>
      <Section title={text('imports.establishments.heading')} level={4}>
        <Table
          caption={text('imports.establishments.caption')}
          captionHidden
          columns={establishmentColumns}
          rows={run.establishments ?? []}
          rowKey={(e) => e.uai ?? e.name}
          empty={text('imports.establishments.empty')}
        />
      </Section>
    </>
  );
}

function ImportHistory() {
  const { data, error, loading, refetch } = useQuery<DirectoryImportRunsData>(DIRECTORY_IMPORT_RUNS);
  const columns: TableColumn<ImportRunRow>[] = [
    { key: 'started', header: text('imports.history.column.started'), rowHeader: true, render: (run) => formatImportDate(run.startedAt) },
    { key: 'status', header: text('imports.history.column.status'), render: (run) => label('imports.status', run.status) },
    {
      key: 'mode',
      header: text('imports.history.column.mode'),
      render: (run) => (run.dryRun ? text('imports.history.dryRun', { mode: label('imports.mode', run.mode) }) : label('imports.mode', run.mode)),
    },
    { key: 'created', header: text('imports.history.column.created'), align: 'end', render: (run) => count(run.summary.created) },
    { key: 'updated', header: text('imports.history.column.updated'), align: 'end', render: (run) => count(run.summary.updated) },
    { key: 'moved', header: text('imports.history.column.moved'), align: 'end', render: (run) => count(run.summary.moved) },
    { key: 'deactivated', header: text('imports.history.column.deactivated'), align: 'end', render: (run) => count(run.summary.deactivated) },
  ];
  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={() => void refetch()} headingLevel={4} />;
  else if (loading && !data) body = <Loading label={text('loading')} />;
  else {
    body = (
      <Table
        caption={text('imports.history.caption')}
        columns={columns}
        rows={data?.directoryImportRuns ?? []}
        rowKey={(run) => run.id}
        empty={text('imports.history.empty')}
      />
    );
  }
  return (
    <Section title={text('imports.history.heading')} level={3}>
      {body}
    </Section>
  );
}

function PersonCell({ person }: { person: DuplicatePerson }) {
  const birth = formatBirthDate(person.birthDate);
  return (
    <ul className="ent-admin__inline-list">
      <li>{text('duplicates.person', { name: personName(person), login: person.login })}</li>
      {birth ? <li>{text('duplicates.birthDate', { date: birth })}</li> : null}
      {person.profiles.length > 0 ? <li>{person.profiles.map((profile) => label('profile', profile)).join(', ')}</li> : null}
      {person.externalIds.length > 0 ? <li>{text('duplicates.externalIds', { ids: person.externalIds.join(', ') })}</li> : null}
    </ul>
  );
}

/** `opening` gives each opening a fresh dialog: no choice or error left over from the previous one. */
type Pending = { candidate: DuplicateCandidate; opening: number };

function Duplicates() {
  const { data, error, loading, refetch } = useQuery<DuplicateCandidatesData>(DUPLICATE_CANDIDATES);
  const [dismiss, dismissing] = useMutation<unknown, DismissDuplicateCandidateVariables>(DISMISS_DUPLICATE_CANDIDATE);
  const toast = useToast();
  const [pending, setPending] = useState<Pending | null>(null);
  const [open, setOpen] = useState(false);
  const names = (candidate: DuplicateCandidate) => ({ user: personName(candidate.user), other: personName(candidate.otherUser) });

  const ignore = async (candidate: DuplicateCandidate) => {
    try {
      await dismiss({ id: candidate.id });
    } catch (failure) {
      toast.error((failure as Error).message);
      return;
    }
    toast.success(text('duplicates.dismissed', names(candidate)));
    await refetch();
  };
  const startMerge = (candidate: DuplicateCandidate) => {
    setPending((previous) => ({ candidate, opening: (previous?.opening ?? 0) + 1 }));
    setOpen(true);
  };
  const done = async () => {
    setOpen(false);
    await refetch();
  };

  const columns: TableColumn<DuplicateCandidate>[] = [
    { key: 'user', header: text('duplicates.column.user'), rowHeader: true, render: (c) => <PersonCell person={c.user} /> },
    { key: 'otherUser', header: text('duplicates.column.otherUser'), render: (c) => <PersonCell person={c.otherUser} /> },
    {
      key: 'reasons',
      header: text('duplicates.column.reasons'),
      render: (c) => (
        <ul className="ent-admin__inline-list">
          {c.reasons.map((reason) => (
            <li key={reason}>{label('duplicates.reason', reason)}</li>
          ))}
        </ul>
      ),
    },
    { key: 'detected', header: text('duplicates.column.detected'), render: (c) => formatImportDate(c.detectedAt) },
    {
      key: 'actions',
      header: text('duplicates.column.actions'),
      render: (c) => (
        <Cluster gap="small">
          <Button size="small" variant="primary" aria-label={text('duplicates.mergeLabel', names(c))} onClick={() => startMerge(c)}>
            {text('duplicates.merge')}
          </Button>
          <Button
            size="small"
            variant="secondary"
            busy={dismissing.loading}
            aria-label={text('duplicates.dismissLabel', names(c))}
            onClick={() => void ignore(c)}
          >
            {text('duplicates.dismiss')}
          </Button>
        </Cluster>
      ),
    },
  ];

  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={() => void refetch()} headingLevel={4} />;
  else if (loading && !data) body = <Loading label={text('loading')} />;
  else {
    body = (
      <Table
        caption={text('duplicates.caption')}
        captionHidden
        columns={columns}
        rows={data?.directoryDuplicateCandidates ?? []}
        rowKey={(c) => c.id}
        empty={text('duplicates.empty')}
      />
    );
  }
  return (
    <Section title={text('duplicates.heading')} level={3}>
      {body}
      {pending ? (
        <MergeDialog key={pending.opening} open={open} candidate={pending.candidate} onClose={() => setOpen(false)} onDone={done} />
      ) : null}
    </Section>
  );
}
