import { NOTICE_STATUS_LABELS, SEND_METHOD_LABELS, SETTING_KIND_LABELS } from '../../domain/notices/status.js';
import { formatDate, formatDateTime } from '../../platform/http/format.js';
import { paths } from '../../platform/http/paths.js';
import { fullName, type EncompassWaiting, type Member, type Notice, type NoticesService } from './service.js';

/** What the notices pages show: names, dates and states in words, tags for due and overdue. */

const STATUS_TAG: Record<Notice['status'], string> = { draft: 'govuk-tag--grey', sent: 'govuk-tag--blue', acknowledged: 'govuk-tag--green', withdrawn: 'govuk-tag--orange' };

export function encompassTag(e: Pick<EncompassWaiting, 'state' | 'schoolTold'>): { text: string; classes: string } {
  if (e.schoolTold && (e.state === 'due' || e.state === 'overdue')) return { text: 'Police told the school', classes: 'govuk-tag--grey' };
  switch (e.state) {
    case 'overdue':
      return { text: 'Overdue', classes: 'govuk-tag--red' };
    case 'due':
      return { text: 'Due', classes: 'govuk-tag--yellow' };
    case 'sent-on-time':
      return { text: 'Sent on time', classes: 'govuk-tag--green' };
    default:
      return { text: 'Sent late', classes: 'govuk-tag--orange' };
  }
}

const nameOf = (members: readonly Member[], id: string | null) => {
  const m = members.find((x) => x.id === id);
  return m ? fullName(m) : 'No longer on the case';
};

function row(n: Notice, members: readonly Member[]) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.kind === 'no-contact' ? `No-contact notice: ${nameOf(members, n.person_id)}` : 'Operation Encompass notice',
    child: nameOf(members, n.child_id),
    setting: `${n.setting_name} (${SETTING_KIND_LABELS[n.setting_kind].toLowerCase()})`,
    status: { text: NOTICE_STATUS_LABELS[n.status], classes: STATUS_TAG[n.status] },
  };
}

export function overviewView(caseId: string, o: Awaited<ReturnType<NoticesService['overview']>>) {
  return {
    children: o.children,
    adults: o.adults,
    notices: o.notices.map((n) => row(n, o.all)),
    encompass: o.encompass.map((e) => ({ ...e, receivedText: formatDateTime(e.receivedAt), dueText: formatDateTime(e.dueAt), tag: encompassTag(e), href: e.noticeId ? paths.notices.notice(caseId, e.noticeId) : null, makeHref: `${paths.notices.newEncompass(caseId)}?notification=${e.contactId}:${e.childId}` })),
    waitingCount: o.encompass.filter((e) => !e.schoolTold && (e.state === 'due' || e.state === 'overdue')).length,
    overdueCount: o.encompass.filter((e) => !e.schoolTold && e.state === 'overdue').length,
  };
}

export function noticeView(found: Awaited<ReturnType<NoticesService['notice']>>) {
  const { notice: n, all } = found;
  const sentAt = n.sent_at;
  return {
    ...row(n, all),
    notice: n,
    personName: n.person_id ? nameOf(all, n.person_id) : null,
    orders: n.orders,
    photoSrc: n.photo_id ? paths.notices.image(n.case_id, n.photo_id) : null,
    leadName: n.safeguarding_lead,
    worker: `${n.worker_name}, ${n.worker_phone}`,
    incidentOn: n.incident_on ? formatDate(n.incident_on) : null,
    childPresent: n.child_present === null ? null : n.child_present ? 'Yes' : 'No, or not known',
    schoolShouldKnow: n.school_should_know,
    due: n.due_at ? { text: formatDateTime(n.due_at), tag: n.kind === 'encompass' ? encompassTag({ state: dueState(n.due_at, sentAt), schoolTold: false }) : null } : null,
    sent: sentAt ? `${formatDateTime(sentAt)}, ${SEND_METHOD_LABELS[n.sent_method ?? 'by-hand'].toLowerCase()}` : null,
    acknowledged: n.acknowledged_by && n.acknowledged_on ? `${n.acknowledged_by}, ${formatDate(n.acknowledged_on)}` : null,
    withdrawn: n.withdrawn_reason && n.withdrawn_on ? `${formatDate(n.withdrawn_on)}: ${n.withdrawn_reason}` : null,
    documentHref: n.document_id ? paths.documents.show(n.case_id, n.document_id) : null,
    may: { send: n.status === 'draft', acknowledge: n.status === 'sent', withdraw: n.status !== 'withdrawn', print: n.status !== 'withdrawn', photo: n.kind === 'no-contact' && n.status !== 'withdrawn' },
  };
}

function dueState(dueAt: Date, sentAt: Date | null) {
  if (sentAt) return sentAt.getTime() <= dueAt.getTime() ? ('sent-on-time' as const) : ('sent-late' as const);
  return Date.now() > dueAt.getTime() ? ('overdue' as const) : ('due' as const);
}
