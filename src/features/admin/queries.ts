import type { Trx } from '../../platform/db/database.js';
import type { PasswordLinkPurpose, RoleRequestStatus } from '../../platform/db/admin-schema.js';

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

// Role requests

/** Every role already waiting for approval for a user. */
export async function pendingRoles(trx: Trx, userId: string): Promise<string[]> {
  const rows = await trx.selectFrom('role_requests').select('roles').where('user_id', '=', userId).where('status', '=', 'pending').execute();
  return rows.flatMap((r) => r.roles);
}

export async function insertRoleRequest(
  trx: Trx,
  values: { tenantId: string; userId: string; roles: string[]; reason: string; requestedBy: string },
): Promise<string> {
  const row = await trx
    .insertInto('role_requests')
    .values({ tenant_id: values.tenantId, user_id: values.userId, roles: values.roles, reason: values.reason, requested_by: values.requestedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RoleRequestSummary {
  id: string;
  userId: string;
  userName: string;
  roles: string[];
  reason: string;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  status: RoleRequestStatus;
  decidedByName: string | null;
  decidedAt: Date | null;
}

function roleRequestQuery(trx: Trx) {
  return trx
    .selectFrom('role_requests as r')
    .innerJoin('users as target', 'target.id', 'r.user_id')
    .innerJoin('users as asker', 'asker.id', 'r.requested_by')
    .leftJoin('users as decider', 'decider.id', 'r.decided_by')
    .select([
      'r.id',
      'r.user_id',
      'target.name as user_name',
      'r.roles',
      'r.reason',
      'r.requested_by',
      'asker.name as requested_by_name',
      'r.requested_at',
      'r.status',
      'decider.name as decided_by_name',
      'r.decided_at',
    ]);
}

type RoleRequestRow = Awaited<ReturnType<ReturnType<typeof roleRequestQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: RoleRequestRow): RoleRequestSummary {
  return {
    id: r.id,
    userId: r.user_id,
    userName: r.user_name,
    roles: r.roles,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at,
    status: r.status,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
  };
}

/** Requests waiting for a decision, oldest first; with a user id, only that user's. */
export async function pendingRoleRequests(trx: Trx, userId?: string): Promise<RoleRequestSummary[]> {
  const rows = await roleRequestQuery(trx)
    .where('r.status', '=', 'pending')
    .$if(userId !== undefined, (q) => q.where('r.user_id', '=', userId ?? ''))
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
  return rows.map(toSummary);
}

/** The latest decisions, newest first. */
export async function decidedRoleRequests(trx: Trx, limit: number): Promise<RoleRequestSummary[]> {
  const rows = await roleRequestQuery(trx).where('r.status', '!=', 'pending').orderBy('r.decided_at', 'desc').orderBy('r.id').limit(limit).execute();
  return rows.map(toSummary);
}

/** A request, locked until the transaction ends so that two administrators cannot both decide it. */
export async function roleRequestForDecision(trx: Trx, id: string) {
  return trx.selectFrom('role_requests').select(['id', 'user_id', 'roles', 'requested_by', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function recordDecision(trx: Trx, id: string, status: 'approved' | 'refused', decidedBy: string): Promise<boolean> {
  const row = await trx
    .updateTable('role_requests')
    .set({ status, decided_by: decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// Password links and the outbox

/** Stops every unused link of a user from working. */
export async function revokePasswordLinks(trx: Trx, userId: string): Promise<void> {
  await trx.updateTable('password_links').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
}

export async function insertPasswordLink(
  trx: Trx,
  values: { tenantId: string; userId: string; tokenHash: string; purpose: PasswordLinkPurpose; createdBy: string | null; expiresAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('password_links')
    .values({
      tenant_id: values.tenantId,
      user_id: values.userId,
      token_hash: values.tokenHash,
      purpose: values.purpose,
      created_by: values.createdBy,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a message for a sender to deliver. The application cannot read messages back. */
export async function queueMessage(trx: Trx, values: { tenantId: string; toUserId: string; kind: 'password-link'; body: string }): Promise<void> {
  await trx.insertInto('outbound_messages').values({ tenant_id: values.tenantId, to_user_id: values.toUserId, kind: values.kind, body: values.body }).execute();
}
