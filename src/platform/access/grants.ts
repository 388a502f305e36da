import type { Trx } from '../db/database.js';

export type RestrictedSubject = 'person' | 'case';

/** Break-glass access lasts this long. */
export const BREAK_GLASS_MINUTES = 60;

/** Whether the user holds a grant or an unexpired break-glass for a restricted record. */
export async function hasLiveGrant(trx: Trx, subjectType: RestrictedSubject, subjectId: string, userId: string, now = new Date()): Promise<boolean> {
  const row = await trx
    .selectFrom('access_grants')
    .select('id')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return Boolean(row);
}
