import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../../platform/access/policy.js';
import { formPage } from '../../platform/http/form-page.js';
import type { FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { LINK_HOURS } from './password-links.js';
import type { AdminService } from './service.js';
import { actorOf, attemptForm, editUserForm, isAdminRefusal, ownAccountForm, pageErrors, roleItems, roleNames, statusTag, teamItems, UUID } from './user-form.js';

/** Banners shown after a change, named in the address so a reload does not repeat the change. */
const DONE_MESSAGES: Record<string, string> = {
  updated: 'The changes have been saved',
  deactivated: 'The account has been deactivated. They have been signed out and cannot sign in.',
  reactivated: 'The account has been reactivated. They can sign in again.',
  'app-reset-requested': 'Reset of the authenticator app sent for approval: another administrator must approve it before it happens',
  'app-reset-approved': 'The authenticator app has been reset. The user has been signed out everywhere, and sets up an app again when they next sign in.',
  'app-reset-refused': 'The reset of the authenticator app has been refused. The app still works.',
  'reset-sent': `A link to set a new password has been sent to the user. It works once, within ${LINK_HOURS.reset} hours. Their old password no longer works, and they have been signed out everywhere.`,
};

type FormValues = Record<string, string | string[]>;
type Person = Awaited<ReturnType<AdminService['getUser']>>;

function requestIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { requestId?: string }).requestId;
  return id && UUID.test(id) ? id : null;
}

function userIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { userId?: string }).userId;
  return id && UUID.test(id) ? id : null;
}

const isSelf = (request: FastifyRequest, person: Person) => request.user?.id === person.id;

/** The form as the account holds it now. */
const currentValues = (person: Person): FormValues => ({ name: person.name, roles: person.roles, teams: person.teams.map((t) => t.id), reason: '' });

