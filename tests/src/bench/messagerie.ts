import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, migrations, seedDemo } from '@ent/annuaire';
import { openDatabase, silentLogger } from '@ent/kit';
import { type Database as MessagerieDatabase, migrations as messagerieMigrations } from '@ent/messagerie';
import { sql } from 'kysely';
import { formatResults, type LoadResult, runLoad } from './load.js';
import { benchToken, startBenchServices } from './services.js';

/**
 * npm run bench:messagerie — two figures of the issue, through the router with the annuaire, the
 * messagerie and the router as separate processes (as in production):
 * 1. the time to send one message to « Parents de 5e B » when 5e B has about 300 pupils and 600 parents
 *    (generated in the annuaire's database): the list is expanded from the directory at send time and
 *    the 601 deliveries are written in one transaction;
 * 2. the p95 of a parent's inbox (50 newest conversations) when that parent has 2,000 messages.
 * Prints figures; asserts nothing. ENT_BENCH_SECONDS (default 10), ENT_BENCH_CONNECTIONS (default 8),
 * ENT_BENCH_SENDS (default 5).
 */
const seconds = Number(process.env['ENT_BENCH_SECONDS'] ?? 10);
const connections = Number(process.env['ENT_BENCH_CONNECTIONS'] ?? 8);
const sends = Number(process.env['ENT_BENCH_SENDS'] ?? 5);
const PARENTS = 600;
const INBOX_MESSAGES = 2000;

async function countPupils(dataRoot: string, classId: string): Promise<number> {
  const annuaire = await openDatabase<Database>({ subgraph: 'annuaire', migrations, dataDir: join(dataRoot, 'annuaire'), logger: silentLogger });
  const row = await annuaire.db.selectFrom('class_members').select((eb) => eb.fn.countAll<number>().as('n')).where('class_id', '=', classId).executeTakeFirstOrThrow();
  await annuaire.close();
  return Number(row.n);
}

