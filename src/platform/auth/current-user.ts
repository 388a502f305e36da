import { sql } from 'kysely';
import type { Actor } from '../access/policy.js';
import { isRole } from '../access/roles.js';
import type { Database, Trx } from '../db/database.js';

export interface CurrentUser extends Actor {
  teamIds: readonly string[];
  name: string;
  email: string;
  mustChangePassword: boolean;
  /** The user has an authenticator app set up for the second step at sign-in. */
  hasAuthenticatorApp: boolean;
}

export async function loadUser(trx: Trx, userId: string): Promise<CurrentUser | null> {
  const row = await trx
    .selectFrom('users')
    .select(['id', 'tenant_id', 'name', 'email', 'roles', 'active', 'must_change_password', 'mfa_enrolled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  const teams = await trx.selectFrom('user_teams').select('team_id').where('user_id', '=', userId).execute();
  return {
    teamIds: teams.map((t) => t.team_id),
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
