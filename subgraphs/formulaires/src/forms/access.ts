import { badUserInput, forbidden, hasProfile, isDepartementAdmin, isStaffOf, notFound, type Viewer } from '@ent/kit';
import type { FormulairesContext } from '../context.js';
import type { AudienceMember, Form } from '../db/database.js';
import { messages } from '../messages.js';
import * as repository from './repository.js';
import { UUID, type ValidForm } from './validate.js';

/**
 * Who may do what in the formulaires:
 * - staff of an establishment (teacher, direction, vie scolaire, local administrator) write forms
 *   there; a teacher addresses only the classes and groups they teach (token), the others any class
 *   or group of the establishment; only the direction (or administration) the whole establishment;
 * - the author and the establishment's direction (and the département administrator) see results;
 * - respondents: pupils of the audience, their parents (per child), or the establishment's staff,
 *   and they see only their own responses;
 * - every read or write on an establishment where the module is off answers MODULE_DISABLED.
 */

export function isDirectionOf(viewer: Viewer, establishmentId: string): boolean {
  return hasProfile(viewer, 'DIRECTION', establishmentId) || hasProfile(viewer, 'ADMIN_LOCAL', establishmentId) || isDepartementAdmin(viewer);
}

export function oversees(viewer: Viewer, form: Form): boolean {
  return form.author_id === viewer.userId || isDirectionOf(viewer, form.establishment_id);
}

/** The form by id, or NOT_FOUND (also for a malformed id). */
export async function loadForm(ctx: FormulairesContext, id: string, forUpdate = false, db: repository.Db = ctx.db): Promise<Form> {
  const form = UUID.test(id) ? await (forUpdate ? repository.findFormForUpdate(db, id) : repository.findForm(db, id)) : undefined;
  if (!form) throw notFound(messages.form);
  return form;
}

/** Author or direction, on an establishment where the module is on. */
export async function authorizeOversight(ctx: FormulairesContext, viewer: Viewer, form: Form): Promise<void> {
  if (!oversees(viewer, form)) throw forbidden(messages.cannotSeeResults);
  await ctx.gate.assertEnabled(form.establishment_id);
}

export async function authorizeAuthor(ctx: FormulairesContext, viewer: Viewer, form: Form): Promise<void> {
  if (form.author_id !== viewer.userId) throw forbidden(messages.notAuthor);
  await ctx.gate.assertEnabled(form.establishment_id);
}

/** Checks the viewer may write forms for this establishment and address this audience there. */
export async function authorizeAudience(ctx: FormulairesContext, viewer: Viewer, establishmentId: string, form: ValidForm): Promise<void> {
  if (!UUID.test(establishmentId) || !isStaffOf(viewer, establishmentId)) {
    throw forbidden(messages.notStaff);
  }
  await ctx.gate.assertEnabled(establishmentId);
  const overseer = isDirectionOf(viewer, establishmentId) || hasProfile(viewer, 'PERSONNEL', establishmentId);
  if (form.audience.whole && !isDirectionOf(viewer, establishmentId)) throw forbidden(messages.wholeEstablishmentDirection);
  if (form.audience.profile !== 'STAFF' && !form.audience.whole && form.audience.classIds.length + form.audience.groupIds.length === 0) {
    throw badUserInput('audience', messages.audienceEmpty);
  }
  for (const [ids, kind] of [
    [form.audience.classIds, 'class'],
    [form.audience.groupIds, 'group'],
  ] as const) {
    for (const id of ids) {
      const mine = kind === 'class' ? viewer.classIds.includes(id) : viewer.groupIds.includes(id);
      if (!overseer && !mine) throw forbidden(messages.notYourClass);
      const found = kind === 'class' ? await ctx.annuaire.classById(id) : await ctx.annuaire.groupById(id);
      const field = kind === 'class' ? 'audience.classIds' : 'audience.groupIds';
      if (found === 'hidden') throw forbidden(messages.notYourClass);
      if (!found) throw badUserInput(field, kind === 'class' ? messages.unknownClass : messages.unknownGroup);
      if (found.establishmentId !== establishmentId) throw badUserInput(field, messages.otherEstablishment);
    }
  }
}


/** For whom the viewer may answer this form: the audience member (pupil or child), or null for staff forms. */
export async function respondentScope(
  ctx: FormulairesContext,
  viewer: Viewer,
  form: Form,
  childId: string | null | undefined,
  db: repository.Db = ctx.db,
): Promise<{ subjectId: string; member: AudienceMember | null }> {
  switch (form.audience_profile) {
    case 'STAFF':
      if (!isStaffOf(viewer, form.establishment_id)) {
        throw forbidden(messages.notInAudience);
      }
      return { subjectId: viewer.userId, member: null };
    case 'PUPILS': {
      const member = await repository.audienceMember(db, form.id, viewer.userId);
      if (!member || !hasProfile(viewer, 'ELEVE')) throw forbidden(messages.notInAudience);
      return { subjectId: viewer.userId, member };
    }
    case 'PARENTS': {
      if (!childId) {
        if (viewer.childIds.length === 0) throw forbidden(messages.notInAudience);
        throw badUserInput('childId', messages.childRequired);
      }
      if (!viewer.childIds.includes(childId)) throw forbidden(messages.notYourChild);
      const member = await repository.audienceMember(db, form.id, childId);
      if (!member) throw badUserInput('childId', messages.childNotInAudience);
      return { subjectId: childId, member };
    }
  }
}

/** Reading a form: those who oversee it, and once it is open, its audience. */
export async function authorizeReadForm(ctx: FormulairesContext, viewer: Viewer, form: Form): Promise<void> {
  if (oversees(viewer, form)) {
    await ctx.gate.assertEnabled(form.establishment_id);
    return;
  }
  if (form.status === 'DRAFT') throw forbidden(messages.cannotSeeForm);
  let inAudience = false;
  if (form.audience_profile === 'STAFF') inAudience = isStaffOf(viewer, form.establishment_id);
  else {
    const candidates = form.audience_profile === 'PUPILS' ? [viewer.userId] : viewer.childIds;
    for (const id of candidates) if (await repository.audienceMember(ctx.db, form.id, id)) inAudience = true;
  }
  if (!inAudience) throw forbidden(messages.cannotSeeForm);
  await ctx.gate.assertEnabled(form.establishment_id);
}
