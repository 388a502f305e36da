import { outcomeEmail } from '../../domain/contacts/outcome-email.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import type { Trx } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import { queueEmail } from '../../platform/mail/outbox.js';
import { outcomeAddressOf } from './queries/outcome-emails.js';

/**
 * In the decision's transaction: when the notification came from a partner system that named its
 * notifying unit's address, the outcome waits in the outbox for the sender. Nothing about the people.
 */
export async function queueOutcomeFor(trx: Trx, tenantId: string, contact: { id: string; api_client_id: string | null; reference: string | null }, pathway: Pathway, at: Date): Promise<void> {
  if (!contact.api_client_id) return;
  const to = await outcomeAddressOf(trx, contact.api_client_id);
  if (!to) return;
  const { subject, body } = outcomeEmail({ reference: contact.reference, pathway, decidedOn: formatDate(at), outcomePath: paths.api.notification(contact.id) });
  await queueEmail(trx, { tenantId, kind: 'notification-outcome', contactId: contact.id, to, subject, body });
}
