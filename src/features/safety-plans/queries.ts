import { sql } from 'kysely';
import type { PlainDate } from '../../domain/calendar/plain-date.js';
import { Confidential, storedText, type Withholding } from '../../domain/redaction/confidential.js';
import type { Trx } from '../../platform/db/database.js';
import type { SafetyPlanKind, SafetyPlanMadeWith, SafetyPlanReviewReason } from '../../platform/db/safety-plan-schema.js';
import type { ContactDetailRecord } from '../people/records.js';

/** Safety plans, their versions and reviews, safety rules and the safety network: reads and writes (migrations/0030). */

const asDate = (d: string) => d as PlainDate;

export function caseMembers(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'p.restricted', 'm.role'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.added_at')
    .execute();
}

export async function plans(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('safety_plans').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, made_on: asDate(r.made_on), last_reviewed_on: asDate(r.last_reviewed_on), ended_on: r.ended_on ? asDate(r.ended_on) : null }));
}
export type PlanRow = Awaited<ReturnType<typeof plans>>[number];

export async function insertPlan(
  trx: Trx,
  p: { tenantId: string; caseId: string; kind: SafetyPlanKind; personId: string; madeWith: SafetyPlanMadeWith | null; madeWithName: string | null; madeOn: PlainDate; understandingReason: string | null; sections: Record<string, string>; by: string },
): Promise<string> {
  const sections = JSON.stringify(p.sections);
  const row = await trx
    .insertInto('safety_plans')
    .values({
      tenant_id: p.tenantId,
      case_id: p.caseId,
      kind: p.kind,
      person_id: p.personId,
      made_with: p.madeWith,
      made_with_name: p.madeWithName,
      made_on: p.madeOn,
      understanding_confirmed: p.kind === 'child',
      understanding_reason: p.understandingReason,
      sections,
      last_reviewed_on: p.madeOn,
      created_by: p.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('safety_plan_versions').values({ tenant_id: p.tenantId, plan_id: row.id, version: 1, sections, changed: Object.keys(p.sections), saved_by: p.by }).execute();
  return row.id;
}

/** Saves new sections over the version the form was opened at; answers false when someone saved it since. */
export async function saveSections(trx: Trx, p: { tenantId: string; planId: string; version: number; sections: Record<string, string>; changed: string[]; by: string }): Promise<boolean> {
  const sections = JSON.stringify(p.sections);
  const result = await trx
    .updateTable('safety_plans')
    .set({ sections, version: p.version + 1, updated_by: p.by, updated_at: new Date() })
    .where('id', '=', p.planId)
    .where('version', '=', p.version)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await trx.insertInto('safety_plan_versions').values({ tenant_id: p.tenantId, plan_id: p.planId, version: p.version + 1, sections, changed: p.changed, saved_by: p.by }).execute();
  return true;
}

export function versions(trx: Trx, planId: string) {
  return trx
    .selectFrom('safety_plan_versions as v')
    .innerJoin('users', 'users.id', 'v.saved_by')
    .select(['v.version', 'v.changed', 'v.saved_at', 'users.name as saved_by_name'])
    .where('v.plan_id', '=', planId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function reviews(trx: Trx, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  const rows = await trx
    .selectFrom('safety_plan_reviews as r')
    .innerJoin('users', 'users.id', 'r.recorded_by')
    .select(['r.id', 'r.plan_id', 'r.held_on', 'r.reason', 'r.what_changed', 'r.plan_version', 'r.recorded_at', 'users.name as recorded_by_name'])
    .where('r.plan_id', 'in', planIds)
    .orderBy('r.held_on', 'desc')
    .orderBy('r.recorded_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, held_on: asDate(r.held_on) }));
}

export async function insertReview(trx: Trx, r: { tenantId: string; planId: string; heldOn: PlainDate; reason: SafetyPlanReviewReason; whatChanged: string; planVersion: number; by: string }): Promise<void> {
  await trx
    .insertInto('safety_plan_reviews')
    .values({ tenant_id: r.tenantId, plan_id: r.planId, held_on: r.heldOn, reason: r.reason, what_changed: r.whatChanged, plan_version: r.planVersion, recorded_by: r.by })
    .execute();
  // The latest review counts, whatever order reviews are recorded in.
  await trx
    .updateTable('safety_plans')
    .set({ last_reviewed_on: sql<string>`greatest(last_reviewed_on, ${r.heldOn}::date)`, last_reviewed_at: new Date() })
    .where('id', '=', r.planId)
    .execute();
}

/** When each incident was reported on these cases (the contacts sent to them as new incidents). */
export function incidentsOn(trx: Trx, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('case_events').select(['case_id', 'at']).where('case_id', 'in', caseIds).where('type', '=', 'incident-reported').execute();
}

/** Whether each case is open, and when it closed. */
export function caseStates(trx: Trx, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('cases').select(['id', 'reference', 'status', 'closed_at', 'restricted']).where('id', 'in', caseIds).execute();
}

/** The band of each person's latest banded risk checklist (Dash or another instrument). */
export async function latestBands(trx: Trx, personIds: readonly string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('risk_assessments as r')
    .select(['r.person_id', 'r.band'])
    .where('r.person_id', 'in', personIds)
    .where('r.band', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('risk_assessments as later').select('later.id').whereRef('later.person_id', '=', 'r.person_id').where('later.band', 'is not', null).where((eb) => eb.or([eb('later.completed_on', '>', eb.ref('r.completed_on')), eb.and([eb('later.completed_on', '=', eb.ref('r.completed_on')), eb('later.created_at', '>', eb.ref('r.created_at'))])])))),
    )
    .execute();
  return new Map(rows.map((r) => [r.person_id, String(r.band)]));
}

/** Live plans on open cases (or closed since the time given) allocated to the user or their teams. */
export async function livePlansOnCaseload(trx: Trx, userId: string, teamIds: readonly string[], closedSince: Date) {
  const rows = await trx
    .selectFrom('safety_plans as s')
    .innerJoin('cases', 'cases.id', 's.case_id')
    .innerJoin('people', 'people.id', 's.person_id')
    .select(['s.id', 's.case_id', 's.kind', 's.person_id', 's.last_reviewed_on', 's.last_reviewed_at', 'cases.reference', 'cases.status', 'cases.closed_at', 'people.given_name', 'people.family_name', 'people.restricted'])
    .where('s.ended_on', 'is', null)
    .where((eb) => eb.or([eb('cases.worker_id', '=', userId), ...(teamIds.length ? [eb('cases.team_id', 'in', [...teamIds])] : [])]))
    .where((eb) => eb.or([eb('cases.status', '=', 'open'), eb('cases.closed_at', '>=', closedSince)]))
    .execute();
  return rows.map((r) => ({ ...r, last_reviewed_on: asDate(r.last_reviewed_on) }));
}

/** The adult victims on each of these cases. */
export function victimsOn(trx: Trx, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('case_members').select(['case_id', 'person_id']).where('case_id', 'in', caseIds).where('role', '=', 'adult-victim').execute();
}

export async function rules(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('safety_rules').selectAll().where('case_id', '=', caseId).orderBy('recorded_at').execute();
  return rows.map((r) => ({ ...r, agreed_on: r.agreed_on ? asDate(r.agreed_on) : null }));
}

/** Saves a parent's rules: a first set, or over the version the form was opened at (false when someone saved them since). */
export async function saveRules(trx: Trx, r: { tenantId: string; caseId: string; personId: string; rules: string[]; agreed: boolean; agreedOn: PlainDate | null; version: number | null; by: string }): Promise<boolean> {
  if (r.version === null) {
    const inserted = await trx
      .insertInto('safety_rules')
      .values({ tenant_id: r.tenantId, case_id: r.caseId, person_id: r.personId, rules: r.rules, agreed: r.agreed, agreed_on: r.agreedOn, recorded_by: r.by })
      .onConflict((oc) => oc.columns(['case_id', 'person_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const result = await trx
    .updateTable('safety_rules')
    .set({ rules: r.rules, agreed: r.agreed, agreed_on: r.agreedOn, version: r.version + 1, recorded_by: r.by, recorded_at: new Date() })
    .where('case_id', '=', r.caseId)
    .where('person_id', '=', r.personId)
    .where('version', '=', r.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NetworkMemberRecord {
  id: string;
  name: string;
  relationship: string;
  /** Read as a person's contact details are: Confidential, withheld with the reason when they are. */
  phone: ContactDetailRecord | null;
  email: ContactDetailRecord | null;
  knowsWorries: boolean;
  knowsRedFlags: boolean;
  whatToDo: string;
  agreed: boolean;
  agreedOn: PlainDate | null;
  withholding: Withholding | null;
}

/** The case's safety network, each member's phone and email as Confidential (withheld with the reason when they are). */
export async function networkMembers(trx: Trx, caseId: string): Promise<NetworkMemberRecord[]> {
  const rows = await trx.selectFrom('safety_network_members').selectAll().where('case_id', '=', caseId).orderBy('added_at').execute();
  return rows.map((r) => {
    const withholding: Withholding | null = r.withheld ? { reason: r.withheld_reason ?? '', by: r.withheld_by ?? '', at: r.withheld_at ?? new Date(0) } : null;
    return {
      id: r.id,
      name: r.name,
      relationship: r.relationship,
      phone: r.phone === null ? null : { id: `${r.id}-phone`, kind: 'phone' as const, value: Confidential.of(r.phone, withholding), label: null, withholding },
      email: r.email === null ? null : { id: `${r.id}-email`, kind: 'email' as const, value: Confidential.of(r.email, withholding), label: null, withholding },
      knowsWorries: r.knows_worries,
      knowsRedFlags: r.knows_red_flags,
      whatToDo: r.what_to_do,
      agreed: r.agreed,
      agreedOn: r.agreed_on ? asDate(r.agreed_on) : null,
      withholding,
    };
  });
}

export async function insertNetworkMember(
  trx: Trx,
  m: { tenantId: string; caseId: string; name: string; relationship: string; phone: Confidential | null; email: Confidential | null; knowsWorries: boolean; knowsRedFlags: boolean; whatToDo: string; agreed: boolean; agreedOn: PlainDate | null; withholding: Withholding | null; by: string },
): Promise<string> {
  const row = await trx
    .insertInto('safety_network_members')
    .values({
      tenant_id: m.tenantId,
      case_id: m.caseId,
      name: m.name,
      relationship: m.relationship,
      phone: m.phone ? storedText(m.phone) : null,
      email: m.email ? storedText(m.email) : null,
      knows_worries: m.knowsWorries,
      knows_red_flags: m.knowsRedFlags,
      what_to_do: m.whatToDo,
      agreed: m.agreed,
      agreed_on: m.agreedOn,
      withheld: m.withholding !== null,
      withheld_reason: m.withholding?.reason ?? null,
      withheld_by: m.withholding ? m.by : null,
      withheld_at: m.withholding?.at ?? null,
      added_by: m.by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function userNames(trx: Trx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
