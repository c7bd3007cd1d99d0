import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, forbidden, format, hasProfile, isStaffOf, notFound, requireViewer, type Viewer } from '@ent/kit';
import type { FormulairesContext } from '../context.js';
import type { Form, QuestionRow, Slot } from '../db/database.js';
import type { Pupil } from '../directory/annuaireClient.js';
import { authorizeAudience, authorizeAuthor, isDirectionOf, loadForm, respondentScope } from '../forms/access.js';
import { scheduleAutomaticReminder, scheduleReminder } from '../forms/jobs.js';
import * as repository from '../forms/repository.js';
import { DAY_MS, effectiveStatus, frenchDateTime } from '../forms/status.js';
import { templateByKey } from '../forms/templates.js';
import { type FormInput, parseDateTime, text, UUID, type ValidForm, validateForm } from '../forms/validate.js';
import { type AnswerProblem, type AnswerValue, answerProblems, keptAnswerKeys } from '../logic/answers.js';
import { messages } from '../messages.js';
import { ruleOf } from './views.js';

interface AnswerInput {
  questionKey: string;
  value?: string | null;
  values?: string[] | null;
  signature?: { decision: 'AUTHORISED' | 'REFUSED'; signerName: string; consent: boolean } | null;
}

const PROBLEM_MESSAGES: Record<AnswerProblem, string> = {
  required: messages.answerRequired,
  notOffered: messages.answerNotOffered,
  notANumber: messages.answerNotANumber,
  notADate: messages.answerNotADate,
  yesNo: messages.answerYesNo,
  consentMissing: messages.answerConsentMissing,
  signerNameMissing: messages.answerSignerNameMissing,
  tooLong: messages.answerTooLong,
  unknownQuestion: messages.answerUnknownQuestion,
};

/** Slot-booking questions must offer resources of the form's own establishment. */
async function checkResources(ctx: FormulairesContext, establishmentId: string, form: ValidForm) {
  const resources = await repository.findResources(ctx.db, form.resourceIds);
  for (const id of form.resourceIds) {
    const resource = resources.find((row) => row.id === id);
    if (!resource || resource.establishment_id !== establishmentId) throw badUserInput('resourceId', messages.resourceNeeded);
  }
}

function formRow(form: ValidForm, establishmentId: string) {
  return {
    establishment_id: establishmentId,
    title: form.title,
    description: form.description,
    purpose: form.purpose,
    retention_days: form.retentionDays,
    deadline: form.deadline,
    anonymous: form.anonymous,
    both_guardians: form.bothGuardians,
    audience_profile: form.audience.profile,
    audience_class_ids: JSON.stringify(form.audience.classIds),
    audience_group_ids: JSON.stringify(form.audience.groupIds),
    audience_whole: form.audience.whole,
  };
}

async function writeContent(trx: repository.Db, formId: string, form: ValidForm) {
  await repository.replaceContent(
    trx,
    formId,
    form.sections.map((section, position) => ({ form_id: formId, position, title: section.title, description: section.description ?? null })),
    form.sections.flatMap((section, sectionPosition) =>
      section.questions.map((question, position) => ({
        form_id: formId,
        key: question.key,
        section_position: sectionPosition,
        position,
        type: question.type,
        label: question.label,
        help: question.help ?? null,
        required: question.required,
        options: question.options ?? [],
        condition_key: question.showWhen?.questionKey ?? null,
        condition_equals: question.showWhen?.equals ?? null,
        resource_id: question.resourceId ?? null,
      })),
    ),
  );
}

/** The pupils a form addresses, from the annuaire with the author's token (deduplicated). */
async function pupilsOfAudience(ctx: FormulairesContext, form: Form): Promise<Pupil[]> {
  const classIds = form.audience_whole ? await ctx.annuaire.establishmentClassIds(form.establishment_id) : form.audience_class_ids;
  const pupils = new Map<string, Pupil>();
  for (const id of classIds) {
    const found = await ctx.annuaire.classPupils(id);
    if (!found) throw forbidden(messages.notYourClass);
    for (const pupil of found) if (!pupils.has(pupil.id)) pupils.set(pupil.id, pupil);
  }
  for (const id of form.audience_group_ids) {
    const found = await ctx.annuaire.groupPupils(id);
    if (!found) throw forbidden(messages.notYourClass);
    for (const pupil of found) if (!pupils.has(pupil.id)) pupils.set(pupil.id, pupil);
  }
  return [...pupils.values()];
}

