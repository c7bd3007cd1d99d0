import { establishmentsWith, forbidden, isStaffOf, moduleDisabled, notFound, requireViewer, type Viewer } from '@ent/kit';
import { authorizeOversight, authorizeReadForm, loadForm } from '../forms/access.js';
import * as repository from '../forms/repository.js';
import { TEMPLATES } from '../forms/templates.js';
import { tripRows } from '../forms/trip.js';
import { UUID } from '../forms/validate.js';
import type { FormulairesContext } from '../context.js';
import type { Form, QuestionRow } from '../db/database.js';
import { messages } from '../messages.js';
import type { FormToAnswerView } from './views.js';

export async function enabledScope(ctx: FormulairesContext, establishmentIds: string[]): Promise<string[]> {
  if (establishmentIds.length === 0) return [];
  const enabled = await ctx.gate.enabledEstablishments(establishmentIds);
  if (enabled.length === 0) throw moduleDisabled(messages.moduleLabel);
  return enabled;
}

/**
 * The open forms a person must still answer: their own (pupils, staff) and one per child (parents),
 * from the audiences fixed at opening; one SQL query per kind, then one for what was answered.
 */
export async function formsToAnswerOf(ctx: FormulairesContext, viewer: Viewer): Promise<FormToAnswerView[]> {
  const now = ctx.clock.now();
  const own = await repository.openFormsForPupils(ctx.db, [viewer.userId], 'PUPILS', now);
  const forChildren = await repository.openFormsForPupils(ctx.db, viewer.childIds, 'PARENTS', now);
  const staffEstablishments = establishmentsWith(viewer, ['ENSEIGNANT', 'DIRECTION', 'PERSONNEL', 'ADMIN_LOCAL']);
  const staff = await repository.openStaffForms(ctx.db, staffEstablishments, now);
  const candidates: FormToAnswerView[] = [
    ...own.map((row) => ({ form: row as Form, childId: null, childName: null })),
    ...forChildren.map((row) => ({ form: row as Form, childId: row.member_id, childName: row.member_name })),
    ...staff.map((form) => ({ form, childId: null, childName: null })),
  ];
  const enabled = new Set(await ctx.gate.enabledEstablishments([...new Set(candidates.map((item) => item.form.establishment_id))]));
  const formIds = [...new Set(candidates.map((item) => item.form.id))];
  const answered = await repository.answeredBy(ctx.db, viewer.userId, formIds, [viewer.userId, ...viewer.childIds]);
  const done = new Set(
    answered
      .filter((row) => row.respondent_key === '*' || row.respondent_id === viewer.userId)
      .map((row) => `${row.form_id}/${row.subject_id}`),
  );
  return candidates.filter(
    (item) => enabled.has(item.form.establishment_id) && !done.has(`${item.form.id}/${item.childId ?? viewer.userId}`),
  );
}

/** The stored questions of a form, in order. */
export async function questionsOfForm(ctx: FormulairesContext, formId: string): Promise<QuestionRow[]> {
  return ctx.loaders.questions.load(formId);
}

