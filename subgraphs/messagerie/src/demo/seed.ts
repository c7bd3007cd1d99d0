import type { Logger } from '@ent/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';

/** The demo accounts' shared password (annuaire/src/seed/demoAccounts.ts). */
const DEMO_PASSWORD = 'ent-demo-92';

interface Options {
  db: Kysely<Database>;
  annuaireUrl: string;
  messagerieUrl: string;
  logger: Logger;
  /** Between attempts while the annuaire seeds its demo (default 5 s), and how many (default 120). */
  retryMs?: number;
  attempts?: number;
}

interface Option {
  key: string;
  label: string;
  kind: string;
  user: { id: string } | null;
}

/**
 * Demo content on an empty messagerie: a few believable conversations between the demo accounts, sent
 * through the messagerie's own GraphQL API with tokens from a real login, so every rule applies. Ids are
 * random in the annuaire, so they are learnt that way. Runs in the background, retries until the annuaire
 * has its demo, and does nothing when any message exists (idempotent).
 */
export async function seedDemoMessages(options: Options): Promise<void> {
  const retryMs = options.retryMs ?? 5_000;
  const attempts = options.attempts ?? 120;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const existing = await options.db.selectFrom('messages').select('id').limit(1).executeTakeFirst();
      if (existing) return;
      await seedOnce(options);
      options.logger.info('messagerie demo content seeded');
      return;
    } catch (error) {
      if (attempt === attempts) {
        options.logger.warn({ err: error }, 'messagerie demo content not seeded');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

async function seedOnce(options: Options) {
  const login = async (name: string) => {
    const response = await fetch(`${options.annuaireUrl.replace(/\/$/, '')}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: name, password: DEMO_PASSWORD }),
    });
    if (!response.ok) throw new Error(`demo login ${name}: HTTP ${response.status}`);
    const body = (await response.json()) as { accessToken?: string };
    if (!body.accessToken) throw new Error(`demo login ${name}: no token`);
    return body.accessToken;
  };
  const graphql = async <T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${options.messagerieUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`demo: ${body.errors[0]?.message}`);
    return body.data as T;
  };
  const options_ = (token: string) =>
    graphql<{ recipientOptions: Option[] }>(token, '{ recipientOptions { key label kind user { id } } }').then((data) => data.recipientOptions);
  const send = (token: string, input: Record<string, unknown>) =>
    graphql<{ sendMessage: { id: string; conversationId: string } }>(token, 'mutation ($input: MessageInput!) { sendMessage(input: $input) { id conversationId } }', {
      input,
    }).then((data) => data.sendMessage);
  const pick = (all: Option[], label: RegExp) => {
    const found = all.find((option) => label.test(option.label));
    if (!found) throw new Error(`demo: no recipient matching ${label}`);
    return found.key;
  };

  const direction = await login('direction.eluard');
  const durand = await login('prof.durand');
  const bernard = await login('parent.bernard');
  const lucas = await login('eleve.lucas');
  const petit = await login('prof.petit');

  const directionOptions = await options_(direction);
  await send(direction, {
    subject: 'Sortie au musée du quai Branly – 5e B',
    body: 'Madame, Monsieur,\n\nLa classe de 5e B se rendra au musée du quai Branly le jeudi 10 décembre. Le départ aura lieu à 8 h 30 devant le collège, le retour vers 16 h.\n\nMerci de signer l’autorisation de sortie dans le carnet de correspondance.\n\nLe principal, Philippe Rousseau',
    recipients: [pick(directionOptions, /^Parents de 5e B$/)],
    readReceipt: true,
  });
  await send(direction, {
    subject: 'Conseil pédagogique du mardi',
    body: 'Bonjour à toutes et à tous,\n\nLe conseil pédagogique se tiendra mardi à 17 h en salle des professeurs. Ordre du jour : projet d’établissement, sorties du deuxième trimestre.',
    recipients: [pick(directionOptions, /^Personnel de /)],
  });

  const durandOptions = await options_(durand);
  await send(durand, {
    subject: 'Contrôle de mathématiques sur les fractions',
    body: 'Bonjour,\n\nUn contrôle sur les fractions aura lieu vendredi prochain. Les exercices de révision sont dans le cahier de textes.\n\nCordialement,\nMme Durand',
    recipients: [pick(durandOptions, /^Parents de 5e B$/)],
  });

  const bernardOptions = await options_(bernard);
  const teacherKey = bernardOptions.find((option) => option.kind === 'PERSON' && /Durand/.test(option.label))?.key;
  const me = await graphql<{ messagerieChildren: Array<{ id: string; name: string }> }>(bernard, '{ messagerieChildren { id name } }');
  const lucasChild = me.messagerieChildren.find((child) => /Lucas/.test(child.name));
  if (teacherKey && lucasChild) {
    const question = await send(bernard, {
      subject: 'Absence de Lucas jeudi',
      body: 'Bonjour Madame,\n\nLucas aura un rendez-vous médical jeudi matin et manquera le cours de mathématiques. Pourriez-vous lui indiquer le travail à rattraper ?\n\nBien cordialement,\nM. Bernard',
      recipients: [teacherKey],
      concerningPupilId: lucasChild.id,
    });
    const conversation = await graphql<{ conversation: { messages: Array<{ id: string; sender: { id: string } }> } }>(
      durand,
      'query ($id: ID!) { conversation(id: $id) { messages { id sender { id } } } }',
      { id: question.conversationId },
    );
    const senderId = conversation.conversation.messages[0]?.sender.id;
    if (senderId) {
      await send(durand, {
        subject: 'Re: Absence de Lucas jeudi',
        body: 'Bonjour Monsieur,\n\nMerci de m’avoir prévenue. Lucas pourra récupérer la fiche d’exercices auprès de moi vendredi.\n\nCordialement,\nMme Durand',
        recipients: [`person:${teacherKey.split(':')[1]}:${senderId}`],
        inReplyTo: question.id,
        concerningPupilId: lucasChild.id,
      });
    }
  }

  const lucasOptions = await options_(lucas);
  const lucasTeacher = lucasOptions.find((option) => option.kind === 'PERSON' && /Durand/.test(option.label))?.key;
  if (lucasTeacher) {
    await send(lucas, {
      subject: 'Question sur l’exercice 4',
      body: 'Bonjour Madame,\n\nJe ne comprends pas la question b de l’exercice 4 page 52. Faut-il simplifier la fraction ?\n\nMerci,\nLucas',
      recipients: [lucasTeacher],
    });
  }

  const petitOptions = await options_(petit);
  await send(petit, {
    subject: 'Classe découverte en mai',
    body: 'Chers parents,\n\nLa classe de CE1 partira en classe découverte du 18 au 20 mai. Une réunion d’information aura lieu le lundi 14 décembre à 18 h.',
    recipients: [pick(petitOptions, /^Parents de CE1$/)],
    readReceipt: true,
  });
}