async function prepareData(dataRoot: string) {
  const annuaire = await openDatabase<Database>({ subgraph: 'annuaire', migrations, dataDir: join(dataRoot, 'annuaire'), logger: silentLogger });
  await seedDemo(annuaire.db, { logger: silentLogger });
  const db = annuaire.db;
  const class5eB = await db
    .selectFrom('classes')
    .innerJoin('establishments', 'establishments.id', 'classes.establishment_id')
    .select(['classes.id', 'classes.establishment_id'])
    .where('classes.name', '=', '5e B')
    .where('establishments.name', '=', 'Collège Paul Éluard')
    .executeTakeFirstOrThrow();
  const present = await db
    .selectFrom('family_links')
    .innerJoin('class_members', 'class_members.user_id', 'family_links.child_id')
    .select((eb) => eb.fn.count<number>(sql`distinct family_links.parent_id`).as('n'))
    .where('class_members.class_id', '=', class5eB.id)
    .executeTakeFirstOrThrow();
  const now = new Date();
  const pupils = [];
  const parents = [];
  // Pupils with two parents each until the class has at least PARENTS parents.
  for (let index = 0; Number(present.n) + parents.length < PARENTS; index++) {
    const pupilId = randomUUID();
    pupils.push({ id: pupilId, login: `bench.eleve.${index}`, first_name: `Élève${index}`, last_name: 'Banc', email: null, password_hash: null, password_changed_at: null, totp_secret: null, totp_enrolled_at: null, external_id: null, updated_at: now, deactivated_at: null });
    for (const role of ['mere', 'pere']) {
      parents.push({ child: pupilId, user: { id: randomUUID(), login: `bench.${role}.${index}`, first_name: role === 'mere' ? 'Mère' : 'Père', last_name: `Banc${index}`, email: null, password_hash: null, password_changed_at: null, totp_secret: null, totp_enrolled_at: null, external_id: null, updated_at: now, deactivated_at: null } });
    }
  }
  const chunks = <T>(rows: T[], size = 500) => Array.from({ length: Math.ceil(rows.length / size) }, (_, index) => rows.slice(index * size, (index + 1) * size));
  for (const chunk of chunks([...pupils, ...parents.map((parent) => parent.user)])) await db.insertInto('users').values(chunk).execute();
  for (const chunk of chunks([
    ...pupils.map((pupil) => ({ user_id: pupil.id, profile: 'ELEVE', establishment_id: class5eB.establishment_id, function_label: null })),
    ...parents.map((parent) => ({ user_id: parent.user.id, profile: 'PARENT', establishment_id: class5eB.establishment_id, function_label: null })),
  ]))
    await db.insertInto('user_profiles').values(chunk).execute();
  for (const chunk of chunks(pupils.map((pupil) => ({ class_id: class5eB.id, user_id: pupil.id })))) await db.insertInto('class_members').values(chunk).execute();
  for (const chunk of chunks(parents.map((parent) => ({ parent_id: parent.user.id, child_id: parent.child, relationship: null }))))
    await db.insertInto('family_links').values(chunk).execute();
  const parentCount = await db
    .selectFrom('family_links')
    .innerJoin('class_members', 'class_members.user_id', 'family_links.child_id')
    .select((eb) => eb.fn.count<number>(sql`distinct family_links.parent_id`).as('n'))
    .where('class_members.class_id', '=', class5eB.id)
    .executeTakeFirstOrThrow();
  const bernard = await db.selectFrom('users').select('id').where('login', '=', 'parent.bernard').executeTakeFirstOrThrow();
  const lucas = await db.selectFrom('users').select(['id', 'first_name', 'last_name']).where('login', '=', 'eleve.lucas').executeTakeFirstOrThrow();
  const direction = await db.selectFrom('users').select(['id']).where('login', '=', 'direction.eluard').executeTakeFirstOrThrow();
  await annuaire.close();

  // 2,000 messages in parent.bernard's inbox over two school years, half of them about Lucas.
  const messagerie = await openDatabase<MessagerieDatabase>({ subgraph: 'messagerie', migrations: messagerieMigrations, dataDir: join(dataRoot, 'messagerie'), logger: silentLogger });
  const mdb = messagerie.db;
  const conversations = [];
  const messages = [];
  const deliveries = [];
  for (let index = 0; index < INBOX_MESSAGES; index++) {
    const at = new Date(now.getTime() - index * 8 * 3_600_000);
    const conversationId = randomUUID();
    const messageId = randomUUID();
    const about = index % 2 === 0 ? [{ id: lucas.id, name: `${lucas.first_name} ${lucas.last_name}` }] : [];
    conversations.push({ id: conversationId, establishment_id: class5eB.establishment_id, subject: `Information n° ${index}`, created_at: at });
    messages.push({
      id: messageId, conversation_id: conversationId, establishment_id: class5eB.establishment_id, sender_id: direction.id, sender_name: 'Philippe Rousseau',
      subject: `Information n° ${index}`, body_html: `<p>Message ${index} : la sortie scolaire, la cantine et les horaires.</p>`, body_text: `Message ${index} : la sortie scolaire, la cantine et les horaires.`,
      status: 'SENT' as const, urgent: false, read_receipt: index % 10 === 0, addressed: JSON.stringify([{ key: `parents:${class5eB.establishment_id}:${class5eB.id}`, kind: 'LIST', label: 'Parents de 5e B' }]),
      draft_recipients: '[]', concerning: JSON.stringify(about), in_reply_to: null, forward_of: null, recipient_count: 1, created_at: at, updated_at: at, deliver_at: at, recalled_at: null,
    });
    deliveries.push({
      message_id: messageId, user_id: bernard.id, conversation_id: conversationId, display_name: 'Bernard', is_sender: false, folder: 'INBOX' as const, previous_folder: null,
      unread: index < 40, read_at: null, concerning: JSON.stringify(about), concerning_ids: about.map((pupil) => pupil.id), deliver_at: at, notified_at: at, reminded_at: null,
    });
  }
  for (const chunk of chunks(conversations)) await mdb.insertInto('conversations').values(chunk).execute();
  for (const chunk of chunks(messages)) await mdb.insertInto('messages').values(chunk).execute();
  for (const chunk of chunks(deliveries)) await mdb.insertInto('deliveries').values(chunk).execute();
  await sql`update messages set search = to_tsvector('french', subject || ' ' || body_text)`.execute(mdb);
  await sql`analyze`.execute(mdb);
  await messagerie.close();
  const pupilCount = await countPupils(dataRoot, class5eB.id);
  return { parents: Number(parentCount.n), pupils: pupilCount };
}

