/** Dates as the ENT's people read them: Paris time, French words, « 1er » for the first day of a month. */
const TIME_ZONE = 'Europe/Paris';

function parts(instant: Date) {
  const formatted = new Intl.DateTimeFormat('fr-FR', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => formatted.find((part) => part.type === type)?.value ?? '';
  return { weekday: get('weekday'), day: Number(get('day')), month: get('month'), hour: get('hour'), minute: get('minute') };
}

/** « 18 h 05 », « 8 h 30 » (no leading zero on the hour, as French typography writes it). */
export function frenchTime(iso: string | Date): string {
  const { hour, minute } = parts(new Date(iso));
  return `${Number(hour)} h ${minute}`;
}

/** « mardi 1er décembre » */
export function frenchDay(iso: string | Date): string {
  const { weekday, day, month } = parts(new Date(iso));
  return `${weekday} ${day === 1 ? '1er' : day} ${month}`;
}

/** « mardi 1er décembre à 18 h 05 » */
export function frenchDateTime(iso: string | Date): string {
  return `${frenchDay(iso)} à ${frenchTime(iso)}`;
}

/** The Paris offset of an instant, as `+01:00` / `+02:00`. */
function parisOffset(instant: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
  return match?.[1] ?? '+00:00';
}

/**
 * A `<input type="datetime-local">` value (`2026-12-03T18:00`), read as Paris time, to ISO 8601 with its
 * offset; null when it is not a complete date and time.
 */
export function parisLocalToIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const guess = new Date(`${local}:00Z`);
  if (Number.isNaN(guess.getTime())) return null;
  // The offset at that wall-clock time (checked twice around a change of summer time).
  const first = parisOffset(guess);
  const instant = new Date(`${local}:00${first}`);
  const second = parisOffset(instant);
  return `${local}:00${second}`;
}

/** The `datetime-local` value, Paris time, of an instant (for default values). */
export function isoToParisLocal(instant: Date): string {
  const formatted = new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
  return formatted.replace(' ', 'T');
}
