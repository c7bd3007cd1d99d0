import { forbidden, requireViewer } from '@ent/kit';
import { oversees } from '../forms/access.js';
import * as repository from '../forms/repository.js';
import { effectiveStatus, purgeAt } from '../forms/status.js';
import type { FormTemplate, QuestionSpec } from '../forms/templates.js';
import type { TripRow } from '../forms/trip.js';
import type { FormulairesContext } from '../context.js';
import type { Booking, Form, NotificationRow, Resource, ResponseRow, SignatureRow, Slot } from '../db/database.js';
import { messages } from '../messages.js';
import { formsToAnswerOf } from './queries.js';
import { type FormToAnswerView, sectionViews } from './views.js';

const iso = (instant: Date | null) => (instant ? instant.toISOString() : null);

type ResponseView = ResponseRow & { form: Form };

export const typeResolvers = {
  Form: {
    establishment: (form: Form) => ({ id: form.establishment_id }),
    author: (form: Form) => ({ id: form.author_id }),
    retentionDays: (form: Form) => form.retention_days,
    deadline: (form: Form) => form.deadline.toISOString(),
    status: (form: Form, _: unknown, ctx: FormulairesContext) => effectiveStatus(form, ctx.clock.now()),
    bothGuardians: (form: Form) => form.both_guardians,
    templateKey: (form: Form) => form.template_key,
    audience: (form: Form) => ({
      profile: form.audience_profile,
      classes: form.audience_class_ids.map((id) => ({ id })),
      groups: form.audience_group_ids.map((id) => ({ id })),
      wholeEstablishment: form.audience_whole,
    }),
    sections: async (form: Form, _: unknown, ctx: FormulairesContext) =>
      sectionViews(await ctx.loaders.sections.load(form.id), await ctx.loaders.questions.load(form.id)),
    canSeeResults: (form: Form, _: unknown, ctx: FormulairesContext) => oversees(requireViewer(ctx), form),
    responseCount: (form: Form, _: unknown, ctx: FormulairesContext) =>
      oversees(requireViewer(ctx), form) ? ctx.loaders.responseCount.load(form.id) : null,
    expectedCount: (form: Form, _: unknown, ctx: FormulairesContext) =>
      oversees(requireViewer(ctx), form) ? ctx.loaders.audienceCount.load(form.id) : null,
    createdAt: (form: Form) => form.created_at.toISOString(),
    openedAt: (form: Form) => iso(form.opened_at),
    closedAt: (form: Form) => iso(form.closed_at),
    purgeAt: (form: Form) => purgeAt(form).toISOString(),
  },
  Question: {
    options: (question: QuestionSpec) => question.options ?? [],
    showWhen: (question: QuestionSpec) => question.showWhen ?? null,
    resource: (question: QuestionSpec, _: unknown, ctx: FormulairesContext) =>
      question.resourceId ? ctx.loaders.resource.load(question.resourceId) : null,
  },
  FormTemplate: {
    sections: (template: FormTemplate) => template.sections,
  },
  FormToAnswer: {
    child: (item: FormToAnswerView) => (item.childId ? { id: item.childId } : null),
  },
  FormResponse: {
    respondent: (response: ResponseView) => (response.respondent_id ? { id: response.respondent_id } : null),
    child: (response: ResponseView) => (response.child_id ? { id: response.child_id } : null),
    childName: (response: ResponseView) => response.child_name,
    submittedAt: (response: ResponseView) => response.submitted_at.toISOString(),
    answers: async (response: ResponseView, _: unknown, ctx: FormulairesContext) => {
      const viewer = requireViewer(ctx);
      const [answers, signatures] = await Promise.all([
        repository.answersOf(ctx.db, [response.id]),
        repository.signaturesOfResponses(ctx.db, [response.id]),
      ]);
      const showIp = oversees(viewer, response.form);
      return answers.map((answer) => {
        const signature = signatures.find((row) => row.question_key === answer.question_key);
        return {
          questionKey: answer.question_key,
          value: answer.value,
          values: answer.values,
          signature: signature ? { ...signature, ip: showIp ? signature.ip : null } : null,
        };
      });
    },
  },
  Signature: {
    signerName: (signature: SignatureRow) => signature.signer_name,
    signedAt: (signature: SignatureRow) => signature.signed_at.toISOString(),
  },
  TripAuthorisation: {
    pupil: (row: TripRow) => ({ id: row.member.pupil_id }),
    pupilName: (row: TripRow) => row.member.pupil_name,
    className: (row: TripRow) => row.member.class_name,
    missingSignatures: (row: TripRow) => row.missing,
  },
  TripSignature: {
    signer: (signature: SignatureRow) => ({ id: signature.signer_id }),
    signerName: (signature: SignatureRow) => signature.signer_name,
    signedAt: (signature: SignatureRow) => signature.signed_at.toISOString(),
  },
  Resource: {
    establishment: (resource: Resource) => ({ id: resource.establishment_id }),
    slots: async (resource: Resource, args: { from?: string | null; to?: string | null }, ctx: FormulairesContext) => {
      const from = args.from ? new Date(args.from) : ctx.clock.now();
      const to = args.to ? new Date(args.to) : null;
      return repository.slotsOf(ctx.db, [resource.id], Number.isNaN(from.getTime()) ? ctx.clock.now() : from, to && !Number.isNaN(to.getTime()) ? to : null);
    },
  },
  Slot: {
    resource: (slot: Slot, _: unknown, ctx: FormulairesContext) => ctx.loaders.resource.load(slot.resource_id),
    startsAt: (slot: Slot) => slot.starts_at.toISOString(),
    endsAt: (slot: Slot) => slot.ends_at.toISOString(),
    remaining: (slot: Slot) => slot.capacity - slot.booked,
    bookedByMe: async (slot: Slot, _: unknown, ctx: FormulairesContext) =>
      (await repository.myBookedSlots(ctx.db, requireViewer(ctx).userId, [slot.id])).length > 0,
  },
  Booking: {
    slot: (booking: Booking, _: unknown, ctx: FormulairesContext) => ctx.loaders.slot.load(booking.slot_id),
    person: (booking: Booking) => ({ id: booking.person_id }),
    createdAt: (booking: Booking) => booking.created_at.toISOString(),
    cancelledAt: (booking: Booking) => iso(booking.cancelled_at),
  },
  FormNotification: {
    id: (row: NotificationRow) => String(row.id),
    form: (row: NotificationRow, _: unknown, ctx: FormulairesContext) => (row.form_id ? repository.findForm(ctx.db, row.form_id) : null),
    createdAt: (row: NotificationRow) => row.created_at.toISOString(),
  },
  User: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    /**
     * The person's own summary, or a parent's child's (what the parent must answer for that child, as
     * the home page asks it on each of `me.children`); anyone else's is refused (null with FORBIDDEN).
     */
    formSummary: async (user: { id: string }, _: unknown, ctx: FormulairesContext) => {
      const viewer = requireViewer(ctx);
      const self = user.id === viewer.userId;
      if (!self && !viewer.childIds.includes(user.id)) throw forbidden(messages.cannotSeeForm);
      const all = await formsToAnswerOf(ctx, viewer);
      const toAnswer = self ? all : all.filter((item) => item.childId === user.id);
      const byChild = new Map<string, number>();
      for (const item of toAnswer) if (item.childId) byChild.set(item.childId, (byChild.get(item.childId) ?? 0) + 1);
      if (!self) return { toAnswer: toAnswer.length, byChild: [...byChild].map(([id, count]) => ({ child: { id }, toAnswer: count })), responsesReceived: 0, openForms: 0 };
      const received = await repository.responsesReceived(ctx.db, viewer.userId, ctx.clock.now());
      return {
        toAnswer: toAnswer.length,
        byChild: [...byChild].map(([id, count]) => ({ child: { id }, toAnswer: count })),
        responsesReceived: received.responses,
        openForms: received.forms,
      };
    },
  },
};

