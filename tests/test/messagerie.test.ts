import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, startEnt } from '../src/harness.js';

/**
 * The messagerie through the router, composed with the annuaire: recipient lists resolved from the
 * directory at send time with the caller's token, family labelling, read receipts, the home page's
 * federated summary, and attachments through the router's subgraph routes.
 */
let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['messagerie'] });
});
afterAll(async () => {
  await ent?.stop();
});

type Option = { key: string; label: string; kind: string; user: { id: string } | null };
const OPTIONS = '{ recipientOptions { key label kind user { id } } }';
const SEND = 'mutation ($input: MessageInput!) { sendMessage(input: $input) { id conversationId recipientCount } }';

describe('messagerie through the router', () => {
  it('carries a message from the direction to the parents of 5e B, labelled per child, with read receipts', async () => {
    const direction = await ent.token('direction.eluard');
    const options = await ent.graphql<{ recipientOptions: Option[] }>(OPTIONS, { token: direction });
    expect(options.errors).toBeUndefined();
    const parents = options.data?.recipientOptions.find((option) => option.label === 'Parents de 5e B');
    expect(parents).toBeDefined();
    const sent = await ent.graphql<{ sendMessage: { id: string; conversationId: string; recipientCount: number } }>(SEND, {
      token: direction,
      variables: { input: { subject: 'Sortie au musée', body: 'Départ à 8 h 30.', recipients: [parents?.key], readReceipt: true } },
    });
    expect(sent.errors).toBeUndefined();
    expect(sent.data?.sendMessage.recipientCount).toBeGreaterThan(20);

    const parent = await ent.token('parent.bernard');
    // One federated query for the home page: the name from the annuaire, the count from the messagerie.
    const home = await ent.graphql<{ me: { firstName: string; mailSummary: { unread: number } } }>('{ me { firstName mailSummary { unread } } }', { token: parent });
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.mailSummary.unread).toBe(1);
    const inbox = await ent.graphql<{ mailbox: Array<{ conversationId: string; lastMessage: { concerning: Array<{ name: string }>; sender: { displayName: string } } }> }>(
      '{ mailbox(folder: INBOX) { conversationId lastMessage { concerning { name } sender { displayName } } } }',
      { token: parent },
    );
    expect(inbox.errors).toBeUndefined();
    expect(inbox.data?.mailbox[0]?.lastMessage.concerning.map((pupil) => pupil.name)).toEqual([expect.stringMatching(/^Lucas/)]);
    expect(inbox.data?.mailbox[0]?.lastMessage.sender.displayName).toBe('Philippe Rousseau');
    await ent.graphql('mutation ($id: ID!) { markConversationRead(id: $id) { id } }', {
      token: parent,
      variables: { id: sent.data?.sendMessage.conversationId },
    });

    const receipts = await ent.graphql<{ conversation: { messages: Array<{ receipts: Array<{ name: string; readAt: string | null; user: { displayName: string } }> }> } }>(
      'query ($id: ID!) { conversation(id: $id) { messages { receipts { name readAt user { displayName } } } } }',
      { token: direction, variables: { id: sent.data?.sendMessage.conversationId } },
    );
    expect(receipts.errors).toBeUndefined();
    const list = receipts.data?.conversation.messages[0]?.receipts ?? [];
    expect(list.filter((receipt) => receipt.readAt !== null).map((receipt) => receipt.user.displayName)).toEqual([expect.stringMatching(/Bernard$/)]);
    expect(list.filter((receipt) => receipt.readAt === null).length).toBe((sent.data?.sendMessage.recipientCount ?? 0) - 1);
  });

  it('refuses a pupil writing to a list and answers in French', async () => {
    const lucas = await ent.token('eleve.lucas');
    const direction = await ent.token('direction.eluard');
    const parents = (await ent.graphql<{ recipientOptions: Option[] }>(OPTIONS, { token: direction })).data?.recipientOptions.find(
      (option) => option.label === 'Parents de 5e B',
    );
    const refused = await ent.graphql(SEND, { token: lucas, variables: { input: { subject: 'x', body: 'y', recipients: [parents?.key] } } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipients' });
    expect(refused.errors?.[0]?.message).toMatch(/destinataire|règles/);
  });

  it('uploads an attachment through the router’s subgraph route', async () => {
    const teacher = await ent.token('prof.durand');
    const upload = await fetch(`${ent.url}/messagerie/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${teacher}`, 'content-type': 'application/pdf', 'x-file-name': 'consignes.pdf', 'x-ent-csrf': '1' },
      body: '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n',
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const anonymous = await fetch(`${ent.url}/messagerie/attachments`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-ent-csrf': '1' }, body: 'x' });
    expect(anonymous.status).toBe(401);
  });
});
