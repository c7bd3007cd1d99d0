import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, tableCounts, type World } from './helpers.js';

let world: World;
let eluard: string;
let ferry: string;
let classe5eB: string;
let classeCE1: string;
let lucasId: string;
let leaId: string;

beforeAll(async () => {
  world = await startWorld();
  const lucas = await world.viewerOf('eleve.lucas');
  const lea = await world.viewerOf('eleve.lea');
  lucasId = lucas.userId;
  leaId = lea.userId;
  classe5eB = lucas.classIds[0] as string;
  classeCE1 = lea.classIds[0] as string;
  eluard = (await world.viewerOf('direction.eluard')).profiles[0]?.establishmentId as string;
  ferry = (await world.viewerOf('direction.ferry')).profiles[0]?.establishmentId as string;
});
afterAll(async () => {
  await world?.stop();
});

const FORM = 'id status title deadline responseCount expectedCount canSeeResults sections { questions { key type required options showWhen { questionKey equals } } }';
const CREATE = `mutation ($input: FormInput!) { createForm(input: $input) { ${FORM} } }`;
const OPEN = `mutation ($id: ID!) { openForm(id: $id) { ${FORM} } }`;
const SUBMIT = `mutation ($formId: ID!, $childId: ID, $answers: [AnswerInput!]!) {
  submitResponse(formId: $formId, childId: $childId, answers: $answers) { id childName respondent { id } answers { questionKey value values signature { decision signerName signedAt ip } } }
}`;

const inDays = (days: number) => new Date(world.clock.now().getTime() + days * 86_400_000).toISOString();

function tripInput(overrides: Record<string, unknown> = {}) {
  return {
    establishmentId: eluard,
    title: 'Sortie au château de Versailles',
    description: 'Départ à 8 h 30, retour à 17 h.',
    purpose: 'Organiser la sortie',
    retentionDays: 30,
    deadline: inDays(5),
    audience: { profile: 'PARENTS', classIds: [classe5eB] },
    sections: [
      {
        title: 'Autorisation',
        questions: [
          { key: 'autorisation', type: 'AUTHORISATION', label: 'J’autorise mon enfant à participer', required: true },
          { key: 'traitement', type: 'YES_NO', label: 'Traitement médical ?', required: true },
          { key: 'detail', type: 'LONG_TEXT', label: 'Lequel ?', required: true, showWhen: { questionKey: 'traitement', equals: 'oui' } },
          { key: 'repas', type: 'SINGLE_CHOICE', label: 'Repas', required: false, options: ['Pique-nique', 'Cantine'] },
          { key: 'activites', type: 'MULTIPLE_CHOICE', label: 'Activités', required: false, options: ['Jardins', 'Galerie des Glaces', 'Trianon'] },
          { key: 'age', type: 'NUMBER', label: 'Âge', required: false },
        ],
      },
    ],
    ...overrides,
  };
}

const signed = (decision = 'AUTHORISED', consent = true, signerName = 'Thomas Bernard') => ({ decision, signerName, consent });

async function openTrip(overrides: Record<string, unknown> = {}, login = 'direction.eluard') {
  const created = await world.graphql<{ createForm: { id: string } }>(login, CREATE, { input: tripInput(overrides) });
  expect(created.errors).toBeUndefined();
  const id = created.data?.createForm.id as string;
  const opened = await world.graphql<{ openForm: { status: string; expectedCount: number } }>(login, OPEN, { id });
  expect(opened.errors).toBeUndefined();
  return { id, opened: opened.data?.openForm };
}

