import { formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import { userOf } from '../../platform/http/route-params.js';
import type { OutboxReader } from '../../platform/mail/outbox.js';

const KIND_LABELS = { 'notification-outcome': 'Outcome of a police notification', 'marac-circulation': 'Marac agenda circulated', 'marac-reminder': 'Marac research reminder', 'information-request-reminder': 'Request for information reminder' } as const;

/** The administrator's outbox: what was sent, what waits (always, with no mail relay set), and what failed. */
export function outboxRoutes(router: Router, reader: OutboxReader): void {
  router.page({
    method: 'GET',
    url: paths.admin.outbox,
    permission: 'settings:manage',
    pageName: 'admin-outbox',
    handler: async (request, reply) => {
      const result = await attempt(reply, () => reader.latest(userOf(request)));
      if ('sent' in result) return result.sent;
      if (!result.ok) throw new Error('the outbox reports no form errors');
      return reply.view('admin-outbox.njk', {
        emails: result.value.map((e) => ({
          ...e,
          kindLabel: KIND_LABELS[e.kind],
          created: formatDateTime(e.created_at),
          state: e.sent_at ? { text: `Sent ${formatDateTime(e.sent_at)}`, classes: 'govuk-tag--green' } : e.attempts >= 5 ? { text: 'Failed', classes: 'govuk-tag--red' } : { text: 'Waiting', classes: 'govuk-tag--grey' },
        })),
      });
    },
  });
}
