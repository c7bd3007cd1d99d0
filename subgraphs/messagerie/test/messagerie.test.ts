import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers.js';

let world: World;
let ids: Record<string, string>;
let eluard: string;
let ferry: string;
let classe5eB: string;

const OPTIONS = '{ recipientOptions { key kind label section user { id } } }';
const SEND = `mutation ($input: MessageInput!) {
  sendMessage(input: $input) { id conversationId subject status recipientCount concerning { id name } addressedTo { label kind } urgent }
}`;
const MAILBOX = `query ($folder: MailFolder!, $childId: ID) {
  mailbox(folder: $folder, childId: $childId) { conversationId unreadCount messageCount lastMessage { id subject senderName unread concerning { id name } } }
}`;
const RECEIPTS = `query ($id: ID!) { conversation(id: $id) { messages { id receipts { name readAt remindedAt user { id } } canRecall recipientCount } } }`;

type Option = { key: string; kind: string; label: string; section: string; user: { id: string } | null };
type Sent = { id: string; conversationId: string; recipientCount: number; concerning: Array<{ id: string; name: string }> };

async function optionsOf(login: string): Promise<Option[]> {
  const answer = await world.graphql<{ recipientOptions: Option[] }>(login, OPTIONS);
  expect(answer.errors).toBeUndefined();
  return answer.data?.recipientOptions ?? [];
}

async function send(login: string, input: Record<string, unknown>) {
  return world.graphql<{ sendMessage: Sent }>(login, SEND, { input: { subject: 'Bonjour', body: 'Un message.', ...input } });
}

async function sent(login: string, input: Record<string, unknown>): Promise<Sent> {
  const answer = await send(login, input);
  expect(answer.errors).toBeUndefined();
  return answer.data?.sendMessage as Sent;
}

async function counts() {
  const messages = await world.database.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const deliveries = await world.database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { messages: Number(messages.n), deliveries: Number(deliveries.n) };
}

const person = (establishmentId: string, userId: string) => `person:${establishmentId}:${userId}`;

beforeAll(async () => {
  world = await startWorld({ limits: { massThreshold: 30, massPerHour: 3, messagesPerHour: 40 } });
  ids = {};
  for (const login of ['direction.eluard', 'prof.durand', 'parent.bernard', 'eleve.lucas', 'eleve.lea', 'eleve.noah', 'prof.petit', 'direction.ferry', 'doc.moreau', 'admin.eluard', 'parent.garcia']) {
    ids[login] = (await world.viewerOf(login)).userId;
  }
  const lucas = await world.viewerOf('eleve.lucas');
  classe5eB = lucas.classIds[0] as string;
  eluard = lucas.profiles[0]?.establishmentId as string;
  ferry = (await world.viewerOf('eleve.lea')).profiles[0]?.establishmentId as string;
});
afterAll(async () => {
  await world?.stop();
});

