import { createHash } from 'node:crypto';
import { londonDate } from '../../domain/calendar/plain-date.js';
import { encompassDueAt, encompassState, schoolDayStart, type EncompassState } from '../../domain/notices/encompass.js';
import { cleanPhoto, PHOTO_PROBLEMS } from '../../domain/notices/photo.js';
import { moveRefusal, type NoticeStatus, type SendMethod, type SettingKind } from '../../domain/notices/status.js';
import { AccessRefused, requireAccess } from '../../platform/access/decide.js';
import type { Actor } from '../../platform/access/policy.js';
import { recordAudit } from '../../platform/audit/audit-log.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database, Trx } from '../../platform/db/database.js';
import { ServiceError } from '../../platform/http/service-error.js';
import { tenantCalendar } from '../calendar/service.js';
import * as q from './queries.js';

export class NoticeError extends ServiceError {}

export type Member = Awaited<ReturnType<typeof q.caseMembers>>[number];
export type Notice = q.NoticeRow;
export const fullName = (m: { given_name: string; family_name: string }) => `${m.given_name} ${m.family_name}`;

/** A police notification about a child on the case, and where its Encompass notice stands. */
export interface EncompassWaiting {
  contactId: string;
  reference: string | null;
  childId: string;
  childName: string;
  school: string | null;
  receivedAt: Date;
  dueAt: Date;
  state: EncompassState;
  /** The police said the school was already told. */
  schoolTold: boolean;
  /** The notice made from it for this child, if any (the newest). */
  noticeId: string | null;
  noticeStatus: NoticeStatus | null;
}

export interface NoContactInput {
  childId: string;
  personId: string;
  settingKind: SettingKind;
  settingName: string;
  safeguardingLead: string;
  orders: string[];
  workerName: string;
  workerPhone: string;
}

export interface EncompassInput {
  contactId: string;
  childId: string;
  settingKind: SettingKind;
  settingName: string;
  safeguardingLead: string;
  schoolShouldKnow: string;
  workerName: string;
  workerPhone: string;
}

export type NoticeMove =
  | { to: 'sent'; sentAt: Date; method: SendMethod }
  | { to: 'acknowledged'; by: string; on: string }
  | { to: 'withdrawn'; reason: string };

const audit = (trx: Trx, user: Actor, action: string, caseId: string, requestId: string | null, details: Record<string, unknown>) =>
  recordAudit(trx, user.tenantId, { actorType: 'user', actorId: user.id, action, subjectType: 'case', subjectId: caseId, requestId, details });

async function members(trx: Trx, caseId: string) {
  const all = await q.caseMembers(trx, caseId);
  return { all, children: all.filter((m) => m.role === 'child'), adults: all.filter((m) => m.role !== 'child') };
}

/** Each police notification about a child on the case, with its deadline on the council's calendar and school day. */
async function encompassWaiting(trx: Trx, caseId: string, notices: readonly Notice[], children: readonly Member[], now: Date): Promise<EncompassWaiting[]> {
  const notifications = await q.policeNotifications(trx, caseId);
  if (!notifications.length) return [];
  const calendar = await tenantCalendar(trx);
  const start = schoolDayStart(await q.schoolDayStarts(trx));
  return notifications.flatMap((n) => {
    const child = children.find((c) => c.id === n.child_id);
    if (!child) return [];
    const notice = notices.find((x) => x.kind === 'encompass' && x.contact_id === n.contact_id && x.child_id === n.child_id);
    const dueAt = encompassDueAt(n.received_at, calendar, start);
    const sentAt = notice && notice.status !== 'draft' ? notice.sent_at : null;
    return [{ contactId: n.contact_id, reference: n.reference, childId: child.id, childName: fullName(child), school: n.school, receivedAt: n.received_at, dueAt, state: encompassState(dueAt, now, sentAt), schoolTold: n.school_told === true, noticeId: notice?.id ?? null, noticeStatus: notice?.status ?? null }];
  });
}

function text(value: string, field: string, max: number, required: string): string {
  const t = value.trim();
  if (!t) throw new NoticeError(400, required, field);
  if (t.length > max) throw new NoticeError(400, `Write ${max.toLocaleString('en-GB')} characters or fewer`, field);
  return t;
}

function settingOf(input: { settingKind: SettingKind; settingName: string; safeguardingLead: string; workerName: string; workerPhone: string }) {
  return {
    setting_kind: input.settingKind,
    setting_name: text(input.settingName, 'settingName', 200, 'Enter the name of the school, nursery or club'),
    safeguarding_lead: text(input.safeguardingLead, 'safeguardingLead', 200, 'Enter the name of the designated safeguarding lead'),
    worker_name: text(input.workerName, 'workerName', 200, 'Enter the name of the social worker to call'),
    worker_phone: text(input.workerPhone, 'workerPhone', 40, 'Enter the social worker’s phone number'),
  };
}

