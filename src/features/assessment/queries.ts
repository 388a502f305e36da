import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { AssessmentRecommendation, AssessmentStatus } from '../../platform/db/schema.js';

/** The child and family assessment's tables (migrations/0025). */

export function caseRow(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').select(['id', 'reference', 'stage', 'status', 'opened_at', 'worker_id', 'team_id']).where('id', '=', caseId).executeTakeFirst();
}

export function members(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members')
    .innerJoin('people', 'people.id', 'case_members.person_id')
    .select(['people.id', 'people.given_name', 'people.family_name', 'people.date_of_birth', 'case_members.role'])
    .where('case_members.case_id', '=', caseId)
    .orderBy('people.date_of_birth')
    .orderBy('people.given_name')
    .execute();
}

export async function relationshipsAmong(trx: Trx, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  return trx.selectFrom('relationships').select(['from_person', 'to_person', 'kind']).where('from_person', 'in', personIds).where('to_person', 'in', personIds).execute();
}

/** The day the contact behind the case's latest threshold decision arrived; null when it has none. */
export async function latestDecisionContact(trx: Trx, caseId: string): Promise<{ contactId: string; receivedOn: string } | null> {
  const event = await trx.selectFrom('case_events').select('data').where('case_id', '=', caseId).where('type', '=', 'threshold-decision').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const contactId = (event?.data as { contactId?: string } | undefined)?.contactId;
  if (!contactId) return null;
  const contact = await trx.selectFrom('contacts').select('received_on').where('id', '=', contactId).executeTakeFirst();
  return contact ? { contactId, receivedOn: contact.received_on } : null;
}

const ASSESSMENT_COLUMNS = [
  'id',
  'case_id',
  'contact_id',
  'referral_date',
  'started_on',
  'due_on',
  'status',
  'recommendation',
  'factors',
  'submitted_at',
  'submitted_by',
  'returned_at',
  'returned_by',
  'returned_comment',
  'authorised_at',
  'authorised_on',
  'authorised_by',
  'created_by',
  'created_at',
] as const;

/** The case's latest assessment: the open one, or the last authorised. */
export function latestAssessment(trx: Trx, caseId: string) {
  return trx.selectFrom('assessments').select(ASSESSMENT_COLUMNS).where('case_id', '=', caseId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof latestAssessment>>>;

export async function insertAssessment(
  trx: Trx,
  row: { tenantId: string; caseId: string; contactId: string | null; referralDate: string; startedOn: string; dueOn: string; by: string },
): Promise<string | null> {
  const inserted = await trx
    .insertInto('assessments')
    .values({ tenant_id: row.tenantId, case_id: row.caseId, contact_id: row.contactId, referral_date: row.referralDate, started_on: row.startedOn, due_on: row.dueOn, created_by: row.by })
    .onConflict((oc) => oc.column('case_id').where('status', '<>', 'authorised').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function sections(trx: Trx, assessmentId: string) {
  return trx.selectFrom('assessment_sections').select(['section', 'part', 'answers', 'completed', 'version', 'updated_by', 'updated_at']).where('assessment_id', '=', assessmentId).execute();
}

export type SectionRow = Awaited<ReturnType<typeof sections>>[number];

export function section(trx: Trx, assessmentId: string, key: string, part: string) {
  return trx
    .selectFrom('assessment_sections')
    .select(['section', 'part', 'answers', 'completed', 'version', 'updated_by', 'updated_at'])
    .where('assessment_id', '=', assessmentId)
    .where('section', '=', key)
    .where('part', '=', part)
    .executeTakeFirst();
}

type Saved = { answers: Record<string, string | string[]>; completed: boolean; by: string };

/** Saves a section first opened at `version` (0: never saved); the new version, or null when someone saved first. */
export async function saveSection(trx: Trx, tenantId: string, assessmentId: string, key: string, part: string, version: number, saved: Saved): Promise<number | null> {
  const answers = JSON.stringify(saved.answers);
  if (version === 0) {
    const inserted = await trx
      .insertInto('assessment_sections')
      .values({ tenant_id: tenantId, assessment_id: assessmentId, section: key, part, answers, completed: saved.completed, version: 1, updated_by: saved.by })
      .onConflict((oc) => oc.columns(['assessment_id', 'section', 'part']).doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted?.version ?? null;
  }
  const updated = await trx
    .updateTable('assessment_sections')
    .set({ answers, completed: saved.completed, version: version + 1, updated_by: saved.by, updated_at: new Date() })
    .where('assessment_id', '=', assessmentId)
    .where('section', '=', key)
    .where('part', '=', part)
    .where('version', '=', version)
    .returning('version')
    .executeTakeFirst();
  return updated?.version ?? null;
}

export async function insertChange(trx: Trx, tenantId: string, assessmentId: string, key: string, part: string, version: number, fields: string[], by: string): Promise<void> {
  await trx.insertInto('assessment_section_changes').values({ tenant_id: tenantId, assessment_id: assessmentId, section: key, part, version, fields, changed_by: by }).execute();
}

/** Each save of a section after `version`: who, when, and which answers. */
export function changesSince(trx: Trx, assessmentId: string, key: string, part: string, version: number) {
  return trx
    .selectFrom('assessment_section_changes as c')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['c.version', 'c.fields', 'c.changed_at', 'u.name'])
    .where('c.assessment_id', '=', assessmentId)
    .where('c.section', '=', key)
    .where('c.part', '=', part)
    .where('c.version', '>', version)
    .orderBy('c.version')
    .execute();
}

export async function setRecommendation(trx: Trx, assessmentId: string, recommendation: AssessmentRecommendation | null): Promise<void> {
  await trx.updateTable('assessments').set({ recommendation }).where('id', '=', assessmentId).execute();
}

/** Moves the assessment on from one status, in one statement: false when it was no longer at `from`. */
export async function moveStatus(
  trx: Trx,
  assessmentId: string,
  from: readonly AssessmentStatus[],
  to: AssessmentStatus,
  set: Partial<{ factors: string[]; submitted_at: Date; submitted_by: string; returned_at: Date; returned_by: string; returned_comment: string; authorised_at: Date; authorised_on: string; authorised_by: string }>,
): Promise<boolean> {
  const updated = await trx.updateTable('assessments').set({ ...set, status: to }).where('id', '=', assessmentId).where('status', 'in', [...from]).returning('id').executeTakeFirst();
  return Boolean(updated);
}

export function userNames(trx: Trx, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: string; name: string }[]);
  return trx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

/** Open assessments on the cases allocated to this worker or their teams, soonest due first (references only, no names). */
export function openAssessmentsFor(trx: Trx, userId: string, teamIds: readonly string[]) {
  return trx
    .selectFrom('assessments as a')
    .innerJoin('cases as c', 'c.id', 'a.case_id')
    .select(['a.id', 'a.case_id', 'a.due_on', 'a.status', 'c.reference'])
    .where('a.status', '<>', 'authorised')
    .where('c.status', '=', 'open')
    .where((eb) => (teamIds.length ? eb.or([eb('c.worker_id', '=', userId), eb('c.team_id', 'in', [...teamIds])]) : eb('c.worker_id', '=', userId)))
    .orderBy('a.due_on')
    .orderBy(sql`c.reference`)
    .limit(50)
    .execute();
}
