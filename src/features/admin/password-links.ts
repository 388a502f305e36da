import { randomToken, tokenHash } from '../../platform/auth/tokens.js';
import type { PasswordLinkPurpose } from '../../platform/db/admin-schema.js';
import type { Trx } from '../../platform/db/database.js';
import { paths } from '../../platform/http/paths.js';
import * as q from './queries/password-links.js';

/** How long a link to set a password works: a day after a reset, a week for a new account. */
export const LINK_HOURS: Record<PasswordLinkPurpose, number> = { reset: 24, 'new-account': 7 * 24 };

/** What the user is sent. The path is given without the service's address, which the sender adds. */
export function passwordLinkMessage(purpose: PasswordLinkPurpose, link: string): string {
  const opening =
    purpose === 'reset'
      ? 'An administrator has reset your Wraparound password. You cannot sign in until you choose a new one.'
      : 'You have a new Wraparound account. You need to choose a password before you can sign in.';
  const within = purpose === 'reset' ? '24 hours' : '7 days';
  return [
    opening,
    `To choose your password, open this link within ${within}:`,
    link,
    'The link works once. Your administrator was not shown it, and will not see the password you choose.',
    'If you were not expecting this message, tell your manager or your IT service desk.',
  ].join('\n\n');
}

/**
 * Makes a one-time link to set a password and puts it in the outbox for the user. Any earlier
 * unused link of theirs stops working. Only the hash of the token is stored, and the token is
 * returned to nobody: it leaves the application only in the user's message.
 */
export async function sendPasswordLink(
  trx: Trx,
  link: { tenantId: string; userId: string; purpose: PasswordLinkPurpose; createdBy: string | null },
  now = new Date(),
): Promise<{ linkId: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + LINK_HOURS[link.purpose] * 3_600_000);
  await q.revokePasswordLinks(trx, link.userId);
  const linkId = await q.insertPasswordLink(trx, { ...link, tokenHash: tokenHash(token), expiresAt });
  await q.queueMessage(trx, {
    tenantId: link.tenantId,
    toUserId: link.userId,
    kind: 'password-link',
    body: passwordLinkMessage(link.purpose, paths.account.setPassword(token)),
  });
  return { linkId, expiresAt };
}