describe('builder and lifecycle', () => {
  it('creates a draft, opens it with the audience fixed from the annuaire, and shows it only to its audience', async () => {
    const { id, opened } = await openTrip();
    expect(opened?.status).toBe('OPEN');
    expect(opened?.expectedCount).toBeGreaterThan(1);
    const members = await world.database.db.selectFrom('audience_members').selectAll().where('form_id', '=', id).execute();
    expect(members.map((member) => member.pupil_id)).toContain(lucasId);
    expect(members.map((member) => member.pupil_id)).not.toContain(leaId);
    const lucas = members.find((member) => member.pupil_id === lucasId);
    expect(lucas?.guardian_ids.length).toBe(2); // Thomas Bernard and the generated other guardian
    expect(lucas?.class_name).toBe('5e B');

    const toAnswer = await world.graphql<{ formsToAnswer: Array<{ form: { id: string }; child: { id: string } | null; childName: string }> }>(
      'parent.bernard',
      '{ formsToAnswer { form { id } child { id } childName } }',
    );
    const mine = toAnswer.data?.formsToAnswer.filter((item) => item.form.id === id) ?? [];
    expect(mine).toEqual([{ form: { id }, child: { id: lucasId }, childName: 'Lucas Bernard' }]);
    const read = await world.graphql<{ form: { canSeeResults: boolean; responseCount: number | null } }>('parent.bernard', `query ($id: ID!) { form(id: $id) { canSeeResults responseCount } }`, { id });
    expect(read.data?.form).toEqual({ canSeeResults: false, responseCount: null });
    const garcia = await world.graphql('parent.garcia', `query ($id: ID!) { form(id: $id) { id } }`, { id });
    expect(garcia.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('a teacher writes for the classes they teach only; pupils and parents write no form', async () => {
    const own = await world.graphql<{ createForm: { id: string } }>('prof.durand', CREATE, { input: tripInput() });
    expect(own.errors).toBeUndefined();
    const durand = await world.viewerOf('prof.durand');
    const notTaught = (await world.annuaireDb.db.selectFrom('classes').select('id').where('establishment_id', '=', eluard).execute())
      .map((row) => row.id)
      .find((id) => !durand.classIds.includes(id));
    const other = await world.graphql('prof.durand', CREATE, { input: tripInput({ audience: { profile: 'PARENTS', classIds: [notTaught] } }) });
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const whole = await world.graphql('prof.durand', CREATE, { input: tripInput({ audience: { profile: 'PARENTS', wholeEstablishment: true } }) });
    expect(whole.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    for (const login of ['eleve.lucas', 'parent.bernard']) {
      const refused = await world.graphql(login, CREATE, { input: tripInput() });
      expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    const otherSchool = await world.graphql('direction.eluard', CREATE, { input: tripInput({ audience: { profile: 'PARENTS', classIds: [classeCE1] } }) });
    // The annuaire hides another school's class from this direction: refused as not theirs.
    expect(otherSchool.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses bad builder input in French, naming the field, writing nothing', async () => {
    const before = await tableCounts(world);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '  ' }, 'title'],
      [{ deadline: inDays(-1) }, 'deadline'],
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ sections: [{ title: 'S', questions: [{ key: 'a', type: 'SINGLE_CHOICE', label: 'A', options: ['un'] }] }] }, 'sections[0].questions[0].options'],
      [{ sections: [{ title: 'S', questions: [{ key: 'A B', type: 'SHORT_TEXT', label: 'A' }] }] }, 'sections[0].questions[0].key'],
      [
        { sections: [{ title: 'S', questions: [{ key: 'b', type: 'SHORT_TEXT', label: 'B', showWhen: { questionKey: 'a', equals: 'oui' } }, { key: 'a', type: 'YES_NO', label: 'A' }] }] },
        'sections[0].questions[0].showWhen',
      ],
      [{ sections: [{ title: 'S', questions: [{ key: 'a', type: 'YES_NO', label: 'A' }, { key: 'b', type: 'SHORT_TEXT', label: 'B', showWhen: { questionKey: 'a', equals: 'peut-être' } }] }] }, 'sections[0].questions[1].showWhen'],
      [{ anonymous: true }, 'anonymous'],
      [{ bothGuardians: true, audience: { profile: 'PUPILS', classIds: [classe5eB] } }, 'bothGuardians'],
      [{ sections: [] }, 'sections'],
    ];
    for (const [overrides, field] of cases) {
      const result = await world.graphql('direction.eluard', CREATE, { input: tripInput(overrides) });
      expect(result.errors?.[0]?.extensions, JSON.stringify(overrides)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors?.[0]?.message).toMatch(/^Valeur invalide pour/);
    }
    expect(await tableCounts(world)).toEqual(before);
  });

  it('only the author changes a draft; an open form no longer changes; closing early and extending', async () => {
    const draft = await world.graphql<{ createForm: { id: string } }>('direction.eluard', CREATE, { input: tripInput() });
    const id = draft.data?.createForm.id as string;
    const byOther = await world.graphql('prof.durand', 'mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }', { id, input: tripInput() });
    expect(byOther.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const hidden = await world.graphql('parent.bernard', 'query ($id: ID!) { form(id: $id) { id } }', { id });
    expect(hidden.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    await world.graphql('direction.eluard', OPEN, { id });
    const frozen = await world.graphql('direction.eluard', 'mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }', { id, input: tripInput() });
    expect(frozen.errors?.[0]?.extensions.code).toBe('CONFLICT');
    const closed = await world.graphql<{ closeForm: { status: string } }>('direction.eluard', 'mutation ($id: ID!) { closeForm(id: $id) { status } }', { id });
    expect(closed.data?.closeForm.status).toBe('CLOSED');
    const before = await tableCounts(world);
    const late = await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }] });
    expect(late.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(late.errors?.[0]?.message).toMatch(/fermé/);
    expect(await tableCounts(world)).toEqual(before);
    const earlier = await world.graphql('direction.eluard', 'mutation ($id: ID!, $d: String!) { extendForm(id: $id, deadline: $d) { status } }', { id, d: inDays(-1) });
    expect(earlier.errors?.[0]?.extensions.field).toBe('deadline');
    const extended = await world.graphql<{ extendForm: { status: string } }>('direction.eluard', 'mutation ($id: ID!, $d: String!) { extendForm(id: $id, deadline: $d) { status } }', { id, d: inDays(9) });
    expect(extended.data?.extendForm.status).toBe('OPEN');
    const now = await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }] });
    expect(now.errors).toBeUndefined();
  });

  it('copies a template of the library into a draft to adapt', async () => {
    const templates = await world.graphql<{ formTemplates: Array<{ key: string }> }>('prof.durand', '{ formTemplates { key } }');
    expect(templates.data?.formTemplates.map((template) => template.key)).toEqual(['sortie-scolaire', 'droit-image', 'reservation-salle', 'enquete-satisfaction']);
    const copy = await world.graphql<{ createFormFromTemplate: { status: string; title: string; templateKey: string; sections: Array<{ questions: Array<{ key: string }> }> } }>(
      'direction.eluard',
      'mutation ($e: ID!) { createFormFromTemplate(templateKey: "sortie-scolaire", establishmentId: $e) { status title templateKey sections { questions { key } } } }',
      { e: eluard },
    );
    expect(copy.data?.createFormFromTemplate).toMatchObject({ status: 'DRAFT', title: 'Autorisation de sortie scolaire', templateKey: 'sortie-scolaire' });
    expect(copy.data?.createFormFromTemplate.sections[0]?.questions.map((question) => question.key)).toContain('traitement-detail');
    const unknown = await world.graphql('direction.eluard', 'mutation ($e: ID!) { createFormFromTemplate(templateKey: "inconnu", establishmentId: $e) { id } }', { e: eluard });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'templateKey' });
  });
});

