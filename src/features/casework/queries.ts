import type { PlainDate } from '../../domain/calendar/plain-date.js';
import type { Trx } from '../../platform/db/database.js';
import type { AbuseCategoryColumn } from '../../platform/db/social-work-schema.js';

/** The child protection process, plans and visits of one case: reads and writes (migrations/0025). */

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

export async function visitSettings(trx: Trx): Promise<{ cp: number; cin: number } | null> {
  const row = await trx.selectFrom('casework_settings').select(['cp_visit_working_days', 'cin_visit_working_days']).executeTakeFirst();
  return row ? { cp: row.cp_visit_working_days, cin: row.cin_visit_working_days } : null;
}

export async function saveVisitSettings(trx: Trx, tenantId: string, cp: number, cin: number, by: string): Promise<void> {
  await trx
    .insertInto('casework_settings')
    .values({ tenant_id: tenantId, cp_visit_working_days: cp, cin_visit_working_days: cin, updated_by: by })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ cp_visit_working_days: cp, cin_visit_working_days: cin, updated_by: by, updated_at: new Date() }))
    .execute();
}

export async function strategyDiscussions(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('strategy_discussions').selectAll().where('case_id', '=', caseId).orderBy('held_on').orderBy('recorded_at').execute();
  return rows.map((r) => ({ ...r, held_on: asDate(r.held_on) }));
}

export async function insertStrategyDiscussion(
  trx: Trx,
  row: { tenantId: string; caseId: string; taskId: string | null; heldOn: PlainDate; attendees: { agency: string; name: string }[]; decision: 'section-47' | 'child-in-need' | 'early-help' | 'no-further-action'; reasons: string; immediateActions: string | null; by: string },
): Promise<string> {
  const inserted = await trx
    .insertInto('strategy_discussions')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, task_id: row.taskId, held_on: row.heldOn, attendees: JSON.stringify(row.attendees), decision: row.decision, reasons: row.reasons, immediate_actions: row.immediateActions, recorded_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function enquiries(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('section_47_enquiries').selectAll().where('case_id', '=', caseId).orderBy('started_on').orderBy('recorded_at').execute();
  return rows.map((r) => ({ ...r, started_on: asDate(r.started_on), outcome_on: r.outcome_on ? asDate(r.outcome_on) : null }));
}

export async function insertEnquiries(trx: Trx, tenantId: string, caseId: string, discussionId: string, childIds: readonly string[], startedOn: PlainDate, by: string): Promise<void> {
  if (childIds.length === 0) return;
  await trx
    .insertInto('section_47_enquiries')
    .values(childIds.map((childId) => ({ tenant_id: tenantId, case_id: caseId, child_id: childId, strategy_discussion_id: discussionId, started_on: startedOn, recorded_by: by })))
    .execute();
}

/** Records the outcome of the case's open enquiries; answers how many it closed. */
export async function closeEnquiries(trx: Trx, caseId: string, ids: readonly string[], outcome: 'conference' | 'child-in-need' | 'no-further-action', on: PlainDate): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await trx.updateTable('section_47_enquiries').set({ outcome, outcome_on: on }).where('case_id', '=', caseId).where('id', 'in', ids).where('outcome', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function conferences(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('conferences').selectAll().where('case_id', '=', caseId).orderBy('held_on').orderBy('recorded_at').execute();
  return rows.map((r) => ({ ...r, held_on: asDate(r.held_on) }));
}

export function conferenceParts(trx: Trx, conferenceIds: readonly string[]) {
  if (conferenceIds.length === 0) return Promise.resolve([]);
  return trx.selectFrom('conference_parts').selectAll().where('conference_id', 'in', conferenceIds).orderBy('conference_id').orderBy('part').execute();
}

export async function insertConference(
  trx: Trx,
  row: { tenantId: string; caseId: string; kind: 'initial' | 'review'; heldOn: PlainDate; planId: string | null; decision: 'plan' | 'no-plan' | 'continue' | 'end'; category: AbuseCategoryColumn | null; split: boolean; chair: string | null; reasons: string; by: string },
  parts: readonly { attendees: string; withVictim: boolean; withPersonCausingHarm: boolean }[],
): Promise<string> {
  const { id } = await trx
    .insertInto('conferences')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, kind: row.kind, held_on: row.heldOn, plan_id: row.planId, decision: row.decision, category: row.category, split: row.split, chair: row.chair, reasons: row.reasons, recorded_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('conference_parts')
    .values(parts.map((p, i) => ({ tenant_id: row.tenantId, conference_id: id, part: i + 1, attendees: p.attendees, with_victim: p.withVictim, with_person_causing_harm: p.withPersonCausingHarm })))
    .execute();
  return id;
}

export async function setConferencePlan(trx: Trx, conferenceId: string, planId: string): Promise<void> {
  await trx.updateTable('conferences').set({ plan_id: planId }).where('id', '=', conferenceId).execute();
}

export async function plans(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('plans').selectAll().where('case_id', '=', caseId).orderBy('started_on').orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, started_on: asDate(r.started_on), ended_on: r.ended_on ? asDate(r.ended_on) : null, review_brought_forward_to: r.review_brought_forward_to ? asDate(r.review_brought_forward_to) : null }));
}

