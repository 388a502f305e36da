import type { FastifyRequest } from 'fastify';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_TARGET_LABELS, MARAC_RISK_LABELS, type MaracRisk } from '../../domain/marac/actions.js';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { idParam, userOf } from '../../platform/http/route-params.js';
import type { MaracActionsService } from './actions-service.js';
import { statusForm } from './meeting-forms.js';
import type { ActionRow } from './run-sheet-queries.js';

const inWords = (a: ActionRow) => ({
  ...a,
  risks: a.risks.map((r) => MARAC_RISK_LABELS[r as MaracRisk] ?? r),
  forWhomLabel: ACTION_TARGET_LABELS[a.forWhom],
  statusLabel: ACTION_STATUS_LABELS[a.status],
});

/** Actions tracked to outcomes: the representative's agency's actions and their progress; the coordinator's overdue list. */
export function maracActionRoutes(router: Router, actions: MaracActionsService): void {
  router.page({
    method: 'GET',
    url: paths.marac.actions,
    permission: 'marac:attend',
    pageName: 'marac-agency-actions',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => actions.mine(userOf(request)));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the actions list reports no form errors');
      return reply.view('marac-actions.njk', { actions: result.value.map((a) => ({ ...inWords(a), overdue: a.overdue })), hasAgency: Boolean(userOf(request).agencyId) });
    },
  });

  router.page({
    method: 'GET',
    url: paths.marac.overdueActions,
    permission: 'marac:coordinate',
    pageName: 'marac-overdue-actions',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => actions.overdue(userOf(request)));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the overdue list reports no form errors');
      return reply.view('marac-overdue-actions.njk', { actions: result.value.shown.map(inWords), total: result.value.total });
    },
  });

  const actionIdOf = (request: FastifyRequest) => idParam(request, 'actionId');
  formPage(router, {
    url: paths.marac.action(),
    permission: 'marac:attend',
    pageName: 'marac-action',
    template: 'marac-action.njk',
    schema: statusForm,
    load: async (request) => {
      const id = actionIdOf(request);
      return id ? await actions.action({ kind: 'user', user: userOf(request) }, id) : null;
    },
    initial: (a) => ({ status: a.status, note: a.statusNote ?? '' }),
    view: (a, request, values) => ({
      a: inWords(a),
      statusItems: ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s], checked: values.status === s })),
      success: (request.query as Record<string, unknown>).done === 'updated' ? 'Progress saved. The coordinator and the next meeting see it.' : undefined,
    }),
    submit: async (form, a, request) => {
      await actions.update({ kind: 'user', user: userOf(request) }, a.id, form, request.id);
      return { to: paths.marac.action(a.id), done: 'updated' };
    },
  });
}
