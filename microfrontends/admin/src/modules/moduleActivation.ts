import type { AdminMessage } from '../messages.js';
import { formatSchoolDateTime, SCHOOL_TIME_ZONE, schoolDateOf, wallTimeToInstant } from '../schoolTime.js';

/** A module's state in one establishment, as the annuaire's `Establishment.modules` gives it. */
export interface ModuleActivation {
  moduleId: string;
  label: string;
  enabled: boolean;
  /** ISO date-time when the current state began; null when the module was never enabled. */
  since: string | null;
  next: { enabled: boolean; effectiveAt: string } | null;
}

/** « Activé depuis le lundi 4 janvier 2027 à 08:00 », « Jamais activé »… */
export function describeState(module: ModuleActivation, timeZone: string = SCHOOL_TIME_ZONE): AdminMessage {
  if (!module.since) return { key: 'modules.state.neverEnabled' };
  const date = formatSchoolDateTime(module.since, timeZone);
  return { key: module.enabled ? 'modules.state.enabledSince' : 'modules.state.disabledSince', params: { date } };
}

/** The next scheduled change: « Désactivation le lundi 4 janvier 2027 à 08:00 », or « Aucun ». */
export function describeNext(module: ModuleActivation, timeZone: string = SCHOOL_TIME_ZONE): AdminMessage {
  if (!module.next) return { key: 'modules.next.none' };
  const date = formatSchoolDateTime(module.next.effectiveAt, timeZone);
  return { key: module.next.enabled ? 'modules.next.enable' : 'modules.next.disable', params: { date } };
}

/** What an administrator typed in the schedule form. */
export interface ScheduleInput {
  enabled: boolean;
  /** YYYY-MM-DD, as an `<input type="date">` gives it. */
  date: string;
  /** HH:MM, as an `<input type="time">` gives it. */
  time: string;
}

export type ScheduleCheck =
  | { ok: true; enabled: boolean; effectiveAt: Date }
  | { ok: false; field: 'date' | 'time'; message: AdminMessage };

/**
 * Checks a scheduled change before it is sent. The server checks again (it decides); this only spares a
 * round trip and words the problem next to the field concerned.
 */
export function checkSchedule(input: ScheduleInput, now: Date, timeZone: string = SCHOOL_TIME_ZONE): ScheduleCheck {
  const date = input.date.trim();
  const time = input.time.trim() || '00:00';
  if (!date) return { ok: false, field: 'date', message: { key: 'modules.schedule.error.dateRequired' } };
  if (!/^\d{2}:\d{2}$/.test(time) || wallTimeToInstant('2000-01-01', time, timeZone) === null) {
    return { ok: false, field: 'time', message: { key: 'modules.schedule.error.timeInvalid' } };
  }
  const effectiveAt = wallTimeToInstant(date, time, timeZone);
  if (!effectiveAt) return { ok: false, field: 'date', message: { key: 'modules.schedule.error.dateInvalid' } };
  if (effectiveAt.getTime() <= now.getTime()) return { ok: false, field: 'date', message: { key: 'modules.schedule.error.past' } };
  return { ok: true, enabled: input.enabled, effectiveAt };
}

/** The form's starting values: the opposite of the current state, tomorrow at midnight (school time). */
export function defaultSchedule(module: ModuleActivation, now: Date, timeZone: string = SCHOOL_TIME_ZONE): ScheduleInput {
  const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
  return { enabled: !module.enabled, date: schoolDateOf(tomorrow, timeZone), time: '00:00' };
}

/** The toast after a change: immediate (« … est désactivé … ») or scheduled (« … programmée le … »). */
export function changeConfirmation(
  change: { enabled: boolean; effectiveAt: Date | null },
  names: { module: string; establishment: string },
  timeZone: string = SCHOOL_TIME_ZONE,
): AdminMessage {
  if (!change.effectiveAt) {
    return { key: change.enabled ? 'modules.toast.enabled' : 'modules.toast.disabled', params: names };
  }
  return {
    key: change.enabled ? 'modules.toast.scheduledEnable' : 'modules.toast.scheduledDisable',
    params: { module: names.module, date: formatSchoolDateTime(change.effectiveAt, timeZone) },
  };
}