export const queryResolvers = {
  form: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, id);
    await authorizeReadForm(ctx, viewer, form);
    return form;
  },

  myForms: async (_: unknown, __: unknown, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const directed = viewer.profiles.flatMap((grant) =>
      (grant.profile === 'DIRECTION' || grant.profile === 'ADMIN_LOCAL') && grant.establishmentId ? [grant.establishmentId] : [],
    );
    const rows = await repository.formsOf(ctx.db, viewer.userId, directed);
    const enabled = new Set(await ctx.gate.enabledEstablishments([...new Set(rows.map((row) => row.establishment_id))]));
    return rows.filter((row) => enabled.has(row.establishment_id));
  },

  formsToAnswer: async (_: unknown, __: unknown, ctx: FormulairesContext) => formsToAnswerOf(ctx, requireViewer(ctx)),

  formTemplates: (_: unknown, __: unknown, ctx: FormulairesContext) => {
    requireViewer(ctx);
    return TEMPLATES;
  },

  formResponses: async (_: unknown, { formId }: { formId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, formId);
    await authorizeOversight(ctx, viewer, form);
    const responses = await repository.responsesOf(ctx.db, form.id);
    return responses.map((response) => ({ ...response, form }));
  },

  myResponses: async (_: unknown, { formId }: { formId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, formId);
    await authorizeReadForm(ctx, viewer, form);
    // Anonymous responses carry no respondent: nobody, not even the respondent, finds them again.
    if (form.anonymous) return [];
    const responses = await repository.responsesOf(ctx.db, form.id, viewer.userId);
    return responses.map((response) => ({ ...response, form }));
  },

  formStatistics: async (_: unknown, { formId }: { formId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, formId);
    await authorizeOversight(ctx, viewer, form);
    const questions = await repository.questionsOf(ctx.db, [form.id]);
    const counts = await repository.valueCounts(ctx.db, form.id);
    const answered = new Map((await repository.answeredCounts(ctx.db, form.id)).map((row) => [row.question_key, row]));
    const slots = new Map(
      (await repository.findSlots(ctx.db, counts.filter((row) => UUID.test(row.value)).map((row) => row.value))).map((slot) => [slot.id, slot]),
    );
    return questions.map((question) => {
      const totals = answered.get(question.key);
      const own = counts.filter((row) => row.question_key === question.key);
      // Offered choices come first, in their order, zeros included: a chart shows every choice.
      const offered =
        question.type === 'YES_NO' ? ['oui', 'non'] : question.type === 'AUTHORISATION' ? ['AUTHORISED', 'REFUSED'] : question.options;
      const values = [...offered, ...own.map((row) => row.value).filter((value) => !offered.includes(value))];
      const showCounts = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'YES_NO', 'AUTHORISATION', 'SLOT_BOOKING'].includes(question.type);
      return {
        questionKey: question.key,
        label: question.label,
        type: question.type,
        answered: totals?.answered ?? 0,
        counts: showCounts
          ? values.map((value) => {
              const slot = slots.get(value);
              return {
                value: slot ? slot.starts_at.toISOString() : value,
                count: own.find((row) => row.value === value)?.count ?? 0,
              };
            })
          : [],
        average: question.type === 'NUMBER' ? (totals?.average ?? null) : null,
        minimum: question.type === 'NUMBER' ? (totals?.minimum ?? null) : null,
        maximum: question.type === 'NUMBER' ? (totals?.maximum ?? null) : null,
      };
    });
  },

  tripAuthorisations: async (_: unknown, { formId }: { formId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, formId);
    await authorizeOversight(ctx, viewer, form);
    return tripRowsOf(ctx, form);
  },

  resources: async (_: unknown, { establishmentId }: { establishmentId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    if (!UUID.test(establishmentId) || !isStaffOf(viewer, establishmentId)) throw forbidden(messages.staffOnlyResources);
    await ctx.gate.assertEnabled(establishmentId);
    return repository.resourcesOf(ctx.db, establishmentId);
  },

  resource: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const resource = UUID.test(id) ? await ctx.loaders.resource.load(id) : null;
    if (!resource) throw notFound(messages.resource);
    if (!isStaffOf(viewer, resource.establishment_id) && !(await mayAnswerWithResource(ctx, viewer, resource.id))) {
      throw forbidden(messages.staffOnlyResources);
    }
    await ctx.gate.assertEnabled(resource.establishment_id);
    return resource;
  },

  myBookings: async (_: unknown, __: unknown, ctx: FormulairesContext) => repository.bookingsOf(ctx.db, requireViewer(ctx).userId),

  formNotifications: async (_: unknown, __: unknown, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const mine = await repository.notificationsFor(ctx.db, [viewer.userId], ['PERSON']);
    const forChildren = await repository.notificationsFor(ctx.db, viewer.childIds, ['PARENTS_OF']);
    return [...mine, ...forChildren].sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
  },
};

export async function tripRowsOf(ctx: FormulairesContext, form: Form) {
  const [members, signatures, questions] = await Promise.all([
    repository.audienceOf(ctx.db, form.id),
    repository.signaturesOfForm(ctx.db, form.id),
    repository.questionsOf(ctx.db, [form.id]),
  ]);
  const first = questions.find((question) => question.type === 'AUTHORISATION');
  return tripRows(form, members, signatures, first?.key ?? null);
}

/** A respondent (a parent, say) sees the slots of a resource offered by a form they may answer. */
async function mayAnswerWithResource(ctx: FormulairesContext, viewer: Viewer, resourceId: string): Promise<boolean> {
  const open = await formsToAnswerOf(ctx, viewer);
  for (const item of open) {
    const questions = await ctx.loaders.questions.load(item.form.id);
    if (questions.some((question) => question.resource_id === resourceId)) return true;
  }
  return false;
}
