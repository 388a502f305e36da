import { allocatedCaseFor, checkDecision, DecisionError, type ContactStatus, type DecisionInput } from '../../domain/contacts/contact.js';
import { unlinkedRefusal } from '../../domain/contacts/decision-outcome.js';
import { recommendedScale, UnknownIndicatorError, type Pathway } from '../../domain/triage/threshold.js';
import { can } from '../../platform/access/policy.js';
import { recordAudit, type AuditEntry } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { appendCaseEvents } from '../cases/service.js';
import { queueOutcomeFor } from './outcome-emails.js';
import { actOnDecision } from './decision.js';
import { auditActor, ContactError, eventActor, tenantOfActor, type ContactActor } from './actor.js';
import { findCandidates, type Candidate } from './matching.js';
import * as q from './queries.js';
import * as change from './queries/changes.js';
import { NotificationIngest, receiveBatch, requireLinkable, storeWithin, type Arrived } from './ingest.js';
import { newContactInput, type NewContactInput } from './schemas.js';

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
export async function routeToAllocatedCase(trx: Trx, tenantId: string, contactId: string, actor: ContactActor): Promise<AuditEntry | null> {
  const contact = await q.findContact(trx, contactId);
  if (!contact || contact.status !== 'awaiting-decision') return null;
  const children = (await q.contactPeople(trx, contactId)).filter((p) => p.role === 'child' && p.person_id).map((p) => p.person_id!);
  const cases = await q.openCasesOfChildren(trx, children);
  const target = allocatedCaseFor(cases.map((c) => ({ caseId: c.case_id, childPersonId: c.person_id, workerId: c.worker_id, lastActivityAt: c.last_activity_at })));
  if (!target) return null;
  await change.sendToCase(trx, contactId, target.caseId);
  await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'sent-to-allocated-worker', { caseId: target.caseId, workerId: target.workerId });
  const by = actor.kind === 'user' ? actor.user.id : '';
  const lastActivity = cases.find((c) => c.case_id === target.caseId)!.last_activity_at;
  const at = new Date(Math.max(Date.now(), new Date(lastActivity).getTime()));
  await appendCaseEvents(trx, tenantId, target.caseId, [{ type: 'incident-reported', at, by, contactId }]);
  return { ...auditActor(actor), action: 'contact.send-to-allocated-worker', subjectType: 'contact', subjectId: contactId, details: { caseId: target.caseId } };
}

/**
 * An incident a worker on a case learned of (a breach of a protective order), recorded as a contact so
 * that it IS an incident: it names the victim (counted for the Marac criteria), goes to the case's
 * allocated worker as a new incident to review, and otherwise waits in the MASH queue like any other.
 * Runs in the caller's transaction; the caller has already checked that the user may change the case,
 * which stands in for `contact:record` here. The same source and reference as a contact already held
 * stores nothing and answers that contact.
 */
export async function recordIncidentWithin(trx: Trx, user: CurrentUser, input: NewContactInput, requestId: string | null): Promise<{ contactId: string; created: boolean }> {
  // Checked as any contact arriving is, so nothing reaches the store that a notification could not carry.
  const parsed = newContactInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContactError(400, issue.message, issue.path.join('.'));
  }
  const stored = await storeWithin(trx, user.tenantId, { actor: { kind: 'user', user }, input: parsed.data, requestId }, routeToAllocatedCase);
  return { contactId: stored.id, created: stored.created };
}

