import {
  Button,
  EmptyState,
  ErrorState,
  Form,
  type FormError,
  Loading,
  Section,
  Select,
  showToast,
  Table,
  TextField,
  useMutation,
  useQuery,
  type Viewer,
} from '@ent/ui-kit';
import { type FormEvent, useState } from 'react';
import { administers, isDepartementAdmin } from '../logic/filters.js';
import { ADD_MANAGER, ADMIN, DELETE_TOOL, EXPORTS, REGISTER_TOOL, REMOVE_MANAGER, RUN_EXPORT } from '../queries.js';
import { text } from '../text.js';

interface AdminData {
  affectationManagers: { userId: string; displayName: string; createdAt: string }[];
  ltiTools: { id: string; name: string; clientId: string; deploymentId: string; launchUrl: string }[];
  establishment: { id: string; name: string; staff: { profile: string; functionLabel: string | null; user: { id: string; displayName: string } }[] | null } | null;
}

interface ExportsData {
  garExports: {
    id: string;
    trigger: string;
    status: 'SUCCEEDED' | 'FAILED';
    startedAt: string;
    archive: string | null;
    problemCount: number;
    files: { name: string }[];
    problems: { subject: string; message: string; file: string | null; line: number | null }[];
  }[];
}

const frenchDate = (iso: string) => new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** Affectation managers and LTI tools (establishment administrators), export history (département administrator). */
export function AdminScreen({ viewer, establishmentId }: { viewer: Viewer; establishmentId: string | null }) {
  const canAdminister = administers(viewer, establishmentId);
  if (!canAdminister || !establishmentId) return <EmptyState title={text('admin.none')} />;
  return (
    <>
      <Managers establishmentId={establishmentId} />
      {isDepartementAdmin(viewer) ? <Exports /> : null}
    </>
  );
}

function Managers({ establishmentId }: { establishmentId: string }) {
  const admin = useQuery<AdminData>(ADMIN, { establishmentId });
  const [add, addState] = useMutation<{ addAffectationManager: { displayName: string } }>(ADD_MANAGER);
  const [remove] = useMutation<unknown>(REMOVE_MANAGER);
  const [register, registerState] = useMutation<{ registerLtiTool: { name: string } }>(REGISTER_TOOL);
  const [deleteTool] = useMutation<unknown>(DELETE_TOOL);
  const [candidate, setCandidate] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [tool, setTool] = useState({ name: '', issuer: '', clientId: '', deploymentId: '', loginUrl: '', launchUrl: '', jwksUrl: '' });
  const [toolErrors, setToolErrors] = useState<FormError[]>([]);

  if (admin.loading && !admin.data) return <Loading />;
  if (admin.error && !admin.data) return <ErrorState error={admin.error} onRetry={() => void admin.refetch()} retryLabel={text('retry')} />;
  const data = admin.data!;
  const candidates = (data.establishment?.staff ?? [])
    .filter((member) => member.profile === 'DIRECTION' || (member.profile === 'PERSONNEL' && /documentaliste/i.test(member.functionLabel ?? '')))
    .filter((member) => !data.affectationManagers.some((manager) => manager.userId === member.user.id))
    .map((member) => ({ value: member.user.id, label: `${member.user.displayName}${member.functionLabel ? ` — ${member.functionLabel}` : ''}` }));

  const submitManager = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!candidate) {
      setErrors([{ fieldId: 'gar-manager', message: text('managers.personHint') }]);
      return;
    }
    try {
      const answer = await add({ establishmentId, userId: candidate });
      setErrors([]);
      setCandidate('');
      showToast(text('managers.added', { name: answer.addAffectationManager.displayName }), { tone: 'success' });
      await admin.refetch();
    } catch (error) {
      setErrors([{ fieldId: 'gar-manager', message: (error as Error).message }]);
    }
  };

  const toolField = (key: keyof typeof tool, label: Parameters<typeof text>[0], type = 'text') => (
    <TextField id={`gar-tool-${key}`} label={text(label)} type={type} required value={tool[key]} onChange={(event) => setTool({ ...tool, [key]: event.currentTarget.value })} />
  );
  const submitTool = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      const answer = await register({ input: { establishmentId, ...tool } });
      setToolErrors([]);
      setTool({ name: '', issuer: '', clientId: '', deploymentId: '', loginUrl: '', launchUrl: '', jwksUrl: '' });
      showToast(text('tools.registered', { name: answer.registerLtiTool.name }), { tone: 'success' });
      await admin.refetch();
    } catch (error) {
      const field = (error as { field?: string }).field;
      setToolErrors([{ fieldId: field ? `gar-tool-${field}` : 'gar-tool-name', message: (error as Error).message }]);
    }
  };

  return (
    <>
      <Section title={text('managers.heading')}>
        <p>{text('managers.intro')}</p>
        <Table
          caption={text('managers.caption')}
          rows={data.affectationManagers}
          rowKey={(row) => row.userId}
          empty={text('managers.empty')}
          columns={[
            { key: 'name', header: text('managers.name'), rowHeader: true, render: (row) => row.displayName },
            { key: 'since', header: text('managers.since'), render: (row) => frenchDate(row.createdAt) },
            {
              key: 'actions',
              header: text('managers.actions'),
              render: (row) => (
                <Button
                  variant="secondary"
                  size="small"
                  onClick={async () => {
                    await remove({ establishmentId, userId: row.userId }).catch((error: Error) => showToast(error.message, { tone: 'error' }));
                    await admin.refetch();
                  }}
                >
                  {text('managers.remove', { name: row.displayName })}
                </Button>
              ),
            },
          ]}
        />
        <Form onSubmit={submitManager} errors={errors}>
          <Select
            id="gar-manager"
            label={text('managers.person')}
            hint={text('managers.personHint')}
            options={candidates}
            placeholder="—"
            value={candidate}
            onChange={(event) => setCandidate(event.currentTarget.value)}
            error={errors[0]?.message}
          />
          <Button type="submit" busy={addState.loading}>
            {text('managers.add')}
          </Button>
        </Form>
      </Section>

      <Section title={text('tools.heading')}>
        <Table
          caption={text('tools.caption')}
          rows={data.ltiTools}
          rowKey={(row) => row.id}
          empty={text('tools.empty')}
          columns={[
            { key: 'name', header: text('tools.name'), rowHeader: true, render: (row) => row.name },
            { key: 'client', header: text('tools.clientId'), render: (row) => row.clientId },
            { key: 'deployment', header: text('tools.deploymentId'), render: (row) => row.deploymentId },
            {
              key: 'actions',
              header: text('managers.actions'),
              render: (row) => (
                <Button
                  variant="secondary"
                  size="small"
                  onClick={async () => {
                    await deleteTool({ id: row.id }).catch((error: Error) => showToast(error.message, { tone: 'error' }));
                    await admin.refetch();
                  }}
                >
                  {text('tools.delete', { name: row.name })}
                </Button>
              ),
            },
          ]}
        />
        <Form onSubmit={submitTool} errors={toolErrors}>
          {toolField('name', 'tools.name')}
          {toolField('issuer', 'tools.issuer', 'url')}
          {toolField('clientId', 'tools.clientId')}
          {toolField('deploymentId', 'tools.deploymentId')}
          {toolField('loginUrl', 'tools.loginUrl', 'url')}
          {toolField('launchUrl', 'tools.launchUrl', 'url')}
          {toolField('jwksUrl', 'tools.jwksUrl', 'url')}
          <Button type="submit" busy={registerState.loading}>
            {text('tools.register')}
          </Button>
        </Form>
      </Section>
    </>
  );
}

