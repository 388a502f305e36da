import { createHash } from 'node:crypto';
import { failuresStill, waitAfterFailures, type ThrottleKind } from '../../domain/sign-in/throttle.js';
import type { Database } from '../db/database.js';

/** What is counted: the account (by its email) and the client address a sign-in came from. */
export interface SignInSource {
  email: string;
  address: string;
}

function keyOf(kind: ThrottleKind, value: string): string {
  return createHash('sha256').update(`${kind}\n${value.trim().toLowerCase()}`).digest('hex');
}

function keysOf(source: SignInSource): { kind: ThrottleKind; key: string }[] {
  return [
    { kind: 'account', key: keyOf('account', source.email) },
    { kind: 'address', key: keyOf('address', source.address) },
  ];
}

/** Seconds until this account and address may try again (0: now). Read before any password is checked. */
export async function secondsToWait(db: Database, source: SignInSource, now = new Date()): Promise<number> {
  const rows = await db.anonymous((trx) =>
    trx.selectFrom('sign_in_throttle').select('next_try_at').where('key_hash', 'in', keysOf(source).map((k) => k.key)).execute(),
  );
  const latest = Math.max(0, ...rows.map((r) => new Date(r.next_try_at).getTime()));
  return Math.max(0, Math.ceil((latest - now.getTime()) / 1000));
}

/** Counts a failed sign-in against the account and the address, setting when each may try next. */
export async function countFailure(db: Database, source: SignInSource, now = new Date()): Promise<void> {
  await db.anonymous(async (trx) => {
    for (const { kind, key } of keysOf(source)) {
      const row = await trx.selectFrom('sign_in_throttle').select(['failures', 'last_failure_at']).where('key_hash', '=', key).forUpdate().executeTakeFirst();
      const failures = (row ? failuresStill(row.failures, new Date(row.last_failure_at), now) : 0) + 1;
      const next = new Date(now.getTime() + waitAfterFailures(kind, failures) * 1000);
      await trx
        .insertInto('sign_in_throttle')
        .values({ key_hash: key, failures, last_failure_at: now, next_try_at: next })
        .onConflict((oc) => oc.column('key_hash').doUpdateSet({ failures, last_failure_at: now, next_try_at: next }))
        .execute();
    }
  });
}

/** A successful sign-in clears the account's count (not the address's: one success does not excuse a spray). */
export async function clearAccount(db: Database, email: string): Promise<void> {
  await db.anonymous((trx) => trx.deleteFrom('sign_in_throttle').where('key_hash', '=', keyOf('account', email)).execute());
}