/** What a respondent's answers become: the kept answers and signatures, the slot to book. */
function prepareAnswers(questions: readonly QuestionRow[], input: readonly AnswerInput[]) {
  const answers: Record<string, AnswerValue> = {};
  for (const answer of input) {
    if (Object.hasOwn(answers, answer.questionKey)) throw badUserInput(`answers.${answer.questionKey}`, messages.answerUnknownQuestion);
    answers[answer.questionKey] = { value: answer.value ?? null, values: answer.values ?? null, signature: answer.signature ?? null };
  }
  const rules = questions.map(ruleOf);
  const [problem] = answerProblems(rules, answers);
  if (problem) throw badUserInput(`answers.${problem.questionKey}`, PROBLEM_MESSAGES[problem.problem]);
  const kept = keptAnswerKeys(rules, answers);
  return { answers, kept };
}

async function bookPlace(trx: repository.Db, ctx: FormulairesContext, viewer: Viewer, slotId: string, responseId: string | null, field: string) {
  const now = ctx.clock.now();
  const [slot] = await repository.findSlots(trx, [slotId]);
  if (!slot) throw notFound(messages.slot);
  if (slot.starts_at.getTime() <= now.getTime()) throw badUserInput(field, messages.slotPast);
  if (await repository.activeBooking(trx, slot.id, viewer.userId)) throw conflict(messages.alreadyBooked);
  const taken = await repository.takePlace(trx, slot.id);
  if (!taken) throw conflict(messages.slotFull);
  return repository.insertBooking(trx, { id: randomUUID(), slot_id: slot.id, person_id: viewer.userId, response_id: responseId, created_at: now, cancelled_at: null });
}

