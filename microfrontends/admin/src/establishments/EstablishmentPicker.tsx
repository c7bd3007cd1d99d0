import { Select } from '@ent/ui-kit';
import { text } from '../text.js';
import type { AdminEstablishment } from './administeredEstablishments.js';

export interface EstablishmentPickerProps {
  establishments: readonly AdminEstablishment[];
  selected: AdminEstablishment;
  onSelect(establishmentId: string): void;
}

/**
 * The establishment being administered: a native select for the département administrator (typing the
 * first letters finds a school among hundreds), a plain line when there is only one.
 */
export function EstablishmentPicker({ establishments, selected, onSelect }: EstablishmentPickerProps) {
  if (establishments.length <= 1) {
    return (
      <p className="ent-admin__establishment">
        {text('establishment.label')} : <strong>{selected.name}</strong> ({selected.city})
      </p>
    );
  }
  return (
    <Select
      id="admin-establishment"
      className="ent-admin__establishment-picker"
      label={text('establishment.label')}
      hint={text('establishment.hint')}
      value={selected.id}
      onChange={(event) => onSelect(event.currentTarget.value)}
      options={establishments.map((establishment) => ({
        value: establishment.id,
        label: text('establishment.option', { name: establishment.name, city: establishment.city, uai: establishment.uai }),
      }))}
    />
  );
}