describe('answers, signatures per child, conditions on the server', () => {
  let formId: string;
  beforeAll(async () => {
    formId = (await openTrip({ title: 'Sortie au Louvre' })).id;
  });

  it('refuses each bad answer with a French message and writes nothing', async () => {
    const before = await tableCounts(world);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ answers: [{ questionKey: 'traitement', value: 'non' }] }, 'BAD_USER_INPUT', 'answers.autorisation'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed('AUTHORISED', false) }, { questionKey: 'traitement', value: 'non' }] }, 'BAD_USER_INPUT', 'answers.autorisation'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed('AUTHORISED', true, ' ') }, { questionKey: 'traitement', value: 'non' }] }, 'BAD_USER_INPUT', 'answers.autorisation'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }, { questionKey: 'repas', value: 'Restaurant' }] }, 'BAD_USER_INPUT', 'answers.repas'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }, { questionKey: 'activites', values: ['Jardins', 'Piscine'] }] }, 'BAD_USER_INPUT', 'answers.activites'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }, { questionKey: 'age', value: 'douze' }] }, 'BAD_USER_INPUT', 'answers.age'],
      // The condition holds: the detail becomes required.
      [{ answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'oui' }] }, 'BAD_USER_INPUT', 'answers.detail'],
      [{ answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }, { questionKey: 'inconnue', value: 'x' }] }, 'BAD_USER_INPUT', 'answers.inconnue'],
      [{ childId: undefined, answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }] }, 'BAD_USER_INPUT', 'childId'],
      [{ childId: leaId, answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }] }, 'BAD_USER_INPUT', 'childId'],
    ];
    for (const [variables, code, field] of cases) {
      const result = await world.graphql('parent.bernard', SUBMIT, { formId, childId: lucasId, ...variables });
      expect(result.errors?.[0]?.extensions, JSON.stringify(variables)).toMatchObject({ code, field });
      expect(result.errors?.[0]?.message).toMatch(/^Valeur invalide pour « .+ » : \S/);
    }
    const consent = await world.graphql('parent.bernard', SUBMIT, { formId, childId: lucasId, answers: [{ questionKey: 'autorisation', signature: signed('AUTHORISED', false) }, { questionKey: 'traitement', value: 'non' }] });
    expect(consent.errors?.[0]?.message).toContain('consentement');
    expect(await tableCounts(world)).toEqual(before);
  });

  it('only parents of the audience answer, for their own child', async () => {
    const answers = [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }];
    const garcia = await world.graphql('parent.garcia', SUBMIT, { formId, childId: lucasId, answers });
    expect(garcia.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const teacher = await world.graphql('prof.durand', SUBMIT, { formId, answers });
    expect(teacher.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const pupil = await world.graphql('eleve.lucas', SUBMIT, { formId, answers });
    expect(pupil.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('a hidden question’s answer is dropped; the signature records name, consent, time and IP; one response per child', async () => {
    const result = await world.graphql<{ submitResponse: { childName: string; answers: Array<{ questionKey: string; value: string | null; signature: { decision: string; signerName: string; signedAt: string; ip: string | null } | null }> } }>(
      'parent.bernard',
      SUBMIT,
      {
        formId,
        childId: lucasId,
        answers: [
          { questionKey: 'autorisation', signature: signed() },
          { questionKey: 'traitement', value: 'Non' },
          { questionKey: 'detail', value: 'ne doit pas être gardé' },
          { questionKey: 'activites', values: ['Jardins', 'Trianon'] },
          { questionKey: 'age', value: '12' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const response = result.data?.submitResponse;
    expect(response?.childName).toBe('Lucas Bernard');
    expect(response?.answers.map((answer) => answer.questionKey).sort()).toEqual(['activites', 'age', 'autorisation', 'traitement']);
    const signature = response?.answers.find((answer) => answer.questionKey === 'autorisation')?.signature;
    expect(signature).toMatchObject({ decision: 'AUTHORISED', signerName: 'Thomas Bernard', signedAt: world.clock.now().toISOString(), ip: null });
    const row = await world.database.db.selectFrom('signatures').selectAll().where('form_id', '=', formId).executeTakeFirstOrThrow();
    expect(row.ip).toMatch(/127\.0\.0\.1/);
    expect(row.consent).toBe(true);
    const before = await tableCounts(world);
    const again = await world.graphql('parent.bernard', SUBMIT, { formId, childId: lucasId, answers: [{ questionKey: 'autorisation', signature: signed('REFUSED') }, { questionKey: 'traitement', value: 'non' }] });
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain('Lucas Bernard');
    expect(await tableCounts(world)).toEqual(before);
    const left = await world.graphql<{ formsToAnswer: Array<{ form: { id: string } }> }>('parent.bernard', '{ formsToAnswer { form { id } } }');
    expect(left.data?.formsToAnswer.some((item) => item.form.id === formId)).toBe(false);
  });

  it('results, trip list, statistics and exports: author and direction only', async () => {
    const trip = await world.graphql<{ tripAuthorisations: Array<{ pupil: { id: string }; status: string; signatures: Array<{ signerName: string }> }> }>(
      'direction.eluard',
      'query ($id: ID!) { tripAuthorisations(formId: $id) { pupil { id } pupilName status signatures { signerName signedAt } } }',
      { id: formId },
    );
    const rows = trip.data?.tripAuthorisations ?? [];
    expect(rows.find((row) => row.pupil.id === lucasId)).toMatchObject({ status: 'AUTHORISED', signatures: [{ signerName: 'Thomas Bernard' }] });
    expect(rows.filter((row) => row.status === 'PENDING').length).toBe(rows.length - 1);
    const stats = await world.graphql<{ formStatistics: Array<{ questionKey: string; answered: number; counts: Array<{ value: string; count: number }>; average: number | null }> }>(
      'direction.eluard',
      'query ($id: ID!) { formStatistics(formId: $id) { questionKey answered counts { value count } average } }',
      { id: formId },
    );
    const byKey = Object.fromEntries((stats.data?.formStatistics ?? []).map((row) => [row.questionKey, row]));
    expect(byKey['traitement']?.counts).toEqual([{ value: 'oui', count: 0 }, { value: 'non', count: 1 }]);
    expect(byKey['activites']?.counts).toEqual([{ value: 'Jardins', count: 1 }, { value: 'Galerie des Glaces', count: 0 }, { value: 'Trianon', count: 1 }]);
    expect(byKey['age']?.average).toBe(12);
    expect(byKey['autorisation']?.counts).toEqual([{ value: 'AUTHORISED', count: 1 }, { value: 'REFUSED', count: 0 }]);
    for (const login of ['parent.bernard', 'prof.durand', 'eleve.lucas', 'direction.ferry']) {
      const refused = await world.graphql(login, 'query ($id: ID!) { formResponses(formId: $id) { id } }', { id: formId });
      expect(refused.errors?.[0]?.extensions.code, login).toBe('FORBIDDEN');
    }
    const own = await world.graphql<{ myResponses: Array<{ childName: string }> }>('parent.bernard', 'query ($id: ID!) { myResponses(formId: $id) { childName } }', { id: formId });
    expect(own.data?.myResponses).toEqual([{ childName: 'Lucas Bernard' }]);

    const token = await world.tokenOf('direction.eluard');
    const csv = await fetch(`${world.baseUrl}/formulaires/exports/${formId}/trip.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(Buffer.from(bytes), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.find((record) => record['Élève'] === 'Lucas Bernard')).toMatchObject({ Classe: '5e B', Statut: 'Autorisé' });
    const responses = await fetch(`${world.baseUrl}/formulaires/exports/${formId}/responses.csv`, { headers: { authorization: `Bearer ${token}` } });
    const parsed = parse(Buffer.from(await responses.arrayBuffer()), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(parsed).toHaveLength(1);
    expect(parsed[0]?.['Enfant']).toBe('Lucas Bernard');
    expect(parsed[0]?.['Activités']).toBe('Jardins, Trianon');
    const parentToken = await world.tokenOf('parent.bernard');
    expect((await fetch(`${world.baseUrl}/formulaires/exports/${formId}/trip.csv`, { headers: { authorization: `Bearer ${parentToken}` } })).status).toBe(403);
    expect((await fetch(`${world.baseUrl}/formulaires/exports/${formId}/trip.csv`)).status).toBe(401);
  });
});

describe('both guardians, anonymous surveys', () => {
  it('a form requiring both legal guardians stays pending until each signed', async () => {
    const { id } = await openTrip({ bothGuardians: true, title: 'Droit à l’image' });
    const answers = [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }];
    expect((await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers })).errors).toBeUndefined();
    const trip = await world.graphql<{ tripAuthorisations: Array<{ pupil: { id: string }; status: string; missingSignatures: number }> }>(
      'direction.eluard',
      'query ($id: ID!) { tripAuthorisations(formId: $id) { pupil { id } status missingSignatures } }',
      { id },
    );
    expect(trip.data?.tripAuthorisations.find((row) => row.pupil.id === lucasId)).toMatchObject({ status: 'PENDING', missingSignatures: 1 });
    const again = await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers });
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('an anonymous survey keeps no respondent id in its responses, and the author sees none', async () => {
    const { id } = await openTrip({
      anonymous: true,
      title: 'Enquête de satisfaction',
      sections: [{ title: 'Avis', questions: [{ key: 'avis', type: 'SINGLE_CHOICE', label: 'Satisfait ?', required: true, options: ['Oui', 'Non'] }] }],
    });
    const submitted = await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers: [{ questionKey: 'avis', value: 'Oui' }] });
    expect(submitted.errors).toBeUndefined();
    const rows = await world.database.db.selectFrom('responses').selectAll().where('form_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ respondent_id: null, respondent_name: null, child_id: null, child_name: null });
    expect(rows[0]?.submitted_at.toISOString()).toMatch(/T00:00:00\.000Z$/);
    const seen = await world.graphql<{ formResponses: Array<{ respondent: unknown; child: unknown }> }>('direction.eluard', 'query ($id: ID!) { formResponses(formId: $id) { respondent { id } child { id } } }', { id });
    expect(seen.data?.formResponses).toEqual([{ respondent: null, child: null }]);
    // "Has answered" is tracked apart: the parent is not asked again.
    const again = await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers: [{ questionKey: 'avis', value: 'Non' }] });
    expect(again.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });
});

describe('reservations', () => {
  let trolley: string;
  let slot: string;
  beforeAll(async () => {
    const created = await world.graphql<{ createResource: { id: string } }>('direction.eluard', 'mutation ($input: ResourceInput!) { createResource(input: $input) { id } }', {
      input: { establishmentId: eluard, name: 'Chariot d’ordinateurs', kind: 'LAPTOP_TROLLEY', capacity: 3 },
    });
    trolley = created.data?.createResource.id as string;
    const slots = await world.graphql<{ addSlots: Array<{ id: string }> }>('direction.eluard', 'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
      r: trolley,
      s: [{ startsAt: inDays(1), endsAt: inDays(1.1) }],
    });
    slot = slots.data?.addSlots[0]?.id as string;
  });

  it('only staff book; direction creates resources; bad slots refused', async () => {
    const parent = await world.graphql('parent.bernard', 'mutation ($s: ID!) { bookSlot(slotId: $s) { id } }', { s: slot });
    expect(parent.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const teacherCreates = await world.graphql('prof.durand', 'mutation ($input: ResourceInput!) { createResource(input: $input) { id } }', {
      input: { establishmentId: eluard, name: 'Salle', kind: 'ROOM', capacity: 1 },
    });
    expect(teacherCreates.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const reversed = await world.graphql('direction.eluard', 'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
      r: trolley,
      s: [{ startsAt: inDays(2), endsAt: inDays(1) }],
    });
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slots[0].endsAt' });
  });

  it('many parallel bookings over HTTP take exactly the capacity; cancelling frees a place', async () => {
    const logins = ['prof.durand', 'direction.eluard', 'doc.moreau', 'admin.eluard'];
    const tokens = await Promise.all(logins.map((login) => world.tokenOf(login)));
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        fetch(`${world.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[index % tokens.length]}` },
          body: JSON.stringify({ query: 'mutation ($s: ID!) { bookSlot(slotId: $s) { id } }', variables: { s: slot } }),
        }).then((response) => response.json() as Promise<{ data?: { bookSlot: { id: string } } | null; errors?: Array<{ extensions: { code: string } }> }>),
      ),
    );
    const successes = attempts.filter((answer) => answer.data?.bookSlot);
    expect(successes).toHaveLength(3);
    expect(attempts.filter((answer) => answer.errors?.[0]?.extensions.code === 'CONFLICT')).toHaveLength(9);
    const row = await world.database.db.selectFrom('slots').selectAll().where('id', '=', slot).executeTakeFirstOrThrow();
    expect(row.booked).toBe(3);
    const active = await world.database.db.selectFrom('bookings').select('id').where('slot_id', '=', slot).where('cancelled_at', 'is', null).execute();
    expect(active).toHaveLength(3);

    const mine = await world.graphql<{ myBookings: Array<{ id: string; slot: { id: string; remaining: number } }> }>('prof.durand', '{ myBookings { id slot { id remaining } } }');
    const booking = mine.data?.myBookings.find((item) => item.slot.id === slot);
    expect(booking?.slot.remaining).toBe(0);
    const stranger = await world.graphql('doc.moreau', 'mutation ($id: ID!) { cancelBooking(id: $id) { id } }', { id: booking?.id });
    expect(stranger.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const cancelled = await world.graphql<{ cancelBooking: { cancelledAt: string; slot: { remaining: number } } }>('prof.durand', 'mutation ($id: ID!) { cancelBooking(id: $id) { cancelledAt slot { remaining } } }', { id: booking?.id });
    expect(cancelled.data?.cancelBooking.slot.remaining).toBe(1);
    const twice = await world.graphql('prof.durand', 'mutation ($id: ID!) { cancelBooking(id: $id) { id } }', { id: booking?.id });
    expect(twice.errors?.[0]?.extensions.code).toBe('CONFLICT');
  });

  it('a slot-booking question books with the response, in one transaction', async () => {
    const created = await world.graphql<{ createResource: { id: string } }>('direction.eluard', 'mutation ($input: ResourceInput!) { createResource(input: $input) { id } }', {
      input: { establishmentId: eluard, name: 'Salle polyvalente', kind: 'ROOM', capacity: 1 },
    });
    const room = created.data?.createResource.id as string;
    const slots = await world.graphql<{ addSlots: Array<{ id: string }> }>('direction.eluard', 'mutation ($r: ID!, $s: [SlotInput!]!) { addSlots(resourceId: $r, slots: $s) { id } }', {
      r: room,
      s: [{ startsAt: inDays(2), endsAt: inDays(2.05) }],
    });
    const only = slots.data?.addSlots[0]?.id as string;
    const { id } = await openTrip({
      audience: { profile: 'STAFF' },
      title: 'Réservation de la salle polyvalente',
      sections: [{ title: 'Réservation', questions: [{ key: 'creneau', type: 'SLOT_BOOKING', label: 'Créneau', required: true, resourceId: room }, { key: 'motif', type: 'SHORT_TEXT', label: 'Motif', required: false }] }],
    });
    const first = await world.graphql('prof.durand', SUBMIT, { formId: id, answers: [{ questionKey: 'creneau', value: only }, { questionKey: 'motif', value: 'Réunion parents-professeurs' }] });
    expect(first.errors).toBeUndefined();
    const before = await tableCounts(world);
    const full = await world.graphql('doc.moreau', SUBMIT, { formId: id, answers: [{ questionKey: 'creneau', value: only }] });
    expect(full.errors?.[0]?.extensions.code).toBe('CONFLICT');
    expect(full.errors?.[0]?.message).toContain('complet');
    const other = await world.graphql('doc.moreau', SUBMIT, { formId: id, answers: [{ questionKey: 'creneau', value: slot }] });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'answers.creneau' });
    expect(await tableCounts(world)).toEqual(before);
  });
});

describe('reminders, retention, dashboard, module gate', () => {
  it('reminds non-respondents outside quiet hours only', async () => {
    const { id } = await openTrip({ title: 'Rappel test' });
    // Wednesday 2026-12-09 20:30 Paris: quiet until Thursday 07:00.
    world.clock.set('2026-12-09T19:30:00Z');
    const count = await world.graphql<{ remindNonRespondents: number }>('direction.eluard', 'mutation ($id: ID!) { remindNonRespondents(formId: $id) }', { id });
    expect(count.data?.remindNonRespondents).toBeGreaterThan(0);
    await world.jobs.runDue();
    const none = await world.database.db.selectFrom('notifications').selectAll().where('form_id', '=', id).execute();
    expect(none).toHaveLength(0);
    world.clock.set('2026-12-10T06:00:00Z'); // Thursday 07:00 Paris
    await world.jobs.runDue();
    const sent = await world.database.db.selectFrom('notifications').selectAll().where('form_id', '=', id).execute();
    expect(sent.length).toBe(count.data?.remindNonRespondents);
    expect(sent.find((row) => row.recipient_id === lucasId)).toMatchObject({ recipient_kind: 'PARENTS_OF', kind: 'REMINDER' });
    const notices = await world.graphql<{ formNotifications: Array<{ text: string }> }>('parent.bernard', '{ formNotifications { text } }');
    expect(notices.data?.formNotifications.some((notice) => notice.text.includes('Rappel test') && notice.text.includes('Lucas Bernard'))).toBe(true);
    world.clock.set('2026-12-07T09:00:00Z');
  });

  it('deletes responses when the retention period ends, telling the author a week before', async () => {
    const { id } = await openTrip({ title: 'Conservation courte', retentionDays: 10 });
    await world.graphql('parent.bernard', SUBMIT, { formId: id, childId: lucasId, answers: [{ questionKey: 'autorisation', signature: signed() }, { questionKey: 'traitement', value: 'non' }] });
    const deadline = (await world.database.db.selectFrom('forms').select('deadline').where('id', '=', id).executeTakeFirstOrThrow()).deadline;
    world.clock.set(new Date(deadline.getTime() + 4 * 86_400_000));
    const { runRetention } = await import('../src/forms/jobs.js');
    const { silentLogger } = await import('@ent/kit');
    expect((await runRetention(world.database.db, world.clock, silentLogger)).warned).toBeGreaterThan(0);
    const warning = await world.database.db.selectFrom('notifications').selectAll().where('form_id', '=', id).where('kind', '=', 'RETENTION_WARNING').execute();
    expect(warning).toHaveLength(1);
    expect(await world.database.db.selectFrom('responses').select('id').where('form_id', '=', id).execute()).toHaveLength(1);
    world.clock.set(new Date(deadline.getTime() + 10 * 86_400_000));
    await runRetention(world.database.db, world.clock, silentLogger);
    expect(await world.database.db.selectFrom('responses').select('id').where('form_id', '=', id).execute()).toHaveLength(0);
    expect(await world.database.db.selectFrom('signatures').select('id').where('form_id', '=', id).execute()).toHaveLength(0);
    const form = await world.database.db.selectFrom('forms').select('purged_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(form.purged_at).not.toBeNull();
    world.clock.set('2026-12-07T09:00:00Z');
  });

  it('User.formSummary: forms to answer per child for parents, responses received for authors; nobody else’s', async () => {
    const parent = await world.viewerOf('parent.bernard');
    const summary = await world.graphql<{ _entities: Array<{ formSummary: { toAnswer: number; byChild: Array<{ child: { id: string }; toAnswer: number }> } }> }>(
      'parent.bernard',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { formSummary { toAnswer byChild { child { id } toAnswer } } } } }',
      { r: [{ __typename: 'User', id: parent.userId }] },
    );
    const own = summary.data?._entities[0]?.formSummary;
    expect(own?.toAnswer).toBeGreaterThan(0);
    expect(own?.byChild.map((row) => row.child.id)).toEqual([lucasId]);
    const author = await world.graphql<{ _entities: Array<{ formSummary: { responsesReceived: number; openForms: number } }> }>(
      'direction.eluard',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { formSummary { responsesReceived openForms } } } }',
      { r: [{ __typename: 'User', id: (await world.viewerOf('direction.eluard')).userId }] },
    );
    expect(author.data?._entities[0]?.formSummary.responsesReceived).toBeGreaterThan(0);
    const forChild = await world.graphql<{ _entities: Array<{ formSummary: { toAnswer: number } }> }>(
      'parent.bernard',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { formSummary { toAnswer } } } }',
      { r: [{ __typename: 'User', id: lucasId }, { __typename: 'User', id: leaId }] },
    );
    expect(forChild.data?._entities.map((entity) => entity.formSummary.toAnswer)).toEqual([own?.byChild[0]?.toAnswer, 0]);
    const other = await world.graphql('eleve.lucas', 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { formSummary { toAnswer } } } }', {
      r: [{ __typename: 'User', id: parent.userId }],
    });
    expect(other.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('answers MODULE_DISABLED once the establishment switched the module off', async () => {
    // Forward of every time used before: the gate's cache counts time from the clock.
    world.clock.set('2027-01-04T09:00:00Z');
    await world.annuaireDb.db
      .insertInto('module_activation_changes')
      .values({ establishment_id: ferry, module_id: 'formulaires', enabled: false, effective_at: world.clock.now() })
      .execute();
    const before = await tableCounts(world);
    const result = await world.graphql('direction.ferry', CREATE, { input: tripInput({ establishmentId: ferry, audience: { profile: 'PARENTS', classIds: [classeCE1] } }) });
    expect(result.errors?.[0]?.extensions.code, JSON.stringify(result)).toBe('MODULE_DISABLED');
    expect(await tableCounts(world)).toEqual(before);
  });
});
