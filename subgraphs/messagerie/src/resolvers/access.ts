import { badUserInput, canAdministerEstablishment, forbidden, hasProfile, isDepartementAdmin, notFound, type Viewer } from '@ent/kit';
import type { MessagerieContext } from '../context.js';
import { findConversation, isParticipant } from '../mail/repository.js';
import { format, messages } from '../messages.js';

/** Moderators of an establishment: its direction and local administrators (and the département's). */
export function isModerator(viewer: Viewer, establishmentId: string): boolean {
  return isDepartementAdmin(viewer) || hasProfile(viewer, 'DIRECTION', establishmentId) || hasProfile(viewer, 'ADMIN_LOCAL', establishmentId);
}

export function moderatedEstablishments(viewer: Viewer): string[] {
  return [
    ...new Set(
      viewer.profiles.flatMap((grant) =>
        grant.establishmentId && (grant.profile === 'DIRECTION' || grant.profile === 'ADMIN_LOCAL') ? [grant.establishmentId] : [],
      ),
    ),
  ];
}

export { canAdministerEstablishment };

/** Only participants read a conversation: anyone else is refused, whether or not it exists. */
export async function requireParticipant(ctx: MessagerieContext, viewer: Viewer, conversationId: string) {
  const conversation = UUID.test(conversationId) ? await findConversation(ctx.db, conversationId) : undefined;
  if (!conversation) throw notFound(messages.conversation);
  if (!(await isParticipant(ctx.db, conversationId, viewer.userId))) throw forbidden(messages.notParticipant);
  return conversation;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireId(field: string, value: string, what: string): string {
  if (!UUID.test(value)) throw notFound(what);
  void field;
  return value;
}

export function text(field: string, value: string | null | undefined, max: number, required = true): string {
  const trimmed = (value ?? '').trim();
  if (required && trimmed.length === 0) throw badUserInput(field, messages.required);
  if (trimmed.length > max) throw badUserInput(field, format(messages.tooLong, { max }));
  return trimmed;
}

export function bounded(field: string, value: number | null | undefined, max: number, fallback: number, min = 1): number {
  const number = value ?? fallback;
  if (!Number.isInteger(number) || number < min || number > max) throw badUserInput(field, `un nombre entre ${min} et ${max}`);
  return number;
}
