import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormErrors } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { RoleRequestSummary } from './queries/role-requests.js';
import type { RoleDecision } from './role-requests.js';
import type { AdminService } from './service.js';
import { actorOf, attemptForm, pageErrors, roleNames, UUID } from './user-form.js';

function requestIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { requestId?: string }).requestId;
  return id && UUID.test(id) ? id : null;
}

function banner(done: unknown, decided: readonly RoleRequestSummary[], requestId: unknown): string | undefined {
  const request = decided.find((r) => r.id === requestId);
  if (!request) return undefined;
  if (done === 'approved') return `Request approved: ${request.userName} now has the role${request.roles.length === 1 ? '' : 's'} ${roleNames(request.roles)}`;
  if (done === 'refused') return `Request refused: ${request.userName} has not been given ${roleNames(request.roles)}`;
  return undefined;
}

/** Requests for roles that need a second administrator: the list, and approving or refusing one. */
export function roleRequestRoutes(router: Router, admin: AdminService): void {
  async function showRequests(request: FastifyRequest, reply: FastifyReply, options: { errors?: FormErrors; status?: number } = {}) {
    const { pending, decided } = await admin.listRoleRequests(actorOf(request));
    const query = request.query as Record<string, unknown>;
    const me = request.user?.id;
    // A request decided meanwhile has no card to link to: the summary links to the list instead.
    const shown = new Set(pending.map((r) => `#request-${r.id}`));
    const errors = options.errors && {
      ...options.errors,
      summary: options.errors.summary.map((item) => (shown.has(item.href) ? item : { ...item, href: '#pending-requests' })),
    };
    return reply.code(options.status ?? 200).view('admin-role-requests.njk', {
      pending: pending.map((r) => ({
        ...r,
        roleNames: roleNames(r.roles),
        // Whoever asked, and whoever the roles are for, cannot decide: another administrator must.
        mine: r.requestedBy === me,
        forMe: r.userId === me,
      })),
      decided: decided.map((r) => ({ ...r, roleNames: roleNames(r.roles) })),
      success: banner(query.done, decided, query.request),
      errors,
      errorSummary: errors?.summary,
    });
  }

  router.page({
    method: 'GET',
    url: paths.admin.roleRequests,
    permission: 'users:manage',
    pageName: 'admin-role-requests',
    handler: async (request, reply) => showRequests(request, reply),
  });

  const decisions: { decision: RoleDecision; url: string; done: string }[] = [
    { decision: 'approve', url: paths.admin.approveRoleRequest(), done: 'approved' },
    { decision: 'refuse', url: paths.admin.refuseRoleRequest(), done: 'refused' },
  ];
  for (const { decision, url, done } of decisions) {
    router.page({
      method: 'POST',
      url,
      permission: 'users:manage',
      pageName: `admin-role-request-${decision}`,
      handler: async (request, reply) => {
        const id = requestIdOf(request);
        if (!id) return reply.code(404).view('errors/404.njk');
        const result = await attemptForm(reply, () => admin.decideRoleRequest(actorOf(request), id, decision, request.id));
        if ('sent' in result) return result.sent;
        if (!result.ok) return showRequests(request, reply, { errors: pageErrors(result.errors, `request-${id}`, 'The request could not be decided'), status: result.status });
        return reply.redirect(withQuery(paths.admin.roleRequests, { done, request: id }), 303);
      },
    });
  }
}
