import { z } from 'zod';
import { formErrors, parseForm } from '../../platform/http/forms.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import { CalendarError, type CalendarService } from './service.js';

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
        try {
          const result = await calendar.importGovUk(user, form.data.json, request.id);
          return reply.redirect(withQuery(paths.admin.bankHolidays, { added: result.added }), 303);
        } catch (error) {
          if (!(error instanceof CalendarError) || error.status !== 400) throw error;
          errors = formErrors({ json: error.message });
        }
      }
      const summary = await calendar.summary(user);
      return reply.code(400).view('calendar-bank-holidays.njk', { ...summary, errors, errorSummary: errors?.summary, json: (request.body as Record<string, unknown> | undefined)?.json ?? '' });
    },
  });
}
