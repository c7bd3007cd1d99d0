import type { Clock, JobQueue, Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database, PupilLabel } from '../db/database.js';
import { format, messages } from '../messages.js';
import type { Mailer } from './mailer.js';
import { emailsToSend, findMessage, markNotified } from './repository.js';

export const NOTIFY_JOB = 'notify-message';

export interface NotifyPayload {
  messageId: string;
  reminder?: boolean;
}

/**
 * The e-mail notifications of a message, run by the job queue at the time quiet hours allow (the job's
 * run time is computed at send time: see rules.ts `releaseTime`). Safe to run twice: a recipient is
 * notified once (`notified_at`), and a recalled or since-read message notifies nobody.
 */
export function registerNotifications(options: {
  jobs: JobQueue<Database>;
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  logger: Logger;
  portalUrl: string;
}) {
  const { db, clock, mailer } = options;
  options.jobs.register<NotifyPayload>(NOTIFY_JOB, async ({ messageId, reminder }) => {
    const message = await findMessage(db, messageId);
    if (message?.status !== 'SENT') return;
    const url = `${options.portalUrl.replace(/\/$/, '')}/messagerie`;
    const targets = await emailsToSend(db, messageId, reminder === true);
    const sent: string[] = [];
    for (const target of targets) {
      if (!target.email) continue;
      const pupils = (target.concerning as PupilLabel[]).map((pupil) => pupil.name).join(', ');
      const about = pupils ? format(messages.mailAbout, { pupils }) : '';
      const values = { subject: message.subject, sender: message.sender_name, url, about };
      await mailer.send({
        to: target.email,
        subject: format(reminder ? messages.mailReminderSubject : message.urgent ? messages.mailUrgentSubject : messages.mailSubject, values),
        text: format(reminder ? messages.mailReminderBody : messages.mailBody, values),
      });
      sent.push(target.user_id);
      // Recorded one by one: a failure half-way (the job is retried) does not mail the first ones twice.
      if (!reminder) await markNotified(db, messageId, [target.user_id], clock.now());
    }
    options.logger.info({ messageId, reminder: reminder === true, emails: sent.length }, 'message notifications sent');
  });
}
