import { hasInvisibleCharacter, normaliseName } from '../../domain/people/names.js';
import { recordAudit, type AuditEntry } from '../../platform/audit/audit-log.js';
import type { Trx } from '../../platform/db/database.js';
import { roleConflict } from '../../platform/access/roles.js';
import { accessFromGroups, readGroupsClaim, sameMembers, teamsAfterSignIn, type GroupMapping } from './group-access.js';
import * as q from './queries.js';

/**
 * From what the provider vouched for to a Wraparound account, in one transaction with its audit:
 * find the user (by the provider's subject once linked, by email the first time), make their roles and
 * teams those their groups give, or make the account when the tenant allows it. Every refusal is
 * recorded; a refusal that changed something (roles taken away) keeps the change.
 */

/** Why a verified person is still not let in. Each has its own page (see views/sso-refused.njk). */
export type AccountRefusalReason = 'no-email' | 'no-groups-claim' | 'no-mapped-group' | 'conflicting-roles' | 'no-account' | 'inactive' | 'another-person' | 'email-in-use-elsewhere';

export type AccountOutcome = { ok: true; userId: string } | { ok: false; reason: AccountRefusalReason };

export interface VerifiedPerson {
  issuer: string;
  subject: string;
  /** Lower case; null when the provider sent none that looks like an email address. */
  email: string | null;
  name: string | null;
  claims: Readonly<Record<string, unknown>>;
}

export interface TenantRules {
  tenantId: string;
  groupsClaim: string;
  allowNewAccounts: boolean;
  mappings: GroupMapping[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The person from the ID token's claims (already verified by openid-client). */
export function personFrom(issuer: string, claims: Readonly<Record<string, unknown>>): VerifiedPerson {
  const email = typeof claims.email === 'string' && EMAIL.test(claims.email.trim()) && claims.email.length <= 320 ? claims.email.trim().toLowerCase() : null;
  const rawName = typeof claims.name === 'string' ? normaliseName(claims.name) : '';
  const name = rawName && rawName.length <= 200 && !hasInvisibleCharacter(rawName) ? rawName : null;
  return { issuer, subject: String(claims.sub), email, name, claims };
}

export async function accountFor(
  trx: Trx,
  rules: TenantRules,
  person: VerifiedPerson,
  context: { requestId: string; emailUsedElsewhere: boolean },
): Promise<AccountOutcome> {
  const { tenantId } = rules;
  const audit = (entry: Omit<AuditEntry, 'requestId'>) => recordAudit(trx, tenantId, { ...entry, requestId: context.requestId });
  const refuse = async (reason: AccountRefusalReason, userId: string | null, details: Record<string, unknown> = {}): Promise<AccountOutcome> => {
    await audit({
      actorType: userId ? 'user' : 'system',
      actorId: userId,
      action: 'session.sign-in-failed',
      subjectType: userId ? 'user' : 'tenant',
      subjectId: userId ?? tenantId,
      details: { method: 'single-sign-on', reason, ...details },
    });
    return { ok: false, reason };
  };

  const account = await q.findAccount(trx, person.issuer, person.subject, person.email);
  if (!account && !person.email) return refuse('no-email', null);
  // Linked to someone else at this provider: the email was given to another person there.
  if (account?.link && account.link.issuer === person.issuer && account.link.subject !== person.subject) return refuse('another-person', account.id);
  if (account && !account.active) return refuse('inactive', account.id);

  const groups = readGroupsClaim(person.claims, rules.groupsClaim);
  // A claim that did not come is not an empty list: nobody's roles change on it.
  if (groups.kind !== 'groups') return refuse('no-groups-claim', account?.id ?? null, { claim: groups.kind });
  const access = accessFromGroups(groups.groups, rules.mappings);
  // Groups giving an administrator a role that works with families: neither is given (roles.ts, roleConflict).
  if (access && roleConflict(access.roles)) return refuse('conflicting-roles', account?.id ?? null, { roles: access.roles });

  if (!account) {
    if (!access) return refuse('no-mapped-group', null, { groups: groups.groups.length });
    if (!rules.allowNewAccounts) return refuse('no-account', null);
    if (context.emailUsedElsewhere) return refuse('email-in-use-elsewhere', null);
    const email = person.email as string;
    const userId = await q.insertAccount(trx, { tenantId, email, name: person.name ?? email, roles: access.roles });
    await q.linkIdentity(trx, { tenantId, userId, issuer: person.issuer, subject: person.subject });
    await q.setTeams(trx, tenantId, userId, access.teamIds);
    await audit({ actorType: 'system', actorId: null, action: 'user.create', subjectType: 'user', subjectId: userId, details: { via: 'single-sign-on', roles: access.roles, teams: access.teamIds.length } });
    await audit({ actorType: 'user', actorId: userId, action: 'session.sign-in', subjectType: 'user', subjectId: userId, details: { method: 'single-sign-on' } });
    return { ok: true, userId };
  }

  if (account.link?.issuer !== person.issuer) {
    await q.linkIdentity(trx, { tenantId, userId: account.id, issuer: person.issuer, subject: person.subject });
    await audit({ actorType: 'system', actorId: null, action: 'user.sso-link', subjectType: 'user', subjectId: account.id, details: { issuer: person.issuer, replaced: account.link !== null } });
  }
  const roles = access?.roles ?? [];
  const teams = teamsAfterSignIn(account.teamIds, access?.teamIds ?? [], rules.mappings);
  const rolesChanged = !sameMembers(account.roles, roles);
  const teamsChanged = !sameMembers(account.teamIds, teams);
  if (rolesChanged || teamsChanged) {
    await q.setRoles(trx, account.id, roles);
    await q.setTeams(trx, tenantId, account.id, teams);
    await audit({
      actorType: 'system',
      actorId: null,
      action: 'user.roles-from-groups',
      subjectType: 'user',
      subjectId: account.id,
      details: { roles, previousRoles: account.roles, teams: teams.length, previousTeams: account.teamIds.length },
    });
  }
  if (!access) {
    // Out of every mapped group at the provider: out of Wraparound, every session included.
    await q.endSessions(trx, account.id);
    return refuse('no-mapped-group', account.id, { groups: groups.groups.length });
  }
  await audit({ actorType: 'user', actorId: account.id, action: 'session.sign-in', subjectType: 'user', subjectId: account.id, details: { method: 'single-sign-on' } });
  return { ok: true, userId: account.id };
}
