import { type Clock, format, type JobQueue, type Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database, Form } from '../db/database.js';
import { messages } from '../messages.js';
import { isQuiet, nextSendTime } from './quietHours.js';
import * as repository from './repository.js';
import { DAY_MS, effectiveStatus, frenchDate, frenchDateTime, purgeAt } from './status.js';

export const REMINDER_JOB = 'form-reminders';
export const RETENTION_JOB = 'form-retention';
/** The author hears this long before the responses are deleted. */
export const RETENTION_NOTICE_MS = 7 * DAY_MS;
/** The automatic reminder goes this long before the deadline. */
export const REMINDER_BEFORE_MS = 2 * DAY_MS;

/** Schedules one reminder of the form's non-respondents at the first moment outside quiet hours. */
export async function scheduleReminder(jobs: JobQueue<Database>, formId: string, at: Date, trx: Kysely<Database>) {
  await jobs.schedule(REMINDER_JOB, { formId }, { runAt: nextSendTime(at), dedupeKey: `remind:${formId}` }, trx);
}

/** The automatic reminder, two days before the deadline (when that is still ahead). */
export async function scheduleAutomaticReminder(jobs: JobQueue<Database>, form: Form, now: Date, trx: Kysely<Database>) {
  const at = new Date(form.deadline.getTime() - REMINDER_BEFORE_MS);
  if (at.getTime() <= now.getTime()) return;
  await jobs.schedule(REMINDER_JOB, { formId: form.id, automatic: true }, { runAt: nextSendTime(at), dedupeKey: `auto-remind:${form.id}` }, trx);
}

/**
 * Sends the reminders: one notice per non-respondent (the pupil, the pupil's guardians on parents'
 * forms). Safe to run twice in a row only in the sense that a second run reminds again those still
 * silent; it does nothing for a form no longer open, and waits out quiet hours if it was delayed.
 */
export async function sendReminders(db: Kysely<Database>, jobs: JobQueue<Database>, clock: Clock, formId: string): Promise<number> {
  const now = clock.now();
  const form = await repository.findForm(db, formId);
  if (!form || effectiveStatus(form, now) !== 'OPEN') return 0;
  if (isQuiet(now)) {
    await jobs.schedule(REMINDER_JOB, { formId }, { runAt: nextSendTime(now) });
    return 0;
  }
  const pending = await repository.nonRespondents(db, form);
  const date = frenchDateTime(form.deadline);
  await db.transaction().execute((trx) =>
    repository.insertNotifications(
      trx,
      pending.map((member) => ({
        recipient_id: member.pupil_id,
        recipient_kind: form.audience_profile === 'PARENTS' ? ('PARENTS_OF' as const) : ('PERSON' as const),
        kind: 'REMINDER' as const,
        form_id: form.id,
        text:
          form.audience_profile === 'PARENTS'
            ? format(messages.reminderForChild, { title: form.title, child: member.pupil_name, date })
            : format(messages.reminder, { title: form.title, date }),
        created_at: now,
      })),
    ),
  );
  return pending.length;
}

/** Tells authors a week before their responses expire, then deletes the expired ones. */
export async function runRetention(db: Kysely<Database>, clock: Clock, logger: Logger): Promise<{ warned: number; purged: number }> {
  const now = clock.now();
  const toWarn = await repository.formsToWarn(db, now, new Date(now.getTime() + RETENTION_NOTICE_MS));
  for (const form of toWarn) {
    await db.transaction().execute(async (trx) => {
      await repository.insertNotifications(trx, [
        {
          recipient_id: form.author_id,
          recipient_kind: 'PERSON',
          kind: 'RETENTION_WARNING',
          form_id: form.id,
          text: format(messages.retentionWarning, { title: form.title, date: frenchDate(purgeAt(form)) }),
          created_at: now,
        },
      ]);
      await repository.updateForm(trx, form.id, { retention_warned_at: now });
    });
  }
  const toPurge = await repository.formsToPurge(db, now);
  for (const form of toPurge) {
    const deleted = await db.transaction().execute(async (trx) => {
      const count = await repository.purgeResponses(trx, form.id, now);
      await repository.insertNotifications(trx, [
        {
          recipient_id: form.author_id,
          recipient_kind: 'PERSON',
          kind: 'RETENTION_PURGED',
          form_id: form.id,
          text: format(messages.retentionPurged, { title: form.title }),
          created_at: now,
        },
      ]);
      return count;
    });
    logger.info({ formId: form.id, deleted }, 'responses purged at the end of their retention period');
  }
  return { warned: toWarn.length, purged: toPurge.length };
}

/** Registers the handlers; main.ts (and tests) then start the queue or call runDue. */
export async function registerFormJobs(jobs: JobQueue<Database>, db: Kysely<Database>, clock: Clock, logger: Logger, options: { recurring?: boolean } = {}) {
  jobs.register<{ formId: string }>(REMINDER_JOB, async ({ formId }) => {
    await sendReminders(db, jobs, clock, formId);
  });
  jobs.register(RETENTION_JOB, async () => {
    await runRetention(db, clock, logger);
  });
  if (options.recurring !== false) await jobs.every(RETENTION_JOB, { at: '03:00' });
}
