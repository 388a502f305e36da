import { BREAK_GLASS_MINUTES } from '../../platform/access/facts.js';
import { Answered, formPage } from '../../platform/http/form-page.js';
import { pagination, requestedPage, showing } from '../../platform/http/pagination.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { accessRoutes } from './access-routes.js';
import { breakGlassForm, restrictForm } from './forms.js';
import { recordForForm, recordPath, userOf } from './record-page.js';
import type { SafetyService } from './service.js';

const LOG_PAGE_SIZE = 50;

/**
 * Restricted records: restricting a person or case and breaking glass (60 minutes, with a reason the
 * DPO sees), and the DPO's list of every break-glass use. Giving, withdrawing and lifting access are in
 * access-routes.ts.
 */
export function safetyRoutes(router: Router, safety: SafetyService): void {
  accessRoutes(router, safety);

  formPage(router, {
    url: paths.restricted.breakGlass(),
    permission: 'restricted:break-glass',
    pageName: 'break-glass',
    template: 'safety-break-glass.njk',
    schema: breakGlassForm,
    load: recordForForm(safety, 'break-glass'),
    view: (record) => ({ subject: record.subject, recordId: record.id, label: record.label, restricted: record.restricted, minutes: BREAK_GLASS_MINUTES }),
    submit: async (form, record, request) => {
      await safety.breakGlass(userOf(request), record.subject, record.id, form.reason, request.id);
      return { to: recordPath(record.subject, record.id), done: 'break-glass' };
    },
    fieldIds: { form: 'reason' },
  });

  const manage = recordForForm(safety, 'manage');
  formPage(router, {
    url: paths.restricted.restrict(),
    permission: 'restricted:grant',
    pageName: 'restrict',
    template: 'safety-restrict.njk',
    schema: restrictForm,
    // A record already restricted: the access page is where to manage it.
    load: async (request, reply) => {
      const record = await manage(request, reply);
      return record && !(record instanceof Answered) && record.restricted ? new Answered(reply.redirect(paths.restricted.grant(record.subject, record.id), 303)) : record;
    },
    view: (record) => ({ subject: record.subject, recordId: record.id, label: record.label, backHref: recordPath(record.subject, record.id) }),
    submit: async (form, record, request) => {
      await safety.restrict(userOf(request), record.subject, record.id, form.reason, request.id);
      // The access page names who kept access, so the manager sees nobody working with the family was locked out.
      return { to: paths.restricted.grant(record.subject, record.id), done: 'restricted' };
    },
    fieldIds: { form: 'reason' },
  });

  // The DPO's list of every break-glass use.
  router.page({
    method: 'GET',
    url: paths.audit.breakGlass,
    permission: 'break-glass:review',
    pageName: 'break-glass-log',
    handler: async (request, reply) => {
      const user = userOf(request);
      const asked = requestedPage((request.query as Record<string, unknown> | undefined)?.page);
      let log = await safety.breakGlassLog(user, asked);
      if (asked > log.pageCount) log = await safety.breakGlassLog(user, log.pageCount);
      const now = Date.now();
      return reply.view('safety-break-glass-log.njk', {
        rows: log.rows.map((r) => ({
          ...r,
          record: r.subject_type === 'case' ? `Case ${r.case_reference ?? r.subject_id}` : `Person ${r.subject_id}`,
          live: r.expires_at !== null && new Date(r.expires_at).getTime() > now,
          auditHref: withQuery(paths.audit.events, { subject: r.subject_id }),
        })),
        page: log.page,
        pageCount: log.pageCount,
        showing: showing(log.page, LOG_PAGE_SIZE, log.total),
        pagination: pagination(log.page, log.pageCount, (n) => withQuery(paths.audit.breakGlass, { page: n > 1 ? n : undefined })),
      });
    },
  });
}
