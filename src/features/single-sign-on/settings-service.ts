import type { KeyObject } from 'node:crypto';
import { adminService } from '../admin/service.js';
import { isRole, ROLES, type Role } from '../../platform/access/roles.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import { issuerProblem } from '../../platform/auth/oidc-client.js';
import { sealSecret } from '../../platform/crypto/sealed-secret.js';
import type { Database } from '../../platform/db/database.js';
import type { GroupMapping } from './group-access.js';
import * as q from './queries.js';
import { clientSecretPurpose } from './service.js';

/** A problem with what the operator asked for, shown to them without a stack trace. */
export class SsoSettingsError extends Error {}

/** One `--map GROUP=role[,team]`: the provider's group id, the role it gives, and a team by name. */
export interface GroupMappingRequest {
  groupId: string;
  role: string;
  teamName: string | null;
}

export interface SsoSettingsRequest {
  tenantSlug: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  mappings: GroupMappingRequest[];
  allowNewAccounts: boolean;
}

const GROUPS_CLAIM = /^[A-Za-z0-9_.:/-]{1,100}$/;

/** Reads `GROUP=role[,team]`, as typed after --map. */
export function parseGroupMapping(text: string): GroupMappingRequest {
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new SsoSettingsError(`--map ${text}: write it as GROUP=role or GROUP=role,team`);
  const groupId = text.slice(0, at).trim();
  const [role = '', ...team] = text.slice(at + 1).split(',');
  const teamName = team.join(',').trim();
  return { groupId, role: role.trim(), teamName: teamName || null };
}

/**
 * Setting a council's single sign-on: operator work at the command line (`wraparound configure-sso`).
 * The client secret is sealed with OIDC_SECRET_KEY before it reaches the database; the settings and
 * mappings replace any before them, as the owner, in one transaction with their audit event (which
 * holds the issuer, client id, claim and counts, never the secret).
 */
export function ssoSettingsService(db: Database, options: { secretKey: KeyObject | null; production: boolean }) {
  return {
    async configure(request: SsoSettingsRequest): Promise<{ tenantId: string; mappings: number; teamsMade: string[] }> {
      if (!options.secretKey) throw new SsoSettingsError('configure-sso needs OIDC_SECRET_KEY (32 random bytes: openssl rand -hex 32), the key that seals the client secret');
      const issuerIssue = issuerProblem(request.issuer, options.production);
      if (issuerIssue) throw new SsoSettingsError(issuerIssue);
      const clientId = request.clientId.trim();
      if (!clientId || clientId.length > 200) throw new SsoSettingsError('The client id must be 1 to 200 characters');
      if (!request.clientSecret || request.clientSecret.length > 1000 || /[\r\n]/.test(request.clientSecret)) {
        throw new SsoSettingsError('The client secret file must hold the secret alone, on one line');
      }
      if (!GROUPS_CLAIM.test(request.groupsClaim)) throw new SsoSettingsError('The groups claim must be a claim name, like groups or roles');
      if (request.mappings.length === 0) throw new SsoSettingsError('Give at least one --map GROUP=role[,team]: without one nobody can sign in');
      for (const m of request.mappings) {
        if (!m.groupId || m.groupId.length > 200) throw new SsoSettingsError(`The group id ${m.groupId || '(blank)'} must be 1 to 200 characters`);
        if (!isRole(m.role)) throw new SsoSettingsError(`Unknown role ${m.role || '(blank)'} for group ${m.groupId}. Roles: ${ROLES.join(', ')}`);
        if (m.teamName !== null && m.teamName.length > 120) throw new SsoSettingsError(`The team name for group ${m.groupId} must be 120 characters or fewer`);
      }
      const tenantId = await q.tenantIdBySlug(db.owner(), request.tenantSlug);
      if (!tenantId) throw new SsoSettingsError(`There is no tenant with the slug ${request.tenantSlug}`);

      const { teamIds, made } = await teamsByName(tenantId, request.mappings);
      const mappings: GroupMapping[] = dedupe(request.mappings.map((m) => ({ groupId: m.groupId, role: m.role as Role, teamId: m.teamName ? (teamIds.get(m.teamName.toLowerCase()) ?? null) : null })));
      const sealed = sealSecret(options.secretKey, clientSecretPurpose(tenantId), request.clientSecret);
      await db
        .owner()
        .transaction()
        .execute(async (trx) => {
          await q.actAsTenant(trx, tenantId);
          await q.saveSettings(trx, { tenantId, issuer: request.issuer, clientId, clientSecretSealed: sealed, groupsClaim: request.groupsClaim, allowNewAccounts: request.allowNewAccounts });
          await q.replaceMappings(trx, tenantId, mappings);
          await recordAudit(trx, tenantId, {
            actorType: 'system',
            actorId: null,
            action: 'sso.configure',
            subjectType: 'tenant',
            subjectId: tenantId,
            details: {
              issuer: request.issuer,
              clientId,
              groupsClaim: request.groupsClaim,
              allowNewAccounts: request.allowNewAccounts,
              mappings: mappings.map((m) => ({ group: m.groupId, role: m.role, team: m.teamId })),
            },
          });
        });
      return { tenantId, mappings: mappings.length, teamsMade: made };
    },
  };

  /** The teams the mappings name, by lower-case name, made (and audited) when the tenant has none of that name. */
  async function teamsByName(tenantId: string, requests: GroupMappingRequest[]) {
    const admin = adminService(db);
    const actor = { kind: 'system', tenantId } as const;
    const existing = new Map((await admin.listTeams(actor)).map((t) => [t.name.toLowerCase(), t.id]));
    const made: string[] = [];
    for (const name of new Set(requests.flatMap((m) => (m.teamName ? [m.teamName] : [])))) {
      if (existing.has(name.toLowerCase())) continue;
      const team = await admin.createTeam(actor, name, null);
      existing.set(name.toLowerCase(), team.id);
      made.push(team.name);
    }
    return { teamIds: existing, made };
  }
}

function dedupe(mappings: GroupMapping[]): GroupMapping[] {
  const seen = new Set<string>();
  return mappings.filter((m) => {
    const key = JSON.stringify([m.groupId, m.role, m.teamId]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
