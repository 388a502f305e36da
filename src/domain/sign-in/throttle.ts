/**
 * How sign-in slows guessing without letting anyone lock an account (issue 11, finding 5). Failures
 * are counted per account and per client address; after a few free tries each further failure makes
 * the next try wait longer, doubling up to a minute. The wait never grows past a minute, so someone who
 * knows a practitioner's email can slow their sign-in but never shut them out, while a guesser gets one
 * try a minute at most. A count starts again 15 minutes after its last failure, or (for an account) at a
 * successful sign-in.
 */
export type ThrottleKind = 'account' | 'address';

/** Failures allowed without a wait: an address serves a whole office behind one gateway. */
export const FREE_FAILURES: Record<ThrottleKind, number> = { account: 5, address: 20 };
export const MAX_WAIT_SECONDS = 60;
export const FORGET_AFTER_MINUTES = 15;

/** Seconds to wait after the `failures`-th failure in a row. */
export function waitAfterFailures(kind: ThrottleKind, failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  if (over <= 0) return 0;
  return Math.min(MAX_WAIT_SECONDS, 2 ** Math.min(over, 10));
}

/** The failures counted so far, or none when the last one was long enough ago to forget. */
export function failuresStill(failures: number, lastFailureAt: Date, now: Date): number {
  return now.getTime() - lastFailureAt.getTime() > FORGET_AFTER_MINUTES * 60_000 ? 0 : failures;
}