/**
 * Notices to a child's school, nursery or club. Every use starts with the one access decision for the
 * case (view to read, edit to change), and every change is audited in the same transaction.
 */
export function noticesService(db: Database) {
  return {
    /** The case's notices, its children and adults, and its police notifications with their Encompass deadlines. */
    overview: (actor: Actor, caseId: string, now = new Date()) =>
      db.tenant(actor.tenantId, async (trx) => {
        await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
        const people = await members(trx, caseId);
        const notices = await q.caseNotices(trx, caseId);
        const worker = await q.allocatedWorker(trx, caseId);
        return { ...people, notices, workerName: worker?.worker_name ?? null, encompass: await encompassWaiting(trx, caseId, notices, people.children, now) };
      }),

    notice: (actor: Actor, caseId: string, noticeId: string) =>
      db.tenant(actor.tenantId, async (trx) => {
        await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
        const notice = await q.caseNotice(trx, caseId, noticeId);
        if (!notice) throw new NoticeError(404, 'There is no such notice on this case');
        const people = await members(trx, caseId);
        return { notice, ...people };
      }),

    startNoContact: (user: CurrentUser, caseId: string, input: NoContactInput, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const people = await members(trx, caseId);
        if (!people.children.some((c) => c.id === input.childId)) throw new NoticeError(400, 'Choose the child on this case the notice is about', 'childId');
        if (!people.adults.some((a) => a.id === input.personId)) throw new NoticeError(400, 'Choose the person on this case who must not collect or contact the child', 'personId');
        const orders = input.orders.map((o) => o.trim()).filter(Boolean);
        if (orders.length > 20) throw new NoticeError(400, 'List 20 orders or fewer', 'orders');
        if (orders.some((o) => o.length > 300)) throw new NoticeError(400, 'Write each order in 300 characters or fewer', 'orders');
        const photo = await q.currentPhoto(trx, caseId, input.personId);
        const id = await q.insertNotice(trx, { tenant_id: user.tenantId, case_id: caseId, kind: 'no-contact', child_id: input.childId, person_id: input.personId, orders, photo_id: photo?.id ?? null, ...settingOf(input), created_by: user.id });
        await audit(trx, user, 'notice.make', caseId, requestId, { noticeId: id, kind: 'no-contact', childId: input.childId, personId: input.personId, photoId: photo?.id ?? null });
        return { noticeId: id };
      }),

    startEncompass: (user: CurrentUser, caseId: string, input: EncompassInput, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const notification = (await q.policeNotifications(trx, caseId)).find((n) => n.contact_id === input.contactId && n.child_id === input.childId);
        if (!notification?.child_id) throw new NoticeError(400, 'Choose a police notification about a child on this case', 'notification');
        const calendar = await tenantCalendar(trx);
        const dueAt = encompassDueAt(notification.received_at, calendar, schoolDayStart(await q.schoolDayStarts(trx)));
        const schoolShouldKnow = text(input.schoolShouldKnow, 'schoolShouldKnow', 3000, 'Say what the school should know');
        const id = await q.insertNotice(trx, {
          tenant_id: user.tenantId,
          case_id: caseId,
          kind: 'encompass',
          child_id: notification.child_id,
          contact_id: notification.contact_id,
          incident_on: londonDate(notification.occurred_at ?? notification.received_at),
          child_present: notification.children_present,
          school_should_know: schoolShouldKnow,
          notified_at: notification.received_at,
          due_at: dueAt,
          ...settingOf(input),
          created_by: user.id,
        });
        await audit(trx, user, 'notice.make', caseId, requestId, { noticeId: id, kind: 'encompass', childId: notification.child_id, contactId: notification.contact_id, dueAt: dueAt.toISOString() });
        return { noticeId: id };
      }),

    /**
     * A photograph of the person a no-contact notice names. Refused unless its bytes are a JPEG or a PNG
     * within 5 MB; kept only after EXIF and other metadata are taken out, with its hash. Nothing is kept
     * when it is refused.
     */
    addPhoto: (user: CurrentUser, caseId: string, noticeId: string, upload: { data: Buffer; tooLarge: boolean }, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const notice = await q.caseNotice(trx, caseId, noticeId);
        if (!notice || notice.kind !== 'no-contact' || !notice.person_id) throw new NoticeError(404, 'There is no such no-contact notice on this case');
        if (notice.status === 'withdrawn') throw new NoticeError(400, 'This notice has been withdrawn: make a new one', 'photo');
        const cleaned = cleanPhoto(upload.data, upload.tooLarge);
        if ('problem' in cleaned) throw new NoticeError(400, PHOTO_PROBLEMS[cleaned.problem], 'photo');
        const content = Buffer.from(cleaned.bytes);
        const sha256 = createHash('sha256').update(content).digest('hex');
        const photoId = await q.insertPhoto(trx, { tenant_id: user.tenantId, case_id: caseId, person_id: notice.person_id, content, content_type: cleaned.type, byte_size: content.length, sha256, metadata_removed: cleaned.removed, uploaded_by: user.id });
        await q.setNoticePhoto(trx, noticeId, photoId);
        await audit(trx, user, 'notice.photo.add', caseId, requestId, { noticeId, photoId, personId: notice.person_id, sha256, bytes: content.length, metadataRemoved: cleaned.removed });
        return { photoId, removed: cleaned.removed };
      }),

    /**
     * A photograph's bytes for someone the access decision lets see the case. Anyone else is answered
     * "not found" (whether the photograph exists is not theirs to learn), and the refusal is audited.
     */
    photo: (actor: Actor, caseId: string, photoId: string, requestId: string) =>
      db
        .tenant(actor.tenantId, async (trx) => {
          try {
            await requireAccess(trx, actor, 'case:view', { kind: 'case', id: caseId });
          } catch (error) {
            if (!(error instanceof AccessRefused)) throw error;
            await audit(trx, actor, 'notice.photo.refused', caseId, requestId, { photoId, reason: error.reason });
            return null;
          }
          const photo = await q.photoOfCase(trx, caseId, photoId);
          if (!photo) return null;
          await audit(trx, actor, 'notice.photo.view', caseId, requestId, { photoId, personId: photo.person_id });
          return photo;
        })
        .then((photo) => {
          if (!photo) throw new NoticeError(404, 'There is no such photograph');
          return photo;
        }),

    /** Moves a notice on: sent (when and how), received by the setting (by whom, when), or withdrawn (why). Never back. */
    move: (user: CurrentUser, caseId: string, noticeId: string, move: NoticeMove, requestId: string) =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const notice = await q.caseNotice(trx, caseId, noticeId);
        if (!notice) throw new NoticeError(404, 'There is no such notice on this case');
        const refused = moveRefusal(notice.status, move.to);
        if (refused) throw new NoticeError(409, refused);
        const today = londonDate(new Date());
        let change: q.NoticeChange;
        if (move.to === 'sent') {
          if (move.sentAt.getTime() > Date.now() + 60_000) throw new NoticeError(400, 'The time it was sent cannot be in the future', 'sentOn');
          if (move.sentAt.getTime() < notice.created_at.getTime() - 24 * 3_600_000) throw new NoticeError(400, 'The date it was sent cannot be before the notice was made', 'sentOn');
          change = { status: 'sent', sent_at: move.sentAt, sent_method: move.method, sent_by: user.id };
        } else if (move.to === 'acknowledged') {
          if (move.on > today) throw new NoticeError(400, 'The date it was received cannot be in the future', 'acknowledgedOn');
          if (notice.sent_at && move.on < londonDate(notice.sent_at)) throw new NoticeError(400, 'The date it was received cannot be before it was sent', 'acknowledgedOn');
          change = { status: 'acknowledged', acknowledged_by: text(move.by, 'acknowledgedBy', 200, 'Enter the name of the person who received it'), acknowledged_on: move.on };
        } else {
          change = { status: 'withdrawn', withdrawn_reason: text(move.reason, 'reason', 1000, 'Say why the notice is withdrawn'), withdrawn_on: today, withdrawn_by: user.id };
        }
        if (!(await q.moveNotice(trx, noticeId, notice.status, change))) throw new NoticeError(409, 'Someone else changed this notice: open it again');
        await audit(trx, user, `notice.${move.to === 'withdrawn' ? 'withdraw' : move.to === 'sent' ? 'send' : 'acknowledge'}`, caseId, requestId, { noticeId, from: notice.status, to: move.to, ...(move.to === 'sent' ? { method: move.method } : {}) });
      }),

    /** Encompass notices waiting on the worker's open cases, soonest due first, for the home page. */
    encompassDueForUser: (user: CurrentUser, now = new Date()) =>
      db.tenant(user.tenantId, async (trx) => {
        const rows = await q.encompassWaitingForWorker(trx, user.id);
        if (!rows.length) return [];
        const calendar = await tenantCalendar(trx);
        const start = schoolDayStart(await q.schoolDayStarts(trx));
        const once = [...new Map(rows.map((r) => [`${r.case_id}:${r.contact_id}`, r])).values()];
        return once
          .map((r) => {
            const dueAt = encompassDueAt(r.received_at, calendar, start);
            return { caseId: r.case_id, reference: r.reference, contactId: r.contact_id, dueAt, state: encompassState(dueAt, now, null) as 'due' | 'overdue' };
          })
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      }),
  };
}

export type NoticesService = ReturnType<typeof noticesService>;
