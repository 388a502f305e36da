import { createTransport, type Transporter } from 'nodemailer';
import { outcomeEmail } from '../../domain/contacts/outcome-email.js';
import type { Pathway } from '../../domain/triage/threshold.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { formatDate } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import { claimOutcomeEmail, markOutcomeEmail, outcomeAddressOf, queueOutcomeEmail, unsentOutcomeEmails } from './queries/outcome-emails.js';

/** How often waiting outcome emails are looked for, and how many are sent at a time. */
const SEND_EVERY_MS = 30_000;
const BATCH = 50;

/**
 * In the decision's transaction: when the notification came from a partner system that named its
 * notifying unit's address, the outcome waits in the outbox for the sender. Nothing about the people.
 */
export async function queueOutcomeFor(trx: Trx, tenantId: string, contact: { id: string; api_client_id: string | null; reference: string | null }, pathway: Pathway, at: Date): Promise<void> {
  if (!contact.api_client_id) return;
  const to = await outcomeAddressOf(trx, contact.api_client_id);
  if (!to) return;
  const { subject, body } = outcomeEmail({ reference: contact.reference, pathway, decidedOn: formatDate(at), outcomePath: paths.api.notification(contact.id) });
  await queueOutcomeEmail(trx, { tenantId, contactId: contact.id, to, subject, body });
}

/** Sends the outbox over SMTP (SMTP_URL), each email in its tenant; a failure is recorded and tried again later, five times at most. */
export function outcomeEmailSender(db: Database, smtp: { url: string; from: string }) {
  const transport: Transporter = createTransport(smtp.url);
  return {
    /** Sends what is waiting now; answers how many went. */
    async sendWaiting(): Promise<number> {
      const waiting = await db.anonymous((trx) => unsentOutcomeEmails(trx, BATCH));
      let sent = 0;
      for (const { id, tenant_id: tenantId } of waiting) {
        const went = await db.tenant(tenantId, async (trx) => {
          const email = await claimOutcomeEmail(trx, id);
          if (!email) return false;
          try {
            await transport.sendMail({ from: smtp.from, to: email.to_address, subject: email.subject, text: email.body });
          } catch (error) {
            await markOutcomeEmail(trx, id, { error: (error as Error).message });
            return false;
          }
          await markOutcomeEmail(trx, id, { sentAt: new Date() });
          return true;
        });
        if (went) sent++;
      }
      return sent;
    },

    /** Sends now and every half minute, until the returned function is called (the server closing). */
    keepSending(): () => void {
      const send = () =>
        void this.sendWaiting().catch((error: unknown) => {
          console.error(JSON.stringify({ msg: 'could not send outcome emails', err: { type: (error as Error).name } }));
        });
      send();
      const timer = setInterval(send, SEND_EVERY_MS);
      timer.unref();
      return () => {
        clearInterval(timer);
        transport.close();
      };
    },
  };
}
