import { deadlines } from '../../domain/calendar/deadlines.js';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { allocatedCaseFor, checkDecision, DecisionError, type ContactStatus, type DecisionInput } from '../../domain/contacts/contact.js';
import { Confidential } from '../../domain/redaction/confidential.js';
import { recommendedScale, UnknownIndicatorError, type Pathway } from '../../domain/triage/threshold.js';
import { openToUser } from '../../platform/access/decide.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { appendCaseEvents } from '../cases/service.js';
import { tenantCalendar } from '../calendar/service.js';
import { auditActor, ContactError, eventActor, tenantOfActor, type ContactActor } from './actor.js';
import { findCandidates, type Candidate } from './matching.js';
import * as q from './queries.js';
import * as change from './queries/changes.js';
import type { NewContactInput } from './schemas.js';

export { ContactError } from './actor.js';

export interface ReceivedContact {
  id: string;
  decisionDueBy: string;
  /** False when the same source and reference had arrived before: nothing new was stored. */
  created: boolean;
  status: ContactStatus;
  people: { ref: string; personId: string | null; candidates: Candidate[] }[];
}

function requireUserMay(actor: ContactActor, action: 'contact:record' | 'contact:decide'): void {
  if (actor.kind === 'user' && !can(actor.user, action)) throw new ContactError(403, 'You do not have permission to do this');
}

/** A person record the actor may link to a contact: it exists, and a restricted one needs the user's grant (never through the API). */
async function requireLinkable(trx: Trx, actor: ContactActor, personId: string, field: string): Promise<void> {
  const person = await change.personToLink(trx, personId);
  if (!person) throw new ContactError(400, 'There is no person record with this id', field);
  if (!person.restricted) return;
  if (actor.kind === 'user' && (await openToUser(trx, actor.user, { kind: 'person', id: personId }, true))) return;
  throw new ContactError(403, 'This record is restricted: ask a manager for access before linking it', field);
}

async function candidatesFor(trx: Trx, people: readonly q.ContactPersonRow[]): Promise<ReceivedContact['people']> {
  const out: ReceivedContact['people'] = [];
  for (const p of people) {
    const candidates = p.person_id
      ? []
      : await findCandidates(trx, { givenName: p.given_name, familyName: p.family_name, dateOfBirth: p.date_of_birth, nhsNumber: p.nhs_number, postcode: p.postcode });
    out.push({ ref: p.ref, personId: p.person_id, candidates });
  }
  return out;
}

/**
 * The allocated-family route: once a linked child has an open case with an allocated worker, a
 * contact still waiting for screening goes to that case as a new incident, for the worker (and
 * their manager) to review the plan and the safety plan.
 */
async function routeToAllocatedCase(trx: Trx, tenantId: string, contactId: string, actor: ContactActor): Promise<void> {
  const contact = await q.findContact(trx, contactId);
  if (!contact || contact.status !== 'awaiting-decision') return;
  const children = (await q.contactPeople(trx, contactId)).filter((p) => p.role === 'child' && p.person_id).map((p) => p.person_id!);
  const cases = await q.openCasesOfChildren(trx, children);
  const target = allocatedCaseFor(cases.map((c) => ({ caseId: c.case_id, childPersonId: c.person_id, workerId: c.worker_id, lastActivityAt: c.last_activity_at })));
  if (!target) return;
  await change.sendToCase(trx, contactId, target.caseId);
  await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'sent-to-allocated-worker', { caseId: target.caseId, workerId: target.workerId });
  const by = actor.kind === 'user' ? actor.user.id : '';
  const lastActivity = cases.find((c) => c.case_id === target.caseId)!.last_activity_at;
  const at = new Date(Math.max(Date.now(), new Date(lastActivity).getTime()));
  await appendCaseEvents(trx, tenantId, target.caseId, [{ type: 'incident-reported', at, by, contactId }]);
  await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.send-to-allocated-worker', subjectType: 'contact', subjectId: contactId, details: { caseId: target.caseId } });
}

