import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { attempt } from '../../platform/http/service-error.js';
import type { InstrumentVersionsService } from './instrument-versions.js';
import { userOf } from './risk-page.js';

/** The administrator's page choosing which version of each checklist new checklists use. */
export function versionRoutes(router: Router, versions: InstrumentVersionsService): void {
  router.page({
    method: 'GET',
    url: paths.admin.instrumentVersions,
    permission: 'settings:manage',
    pageName: 'admin-checklist-versions',
    handler: async (request, reply) => {
      const done = (request.query as Record<string, unknown>).done === 'saved';
      return reply.view('risk-versions.njk', { instruments: await versions.list(userOf(request)), success: done ? 'The checklist version has been saved' : undefined });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.instrumentVersions,
    permission: 'settings:manage',
    pageName: 'admin-checklist-versions',
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const id = typeof body.instrument === 'string' ? body.instrument : '';
      const raw = typeof body.version === 'string' ? body.version : '';
      const version = raw === 'latest' ? null : /^\d{1,4}$/.test(raw) ? Number(raw) : -1;
      const result = await attempt(reply, () => versions.choose(userOf(request), id, version, request.id));
      if ('sent' in result) return result.sent;
      if (!result.ok) return reply.code(400).view('risk-versions.njk', { instruments: await versions.list(userOf(request)), errors: result.errors, errorSummary: result.errors.summary });
      return reply.redirect(`${paths.admin.instrumentVersions}?done=saved`, 303);
    },
  });
}
