import { tenantService } from '../features/admin/tenants.js';
import type { Database } from '../platform/db/database.js';
import { parseFlags, text, UsageError } from './args.js';
import { daysFlag, tenantId, type Out } from './commands.js';

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : '-');

/** `list-api-clients --tenant S`: each client's id, name, scopes, expiry and state. */
export async function listApiClientsCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' } }, ['tenant']);
  const clients = await tenantService(db).listApiClients(await tenantId(db, text(flags, 'tenant')));
  if (!clients.length) out('This tenant has no API clients.');
  const now = Date.now();
  for (const c of clients) {
    const state = c.revokedAt ? `revoked ${day(c.revokedAt)}` : !c.active ? 'deactivated' : c.expiresAt.getTime() <= now ? `expired ${day(c.expiresAt)}` : `expires ${day(c.expiresAt)}`;
    out(`${c.id}  ${c.name}  [${c.scopes.join(',')}]  ${state}  last used ${day(c.lastUsedAt)}`);
  }
  return 0;
}

/** `revoke-api-client --tenant S --id ID` */
export async function revokeApiClientCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, id: { type: 'string' } }, ['tenant', 'id']);
  await tenantService(db).revokeApiClient(await tenantId(db, text(flags, 'tenant')), text(flags, 'id'));
  out(`Revoked API client ${text(flags, 'id')}: its token no longer works.`);
  return 0;
}

/** `set-outcome-email --tenant S --id ID --email ADDRESS` (an empty address stops the emails) */
export async function setOutcomeEmailCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, id: { type: 'string' }, email: { type: 'string' } }, ['tenant', 'id', 'email']);
  const email = text(flags, 'email').trim();
  await tenantService(db).setOutcomeEmail(await tenantId(db, text(flags, 'tenant')), text(flags, 'id'), email || null);
  out(email ? `The outcome of each notification API client ${text(flags, 'id')} sends will be emailed to ${email}.` : `API client ${text(flags, 'id')}: outcomes are no longer emailed.`);
  return 0;
}

/** `rotate-api-client --tenant S --id ID [--days N]`: a new token, printed once; the old one stops at once. */
export async function rotateApiClientCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, id: { type: 'string' }, days: { type: 'string' } }, ['tenant', 'id']);
  const rotated = await tenantService(db).rotateApiClient(await tenantId(db, text(flags, 'tenant')), text(flags, 'id'), daysFlag(flags));
  out(`Gave API client ${text(flags, 'id')} a new token, which expires on ${day(rotated.expiresAt)}; the old one no longer works. Keep this token now: it will not be shown again.`);
  out(`token: ${rotated.token}`);
  return 0;
}

/** `set-session-lifetime --tenant S --hours N` */
export async function setSessionLifetimeCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, hours: { type: 'string' } }, ['tenant', 'hours']);
  const hours = text(flags, 'hours');
  if (!/^\d+$/.test(hours)) throw new UsageError('--hours must be a whole number of hours from 1 to 24');
  await tenantService(db).setSessionLifetime(await tenantId(db, text(flags, 'tenant')), Number(hours));
  out(`Sessions in ${text(flags, 'tenant')} now end ${hours} hours after sign-in, however active.`);
  return 0;
}

/** `require-authenticator-app --tenant S --required yes|no` */
export async function requireAuthenticatorAppCommand(db: Database, argv: string[], out: Out): Promise<number> {
  const flags = parseFlags(argv, { tenant: { type: 'string' }, required: { type: 'string' } }, ['tenant', 'required']);
  const required = text(flags, 'required');
  if (required !== 'yes' && required !== 'no') throw new UsageError('--required must be yes or no');
  await tenantService(db).setSecondStepRequired(await tenantId(db, text(flags, 'tenant')), required === 'yes');
  out(
    required === 'yes'
      ? `In ${text(flags, 'tenant')}, everyone whose role sees case content, withheld addresses or the audit log, or administers, now enters a code from an authenticator app after their password; whoever has none is asked to set one up first.`
      : `In ${text(flags, 'tenant')}, an authenticator app is now each user's choice (whoever has one set up still enters its code).`,
  );
  return 0;
}