const INBOX = '{ mailbox(folder: INBOX, first: 50) { conversationId unreadCount messageCount lastMessage { id subject senderName preview sentAt unread urgent concerning { id name } } } }';
const SEND = 'mutation ($input: MessageInput!) { sendMessage(input: $input) { id recipientCount } }';

async function main(): Promise<void> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'ent-bench-messagerie-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}`);
    const started = Date.now();
    const volume = await prepareData(dataRoot);
    console.log(`Data: 5e B with ${volume.pupils} pupils and ${volume.parents} parents; ${INBOX_MESSAGES} messages in parent.bernard's inbox (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const services = await startBenchServices(dataRoot, ['messagerie']);
    stop = services.stop;
    const routerUrl = services.urls['router'] as string;
    const direction = { authorization: `Bearer ${await benchToken(routerUrl, 'direction.eluard')}`, 'content-type': 'application/json' };
    const parent = { authorization: `Bearer ${await benchToken(routerUrl, 'parent.bernard')}` };

    const optionsAnswer = await fetch(`${routerUrl}/graphql`, { method: 'POST', headers: direction, body: JSON.stringify({ query: '{ recipientOptions { key label } }' }) });
    const options = (await optionsAnswer.json()) as { data?: { recipientOptions: Array<{ key: string; label: string }> } };
    const key = options.data?.recipientOptions.find((option) => option.label === 'Parents de 5e B')?.key;
    if (!key) throw new Error('no « Parents de 5e B » option for direction.eluard');

    const timings: number[] = [];
    let recipients = 0;
    for (let index = 0; index < sends; index++) {
      const body = JSON.stringify({ query: SEND, variables: { input: { subject: `Réunion ${index}`, body: 'La réunion parents-professeurs aura lieu jeudi.', recipients: [key], readReceipt: true } } });
      const before = performance.now();
      const response = await fetch(`${routerUrl}/graphql`, { method: 'POST', headers: direction, body });
      const answer = (await response.json()) as { data?: { sendMessage: { recipientCount: number } }; errors?: Array<{ message: string }> };
      const elapsed = performance.now() - before;
      if (!answer.data) throw new Error(`sendMessage failed: ${answer.errors?.[0]?.message}`);
      recipients = answer.data.sendMessage.recipientCount;
      timings.push(elapsed);
    }
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(
      `\nSend one message to « Parents de 5e B » (${recipients} parents, through the router, list expanded from the annuaire, one transaction):\n` +
        `  ${timings.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} — median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, first ${timings[0]?.toFixed(0)} ms (cold)\n`,
    );

    const inbox = JSON.stringify({ query: INBOX });
    const check = await fetch(`${routerUrl}/graphql`, { method: 'POST', headers: { ...parent, 'content-type': 'application/json' }, body: inbox });
    const checked = (await check.json()) as { data?: { mailbox: unknown[] } };
    if (!checked.data) throw new Error('the inbox query failed');
    console.log(`Inbox query: ${INBOX}\nAnswer: ${checked.data.mailbox.length} conversations (of ${INBOX_MESSAGES + sends} messages)\n`);
    const results: LoadResult[] = [];
    await runLoad({ label: 'warm-up', url: `${routerUrl}/graphql`, connections, durationSeconds: 3, headers: parent, bodies: [inbox] });
    results.push(await runLoad({ label: 'parent inbox, 1 conn. (router)', url: `${routerUrl}/graphql`, connections: 1, durationSeconds: seconds, headers: parent, bodies: [inbox] }));
    results.push(await runLoad({ label: `parent inbox, ${connections} conn. (router)`, url: `${routerUrl}/graphql`, connections, durationSeconds: seconds, headers: parent, bodies: [inbox] }));
    console.log(formatResults(results));
  } finally {
    await stop?.();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

await main();
