import type { Trx } from '../../../platform/db/database.js';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
  lockedUntil: Date | null;
  /** Whether a password is set (never the password or its hash). */
  hasPassword: boolean;
  teams: { id: string; name: string }[];
}

export async function countUsers(trx: Trx): Promise<number> {
  const row = await trx.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsers(trx: Trx, limit: number, offset: number): Promise<UserSummary[]> {
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'roles', 'active', 'locked_until', (eb) => eb('password_hash', 'is not', null).as('has_password')])
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
    hasPassword: Boolean(r.has_password),
    teams: teams.get(r.id) ?? [],
  }));
}

export async function findUser(trx: Trx, id: string): Promise<UserSummary | null> {
  const row = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'roles', 'active', 'locked_until', (eb) => eb('password_hash', 'is not', null).as('has_password')])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const teams = await teamsOf(trx, [row.id]);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    active: row.active,
    lockedUntil: row.locked_until,
    hasPassword: Boolean(row.has_password),
    teams: teams.get(row.id) ?? [],
  };
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

/** Whether a team already has this name, whatever the case of its letters. */
export async function teamNameTaken(trx: Trx, name: string): Promise<boolean> {
  const clash = await trx.selectFrom('teams').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
  return clash !== undefined;
}

export function insertTeam(trx: Trx, tenantId: string, name: string): Promise<{ id: string; name: string }> {
  return trx.insertInto('teams').values({ tenant_id: tenantId, name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function existingTeamIds(trx: Trx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx.selectFrom('teams').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export function insertUser(
  trx: Trx,
  values: { tenantId: string; email: string; name: string; roles: string[]; passwordHash: string | null; mustChangePassword: boolean },
): Promise<{ id: string; email: string; name: string }> {
  return trx
    .insertInto('users')
    .values({
      tenant_id: values.tenantId,
      email: values.email,
      name: values.name,
      roles: values.roles,
      password_hash: values.passwordHash,
      must_change_password: values.mustChangePassword,
    })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
}

export async function setUserTeams(trx: Trx, tenantId: string, userId: string, teamIds: string[]): Promise<void> {
  await trx.deleteFrom('user_teams').where('user_id', '=', userId).execute();
  if (teamIds.length > 0) {
    await trx.insertInto('user_teams').values(teamIds.map((team_id) => ({ tenant_id: tenantId, user_id: userId, team_id }))).execute();
  }
}

/** A user's roles and teams, locked until the transaction ends so that two changes do not cross. */
export async function rolesAndTeams(trx: Trx, userId: string): Promise<{ roles: string[]; teamIds: string[] } | null> {
  const row = await trx.selectFrom('users').select('roles').where('id', '=', userId).forUpdate().executeTakeFirst();
  if (!row) return null;
  const teams = await trx.selectFrom('user_teams').select('team_id').where('user_id', '=', userId).execute();
  return { roles: row.roles, teamIds: teams.map((t) => t.team_id) };
}

export async function setNameAndRoles(trx: Trx, userId: string, name: string, roles: string[]): Promise<void> {
  await trx.updateTable('users').set({ name, roles, updated_at: new Date() }).where('id', '=', userId).execute();
}

export async function setRoles(trx: Trx, userId: string, roles: string[]): Promise<void> {
  await trx.updateTable('users').set({ roles, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** Deactivates or reactivates a user; reactivating also unlocks the account. False when there is no such user. */
export async function setActive(trx: Trx, userId: string, active: boolean): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set({ active, updated_at: new Date(), ...(active ? { failed_sign_ins: 0, locked_until: null } : {}) })
    .where('id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes the password so that nobody can sign in with it, and unlocks the account. False when there is no such user. */
export async function clearPassword(trx: Trx, userId: string): Promise<boolean> {
  const row = await trx
    .updateTable('users')
    .set({ password_hash: null, must_change_password: false, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
    .where('id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function endSessions(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
