import { createHash } from 'node:crypto';
import type { Clock, Logger, ModuleGate } from '@ent/kit';
import type { RequestHandler } from 'express';
import sanitizeHtml from 'sanitize-html';
import type { Homework } from '../db/database.js';
import { addDays, parisDate } from './dates.js';
import { activeCalendarFeedByHash, type Db, publishedHomeworkFor } from './repository.js';

export const hashCalendarToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const KIND_LABELS: Record<string, string> = {
  EXERCISE: 'Exercices',
  LESSON_TO_LEARN: 'Leçon à apprendre',
  EVALUATION: 'Évaluation annoncée',
  TO_BRING: 'À apporter',
};

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped, newlines as \n. */
function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space, never splitting a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const stamp = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const compactDate = (date: string) => date.replace(/-/g, '');

/** A VCALENDAR of homework due dates: one all-day VEVENT per homework, on its due date. */
export function homeworkCalendar(homework: readonly Homework[], now: Date, host: string): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ENT//Cahier de textes//FR', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Travail à faire'];
  for (const item of homework) {
    const instructions = sanitizeHtml(item.instructions_html, { allowedTags: [], allowedAttributes: {} }).trim();
    lines.push(
      'BEGIN:VEVENT',
      `UID:${item.id}@${host}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${compactDate(item.due_date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(item.due_date, 1))}`,
      `SUMMARY:${escapeText(`${item.subject} — ${KIND_LABELS[item.kind] ?? item.kind}`)}`,
      `DESCRIPTION:${escapeText(instructions)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * GET /calendar/:file — `<token>.ics`. The address is the permission (calendar applications send no
 * access token): unknown or revoked tokens answer 404, a module switched off answers 403.
 */
export function calendarHandler(options: { db: Db; clock: Clock; gate: ModuleGate; logger: Logger }): RequestHandler {
  return async (req, res, next) => {
    try {
      const file = String(req.params['file'] ?? '');
      const match = /^([A-Za-z0-9_-]{20,100})\.ics$/.exec(file);
      const feed = match?.[1] ? await activeCalendarFeedByHash(options.db, hashCalendarToken(match[1])) : undefined;
      res.setHeader('Cache-Control', 'private, no-store');
      if (!feed) {
        res.status(404).type('text/plain; charset=utf-8').send('Agenda introuvable ou révoqué.');
        return;
      }
      const enabled = await options.gate.enabledEstablishments(feed.establishment_ids);
      if (enabled.length === 0) {
        res.status(403).type('text/plain; charset=utf-8').send('Le module « Cahier de textes » n’est pas activé dans cet établissement.');
        return;
      }
      const now = options.clock.now();
      // A month back, so a calendar application keeps recent homework, and everything ahead.
      const rows = await publishedHomeworkFor(options.db, feed.target_ids, enabled, addDays(parisDate(now), -30), now);
      res.type('text/calendar; charset=utf-8').send(homeworkCalendar(rows, now, req.hostname || 'ent'));
    } catch (error) {
      next(error);
    }
  };
}