export function contactsService(db: Database) {
  const ingest = new NotificationIngest(db, routeToAllocatedCase);
  return {
    /**
     * Records a contact and proposes records for each person on it. The same source and
     * reference again stores nothing and answers with the contact already held. Stored with the
     * notifications arriving at the same moment (ingest.ts); the records proposed are found after
     * it is stored, outside the transaction that stores it.
     */
    async receive(actor: ContactActor, input: NewContactInput, requestId: string | null): Promise<ReceivedContact> {
      requireUserMay(actor, 'contact:record');
      const tenantId = tenantOfActor(actor);
      const result = await ingest.receive(tenantId, { actor, input, requestId });
      if (!result.ok) throw result.error;
      return db.tenant(tenantId, (trx) => answer(trx, result.id, result.created));
    },

    /**
     * Stores many notifications from one sender in one transaction (the CSV import), each kept or
     * refused on its own; no records are proposed here (they are when the contact is opened).
     */
    async receiveMany(actor: ContactActor, inputs: readonly NewContactInput[]): Promise<Arrived[]> {
      requireUserMay(actor, 'contact:record');
      return receiveBatch(db, tenantOfActor(actor), inputs.map((input) => ({ actor, input, requestId: null })), routeToAllocatedCase);
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
        const routed = await routeToAllocatedCase(trx, tenantId, contactId, actor);
        if (routed) await recordAudit(trx, tenantId, routed);
      });
    },

    /**
     * Removes a link made by mistake, with the reason, while the contact waits for its decision: the
     * person is matched again. Recorded in the contact's history and audited.
     */
    async unlink(user: CurrentUser, contactId: string, ref: string, reason: string, requestId: string): Promise<void> {
      const actor: ContactActor = { kind: 'user', user };
      requireUserMay(actor, 'contact:record');
      const why = reason.trim();
      if (!why) throw new ContactError(400, 'Say why this is the wrong record', 'reason');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await requireContact(trx, actor, contactId);
        if (contact.status !== 'awaiting-decision') throw new ContactError(409, 'This contact is no longer waiting for a decision, so its links cannot change', 'reason');
        const person = await change.contactPersonLink(trx, contactId, ref);
        if (!person) throw new ContactError(404, `There is no person with ref ${ref} on this contact`);
        if (!person.person_id) throw new ContactError(409, 'This person is not linked to a record', 'reason');
        await change.unlinkContactPerson(trx, person.id);
        await q.insertEvent(trx, user.tenantId, contactId, eventActor(actor), 'person-unlinked', { ref, personId: person.person_id, reason: why });
        await recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action: 'contact.unlink-person', subjectType: 'contact', subjectId: contactId, requestId, details: { ref, personId: person.person_id } });
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
        const routed = await routeToAllocatedCase(trx, user.tenantId, contactId, actor);
        if (routed) await recordAudit(trx, user.tenantId, routed);
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
        await applyIndicators(trx, actor, contact, codes, requestId);
      });
    },

    /**
     * The MASH worker's recommendation to the manager, with the indicators ticked in the same form:
     * both are saved together, or neither (an unknown indicator refuses the whole form).
     */
    async recommend(user: CurrentUser, contactId: string, input: { indicators: string[]; pathway: Pathway; reason: string }, requestId: string): Promise<void> {
      const actor: ContactActor = { kind: 'user', user };
      requireUserMay(actor, 'contact:record');
      const { pathway, reason } = input;
      if (!reason.trim()) throw new ContactError(400, 'Give the reason for your recommendation', 'reason');
      await db.tenant(user.tenantId, async (trx) => {
        const contact = await requireContact(trx, actor, contactId);
        if (contact.status !== 'awaiting-decision') throw new ContactError(409, 'This contact is no longer waiting for a decision');
        await requireAllLinked(trx, contactId, 'recommendation');
        const ticked = new Set(input.indicators);
        const unchanged = ticked.size === contact.indicators.length && contact.indicators.every((code) => ticked.has(code));
        if (!unchanged) await applyIndicators(trx, actor, contact, input.indicators, requestId);
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
        const people = await requireAllLinked(trx, contactId, 'decision');
        const at = new Date();
        if (!(await change.recordDecision(trx, contactId, { pathway: input.pathway, at, by: actor.kind === 'user' ? actor.user.id : null }))) {
          throw new ContactError(409, 'This contact already has a decision: another manager decided it a moment ago', 'reason');
        }
        const outcome = await actOnDecision(trx, tenantId, actor, contactId, people, input, at);
        await q.insertEvent(trx, tenantId, contactId, eventActor(actor), 'decided', {
          pathway: input.pathway,
          reason: input.reason.trim(),
          daServiceReferral: input.daServiceReferral,
          checkMarac: input.checkMarac,
          recommended: contact.recommended_pathway,
          outcome,
        });
        // The police unit that sent it hears the decision by email, when its system named an address.
        await queueOutcomeFor(trx, tenantId, contact, input.pathway, at);
        await recordAudit(trx, tenantId, {
          ...auditActor(actor),
          action: 'contact.decide',
          subjectType: 'contact',
          subjectId: contactId,
          requestId,
          details: { pathway: input.pathway, daServiceReferral: input.daServiceReferral, checkMarac: input.checkMarac, caseId: outcome.caseId, caseChange: outcome.caseChange, teamId: outcome.teamId },
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

/** The contact's people, once every one is linked to a record (an existing one, or a new one added on purpose). */
async function requireAllLinked(trx: Trx, contactId: string, doing: 'recommendation' | 'decision'): Promise<q.ContactPersonRow[]> {
  const people = await q.contactPeople(trx, contactId);
  const refusal = unlinkedRefusal(people.filter((p) => !p.person_id).length, doing);
  if (refusal) throw new ContactError(400, refusal, 'pathway');
  return people;
}

/** Sets the contact's threshold indicators from the tenant's list (an unknown one refuses, naming the field), recorded as an event and audited. */
async function applyIndicators(trx: Trx, actor: ContactActor, contact: q.ContactRow, codes: string[], requestId: string | null): Promise<void> {
  const unique = [...new Set(codes)];
  try {
    recommendedScale(unique, await q.thresholdIndicators(trx));
  } catch (error) {
    if (error instanceof UnknownIndicatorError) throw new ContactError(400, error.message, 'indicators');
    throw error;
  }
  const tenantId = tenantOfActor(actor);
  await change.setIndicators(trx, contact.id, unique);
  await q.insertEvent(trx, tenantId, contact.id, eventActor(actor), 'indicators-set', { indicators: unique });
  await recordAudit(trx, tenantId, { ...auditActor(actor), action: 'contact.indicators', subjectType: 'contact', subjectId: contact.id, requestId, details: { indicators: unique } });
}

export type ContactsService = ReturnType<typeof contactsService>;
