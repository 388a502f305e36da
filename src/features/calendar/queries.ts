import type { BankHoliday } from '../../domain/calendar/bank-holidays.js';
import { plainDate } from '../../domain/calendar/plain-date.js';
import type { Trx } from '../../platform/db/database.js';

/** The bank holidays the tenant's administrator imported, by date. */
export async function importedBankHolidays(trx: Trx): Promise<BankHoliday[]> {
  const rows = await trx.selectFrom('bank_holidays').select(['date', 'title']).orderBy('date').execute();
  return rows.map((r) => ({ date: plainDate(r.date), title: r.title }));
}

/** Adds an imported bank holiday, or updates the title of a date already imported. */
export async function saveBankHoliday(trx: Trx, tenantId: string, holiday: BankHoliday, importedBy: string): Promise<void> {
  await trx
    .insertInto('bank_holidays')
    .values({ tenant_id: tenantId, date: holiday.date, title: holiday.title, imported_by: importedBy })
    .onConflict((oc) => oc.columns(['tenant_id', 'date']).doUpdateSet({ title: holiday.title, imported_by: importedBy, imported_at: new Date() }))
    .execute();
}
