import type { Viewer } from '../../domain/redaction/confidential.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { actorOf, tenantOf, type Caller } from './caller.js';
import * as q from './queries.js';
import { requireOpenPerson } from './access.js';
import { PeopleError } from './errors.js';
import type { AddressInput, ContactDetailInput } from './schemas.js';
import { presentAddress, type AddressView } from './present.js';

export type { AddressView } from './present.js';

export interface SafeContactInput {
  safeNumber?: string;
  safeTimes?: string;
  mayLeaveMessage: boolean;
  askIfAloneFirst: boolean;
  codeWord?: string;
  neutralLetters: boolean;
}

function userId(caller: Caller): string | null {
  return caller.kind === 'user' ? caller.user.id : null;
}

/**
 * Addresses, contact details and safe-contact preferences: the facts that could place a person.
 * Marking one withheld needs its own permission and a reason, and is audited.
 */
/**
 * A person's current addresses on screen, through the one presenter, for a viewer another feature's
 * access decision made (a Marac representative to whose agency the coordinator released them), in the
 * caller's transaction. Nothing is shown that the presenter would not show this viewer.
 */
export async function currentAddressesOnScreen(trx: Trx, personId: string, viewer: Viewer): Promise<AddressView[]> {
  const record = await q.findPerson(trx, personId);
  return record ? record.addresses.filter((a) => a.to === null).map((a) => presentAddress(a, viewer, 'screen')) : [];
}

export function whereaboutsService(db: Database) {
  function requireUser(caller: Caller, action: 'person:edit' | 'whereabouts:withhold'): void {
    if (caller.kind === 'user' && !can(caller.user, action)) throw new PeopleError(403, 'You do not have permission to do this');
  }

  return {
    async addAddress(caller: Caller, personId: string, address: AddressInput, requestId: string): Promise<string> {
      requireUser(caller, 'person:edit');
      if (address.withheld) requireUser(caller, 'whereabouts:withhold');
      const tenantId = tenantOf(caller);
      return db.tenant(tenantId, async (trx) => {
        await requireOpenPerson(trx, caller, personId);
        const id = await q.insertAddress(trx, tenantId, personId, address, userId(caller));
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'address.add', subjectType: 'person', subjectId: personId, requestId, details: { addressId: id, withheld: Boolean(address.withheld) } });
        return id;
      });
    },

    async addContactDetail(caller: Caller, personId: string, detail: ContactDetailInput, requestId: string): Promise<string> {
      requireUser(caller, 'person:edit');
      if (detail.withheld) requireUser(caller, 'whereabouts:withhold');
      const tenantId = tenantOf(caller);
      return db.tenant(tenantId, async (trx) => {
        await requireOpenPerson(trx, caller, personId);
        const id = await q.insertContactDetail(trx, tenantId, personId, detail, userId(caller));
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'contact-detail.add', subjectType: 'person', subjectId: personId, requestId, details: { contactDetailId: id, withheld: Boolean(detail.withheld) } });
        return id;
      });
    },

    /** Withholds an address or contact detail from now on, with the reason. */
    async withhold(caller: Caller, personId: string, what: 'address' | 'contact-detail', id: string, reason: string, requestId: string): Promise<void> {
      requireUser(caller, 'whereabouts:withhold');
      const trimmed = reason.trim();
      if (!trimmed) throw new PeopleError(400, 'Give the reason this is withheld', 'reason');
      if (trimmed.length > 1000) throw new PeopleError(400, 'Give a reason of 1000 characters or fewer', 'reason');
      const tenantId = tenantOf(caller);
      await db.tenant(tenantId, async (trx) => {
        await requireOpenPerson(trx, caller, personId);
        const updated = await q.withhold(trx, what, id, personId, { reason: trimmed, by: userId(caller), at: new Date() });
        if (!updated) throw new PeopleError(404, `There is no such ${what === 'address' ? 'address' : 'contact detail'}`);
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: `${what}.withhold`, subjectType: 'person', subjectId: personId, requestId, details: { id } });
      });
    },

    async setSafeContact(caller: Caller, personId: string, input: SafeContactInput, requestId: string): Promise<void> {
      requireUser(caller, 'person:edit');
      const tenantId = tenantOf(caller);
      await db.tenant(tenantId, async (trx) => {
        await requireOpenPerson(trx, caller, personId);
        const values = {
          safe_number: input.safeNumber?.trim() || null,
          safe_times: input.safeTimes?.trim() || null,
          may_leave_message: input.mayLeaveMessage,
          ask_if_alone_first: input.askIfAloneFirst,
          code_word: input.codeWord?.trim() || null,
          neutral_letters: input.neutralLetters,
          updated_by: userId(caller),
          updated_at: new Date(),
        };
        await q.saveSafeContact(trx, tenantId, personId, values);
        await recordAudit(trx, tenantId, { ...actorOf(caller), action: 'safe-contact.set', subjectType: 'person', subjectId: personId, requestId });
      });
    },
  };
}

export type WhereaboutsService = ReturnType<typeof whereaboutsService>;