export function contactsService(db: Database) {
  return {
    /**
     * Records a contact and proposes records for each person on it. The same source and
     * reference again stores nothing and answers with the contact already held.
     */
    async receive(actor: ContactActor, input: NewContactInput, requestId: string | null): Promise<ReceivedContact> {
      requireUserMay(actor, 'contact:record');
      const tenantId = tenantOfActor(actor);
      return db.tenant(tenantId, async (trx) => {
        if (input.reference) {
          const existing = await q.findBySourceReference(trx, input.source, input.reference);
          if (existing) return answer(trx, existing.id, false);
        }
        for (const [i, p] of input.people.entries()) if (p.personId) await requireLinkable(trx, actor, p.personId, `/people/${i}/personId`);
        const receivedAt = new Date(input.receivedAt);
        const receivedOn = londonDate(receivedAt);
        const dueBy = deadlines(await tenantCalendar(trx)).thresholdDecision(receivedOn);
        const id = await change.insertContact(trx, tenantId, input, { at: receivedAt, on: receivedOn, decisionDueBy: dueBy }, eventActor(actor));
        if (id === null) {
          // Another request stored the same notification a moment ago.
          const existing = await q.findBySourceReference(trx, input.source, input.reference!);
          return answer(trx, existing!.id, false);
        }
        const now = new Date();
        await q.insertContactPeople(
          trx,
          tenantId,
          id,
          input.people.map((p) => ({
            ref: p.ref,
            role: p.role,
            givenName: p.givenName,
            familyName: p.familyName,
            dateOfBirth: p.dateOfBirth ?? null,
            sex: p.sex ?? null,
            nhsNumber: p.nhsNumber ?? null,
            send: p.send ?? false,
            address: p.address ? Confidential.of(p.address) : null,
            postcode: p.postcode ? Confidential.of(p.postcode) : null,
            school: p.school ?? null,
            personId: p.personId ?? null,
            linkedBy: p.personId && actor.kind === 'user' ? actor.user.id : null,
            linkedAt: p.personId ? now : null,
          })),
        );
        if (input.relationships?.length) await change.insertContactRelationships(trx, tenantId, id, input.relationships);
        await q.insertEvent(trx, tenantId, id, eventActor(actor), 'received', { source: input.source, linked: input.people.filter((p) => p.personId).map((p) => p.ref) });
        await routeToAllocatedCase(trx, tenantId, id, actor);
        const received = await answer(trx, id, true);
        // Last, so the audit chain's per-tenant lock is held only to the end of this transaction.
        await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.receive', subjectType: 'contact', subjectId: id, requestId, details: { source: input.source, people: input.people.length } });
        return received;
      });
    },

    /** Links a person on the contact to a record; the incident then counts in that person's history. */
    async link(actor: ContactActor, contactId: string, ref: string, personId: string, requestId: string | null): Promise<void> {
      requireUserMay(actor, 'contact:record');
      const tenantId = tenantOfActor(actor);
      await db.tenant(tenantId, async (trx) => {
        await requireContact(trx, actor, contactId);
        const person = await change.contactPersonLink(trx, contactId, ref);
        if (!person) throw new ContactError(404, `There is no person with ref ${ref} on this contact`);
        await requireLinkable(trx, actor, personId, 'personId');
        if (person.person_id === personId) return;
        await change.linkContactPerson(trx, person.id, personId, actor.kind === 'user' ? actor.user.id : null);
        await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'person-linked', { ref, personId, previous: person.person_id });
        await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.link-person', subjectType: 'contact', subjectId: contactId, requestId, details: { ref, personId } });
        await routeToAllocatedCase(trx, tenantId, contactId, actor);
      });
    },

    /** No record fits: makes a new person record from what the contact says, and links it. */
    async addPersonRecord(user: CurrentUser, contactId: string, ref: string, requestId: string): Promise<string> {
      const actor: ContactActor = { kind: 'user', user };
      requireUserMay(actor, 'contact:record');
      if (!can(user, 'person:create')) throw new ContactError(403, 'You do not have permission to add people');
      return db.tenant(user.tenantId, async (trx) => {
        await requireContact(trx, actor, contactId);
        const p = await change.contactPersonForRecord(trx, contactId, ref);
        if (!p) throw new ContactError(404, `There is no person with ref ${ref} on this contact`);
        if (p.person_id) throw new ContactError(409, 'This person is already linked to a record');
        const personId = await change.insertPersonFromContact(trx, user.tenantId, p, user.id);
        await change.linkContactPerson(trx, p.id, personId, user.id);
        await q.insertEvent(trx, user.tenantId, contactId, eventActor(actor), 'person-added', { ref, personId });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'person.create', subjectType: 'person', subjectId: personId, requestId, details: { fromContact: contactId } });
        await routeToAllocatedCase(trx, user.tenantId, contactId, actor);
        return personId;
      });
    },

    /** The threshold indicators that apply, from the tenant's list. */
    async setIndicators(actor: ContactActor, contactId: string, codes: string[], requestId: string | null): Promise<void> {
      requireUserMay(actor, 'contact:record');
      const tenantId = tenantOfActor(actor);
      await db.tenant(tenantId, async (trx) => {
        const contact = await requireContact(trx, actor, contactId);
        if (contact.status !== 'awaiting-decision') throw new ContactError(409, 'This contact is no longer waiting for a decision, so its indicators cannot change');
        const unique = [...new Set(codes)];
        try {
          recommendedScale(unique, await q.thresholdIndicators(trx));
        } catch (error) {
          if (error instanceof UnknownIndicatorError) throw new ContactError(400, error.message, 'indicators');
          throw error;
        }
        await change.setIndicators(trx, contactId, unique);
        await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'indicators-set', { indicators: unique });
        await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.indicators', subjectType: 'contact', subjectId: contactId, requestId, details: { indicators: unique } });
      });
    },

    /** The MASH worker's recommendation to the manager. */
    async recommend(user: CurrentUser, contactId: string, pathway: Pathway, reason: string, requestId: string): Promise<void> {
      const actor: ContactActor = { kind: 'user', user };
      requireUserMay(actor, 'contact:record');
      if (!reason.trim()) throw new ContactError(400, 'Give the reason for your recommendation', 'reason');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await requireContact(trx, actor, contactId);
        if (contact.status !== 'awaiting-decision') throw new ContactError(409, 'This contact is no longer waiting for a decision');
        await change.setRecommendedPathway(trx, contactId, pathway);
        await q.insertEvent(trx, user.tenantId, contactId, eventActor(actor), 'recommended', { pathway, reason: reason.trim() });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'contact.recommend', subjectType: 'contact', subjectId: contactId, requestId, details: { pathway } });
      });
    },

    /** The MASH manager's threshold decision: once, with a reason, append-only. */
    async decide(actor: ContactActor, contactId: string, input: DecisionInput, requestId: string | null): Promise<void> {
      requireUserMay(actor, 'contact:decide');
      const tenantId = tenantOfActor(actor);
      await db.tenant(tenantId, async (trx) => {
        const contact = await requireContact(trx, actor, contactId);
        try {
          checkDecision(contact.status, contact.recommended_pathway as Pathway | null, input);
        } catch (error) {
          if (error instanceof DecisionError) throw new ContactError(error.message.startsWith('Give') ? 400 : 409, error.message, 'reason');
          throw error;
        }
        const at = new Date();
        if (!(await change.recordDecision(trx, contactId, { pathway: input.pathway, at, by: actor.kind === 'user' ? actor.user.id : null }))) {
          throw new ContactError(409, 'This contact already has a decision: another manager decided it a moment ago', 'reason');
        }
        await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'decided', {
          pathway: input.pathway,
          reason: input.reason.trim(),
          daServiceReferral: input.daServiceReferral,
          checkMarac: input.checkMarac,
          recommended: contact.recommended_pathway,
        });
        await recordAudit(trx, tenantId, {
          ...auditActor(actor),
          action: 'contact.decide',
          subjectType: 'contact',
          subjectId: contactId,
          requestId,
          details: { pathway: input.pathway, daServiceReferral: input.daServiceReferral, checkMarac: input.checkMarac },
        });
      });
    },
  };

  async function answer(trx: Trx, id: string, created: boolean): Promise<ReceivedContact> {
    const contact = (await q.findContact(trx, id))!;
    return { id, decisionDueBy: contact.decision_due_by, created, status: contact.status, people: await candidatesFor(trx, await q.contactPeople(trx, id)) };
  }
}

/**
 * The contact, if the actor may work on it: MASH roles and partner systems with the scope; a
 * worker on the case it was sent to may see it too (checked by the page service).
 */
async function requireContact(trx: Trx, actor: ContactActor, contactId: string): Promise<q.ContactRow> {
  const contact = await q.findContact(trx, contactId);
  if (!contact) throw new ContactError(404, 'There is no such contact');
  if (actor.kind === 'user' && !can(actor.user, 'contact:view')) throw new ContactError(404, 'There is no such contact');
  return contact;
}

export type ContactsService = ReturnType<typeof contactsService>;
