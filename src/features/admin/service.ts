import { ServiceError } from '../../platform/http/service-error.js';
import { randomInt } from 'node:crypto';
import { can } from '../../platform/access/policy.js';
import { isRole, type Role } from '../../platform/access/roles.js';
import { recordAudit, type ActorType } from '../../platform/audit/audit-log.js';
import { findSignInCandidate, type CurrentUser } from '../../platform/auth/current-user.js';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.js';
import type { Database, Trx } from '../../platform/db/database.js';
import * as q from './queries.js';

/** Who is acting: a signed-in administrator, or the operator at the command line. */
export type AdminActor = { kind: 'user'; user: CurrentUser } | { kind: 'system'; tenantId: string };

/** Admin errors name the field first: `new AdminError('email', 'Enter…')`. */
export class AdminError extends ServiceError {
  constructor(field: string, message: string, status: 400 | 403 | 404 | 409 = 400) {
    super(status, message, field);
  }
}

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  teamIds: string[];
  /** When left out, a temporary password is made and must be changed at first sign-in. */
  password?: string;
}

const PAGE_SIZE = 25;

function tenantOf(actor: AdminActor): string {
  return actor.kind === 'user' ? actor.user.tenantId : actor.tenantId;
}

function audit(trx: Trx, actor: AdminActor, action: string, subjectType: string, subjectId: string, requestId: string | null, details?: Record<string, unknown>) {
  const actorType: ActorType = actor.kind === 'user' ? 'user' : 'system';
  return recordAudit(trx, tenantOf(actor), {
    actorType,
    actorId: actor.kind === 'user' ? actor.user.id : null,
    action,
    subjectType,
    subjectId,
    requestId,
    details,
  });
}

function requireManage(actor: AdminActor, action: 'users:manage' | 'teams:manage' | 'users:view'): void {
  if (actor.kind === 'user' && !can(actor.user, action, { kind: 'tenant', id: actor.user.tenantId })) {
    throw new AdminError('form', 'You do not have permission to do this', 403);
  }
}

