import { sql, type Kysely } from 'kysely';
import { isRole } from '../../platform/access/roles.js';
import type { Trx } from '../../platform/db/database.js';
import type { Schema } from '../../platform/db/schema.js';
import type { GroupMapping } from './group-access.js';

export interface StoredSettings {
  tenantId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  groupsClaim: string;
  allowNewAccounts: boolean;
}

export interface SsoTenant {
  id: string;
  slug: string;
  name: string;
}

/** The councils that sign in through their provider, before anyone is signed in (a security-definer look-up). */
export async function ssoTenants(trx: Trx): Promise<SsoTenant[]> {
  const result = await sql<SsoTenant>`select * from auth_sso_tenants()`.execute(trx);
  return result.rows;
}

/** Whose a sign-in in progress is, by the hash of its cookie, before the tenant is known. */
export async function attemptTenant(trx: Trx, idHash: string): Promise<string | null> {
  const result = await sql<{ tenant_id: string }>`select * from auth_sso_attempt(${idHash})`.execute(trx);
  return result.rows[0]?.tenant_id ?? null;
}

export async function findSettings(trx: Trx): Promise<StoredSettings | null> {
  const row = await trx.selectFrom('sso_settings').selectAll().executeTakeFirst();
  return row
    ? { tenantId: row.tenant_id, issuer: row.issuer, clientId: row.client_id, clientSecretSealed: row.client_secret_sealed, groupsClaim: row.groups_claim, allowNewAccounts: row.allow_new_accounts }
    : null;
}

export async function groupMappings(trx: Trx): Promise<GroupMapping[]> {
  const rows = await trx.selectFrom('sso_group_mappings').select(['group_id', 'role', 'team_id']).orderBy('group_id').orderBy('role').execute();
  return rows.flatMap((r) => (isRole(r.role) ? [{ groupId: r.group_id, role: r.role, teamId: r.team_id }] : []));
}

export interface NewAttempt {
  idHash: string;
  tenantId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
  expiresAt: Date;
}

/** Records a sign-in in progress, clearing the tenant's attempts that ran out. */
export async function insertAttempt(trx: Trx, attempt: NewAttempt, now: Date): Promise<void> {
  await trx.deleteFrom('sso_attempts').where('expires_at', '<=', now).execute();
  await trx
    .insertInto('sso_attempts')
    .values({
      id_hash: attempt.idHash,
      tenant_id: attempt.tenantId,
      state: attempt.state,
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      redirect_uri: attempt.redirectUri,
      return_to: attempt.returnTo,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

/** Uses a sign-in in progress up: it is deleted whatever happens next. Null when gone or run out. */
export async function takeAttempt(trx: Trx, idHash: string, now: Date) {
  const row = await trx.deleteFrom('sso_attempts').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, redirectUri: row.redirect_uri, returnTo: row.return_to };
}

export interface AccountRow {
  id: string;
  email: string;
  roles: string[];
  active: boolean;
  teamIds: string[];
  /** The person at a provider this user is linked to, if any. */
  link: { issuer: string; subject: string } | null;
}

async function accountWhere(trx: Trx, where: { userId: string } | { email: string }): Promise<AccountRow | null> {
  let query = trx
    .selectFrom('users')
    .leftJoin('sso_identities', 'sso_identities.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.roles', 'users.active', 'sso_identities.issuer', 'sso_identities.subject']);
  query = 'userId' in where ? query.where('users.id', '=', where.userId) : query.where('users.email', '=', where.email);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const teams = await trx.selectFrom('user_teams').select('team_id').where('user_id', '=', row.id).execute();
  return {
    id: row.id,
    email: row.email,
    roles: row.roles,
    active: row.active,
    teamIds: teams.map((t) => t.team_id),
    link: row.issuer !== null && row.subject !== null ? { issuer: row.issuer, subject: row.subject } : null,
  };
}

/** The user linked to this person at the provider, or else the user with this email (in the tenant). */
export async function findAccount(trx: Trx, issuer: string, subject: string, email: string | null): Promise<AccountRow | null> {
  const linked = await trx.selectFrom('sso_identities').select('user_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  if (linked) return accountWhere(trx, { userId: linked.user_id });
  return email ? accountWhere(trx, { email }) : null;
}

/** Links a user to the person at the provider, replacing a link to another provider (the council changed provider). */
export async function linkIdentity(trx: Trx, link: { tenantId: string; userId: string; issuer: string; subject: string }): Promise<void> {
  await trx
    .insertInto('sso_identities')
    .values({ tenant_id: link.tenantId, user_id: link.userId, issuer: link.issuer, subject: link.subject })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ issuer: link.issuer, subject: link.subject, linked_at: new Date() }))
    .execute();
}

export async function insertAccount(trx: Trx, account: { tenantId: string; email: string; name: string; roles: string[] }): Promise<string> {
  const row = await trx
    .insertInto('users')
    .values({ tenant_id: account.tenantId, email: account.email, name: account.name, roles: account.roles, password_hash: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setRoles(trx: Trx, userId: string, roles: string[]): Promise<void> {
  await trx.updateTable('users').set({ roles, updated_at: new Date() }).where('id', '=', userId).execute();
}

export async function setTeams(trx: Trx, tenantId: string, userId: string, teamIds: string[]): Promise<void> {
  await trx.deleteFrom('user_teams').where('user_id', '=', userId).execute();
  if (teamIds.length) await trx.insertInto('user_teams').values(teamIds.map((teamId) => ({ tenant_id: tenantId, user_id: userId, team_id: teamId }))).execute();
}

export async function endSessions(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// Settings are the operator's: these take the owner's transaction (see settings-service.ts).

export async function tenantIdBySlug(owner: Kysely<Schema>, slug: string): Promise<string | null> {
  const row = await owner.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id ?? null;
}

/** Sets the transaction's tenant, so the row-level security policies hold for the owner too. */
export async function actAsTenant(trx: Trx, tenantId: string): Promise<void> {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
}

export async function saveSettings(trx: Trx, settings: StoredSettings): Promise<void> {
  const values = {
    issuer: settings.issuer,
    client_id: settings.clientId,
    client_secret_sealed: settings.clientSecretSealed,
    groups_claim: settings.groupsClaim,
    allow_new_accounts: settings.allowNewAccounts,
    updated_at: new Date(),
  };
  await trx
    .insertInto('sso_settings')
    .values({ tenant_id: settings.tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

export async function replaceMappings(trx: Trx, tenantId: string, mappings: readonly GroupMapping[]): Promise<void> {
  await trx.deleteFrom('sso_group_mappings').where('tenant_id', '=', tenantId).execute();
  if (mappings.length) {
    await trx
      .insertInto('sso_group_mappings')
      .values(mappings.map((m) => ({ tenant_id: tenantId, group_id: m.groupId, role: m.role, team_id: m.teamId })))
      .execute();
  }
}
