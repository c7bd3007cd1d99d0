import { nextDailyOccurrence } from '@ent/kit';

/**
 * Who may write to whom in an establishment. Staff (teachers, direction, personnel, administrators)
 * always write to everyone of the establishment they can see in the directory; the families' and
 * pupils' rights are these switches, editable by the establishment's administrator.
 * Parents never write to other parents, and pupils never to other pupils' parents: that is not a switch.
 */
export const RULE_KEYS = [
  'pupilsToTeachers',
  'pupilsToVieScolaire',
  'pupilsToDirection',
  'pupilsToClassmates',
  'parentsToTeachers',
  'parentsToDirection',
  'parentsToVieScolaire',
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];
export type Rules = Record<RuleKey, boolean>;

/** Safe defaults: pupils write to their teachers and the vie scolaire; in a primary school only to their teacher. */
export function defaultRules(primary: boolean): Rules {
  return {
    pupilsToTeachers: true,
    pupilsToVieScolaire: !primary,
    pupilsToDirection: false,
    pupilsToClassmates: false,
    parentsToTeachers: true,
    parentsToDirection: true,
    parentsToVieScolaire: true,
  };
}

export function rulesOf(stored: Record<string, boolean> | undefined, primary: boolean): Rules {
  const rules = defaultRules(primary);
  for (const key of RULE_KEYS) {
    const value = stored?.[key];
    if (typeof value === 'boolean') rules[key] = value;
  }
  return rules;
}

export const PRIMARY_TYPES = ['ECOLE_MATERNELLE', 'ECOLE_ELEMENTAIRE'];

/** The vie scolaire, as the directory names its people (CPE, assistants d’éducation…). */
export const VIE_SCOLAIRE = /\b(cpe|vie scolaire|conseill[eè]re? principale? d.éducation|assistante? d.éducation|aed|surveillant)/i;

export interface QuietHours {
  start: string;
  end: string;
  weekends: boolean;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '20:00', end: '07:00', weekends: true };
export const TIME_ZONE = 'Europe/Paris';
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisWall(instant: Date): { weekday: string; minutes: number } {
  const parts = Object.fromEntries(wallClock.formatToParts(instant).map((part) => [part.type, part.value]));
  return { weekday: String(parts['weekday']), minutes: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether notifications are held at this instant (Paris wall clock). */
export function isQuiet(instant: Date, quiet: QuietHours): boolean {
  const { weekday, minutes } = parisWall(instant);
  if (quiet.weekends && (weekday === 'Sat' || weekday === 'Sun')) return true;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  // 20:00–07:00 wraps midnight; 12:00–14:00 would not.
  return start > end ? minutes >= start || minutes < end : minutes >= start && minutes < end;
}

/** When a notification due at `instant` may go out: at once, or at the end of the quiet period (next working morning). */
export function releaseTime(instant: Date, quiet: QuietHours): Date {
  if (!isQuiet(instant, quiet)) return instant;
  let candidate = nextDailyOccurrence(instant, quiet.end, TIME_ZONE);
  // A weekend (or a quiet period longer than a day) pushes to the next quiet-free morning.
  for (let day = 0; day < 8 && isQuiet(candidate, quiet); day++) candidate = nextDailyOccurrence(candidate, quiet.end, TIME_ZONE);
  return candidate;
}
