import { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { can } from '../../platform/access/policy.js';
import { parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import { AuditLogRefused, type AuditFilter, type AuditLogService } from './service.js';


/** The filter form is sent in the address (GET), so a filtered view can be bookmarked and shared. */
const filterForm = z.object({
  action: z.string({ error: 'Choose an action from the list' }).trim().max(100, 'Choose an action from the list').optional(),
  user: z
    .string({ error: 'Choose a person from the list' })
    .trim()
    .refine((v) => v === '' || UUID.test(v), 'Choose a person from the list')
    .optional(),
  subject: z.string({ error: 'Enter one record id' }).trim().max(200, 'Enter a record id of 200 characters or fewer').optional(),
  page: z.unknown().optional(),
});

export function auditLogRoutes(router: Router, auditLog: AuditLogService): void {
  router.page({
    method: 'GET',
    url: paths.audit.events,
    permission: 'audit:view',
    pageName: 'audit-log',
    handler: async (request, reply) => {
      const user = request.user;
      if (!user) throw new AuditLogRefused();
      const query = (request.query ?? {}) as Record<string, unknown>;
      const form = parseForm(filterForm, query);
      const text = (value: unknown) => (typeof value === 'string' ? value : '');
      const values = { action: text(query.action), user: text(query.user), subject: text(query.subject) };
      const filter: AuditFilter = form.ok
        ? {
            ...(form.data.action ? { action: form.data.action } : {}),
            ...(form.data.user ? { actorId: form.data.user } : {}),
            ...(form.data.subject ? { subjectId: form.data.subject } : {}),
          }
        : {};
      const log = await auditLog.listEvents(user, filter, requestedPage(query.page));
      const linkTo = (page: number) =>
        withQuery(paths.audit.events, { action: filter.action, user: filter.actorId, subject: filter.subjectId, page: page > 1 ? page : undefined });
      const actions = filter.action && !log.actions.includes(filter.action) ? [filter.action, ...log.actions] : log.actions;
      return reply.code(form.ok ? 200 : 400).view('audit-log.njk', {
        events: form.ok ? log.events : [],
        filtered: Object.keys(filter).length > 0,
        linkPeople: can(user, 'users:view'),
        values,
        actionItems: [{ value: '', text: 'Any action' }, ...actions.map((a) => ({ value: a, text: a }))],
        personItems: [{ value: '', text: 'Anyone' }, ...log.people.map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }))],
        page: log.page,
        pageCount: log.pageCount,
        showing: showing(log.page, auditLog.PAGE_SIZE, log.total),
        pagination: form.ok ? pagination(log.page, log.pageCount, linkTo) : null,
        errors: form.ok ? undefined : form.errors,
        errorSummary: form.ok ? undefined : form.errors.summary,
      });
    },
  });
}
