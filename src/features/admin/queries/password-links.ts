import type { Trx } from '../../../platform/db/database.js';
import type { PasswordLinkPurpose } from '../../../platform/db/admin-schema.js';

/** Stops every unused link of a user from working. */
export async function revokePasswordLinks(trx: Trx, userId: string): Promise<void> {
  await trx.updateTable('password_links').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('used_at', 'is', null).where('revoked_at', 'is', null).execute();
}

export async function insertPasswordLink(
  trx: Trx,
  values: { tenantId: string; userId: string; tokenHash: string; purpose: PasswordLinkPurpose; createdBy: string | null; expiresAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('password_links')
    .values({
      tenant_id: values.tenantId,
      user_id: values.userId,
      token_hash: values.tokenHash,
      purpose: values.purpose,
      created_by: values.createdBy,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a message for a sender to deliver. The application cannot read messages back. */
export async function queueMessage(trx: Trx, values: { tenantId: string; toUserId: string; kind: 'password-link'; body: string }): Promise<void> {
  await trx.insertInto('outbound_messages').values({ tenant_id: values.tenantId, to_user_id: values.toUserId, kind: values.kind, body: values.body }).execute();
}
