import { sql } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';

/** The notifying unit's address of the partner system that sent this contact, if it gave one. */
export async function outcomeAddressOf(trx: Trx, apiClientId: string): Promise<string | null> {
  const row = await trx.selectFrom('api_clients').select('outcome_email').where('id', '=', apiClientId).executeTakeFirst();
  return row?.outcome_email ?? null;
}

export async function queueOutcomeEmail(trx: Trx, email: { tenantId: string; contactId: string; to: string; subject: string; body: string }): Promise<void> {
  await trx.insertInto('outcome_emails').values({ tenant_id: email.tenantId, contact_id: email.contactId, to_address: email.to, subject: email.subject, body: email.body }).execute();
}

/** Emails waiting to be sent, across every tenant (ids only: each is read in its tenant). */
export async function unsentOutcomeEmails(trx: Trx, limit: number): Promise<{ id: string; tenant_id: string }[]> {
  return (await sql<{ id: string; tenant_id: string }>`select * from unsent_outcome_emails(${limit})`.execute(trx)).rows;
}

/** One waiting email, locked while it is sent (another process skips it). */
export async function claimOutcomeEmail(trx: Trx, id: string) {
  const rows = await sql<{ id: string; to_address: string; subject: string; body: string }>`
    select id, to_address, subject, body from outcome_emails where id = ${id} and sent_at is null for update skip locked`.execute(trx);
  return rows.rows[0];
}

export async function markOutcomeEmail(trx: Trx, id: string, result: { sentAt: Date } | { error: string }): Promise<void> {
  await trx
    .updateTable('outcome_emails')
    .set((eb) => ('sentAt' in result ? { sent_at: result.sentAt, attempts: eb('attempts', '+', 1) } : { last_error: result.error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
