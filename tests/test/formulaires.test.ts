import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEnt, startEnt } from '../src/harness.js';

/**
 * The formulaires through the router, composed with the annuaire: a trip authorisation from the
 * library to the 5e B, signed by parent.bernard for Lucas, the home-page summary in one federated
 * query, and the CSV exports through the router's subgraph routes (UTF-8 with BOM, accents intact).
 */
let ent: RunningEnt;
beforeAll(async () => {
  ent = await startEnt({ subgraphs: ['formulaires'] });
});
afterAll(async () => {
  await ent?.stop();
});

const ACCENTS = 'Crème brûlée, œufs, garçon très sérieux — Noël à Étretat';

async function establishmentOf(login: string): Promise<string> {
  const user = await ent.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  const grant = await ent.db.selectFrom('user_profiles').select('establishment_id').where('user_id', '=', user.id).executeTakeFirstOrThrow();
  return grant.establishment_id as string;
}

describe('formulaires through the router', () => {
  it('carries a trip authorisation from direction.eluard to parent.bernard (Lucas only) and exports it', async () => {
    const direction = await ent.token('direction.eluard');
    const eluard = await establishmentOf('direction.eluard');
    const classe = await ent.db.selectFrom('classes').select('id').where('name', '=', '5e B').executeTakeFirstOrThrow();
    const copy = await ent.graphql<{ createFormFromTemplate: { id: string; sections: Array<{ title: string; questions: Array<Record<string, unknown>> }> } }>(
      'mutation ($e: ID!) { createFormFromTemplate(templateKey: "sortie-scolaire", establishmentId: $e) { id sections { title questions { key type label required options showWhen { questionKey equals } } } } }',
      { token: direction, variables: { e: eluard } },
    );
    expect(copy.errors).toBeUndefined();
    const form = copy.data?.createFormFromTemplate;
    const sections = (form?.sections ?? []).map((section) => ({
      title: section.title,
      questions: [...section.questions, { key: 'regime', type: 'SHORT_TEXT', label: 'Régime alimentaire (œufs, gâteaux…)', required: false, options: [], showWhen: null }],
    }));
    const updated = await ent.graphql('mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }', {
      token: direction,
      variables: {
        id: form?.id,
        input: {
          establishmentId: eluard,
          title: 'Sortie à Étretat — 5e B',
          purpose: 'Organiser la sortie',
          retentionDays: 60,
          deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          audience: { profile: 'PARENTS', classIds: [classe.id] },
          sections,
        },
      },
    });
    expect(updated.errors).toBeUndefined();
    const opened = await ent.graphql<{ openForm: { status: string } }>('mutation ($id: ID!) { openForm(id: $id) { status } }', { token: direction, variables: { id: form?.id } });
    expect(opened.data?.openForm.status).toBe('OPEN');

    // One federated query: names from the annuaire, the summary from the formulaires.
    const parent = await ent.token('parent.bernard');
    const home = await ent.graphql<{ me: { firstName: string; formSummary: { toAnswer: number; byChild: Array<{ child: { firstName: string }; toAnswer: number }> } } }>(
      '{ me { firstName formSummary { toAnswer byChild { child { firstName } toAnswer } } } }',
      { token: parent },
    );
    expect(home.errors).toBeUndefined();
    expect(home.data?.me.formSummary.byChild).toEqual([{ child: { firstName: 'Lucas' }, toAnswer: 1 }]);
    const toAnswer = await ent.graphql<{ formsToAnswer: Array<{ child: { id: string; firstName: string } }> }>('{ formsToAnswer { child { id firstName } } }', { token: parent });
    const lucas = toAnswer.data?.formsToAnswer[0]?.child;
    expect(lucas?.firstName).toBe('Lucas');
    const submitted = await ent.graphql(
      'mutation ($f: ID!, $c: ID, $a: [AnswerInput!]!) { submitResponse(formId: $f, childId: $c, answers: $a) { id } }',
      {
        token: parent,
        variables: {
          f: form?.id,
          c: lucas?.id,
          a: [
            { questionKey: 'autorisation', signature: { decision: 'AUTHORISED', signerName: 'Thomas Bernard', consent: true } },
            { questionKey: 'traitement', value: 'non' },
            { questionKey: 'telephone', value: '06 12 34 56 78' },
            { questionKey: 'regime', value: ACCENTS },
          ],
        },
      },
    );
    expect(submitted.errors).toBeUndefined();

    const trip = await fetch(`${ent.url}/formulaires/exports/${form?.id}/trip.csv`, { headers: { authorization: `Bearer ${direction}` } });
    expect(trip.status).toBe(200);
    const tripBytes = Buffer.from(await trip.arrayBuffer());
    expect([...tripBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const tripRows = parse(tripBytes, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(tripRows.find((row) => row['Élève'] === 'Lucas Bernard')).toMatchObject({ Classe: '5e B', Statut: 'Autorisé' });
    expect(tripRows.filter((row) => row['Statut'] === 'En attente').length).toBe(tripRows.length - 1);

    const responses = await fetch(`${ent.url}/formulaires/exports/${form?.id}/responses.csv`, { headers: { authorization: `Bearer ${direction}` } });
    const bytes = Buffer.from(await responses.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['Régime alimentaire (œufs, gâteaux…)']).toBe(ACCENTS);
    expect(rows[0]?.['Enfant']).toBe('Lucas Bernard');
    expect(rows[0]?.['J’autorise mon enfant à participer à la sortie']).toMatch(/^Autorisé — Thomas Bernard, /);

    const refused = await fetch(`${ent.url}/formulaires/exports/${form?.id}/responses.csv`, { headers: { authorization: `Bearer ${parent}` } });
    expect(refused.status).toBe(403);
  });
});
