import type { Trx } from '../../platform/db/database.js';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  lockedUntil: Date | null;
  teams: { id: string; name: string }[];
}

export async function countUsers(trx: Trx): Promise<number> {
  const row = await trx.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsers(trx: Trx, limit: number, offset: number): Promise<UserSummary[]> {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'roles', 'active', 'locked_until'])
    .orderBy('active', 'desc')
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const teams = await teamsOf(trx, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    roles: r.roles,
    active: r.active,
    lockedUntil: r.locked_until,
    teams: teams.get(r.id) ?? [],
  }));
}

export async function findUser(trx: Trx, id: string): Promise<UserSummary | null> {
  const row = await trx.selectFrom('users').select(['id', 'email', 'name', 'roles', 'active', 'locked_until']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const teams = await teamsOf(trx, [row.id]);
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, active: row.active, lockedUntil: row.locked_until, teams: teams.get(row.id) ?? [] };
}

async function teamsOf(trx: Trx, userIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const byUser = new Map<string, { id: string; name: string }[]>();
  if (userIds.length === 0) return byUser;
  const rows = await trx
    .selectFrom('user_teams')
    .innerJoin('teams', 'teams.id', 'user_teams.team_id')
    .select(['user_teams.user_id', 'teams.id', 'teams.name'])
    .where('user_teams.user_id', 'in', userIds)
    .orderBy('teams.name')
    .execute();
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), { id: r.id, name: r.name }]);
  return byUser;
}

export function listTeams(trx: Trx) {
  return trx
    .selectFrom('teams')
    .leftJoin('user_teams', 'user_teams.team_id', 'teams.id')
    .select(['teams.id', 'teams.name', (eb) => eb.fn.count<string>('user_teams.user_id').as('members')])
    .groupBy(['teams.id', 'teams.name'])
    .orderBy('teams.name')
    .execute();
}

export async function existingTeamIds(trx: Trx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('teams').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function setUserTeams(trx: Trx, tenantId: string, userId: string, teamIds: string[]): Promise<void> {
  await trx.deleteFrom('user_teams').where('user_id', '=', userId).execute();
  if (teamIds.length > 0) {
    await trx.insertInto('user_teams').values(teamIds.map((team_id) => ({ tenant_id: tenantId, user_id: userId, team_id }))).execute();
  }
}