const TEMPORARY_PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A temporary password people can read out: four groups of five letters and digits (about 119 bits).
 * Each character is drawn uniformly, so the format never comes up short.
 */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 5 }, () => TEMPORARY_PASSWORD_ALPHABET[randomInt(TEMPORARY_PASSWORD_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export function adminService(db: Database) {
  async function validTeams(trx: Trx, teamIds: string[]): Promise<string[]> {
    const unique = [...new Set(teamIds)];
    const found = await q.existingTeamIds(trx, unique);
    if (found.length !== unique.length) throw new AdminError('teams', 'Choose teams from the list');
    return unique;
  }

  function checkRoles(roles: string[]): Role[] {
    if (roles.length === 0) throw new AdminError('roles', 'Choose at least one role');
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length > 0) throw new AdminError('roles', `Unknown role: ${bad.join(', ')}`);
    return [...new Set(roles)] as Role[];
  }

  return {
    PAGE_SIZE,

    async listUsers(actor: AdminActor, page: number) {
      requireManage(actor, 'users:view');
      return db.tenant(tenantOf(actor), async (trx) => {
        const total = await q.countUsers(trx);
        const users = await q.listUsers(trx, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        return { total, users, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
      });
    },

    async getUser(actor: AdminActor, id: string) {
      requireManage(actor, 'users:view');
      const user = await db.tenant(tenantOf(actor), (trx) => q.findUser(trx, id));
      if (!user) throw new AdminError('user', 'There is no such user', 404);
      return user;
    },

    listTeams(actor: AdminActor) {
      requireManage(actor, 'users:view');
      return db.tenant(tenantOf(actor), (trx) => q.listTeams(trx));
    },

    async createTeam(actor: AdminActor, name: string, requestId: string | null) {
      requireManage(actor, 'teams:manage');
      const trimmed = name.trim();
      if (!trimmed) throw new AdminError('name', 'Enter the team name');
      if (trimmed.length > 120) throw new AdminError('name', 'Enter a team name of 120 characters or fewer');
      const tenantId = tenantOf(actor);
      return db.tenant(tenantId, async (trx) => {
        const clash = await trx.selectFrom('teams').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', trimmed.toLowerCase())).executeTakeFirst();
        if (clash) throw new AdminError('name', 'A team with this name already exists', 409);
        const team = await trx.insertInto('teams').values({ tenant_id: tenantId, name: trimmed }).returning(['id', 'name']).executeTakeFirstOrThrow();
        await audit(trx, actor, 'team.create', 'team', team.id, requestId);
        return team;
      });
    },

    /** Creates a user. Returns the temporary password when none was given: show it once, never store it. */
    async createUser(actor: AdminActor, input: NewUser, requestId: string | null) {
      requireManage(actor, 'users:manage');
      const email = input.email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AdminError('email', 'Enter an email address in the right format, like name@example.gov.uk');
      const name = input.name.trim();
      if (!name) throw new AdminError('name', 'Enter the full name');
      if (name.length > 200) throw new AdminError('name', 'Enter a name of 200 characters or fewer');
      const roles = checkRoles(input.roles);
      const givenPassword = input.password;
      if (givenPassword !== undefined) {
        const problem = passwordProblem(givenPassword, email);
        if (problem) throw new AdminError('password', problem);
      }
      const password = givenPassword ?? temporaryPassword();
      const passwordHash = await hashPassword(password);
      const tenantId = tenantOf(actor);
      // Emails are unique across every tenant; the look-up function sees them all without showing whose.
      if (await findSignInCandidate(db, email)) throw new AdminError('email', 'Another account already uses this email address', 409);
      const user = await db.tenant(tenantId, async (trx) => {
        const teamIds = await validTeams(trx, input.teamIds);
        const row = await trx
          .insertInto('users')
          .values({ tenant_id: tenantId, email, name, roles, password_hash: passwordHash, must_change_password: givenPassword === undefined })
          .returning(['id', 'email', 'name'])
          .executeTakeFirstOrThrow();
        await q.setUserTeams(trx, tenantId, row.id, teamIds);
        await audit(trx, actor, 'user.create', 'user', row.id, requestId, { roles, teams: teamIds.length });
        return row;
      });
      return { user, temporaryPassword: givenPassword === undefined ? password : null };
    },

    async updateUser(actor: AdminActor, id: string, input: { name: string; roles: string[]; teamIds: string[] }, requestId: string | null) {
      requireManage(actor, 'users:manage');
      const name = input.name.trim();
      if (!name) throw new AdminError('name', 'Enter the full name');
      const roles = checkRoles(input.roles);
      if (actor.kind === 'user' && actor.user.id === id && !roles.includes('admin')) {
        throw new AdminError('roles', 'You cannot remove your own administrator role');
      }
      const tenantId = tenantOf(actor);
      await db.tenant(tenantId, async (trx) => {
        const teamIds = await validTeams(trx, input.teamIds);
        const updated = await trx.updateTable('users').set({ name, roles, updated_at: new Date() }).where('id', '=', id).returning('id').executeTakeFirst();
        if (!updated) throw new AdminError('user', 'There is no such user', 404);
        await q.setUserTeams(trx, tenantId, id, teamIds);
        await audit(trx, actor, 'user.update', 'user', id, requestId, { roles, teams: teamIds.length });
      });
    },

    async setActive(actor: AdminActor, id: string, active: boolean, requestId: string | null) {
      requireManage(actor, 'users:manage');
      if (!active && actor.kind === 'user' && actor.user.id === id) throw new AdminError('user', 'You cannot deactivate your own account');
      await db.tenant(tenantOf(actor), async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({ active, updated_at: new Date(), ...(active ? { failed_sign_ins: 0, locked_until: null } : {}) })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AdminError('user', 'There is no such user', 404);
        if (!active) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit(trx, actor, active ? 'user.reactivate' : 'user.deactivate', 'user', id, requestId);
      });
    },

    /** Sets a temporary password (shown once), unlocks the account and signs the user out everywhere. */
    async resetPassword(actor: AdminActor, id: string, requestId: string | null): Promise<string> {
      requireManage(actor, 'users:manage');
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      await db.tenant(tenantOf(actor), async (trx) => {
        const updated = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: true, failed_sign_ins: 0, locked_until: null, updated_at: new Date() })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AdminError('user', 'There is no such user', 404);
        await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await audit(trx, actor, 'user.password-reset', 'user', id, requestId);
      });
      return password;
    },
  };
}

export type AdminService = ReturnType<typeof adminService>;