export function planChildren(trx: Trx, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('plan_children as c')
    .innerJoin('people as p', 'p.id', 'c.child_id')
    .select(['c.plan_id', 'c.child_id', 'c.initial_category', 'c.latest_category', 'p.given_name', 'p.family_name'])
    .where('c.plan_id', 'in', planIds)
    .execute();
}

/** Every plan of these children on any case, with each child's category: to find repeat plans. */
export async function plansOfChildren(trx: Trx, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  const rows = await trx
    .selectFrom('plan_children as c')
    .innerJoin('plans as p', 'p.id', 'c.plan_id')
    .select(['c.child_id', 'p.id', 'p.kind', 'p.started_on', 'p.ended_on', 'c.initial_category'])
    .where('c.child_id', 'in', childIds)
    .execute();
  return rows.map((r) => ({ ...r, started_on: asDate(r.started_on), ended_on: r.ended_on ? asDate(r.ended_on) : null }));
}

export async function insertPlan(trx: Trx, row: { tenantId: string; caseId: string; kind: 'child-in-need' | 'child-protection'; startedOn: PlainDate; by: string }, children: readonly { childId: string; category: AbuseCategoryColumn | null }[]): Promise<string> {
  const { id } = await trx
    .insertInto('plans')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, kind: row.kind, started_on: row.startedOn, created_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('plan_children')
    .values(children.map((c) => ({ tenant_id: row.tenantId, plan_id: id, child_id: c.childId, initial_category: c.category, latest_category: c.category })))
    .execute();
  return id;
}

