import type { PlainDate } from '../../../domain/calendar/plain-date.js';
import type { Trx } from '../../../platform/db/database.js';
import type { EventActor } from '../queries.js';
import type { NewContactInput } from '../schemas.js';

// What the contacts service changes on a contact (service.ts), and the look-ups each change makes
// first. The contact and its people as read, its events and the queue are in ../queries.ts.

/**
 * Stores a contact as it arrives; null when the same source and reference is already held (another
 * request stored it a moment ago).
 */
export async function insertContact(
  trx: Trx,
  tenantId: string,
  input: NewContactInput,
  received: { at: Date; on: PlainDate; decisionDueBy: PlainDate },
  by: EventActor,
): Promise<string | null> {
  const inserted = await trx
    .insertInto('contacts')
    .values({
      tenant_id: tenantId,
      source: input.source,
      reference: input.reference ?? null,
      referrer: input.referrer ?? null,
      received_at: received.at,
      received_on: received.on,
      decision_due_by: received.decisionDueBy,
      occurred_at: new Date(input.incident.occurredAt),
      place: input.incident.place ?? null,
      abuse_types: input.incident.abuseTypes,
      children_present: input.incident.childrenPresent,
      children_saw: input.incident.childrenSaw ?? false,
      children_heard: input.incident.childrenHeard ?? false,
      injuries: input.incident.injuries,
      weapon_used: input.incident.weaponUsed,
      alcohol_or_drugs: input.incident.alcoholOrDrugs,
      summary: input.incident.summary,
      child_voice: input.incident.childVoice ?? null,
      school_told: input.schoolTold ?? null,
      police_risk_grading: input.incident.policeRiskGrading ?? null,
      created_by: by.userId,
      api_client_id: by.apiClientId,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'reference']).where('reference', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** The relationships the contact gives between its people, by their refs; `relationships` is not empty. */
export async function insertContactRelationships(trx: Trx, tenantId: string, contactId: string, relationships: readonly { from: string; to: string; type: string }[]): Promise<void> {
  await trx
    .insertInto('contact_relationships')
    .values(relationships.map((r) => ({ tenant_id: tenantId, contact_id: contactId, from_ref: r.from, to_ref: r.to, kind: r.type })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Whether a person record exists and is restricted, before it is linked to a contact. */
export function personToLink(trx: Trx, personId: string) {
  return trx.selectFrom('people').select(['id', 'restricted', 'merged_into']).where('id', '=', personId).executeTakeFirst();
}

/** The person with this ref on the contact, and the record they are linked to. */
export function contactPersonLink(trx: Trx, contactId: string, ref: string) {
  return trx.selectFrom('contact_people').select(['id', 'person_id']).where('contact_id', '=', contactId).where('ref', '=', ref).executeTakeFirst();
}

/** The person with this ref on the contact, with what a new person record is made of (nothing of their whereabouts). */
export function contactPersonForRecord(trx: Trx, contactId: string, ref: string) {
  return trx
    .selectFrom('contact_people')
    .select(['id', 'person_id', 'given_name', 'family_name', 'date_of_birth', 'sex', 'nhs_number', 'send'])
    .where('contact_id', '=', contactId)
    .where('ref', '=', ref)
    .executeTakeFirst();
}

export type ContactPersonForRecord = NonNullable<Awaited<ReturnType<typeof contactPersonForRecord>>>;

/** A new person record made from what the contact says of them. */
export async function insertPersonFromContact(trx: Trx, tenantId: string, p: ContactPersonForRecord, createdBy: string): Promise<string> {
  const created = await trx
    .insertInto('people')
    .values({ tenant_id: tenantId, given_name: p.given_name, family_name: p.family_name, date_of_birth: p.date_of_birth, sex: p.sex, nhs_number: p.nhs_number, send: p.send, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** Links the person on the contact (by the contact_people id) to a record, now. */
export async function linkContactPerson(trx: Trx, contactPersonId: string, personId: string, linkedBy: string | null): Promise<void> {
  await trx.updateTable('contact_people').set({ person_id: personId, linked_by: linkedBy, linked_at: new Date() }).where('id', '=', contactPersonId).execute();
}

/** Removes a mistaken link: the person on the contact is matched again. */
export async function unlinkContactPerson(trx: Trx, contactPersonId: string): Promise<void> {
  await trx.updateTable('contact_people').set({ person_id: null, linked_by: null, linked_at: null }).where('id', '=', contactPersonId).execute();
}

/** The contact goes to the case of a linked child, for the allocated worker. */
export async function sendToCase(trx: Trx, contactId: string, caseId: string): Promise<void> {
  await trx.updateTable('contacts').set({ status: 'sent-to-allocated-worker', case_id: caseId }).where('id', '=', contactId).execute();
}

/** The case a threshold decision opened or acted on. */
export async function setCaseOfContact(trx: Trx, contactId: string, caseId: string): Promise<void> {
  await trx.updateTable('contacts').set({ case_id: caseId }).where('id', '=', contactId).execute();
}

export async function setIndicators(trx: Trx, contactId: string, indicators: string[]): Promise<void> {
  await trx.updateTable('contacts').set({ indicators }).where('id', '=', contactId).execute();
}

export async function setRecommendedPathway(trx: Trx, contactId: string, pathway: string): Promise<void> {
  await trx.updateTable('contacts').set({ recommended_pathway: pathway }).where('id', '=', contactId).execute();
}

/**
 * Records the threshold decision unless the contact already has one: false when another manager's
 * decision got there first. On PostgreSQL a second update waits for the first's row lock and then
 * finds the status changed, so two managers deciding at once make exactly one decision.
 */
export async function recordDecision(trx: Trx, contactId: string, decision: { pathway: string; at: Date; by: string | null }): Promise<boolean> {
  const updated = await trx
    .updateTable('contacts')
    .set({ status: 'decided', decided_pathway: decision.pathway, decided_at: decision.at, decided_by: decision.by })
    .where('id', '=', contactId)
    .where('status', '!=', 'decided')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