function Exports() {
  const exports = useQuery<ExportsData>(EXPORTS);
  const [run, runState] = useMutation<{ runGarExport: { status: string } }>(RUN_EXPORT);
  return (
    <Section
      title={text('exports.heading')}
      actions={
        <Button
          busy={runState.loading}
          onClick={async () => {
            try {
              const answer = await run({});
              showToast(text('exports.done', { status: answer.runGarExport.status === 'SUCCEEDED' ? text('exports.ok') : text('exports.failed') }));
              await exports.refetch();
            } catch (error) {
              showToast((error as Error).message, { tone: 'error' });
            }
          }}
        >
          {text('exports.run')}
        </Button>
      }
    >
      {exports.loading && !exports.data ? (
        <Loading />
      ) : exports.error && !exports.data ? (
        <ErrorState error={exports.error} onRetry={() => void exports.refetch()} retryLabel={text('retry')} />
      ) : (
        <Table
          caption={text('exports.caption')}
          rows={exports.data?.garExports ?? []}
          rowKey={(row) => row.id}
          empty={text('exports.empty')}
          columns={[
            { key: 'started', header: text('exports.started'), rowHeader: true, render: (row) => frenchDate(row.startedAt) },
            { key: 'status', header: text('exports.status'), render: (row) => (row.status === 'SUCCEEDED' ? text('exports.ok') : text('exports.failed')) },
            { key: 'files', header: text('exports.files'), render: (row) => String(row.files.length) },
            {
              key: 'report',
              header: text('exports.report'),
              render: (row) =>
                row.problemCount === 0 ? (
                  text('exports.valid')
                ) : (
                  <details>
                    <summary>{text('exports.problems', { count: row.problemCount })}</summary>
                    <ul>
                      {row.problems.map((problem) => (
                        <li key={`${problem.subject}-${problem.file ?? ''}-${problem.line ?? ''}-${problem.message}`}>
                          <strong>{problem.subject}</strong> : {problem.message}
                          {problem.file ? ` (${problem.file}${problem.line ? `, ligne ${problem.line}` : ''})` : ''}
                        </li>
                      ))}
                    </ul>
                  </details>
                ),
            },
          ]}
        />
      )}
    </Section>
  );
}
