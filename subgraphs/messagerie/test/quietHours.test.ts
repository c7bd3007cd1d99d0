import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQuiet, releaseTime } from '../src/mail/rules.js';
import { startWorld, type World } from './helpers.js';

const DEFAULT = { start: '20:00', end: '07:00', weekends: true };

describe('quiet hours arithmetic (Europe/Paris)', () => {
  it('holds evenings, nights and weekends until the next working morning at 07:00', () => {
    // Tuesday 9 March 2027, Paris is UTC+1.
    expect(isQuiet(new Date('2027-03-09T09:00:00Z'), DEFAULT)).toBe(false);
    expect(releaseTime(new Date('2027-03-09T20:30:00Z'), DEFAULT).toISOString()).toBe('2027-03-10T06:00:00.000Z');
    expect(releaseTime(new Date('2027-03-10T05:00:00Z'), DEFAULT).toISOString()).toBe('2027-03-10T06:00:00.000Z');
    // Friday evening and Saturday wait for Monday 07:00.
    expect(releaseTime(new Date('2027-03-12T19:30:00Z'), DEFAULT).toISOString()).toBe('2027-03-15T06:00:00.000Z');
    expect(releaseTime(new Date('2027-03-13T10:00:00Z'), DEFAULT).toISOString()).toBe('2027-03-15T06:00:00.000Z');
    // Summer time (UTC+2) after 28 March.
    expect(releaseTime(new Date('2027-04-06T20:00:00Z'), DEFAULT).toISOString()).toBe('2027-04-07T05:00:00.000Z');
    // An establishment without weekend quiet hours.
    expect(isQuiet(new Date('2027-03-13T10:00:00Z'), { ...DEFAULT, weekends: false })).toBe(false);
  });
});

describe('notifications by e-mail respect quiet hours', () => {
  let world: World;
  let eluard: string;
  let bernardKey: string;

  beforeAll(async () => {
    world = await startWorld();
    const lucas = await world.viewerOf('eleve.lucas');
    eluard = lucas.profiles[0]?.establishmentId as string;
    bernardKey = `person:${eluard}:${(await world.viewerOf('parent.bernard')).userId}`;
    const optIn = await world.graphql('parent.bernard', 'mutation { setMailNotificationSettings(input: { emailEnabled: true, email: "bernard@example.org" }) { emailEnabled } }');
    expect(optIn.errors).toBeUndefined();
    const bad = await world.graphql('parent.bernard', 'mutation { setMailNotificationSettings(input: { emailEnabled: true, email: "pas une adresse" }) { emailEnabled } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  const SEND = 'mutation ($input: MessageInput!) { sendMessage(input: $input) { id } }';

  it('holds a non-urgent notification sent at 21:00 and releases it at 07:00', async () => {
    world.clock.set('2027-03-09T20:00:00Z'); // Tuesday 21:00 in Paris
    const sent = await world.graphql('direction.eluard', SEND, {
      input: { subject: 'Réunion parents-professeurs', body: 'Elle aura lieu jeudi à 18 h.', recipients: [bernardKey], concerningPupilId: (await world.viewerOf('eleve.lucas')).userId },
    });
    expect(sent.errors).toBeUndefined();
    // The message itself is in the inbox at once; only the e-mail waits.
    const inbox = await world.graphql<{ mailbox: unknown[] }>('parent.bernard', '{ mailbox(folder: INBOX) { conversationId } }');
    expect(inbox.data?.mailbox).toHaveLength(1);
    await world.jobs.runDue();
    expect(await world.mails()).toHaveLength(0);
    world.clock.set('2027-03-10T05:59:00Z'); // 06:59
    await world.jobs.runDue();
    expect(await world.mails()).toHaveLength(0);
    world.clock.set('2027-03-10T06:00:00Z'); // 07:00
    const ran = await world.jobs.runDue();
    expect(ran.map((job) => job.outcome)).toEqual(['done']);
    const mails = await world.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('To: bernard@example.org');
    expect(mails[0]).toMatch(/Subject: =\?UTF-8\?|Subject: Nouveau message/);
    expect(mails[0]).toContain('Lucas');
    // Run again (a job may run twice): nobody is mailed twice.
    await world.jobs.runDue();
    expect(await world.mails()).toHaveLength(1);
  });

  it('sends an urgent notification from the direction at once, even at night', async () => {
    world.clock.set('2027-03-10T22:30:00Z'); // 23:30
    const before = (await world.mails()).length;
    const sent = await world.graphql('direction.eluard', SEND, {
      input: { subject: 'Fermeture du collège demain', body: 'Le collège sera fermé demain (alerte météo).', recipients: [bernardKey], urgent: true },
    });
    expect(sent.errors).toBeUndefined();
    await world.jobs.runDue();
    const mails = await world.mails();
    expect(mails).toHaveLength(before + 1);
  });

  it('notifies a scheduled message at its time, not before', async () => {
    world.clock.set('2027-03-11T09:00:00Z'); // Thursday 10:00
    const before = (await world.mails()).length;
    const sent = await world.graphql<{ sendMessage: { id: string } }>('direction.eluard', SEND, {
      input: { subject: 'Rappel cantine', body: 'Pensez au menu.', recipients: [bernardKey], scheduledAt: '2027-03-11T13:00:00Z' },
    });
    expect(sent.errors).toBeUndefined();
    const hidden = await world.graphql<{ mailbox: Array<{ lastMessage: { subject: string } }> }>('parent.bernard', '{ mailbox(folder: INBOX) { lastMessage { subject } } }');
    expect(hidden.data?.mailbox.map((entry) => entry.lastMessage.subject)).not.toContain('Rappel cantine');
    await world.jobs.runDue();
    expect(await world.mails()).toHaveLength(before);
    world.clock.set('2027-03-11T13:00:00Z');
    await world.jobs.runDue();
    expect(await world.mails()).toHaveLength(before + 1);
    const shown = await world.graphql<{ mailbox: Array<{ lastMessage: { subject: string } }> }>('parent.bernard', '{ mailbox(folder: INBOX) { lastMessage { subject } } }');
    expect(shown.data?.mailbox.map((entry) => entry.lastMessage.subject)).toContain('Rappel cantine');
  });
});
