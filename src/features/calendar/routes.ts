import { z } from 'zod';
import { formPage } from '../../platform/http/form-page.js';
import { paths, withQuery } from '../../platform/http/paths.js';
import type { Router } from '../../platform/http/router.js';
import type { CalendarService } from './service.js';

/** The gov.uk bank holidays file, pasted in; the service checks that it is the right JSON. */
const bankHolidaysImportForm = z.object({
  json: z.string({ error: 'Paste the bank holidays file' }).trim().min(1, 'Paste the bank holidays file').max(200_000, 'The file is too long: paste only the gov.uk bank holidays JSON'),
});

export function calendarRoutes(router: Router, calendar: CalendarService): void {
  formPage(router, {
    url: paths.admin.bankHolidays,
    permission: 'settings:manage',
    pageName: 'admin-bank-holidays',
    template: 'calendar-bank-holidays.njk',
    schema: bankHolidaysImportForm,
    load: (request) => calendar.summary(request.user!),
    view: (summary, request) => {
      const added = (request.query as Record<string, string | undefined>).added;
      return { ...summary, success: added !== undefined ? `Imported ${Number(added) || 0} bank holidays` : undefined };
    },
    submit: async (form, _summary, request) => {
      const { added } = await calendar.importGovUk(request.user!, form.json, request.id);
      return { to: withQuery(paths.admin.bankHolidays, { added }) };
    },
  });
}
