import { sql } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import { can } from '../access/policy.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { Database, Trx } from '../db/database.js';
import { ServiceError } from '../http/service-error.js';
import type { EmailKind } from '../db/schema.js';

/**
 * The one outbox. A feature queues an email inside its own transaction (so it goes only if the change
 * commits); the sender delivers the outbox over SMTP (SMTP_URL) when one is configured, each email
 * once (`for update skip locked`), a failure recorded and tried again, five times at most. Without SMTP
 * (the embedded default) the emails stay in the outbox, which an administrator can read. No email may
 * carry personal data: callers build them from references, dates and links only.
 */

/** How often waiting emails are looked for, and how many are sent at a time. */
const SEND_EVERY_MS = 30_000;
const BATCH = 50;

export interface QueuedEmail {
  tenantId: string;
  kind: EmailKind;
  to: string;
  subject: string;
  body: string;
  contactId?: string;
  meetingId?: string;
}

export async function queueEmail(trx: Trx, email: QueuedEmail): Promise<void> {
  await trx
    .insertInto('emails')
    .values({ tenant_id: email.tenantId, kind: email.kind, contact_id: email.contactId ?? null, meeting_id: email.meetingId ?? null, to_address: email.to, subject: email.subject, body: email.body })
    .execute();
}

/** The tenant's outbox, newest first, for its administrator (the emails carry no personal data). */
export function outboxReader(db: Database) {
  return {
    async latest(user: CurrentUser, limit = 200) {
      if (!can(user, 'settings:manage')) throw new ServiceError(403, 'You do not have permission to do this');
      return db.tenant(user.tenantId, (trx) =>
        trx.selectFrom('emails').select(['id', 'kind', 'to_address', 'subject', 'body', 'created_at', 'sent_at', 'attempts', 'last_error']).orderBy('created_at', 'desc').limit(limit).execute(),
      );
    },
  };
}

export type OutboxReader = ReturnType<typeof outboxReader>;

/** Emails waiting to be sent, across every tenant (ids only: each is read in its tenant). */
async function unsentEmails(trx: Trx, limit: number): Promise<{ id: string; tenant_id: string }[]> {
  return (await sql<{ id: string; tenant_id: string }>`select * from unsent_emails(${limit})`.execute(trx)).rows;
}

/** One waiting email, locked while it is sent (another process skips it). */
async function claimEmail(trx: Trx, id: string) {
  const rows = await sql<{ id: string; to_address: string; subject: string; body: string }>`
    select id, to_address, subject, body from emails where id = ${id} and sent_at is null for update skip locked`.execute(trx);
  return rows.rows[0];
}

async function markEmail(trx: Trx, id: string, result: { sentAt: Date } | { error: string }): Promise<void> {
  await trx
    .updateTable('emails')
    .set((eb) => ('sentAt' in result ? { sent_at: result.sentAt, attempts: eb('attempts', '+', 1) } : { last_error: result.error.slice(0, 500), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Sends the outbox over SMTP, each email in its tenant. */
export function emailSender(db: Database, smtp: { url: string; from: string }) {
  const transport: Transporter = createTransport(smtp.url);
  return {
    /** Sends what is waiting now; answers how many went. */
    async sendWaiting(): Promise<number> {
      const waiting = await db.anonymous((trx) => unsentEmails(trx, BATCH));
      let sent = 0;
      for (const { id, tenant_id: tenantId } of waiting) {
        const went = await db.tenant(tenantId, async (trx) => {
          const email = await claimEmail(trx, id);
          if (!email) return false;
          try {
            await transport.sendMail({ from: smtp.from, to: email.to_address, subject: email.subject, text: email.body });
          } catch (error) {
            await markEmail(trx, id, { error: (error as Error).message });
            return false;
          }
          await markEmail(trx, id, { sentAt: new Date() });
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
          console.error(JSON.stringify({ msg: 'could not send emails', err: { type: (error as Error).name } }));
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