describe('communication rules: what the picker offers, per profile', () => {
  it('offers the direction every class list and the staff', async () => {
    const options = await optionsOf('direction.eluard');
    const labels = options.map((option) => option.label);
    expect(labels).toContain('Parents de 5e B');
    expect(labels).toContain('Élèves de 3e A');
    expect(labels.some((label) => label.startsWith('Personnel de Collège Paul Éluard'))).toBe(true);
    expect(options.find((option) => option.label === 'Parents de 5e B')?.key).toBe(`parents:${eluard}:${classe5eB}`);
  });

  it('offers a collège pupil their teachers and the vie scolaire, no list and no parent', async () => {
    const options = await optionsOf('eleve.lucas');
    expect(options.every((option) => option.kind === 'PERSON')).toBe(true);
    expect(options.some((option) => option.user?.id === ids['prof.durand'])).toBe(true);
    expect(options.some((option) => option.section === 'Vie scolaire')).toBe(true);
    expect(options.some((option) => option.user?.id === ids['parent.bernard'])).toBe(false);
    expect(options.some((option) => option.section === 'Direction')).toBe(false);
  });

  it('offers a cycle 2 pupil only her teacher', async () => {
    const options = await optionsOf('eleve.lea');
    expect(options.map((option) => option.user?.id)).toEqual([ids['prof.petit']]);
  });

  it('offers a parent their children’s teachers, the direction and the vie scolaire, never other parents', async () => {
    const options = await optionsOf('parent.bernard');
    const people = options.map((option) => option.user?.id);
    expect(options.every((option) => option.kind === 'PERSON')).toBe(true);
    expect(people).toContain(ids['prof.durand']);
    expect(people).toContain(ids['prof.petit']);
    expect(people).toContain(ids['direction.eluard']);
    expect(people).toContain(ids['direction.ferry']);
    expect(options.some((option) => option.section === 'Vie scolaire')).toBe(true);
    expect(people).not.toContain(ids['parent.garcia']);
  });

  it('applies an administrator’s change of the rules, and refuses it to others', async () => {
    const SET = `mutation ($e: ID!, $input: CommunicationSettingsInput!) { setCommunicationSettings(establishmentId: $e, input: $input) { pupilsToDirection editable quietStart } }`;
    const refused = await world.graphql('prof.durand', SET, { e: eluard, input: { pupilsToDirection: true } });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/administrateur/);
    const badTime = await world.graphql('admin.eluard', SET, { e: eluard, input: { quietStart: '25:00' } });
    expect(badTime.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quietStart' });
    const changed = await world.graphql<{ setCommunicationSettings: { pupilsToDirection: boolean; editable: boolean } }>('admin.eluard', SET, {
      e: eluard,
      input: { pupilsToDirection: true },
    });
    expect(changed.data?.setCommunicationSettings).toMatchObject({ pupilsToDirection: true, editable: true });
    expect((await optionsOf('eleve.lucas')).some((option) => option.section === 'Direction')).toBe(true);
    await world.graphql('admin.eluard', SET, { e: eluard, input: { pupilsToDirection: false } });
    expect((await optionsOf('eleve.lucas')).some((option) => option.section === 'Direction')).toBe(false);
  });
});

