import { UUID } from '../../platform/http/route-params.js';
export { UUID } from '../../platform/http/route-params.js';
import { z } from 'zod';
import { WHEREABOUTS_GRANT_MAX_DAYS } from './service.js';

/** The forms of the restricted-record pages, one schema each. Rules that need the record or the database stay in the service. */

const REASON_MAX = 1000;

/** A reason typed in a box: trimmed, required, at most 1,000 characters. */
const reason = (missing: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(REASON_MAX, `Give a reason of ${REASON_MAX} characters or fewer`);

/** A choice from a list (of people, of grants): its id. */
const chosenId = (message: string) => z.string({ error: message }).regex(UUID, message);

const daysMessage = `Enter a number of days from 1 to ${WHEREABOUTS_GRANT_MAX_DAYS}`;

export const breakGlassForm = z.object({ reason: reason('Give the reason you need to open this record now') });

export const restrictForm = z.object({ reason: reason('Give the reason for restricting this record') });

export const giveAccessForm = z.object({
  userId: chosenId('Choose who to give access to'),
  reason: reason('Give the reason they need access'),
});

export const withdrawAccessForm = z.object({
  grantId: chosenId('Choose whose access to withdraw'),
  withdrawReason: reason('Give the reason for withdrawing access'),
});

export const liftRestrictionForm = z.object({ liftReason: reason('Give the reason for lifting the restriction') });

export const whereaboutsGrantForm = z.object({
  whereaboutsUserId: chosenId('Choose who needs to see the withheld whereabouts'),
  days: z
    .string({ error: daysMessage })
    .trim()
    .regex(/^\d{1,2}$/, daysMessage)
    .transform(Number)
    .refine((days) => days >= 1 && days <= WHEREABOUTS_GRANT_MAX_DAYS, daysMessage),
  whereaboutsReason: reason('Give the reason they need to see the withheld whereabouts'),
});
