import { Button, Cluster, Dialog, useMutation, useToast } from '@ent/ui-kit';
import { useRef } from 'react';
import type { AdminEstablishment } from '../establishments/administeredEstablishments.js';
import { SET_MODULE_ACTIVATION, type SetModuleActivationData, type SetModuleActivationVariables } from '../queries.js';
import { say, text } from '../text.js';
import { changeConfirmation, type ModuleActivation } from './moduleActivation.js';

export interface ChangeDialogProps {
  open: boolean;
  module: ModuleActivation;
  establishment: AdminEstablishment;
  onClose(): void;
  /** After a change the server accepted (the toast is shown already). */
  onDone(): Promise<void>;
}

/** Confirms switching a module on or off now: what it means for the establishment's people, in words. */
export function ChangeNowDialog({ open, module, establishment, onClose, onDone }: ChangeDialogProps) {
  const [setActivation, { loading, error }] = useMutation<SetModuleActivationData, SetModuleActivationVariables>(SET_MODULE_ACTIVATION);
  const toast = useToast();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const enable = !module.enabled;
  const names = { module: module.label, establishment: establishment.name };

  const confirm = async () => {
    try {
      await setActivation({ establishmentId: establishment.id, moduleId: module.moduleId, enabled: enable, effectiveAt: null });
    } catch {
      return; // `error` shows why, in the dialog
    }
    toast.success(say(changeConfirmation({ enabled: enable, effectiveAt: null }, names)));
    await onDone();
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={text(enable ? 'modules.confirm.enableTitle' : 'modules.confirm.disableTitle', names)}
      // Switching off is the destructive choice: the focus starts on « Annuler » (WAI-ARIA alert dialog pattern).
      initialFocusRef={enable ? confirmRef : cancelRef}
      footer={
        <Cluster gap="small">
          <Button ref={confirmRef} variant={enable ? 'primary' : 'danger'} busy={loading} onClick={() => void confirm()}>
            {text(enable ? 'modules.confirm.enable' : 'modules.confirm.disable')}
          </Button>
          <Button ref={cancelRef} variant="secondary" onClick={onClose}>
            {text('cancel')}
          </Button>
        </Cluster>
      }
    >
      <p>{text(enable ? 'modules.confirm.enableBody' : 'modules.confirm.disableBody', names)}</p>
      {error ? (
        <p role="alert" className="ent-admin__error">
          <span aria-hidden="true">⚠ </span>
          {error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
