/**
 * Quiet hours for reminders, as the messagerie defines them for notifications to families: nothing
 * between 20:00 and 07:00, nor on Saturdays and Sundays, in Europe/Paris time. A reminder due inside
 * them is held until the next weekday at 07:00 (Paris). Pure: the caller passes "now" from its Clock.
 */
export const QUIET_FROM_HOUR = 20;
export const QUIET_UNTIL_HOUR = 7;
export const TIME_ZONE = 'Europe/Paris';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

interface ParisTime {
  date: string;
  hour: number;
  weekday: string;
  offsetMinutes: number;
}

function parisTime(instant: Date): ParisTime {
  const map = Object.fromEntries(parts.formatToParts(instant).map((part) => [part.type, part.value]));
  // "GMT+01:00" (or "GMT" at offset zero, never in Paris but handled).
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(map['timeZoneName'] ?? '');
  const offsetMinutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return { date: `${map['year']}-${map['month']}-${map['day']}`, hour: Number(map['hour']), weekday: map['weekday'] ?? '', offsetMinutes };
}

export function isQuiet(instant: Date): boolean {
  const time = parisTime(instant);
  return time.weekday === 'Sat' || time.weekday === 'Sun' || time.hour >= QUIET_FROM_HOUR || time.hour < QUIET_UNTIL_HOUR;
}

/** 07:00 Paris time on a Paris date (YYYY-MM-DD): the offset is that of the morning itself (clock changes happen at night). */
function sevenOn(date: string): Date {
  const guess = new Date(`${date}T0${QUIET_UNTIL_HOUR}:00:00Z`);
  return new Date(guess.getTime() - parisTime(guess).offsetMinutes * 60_000);
}

function nextDate(date: string): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** `instant` itself outside quiet hours; otherwise the next weekday 07:00 in Paris. */
export function nextSendTime(instant: Date): Date {
  if (!isQuiet(instant)) return instant;
  const time = parisTime(instant);
  let date = time.hour < QUIET_UNTIL_HOUR ? time.date : nextDate(time.date);
  for (let guard = 0; guard < 7; guard++) {
    const candidate = sevenOn(date);
    if (!isQuiet(candidate)) return candidate;
    date = nextDate(date);
  }
  return sevenOn(date);
}
