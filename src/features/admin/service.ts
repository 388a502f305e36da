import { pageCountOf } from '../../platform/http/pagination.js';
import { randomInt } from 'node:crypto';
import { isRole, roleConflict, type Role } from '../../platform/access/roles.js';
import { findSignInCandidate } from '../../platform/auth/current-user.js';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { sendPasswordLink } from './password-links.js';
import { AdminError, AdminRefusal, audit, requireManage, tenantOf, type AdminActor } from './actor.js';
import { insertRoleRequest, pendingRoles } from './queries/role-requests.js';
import * as q from './queries/users.js';
import { planRoleChange } from './role-approval.js';
import { appResetService } from './app-resets.js';
import { roleRequestService } from './role-requests.js';

export { AdminError, AdminRefusal, type AdminActor } from './actor.js';

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  teamIds: string[];
  /** Why the user needs roles that wait for approval. Needed when an administrator gives such roles. */
  reason?: string;
  /**
   * Only the operator at the command line may set a password; when left out there, a temporary
   * password is made and must be changed at first sign-in. An administrator never sets one: the user
   * is sent a link to choose their own.
   */
  password?: string;
}

export interface UserChange {
  name: string;
  /** Left out: the roles stay as they are. */
  roles?: string[];
  /** Left out: the teams stay as they are. */
  teamIds?: string[];
  reason?: string;
}

const PAGE_SIZE = 25;

export const OWN_ROLES_REFUSED = 'You cannot change your own roles or teams. Ask another administrator to do it.';
export const OWN_STATUS_REFUSED = 'You cannot deactivate or reactivate your own account. Ask another administrator to do it.';
export const OWN_PASSWORD_REFUSED = 'You cannot reset your own password here. Use ‘Change your password’ instead.';
export const REASON_NEEDED = 'Say why they need the roles that another administrator must approve';

