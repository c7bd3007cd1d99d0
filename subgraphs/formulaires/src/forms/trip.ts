import type { AudienceMember, Form, SignatureRow } from '../db/database.js';

export type TripStatus = 'AUTHORISED' | 'REFUSED' | 'PENDING';

export interface TripRow {
  member: AudienceMember;
  status: TripStatus;
  signatures: SignatureRow[];
  missing: number;
}

/**
 * Per pupil of the audience: refused as soon as a guardian refuses; authorised once enough guardians
 * authorised (every legal guardian the annuaire knows when both must sign, otherwise one); pending else.
 * Only the first authorisation question of the form counts.
 */
export function tripRows(form: Pick<Form, 'both_guardians'>, members: readonly AudienceMember[], signatures: readonly SignatureRow[], questionKey: string | null): TripRow[] {
  const byChild = new Map<string, SignatureRow[]>();
  for (const signature of signatures) {
    if (questionKey && signature.question_key !== questionKey) continue;
    const key = signature.child_id ?? signature.signer_id;
    byChild.set(key, [...(byChild.get(key) ?? []), signature]);
  }
  return members.map((member) => {
    const own = byChild.get(member.pupil_id) ?? [];
    const required = form.both_guardians ? Math.max(1, member.guardian_ids.length) : 1;
    const authorisers = new Set(own.filter((signature) => signature.decision === 'AUTHORISED').map((signature) => signature.signer_id));
    const status: TripStatus = own.some((signature) => signature.decision === 'REFUSED')
      ? 'REFUSED'
      : authorisers.size >= required
        ? 'AUTHORISED'
        : 'PENDING';
    return { member, status, signatures: own, missing: status === 'PENDING' ? required - authorisers.size : 0 };
  });
}
