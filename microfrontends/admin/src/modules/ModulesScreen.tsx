import { Button, Cluster, ErrorState, Loading, Section, Table, type TableColumn, useMutation, useQuery, useToast } from '@ent/ui-kit';
import { type ReactNode, useState } from 'react';
import type { AdminEstablishment } from '../establishments/administeredEstablishments.js';
import {
  CANCEL_SCHEDULED_MODULE_CHANGES,
  type CancelScheduledModuleChangesVariables,
  ESTABLISHMENT_MODULES,
  type EstablishmentModulesData,
} from '../queries.js';
import { say, text } from '../text.js';
import { ChangeNowDialog } from './ChangeNowDialog.js';
import { describeNext, describeState, type ModuleActivation } from './moduleActivation.js';
import { ScheduleDialog } from './ScheduleDialog.js';

/** `opening` gives each opening a fresh dialog: no error or input left over from the previous one. */
type Pending = { kind: 'now' | 'schedule'; module: ModuleActivation; opening: number };

/** « Modules »: each module's state in the establishment, changed now or from a date. */
export function ModulesScreen({ establishment }: { establishment: AdminEstablishment }) {
  const { data, error, loading, refetch } = useQuery<EstablishmentModulesData>(ESTABLISHMENT_MODULES, { id: establishment.id });
  // The dialog keeps its module while it closes; `open` says whether it shows.
  const [pending, setPending] = useState<Pending | null>(null);
  const [open, setOpen] = useState(false);
  const modules = data?.establishment?.modules ?? [];
  const [cancelScheduled, cancelling] = useMutation<unknown, CancelScheduledModuleChangesVariables>(CANCEL_SCHEDULED_MODULE_CHANGES);
  const toast = useToast();
  const cancel = async (module: ModuleActivation) => {
    try {
      await cancelScheduled({ establishmentId: establishment.id, moduleId: module.moduleId });
    } catch (failure) {
      toast.error((failure as Error).message);
      return;
    }
    toast.success(text('modules.action.cancelScheduledDone', { module: module.label }));
    await refetch();
  };

  const start = (kind: Pending['kind'], module: ModuleActivation) => {
    setPending((previous) => ({ kind, module, opening: (previous?.opening ?? 0) + 1 }));
    setOpen(true);
  };
  const close = () => setOpen(false);
  const done = async () => {
    setOpen(false);
    await refetch();
  };

  const columns: TableColumn<ModuleActivation>[] = [
    { key: 'label', header: text('modules.column.module'), rowHeader: true },
    {
      key: 'state',
      header: text('modules.column.state'),
      render: (module) => (
        <span className={`ent-admin__state ent-admin__state--${module.enabled ? 'on' : 'off'}`}>
          <span aria-hidden="true">{module.enabled ? '● ' : '○ '}</span>
          {say(describeState(module))}
        </span>
      ),
    },
    { key: 'next', header: text('modules.column.next'), render: (module) => say(describeNext(module)) },
    {
      key: 'actions',
      header: text('modules.column.actions'),
      render: (module) => (
        <Cluster gap="small">
          <Button
            size="small"
            variant={module.enabled ? 'danger' : 'primary'}
            aria-label={text(module.enabled ? 'modules.action.disableNowLabel' : 'modules.action.enableNowLabel', { module: module.label })}
            onClick={() => start('now', module)}
          >
            {text(module.enabled ? 'modules.action.disableNow' : 'modules.action.enableNow')}
          </Button>
          <Button
            size="small"
            variant="secondary"
            aria-label={text('modules.action.scheduleLabel', { module: module.label })}
            onClick={() => start('schedule', module)}
          >
            {text('modules.action.schedule')}
          </Button>
          {module.next ? (
            <Button
              size="small"
              variant="secondary"
              busy={cancelling.loading}
              aria-label={text('modules.action.cancelScheduledLabel', { module: module.label })}
              onClick={() => void cancel(module)}
            >
              {text('modules.action.cancelScheduled')}
            </Button>
          ) : null}
        </Cluster>
      ),
    },
  ];

  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={() => void refetch()} headingLevel={3} />;
  else if (loading && !data) body = <Loading label={text('loading')} />;
  else {
    body = (
      <Table
        caption={text('modules.caption', { establishment: establishment.name })}
        columns={columns}
        rows={modules}
        rowKey={(module) => module.moduleId}
        empty={text('modules.empty')}
      />
    );
  }

  return (
    <Section title={text('modules.heading')} className="ent-admin__section">
      <p className="ent-admin__intro">{text('modules.intro')}</p>
      {body}
      {pending ? (
        pending.kind === 'now' ? (
          <ChangeNowDialog key={pending.opening} open={open} module={pending.module} establishment={establishment} onClose={close} onDone={done} />
        ) : (
          <ScheduleDialog key={pending.opening} open={open} module={pending.module} establishment={establishment} onClose={close} onDone={done} />
        )
      ) : null}
    </Section>
  );
}