describe('sending to the parents of a class with a read receipt', () => {
  let message: Sent;

  it('expands the list at send time, stores one delivery per parent, labels each with their child', async () => {
    const before = await counts();
    message = await sent('direction.eluard', {
      subject: 'Sortie au musée',
      body: '<p>La sortie scolaire aura lieu jeudi.</p><script>alert(1)</script>'.replace('<script>alert(1)</script>', ''),
      recipients: [`parents:${eluard}:${classe5eB}`],
      readReceipt: true,
    });
    expect(message.recipientCount).toBeGreaterThan(30);
    const after = await counts();
    expect(after.messages).toBe(before.messages + 1);
    expect(after.deliveries).toBe(before.deliveries + message.recipientCount + 1);
    expect(message.concerning.map((pupil) => pupil.id)).toContain(ids['eleve.lucas']);

    const inbox = await world.graphql<{ mailbox: Array<{ conversationId: string; unreadCount: number; lastMessage: { concerning: Array<{ name: string }>; unread: boolean } }> }>(
      'parent.bernard',
      MAILBOX,
      { folder: 'INBOX' },
    );
    const entry = inbox.data?.mailbox.find((item) => item.conversationId === message.conversationId);
    expect(entry?.unreadCount).toBe(1);
    expect(entry?.lastMessage.concerning.map((pupil) => pupil.name)).toEqual([expect.stringMatching(/^Lucas /)]);
  });

  it('filters a parent’s mailbox by child', async () => {
    const forLucas = await world.graphql<{ mailbox: Array<{ conversationId: string }> }>('parent.bernard', MAILBOX, { folder: 'INBOX', childId: ids['eleve.lucas'] });
    expect(forLucas.data?.mailbox.map((item) => item.conversationId)).toContain(message.conversationId);
    const forLea = await world.graphql<{ mailbox: Array<{ conversationId: string }> }>('parent.bernard', MAILBOX, { folder: 'INBOX', childId: ids['eleve.lea'] });
    expect(forLea.data?.mailbox.map((item) => item.conversationId)).not.toContain(message.conversationId);
    const notMine = await world.graphql('parent.bernard', MAILBOX, { folder: 'INBOX', childId: ids['eleve.noah'] });
    expect(notMine.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('shows the sender who read it and when, and reminds the others', async () => {
    const read = await world.graphql('parent.bernard', 'mutation ($id: ID!) { markConversationRead(id: $id) { unreadCount } }', { id: message.conversationId });
    expect(read.errors).toBeUndefined();
    const status = await world.graphql<{ conversation: { messages: Array<{ receipts: Array<{ user: { id: string }; readAt: string | null }>; canRecall: boolean }> } }>(
      'direction.eluard',
      RECEIPTS,
      { id: message.conversationId },
    );
    const receipts = status.data?.conversation.messages[0]?.receipts ?? [];
    expect(receipts).toHaveLength(message.recipientCount);
    expect(receipts.find((receipt) => receipt.user.id === ids['parent.bernard'])?.readAt).toBe(world.clock.now().toISOString());
    expect(receipts.filter((receipt) => receipt.readAt === null)).toHaveLength(message.recipientCount - 1);
    expect(status.data?.conversation.messages[0]?.canRecall).toBe(false);

    const remind = await world.graphql<{ remindUnread: number }>('direction.eluard', 'mutation ($id: ID!) { remindUnread(messageId: $id) }', { id: message.id });
    expect(remind.data?.remindUnread).toBe(message.recipientCount - 1);
    const byOther = await world.graphql('prof.durand', 'mutation ($id: ID!) { remindUnread(messageId: $id) }', { id: message.id });
    expect(byOther.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lets only participants read the conversation', async () => {
    const QUERY = 'query ($id: ID!) { conversation(id: $id) { messages { subject receipts { name } } } }';
    const parent = await world.graphql<{ conversation: { messages: Array<{ receipts: unknown }> } }>('parent.bernard', QUERY, { id: message.conversationId });
    expect(parent.data?.conversation.messages[0]?.receipts).toBeNull();
    for (const login of ['eleve.lucas', 'prof.durand', 'parent.garcia', 'admin.eluard']) {
      const answer = await world.graphql(login, QUERY, { id: message.conversationId });
      expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(answer.errors?.[0]?.message).toBe('Vous ne participez pas à cette conversation.');
    }
  });

  it('tracks nobody when no receipt was asked for', async () => {
    const plain = await sent('prof.durand', { recipients: [`parents:${eluard}:${classe5eB}`], subject: 'Contrôle vendredi' });
    await world.graphql('parent.bernard', 'mutation ($id: ID!) { markConversationRead(id: $id) { id } }', { id: plain.conversationId });
    const rows = await world.database.db.selectFrom('deliveries').select('read_at').where('message_id', '=', plain.id).execute();
    expect(rows.every((row) => row.read_at === null)).toBe(true);
    const status = await world.graphql<{ conversation: { messages: Array<{ receipts: unknown }> } }>('prof.durand', RECEIPTS, { id: plain.conversationId });
    expect(status.data?.conversation.messages[0]?.receipts).toBeNull();
    const remind = await world.graphql('prof.durand', 'mutation ($id: ID!) { remindUnread(messageId: $id) }', { id: plain.id });
    expect(remind.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });
});

describe('bad input: a clear French error and nothing sent', () => {
  it('refuses a pupil writing to another pupil’s parents (forged list or person)', async () => {
    const before = await counts();
    const list = await send('eleve.lucas', { recipients: [`parents:${eluard}:${classe5eB}`] });
    expect(list.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients' });
    expect(list.errors?.[0]?.message).toMatch(/destinataire|règles/);
    const noah = await world.viewerOf('eleve.noah');
    const parentOfNoah = await world.annuaireDb.db.selectFrom('family_links').select('parent_id').where('child_id', '=', noah.userId).executeTakeFirstOrThrow();
    const one = await send('eleve.lucas', { recipients: [person(eluard, parentOfNoah.parent_id)] });
    expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients' });
    expect(await counts()).toEqual(before);
  });

  it('lets a cycle 2 pupil write to her teacher only', async () => {
    const ok = await sent('eleve.lea', { recipients: [person(ferry, ids['prof.petit'] as string)], subject: 'Mon dessin' });
    expect(ok.recipientCount).toBe(1);
    const before = await counts();
    const direction = await send('eleve.lea', { recipients: [person(ferry, ids['direction.ferry'] as string)] });
    expect(direction.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients' });
    expect(direction.errors?.[0]?.message).toContain('Catherine Marchand');
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty message, a missing subject, a script, no recipient, a forged key, two establishments', async () => {
    const before = await counts();
    const teacher = person(eluard, ids['prof.durand'] as string);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ recipients: [teacher], body: '  <p> </p> ' }, 'body'],
      [{ recipients: [teacher], subject: '   ' }, 'subject'],
      [{ recipients: [teacher], body: '<img src=x onerror=alert(1)>' }, 'body'],
      [{ recipients: [] }, 'recipients'],
      [{ recipients: ['everyone'] }, 'recipients'],
      [{ recipients: [teacher, person(ferry, ids['prof.petit'] as string)] }, 'recipients'],
      [{ recipients: [teacher], scheduledAt: '2020-01-01T00:00:00Z' }, 'scheduledAt'],
      [{ recipients: [teacher], attachmentIds: ['00000000-0000-4000-8000-000000000000'] }, 'attachmentIds'],
    ];
    for (const [input, field] of cases) {
      const answer = await send('parent.bernard', input);
      expect(answer.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(answer.errors?.[0]?.message).toMatch(/[a-zé]/);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses the urgent flag to a teacher', async () => {
    const answer = await send('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], urgent: true });
    expect(answer.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(answer.errors?.[0]?.message).toMatch(/direction et la vie scolaire/);
  });

  it('refuses an oversize attachment before storing it', async () => {
    const response = await fetch(`${world.baseUrl}/messagerie/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await world.tokenOf('prof.durand')}`,
        'content-type': 'application/pdf',
        'content-length': String(11 * 1024 * 1024),
        'x-file-name': 'gros.pdf',
      },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors?: Array<{ message: string }>; message?: string };
    expect(JSON.stringify(body)).toMatch(/10 Mo/);
    const rows = await world.database.db.selectFrom('attachments').selectAll().execute();
    expect(rows).toHaveLength(0);
  });
});

describe('attachments', () => {
  it('uploads a file, sends it, and signs a download link for a recipient', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const upload = await fetch(`${world.baseUrl}/messagerie/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await world.tokenOf('prof.durand')}`, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('Fiche d’exercices.pdf') },
      body: pdf,
    });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const message = await sent('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], subject: 'Fiche', attachmentIds: [id] });
    const read = await world.graphql<{ conversation: { messages: Array<{ attachments: Array<{ filename: string; downloadUrl: string }> }> } }>(
      'eleve.lucas',
      'query ($id: ID!) { conversation(id: $id) { messages { attachments { filename downloadUrl } } } }',
      { id: message.conversationId },
    );
    const attachment = read.data?.conversation.messages[0]?.attachments[0];
    expect(attachment?.filename).toBe('Fiche d’exercices.pdf');
    const download = await fetch(`${world.baseUrl}${attachment?.downloadUrl}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // Already sent: it cannot be attached a second time.
    const again = await send('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], attachmentIds: [id] });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachmentIds' });
  });
});

describe('replies, folders, drafts', () => {
  it('lets a pupil answer whoever wrote to them, in the same conversation', async () => {
    const fromDoc = await sent('doc.moreau', { recipients: [person(eluard, ids['eleve.lucas'] as string)], subject: 'Livre en retard' });
    // The documentaliste is not among the people a pupil may write to first…
    const first = await send('eleve.lucas', { recipients: [person(eluard, ids['doc.moreau'] as string)] });
    expect(first.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    // …but may be answered.
    const reply = await sent('eleve.lucas', { recipients: [person(eluard, ids['doc.moreau'] as string)], inReplyTo: fromDoc.id, subject: 'Re: Livre en retard' });
    expect(reply.conversationId).toBe(fromDoc.conversationId);
    const thread = await world.graphql<{ conversation: { messages: Array<{ senderName: string }> } }>(
      'doc.moreau',
      'query ($id: ID!) { conversation(id: $id) { messages { senderName } } }',
      { id: fromDoc.conversationId },
    );
    expect(thread.data?.conversation.messages).toHaveLength(2);
  });

  it('archives, trashes and restores a conversation', async () => {
    const message = await sent('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], subject: 'À ranger' });
    const MOVE = 'mutation ($id: ID!, $folder: MailFolder!) { moveConversation(id: $id, folder: $folder) }';
    const inFolder = async (folder: string) =>
      ((await world.graphql<{ mailbox: Array<{ conversationId: string }> }>('eleve.lucas', MAILBOX, { folder })).data?.mailbox ?? []).some(
        (entry) => entry.conversationId === message.conversationId,
      );
    expect(await inFolder('INBOX')).toBe(true);
    expect((await world.graphql('eleve.lucas', MOVE, { id: message.conversationId, folder: 'ARCHIVE' })).errors).toBeUndefined();
    expect(await inFolder('INBOX')).toBe(false);
    expect(await inFolder('ARCHIVE')).toBe(true);
    await world.graphql('eleve.lucas', MOVE, { id: message.conversationId, folder: 'TRASH' });
    expect(await inFolder('TRASH')).toBe(true);
    await world.graphql('eleve.lucas', 'mutation ($id: ID!) { restoreConversation(id: $id) }', { id: message.conversationId });
    expect(await inFolder('ARCHIVE')).toBe(true);
    const wrong = await world.graphql('eleve.lucas', MOVE, { id: message.conversationId, folder: 'SENT' });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'folder' });
    const stranger = await world.graphql('eleve.noah', MOVE, { id: message.conversationId, folder: 'TRASH' });
    expect(stranger.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('autosaves a draft, then sends it and the draft is gone', async () => {
    const SAVE = 'mutation ($id: ID, $input: MessageDraftInput!) { saveMessageDraft(id: $id, input: $input) { id status subject draftRecipients } }';
    const teacher = person(eluard, ids['prof.durand'] as string);
    const created = await world.graphql<{ saveMessageDraft: { id: string } }>('parent.bernard', SAVE, { input: { subject: 'Brou', recipients: [teacher] } });
    const draftId = created.data?.saveMessageDraft.id as string;
    const updated = await world.graphql<{ saveMessageDraft: { subject: string; draftRecipients: string[] } }>('parent.bernard', SAVE, {
      id: draftId,
      input: { subject: 'Brouillon', body: 'Texte en cours', recipients: [teacher] },
    });
    expect(updated.data?.saveMessageDraft).toMatchObject({ subject: 'Brouillon', draftRecipients: [teacher] });
    const drafts = await world.graphql<{ mailbox: Array<{ lastMessage: { id: string } }> }>('parent.bernard', MAILBOX, { folder: 'DRAFTS' });
    expect(drafts.data?.mailbox.map((entry) => entry.lastMessage.id)).toContain(draftId);
    const notMine = await world.graphql('eleve.lucas', SAVE, { id: draftId, input: { subject: 'x' } });
    expect(notMine.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await sent('parent.bernard', { recipients: [teacher], subject: 'Brouillon', draftId, concerningPupilId: ids['eleve.lucas'] });
    const after = await world.graphql<{ mailbox: unknown[] }>('parent.bernard', MAILBOX, { folder: 'DRAFTS' });
    expect(after.data?.mailbox).toHaveLength(0);
  });

  it('refuses a parent labelling a message with someone else’s child', async () => {
    const answer = await send('parent.bernard', { recipients: [person(eluard, ids['prof.durand'] as string)], concerningPupilId: ids['eleve.noah'] });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'concerningPupilId' });
  });
});

describe('recall', () => {
  it('withdraws an unread message within the hour, not after it was read or later', async () => {
    const lucas = person(eluard, ids['eleve.lucas'] as string);
    const RECALL = 'mutation ($id: ID!) { recallMessage(messageId: $id) { status } }';
    const first = await sent('prof.durand', { recipients: [lucas], subject: 'Erreur de destinataire' });
    const recalled = await world.graphql<{ recallMessage: { status: string } }>('prof.durand', RECALL, { id: first.id });
    expect(recalled.data?.recallMessage.status).toBe('RECALLED');
    const lucasSees = await world.graphql('eleve.lucas', 'query ($id: ID!) { conversation(id: $id) { id } }', { id: first.conversationId });
    expect(lucasSees.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const second = await sent('prof.durand', { recipients: [lucas], subject: 'Lu trop vite' });
    await world.graphql('eleve.lucas', 'mutation ($id: ID!) { markConversationRead(id: $id) { id } }', { id: second.conversationId });
    const tooLate = await world.graphql('prof.durand', RECALL, { id: second.id });
    expect(tooLate.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(tooLate.errors?.[0]?.message).toMatch(/déjà été lu/);

    const third = await sent('prof.durand', { recipients: [lucas], subject: 'Trop ancien' });
    world.clock.advance(61 * 60_000);
    const expired = await world.graphql('prof.durand', RECALL, { id: third.id });
    expect(expired.errors?.[0]?.message).toMatch(/dans l’heure/);
    const byOther = await world.graphql('eleve.lucas', RECALL, { id: third.id });
    expect(byOther.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('search (PostgreSQL full-text, French)', () => {
  it('finds a message by a word of its body with French stemming, only in the viewer’s own messages', async () => {
    await sent('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], subject: 'Informations', body: 'Les autorisations pour la sortie au théâtre sont à rendre lundi.' });
    const SEARCH = 'query ($q: String!) { searchMessages(query: $q) { subject preview } }';
    const found = await world.graphql<{ searchMessages: Array<{ subject: string }> }>('eleve.lucas', SEARCH, { q: 'sorties' });
    expect(found.data?.searchMessages.map((message) => message.subject)).toContain('Informations');
    const byName = await world.graphql<{ searchMessages: Array<{ subject: string }> }>('eleve.lucas', SEARCH, { q: 'Durand' });
    expect(byName.data?.searchMessages.length).toBeGreaterThan(0);
    const other = await world.graphql<{ searchMessages: Array<{ subject: string }> }>('eleve.noah', SEARCH, { q: 'sorties théâtre' });
    expect(other.data?.searchMessages).toEqual([]);
    const short = await world.graphql('eleve.lucas', SEARCH, { q: 's' });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});

describe('safety: report, moderation, suspension, rate limits', () => {
  it('sends a report to the establishment’s moderators, who read only that message', async () => {
    const message = await sent('prof.durand', { recipients: [person(eluard, ids['eleve.lucas'] as string)], subject: 'Message signalé' });
    const REPORT = 'mutation ($id: ID!) { reportMessage(messageId: $id, reason: "Propos déplacés") }';
    expect((await world.graphql('eleve.lucas', REPORT, { id: message.id })).errors).toBeUndefined();
    expect((await world.graphql('eleve.lucas', REPORT, { id: message.id })).errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect((await world.graphql('eleve.noah', REPORT, { id: message.id })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const REPORTS = '{ messageReports { reason message { subject body senderName } } }';
    const moderator = await world.graphql<{ messageReports: Array<{ reason: string; message: { subject: string } }> }>('direction.eluard', REPORTS);
    expect(moderator.data?.messageReports.map((report) => report.message.subject)).toContain('Message signalé');
    expect((await world.graphql('prof.durand', REPORTS)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql<{ messageReports: unknown[] }>('direction.ferry', REPORTS)).data?.messageReports).toEqual([]);
  });

  it('lets a moderator suspend and restore a person’s sending right', async () => {
    const SUSPEND = `mutation ($u: ID!, $e: ID!) { suspendSending(userId: $u, establishmentId: $e, reason: "Messages répétés") { reason } }`;
    expect((await world.graphql('prof.durand', SUSPEND, { u: ids['eleve.lucas'], e: eluard })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await world.graphql('direction.eluard', SUSPEND, { u: ids['eleve.lucas'], e: eluard })).errors).toBeUndefined();
    const refused = await send('eleve.lucas', { recipients: [person(eluard, ids['prof.durand'] as string)] });
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toMatch(/suspendu/);
    await world.graphql('direction.eluard', 'mutation ($u: ID!, $e: ID!) { restoreSending(userId: $u, establishmentId: $e) }', { u: ids['eleve.lucas'], e: eluard });
    expect((await send('eleve.lucas', { recipients: [person(eluard, ids['prof.durand'] as string)] })).errors).toBeUndefined();
  });

  it('limits mass sending per sender per hour', async () => {
    world.clock.advance(2 * 3_600_000);
    const list = `parents:${eluard}:${classe5eB}`;
    for (let index = 0; index < 3; index++) await sent('direction.eluard', { recipients: [list], subject: `Info ${index}` });
    const before = await counts();
    const fourth = await send('direction.eluard', { recipients: [list], subject: 'Info 4' });
    expect(fourth.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(await counts()).toEqual(before);
    // A single recipient still goes through.
    await sent('direction.eluard', { recipients: [person(eluard, ids['prof.durand'] as string)] });
    world.clock.advance(3_600_000);
    await sent('direction.eluard', { recipients: [list], subject: 'Info 5' });
  });
});

describe('home page summary', () => {
  it('counts a person’s unread messages, for themself only', async () => {
    const SUMMARY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { mailSummary { unread } } } }`;
    const own = await world.graphql<{ _entities: Array<{ mailSummary: { unread: number } }> }>('eleve.lucas', SUMMARY, {
      r: [{ __typename: 'User', id: ids['eleve.lucas'] }],
    });
    const unread = await world.database.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', ids['eleve.lucas'] as string)
      .where('folder', '=', 'INBOX')
      .where('unread', '=', true)
      .executeTakeFirstOrThrow();
    expect(own.data?._entities[0]?.mailSummary.unread).toBe(Number(unread.n));
    expect(Number(unread.n)).toBeGreaterThan(0);
    const other = await world.graphql('eleve.noah', SUMMARY, { r: [{ __typename: 'User', id: ids['eleve.lucas'] }] });
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('gives a parent, under each child, their unread messages about that child', async () => {
    const SUMMARY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { mailSummary { unread } } } }`;
    await sent('direction.eluard', { recipients: [`parents:${eluard}:${classe5eB}`], subject: 'Photo de classe' });
    const answer = await world.graphql<{ _entities: Array<{ mailSummary: { unread: number } }> }>('parent.bernard', SUMMARY, {
      r: [
        { __typename: 'User', id: ids['eleve.lucas'] },
        { __typename: 'User', id: ids['eleve.lea'] },
      ],
    });
    expect(answer.errors).toBeUndefined();
    const [lucas, lea] = answer.data?._entities ?? [];
    expect(lucas?.mailSummary.unread).toBeGreaterThanOrEqual(1);
    expect(lea?.mailSummary.unread).toBe(0);
  });
});

describe('module gate', () => {
  it('answers MODULE_DISABLED once the establishment switched the module off', async () => {
    await world.annuaireDb.db
      .insertInto('module_activation_changes')
      .values({ establishment_id: ferry, module_id: 'messagerie', enabled: false, effective_at: world.clock.now() })
      .execute();
    const before = await counts();
    const write = await send('eleve.lea', { recipients: [person(ferry, ids['prof.petit'] as string)] });
    expect(write.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect(await counts()).toEqual(before);
    const read = await world.graphql('eleve.lea', MAILBOX, { folder: 'INBOX' });
    expect(read.errors?.[0]?.extensions.code).toBe('MODULE_DISABLED');
    expect((await world.graphql('eleve.lucas', MAILBOX, { folder: 'INBOX' })).errors).toBeUndefined();
  });
});