/** One user's page: their details, and for administrators the changes they can make. */
export function userRoutes(router: Router, admin: AdminService): void {
  /** What the user page shows besides the form's values and errors. */
  async function userView(request: FastifyRequest, person: Person, values: FormValues) {
    const actor = actorOf(request);
    const canManage = can(request.user, 'users:manage');
    const teams = canManage ? await admin.listTeams(actor) : [];
    const waiting = await admin.pendingRoleRequestsFor(actor, person.id);
    const app = await admin.authenticatorAppOf(actor, person.id);
    const done = (request.query as Record<string, unknown>).done;
    return {
      person,
      status: statusTag(person),
      isSelf: isSelf(request, person),
      canManage,
      roleItems: roleItems(values.roles),
      teamItems: teamItems(teams, values.teams),
      waiting: waiting.map((w) => ({ roles: roleNames(w.roles), requestedByName: w.requestedByName, requestedAt: w.requestedAt })),
      success: typeof done === 'string' ? DONE_MESSAGES[done] : undefined,
      requestSent: done === 'requested',
      app: app && {
        setUpAt: app.setUpAt,
        pending: app.pending && { ...app.pending, mine: app.pending.requestedBy === request.user?.id },
      },
    };
  }

  /** The user page from its own route, and again after a refused account action. */
  async function showUser(request: FastifyRequest, reply: FastifyReply, id: string, options: { errors?: FormErrors; status?: number } = {}) {
    const found = await attempt(reply, () => admin.getUser(actorOf(request), id));
    if ('sent' in found) return found.sent;
    if (!found.ok) throw new Error('getUser does not report form errors');
    const values = currentValues(found.value);
    const errors = options.errors ?? { fields: {}, summary: [] };
    return reply.code(options.status ?? 200).view('admin-user.njk', { ...(await userView(request, found.value, values)), values, errors, errorSummary: options.errors?.summary });
  }

  router.page({
    method: 'GET',
    url: paths.admin.user(),
    permission: 'users:view',
    pageName: 'admin-user',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      return showUser(request, reply, id);
    },
  });

  // Anyone who may see users sees this page; only those who manage users change a user through it.
  formPage(router, {
    url: paths.admin.user(),
    postOnly: true,
    permission: 'users:manage',
    pageName: 'admin-user-update',
    template: 'admin-user.njk',
    load: async (request) => {
      const id = userIdOf(request);
      return id ? admin.getUser(actorOf(request), id) : null;
    },
    // On their own account an administrator changes only their name; roles or teams sent anyway are refused by the service.
    schema: (person, request) => (isSelf(request, person) ? ownAccountForm : editUserForm),
    view: (person, request, values) => userView(request, person, values),
    refusedOnForm: isAdminRefusal,
    submit: async (change, person, request) => {
      const result = await admin.updateUser(actorOf(request), person.id, change, request.id);
      const asked = result.requestedRoles.length > 0 || result.alreadyRequested.length > 0;
      return { to: paths.admin.user(person.id), done: asked ? 'requested' : 'updated' };
    },
  });

  // Deactivating asks first, on a page of its own, with the reason.
  router.page({
    method: 'GET',
    url: paths.admin.userDeactivate(),
    permission: 'users:manage',
    pageName: 'admin-user-deactivate',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const found = await attempt(reply, () => admin.getUser(actorOf(request), id));
      if ('sent' in found) return found.sent;
      if (!found.ok || isSelf(request, found.value)) return showUser(request, reply, id);
      return reply.view('admin-user-deactivate.njk', { person: found.value, values: {}, errors: { fields: {}, summary: [] } });
    },
  });

  // The account buttons: each is an action on the account, shown on the user page when refused (deactivating,
  // on its confirmation page when the reason is missing).
  for (const active of [false, true]) {
    router.page({
      method: 'POST',
      url: active ? paths.admin.userReactivate() : paths.admin.userDeactivate(),
      permission: 'users:manage',
      pageName: active ? 'admin-user-reactivate' : 'admin-user-deactivate',
      handler: async (request, reply) => {
        const id = userIdOf(request);
        if (!id) return reply.code(404).view('errors/404.njk');
        const reason = String((request.body as Record<string, unknown> | undefined)?.reason ?? '').slice(0, 2000);
        const result = await attemptForm(reply, () => admin.setActive(actorOf(request), id, active, request.id, reason));
        if ('sent' in result) return result.sent;
        if (!result.ok && result.errors.fields.reason) {
          // An unknown user, or one of another council, answers 404 before any question of the reason.
          const found = await attempt(reply, () => admin.getUser(actorOf(request), id));
          if ('sent' in found) return found.sent;
          if (!found.ok) throw new Error('getUser does not report form errors');
          return reply.code(result.status).view('admin-user-deactivate.njk', { person: found.value, values: { reason }, errors: result.errors, errorSummary: result.errors.summary });
        }
        if (!result.ok) {
          // The only refusal here is about the account as a whole, so it points at the account buttons.
          return showUser(request, reply, id, { errors: pageErrors(result.errors, 'account-actions', 'The account could not be changed'), status: result.status });
        }
        return reply.redirect(withQuery(paths.admin.user(id), { done: active ? 'reactivated' : 'deactivated' }), 303);
      },
    });
  }

  router.page({
    method: 'POST',
    url: paths.admin.userResetPassword(),
    permission: 'users:manage',
    pageName: 'admin-user-reset-password',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      // The link goes to the user's outbox, never into this response.
      const result = await attemptForm(reply, () => admin.resetPassword(actorOf(request), id, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { errors: pageErrors(result.errors, 'account-actions', 'The password could not be reset'), status: result.status });
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'reset-sent' }), 303);
    },
  });

  // Resetting a lost authenticator app: one administrator asks with a reason, another decides (app-resets.ts).
  router.page({
    method: 'POST',
    url: paths.admin.userResetAuthenticatorApp(),
    permission: 'users:manage',
    pageName: 'admin-user-reset-app',
    handler: async (request, reply) => {
      const id = userIdOf(request);
      if (!id) return reply.code(404).view('errors/404.njk');
      const reason = (request.body as Record<string, unknown> | undefined)?.appResetReason;
      const result = await attemptForm(reply, () => admin.requestAppReset(actorOf(request), id, typeof reason === 'string' ? reason : '', request.id), { reason: 'appResetReason' });
      if ('sent' in result) return result.sent;
      if (!result.ok) return showUser(request, reply, id, { errors: fieldOrSection(result.errors, 'appResetReason', 'authenticator-app'), status: result.status });
      return reply.redirect(withQuery(paths.admin.user(id), { done: 'app-reset-requested' }), 303);
    },
  });

  for (const decision of ['approve', 'refuse'] as const) {
    router.page({
      method: 'POST',
      url: decision === 'approve' ? paths.admin.approveAppReset() : paths.admin.refuseAppReset(),
      permission: 'users:manage',
      pageName: `admin-app-reset-${decision}`,
      handler: async (request, reply) => {
        const id = requestIdOf(request);
        const userId = (request.body as Record<string, unknown> | undefined)?.userId;
        if (!id) return reply.code(404).view('errors/404.njk');
        const result = await attemptForm(reply, () => admin.decideAppReset(actorOf(request), id, decision, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) {
          if (typeof userId !== 'string' || !UUID.test(userId)) return reply.code(404).view('errors/404.njk');
          return showUser(request, reply, userId, { errors: pageErrors(result.errors, 'authenticator-app', 'The reset could not be decided'), status: result.status });
        }
        return reply.redirect(withQuery(paths.admin.user(result.value.userId), { done: decision === 'approve' ? 'app-reset-approved' : 'app-reset-refused' }), 303);
      },
    });
  }
}

/** The reason's own problem on its field; any other (no app to reset, one already waiting) on the section. */
function fieldOrSection(errors: FormErrors, field: string, section: string): FormErrors {
  const onField = errors.fields[field];
  return onField ? { fields: { [field]: onField }, summary: [{ text: onField, href: `#${field}` }] } : pageErrors(errors, section, 'The reset could not be asked for');
}
