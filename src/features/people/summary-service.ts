import { openToUser, requireAccess, RESTRICTED_RECORD } from '../../platform/access/decide.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { PeopleError } from './errors.js';
import { presentPersonForScreen, relationshipLabel } from './present.js';
import * as q from './queries.js';
import { casesOfPerson, contactsOfPerson } from './queries/involvement.js';
import { relationshipsAmong } from './relationships-service.js';

/**
 * A record in brief, to tell whether it is the person someone is looking at (a candidate on a contact's
 * matching page): names, date of birth, addresses, relationships, cases and incidents. Withheld
 * addresses are shown as withheld to everyone here: telling two people apart never needs them. Only
 * for someone the record opens to (the access decision, `person:view`).
 */
export function recordSummaryService(db: Database) {
  return {
    async summary(user: CurrentUser, personId: string) {
      return db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'person:view', { kind: 'person', id: personId });
        const record = await q.findPerson(trx, personId);
        if (!record || record.mergedInto) throw new PeopleError(404, 'There is no such person');
        const [relationships, cases, contacts] = await Promise.all([relationshipsAmong(trx, [personId]), casesOfPerson(trx, personId), contactsOfPerson(trx, personId)]);
        const others = await q.namesAndRestriction(trx, relationships.map((r) => (r.from === personId ? r.to : r.from)));
        const names = new Map<string, string>();
        for (const p of others) names.set(p.id, (await openToUser(trx, user, { kind: 'person', id: p.id }, p.restricted)) ? `${p.given_name} ${p.family_name}` : RESTRICTED_RECORD);
        return {
          person: presentPersonForScreen(record, { id: user.id, mayViewWithheld: false }),
          relationships: relationships.map((r) => ({ name: names.get(r.from === personId ? r.to : r.from) ?? RESTRICTED_RECORD, label: relationshipLabel(r.kind, r.from === personId) })),
          cases: await Promise.all(
            cases.map(async (c) => ({ ...(await openToUser(trx, user, { kind: 'case', id: c.id }, c.restricted)) ? { reference: c.reference } : { reference: null }, status: c.status, stage: c.stage, role: c.role })),
          ),
          incidents: contacts.length,
          lastIncidentAt: contacts[0]?.received_at ?? null,
        };
      });
    },
  };
}

export type RecordSummaryService = ReturnType<typeof recordSummaryService>;
