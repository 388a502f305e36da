import { ServiceError } from '../../platform/http/service-error.js';
import { BankHolidayImportError, parseGovUkBankHolidays, SHIPPED_BANK_HOLIDAYS, type BankHoliday } from '../../domain/calendar/bank-holidays.js';
import { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import * as q from './queries.js';

export class CalendarError extends ServiceError {}

/** The working-day calendar of the tenant of this transaction: shipped bank holidays plus imported ones. */
export async function tenantCalendar(trx: Trx): Promise<WorkingDayCalendar> {
  return new WorkingDayCalendar(SHIPPED_BANK_HOLIDAYS).with(await q.importedBankHolidays(trx));
}

/** The working-day calendar of a local authority: the shipped bank holidays plus any its administrator imported. */
export function calendarService(db: Database) {
  const imported = (tenantId: string) => db.tenant(tenantId, q.importedBankHolidays);

  return {
    async calendarFor(tenantId: string): Promise<WorkingDayCalendar> {
      return db.tenant(tenantId, tenantCalendar);
    },

    async summary(user: CurrentUser) {
      if (!can(user, 'settings:manage')) throw new CalendarError(403, 'You do not have permission to do this');
      const extra = await imported(user.tenantId);
      const all = [...SHIPPED_BANK_HOLIDAYS.map((h) => ({ ...h, source: 'Shipped' })), ...extra.map((h) => ({ ...h, source: 'Imported' }))];
      const years = [...new Set(all.map((h) => h.date.slice(0, 4)))].sort();
      return { years, imported: extra };
    },

    /**
     * Imports the gov.uk bank-holidays JSON (the england-and-wales division). The whole file is
     * checked before anything is saved; dates already known are updated, new ones added.
     */
    async importGovUk(user: CurrentUser, text: string, requestId: string): Promise<{ added: number; years: string[] }> {
      if (!can(user, 'settings:manage')) throw new CalendarError(403, 'You do not have permission to do this');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new CalendarError(400, 'Paste the whole file: it must be the JSON published at gov.uk/bank-holidays.json', 'json');
      }
      let holidays: BankHoliday[];
      try {
        holidays = parseGovUkBankHolidays(json);
      } catch (error) {
        if (error instanceof BankHolidayImportError) throw new CalendarError(400, error.message, 'json');
        throw error;
      }
      const shipped = new Set(SHIPPED_BANK_HOLIDAYS.map((h) => h.date));
      const fresh = holidays.filter((h) => !shipped.has(h.date));
      await db.tenant(user.tenantId, async (trx) => {
        for (const h of fresh) {
          await q.saveBankHoliday(trx, user.tenantId, h, user.id);
        }
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'bank-holidays.import', subjectType: 'calendar', subjectId: null, requestId, details: { added: fresh.length } });
      });
      return { added: fresh.length, years: [...new Set(fresh.map((h) => h.date.slice(0, 4)))].sort() };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
