import { addDays, londonDate } from '../../src/domain/calendar/plain-date.js';
import { ordersService } from '../../src/features/orders/service.js';
import type { CurrentUser } from '../../src/platform/auth/current-user.js';
import type { Database } from '../../src/platform/db/database.js';

/**
 * The hunted family's protective orders (issue 16, point 5): a non-molestation order whose exclusion
 * zone is the victim's own address (withheld, since her whereabouts are), varied once and breached once
 * (the breach is a contact, an incident on the case), and a notice the police gave yesterday. The zone's
 * text is a secret of the hunt: only a screen shown to a role that holds withheld whereabouts may show it.
 */
export async function makeOrders(db: Database, holder: CurrentUser, caseId: string, people: { victimId: string; harmId: string; childId: string }, zone: string, secrets: string[]) {
  secrets.push(zone);
  const orders = ordersService(db);
  const today = londonDate(new Date());
  const orderId = await orders.add(
    holder,
    caseId,
    {
      kind: 'non-molestation',
      protectedIds: [people.victimId, people.childId],
      boundId: people.harmId,
      madeBy: 'Family Court at Huntshire',
      startsOn: addDays(today, -60),
      givenTime: '',
      expiresOn: addDays(today, 20),
      conditions: 'Must not contact her, directly or through anyone else\nMust not go within 100 metres of her home',
      exclusionZone: zone,
      withholdZone: false,
    },
    'leak-hunt',
  );
  await orders.vary(holder, caseId, orderId, { variedOn: addDays(today, -10), expiresOn: addDays(today, 25), noExpiry: false, conditions: '', reason: 'Extended at the return hearing', version: 1 }, 'leak-hunt');
  const breachContactId = await orders.recordBreach(
    holder,
    caseId,
    orderId,
    { occurredOn: addDays(today, -3), occurredTime: '22:15', source: 'family', reference: '', summary: 'He phoned her from a new number and waited at the end of the road', childrenPresent: false, injuries: false, weaponUsed: false, alcoholOrDrugs: false },
    'leak-hunt',
  );
  const noticeId = await orders.add(
    holder,
    caseId,
    { kind: 'dapn', protectedIds: [people.victimId], boundId: people.harmId, madeBy: 'Huntshire Police', startsOn: addDays(today, -1), givenTime: '09:30', expiresOn: null, conditions: 'Must not come to the home', exclusionZone: zone, withholdZone: true },
    'leak-hunt',
  );
  return { orderIds: [orderId, noticeId], breachContactId };
}
