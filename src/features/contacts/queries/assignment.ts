import { sql } from 'kysely';
import type { Trx } from '../../../platform/db/database.js';

/** The contact, locked while who works on it changes, with who that is now. */
export async function lockForAssignment(trx: Trx, contactId: string) {
  await sql`select id from contacts where id = ${contactId} for update`.execute(trx);
  return trx
    .selectFrom('contacts')
    .leftJoin('users', 'users.id', 'contacts.assigned_to')
    .select(['contacts.id', 'contacts.status', 'contacts.assigned_to', 'contacts.recommended_pathway', 'users.name as assigned_name'])
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
}

export async function setAssignee(trx: Trx, contactId: string, userId: string | null): Promise<void> {
  await trx.updateTable('contacts').set({ assigned_to: userId, assigned_at: userId ? new Date() : null }).where('id', '=', contactId).execute();
}

/** The active users of the tenant who work in the MASH: those a contact may be given to. */
export function mashWorkers(trx: Trx) {
  return trx
    .selectFrom('users')
    .select(['id', 'name'])
    .where('active', '=', true)
    .where(sql<boolean>`roles && array['mash-worker', 'mash-manager']::text[]`)
    .orderBy('name')
    .execute();
}

export async function clearRecommendation(trx: Trx, contactId: string): Promise<void> {
  await trx.updateTable('contacts').set({ recommended_pathway: null }).where('id', '=', contactId).execute();
}

/** The contacts a MASH worker is working on, the soonest due first, with the children named on each. */
export function contactsAssignedTo(trx: Trx, userId: string) {
  return trx
    .selectFrom('contacts')
    .select([
      'id',
      'source',
      'reference',
      'decision_due_by',
      sql<string | null>`(select string_agg(cp.family_name, ', ' order by cp.ref) from (select distinct on (family_name) family_name, ref from contact_people where contact_id = contacts.id order by family_name, ref) cp)`.as('families'),
    ])
    .where('assigned_to', '=', userId)
    .where('status', '=', 'awaiting-decision')
    .orderBy('decision_due_by')
    .orderBy('received_at')
    .limit(50)
    .execute();
}
