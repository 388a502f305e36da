import { formatDate, formatDateTime } from '../../platform/http/format.js';
import { requireAccess } from '../../platform/access/decide.js';
import type { CurrentUser } from '../../platform/auth/current-user.js';
import type { Database } from '../../platform/db/database.js';
import { paths } from '../../platform/http/paths.js';
import type { DocumentsService } from '../documents/service.js';
import * as q from './queries.js';
import { fullName, NoticeError } from './service.js';

/**
 * Printing a notice for the setting's designated safeguarding lead, through the one document module (the
 * audience is a school, nursery or club: the templates hold general fields only, and the module refuses
 * free text holding a withheld address or number). The values are names, dates, the orders and the
 * worker's words: never anyone's address. The photograph goes on the print page by the address of its
 * access-checked route; the PDF leaves it out, and the notice says where it is.
 */
export function noticePrintService(db: Database, documents: DocumentsService) {
  return {
    print: (user: CurrentUser, caseId: string, noticeId: string, requestId: string): Promise<{ documentId: string }> =>
      db.tenant(user.tenantId, async (trx) => {
        await requireAccess(trx, user, 'case:edit', { kind: 'case', id: caseId });
        const notice = await q.caseNotice(trx, caseId, noticeId);
        if (!notice) throw new NoticeError(404, 'There is no such notice on this case');
        if (notice.status === 'withdrawn') throw new NoticeError(409, 'This notice has been withdrawn: it cannot be printed again');
        const members = await q.caseMembers(trx, caseId);
        const child = members.find((m) => m.id === notice.child_id);
        if (!child) throw new NoticeError(409, 'The child this notice is about is no longer on the case');
        const common = {
          childName: fullName(child),
          childBorn: child.date_of_birth ? formatDate(child.date_of_birth) : '',
          settingName: notice.setting_name,
          leadName: notice.safeguarding_lead,
          workerName: notice.worker_name,
          workerPhone: notice.worker_phone,
        };
        let made: { id: string };
        const recipient = { name: notice.safeguarding_lead, agency: notice.setting_name };
        if (notice.kind === 'no-contact') {
          const person = members.find((m) => m.id === notice.person_id);
          if (!person) throw new NoticeError(409, 'The person this notice names is no longer on the case');
          const personName = fullName(person);
          const photo = notice.photo_id
            ? { src: paths.notices.image(caseId, notice.photo_id), alt: `Photograph of ${personName}`, caption: `${personName}. This photograph is for staff who need to recognise them: keep it private.` }
            : null;
          const held = notice.photo_id ? await q.photoOfCase(trx, caseId, notice.photo_id) : undefined;
          // The embedded database hands bytes back as a Uint8Array; the PDF writer takes a Buffer.
          const photoBytes = held ? Buffer.from(held.content) : undefined;
          made = await documents.makeIn(
            trx,
            user,
            {
              caseId,
              template: 'no-contact-notice',
              language: 'en',
              audience: 'school',
              recipient,
              values: {
                ...common,
                personName,
                photoNote: photo
                  ? `A photograph of ${personName} is at the top of this notice. If your copy does not have it, ask ${notice.worker_name} for it.`
                  : `We do not hold a photograph of ${personName}. Ask ${notice.worker_name} if staff need help to recognise them.`,
                orders: notice.orders,
                ordersNote: notice.orders.length ? '' : `No court order is recorded yet. The child’s safety plan still means ${personName} must not collect or contact ${child.given_name}.`,
                madeOn: formatDate(new Date()),
              },
              ...(photo ? { photo } : {}),
              ...(photoBytes ? { photoBytes } : {}),
            },
            requestId,
          );
        } else {
          made = await documents.makeIn(
            trx,
            user,
            {
              caseId,
              template: 'operation-encompass-notice',
              language: 'en',
              audience: 'school',
              recipient,
              values: {
                ...common,
                incidentOn: notice.incident_on ? formatDate(notice.incident_on) : '',
                presentText: notice.child_present ? `The police say ${child.given_name} was there when it happened.` : `The police do not say that ${child.given_name} was there when it happened.`,
                schoolShouldKnow: notice.school_should_know ?? '',
                dueBy: notice.due_at ? formatDateTime(notice.due_at) : '',
              },
            },
            requestId,
          );
        }
        await q.setNoticeDocument(trx, noticeId, made.id);
        return { documentId: made.id };
      }),
  };
}

export type NoticePrintService = ReturnType<typeof noticePrintService>;
