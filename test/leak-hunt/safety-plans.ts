import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { documentsService } from '../../src/features/documents/service.js';
import { safetyPlanPrintService } from '../../src/features/safety-plans/print-service.js';
import { safetyPlansService } from '../../src/features/safety-plans/service.js';
import type { CurrentUser } from '../../src/platform/auth/current-user.js';
import type { Database } from '../../src/platform/db/database.js';

/**
 * The hunted family's safety plans (issue 16, points 2 to 4): the victim's plan made with her IDVA, the
 * first child's own plan, rules agreed with the person causing harm, and a safety network member whose
 * phone and email are withheld (both become secrets of the hunt). Her plan is printed for her in neutral
 * form, and his rules for him: both copies join the hunted documents.
 */
/**
 * The network member's withheld phone and email as the hunt makes them. Only a manager of a team the case
 * is allocated to may see them, and the adversarial hunt's family is allocated to a worker alone, so its
 * control does not look for them there; test/integration/safety-plans.test.ts shows them to that manager.
 */
export const NETWORK_SECRET = /^01632 7\d{5}$|@network\.hunt\.invalid$/;

export async function makeSafetyPlans(db: Database, holder: CurrentUser, caseId: string, people: { victimId: string; harmId: string; childId: string }, seed: string, number: number, secrets: string[]) {
  const plans = safetyPlansService(db);
  const today = londonDate(new Date());
  const { planId: victimPlanId } = await plans.startVictimPlan(
    holder,
    caseId,
    { personId: people.victimId, madeWith: 'idva', madeWithName: 'An Advocate', madeOn: addDays(today, -10), sections: { triggers: 'When he has been out late', bag: 'Kept at a friend’s', ourActions: 'A strategy discussion the same day if he returns' } },
    'leak-hunt',
  );
  const { planId: childPlanId } = await plans.startChildPlan(holder, caseId, { personId: people.childId, understanding: true, understandingReason: 'Talks about it clearly and wants a plan', madeOn: today, sections: { safePlaceInside: 'My room', safeAdult: 'Nan' } }, 'leak-hunt');
  await plans.saveRules(holder, caseId, { personId: people.harmId, rules: 'You do not come to the family home.\nYou see the children only as arranged.', agreed: true, agreedOn: today, version: null }, 'leak-hunt');
  const phone = `01632 7${String(number).padStart(5, '0').slice(-5)}`;
  const email = `${seed.toLowerCase()}.helper@network.hunt.invalid`;
  secrets.push(phone, email);
  await plans.addNetworkMember(
    holder,
    caseId,
    { name: `Ally ${seed}`, relationship: 'The children’s aunt', phone, email, knowsWorries: true, knowsRedFlags: true, whatToDo: 'Call 999, then the social worker', agreed: true, agreedOn: today, withhold: true, withholdReason: 'Lives on the same street as him' },
    'leak-hunt',
  );
  const print = safetyPlanPrintService(db, documentsService(db));
  const documentIds = [
    (await print.plan(holder, caseId, victimPlanId, { copy: 'theirs', recipientName: '', recipientAgency: '' }, 'leak-hunt')).documentId,
    (await print.plan(holder, caseId, childPlanId, { copy: 'theirs', recipientName: '', recipientAgency: '' }, 'leak-hunt')).documentId,
    (await print.rules(holder, caseId, people.harmId, 'leak-hunt')).documentId,
  ];
  return { victimPlanId, childPlanId, harmId: people.harmId, documentIds };
}
