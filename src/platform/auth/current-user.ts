import { sql } from 'kysely';
import type { Actor } from '../access/policy.js';
import { isRole } from '../access/roles.js';
import type { Database, Trx } from '../db/database.js';

export interface CurrentUser extends Actor {
  teamIds: readonly string[];
  /** An agency representative's partner agency; null for everyone else. */
  agencyId: string | null;
  name: string;
  email: string;
  mustChangePassword: boolean;
  /** The user has an authenticator app set up for the second step at sign-in. */
  hasAuthenticatorApp: boolean;
}

/** The user's columns and teams in one query (the session look-up asks for the same). */
export function userQuery(trx: Trx) {
  return trx
    .selectFrom('users')
    .select(['users.id', 'users.tenant_id', 'users.name', 'users.email', 'users.roles', 'users.active', 'users.must_change_password', 'users.mfa_enrolled_at', 'users.agency_id'])
    .select(sql<string[]>`(select coalesce(json_agg(ut.team_id order by ut.team_id), '[]'::json) from user_teams ut where ut.user_id = users.id)`.as('team_ids'));
}

type UserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

export function currentUserFrom(row: UserRow): CurrentUser {
  return {
    teamIds: row.team_ids,
    agencyId: row.agency_id,
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    email: row.email,
    roles: row.roles.filter(isRole),
    active: row.active,
    mustChangePassword: row.must_change_password,
    hasAuthenticatorApp: row.mfa_enrolled_at !== null,
  };
}

export async function loadUser(trx: Trx, userId: string): Promise<CurrentUser | null> {
  const row = await userQuery(trx).where('users.id', '=', userId).executeTakeFirst();
  return row ? currentUserFrom(row) : null;
}

export interface SignInCandidate {
  id: string;
  tenantId: string;
  passwordHash: string | null;
  active: boolean;
  lockedUntil: Date | null;
}

/** Finds the account for an email before the tenant is known (a security-definer look-up). */
export async function findSignInCandidate(db: Database, email: string): Promise<SignInCandidate | null> {
  return db.anonymous(async (trx) => {
    const result = await sql<{
      id: string;
      tenant_id: string;
      password_hash: string | null;
      active: boolean;
      locked_until: Date | null;
    }>`select * from auth_user_by_email(${email})`.execute(trx);
    const row = result.rows[0];
    return row
      ? { id: row.id, tenantId: row.tenant_id, passwordHash: row.password_hash, active: row.active, lockedUntil: row.locked_until }
      : null;
  });
}