const TEMPORARY_PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A temporary password people can read out: four groups of five letters and digits (about 119 bits).
 * Each character is drawn uniformly, so the format never comes up short. Only the operator's
 * `create-user` command makes one; administrators send a link instead.
 */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 5 }, () => TEMPORARY_PASSWORD_ALPHABET[randomInt(TEMPORARY_PASSWORD_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function checkReason(reason: string | undefined, toRequest: readonly Role[]): string {
  if (toRequest.length === 0) return '';
  const trimmed = (reason ?? '').trim();
  if (!trimmed) throw new AdminError('reason', REASON_NEEDED);
  if (trimmed.length > 1000) throw new AdminError('reason', 'Enter a reason of 1,000 characters or fewer');
  return trimmed;
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

  /** Refuses roles that may not be held together (an administrator who works with families). */
  function requireNoConflict(roles: readonly Role[]): void {
    const conflict = roleConflict(roles);
    if (conflict) throw new AdminError('roles', conflict);
  }

  /** Records that an administrator tried to change their own account, then refuses it. */
  async function refuseOwn(actor: AdminActor, attempted: string, field: string, message: string, requestId: string | null): Promise<never> {
    await db.tenant(tenantOf(actor), (trx) => audit(trx, actor, 'user.own-change-refused', 'user', actor.kind === 'user' ? actor.user.id : '', requestId, { attempted }));
    throw new AdminRefusal(field, message);
  }

  const isSelf = (actor: AdminActor, id: string) => actor.kind === 'user' && actor.user.id === id;

  return {
    PAGE_SIZE,

    async listUsers(actor: AdminActor, page: number) {
      requireManage(actor, 'users:view');
      return db.tenant(tenantOf(actor), async (trx) => {
        const total = await q.countUsers(trx);
        const users = await q.listUsers(trx, PAGE_SIZE, (page - 1) * PAGE_SIZE);
        return { total, users, page, pageCount: pageCountOf(total, PAGE_SIZE) };
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
        if (await q.teamNameTaken(trx, trimmed)) throw new AdminError('name', 'A team with this name already exists', 409);
        const team = await q.insertTeam(trx, tenantId, trimmed);
        await audit(trx, actor, 'team.create', 'team', team.id, requestId);
        return team;
      });
    },

    /**
     * Creates a user. Added by an administrator, they get the roles that need no approval at once,
     * a request for the others, and a link to choose their password (sent to them, never shown).
     * Added by the operator, they get every role, and the temporary password when none was given.
     */
    async createUser(actor: AdminActor, input: NewUser, requestId: string | null) {
      requireManage(actor, 'users:manage');
      if (actor.kind === 'user' && input.password !== undefined) throw new AdminRefusal('form', 'An administrator cannot choose a password for someone else');
      const email = input.email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AdminError('email', 'Enter an email address in the right format, like name@example.gov.uk');
      const name = input.name.trim();
      if (!name) throw new AdminError('name', 'Enter the full name');
      if (name.length > 200) throw new AdminError('name', 'Enter a name of 200 characters or fewer');
      const asked = checkRoles(input.roles);
      requireNoConflict(asked);
      const plan = actor.kind === 'user' ? planRoleChange([], asked) : planRoleChange([], []);
      const roles = actor.kind === 'user' ? plan.roles : asked;
      const reason = checkReason(input.reason, plan.toRequest);
      const givenPassword = input.password;
      if (givenPassword !== undefined) {
        const problem = passwordProblem(givenPassword, email);
        if (problem) throw new AdminError('password', problem);
      }
      const password = actor.kind === 'user' ? null : (givenPassword ?? temporaryPassword());
      const passwordHash = password === null ? null : await hashPassword(password);
      const tenantId = tenantOf(actor);
      // Emails are unique across every tenant; the look-up function sees them all without showing whose,
      // and the message is the same whichever council has it. That an address is in use somewhere is
      // still learnt, so each refusal is recorded (issue 11, finding 9): probing shows in the audit log.
      if (await findSignInCandidate(db, email)) {
        await db.tenant(tenantId, (trx) => audit(trx, actor, 'user.create-refused', 'user', null, requestId, { reason: 'email-in-use' }));
        throw new AdminError('email', 'Another account already uses this email address', 409);
      }
      const user = await db.tenant(tenantId, async (trx) => {
        const teamIds = await validTeams(trx, input.teamIds);
        const row = await q.insertUser(trx, { tenantId, email, name, roles, passwordHash, mustChangePassword: password !== null && givenPassword === undefined });
        await q.setUserTeams(trx, tenantId, row.id, teamIds);
        await audit(trx, actor, 'user.create', 'user', row.id, requestId, { roles, teams: teamIds.length });
        if (actor.kind === 'user') {
          if (plan.toRequest.length > 0) {
            const requestIdOfRoles = await insertRoleRequest(trx, { tenantId, userId: row.id, roles: plan.toRequest, reason, requestedBy: actor.user.id });
            await audit(trx, actor, 'role-request.create', 'role-request', requestIdOfRoles, requestId, { userId: row.id, roles: plan.toRequest });
          }
          const link = await sendPasswordLink(trx, { tenantId, userId: row.id, purpose: 'new-account', createdBy: actor.user.id });
          await audit(trx, actor, 'user.password-link', 'user', row.id, requestId, { purpose: 'new-account', link: link.linkId });
        }
        return row;
      });
      return {
        user,
        /** Roles waiting for another administrator's approval. */
        requestedRoles: plan.toRequest,
        /** Whether a link to choose a password was sent to the user. */
        linkSent: actor.kind === 'user',
        /** Only for the operator at the command line, when no password was given. */
        temporaryPassword: actor.kind === 'system' && givenPassword === undefined ? password : null,
      };
    },

    /**
     * Changes a user's name, roles and teams. Roles are taken away at once; new roles that need
     * approval wait in a request for another administrator. Nobody changes their own roles or teams.
     */
    async updateUser(actor: AdminActor, id: string, input: UserChange, requestId: string | null) {
      requireManage(actor, 'users:manage');
      const name = input.name.trim();
      if (!name) throw new AdminError('name', 'Enter the full name');
      if (name.length > 200) throw new AdminError('name', 'Enter a name of 200 characters or fewer');
      const proposed = input.roles === undefined ? undefined : checkRoles(input.roles);
      const tenantId = tenantOf(actor);
      if (isSelf(actor, id)) {
        const current = await db.tenant(tenantId, (trx) => q.rolesAndTeams(trx, id));
        if (!current) throw new AdminError('user', 'There is no such user', 404);
        const rolesChange = proposed !== undefined && !sameSet(proposed, current.roles);
        const teamsChange = input.teamIds !== undefined && !sameSet(input.teamIds, current.teamIds);
        if (rolesChange || teamsChange) await refuseOwn(actor, rolesChange ? 'roles' : 'teams', 'roles', OWN_ROLES_REFUSED, requestId);
      }
      return db.tenant(tenantId, async (trx) => {
        const current = await q.rolesAndTeams(trx, id);
        if (!current) throw new AdminError('user', 'There is no such user', 404);
        const teamIds = input.teamIds === undefined ? current.teamIds : await validTeams(trx, input.teamIds);
        const currentRoles = current.roles.filter(isRole);
        const wanted = proposed ?? currentRoles;
        if (proposed) requireNoConflict(proposed);
        const plan = actor.kind === 'user' ? planRoleChange(currentRoles, wanted, (await pendingRoles(trx, id)).filter(isRole)) : null;
        const roles = plan ? plan.roles : wanted;
        const reason = checkReason(input.reason, plan?.toRequest ?? []);
        await q.setNameAndRoles(trx, id, name, roles);
        await q.setUserTeams(trx, tenantId, id, teamIds);
        await audit(trx, actor, 'user.update', 'user', id, requestId, {
          roles,
          ...(plan && plan.removed.length ? { removed: plan.removed } : {}),
          teams: teamIds.length,
        });
        if (actor.kind === 'user' && plan && plan.toRequest.length > 0) {
          const roleRequestId = await insertRoleRequest(trx, { tenantId, userId: id, roles: plan.toRequest, reason, requestedBy: actor.user.id });
          await audit(trx, actor, 'role-request.create', 'role-request', roleRequestId, requestId, { userId: id, roles: plan.toRequest });
        }
        return { requestedRoles: plan?.toRequest ?? [], alreadyRequested: plan?.alreadyRequested ?? [] };
      });
    },

    /** Deactivating is confirmed with a reason, kept in the audit log; reactivating needs none. */
    async setActive(actor: AdminActor, id: string, active: boolean, requestId: string | null, reason = '') {
      requireManage(actor, 'users:manage');
      if (isSelf(actor, id)) await refuseOwn(actor, active ? 'reactivate' : 'deactivate', 'user', OWN_STATUS_REFUSED, requestId);
      const why = reason.trim();
      if (!active && actor.kind === 'user' && !why) throw new AdminError('reason', 'Say why the account is being deactivated');
      if (why.length > 1000) throw new AdminError('reason', 'Give a reason of 1,000 characters or fewer');
      await db.tenant(tenantOf(actor), async (trx) => {
        if (!(await q.setActive(trx, id, active))) throw new AdminError('user', 'There is no such user', 404);
        if (!active) await q.endSessions(trx, id);
        await audit(trx, actor, active ? 'user.reactivate' : 'user.deactivate', 'user', id, requestId, why ? { reason: why } : undefined);
      });
    },

    /**
     * Resets a password: the old one stops working at once, the user is signed out everywhere and the
     * account unlocked, and a link to choose a new password is sent to the user. Nothing the
     * administrator sees would let them sign in as the user.
     */
    async resetPassword(actor: AdminActor, id: string, requestId: string | null): Promise<{ expiresAt: Date }> {
      requireManage(actor, 'users:manage');
      if (isSelf(actor, id)) await refuseOwn(actor, 'password-reset', 'user', OWN_PASSWORD_REFUSED, requestId);
      const tenantId = tenantOf(actor);
      return db.tenant(tenantId, async (trx) => {
        if (!(await q.clearPassword(trx, id))) throw new AdminError('user', 'There is no such user', 404);
        await q.endSessions(trx, id);
        const link = await sendPasswordLink(trx, { tenantId, userId: id, purpose: 'reset', createdBy: actor.kind === 'user' ? actor.user.id : null });
        await audit(trx, actor, 'user.password-reset', 'user', id, requestId, { link: link.linkId });
        return { expiresAt: link.expiresAt };
      });
    },

    ...roleRequestService(db),
    ...appResetService(db),
  };
}

export type AdminService = ReturnType<typeof adminService>;
