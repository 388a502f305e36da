import { sql } from 'kysely';
import type { Trx } from '../../platform/db/database.js';
import type { Insertable, Updateable } from 'kysely';
import type { NoticePhotosTable, SchoolNoticesTable, SchoolNoticeStatus } from '../../platform/db/schema.js';

/** The notices feature's SQL: notices to schools, nurseries and clubs, their photographs, and the police notifications behind Encompass notices. */

export function caseMembers(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_members as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.date_of_birth', 'm.role'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.added_at')
    .execute();
}

/** The case's allocated worker, whose name a notice gives to call after 999. */
export function allocatedWorker(trx: Trx, caseId: string) {
  return trx.selectFrom('cases').leftJoin('users', 'users.id', 'cases.worker_id').select(['cases.reference', 'users.name as worker_name']).where('cases.id', '=', caseId).executeTakeFirst();
}

export async function schoolDayStarts(trx: Trx): Promise<string | null> {
  const row = await trx.selectFrom('notice_settings').select('school_day_starts').executeTakeFirst();
  return row?.school_day_starts ?? null;
}

/**
 * The police notifications about the case's children: a notification routed to the case, or one naming a
 * child on the case (linked to their record), with the child's school as the police gave it.
 */
export function policeNotifications(trx: Trx, caseId: string) {
  return trx
    .selectFrom('contacts as c')
    .innerJoin('contact_people as cp', 'cp.contact_id', 'c.id')
    .innerJoin('case_members as m', (j) => j.onRef('m.person_id', '=', 'cp.person_id').on('m.case_id', '=', caseId).on('m.role', '=', 'child'))
    .select(['c.id as contact_id', 'c.reference', 'c.received_at', 'c.occurred_at', 'c.received_on', 'c.children_present', 'c.school_told', 'cp.person_id as child_id', 'cp.school'])
    .where('c.source', '=', 'police')
    .where('cp.role', '=', 'child')
    .orderBy('c.received_at', 'desc')
    .execute();
}

export type NoticeRow = Awaited<ReturnType<typeof caseNotices>>[number];

const NOTICE_COLUMNS = [
  'n.id', 'n.case_id', 'n.kind', 'n.child_id', 'n.setting_name', 'n.setting_kind', 'n.safeguarding_lead', 'n.worker_name', 'n.worker_phone',
  'n.person_id', 'n.orders', 'n.photo_id', 'n.contact_id', 'n.incident_on', 'n.child_present', 'n.school_should_know', 'n.notified_at', 'n.due_at',
  'n.status', 'n.sent_at', 'n.sent_method', 'n.acknowledged_by', 'n.acknowledged_on', 'n.withdrawn_reason', 'n.withdrawn_on', 'n.document_id', 'n.created_at',
] as const;

export function caseNotices(trx: Trx, caseId: string) {
  return trx.selectFrom('school_notices as n').select(NOTICE_COLUMNS).where('n.case_id', '=', caseId).orderBy('n.created_at', 'desc').execute();
}

export function caseNotice(trx: Trx, caseId: string, noticeId: string) {
  return trx.selectFrom('school_notices as n').select(NOTICE_COLUMNS).where('n.case_id', '=', caseId).where('n.id', '=', noticeId).executeTakeFirst();
}

export async function insertNotice(trx: Trx, values: Insertable<SchoolNoticesTable>): Promise<string> {
  return (await trx.insertInto('school_notices').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export type NoticeChange = Pick<Updateable<SchoolNoticesTable>, 'sent_at' | 'sent_method' | 'sent_by' | 'acknowledged_by' | 'acknowledged_on' | 'withdrawn_reason' | 'withdrawn_on' | 'withdrawn_by'> & { status: SchoolNoticeStatus };

/** Moves a notice on from the status it was read in; false when someone else moved it first. */
export async function moveNotice(trx: Trx, noticeId: string, from: SchoolNoticeStatus, change: NoticeChange): Promise<boolean> {
  const result = await trx.updateTable('school_notices').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', noticeId).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setNoticePhoto(trx: Trx, noticeId: string, photoId: string): Promise<void> {
  await trx.updateTable('school_notices').set({ photo_id: photoId, updated_at: sql<Date>`now()` }).where('id', '=', noticeId).execute();
}

export async function setNoticeDocument(trx: Trx, noticeId: string, documentId: string): Promise<void> {
  await trx.updateTable('school_notices').set({ document_id: documentId, updated_at: sql<Date>`now()` }).where('id', '=', noticeId).execute();
}

/** The photograph held now of a person on a case (without its bytes). */
export function currentPhoto(trx: Trx, caseId: string, personId: string) {
  return trx.selectFrom('notice_photos').select(['id', 'uploaded_at', 'content_type', 'byte_size', 'metadata_removed']).where('case_id', '=', caseId).where('person_id', '=', personId).where('replaced_at', 'is', null).executeTakeFirst();
}

/** A newer photograph of the same person replaces the one held: the old one stays for what was printed with it. */
export async function insertPhoto(trx: Trx, values: Insertable<NoticePhotosTable>): Promise<string> {
  await trx.updateTable('notice_photos').set({ replaced_at: sql<Date>`now()` }).where('case_id', '=', values.case_id).where('person_id', '=', values.person_id).where('replaced_at', 'is', null).execute();
  return (await trx.insertInto('notice_photos').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** A photograph's bytes, only as one of this case's. */
export function photoOfCase(trx: Trx, caseId: string, photoId: string) {
  return trx.selectFrom('notice_photos').select(['id', 'person_id', 'content', 'content_type', 'sha256']).where('case_id', '=', caseId).where('id', '=', photoId).executeTakeFirst();
}

/**
 * Police notifications on the open cases of this worker whose child's school has not been sent an
 * Encompass notice (a draft is not sent) and whose police report does not say the school was told.
 */
export function encompassWaitingForWorker(trx: Trx, userId: string) {
  return trx
    .selectFrom('cases as k')
    .innerJoin('case_members as m', (j) => j.onRef('m.case_id', '=', 'k.id').on('m.role', '=', 'child'))
    .innerJoin('contact_people as cp', (j) => j.onRef('cp.person_id', '=', 'm.person_id').on('cp.role', '=', 'child'))
    .innerJoin('contacts as c', 'c.id', 'cp.contact_id')
    .select(['k.id as case_id', 'k.reference', 'c.id as contact_id', 'c.received_at', 'cp.person_id as child_id'])
    .where('k.worker_id', '=', userId)
    .where('k.status', '=', 'open')
    .where('c.source', '=', 'police')
    .where((eb) => eb.or([eb('c.school_told', 'is', null), eb('c.school_told', '=', false)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('school_notices as n')
            .select('n.id')
            .whereRef('n.contact_id', '=', 'c.id')
            .whereRef('n.child_id', '=', 'cp.person_id')
            .where('n.status', '<>', 'draft'),
        ),
      ),
    )
    .orderBy('c.received_at')
    .limit(50)
    .execute();
}