export async function endPlan(trx: Trx, planId: string, endedOn: PlainDate, reason: string): Promise<boolean> {
  const result = await trx.updateTable('plans').set({ ended_on: endedOn, end_reason: reason }).where('id', '=', planId).where('ended_on', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setLatestCategory(trx: Trx, planId: string, category: AbuseCategoryColumn): Promise<void> {
  await trx.updateTable('plan_children').set({ latest_category: category }).where('plan_id', '=', planId).execute();
}

/** Saves the outcomes when the plan is still at the version the form was opened at; answers whether it was. */
export async function saveOutcomes(trx: Trx, planId: string, outcomes: readonly string[], version: number): Promise<boolean> {
  const result = await trx
    .updateTable('plans')
    .set((eb) => ({ outcomes: [...outcomes], version: eb('version', '+', 1) }))
    .where('id', '=', planId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function bringReviewForward(trx: Trx, planId: string, to: PlainDate): Promise<void> {
  await trx.updateTable('plans').set({ review_brought_forward_to: to }).where('id', '=', planId).execute();
}

export async function actions(trx: Trx, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  const rows = await trx.selectFrom('plan_actions').selectAll().where('plan_id', 'in', planIds).orderBy('due_on').orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, due_on: asDate(r.due_on) }));
}

export async function insertAction(trx: Trx, row: { tenantId: string; planId: string; need: string; action: string; ownerPersonId: string | null; ownerAgency: string | null; dueOn: PlainDate; by: string }): Promise<string> {
  const { id } = await trx
    .insertInto('plan_actions')
    .values({ tenant_id: row.tenantId, plan_id: row.planId, need: row.need, action: row.action, owner_person_id: row.ownerPersonId, owner_agency: row.ownerAgency, due_on: row.dueOn, created_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateActionStatus(trx: Trx, planId: string, actionId: string, status: 'not-started' | 'in-progress' | 'done' | 'not-done', note: string | null): Promise<void> {
  await trx.updateTable('plan_actions').set({ status, status_note: note }).where('plan_id', '=', planId).where('id', '=', actionId).execute();
}

export async function reviews(trx: Trx, planIds: readonly string[]) {
  if (planIds.length === 0) return [];
  const rows = await trx.selectFrom('plan_reviews').selectAll().where('plan_id', 'in', planIds).orderBy('held_on').orderBy('recorded_at').execute();
  return rows.map((r) => ({ ...r, held_on: asDate(r.held_on) }));
}

export async function insertReview(
  trx: Trx,
  row: { tenantId: string; planId: string; kind: 'core-group' | 'review-conference' | 'cin-review'; heldOn: PlainDate; conferenceId: string | null; progress: string; actionProgress: { actionId: string; status: string; note: string }[]; by: string },
): Promise<void> {
  await trx
    .insertInto('plan_reviews')
    .values({ tenant_id: row.tenantId, plan_id: row.planId, kind: row.kind, held_on: row.heldOn, conference_id: row.conferenceId, progress: row.progress, action_progress: JSON.stringify(row.actionProgress), recorded_by: row.by })
    .execute();
}

export async function visits(trx: Trx, caseId: string) {
  const rows = await trx.selectFrom('visits').selectAll().where('case_id', '=', caseId).orderBy('happened_on', 'desc').orderBy('recorded_at', 'desc').execute();
  return rows.map((r) => ({ ...r, happened_on: asDate(r.happened_on) }));
}

export async function insertVisit(
  trx: Trx,
  row: { tenantId: string; caseId: string; childId: string | null; kind: 'visit' | 'no-access' | 'missed-appointment'; happenedOn: PlainDate; agency: string; seen: boolean | null; seenAlone: boolean | null; othersPresent: string | null; interpreter: string | null; note: string | null; by: string | null; apiClientId: string | null },
): Promise<string> {
  const { id } = await trx
    .insertInto('visits')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, child_id: row.childId, kind: row.kind, happened_on: row.happenedOn, agency: row.agency, seen: row.seen, seen_alone: row.seenAlone, others_present: row.othersPresent, interpreter: row.interpreter, note: row.note, recorded_by: row.by, api_client_id: row.apiClientId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function userNames(trx: Trx, ids: readonly string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** The threshold decision's open "hold a strategy discussion" task on this case, if any. */
export async function openStrategyTask(trx: Trx, caseId: string): Promise<string | null> {
  const row = await trx.selectFrom('tasks').select('id').where('case_id', '=', caseId).where('kind', '=', 'strategy-discussion').where('done_at', 'is', null).orderBy('created_at').executeTakeFirst();
  return row?.id ?? null;
}

/** A case as a partner system may reach it: open and not restricted (the API never reaches a restricted case). */
export function caseForPartner(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select(['id', 'status', 'restricted']).where('id', '=', caseId).executeTakeFirst();
}

/** The case's latest child and family assessment, for a partner system: its status and dates alone. */
export function latestAssessment(trx: Trx, caseId: string) {
  return trx
    .selectFrom('assessments')
    .select(['id', 'status', 'referral_date', 'started_on', 'due_on', 'authorised_on', 'recommendation'])
    .where('case_id', '=', caseId)
    .orderBy('started_on', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