export const mutationResolvers = {
  createForm: async (_: unknown, { input }: { input: FormInput }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const now = ctx.clock.now();
    const form = validateForm(input, now);
    await authorizeAudience(ctx, viewer, input.establishmentId, form);
    await checkResources(ctx, input.establishmentId, form);
    return ctx.db.transaction().execute(async (trx) => {
      const row = await repository.insertForm(trx, {
        id: randomUUID(),
        ...formRow(form, input.establishmentId),
        author_id: viewer.userId,
        status: 'DRAFT',
        template_key: null,
        created_at: now,
        updated_at: now,
      });
      await writeContent(trx, row.id, form);
      return row;
    });
  },

  createFormFromTemplate: async (_: unknown, args: { templateKey: string; establishmentId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const template = templateByKey(args.templateKey);
    if (!template) throw badUserInput('templateKey', messages.unknownTemplate);
    const now = ctx.clock.now();
    // A draft to adapt: the audience is chosen before opening, the deadline defaults to two weeks.
    const input: FormInput = {
      establishmentId: args.establishmentId,
      title: template.title,
      description: template.description,
      purpose: template.purpose,
      retentionDays: template.retentionDays,
      deadline: new Date(now.getTime() + 14 * DAY_MS).toISOString(),
      anonymous: template.anonymous,
      bothGuardians: template.bothGuardians,
      audience: { profile: template.audienceProfile, classIds: [], groupIds: [] },
      sections: template.sections.map((section) => ({
        ...section,
        // A booking template has no resource yet: its question waits for one, as a short text until adapted.
        questions: section.questions.filter((question) => question.type !== 'SLOT_BOOKING' || question.resourceId),
      })),
    };
    const form = validateForm(input, now);
    if (!UUID.test(args.establishmentId) || !isStaffOf(viewer, args.establishmentId)) throw forbidden(messages.notStaff);
    await ctx.gate.assertEnabled(args.establishmentId);
    return ctx.db.transaction().execute(async (trx) => {
      const row = await repository.insertForm(trx, {
        id: randomUUID(),
        ...formRow(form, args.establishmentId),
        author_id: viewer.userId,
        status: 'DRAFT',
        template_key: template.key,
        created_at: now,
        updated_at: now,
      });
      await writeContent(trx, row.id, form);
      return row;
    });
  },

  updateForm: async (_: unknown, { id, input }: { id: string; input: FormInput }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const existing = await loadForm(ctx, id);
    await authorizeAuthor(ctx, viewer, existing);
    if (existing.status !== 'DRAFT') throw conflict(messages.notDraft);
    const now = ctx.clock.now();
    const form = validateForm(input, now);
    await authorizeAudience(ctx, viewer, input.establishmentId, form);
    await checkResources(ctx, input.establishmentId, form);
    return ctx.db.transaction().execute(async (trx) => {
      const locked = await loadForm(ctx, id, true, trx);
      if (locked.status !== 'DRAFT') throw conflict(messages.notDraft);
      const row = await repository.updateForm(trx, id, { ...formRow(form, input.establishmentId), updated_at: now });
      await writeContent(trx, id, form);
      return row;
    });
  },

  openForm: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, id);
    await authorizeAuthor(ctx, viewer, form);
    if (form.status !== 'DRAFT') throw conflict(messages.notDraft);
    const now = ctx.clock.now();
    if (form.deadline.getTime() <= now.getTime()) throw badUserInput('deadline', messages.deadlinePast);
    const questions = await repository.questionsOf(ctx.db, [form.id]);
    if (questions.length === 0) throw badUserInput('sections', messages.noQuestion);
    // The annuaire is asked before the transaction: no transaction waits on the network.
    const pupils = form.audience_profile === 'STAFF' ? [] : await pupilsOfAudience(ctx, form);
    if (form.audience_profile !== 'STAFF' && pupils.length === 0) throw badUserInput('audience', messages.noAudience);
    return ctx.db.transaction().execute(async (trx) => {
      const locked = await loadForm(ctx, id, true, trx);
      if (locked.status !== 'DRAFT') throw conflict(messages.notDraft);
      await repository.insertAudience(
        trx,
        pupils.map((pupil) => ({
          form_id: id,
          pupil_id: pupil.id,
          pupil_name: pupil.displayName,
          class_name: pupil.className,
          guardian_ids: pupil.guardianIds,
        })),
      );
      const row = await repository.updateForm(trx, id, { status: 'OPEN', opened_at: now, updated_at: now });
      await scheduleAutomaticReminder(ctx.jobs, row, now, trx);
      return row;
    });
  },

  closeForm: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, id);
    await authorizeAuthor(ctx, viewer, form);
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const locked = await loadForm(ctx, id, true, trx);
      if (locked.status === 'DRAFT') throw conflict(messages.notOpen);
      if (effectiveStatus(locked, now) === 'CLOSED') throw conflict(messages.alreadyClosed);
      // The deadline becomes now: the retention period counts from the actual end of the answers.
      const row = await repository.updateForm(trx, id, { status: 'CLOSED', closed_at: now, deadline: now, updated_at: now });
      await ctx.jobs.cancel({ dedupeKey: `auto-remind:${id}` }, trx);
      return row;
    });
  },

  extendForm: async (_: unknown, { id, deadline }: { id: string; deadline: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, id);
    await authorizeAuthor(ctx, viewer, form);
    const now = ctx.clock.now();
    const next = parseDateTime('deadline', deadline);
    if (next.getTime() <= now.getTime()) throw badUserInput('deadline', messages.deadlinePast);
    return ctx.db.transaction().execute(async (trx) => {
      const locked = await loadForm(ctx, id, true, trx);
      if (locked.status === 'DRAFT') throw conflict(messages.notOpen);
      if (next.getTime() <= locked.deadline.getTime()) {
        throw badUserInput('deadline', format(messages.deadlineEarlier, { date: frenchDateTime(locked.deadline) }));
      }
      if (locked.purged_at) throw conflict(messages.alreadyClosed);
      const row = await repository.updateForm(trx, id, { status: 'OPEN', deadline: next, closed_at: null, updated_at: now, retention_warned_at: null });
      await ctx.jobs.cancel({ dedupeKey: `auto-remind:${id}` }, trx);
      await scheduleAutomaticReminder(ctx.jobs, row, now, trx);
      return row;
    });
  },

  deleteForm: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, id);
    await authorizeAuthor(ctx, viewer, form);
    await ctx.db.transaction().execute(async (trx) => {
      const locked = await loadForm(ctx, id, true, trx);
      if (locked.status !== 'DRAFT') throw conflict(messages.notDraft);
      await repository.deleteForm(trx, id);
    });
    return true;
  },

  submitResponse: async (_: unknown, args: { formId: string; childId?: string | null; answers: AnswerInput[] }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    if (args.childId && !UUID.test(args.childId)) throw forbidden(messages.notYourChild);
    const form = await loadForm(ctx, args.formId);
    await ctx.gate.assertEnabled(form.establishment_id);
    const now = ctx.clock.now();
    const questions = await repository.questionsOf(ctx.db, [form.id]);
    return ctx.db.transaction().execute(async (trx) => {
      // FOR SHARE: responses do not wait on each other, but closing (FOR UPDATE) waits for them and they for it.
      const locked = await trx.selectFrom('forms').selectAll().where('id', '=', form.id).forShare().executeTakeFirstOrThrow();
      const status = effectiveStatus(locked, now);
      if (status === 'DRAFT') throw forbidden(messages.cannotSeeForm);
      const { subjectId, member } = await respondentScope(ctx, viewer, locked, args.childId, trx);
      if (status === 'CLOSED') throw conflict(format(messages.closed, { date: frenchDateTime(locked.deadline) }));
      const { answers, kept } = prepareAnswers(questions, args.answers);
      const claimed = await repository.claimAnswer(trx, {
        form_id: locked.id,
        respondent_id: viewer.userId,
        subject_id: subjectId,
        respondent_key: locked.both_guardians ? viewer.userId : '*',
        answered_at: now,
      });
      if (!claimed) throw conflict(format(messages.alreadyAnswered, { who: member?.pupil_name ?? viewer.displayName }));
      const responseId = randomUUID();
      const response = await repository.insertResponse(trx, {
        id: responseId,
        form_id: locked.id,
        respondent_id: locked.anonymous ? null : viewer.userId,
        respondent_name: locked.anonymous ? null : viewer.displayName,
        child_id: locked.anonymous || locked.audience_profile !== 'PARENTS' ? null : subjectId,
        child_name: locked.anonymous || locked.audience_profile !== 'PARENTS' ? null : (member?.pupil_name ?? null),
        // Anonymous: the day only, so the time of an answer cannot be matched with who answered when.
        submitted_at: locked.anonymous ? new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`) : now,
      });
      const byKey = new Map(questions.map((question) => [question.key, question]));
      await repository.insertAnswers(
        trx,
        kept.map((key) => {
          const question = byKey.get(key) as QuestionRow;
          const answer = answers[key] as AnswerValue;
          const value =
            question.type === 'AUTHORISATION'
              ? (answer.signature?.decision ?? null)
              : question.type === 'MULTIPLE_CHOICE'
                ? null
                : question.type === 'YES_NO'
                  ? (answer.value ?? '').trim().toLowerCase()
                  : (answer.value ?? '').trim();
          const values = question.type === 'MULTIPLE_CHOICE' ? [...(answer.values ?? (answer.value ? [answer.value] : []))] : null;
          const number = question.type === 'NUMBER' ? Number((answer.value ?? '').replace(',', '.')) : null;
          return { response_id: responseId, form_id: locked.id, question_key: key, value, values, number_value: number };
        }),
      );
      for (const key of kept) {
        const question = byKey.get(key) as QuestionRow;
        const answer = answers[key] as AnswerValue;
        if (question.type === 'AUTHORISATION' && answer.signature) {
          await repository.insertSignature(trx, {
            id: randomUUID(),
            response_id: responseId,
            form_id: locked.id,
            question_key: key,
            signer_id: viewer.userId,
            signer_name: answer.signature.signerName.trim(),
            child_id: locked.audience_profile === 'PARENTS' ? subjectId : null,
            decision: answer.signature.decision,
            consent: true,
            signed_at: now,
            ip: ctx.ip,
          });
        }
        if (question.type === 'SLOT_BOOKING') {
          const slotId = (answer.value ?? '').trim();
          const [slot] = UUID.test(slotId) ? await repository.findSlots(trx, [slotId]) : [];
          if (!slot || slot.resource_id !== question.resource_id) throw badUserInput(`answers.${key}`, messages.slotUnknown);
          await bookPlace(trx, ctx, viewer, slot.id, responseId, `answers.${key}`);
        }
      }
      return { ...response, form: locked };
    });
  },

  remindNonRespondents: async (_: unknown, { formId }: { formId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const form = await loadForm(ctx, formId);
    await authorizeAuthor(ctx, viewer, form);
    const now = ctx.clock.now();
    if (effectiveStatus(form, now) !== 'OPEN') throw conflict(messages.notOpen);
    const pending = await repository.nonRespondents(ctx.db, form);
    await ctx.db.transaction().execute((trx) => scheduleReminder(ctx.jobs, form.id, now, trx));
    return pending.length;
  },

  createResource: async (
    _: unknown,
    { input }: { input: { establishmentId: string; name: string; kind: string; capacity: number } },
    ctx: FormulairesContext,
  ) => {
    const viewer = requireViewer(ctx);
    if (!UUID.test(input.establishmentId) || !(isDirectionOf(viewer, input.establishmentId) || hasProfile(viewer, 'PERSONNEL', input.establishmentId))) {
      throw forbidden(messages.directionOnlyResources);
    }
    const name = text('name', input.name, 200, true);
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000) throw badUserInput('capacity', messages.capacityRange);
    await ctx.gate.assertEnabled(input.establishmentId);
    return ctx.db.transaction().execute((trx) =>
      repository.insertResource(trx, {
        id: randomUUID(),
        establishment_id: input.establishmentId,
        name,
        kind: input.kind,
        capacity: input.capacity,
        created_by: viewer.userId,
        created_at: ctx.clock.now(),
      }),
    );
  },

  addSlots: async (
    _: unknown,
    args: { resourceId: string; slots: Array<{ startsAt: string; endsAt: string; capacity?: number | null }> },
    ctx: FormulairesContext,
  ) => {
    const viewer = requireViewer(ctx);
    const [resource] = UUID.test(args.resourceId) ? await repository.findResources(ctx.db, [args.resourceId]) : [];
    if (!resource) throw notFound(messages.resource);
    if (!(isDirectionOf(viewer, resource.establishment_id) || hasProfile(viewer, 'PERSONNEL', resource.establishment_id))) {
      throw forbidden(messages.directionOnlyResources);
    }
    await ctx.gate.assertEnabled(resource.establishment_id);
    if (args.slots.length > 200) throw badUserInput('slots', format(messages.tooManySlots, { max: 200 }));
    const rows: Slot[] = args.slots.map((slot, index) => {
      const startsAt = parseDateTime(`slots[${index}].startsAt`, slot.startsAt);
      const endsAt = parseDateTime(`slots[${index}].endsAt`, slot.endsAt);
      if (endsAt.getTime() <= startsAt.getTime()) throw badUserInput(`slots[${index}].endsAt`, messages.periodOrder);
      const capacity = slot.capacity ?? resource.capacity;
      if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1000) throw badUserInput(`slots[${index}].capacity`, messages.capacityRange);
      return { id: randomUUID(), resource_id: resource.id, starts_at: startsAt, ends_at: endsAt, capacity, booked: 0 };
    });
    return ctx.db.transaction().execute((trx) => repository.insertSlots(trx, rows));
  },

  bookSlot: async (_: unknown, { slotId }: { slotId: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const [slot] = UUID.test(slotId) ? await repository.findSlots(ctx.db, [slotId]) : [];
    if (!slot) throw notFound(messages.slot);
    const [resource] = await repository.findResources(ctx.db, [slot.resource_id]);
    if (!resource || !isStaffOf(viewer, resource.establishment_id)) throw forbidden(messages.staffOnlyResources);
    await ctx.gate.assertEnabled(resource.establishment_id);
    return ctx.db.transaction().execute((trx) => bookPlace(trx, ctx, viewer, slot.id, null, 'slotId'));
  },

  cancelBooking: async (_: unknown, { id }: { id: string }, ctx: FormulairesContext) => {
    const viewer = requireViewer(ctx);
    const found = UUID.test(id) ? await ctx.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!found) throw notFound(messages.booking);
    const [slot] = await repository.findSlots(ctx.db, [found.slot_id]);
    const [resource] = slot ? await repository.findResources(ctx.db, [slot.resource_id]) : [];
    if (found.person_id !== viewer.userId && !(resource && isDirectionOf(viewer, resource.establishment_id))) {
      throw forbidden(messages.notYourBooking);
    }
    if (resource) await ctx.gate.assertEnabled(resource.establishment_id);
    return ctx.db.transaction().execute(async (trx) => {
      const booking = await repository.findBookingForUpdate(trx, id);
      if (!booking) throw notFound(messages.booking);
      if (booking.cancelled_at) throw conflict(messages.bookingCancelled);
      await repository.releasePlace(trx, booking.slot_id);
      return repository.cancelBooking(trx, id, ctx.clock.now());
    });
  },
};

