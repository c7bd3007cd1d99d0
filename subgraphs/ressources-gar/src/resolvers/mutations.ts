import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, establishmentsWith, forbidden, hasProfile, notFound, requireViewer } from '@ent/kit';
import type { GarContext } from '../context.js';
import { messages } from '../messages.js';
import { platformIssuer, signMessageHint } from '../lti/platform.js';
import { issueTicket } from '../launch/tickets.js';
import { SAML_PATH } from '../saml/idp.js';
import { assertAdministers, assertDepartementAdmin, establishmentsOf, hasGarProfile, resourceEstablishment } from './access.js';
import { managerView, toolView } from './queries.js';
import { decorate, recommendationView } from './resources.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requiredText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw badUserInput(field, messages.required);
  if (trimmed.length > max) throw badUserInput(field, messages.tooLong.replace('{max}', String(max)));
  return trimmed;
}

function toolUrl(field: string, value: string): string {
  const text = requiredText(field, value, 2000);
  if (!URL.canParse(text)) throw badUserInput(field, messages.urlFormat);
  const url = new URL(text);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw badUserInput(field, messages.urlFormat);
  return url.toString();
}

function uuid(field: string, value: string): string {
  if (!UUID.test(value)) throw badUserInput(field, 'identifiant invalide');
  return value;
}

/** The resource as the viewer's last known GAR list has it; favourites and recommendations only name listed resources. */
async function listedResource(ctx: GarContext, resourceId: string, establishmentId: string | null | undefined) {
  const viewer = requireViewer(ctx);
  requiredText('resourceId', resourceId, 512);
  const establishment = await resourceEstablishment(ctx, establishmentId);
  const known = await ctx.resources.lastKnown(viewer.userId, establishment);
  const resource = known.resources.find((item) => item.id === resourceId);
  if (!resource) throw badUserInput('resourceId', messages.unknownResource);
  return { viewer, resource, establishment };
}

