import type { Trx } from '../../platform/db/database.js';

export function teamNamesOf(trx: Trx, userId: string) {
  return trx.selectFrom('user_teams').innerJoin('teams', 'teams.id', 'user_teams.team_id').select('teams.name').where('user_teams.user_id', '=', userId).orderBy('teams.name').execute();
}

export function tenantName(trx: Trx) {
  return trx.selectFrom('tenants').select('name').executeTakeFirst();
}
