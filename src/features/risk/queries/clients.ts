import { sql } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';

/**
 * The victims an IDVA supports: those they completed a risk checklist with or referred to the Marac
 * (the relationship the access decision recognises, facts.ts supportedBy), the most recent first.
 */
export async function clientsOf(trx: Trx, userId: string, limit = 50) {
  const rows = await sql<{ person_id: string; given_name: string; family_name: string; restricted: boolean; last_at: Date }>`
    select p.id as person_id, p.given_name, p.family_name, p.restricted, max(s.at) as last_at
    from (
      select person_id, created_at as at from risk_assessments where recorded_by = ${userId}
      union all
      select person_id, created_at as at from marac_referrals where created_by = ${userId}
    ) s
    join people p on p.id = s.person_id
    where p.merged_into is null
    group by p.id, p.given_name, p.family_name, p.restricted
    order by max(s.at) desc
    limit ${limit}`.execute(trx);
  return rows.rows;
}

/** The Marac referrals this user made, newest first, with who they are about. */
export function referralsMadeBy(trx: Trx, userId: string, limit = 20) {
  return trx
    .selectFrom('marac_referrals as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.referred_on', 'r.repeat', 'p.id as person_id', 'p.given_name', 'p.family_name', 'p.restricted'])
    .where('r.created_by', '=', userId)
    .orderBy('r.referred_on', 'desc')
    .orderBy('r.created_at', 'desc')
    .limit(limit)
    .execute();
}
