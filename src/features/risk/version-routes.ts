import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { InstrumentVersionsService } from './instrument-versions.js';
import { userOf } from './risk-page.js';

const DONE_MESSAGES: Record<string, string> = { saved: 'The checklist version has been saved' };

/**
 * One checklist's version (each checklist has its own form on the page): "latest", or a version
 * number. Whether that version is held is the service's to say, at the checklist's own field.
 */
export const versionForm = z.object({
  instrument: z.unknown().optional().transform((v) => (typeof v === 'string' ? v : '')),
  version: z.unknown().optional().transform((v) => (v === 'latest' ? null : typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : -1)),
});

/** The administrator's page choosing which version of each checklist new checklists use. */
export function versionRoutes(router: Router, versions: InstrumentVersionsService): void {
  formPage(router, {
    url: paths.admin.instrumentVersions,
    permission: 'settings:manage',
    pageName: 'admin-checklist-versions',
    template: 'risk-versions.njk',
    schema: versionForm,
    load: (request) => versions.list(userOf(request)),
    view: (instruments, request) => {
      const done = (request.query as Record<string, unknown>).done;
      return { instruments, success: typeof done === 'string' ? DONE_MESSAGES[done] : undefined };
    },
    submit: async (form, _instruments, request) => {
      await versions.choose(userOf(request), form.instrument, form.version, request.id);
      return { to: paths.admin.instrumentVersions, done: 'saved' };
    },
  });
}
