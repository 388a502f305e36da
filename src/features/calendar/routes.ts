import { z } from 'zod';
import { parseForm } from '../../platform/http/forms.js';
import { attempt } from '../../platform/http/service-error.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { CalendarService } from './service.js';

const importForm = z.object({
  json: z.string({ error: 'Paste the bank holidays file' }).trim().min(1, 'Paste the bank holidays file').max(200_000, 'The file is too long: paste only the gov.uk bank holidays JSON'),
});

export function calendarRoutes(router: Router, calendar: CalendarService): void {
  router.page({
    method: 'GET',
    url: paths.admin.bankHolidays,
    permission: 'settings:manage',
    pageName: 'admin-bank-holidays',
    handler: async (request, reply) => {
      const summary = await calendar.summary(request.user!);
      const added = (request.query as Record<string, string | undefined>).added;
      return reply.view('calendar-bank-holidays.njk', { ...summary, success: added !== undefined ? `Imported ${Number(added) || 0} bank holidays` : undefined });
    },
  });

  router.page({
    method: 'POST',
    url: paths.admin.bankHolidays,
    permission: 'settings:manage',
    pageName: 'admin-bank-holidays',
    handler: async (request, reply) => {
      const user = request.user!;
      const form = parseForm(importForm, request.body);
      let errors = form.ok ? null : form.errors;
      if (form.ok) {
        const result = await attempt(reply, () => calendar.importGovUk(user, form.data.json, request.id));
        if ('sent' in result) return result.sent;
        if (result.ok) return reply.redirect(withQuery(paths.admin.bankHolidays, { added: result.value.added }), 303);
        errors = result.errors;
      }
      const summary = await calendar.summary(user);
      return reply.code(400).view('calendar-bank-holidays.njk', { ...summary, errors, errorSummary: errors?.summary, json: (request.body as Record<string, unknown> | undefined)?.json ?? '' });
    },
  });
}