export const mutationResolvers = {
  async setFavourite(_: unknown, args: { resourceId: string; favourite: boolean; establishmentId?: string | null }, ctx: GarContext) {
    const { viewer, resource } = await listedResource(ctx, args.resourceId, args.establishmentId);
    if (args.favourite) {
      await ctx.db
        .insertInto('favourites')
        .values({ user_id: viewer.userId, resource_id: resource.id, pinned: false, created_at: ctx.clock.now() })
        .onConflict((oc) => oc.columns(['user_id', 'resource_id']).doNothing())
        .execute();
    } else {
      await ctx.db.deleteFrom('favourites').where('user_id', '=', viewer.userId).where('resource_id', '=', resource.id).execute();
    }
    return (await decorate(ctx, viewer, [resource]))[0];
  },

  async setPinned(_: unknown, args: { resourceId: string; pinned: boolean; establishmentId?: string | null }, ctx: GarContext) {
    const { viewer, resource } = await listedResource(ctx, args.resourceId, args.establishmentId);
    // Pinning makes it a favourite; unpinning keeps it a favourite.
    await ctx.db
      .insertInto('favourites')
      .values({ user_id: viewer.userId, resource_id: resource.id, pinned: args.pinned, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['user_id', 'resource_id']).doUpdateSet({ pinned: args.pinned }))
      .execute();
    return (await decorate(ctx, viewer, [resource]))[0];
  },

  async recommendResource(_: unknown, args: { classId: string; resourceId: string }, ctx: GarContext) {
    const viewer = requireViewer(ctx);
    uuid('classId', args.classId);
    if (establishmentsWith(viewer, ['ENSEIGNANT']).length === 0) throw forbidden(messages.teachersOnly);
    const schoolClass = await ctx.annuaire.classById(args.classId);
    if (!schoolClass) throw badUserInput('classId', messages.unknownClass);
    if (schoolClass === 'hidden') throw forbidden(messages.notYourClass);
    if (!hasProfile(viewer, 'ENSEIGNANT', schoolClass.establishmentId) || !viewer.classIds.includes(schoolClass.id)) {
      throw forbidden(messages.notYourClass);
    }
    const { resource } = await listedResource(ctx, args.resourceId, schoolClass.establishmentId);
    const row = {
      id: randomUUID(),
      establishment_id: schoolClass.establishmentId,
      class_id: schoolClass.id,
      resource_id: resource.id,
      resource_title: resource.title,
      teacher_id: viewer.userId,
      teacher_name: viewer.displayName,
      created_at: ctx.clock.now(),
    };
    const inserted = await ctx.db
      .insertInto('recommendations')
      .values(row)
      .onConflict((oc) => oc.columns(['class_id', 'resource_id', 'teacher_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    const existing =
      inserted ??
      (await ctx.db
        .selectFrom('recommendations')
        .selectAll()
        .where('class_id', '=', row.class_id)
        .where('resource_id', '=', row.resource_id)
        .where('teacher_id', '=', row.teacher_id)
        .executeTakeFirstOrThrow());
    return recommendationView(existing);
  },

  async addAffectationManager(_: unknown, args: { establishmentId: string; userId: string }, ctx: GarContext) {
    uuid('establishmentId', args.establishmentId);
    uuid('userId', args.userId);
    const viewer = await assertAdministers(ctx, args.establishmentId);
    const person = await ctx.annuaire.person(args.userId);
    if (!person) throw badUserInput('userId', messages.unknownPerson);
    const eligible = (person.profiles ?? []).some(
      (grant) =>
        grant.establishmentId === args.establishmentId &&
        (grant.profile === 'DIRECTION' || (grant.profile === 'PERSONNEL' && /documentaliste/i.test(grant.functionLabel ?? ''))),
    );
    if (!eligible) throw badUserInput('userId', messages.notManagerProfile);
    const row = {
      establishment_id: args.establishmentId,
      user_id: person.id,
      display_name: person.displayName,
      created_by: viewer.userId,
      created_at: ctx.clock.now(),
    };
    const inserted = await ctx.db
      .insertInto('affectation_managers')
      .values(row)
      .onConflict((oc) => oc.columns(['establishment_id', 'user_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw conflict(messages.alreadyManager);
    ctx.logger.info({ establishmentId: args.establishmentId, userId: person.id }, 'affectation manager added');
    return managerView(inserted);
  },

  async removeAffectationManager(_: unknown, args: { establishmentId: string; userId: string }, ctx: GarContext) {
    uuid('establishmentId', args.establishmentId);
    uuid('userId', args.userId);
    await assertAdministers(ctx, args.establishmentId);
    const result = await ctx.db
      .deleteFrom('affectation_managers')
      .where('establishment_id', '=', args.establishmentId)
      .where('user_id', '=', args.userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw badUserInput('userId', messages.notManager);
    return true;
  },

  async registerLtiTool(
    _: unknown,
    args: { input: { establishmentId: string; name: string; issuer: string; clientId: string; deploymentId: string; loginUrl: string; launchUrl: string; jwksUrl: string } },
    ctx: GarContext,
  ) {
    const { input } = args;
    uuid('establishmentId', input.establishmentId);
    const viewer = await assertAdministers(ctx, input.establishmentId);
    const row = {
      id: randomUUID(),
      establishment_id: input.establishmentId,
      name: requiredText('name', input.name, 200),
      issuer: requiredText('issuer', input.issuer, 500),
      client_id: requiredText('clientId', input.clientId, 255),
      deployment_id: requiredText('deploymentId', input.deploymentId, 255),
      login_url: toolUrl('loginUrl', input.loginUrl),
      launch_url: toolUrl('launchUrl', input.launchUrl),
      jwks_url: toolUrl('jwksUrl', input.jwksUrl),
      created_by: viewer.userId,
      created_at: ctx.clock.now(),
    };
    const inserted = await ctx.db
      .insertInto('lti_tools')
      .values(row)
      .onConflict((oc) => oc.columns(['establishment_id', 'client_id', 'deployment_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) throw conflict(messages.toolExists);
    return toolView(inserted);
  },

  async deleteLtiTool(_: unknown, args: { id: string }, ctx: GarContext) {
    uuid('id', args.id);
    const tool = await ctx.db.selectFrom('lti_tools').select(['id', 'establishment_id']).where('id', '=', args.id).executeTakeFirst();
    if (!tool) throw notFound('Outil LTI');
    await assertAdministers(ctx, tool.establishment_id);
    await ctx.db.deleteFrom('lti_tools').where('id', '=', tool.id).execute();
    return true;
  },

  async runGarExport(_: unknown, __: unknown, ctx: GarContext) {
    const viewer = assertDepartementAdmin(ctx);
    return ctx.exports.run(`admin:${viewer.userId}`);
  },

  async openResource(_: unknown, args: { resourceId: string; establishmentId?: string | null }, ctx: GarContext) {
    const { viewer, resource, establishment } = await listedResource(ctx, args.resourceId, args.establishmentId);
    if (!hasGarProfile(viewer, establishment)) throw forbidden(messages.noGarForParents);
    const ticket = await issueTicket(ctx.db, ctx.clock, 'SSO', viewer.userId, establishment, { accessUrl: resource.accessUrl, resourceId: resource.id });
    return { url: `${ctx.publicUrl}${SAML_PATH}/open?ticket=${ticket}` };
  },

  async launchLtiTool(_: unknown, args: { toolId: string; classId?: string | null }, ctx: GarContext) {
    const viewer = requireViewer(ctx);
    if (!UUID.test(args.toolId)) throw notFound('Outil LTI');
    const tool = await ctx.db.selectFrom('lti_tools').selectAll().where('id', '=', args.toolId).executeTakeFirst();
    if (!tool) {
      ctx.logger.warn({ toolId: args.toolId }, 'LTI launch refused: unknown tool');
      throw notFound('Outil LTI');
    }
    if (!establishmentsOf(viewer).includes(tool.establishment_id) || !hasGarProfile(viewer, tool.establishment_id)) {
      throw forbidden(messages.notForThisTool);
    }
    await ctx.gate.assertEnabled(tool.establishment_id);
    let className: string | null = null;
    const classId = args.classId ?? null;
    if (classId) {
      uuid('classId', classId);
      const schoolClass = viewer.classIds.includes(classId) ? await ctx.annuaire.classById(classId) : null;
      if (!schoolClass || schoolClass === 'hidden' || schoolClass.establishmentId !== tool.establishment_id) throw badUserInput('classId', messages.unknownClass);
      className = schoolClass.name;
    }
    const instructor = hasProfile(viewer, 'ENSEIGNANT', tool.establishment_id);
    const ticket = await issueTicket(ctx.db, ctx.clock, 'LTI', viewer.userId, tool.establishment_id, {
      toolId: tool.id,
      classId,
      className,
      instructor,
    });
    const hint = await signMessageHint({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, publicUrl: () => ctx.publicUrl }, { toolId: tool.id, classId });
    const url = new URL(tool.login_url);
    url.searchParams.set('iss', platformIssuer(ctx.publicUrl));
    url.searchParams.set('login_hint', ticket);
    url.searchParams.set('target_link_uri', tool.launch_url);
    url.searchParams.set('lti_message_hint', hint);
    url.searchParams.set('client_id', tool.client_id);
    url.searchParams.set('lti_deployment_id', tool.deployment_id);
    return { url: url.toString() };
  },
};
