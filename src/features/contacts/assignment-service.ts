import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ContactError, eventActor } from './actor.js';
import { insertEvent } from './queries.js';
import { clearRecommendation, lockForAssignment, mashWorkers, setAssignee } from './queries/assignment.js';

/**
 * Who works on a contact in the MASH: a worker picks one up ("assigned to me"), a MASH manager gives it
 * to a worker; and a manager sends a recommendation back to the worker with a comment. Each is a
 * contact event and an audit event. Only while the contact waits for its decision.
 */
export function contactAssignmentService(db: Database) {
  async function waiting(trx: Trx, user: CurrentUser, contactId: string) {
    if (!can(user, 'contact:view')) throw new ContactError(404, 'There is no such contact');
    const contact = await lockForAssignment(trx, contactId);
    if (!contact) throw new ContactError(404, 'There is no such contact');
    if (contact.status !== 'awaiting-decision') throw new ContactError(409, 'This contact has been decided, so nobody needs to pick it up');
    return contact;
  }

  return {
    /** The people a MASH manager may give a contact to. */
    async assignable(user: CurrentUser) {
      if (!can(user, 'contact:assign')) return [];
      return db.tenant(user.tenantId, (trx) => mashWorkers(trx));
    },

    /** A MASH worker takes the contact on. Refused when someone else has it: a manager reassigns it. */
    async pickUp(user: CurrentUser, contactId: string, requestId: string): Promise<void> {
      if (!can(user, 'contact:record')) throw new ContactError(403, 'You do not have permission to do this');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await waiting(trx, user, contactId);
        if (contact.assigned_to === user.id) return;
        if (contact.assigned_to) throw new ContactError(409, `${contact.assigned_name ?? 'Someone else'} is working on this contact. Ask a MASH manager if it should be yours`);
        await setAssignee(trx, contactId, user.id);
        await insertEvent(trx, user.tenantId, contactId, eventActor({ kind: 'user', user }), 'assigned', { to: user.id, pickedUp: true });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'contact.assign', subjectType: 'contact', subjectId: contactId, requestId, details: { to: user.id } });
      });
    },

    /** A MASH manager gives the contact to a MASH worker (or to nobody). */
    async assign(user: CurrentUser, contactId: string, to: string | null, requestId: string): Promise<void> {
      if (!can(user, 'contact:assign')) throw new ContactError(403, 'You do not have permission to do this');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await waiting(trx, user, contactId);
        if (to && !(await mashWorkers(trx)).some((w) => w.id === to)) throw new ContactError(400, 'Choose someone who works in the MASH', 'assignee');
        if (contact.assigned_to === to) return;
        await setAssignee(trx, contactId, to);
        await insertEvent(trx, user.tenantId, contactId, eventActor({ kind: 'user', user }), 'assigned', { to, from: contact.assigned_to });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'contact.assign', subjectType: 'contact', subjectId: contactId, requestId, details: { to, from: contact.assigned_to } });
      });
    },

    /** A MASH manager returns the worker's recommendation with a comment: the worker recommends again. */
    async sendBack(user: CurrentUser, contactId: string, comment: string, requestId: string): Promise<void> {
      if (!can(user, 'contact:decide')) throw new ContactError(403, 'You do not have permission to do this');
      const why = comment.trim();
      if (!why) throw new ContactError(400, 'Say what the worker should look at again', 'comment');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await waiting(trx, user, contactId);
        if (!contact.recommended_pathway) throw new ContactError(409, 'There is no recommendation to send back', 'comment');
        await clearRecommendation(trx, contactId);
        await insertEvent(trx, user.tenantId, contactId, eventActor({ kind: 'user', user }), 'recommendation-returned', { comment: why, pathway: contact.recommended_pathway });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'contact.return-recommendation', subjectType: 'contact', subjectId: contactId, requestId });
      });
    },
  };
}

/** For the home page: the contacts this MASH worker is working on. */
export { contactsAssignedTo } from './queries/assignment.js';

export type ContactAssignmentService = ReturnType<typeof contactAssignmentService>;
