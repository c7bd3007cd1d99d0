import { ApiError, Button, Cluster, Dialog, Form, type FormError, TextField, useMutation, useToast } from '@ent/ui-kit';
import { useId, useRef, useState } from 'react';
import { SET_MODULE_ACTIVATION, type SetModuleActivationData, type SetModuleActivationVariables } from '../queries.js';
import { schoolDateOf } from '../schoolTime.js';
import { say, text } from '../text.js';
import type { ChangeDialogProps } from './ChangeNowDialog.js';
import { changeConfirmation, checkSchedule, defaultSchedule, type ScheduleInput } from './moduleActivation.js';

/** Schedules a module to switch on or off from a date and time (school time), for the whole establishment. */
export function ScheduleDialog({ open, module, establishment, onClose, onDone }: ChangeDialogProps) {
  const [setActivation, { loading, error }] = useMutation<SetModuleActivationData, SetModuleActivationVariables>(SET_MODULE_ACTIVATION);
  const toast = useToast();
  const formId = useId();
  const ids = { date: `${formId}-date`, time: `${formId}-time` };
  const [values, setValues] = useState<ScheduleInput>(() => defaultSchedule(module, new Date()));
  const [errors, setErrors] = useState<FormError[]>([]);
  const names = { module: module.label, establishment: establishment.name };
  // The dialog opens on the proposed change (a radio group is entered on its checked button).
  const checkedRef = useRef<HTMLInputElement>(null);
  const errorOf = (fieldId: string) => errors.find((candidate) => candidate.fieldId === fieldId)?.message;

  const submit = async () => {
    const check = checkSchedule(values, new Date());
    if (!check.ok) {
      setErrors([{ fieldId: ids[check.field], message: say(check.message) }]);
      return;
    }
    setErrors([]);
    try {
      await setActivation({
        establishmentId: establishment.id,
        moduleId: module.moduleId,
        enabled: check.enabled,
        effectiveAt: check.effectiveAt.toISOString(),
      });
    } catch (caught) {
      // The server words a refused date with the field's English name; say it in the form's terms.
      if (caught instanceof ApiError && caught.field === 'effectiveAt') {
        setErrors([{ fieldId: ids.date, message: text('modules.schedule.error.refused') }]);
      }
      return;
    }
    toast.success(say(changeConfirmation({ enabled: check.enabled, effectiveAt: check.effectiveAt }, names)));
    await onDone();
  };

  const serverError = error && !(error.field === 'effectiveAt') ? error : undefined;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={text('modules.schedule.title', names)}
      initialFocusRef={checkedRef}
      footer={
        <Cluster gap="small">
          <Button type="submit" form={formId} busy={loading}>
            {text('modules.schedule.submit')}
          </Button>
          <Button variant="secondary" onClick={onClose}>
            {text('cancel')}
          </Button>
        </Cluster>
      }
    >
      <p>{text('modules.schedule.description', names)}</p>
      {serverError ? (
        <p role="alert" className="ent-admin__error">
          <span aria-hidden="true">⚠ </span>
          {serverError.message}
        </p>
      ) : null}
      <Form id={formId} onSubmit={submit} errors={errors}>
        <fieldset className="ent-admin__choice">
          <legend>{text('modules.schedule.change')}</legend>
          {([true, false] as const).map((enabled) => (
            <div key={String(enabled)} className="ent-checkbox">
              <input
                id={`${formId}-${enabled ? 'enable' : 'disable'}`}
                className="ent-checkbox__input"
                type="radio"
                name={`${formId}-enabled`}
                ref={values.enabled === enabled ? checkedRef : undefined}
                checked={values.enabled === enabled}
                onChange={() => setValues({ ...values, enabled })}
              />
              <label htmlFor={`${formId}-${enabled ? 'enable' : 'disable'}`} className="ent-checkbox__label">
                {text(enabled ? 'modules.schedule.enable' : 'modules.schedule.disable')}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          id={ids.date}
          type="date"
          required
          label={text('modules.schedule.date')}
          min={schoolDateOf(new Date())}
          value={values.date}
          onChange={(event) => setValues({ ...values, date: event.currentTarget.value })}
          error={errorOf(ids.date)}
        />
        <TextField
          id={ids.time}
          type="time"
          label={text('modules.schedule.time')}
          hint={text('modules.schedule.timeHint')}
          value={values.time}
          onChange={(event) => setValues({ ...values, time: event.currentTarget.value })}
          error={errorOf(ids.time)}
        />
      </Form>
    </Dialog>
  );
}
